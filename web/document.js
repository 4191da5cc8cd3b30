// One report: its text with actor mentions, event words, dates and places highlighted, and its
// events beside it. The server cuts the text into segments at every highlight boundary, each
// naming the annotations that cover it, so no byte offsets are handled here.
import { actorLink, api, errorBox, flags, h, kQuadNames, formatNumber } from './util.js';

function eventCard(event) {
  const card = h('div', {
    class: `event-card q${event.quad_class}${event.negated ? ' negated' : ''}${event.hedged ? ' hedged' : ''}`,
    id: `event-${event.id}`, tabindex: 0, dataset: { event: event.id },
  },
  h('div', { class: 'what' }, h('span', { class: `quad q${event.quad_class}`, title: kQuadNames[event.quad_class] }),
    h('span', { class: 'code' }, event.code), ' ', event.label, flags(event)),
  h('div', { class: 'who' }, actorLink(event.source), ' → ', actorLink(event.target)),
  h('div', { class: 'meta' },
    `“${event.trigger?.text || ''}” · Goldstein ${Number(event.goldstein).toFixed(1)} · ${event.plover || ''}`),
  h('div', { class: 'meta' },
    event.date ? `${event.date}${event.date_text ? ` (“${event.date_text}”)` : ' (report date)'}` : 'undated',
    event.place ? ` · ${event.place.name}, ${event.place.country}` : ''),
  event.attributed_to ? h('div', { class: 'meta' }, `according to ${event.attributed_to.text}`) : null,
  // One happening told by several reports (merged across reports; docs/database.md).
  event.merged && event.merged.articles > 1
    ? h('div', { class: 'meta', title: `happening ${event.merged.id}: ${event.merged.mentions} mentions` },
      `told by ${event.merged.articles} reports from ${event.merged.sources} source${event.merged.sources === 1 ? '' : 's'}` +
      `, ${event.merged.first_seen}${event.merged.last_seen !== event.merged.first_seen ? ` to ${event.merged.last_seen}` : ''}`)
    : null);
  return card;
}

export async function documentView(root, id, params) {
  root.replaceChildren(h('p', { class: 'empty' }, 'Loading…'));
  let doc;
  try {
    doc = await api(`documents/${encodeURIComponent(id)}`);
  } catch (error) {
    root.replaceChildren(errorBox(error));
    return;
  }
  const triggersByEvent = new Map();
  const text = h('div', { class: 'doc-text', id: 'doc-text' });
  let sentence = -1;
  let sentenceBox = null;
  for (const segment of doc.segments) {
    if (segment.sentence !== sentence || !sentenceBox) {
      sentence = segment.sentence;
      sentenceBox = h('span', { class: 'sentence-run', dataset: { sentence: String(sentence) } });
      text.append(sentenceBox);
    }
    let node = document.createTextNode(segment.text);
    // Wrap innermost first: triggers inside places/dates inside actors.
    const marks = segment.marks.map((index) => doc.annotations[index]);
    const order = { trigger: 0, date: 1, place: 2, actor: 3 };
    marks.sort((a, b) => order[a.type] - order[b.type]);
    for (const mark of marks) {
      let wrapper;
      if (mark.type === 'trigger') {
        wrapper = h('span', {
          class: `mark-trigger q${mark.quad_class}${mark.negated ? ' negated' : ''}${mark.hedged ? ' hedged' : ''}`,
          title: `event ${mark.code}${mark.negated ? ' (negated)' : ''}${mark.hedged ? ' (hedged)' : ''}`,
          dataset: { event: mark.event },
        });
        if (!triggersByEvent.has(mark.event)) triggersByEvent.set(mark.event, []);
        triggersByEvent.get(mark.event).push(wrapper);
      } else if (mark.type === 'actor') {
        wrapper = h('span', { class: 'mark-actor', title: `${mark.code}${mark.name ? ` · ${mark.name}` : ''} (${mark.kind})`, dataset: { code: mark.code } });
      } else if (mark.type === 'date') {
        wrapper = h('span', { class: 'mark-date', title: `date ${mark.value}` });
      } else {
        wrapper = h('span', { class: 'mark-place', title: `${mark.name}, ${mark.country}` });
      }
      wrapper.append(node);
      node = wrapper;
    }
    sentenceBox.append(node);
  }
  const cards = doc.event_list.map(eventCard);
  const light = (eventId, on) => {
    for (const element of triggersByEvent.get(eventId) || []) element.classList.toggle('lit', on);
    document.getElementById(`event-${eventId}`)?.classList.toggle('lit', on);
  };
  for (const card of cards) {
    const eventId = Number(card.dataset.event);
    card.addEventListener('mouseenter', () => light(eventId, true));
    card.addEventListener('mouseleave', () => light(eventId, false));
    card.addEventListener('focus', () => light(eventId, true));
    card.addEventListener('blur', () => light(eventId, false));
    card.addEventListener('click', (event) => {
      if (event.target.closest('a')) return;
      triggersByEvent.get(eventId)?.[0]?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    });
  }
  text.addEventListener('click', (event) => {
    const trigger = event.target.closest('.mark-trigger');
    if (trigger) {
      const card = document.getElementById(`event-${trigger.dataset.event}`);
      card?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      card?.focus({ preventScroll: true });
      return;
    }
    const actor = event.target.closest('.mark-actor');
    if (actor && actor.dataset.code) location.hash = `#/actor/${encodeURIComponent(actor.dataset.code)}`;
  });
  const negated = doc.event_list.filter((event) => event.negated).length;
  const hedged = doc.event_list.filter((event) => event.hedged).length;
  root.replaceChildren(
    h('h1', {}, doc.title || doc.doc_id),
    h('p', { class: 'sub' }, [doc.date || 'undated', doc.source, doc.doc_id].filter(Boolean).join(' · '),
      doc.url ? [' · ', h('a', { href: doc.url, rel: 'noreferrer noopener', target: '_blank' }, 'original')] : null),
    doc.truncated ? h('p', { class: 'error' }, `This report is long: the first ${formatNumber(Math.round(doc.text.length / 1024))} KB are shown, with the events inside them (${formatNumber(Math.round(doc.bytes / 1024))} KB in all).`) : '',  // replaceChildren would print a null
    h('div', { class: 'doc-legend' },
      h('span', { class: 'mark-actor' }, 'actor'), h('span', { class: 'mark-trigger q1' }, 'event word'),
      h('span', { class: 'mark-date' }, 'date'), h('span', { class: 'mark-place' }, 'place'),
      h('span', { class: 'mark-trigger q3 negated' }, 'negated'), h('span', { class: 'mark-trigger q3 hedged' }, 'hedged')),
    h('div', { class: 'doc' }, text,
      h('aside', { class: 'events-side', 'aria-label': 'Events in this report' },
        h('h2', {}, `${formatNumber(doc.event_list.length)} events`,
          negated ? h('span', { class: 'badge negated' }, `${negated} negated`) : null,
          hedged ? h('span', { class: 'badge hedged' }, `${hedged} hedged`) : null),
        cards.length ? cards : h('p', { class: 'empty' }, 'No events were coded in this report.'))));
  const focusSentence = params.get('sentence');
  if (focusSentence !== null) {
    const run = text.querySelector(`[data-sentence="${CSS.escape(focusSentence)}"]`);
    run?.classList.add('s-active');
    run?.scrollIntoView({ block: 'center' });
  }
  const focusEvent = params.get('event');
  if (focusEvent) {
    light(Number(focusEvent), true);
    document.getElementById(`event-${focusEvent}`)?.scrollIntoView({ block: 'nearest' });
    triggersByEvent.get(Number(focusEvent))?.[0]?.scrollIntoView({ block: 'center' });
  }
}
