// Small helpers shared by the views: DOM building, the API client, colours.

// Builds an element: h('a', {href: '#/x', class: 'y'}, 'text', child...). Strings become text
// nodes, never HTML, so nothing from the database is ever parsed as markup.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

const kSvg = 'http://www.w3.org/2000/svg';
export function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(kSvg, tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// GET /api/...; resolves to the JSON, or throws an Error carrying the API's message.
export async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, value);
  }
  const url = `/api/${path}${query.toString() ? `?${query}` : ''}`;
  const response = await fetch(url);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body?.error?.message || `${url}: HTTP ${response.status}`);
  return body;
}

export const kQuadNames = ['', 'verbal cooperation', 'material cooperation', 'verbal conflict',
  'material conflict'];
export const kQuadColours = ['#999', '#7fbf7b', '#1b7837', '#f1a340', '#c7372f'];

// Goldstein -10..+10 → red..grey..green.
export function goldsteinColour(value) {
  const t = Math.max(-1, Math.min(1, (value || 0) / 10));
  const grey = [217, 217, 217];
  const end = t < 0 ? [199, 55, 47] : [27, 120, 55];
  const mix = grey.map((channel, index) => Math.round(channel + (end[index] - channel) * Math.abs(t)));
  return `rgb(${mix.join(',')})`;
}

export function actorLabel(side) {
  if (!side) return '—';
  return side.code || side.text || '—';
}

export function actorLink(side) {
  if (!side) return h('span', { class: 'muted' }, '—');
  const title = [side.text, side.name].filter(Boolean).join(' · ');
  if (!side.code) return h('span', { title }, side.text || '—');
  return h('a', { href: `#/actor/${encodeURIComponent(side.code)}`, title, class: 'code' }, side.code);
}

export function flags(event) {
  return [
    event.negated ? h('span', { class: 'badge negated', title: `negated${event.negation_cue ? `: ${event.negation_cue}` : ''}` }, 'NEG') : null,
    event.hedged ? h('span', { class: 'badge hedged', title: `hedged${event.hedge_cue ? `: ${event.hedge_cue}` : ''}` }, 'HEDGED') : null,
  ];
}

export function errorBox(error) {
  return h('div', { class: 'error', role: 'alert' }, String(error.message || error));
}

export function formatNumber(value) {
  return Number(value || 0).toLocaleString('en-US');
}

// Previous/next links for a paged API answer.
export function pager(page, onPage) {
  const from = page.total ? page.offset + 1 : 0;
  const to = page.offset + page.items.length;
  return h('div', { class: 'pager' },
    h('button', { type: 'button', class: 'quiet', disabled: page.offset === 0,
      onclick: () => onPage(Math.max(0, page.offset - page.limit)) }, '‹ Previous'),
    h('span', {}, `${formatNumber(from)}–${formatNumber(to)} of ${formatNumber(page.total)}`),
    h('button', { type: 'button', class: 'quiet', disabled: to >= page.total,
      onclick: () => onPage(page.offset + page.limit) }, 'Next ›'));
}

// The events table used by the timeline and the actor profile.
export function eventsTable(events) {
  if (!events.length) return h('p', { class: 'empty' }, 'No events match.');
  return h('table', { class: 'list events-table' },
    h('thead', {}, h('tr', {}, ['Date', 'Event', 'Source', 'Target', 'Place', 'Evidence'].map((name) => h('th', {}, name)))),
    h('tbody', {}, events.map((event) => h('tr', { dataset: { event: event.id } },
      h('td', { class: 'code' }, event.date || h('span', { title: 'undated' }, '—')),
      h('td', {}, h('span', { class: `quad q${event.quad_class}`, title: kQuadNames[event.quad_class] }),
        h('a', { href: `#/document/${event.document}?event=${event.id}` }, h('span', { class: 'code' }, event.code), ' ', event.label),
        flags(event)),
      h('td', {}, actorLink(event.source)),
      h('td', {}, actorLink(event.target)),
      h('td', {}, event.place ? event.place.name : ''),
      h('td', { class: 'sentence' }, event.sentence_text)))));
}
