// The timeline: events per day as bars stacked by quad class, and the matching events below.
import { api, eventsTable, errorBox, h, kQuadColours, kQuadNames, pager, s, formatNumber } from './util.js';

const kHeight = 190;
const kMargin = { top: 10, right: 12, bottom: 24, left: 40 };

function dayNumber(date) { return Math.round(Date.parse(`${date}T00:00:00Z`) / 86400000); }
function dateOf(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }

// Draws the stacked bars; clicking a day narrows the filters to it.
function chart(days, onDay) {
  const width = 1200;
  if (!days.length) return h('p', { class: 'empty' }, 'No dated events match these filters.');
  const first = dayNumber(days[0].date);
  const last = dayNumber(days[days.length - 1].date);
  const span = Math.max(1, last - first + 1);
  const plotWidth = width - kMargin.left - kMargin.right;
  const plotHeight = kHeight - kMargin.top - kMargin.bottom;
  const barWidth = Math.min(40, Math.max(2, plotWidth / span - (span < 120 ? 2 : 0.5)));
  const max = Math.max(...days.map((day) => day.events));
  const y = (value) => plotHeight * (value / max);
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${width} ${kHeight}`, role: 'img',
    'aria-label': `Events per day from ${days[0].date} to ${days[days.length - 1].date}` });
  const plot = s('g', { transform: `translate(${kMargin.left},${kMargin.top})` });
  svg.append(plot);
  // Horizontal grid with counts.
  const axis = s('g', { class: 'axis' });
  for (const fraction of [0, 0.5, 1]) {
    const value = Math.round(max * fraction);
    const top = plotHeight - y(value);
    axis.append(s('line', { x1: 0, x2: plotWidth, y1: top, y2: top }),
      s('text', { x: -6, y: top + 3, 'text-anchor': 'end' }, String(value)));
  }
  // Month ticks (a short span gets day ticks), never closer than kMinTickGap pixels.
  const kMinTickGap = 56;
  let lastTick = -Infinity;
  for (let day = first; day <= last; ++day) {
    const date = dateOf(day);
    const tick = span <= 45 ? true : date.endsWith('-01') || day === first;
    if (!tick) continue;
    const x = ((day - first) / span) * plotWidth;
    if (x - lastTick < kMinTickGap || x > plotWidth - 44) continue;
    lastTick = x;
    axis.append(s('text', { x, y: plotHeight + 15 }, span <= 45 ? date.slice(5) : date.slice(0, 7)));
  }
  plot.append(axis);
  for (const day of days) {
    const x = ((dayNumber(day.date) - first) / span) * plotWidth;
    let base = plotHeight;
    const group = s('g', { class: 'bar', tabindex: 0, role: 'button',
      'data-date': day.date,
      onclick: () => onDay(day.date),
      onkeydown: (event) => { if (event.key === 'Enter') onDay(day.date); } });
    group.append(s('title', {}, `${day.date}: ${day.events} events\n` +
      day.quad_counts.map((count, index) => `${kQuadNames[index + 1]}: ${count}`).join('\n')));
    day.quad_counts.forEach((count, index) => {
      if (!count) return;
      const height = y(count);
      base -= height;
      group.append(s('rect', { x, y: base, width: barWidth, height, fill: kQuadColours[index + 1] }));
    });
    plot.append(group);
  }
  return svg;
}

export async function timelineView(root, filters, setFilters) {
  const heading = h('div', {}, h('h1', {}, 'Timeline'),
    h('p', { class: 'sub' }, 'Events per day, stacked by quad class. Click a day to narrow to it; filters above apply to every view.'));
  const chartBox = h('div', { class: 'chart-box' }, h('p', { class: 'empty' }, 'Loading…'));
  const listBox = h('div', { class: 'events-box' });
  root.replaceChildren(heading, chartBox, listBox);
  const onDay = (date) => setFilters({ ...filters, from: date, to: date, offset: '' });
  try {
    const timeline = await api('timeline', strip(filters));
    chartBox.replaceChildren(chart(timeline.days, onDay));
  } catch (error) {
    chartBox.replaceChildren(errorBox(error));
  }
  await loadEvents(listBox, filters, Number(filters.offset || 0), setFilters);
}

function strip(filters) {
  const { offset, ...rest } = filters;
  return rest;
}

async function loadEvents(box, filters, offset, setFilters) {
  try {
    const page = await api('events', { ...strip(filters), limit: 50, offset });
    box.replaceChildren(
      h('h2', {}, `${formatNumber(page.total)} events`),
      eventsTable(page.items),
      pager(page, (next) => setFilters({ ...filters, offset: String(next) })));
  } catch (error) {
    box.replaceChildren(errorBox(error));
  }
}
