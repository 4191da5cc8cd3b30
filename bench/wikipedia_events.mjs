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

import { SECTIONS, parsePage, sample } from './wikipedia_bullets.mjs';

const scriptDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(scriptDir, '..');


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

// ---------------------------------------------------------------- helpers

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
