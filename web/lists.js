// Lists and profiles: documents, actors, one actor, sentence search results.
import { api, errorBox, eventsTable, formatNumber, h, kQuadNames, pager } from './util.js';

function searchBox(label, value, onSearch) {
  const input = h('input', { type: 'search', value: value || '', placeholder: label, 'aria-label': label, maxlength: 200 });
  return h('form', { class: 'inline-search', onsubmit: (event) => { event.preventDefault(); onSearch(input.value.trim()); } },
    input, ' ', h('button', { type: 'submit' }, 'Find'));
}

export async function documentsView(root, params, navigate) {
  const q = params.get('q') || '';
  const offset = Number(params.get('offset') || 0);
  const box = h('div', {}, h('p', { class: 'empty' }, 'Loading…'));
  root.replaceChildren(h('h1', {}, 'Documents'),
    h('p', { class: 'sub' }, 'The reports in the database, by date.'),
    searchBox('title or id contains…', q, (value) => navigate('documents', { q: value })), box);
  try {
    const page = await api('documents', { q, limit: 50, offset });
    box.replaceChildren(
      page.items.length ? h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, ['Date', 'Title', 'Source', 'Events', 'Size'].map((name) => h('th', {}, name)))),
        h('tbody', {}, page.items.map((doc) => h('tr', {},
          h('td', { class: 'code' }, doc.date || '—'),
          h('td', {}, h('a', { href: `#/document/${doc.id}` }, doc.title || doc.doc_id)),
          h('td', {}, doc.source),
          h('td', { class: 'num' }, formatNumber(doc.events)),
          h('td', { class: 'num' }, `${formatNumber(Math.round(doc.bytes / 1024))} KB`))))) : h('p', { class: 'empty' }, 'No documents match.'),
      pager(page, (next) => navigate('documents', { q, offset: next })));
  } catch (error) {
    box.replaceChildren(errorBox(error));
  }
}

export async function actorsView(root, params, navigate) {
  const q = params.get('q') || '';
  const offset = Number(params.get('offset') || 0);
  const box = h('div', {}, h('p', { class: 'empty' }, 'Loading…'));
  root.replaceChildren(h('h1', {}, 'Actors'),
    h('p', { class: 'sub' }, 'Actor codes by number of mentions.'),
    searchBox('code or name…', q, (value) => navigate('actors', { q: value })), box);
  try {
    const page = await api('actors', { q, limit: 50, offset });
    box.replaceChildren(
      page.items.length ? h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, ['Code', 'Name', 'Country', 'Sector', 'Mentions', 'Documents'].map((name) => h('th', {}, name)))),
        h('tbody', {}, page.items.map((actor) => h('tr', {},
          h('td', {}, h('a', { class: 'code', href: `#/actor/${encodeURIComponent(actor.code)}` }, actor.code)),
          h('td', {}, actor.name),
          h('td', { class: 'code' }, actor.country),
          h('td', { class: 'code' }, actor.sector),
          h('td', { class: 'num' }, formatNumber(actor.mentions)),
          h('td', { class: 'num' }, formatNumber(actor.documents)))))) : h('p', { class: 'empty' }, 'No actors match.'),
      pager(page, (next) => navigate('actors', { q, offset: next })));
  } catch (error) {
    box.replaceChildren(errorBox(error));
  }
}

export async function actorView(root, code, params, navigate) {
  const offset = Number(params.get('offset') || 0);
  root.replaceChildren(h('p', { class: 'empty' }, 'Loading…'));
  let actor;
  try {
    actor = await api(`actors/${encodeURIComponent(code)}`, { limit: 50, offset });
  } catch (error) {
    root.replaceChildren(errorBox(error));
    return;
  }
  const total = actor.quad_counts.reduce((sum, count) => sum + count, 0);
  root.replaceChildren(
    h('h1', { class: 'actor-title' }, h('span', { class: 'code' }, actor.code),
      actor.name || actor.names[0] ? ` · ${actor.name || actor.names[0].name}` : ''),
    h('p', { class: 'sub' }, `${formatNumber(actor.mentions)} mentions in ${formatNumber(actor.documents)} documents`),
    h('div', { class: 'side-by-side' },
      h('div', {},
        h('dl', { class: 'facts' },
          h('dt', {}, 'Country'), h('dd', { class: 'code' }, actor.country || '—'),
          h('dt', {}, 'Sector'), h('dd', { class: 'code' }, actor.sector || '—'),
          h('dt', {}, 'Events'), h('dd', {}, `${formatNumber(actor.events_as_source)} as source, ${formatNumber(actor.events_as_target)} as target`),
          h('dt', {}, 'Mean Goldstein'), h('dd', {}, total ? actor.mean_goldstein.toFixed(2) : '—')),
        total ? h('div', { class: 'bars', title: actor.quad_counts.map((count, index) => `${kQuadNames[index + 1]}: ${count}`).join('\n') },
          actor.quad_counts.map((count, index) => h('span', { class: `q${index + 1}`, style: `width:${(100 * count) / total}%` }))) : null,
        h('h2', {}, `Events (${formatNumber(actor.events.total)})`),
        eventsTable(actor.events.items),
        pager(actor.events, (next) => navigate(`actor/${encodeURIComponent(code)}`, { offset: next }))),
      h('div', {},
        h('div', { class: 'panel' }, h('h2', {}, 'Known as'),
          h('div', { class: 'chips' }, actor.names.map((name) => h('span', { class: 'chip' }, `${name.name} (${name.count})`)))),
        h('div', { class: 'panel', style: 'margin-top:12px' }, h('h2', {}, 'Deals most with'),
          actor.counterparts.length ? h('table', { class: 'list' }, h('tbody', {}, actor.counterparts.map((other) => h('tr', {},
            h('td', {}, h('a', { class: 'code', href: `#/actor/${encodeURIComponent(other.code)}` }, other.code)),
            h('td', { class: 'num' }, formatNumber(other.events)))))) : h('p', { class: 'empty' }, 'No events with another actor.')),
        h('p', {}, h('a', { href: `#/timeline?actor=${encodeURIComponent(actor.code)}` }, 'Show on the timeline ›')))));
}

// Marks every occurrence of `query` in `text` (ASCII case-insensitive, as the server matches).
function highlight(text, query) {
  const parts = [];
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  let at = 0;
  while (needle && at <= text.length) {
    const found = lower.indexOf(needle, at);
    if (found < 0) break;
    parts.push(text.slice(at, found), h('mark', {}, text.slice(found, found + needle.length)));
    at = found + needle.length;
  }
  parts.push(text.slice(at));
  return parts;
}

export async function searchView(root, params, navigate) {
  const q = params.get('q') || '';
  const offset = Number(params.get('offset') || 0);
  const box = h('div', {}, h('p', { class: 'empty' }, 'Searching…'));
  root.replaceChildren(h('h1', {}, `Sentences containing “${q}”`), box);
  try {
    const page = await api('search', { q, limit: 50, offset });
    box.replaceChildren(
      page.items.length ? h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, ['Date', 'Sentence', 'Report', 'Events'].map((name) => h('th', {}, name)))),
        h('tbody', {}, page.items.map((hit) => h('tr', {},
          h('td', { class: 'code' }, hit.date || '—'),
          h('td', {}, h('a', { href: `#/document/${hit.document}?sentence=${hit.sentence}` }, highlight(hit.text, q))),
          h('td', { class: 'sentence' }, hit.title || hit.doc_id),
          h('td', { class: 'num' }, formatNumber(hit.events)))))) : h('p', { class: 'empty' }, 'No sentence contains this text.'),
      pager(page, (next) => navigate('search', { q, offset: next })));
  } catch (error) {
    box.replaceChildren(errorBox(error));
  }
}
