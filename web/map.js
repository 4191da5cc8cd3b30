// The map: event places on country outlines (world-countries, shipped with the page), in an
// equirectangular projection drawn as SVG. Places closer than kClusterPixels on screen merge into
// one circle (greedy, biggest first), re-clustered at each zoom, so dense regions stay readable.
import { api, errorBox, goldsteinColour, h, s, formatNumber } from './util.js';

const kWidth = 1000;
const kHeight = 500;
const kClusterPixels = 26;
let outlinesPromise = null;  // the outlines file is fetched once per page load

function loadOutlines() {
  if (!outlinesPromise) {
    outlinesPromise = fetch('countries.geo.json').then((response) => {
      if (!response.ok) throw new Error(`countries.geo.json: HTTP ${response.status}`);
      return response.json();
    });
  }
  return outlinesPromise;
}

const project = ([lon, lat]) => [((lon + 180) / 360) * kWidth, ((90 - lat) / 180) * kHeight];

function outlinePath(geometry) {
  let d = '';
  for (const polygon of geometry.coordinates) {
    for (const ring of polygon) {
      ring.forEach((point, index) => {
        const [x, y] = project(point);
        d += `${index ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
      });
      d += 'Z';
    }
  }
  return d;
}

function cluster(places, scale) {
  const sorted = [...places].sort((a, b) => b.events - a.events);
  const clusters = [];
  for (const place of sorted) {
    const [x, y] = project([place.lon, place.lat]);
    const near = clusters.find((c) => Math.hypot(c.x - x, c.y - y) * scale < kClusterPixels);
    if (near) {
      near.places.push(place);
      near.events += place.events;
      near.goldsteinSum += place.mean_goldstein * place.events;
    } else {
      clusters.push({ x, y, places: [place], events: place.events, goldsteinSum: place.mean_goldstein * place.events });
    }
  }
  return clusters;
}

export async function mapView(root, filters) {
  const box = h('div', {}, h('p', { class: 'empty' }, 'Loading…'));
  const side = h('div', { class: 'panel', id: 'map-side' }, h('h2', {}, 'Places'),
    h('p', { class: 'empty' }, 'Click a circle to list its places.'));
  root.replaceChildren(
    h('h1', {}, 'Map'),
    h('p', { class: 'sub' }, 'Where events happened. Circle size: events; colour: mean Goldstein score. Nearby places merge into one circle until you zoom in (wheel, or + and −; drag to pan).',
      h('span', { class: 'scale' }, '−10', h('i'), '+10')),
    h('div', { class: 'side-by-side' }, box, side));
  let outlines; let places;
  try {
    const { offset, ...rest } = filters;
    [outlines, places] = await Promise.all([loadOutlines(), api('places', { ...rest, limit: 2000 })]);
  } catch (error) {
    box.replaceChildren(errorBox(error));
    return;
  }
  const svg = s('svg', { viewBox: `0 0 ${kWidth} ${kHeight}`, role: 'img', 'aria-label': 'Map of event places' });
  const world = s('g');
  for (const feature of outlines.features) {
    world.append(s('path', { class: 'country', d: outlinePath(feature.geometry) }, s('title', {}, feature.properties.name)));
  }
  const dots = s('g');
  svg.append(world, dots);
  const view = { x: 0, y: 0, scale: 1 };
  const maxEvents = Math.max(1, ...places.items.map((place) => place.events));

  const showCluster = (group) => {
    side.replaceChildren(h('h2', {}, `${formatNumber(group.events)} events at ${group.places.length} place${group.places.length > 1 ? 's' : ''}`),
      h('table', { class: 'list' }, h('tbody', {}, group.places.map((place) => h('tr', {},
        h('td', {}, h('a', { href: `#/timeline?place=${encodeURIComponent(place.name)}` }, place.name), ' ',
          h('span', { class: 'code' }, place.country)),
        h('td', { class: 'num' }, formatNumber(place.events)))))));
  };

  const draw = () => {
    const transform = `translate(${-view.x * view.scale},${-view.y * view.scale}) scale(${view.scale})`;
    world.setAttribute('transform', transform);
    dots.setAttribute('transform', transform);
    dots.replaceChildren();
    for (const group of cluster(places.items, view.scale)) {
      const r = (3 + 14 * Math.sqrt(group.events / maxEvents)) / view.scale;
      const mean = group.goldsteinSum / Math.max(1, group.events);
      const label = group.places.length > 1 ? `${group.places.length} places, ${group.events} events` : `${group.places[0].name}: ${group.events} events`;
      dots.append(s('circle', { class: 'cluster', cx: group.x, cy: group.y, r, fill: goldsteinColour(mean), 'fill-opacity': 0.85,
        'stroke-width': 1 / view.scale, tabindex: 0, role: 'button', 'aria-label': label,
        onclick: () => showCluster(group), onkeydown: (event) => { if (event.key === 'Enter') showCluster(group); } },
      s('title', {}, `${label}\nmean Goldstein ${mean.toFixed(1)}`)));
      if (group.places.length > 1) {
        dots.append(s('text', { class: 'cluster-label', x: group.x, y: group.y, 'font-size': 10 / view.scale }, String(group.places.length)));
      }
    }
  };
  const zoom = (factor, cx = kWidth / 2, cy = kHeight / 2) => {
    const next = Math.max(1, Math.min(24, view.scale * factor));
    const worldX = view.x + cx / view.scale; const worldY = view.y + cy / view.scale;
    view.scale = next;
    view.x = Math.max(0, Math.min(kWidth - kWidth / next, worldX - cx / next));
    view.y = Math.max(0, Math.min(kHeight - kHeight / next, worldY - cy / next));
    draw();
  };
  svg.addEventListener('wheel', (event) => {
    event.preventDefault();
    const box = svg.getBoundingClientRect();
    zoom(event.deltaY < 0 ? 1.4 : 1 / 1.4, ((event.clientX - box.left) / box.width) * kWidth, ((event.clientY - box.top) / box.height) * kHeight);
  }, { passive: false });
  let drag = null;
  svg.addEventListener('pointerdown', (event) => { drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y }; });
  window.addEventListener('pointerup', () => { drag = null; });
  svg.addEventListener('pointermove', (event) => {
    if (!drag || view.scale === 1) return;
    const box = svg.getBoundingClientRect();
    const perPixel = kWidth / box.width / view.scale;
    view.x = Math.max(0, Math.min(kWidth - kWidth / view.scale, drag.vx - (event.clientX - drag.x) * perPixel));
    view.y = Math.max(0, Math.min(kHeight - kHeight / view.scale, drag.vy - (event.clientY - drag.y) * perPixel));
    draw();
  });
  draw();
  box.replaceChildren(h('div', { class: 'canvas-wrap' }, svg,
    h('div', { class: 'overlay' },
      h('button', { type: 'button', class: 'quiet', 'aria-label': 'zoom in', onclick: () => zoom(1.6) }, '+'),
      h('button', { type: 'button', class: 'quiet', 'aria-label': 'zoom out', onclick: () => zoom(1 / 1.6) }, '−'),
      h('button', { type: 'button', class: 'quiet', onclick: () => { view.x = 0; view.y = 0; view.scale = 1; draw(); } }, 'World'))),
  h('p', { class: 'sub' }, `${formatNumber(places.items.length)} places.`));
}
