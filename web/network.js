// The actor network: who acts on whom. Nodes are actor codes sized by their mentions; edges are
// source→target event counts (width) coloured by mean Goldstein score. Laid out by a small
// force simulation run to rest before drawing (deterministic: nodes start on a circle in code
// order), so the picture is the same on every load.
import { api, errorBox, goldsteinColour, h, s, formatNumber } from './util.js';

const kWidth = 1100;
const kHeight = 520;

function layout(nodes, edges) {
  const index = new Map(nodes.map((node, position) => [node.code, position]));
  nodes.forEach((node, position) => {
    const angle = (2 * Math.PI * position) / nodes.length;
    node.x = kWidth / 2 + Math.cos(angle) * kWidth * 0.33;
    node.y = kHeight / 2 + Math.sin(angle) * kHeight * 0.38;
    node.vx = 0; node.vy = 0;
  });
  const links = edges.map((edge) => ({ a: nodes[index.get(edge.source)], b: nodes[index.get(edge.target)], weight: edge.events }));
  const repulsion = 9000;
  for (let step = 0; step < 320; ++step) {
    const cooling = 1 - step / 320;
    for (let i = 0; i < nodes.length; ++i) {
      for (let j = i + 1; j < nodes.length; ++j) {
        const a = nodes[i]; const b = nodes[j];
        let dx = a.x - b.x; let dy = a.y - b.y;
        const distance2 = Math.max(dx * dx + dy * dy, 25);
        const force = repulsion / distance2;
        const distance = Math.sqrt(distance2);
        dx /= distance; dy /= distance;
        a.vx += dx * force; a.vy += dy * force; b.vx -= dx * force; b.vy -= dy * force;
      }
    }
    for (const link of links) {
      const dx = link.b.x - link.a.x; const dy = link.b.y - link.a.y;
      const distance = Math.max(Math.hypot(dx, dy), 1);
      const force = (distance - 90) * 0.02 * Math.min(3, 1 + Math.log(link.weight));
      link.a.vx += (dx / distance) * force; link.a.vy += (dy / distance) * force;
      link.b.vx -= (dx / distance) * force; link.b.vy -= (dy / distance) * force;
    }
    for (const node of nodes) {
      node.vx += (kWidth / 2 - node.x) * 0.004; node.vy += (kHeight / 2 - node.y) * 0.004;
      node.x += Math.max(-20, Math.min(20, node.vx * 0.1 * cooling));
      node.y += Math.max(-20, Math.min(20, node.vy * 0.1 * cooling));
      node.vx *= 0.6; node.vy *= 0.6;
      node.x = Math.max(30, Math.min(kWidth - 30, node.x));
      node.y = Math.max(20, Math.min(kHeight - 20, node.y));
    }
  }
  return links;
}

export async function networkView(root, filters) {
  const box = h('div', {}, h('p', { class: 'empty' }, 'Loading…'));
  root.replaceChildren(
    h('h1', {}, 'Actor network'),
    h('p', { class: 'sub' }, 'The busiest source→target pairs for the current filters. Circle size: mentions; line width: events; colour: mean Goldstein score. Click an actor for its profile.',
      h('span', { class: 'scale' }, '−10', h('i'), '+10')),
    box);
  let network;
  try {
    const { offset, ...rest } = filters;
    network = await api('network', { ...rest, limit: 120 });
  } catch (error) {
    box.replaceChildren(errorBox(error));
    return;
  }
  if (!network.edges.length) {
    box.replaceChildren(h('p', { class: 'empty' }, 'No events with both a source and a target match these filters.'));
    return;
  }
  const nodes = network.nodes.map((node) => ({ ...node }));
  const links = layout(nodes, network.edges);
  const maxMentions = Math.max(1, ...nodes.map((node) => node.mentions));
  const svg = s('svg', { viewBox: `0 0 ${kWidth} ${kHeight}`, role: 'img', 'aria-label': 'Actor network' });
  svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 5, markerHeight: 5, orient: 'auto-start-reverse' },
    s('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#9aa4b1' }))));
  const radius = (node) => 4 + 18 * Math.sqrt(node.mentions / maxMentions);
  network.edges.forEach((edge, position) => {
    const link = links[position];
    const r = radius(link.b);
    const dx = link.b.x - link.a.x; const dy = link.b.y - link.a.y;
    const distance = Math.max(Math.hypot(dx, dy), 1);
    // A slight curve keeps A→B and B→A apart.
    const mx = (link.a.x + link.b.x) / 2 - (dy / distance) * 12;
    const my = (link.a.y + link.b.y) / 2 + (dx / distance) * 12;
    const ex = link.b.x - (dx / distance) * (r + 2);
    const ey = link.b.y - (dy / distance) * (r + 2);
    svg.append(s('path', {
      class: 'edge', d: `M${link.a.x},${link.a.y} Q${mx},${my} ${ex},${ey}`,
      stroke: goldsteinColour(edge.mean_goldstein), 'stroke-width': Math.min(9, 0.8 + Math.log2(1 + edge.events) * 1.3),
      'stroke-opacity': 0.75, 'marker-end': 'url(#arrow)',
    }, s('title', {}, `${edge.source} → ${edge.target}: ${edge.events} events, mean Goldstein ${edge.mean_goldstein.toFixed(1)}\n` +
      `quad classes 1-4: ${edge.quad_counts.join(' / ')}`)));
  });
  for (const node of nodes) {
    const open = () => { location.hash = `#/actor/${encodeURIComponent(node.code)}`; };
    svg.append(s('g', { class: 'node', tabindex: 0, role: 'link', 'aria-label': `actor ${node.code}`, 'data-code': node.code,
      transform: `translate(${node.x},${node.y})`, onclick: open,
      onkeydown: (event) => { if (event.key === 'Enter') open(); } },
    s('circle', { r: radius(node), fill: '#5b7fb8' }),
    s('text', { x: radius(node) + 3, y: 4 }, node.code),
    s('title', {}, `${node.code}: ${formatNumber(node.mentions)} mentions`)));
  }
  box.replaceChildren(h('div', { class: 'canvas-wrap' }, svg),
    h('p', { class: 'sub' }, `${network.nodes.length} actors, ${network.edges.length} pairs (the ${network.limit} busiest at most).`));
}
