// Chronicle's page: a hash router over the views. The URL holds the whole state
// (#/timeline?actor=RUS&root=19, #/document/12?event=40), so every view can be bookmarked,
// shared and reached with the back button.
import { api, formatNumber } from './util.js';
import { timelineView } from './timeline.js';
import { networkView } from './network.js';
import { mapView } from './map.js';
import { documentView } from './document.js';
import { actorsView, actorView, documentsView, searchView } from './lists.js';

const kFilterNames = ['actor', 'code', 'root', 'from', 'to', 'text', 'place', 'offset'];
const kFilteredViews = new Set(['timeline', 'network', 'map']);
const main = document.getElementById('view');
const filterForm = document.getElementById('filters');
const searchInput = document.getElementById('search-input');

function parseHash() {
  const hash = location.hash.replace(/^#\/?/, '') || 'timeline';
  const [path, query = ''] = hash.split('?');
  const [view, ...rest] = path.split('/');
  return { view, arg: rest.map(decodeURIComponent).join('/'), params: new URLSearchParams(query) };
}

function navigate(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '' && value !== 0) query.set(name, value);
  }
  location.hash = `#/${path}${query.toString() ? `?${query}` : ''}`;
}

function currentFilters(params) {
  const filters = {};
  for (const name of kFilterNames) if (params.get(name)) filters[name] = params.get(name);
  return filters;
}

function fillFilterForm(filters) {
  for (const element of filterForm.elements) {
    if (element.name) element.value = filters[element.name] || '';
  }
}

async function render() {
  const { view, arg, params } = parseHash();
  for (const tab of document.querySelectorAll('.tabs a')) {
    tab.classList.toggle('active', tab.dataset.view === view || (view === 'actor' && tab.dataset.view === 'actors') ||
      (view === 'document' && tab.dataset.view === 'documents'));
  }
  filterForm.hidden = !kFilteredViews.has(view);
  const filters = currentFilters(params);
  fillFilterForm(filters);
  if (view === 'search') searchInput.value = params.get('q') || '';
  const setFilters = (next) => navigate(view, next);
  document.title = `Chronicle · ${view}${arg ? ` ${arg}` : ''}`;
  main.dataset.view = view;
  main.setAttribute('aria-busy', 'true');
  try {
    if (view === 'timeline') await timelineView(main, filters, setFilters);
    else if (view === 'network') await networkView(main, filters);
    else if (view === 'map') await mapView(main, filters);
    else if (view === 'documents') await documentsView(main, params, navigate);
    else if (view === 'document') await documentView(main, arg, params);
    else if (view === 'actors') await actorsView(main, params, navigate);
    else if (view === 'actor') await actorView(main, arg, params, navigate);
    else if (view === 'search') await searchView(main, params, navigate);
    else navigate('timeline');
  } finally {
    main.setAttribute('aria-busy', 'false');
    main.dataset.ready = `${view}:${arg}:${params}`;
  }
}

filterForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const next = {};
  for (const element of filterForm.elements) {
    if (element.name && element.value.trim()) next[element.name] = element.value.trim();
  }
  navigate(parseHash().view, next);
});
document.getElementById('clear-filters').addEventListener('click', () => navigate(parseHash().view));
document.getElementById('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const q = searchInput.value.trim();
  if (q.length >= 2) navigate('search', { q });
});

// Keyboard: "/" search, 1-5 switch views, Escape leaves a field.
document.addEventListener('keydown', (event) => {
  const typing = event.target.closest('input, select, textarea');
  if (event.key === 'Escape' && typing) { event.target.blur(); return; }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === '/') { event.preventDefault(); searchInput.focus(); searchInput.select(); return; }
  const views = ['timeline', 'network', 'map', 'documents', 'actors'];
  const index = Number(event.key) - 1;
  if (index >= 0 && index < views.length) navigate(views[index]);
});

window.addEventListener('hashchange', render);

api('stats').then((stats) => {
  document.getElementById('stats').textContent =
    `${formatNumber(stats.documents)} documents · ${formatNumber(stats.events)} events` +
    (stats.first_date ? ` · ${stats.first_date} – ${stats.last_date}` : '');
}).catch(() => {});
render();
