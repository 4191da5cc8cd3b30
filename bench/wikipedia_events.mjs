#!/usr/bin/env node
// Chronicle benchmark: how many Wikipedia "Current events" summaries get a plausible coded event.
//
// Usage:
//   node bench/wikipedia_events.mjs CHRONICLE_BINARY [WIKI_DIR] [--show-misses N] [--seed S] [--keep-jsonl PATH]
//
//   CHRONICLE_BINARY  e.g. build/chronicle (run as `CHRONICLE_BINARY extract --format jsonl FILE.jsonl`)
//   WIKI_DIR          directory of Markdown day pages with YAML front matter (`date: 2025-03-10`);
//                     default ../shared/data/bench/wikipedia-current-events-2025H1 relative to the repo root.
//   --show-misses N   print N seeded-random missed bullets per section with the events found for them.
//   --seed S          seed for choosing the misses (default 1); same seed + same input = same sample.
//   --keep-jsonl PATH also write the generated input documents to PATH (for re-running by hand).
//
// What it measures: the LEAF bullets (bullets with no child bullets) under "#### Armed conflicts and attacks"
// and "#### International relations" (and any deeper headings inside them) are cleaned (Markdown links -> their
// text, trailing cited sources such as "(AP)" removed, emphasis removed), written as one JSON Lines document
// each (id "<date>#<section-key>#<n>"), and run through the binary once. A bullet counts as "plausible" when it
// has >= 1 non-negated event whose root fits the section (18/19/20 for armed conflicts; 01-08 and 10-17 for
// international relations) and whose source or target has a non-empty country code.
// Output lines: `<section> bullets=.. with_event=.. plausible=.. share=..%`, then `NAME VALUE` lines.
// No npm dependencies; Node 20.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const scriptDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(scriptDir, '..');

const SECTIONS = {
  armed_conflicts: {
    headings: ['armed conflicts and attacks', 'attacks and armed conflicts'],
    roots: new Set(['18', '19', '20']),
  },
  international_relations: {
    headings: ['international relations'],
    roots: new Set(['01', '02', '03', '04', '05', '06', '07', '08', '10', '11', '12', '13', '14', '15', '16', '17']),
  },
};

function usage(msg) {
  if (msg) console.error(`wikipedia_events: ${msg}`);
  console.error('usage: node bench/wikipedia_events.mjs CHRONICLE_BINARY [WIKI_DIR] [--show-misses N] [--seed S] [--keep-jsonl PATH]');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { binary: null, dir: null, showMisses: 0, seed: 1, keepJsonl: null };
  const pos = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    if (a === '--show-misses') opts.showMisses = parseInt(val(), 10);
    else if (a.startsWith('--show-misses=')) opts.showMisses = parseInt(a.split('=')[1], 10);
    else if (a === '--seed') opts.seed = parseInt(val(), 10);
    else if (a === '--keep-jsonl') opts.keepJsonl = val();
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else pos.push(a);
  }
  if (pos.length < 1 || pos.length > 2) usage();
  if (!Number.isFinite(opts.showMisses) || opts.showMisses < 0) usage('--show-misses needs a number >= 0');
  if (!Number.isFinite(opts.seed)) usage('--seed needs a number');
  opts.binary = path.resolve(pos[0]);
  opts.dir = pos[1] ? path.resolve(pos[1]) : path.resolve(repoRoot, '../shared/data/bench/wikipedia-current-events-2025H1');
  return opts;
}

// ---------------------------------------------------------------- Markdown

// Parses "[text](target)" at s[i] == '['. Returns {text, url, end} or null.
function parseLink(s, i) {
  let depth = 0, j = i;
  for (; j < s.length; j++) {
    if (s[j] === '\\') { j++; continue; }
    if (s[j] === '[') depth++;
    else if (s[j] === ']' && --depth === 0) break;
  }
  if (j >= s.length || s[j + 1] !== '(') return null;
  const text = s.slice(i + 1, j);
  let k = j + 2, pd = 1, inQuote = false;
  for (; k < s.length; k++) {
    const c = s[k];
    if (inQuote) { if (c === '"') inQuote = false; continue; }
    if (c === '"' && s[k - 1] === ' ') inQuote = true;
    else if (c === '(') pd++;
    else if (c === ')' && --pd === 0) break;
  }
  if (k >= s.length) return null;
  const target = s.slice(j + 2, k).trim();
  const url = target.split(/\s+/)[0];
  return { text, url, end: k + 1 };
}

// Splits a line into [{kind:'text'|'link', text, url}].
function tokenize(s) {
  const out = [];
  let buf = '';
  for (let i = 0; i < s.length;) {
    if (s[i] === '[') {
      const l = parseLink(s, i);
      if (l) {
        if (buf) { out.push({ kind: 'text', text: buf }); buf = ''; }
        out.push({ kind: 'link', text: l.text, url: l.url });
        i = l.end;
        continue;
      }
    }
    buf += s[i++];
  }
  if (buf) out.push({ kind: 'text', text: buf });
  return out;
}

const isWiki = (url) => /^https?:\/\/[a-z-]+\.wikipedia\.org\//i.test(url) || url.startsWith('/wiki/');
const isCitation = (tok) => tok.kind === 'link' && !/^https?:\/\/en\.wikipedia\.org\//i.test(tok.url) &&
  (/^\s*\W*\(.*\)?\s*$/.test(tok.text) || !isWiki(tok.url));

function cleanBullet(raw) {
  // Bracketed wiki annotations: interlanguage links "[[es](https://es.wikipedia.org/... "es:X (y)")]" and
  // maintenance tags "[*[unreliable source?](...)*]".
  let s = raw.replace(/\[\*?\[[^\]]*\]\([^)"\s]*(?:\s+"[^"]*")?\)\*?\]/g, '');
  const toks = tokenize(s);
  // Trailing cited sources: drop links (and the whitespace between them) at the end that point outside en.wikipedia.
  while (toks.length) {
    const t = toks[toks.length - 1];
    if (t.kind === 'text' && /^\s*$/.test(t.text)) toks.pop();
    else if (isCitation(t)) toks.pop();
    else break;
  }
  // Parenthesised citation links elsewhere ("... [(Reuters)](url) ...").
  const kept = toks.filter((t) => !(t.kind === 'link' && /^\s*\(.*\)\s*$/.test(t.text) && !isWiki(t.url)));
  const flat = (text) => {
    // Nested links inside link text (rare) -> their text.
    const inner = tokenize(text);
    return inner.map((t) => t.text).join('');
  };
  s = kept.map((t) => (t.kind === 'link' ? flat(t.text) : t.text)).join('');
  s = s.replace(/\*\*|\*|__/g, '')                // emphasis
    .replace(/(^|\s)_([^_]+)_(?=\s|[.,;:!?]|$)/g, '$1$2')
    .replace(/\\([\\`*_{}\[\]()#+\-.!])/g, '$1')  // escapes
    .replace(/\s+/g, ' ')
    .replace(/\s+([.,;:!?])/g, '$1')
    .replace(/\(\s*\)/g, '')
    .trim();
  return s;
}

function sectionKeyOf(heading) {
  const h = heading.toLowerCase().replace(/\s+/g, ' ').trim();
  for (const [key, def] of Object.entries(SECTIONS)) if (def.headings.includes(h)) return key;
  return null;
}

// Returns {date, bullets: [{section, text, raw}]}.
function parsePage(md, fileName) {
  const lines = md.split(/\r?\n/);
  let date = null, i = 0;
  if (lines[0] && lines[0].trim() === '---') {
    for (i = 1; i < lines.length && lines[i].trim() !== '---'; i++) {
      const m = /^date:\s*["']?(\d{4}-\d{2}-\d{2})/.exec(lines[i]);
      if (m) date = m[1];
    }
    i++;
  }
  if (!date) {
    const m = /(\d{4}-\d{2}-\d{2})/.exec(fileName);
    if (m) date = m[1];
  }
  // Collect bullets with their section and indent.
  const items = [];
  let topSection = null, topLevel = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      const level = h[1].length;
      const key = sectionKeyOf(h[2]);
      if (key) { topSection = key; topLevel = level; }
      else if (topSection && level > topLevel) { /* subsection inside the current section */ }
      else { topSection = null; }
      items.push({ kind: 'heading' });
      continue;
    }
    const b = /^(\s*)[*+-]\s+(.*)$/.exec(line);
    if (b) {
      items.push({ kind: 'bullet', indent: b[1].replace(/\t/g, '    ').length, raw: b[2], section: topSection });
    } else if (line.trim() && items.length && items[items.length - 1].kind === 'bullet' && /^\s+\S/.test(line)) {
      items[items.length - 1].raw += ' ' + line.trim(); // lazy continuation line
    }
  }
  const bullets = [];
  for (let k = 0; k < items.length; k++) {
    const it = items[k];
    if (it.kind !== 'bullet' || !it.section) continue;
    const next = items[k + 1];
    const isLeaf = !(next && next.kind === 'bullet' && next.indent > it.indent);
    if (!isLeaf) continue;
    const text = cleanBullet(it.raw);
    if (text) bullets.push({ section: it.section, text, raw: it.raw });
  }
  return { date, bullets };
}

// ---------------------------------------------------------------- helpers

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample(arr, n, seed) {
  const a = arr.slice();
  const rnd = mulberry32(seed);
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n);
}

const hasCountry = (side) => !!(side && typeof side.country === 'string' && side.country.trim() !== '');
const pct = (n, d) => (d ? (100 * n / d).toFixed(1) : '0.0');

function isPlausible(ev, section) {
  return !ev.negated && SECTIONS[section].roots.has(String(ev.root)) && (hasCountry(ev.source) || hasCountry(ev.target));
}

function describeEvent(ev) {
  const side = (s) => (s ? (s.code || `"${s.text}"`) : '-');
  const flags = [ev.negated ? 'NEG' : '', ev.hedged ? 'hedged' : ''].filter(Boolean).join(',');
  const trig = ev.trigger && ev.trigger.text ? ` trigger="${ev.trigger.text}"` : '';
  const txt = ` [${ev.source ? ev.source.text : ''} | ${ev.target ? ev.target.text : ''}]`;
  return `${ev.code} ${side(ev.source)}→${side(ev.target)}${flags ? ' ' + flags : ''}${trig}${txt}`;
}

// ---------------------------------------------------------------- main

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(opts.binary)) usage(`binary not found: ${opts.binary}`);
  if (!fs.existsSync(opts.dir)) usage(`directory not found: ${opts.dir}`);

  const files = fs.readdirSync(opts.dir).filter((f) => f.endsWith('.md')).sort();
  const docs = [];
  for (const f of files) {
    const { date, bullets } = parsePage(fs.readFileSync(path.join(opts.dir, f), 'utf8'), f);
    const counters = {};
    for (const b of bullets) {
      counters[b.section] = (counters[b.section] || 0) + 1;
      docs.push({ id: `${date}#${b.section}#${counters[b.section]}`, date, section: b.section, text: b.text });
    }
  }

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronicle-wiki-'));
  const input = path.join(tmpDir, 'wikipedia_events.jsonl');
  const body = docs.map((d) => JSON.stringify({ id: d.id, date: d.date, source: 'wikipedia-current-events', text: d.text })).join('\n') + '\n';
  fs.writeFileSync(input, body);
  if (opts.keepJsonl) fs.writeFileSync(opts.keepJsonl, body);

  const t0 = process.hrtime.bigint();
  const r = spawnSync(opts.binary, ['extract', '--format', 'jsonl', input], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.rmSync(tmpDir, { recursive: true, force: true });
  if (r.error) { console.error(`wikipedia_events: cannot run ${opts.binary}: ${r.error.message}`); process.exit(1); }
  if (r.status !== 0) {
    console.error(`wikipedia_events: ${opts.binary} exited with status ${r.status}${r.signal ? ' (signal ' + r.signal + ')' : ''}`);
    console.error(r.stderr.slice(-4000));
    process.exit(1);
  }

  const eventsByDoc = new Map();
  let nEvents = 0, badLines = 0;
  for (const line of r.stdout.split('\n')) {
    if (!line.trim()) continue;
    let ev;
    try { ev = JSON.parse(line); } catch { badLines++; continue; }
    if (!ev || ev.doc === undefined) { badLines++; continue; }
    nEvents++;
    const k = String(ev.doc);
    if (!eventsByDoc.has(k)) eventsByDoc.set(k, []);
    eventsByDoc.get(k).push(ev);
  }

  const metrics = [];
  const missesBySection = {};
  for (const section of Object.keys(SECTIONS)) {
    const sdocs = docs.filter((d) => d.section === section);
    let withEvent = 0, plausible = 0, events = 0;
    const misses = [];
    for (const d of sdocs) {
      const evs = eventsByDoc.get(d.id) || [];
      events += evs.length;
      if (evs.length) withEvent++;
      if (evs.some((e) => isPlausible(e, section))) plausible++;
      else misses.push({ doc: d, evs });
    }
    missesBySection[section] = misses;
    console.log(`${section} bullets=${sdocs.length} with_event=${withEvent} plausible=${plausible} share=${pct(plausible, sdocs.length)}%`);
    metrics.push([`${section}.bullets`, sdocs.length], [`${section}.with_event`, withEvent],
      [`${section}.plausible`, plausible], [`${section}.share_pct`, pct(plausible, sdocs.length)],
      [`${section}.with_event_pct`, pct(withEvent, sdocs.length)], [`${section}.events`, events]);
  }
  metrics.push(['pages', files.length], ['documents', docs.length], ['events', nEvents],
    ['unparsed_output_lines', badLines], ['run_seconds', seconds.toFixed(2)],
    ['docs_per_second', seconds > 0 ? (docs.length / seconds).toFixed(1) : '0']);
  for (const [k, v] of metrics) console.log(`${k} ${v}`);
  const summary = (r.stderr || '').trim().split('\n').filter(Boolean).pop();
  if (summary) console.log(`# binary: ${summary}`);

  if (opts.showMisses > 0) {
    for (const section of Object.keys(SECTIONS)) {
      const misses = missesBySection[section];
      const picked = sample(misses, opts.showMisses, opts.seed);
      console.log(`\n== ${section}: ${picked.length} of ${misses.length} misses (seed ${opts.seed})`);
      for (const m of picked) {
        console.log(`- ${m.doc.id}: ${m.doc.text}`);
        if (!m.evs.length) console.log('    (no events)');
        for (const ev of m.evs) console.log(`    ${describeEvent(ev)}`);
      }
    }
  }
}

main();
