#!/usr/bin/env node
// Chronicle benchmark: precision and recall of coded events against a small hand-labelled gold set
// of Wikipedia "Current events" bullets (bench/wikipedia_gold.tsv; format and labelling rules in its header).
//
// Usage:
//   node bench/wikipedia_gold.mjs CHRONICLE_BINARY [WIKI_DIR] [--show N] [--gold PATH] [--keep-jsonl PATH]
//   node bench/wikipedia_gold.mjs --print-sample [WIKI_DIR]
//
//   CHRONICLE_BINARY  e.g. build/chronicle (run as `CHRONICLE_BINARY extract --format jsonl FILE.jsonl`)
//   WIKI_DIR          the Markdown day pages; default ../shared/data/bench/wikipedia-current-events-2025H1
//                     relative to the repo root (the texts are Wikipedia's, CC BY-SA 4.0, read at run time).
//   --show N          print the first N gold bullets (file order) whose gold and system events differ.
//   --gold PATH       gold file (default bench/wikipedia_gold.tsv next to this script).
//   --keep-jsonl PATH also write the generated input documents to PATH.
//   --print-sample    print the seeded sample of bullet ids and texts the gold set was drawn from, and exit.
//
// Bullets are extracted exactly as bench/wikipedia_events.mjs does (both read them through bench/wikipedia_bullets.mjs, so
// ids "<date>#<section-key>#<n>" agree): leaf bullets under "Armed conflicts and attacks" and "International
// relations", links -> text, trailing cited sources removed. Only the gold bullets are written (same document
// format as wikipedia_events.mjs) and run through the binary once.
//
// Scoring, per gold bullet, over its non-negated system events deduplicated by (root, source, target):
//   - system root = the event's `root` (two digits); side country = the `country` field of the event's
//     source/target object; an empty country is `-`, except that an actor whose CAMEO code starts with IGO
//     (international organisations, which have no country) is `IGO`, as in the gold file.
//   - exact: gold (ROOT, SOURCE, TARGET) equal to the system's; one-to-one (maximum matching).
//   - root_and_one_side (looser): roots equal and at least one side equal and not `-` (or both sides equal).
//   - a gold line with ROOT `--` means "no event expected": it adds no gold event, and every system event on
//     that bullet is a false positive.
// Output: `NAME VALUE` lines (overall, then per section as `<section>.NAME VALUE`).
// No npm dependencies; Node 20.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SECTIONS, parsePage, sample } from './wikipedia_bullets.mjs';

const scriptDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(scriptDir, '..');

// The gold sample: each section's bullets in id order (page by page, bullet by bullet), shuffled with the
// same seeded Fisher-Yates (mulberry32) as wikipedia_events.mjs, first N kept.
const SAMPLE_SEED = 2025;
const SAMPLE_SIZES = { armed_conflicts: 50, international_relations: 30 };


// ---------------------------------------------------------------- input

function usage(msg) {
  if (msg) console.error(`wikipedia_gold: ${msg}`);
  console.error('usage: node bench/wikipedia_gold.mjs CHRONICLE_BINARY [WIKI_DIR] [--show N] [--gold PATH] [--keep-jsonl PATH]');
  console.error('       node bench/wikipedia_gold.mjs --print-sample [WIKI_DIR]');
  process.exit(2);
}

function fail(msg) {
  console.error(`wikipedia_gold: ${msg}`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { binary: null, dir: null, show: 0, gold: path.join(scriptDir, 'wikipedia_gold.tsv'),
    keepJsonl: null, printSample: false };
  const pos = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    if (a === '--show') opts.show = Number(val());
    else if (a.startsWith('--show=')) opts.show = Number(a.slice(7));
    else if (a === '--gold') opts.gold = val();
    else if (a === '--keep-jsonl') opts.keepJsonl = val();
    else if (a === '--print-sample') opts.printSample = true;
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else pos.push(a);
  }
  if (!Number.isInteger(opts.show) || opts.show < 0) usage('--show needs a whole number >= 0');
  if (opts.printSample) {
    if (pos.length > 1) usage();
    opts.dir = pos[0];
  } else {
    if (pos.length < 1 || pos.length > 2) usage();
    opts.binary = path.resolve(pos[0]);
    opts.dir = pos[1];
  }
  opts.dir = opts.dir ? path.resolve(opts.dir) : path.resolve(repoRoot, '../shared/data/bench/wikipedia-current-events-2025H1');
  return opts;
}

// All bullets of all pages, with the ids wikipedia_events.mjs gives them.
function loadDocs(dir) {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) fail(`wiki directory not found: ${dir}`);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  if (!files.length) fail(`no .md day pages in ${dir}`);
  const docs = [];
  for (const f of files) {
    const { date, bullets } = parsePage(fs.readFileSync(path.join(dir, f), 'utf8'), f);
    const counters = {};
    for (const b of bullets) {
      counters[b.section] = (counters[b.section] || 0) + 1;
      docs.push({ id: `${date}#${b.section}#${counters[b.section]}`, date, section: b.section, text: b.text });
    }
  }
  return docs;
}

function goldSample(docs) {
  const out = [];
  for (const [section, n] of Object.entries(SAMPLE_SIZES)) {
    const order = new Map(docs.map((d, i) => [d.id, i]));
    const picked = sample(docs.filter((d) => d.section === section), n, SAMPLE_SEED);
    picked.sort((a, b) => order.get(a.id) - order.get(b.id));
    out.push(...picked);
  }
  return out;
}

const ID_RE = /^\d{4}-\d{2}-\d{2}#(armed_conflicts|international_relations)#\d+$/;
const ROOT_RE = /^(0[1-9]|1[0-9]|20|--)$/;
const SIDE_RE = /^([A-Z]{3}|-)$/;

// Returns {order: [id...], byId: Map id -> [{root, source, target, note, where}]}.
function loadGold(file, docsById) {
  if (!fs.existsSync(file)) fail(`gold file not found: ${file}`);
  const rel = path.relative(process.cwd(), file);
  const shown = rel && !rel.startsWith('..') ? rel : file;
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const byId = new Map();
  const order = [];
  lines.forEach((line, i) => {
    const where = `${shown}:${i + 1}`;
    if (!line.trim() || line.startsWith('#')) return;
    const f = line.split('\t');
    const bad = (msg) => fail(`${where}: malformed gold line (${msg}): ${JSON.stringify(line)}`);
    if (f.length !== 5) bad(`expected 5 tab-separated fields ID ROOT SOURCE TARGET NOTE, got ${f.length}`);
    const [id, root, source, target, note] = f.map((x) => x.trim());
    if (!ID_RE.test(id)) bad(`bad id "${id}"`);
    if (!ROOT_RE.test(root)) bad(`bad ROOT "${root}" (01..20 or --)`);
    if (!SIDE_RE.test(source)) bad(`bad SOURCE "${source}" (three capital letters or -)`);
    if (!SIDE_RE.test(target)) bad(`bad TARGET "${target}" (three capital letters or -)`);
    if (root === '--' && (source !== '-' || target !== '-')) bad('a -- line takes - for SOURCE and TARGET');
    if (!docsById.has(id)) fail(`${where}: gold id ${id} is not among the extracted bullets (wrong WIKI_DIR, or changed pages?)`);
    if (!byId.has(id)) { byId.set(id, []); order.push(id); }
    const list = byId.get(id);
    if (list.some((g) => g.root === '--') || (root === '--' && list.length)) fail(`${where}: a -- line must be the only line of its bullet ${id}`);
    const dup = list.find((g) => g.root === root && g.source === source && g.target === target);
    if (dup) fail(`${where}: duplicate gold event ${root} ${source} ${target} for ${id} (first at ${dup.where})`);
    list.push({ root, source, target, note, where });
  });
  if (!order.length) fail(`${shown}: no gold lines`);
  return { order, byId };
}

// ---------------------------------------------------------------- scoring

function sideCountry(side) {
  if (!side) return '-';
  const c = typeof side.country === 'string' ? side.country.trim() : '';
  if (c) return c;
  if (typeof side.code === 'string' && side.code.startsWith('IGO')) return 'IGO';
  return '-';
}

function systemRoot(ev) {
  const r = ev.root === undefined || ev.root === null ? '' : String(ev.root).trim();
  return /^\d$/.test(r) ? '0' + r : r;
}

// Maximum bipartite matching (Kuhn): ok(g, s) says whether gold line g may match system event s.
function maxMatching(gold, sys, ok) {
  const sysTo = new Array(sys.length).fill(-1);
  const goldTo = new Array(gold.length).fill(-1);
  const tryGold = (g, seen) => {
    for (let s = 0; s < sys.length; s++) {
      if (seen[s] || !ok(gold[g], sys[s])) continue;
      seen[s] = true;
      if (sysTo[s] < 0 || tryGold(sysTo[s], seen)) { sysTo[s] = g; goldTo[g] = s; return true; }
    }
    return false;
  };
  let n = 0;
  for (let g = 0; g < gold.length; g++) if (tryGold(g, new Array(sys.length).fill(false))) n++;
  return { n, goldTo, sysTo };
}

const exactOk = (g, s) => g.root === s.root && g.source === s.source && g.target === s.target;
const looseOk = (g, s) => g.root === s.root &&
  ((g.source === s.source && g.target === s.target) ||
   (g.source !== '-' && g.source === s.source) || (g.target !== '-' && g.target === s.target));

const pct = (n, d) => (d ? (100 * n / d).toFixed(1) : '0.0');
const f1 = (p, r) => (p + r ? (2 * p * r / (p + r)).toFixed(1) : '0.0');

function describeEvent(e) {
  const trig = e.trigger ? ` trigger="${e.trigger}"` : '';
  const words = ` [${e.sourceText} | ${e.targetText}]`;
  return `${e.code || e.root} ${e.source}→${e.target}${trig}${words}`;
}

// ---------------------------------------------------------------- main

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.printSample && !fs.existsSync(opts.binary)) usage(`binary not found: ${opts.binary}`);
  if (!fs.existsSync(opts.dir)) usage(`wiki directory not found: ${opts.dir}`);
  const docs = loadDocs(opts.dir);
  const docsById = new Map(docs.map((d) => [d.id, d]));

  if (opts.printSample) {
    for (const d of goldSample(docs)) console.log(`${d.id}\t${d.text}`);
    return;
  }

  const gold = loadGold(path.resolve(opts.gold), docsById);
  const sampleIds = new Set(goldSample(docs).map((d) => d.id));
  const extra = gold.order.filter((id) => !sampleIds.has(id));
  const missing = [...sampleIds].filter((id) => !gold.byId.has(id));
  if (extra.length || missing.length) {
    console.log(`# note: gold ids differ from the seed-${SAMPLE_SEED} sample: ${extra.length} extra, ${missing.length} unlabelled`);
  }
  const goldDocs = gold.order.map((id) => docsById.get(id));

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronicle-wiki-gold-'));
  const input = path.join(tmpDir, 'wikipedia_gold.jsonl');
  const body = goldDocs.map((d) => JSON.stringify({ id: d.id, date: d.date, source: 'wikipedia-current-events', text: d.text })).join('\n') + '\n';
  fs.writeFileSync(input, body);
  if (opts.keepJsonl) fs.writeFileSync(opts.keepJsonl, body);
  const r = spawnSync(opts.binary, ['extract', '--format', 'jsonl', input], { encoding: 'utf8', maxBuffer: 1 << 30 });
  fs.rmSync(tmpDir, { recursive: true, force: true });
  if (r.error) fail(`cannot run ${opts.binary}: ${r.error.message}`);
  if (r.status !== 0) {
    console.error(`wikipedia_gold: ${opts.binary} exited with status ${r.status}${r.signal ? ' (signal ' + r.signal + ')' : ''}`);
    console.error((r.stderr || '').slice(-4000));
    process.exit(1);
  }

  // System events per gold bullet: non-negated, deduplicated by (root, source country, target country).
  const sysById = new Map();
  let badLines = 0;
  for (const line of r.stdout.split('\n')) {
    if (!line.trim()) continue;
    let ev;
    try { ev = JSON.parse(line); } catch { badLines++; continue; }
    if (!ev || ev.doc === undefined) { badLines++; continue; }
    const id = String(ev.doc);
    if (!gold.byId.has(id) || ev.negated) continue;
    const e = {
      root: systemRoot(ev), source: sideCountry(ev.source), target: sideCountry(ev.target), code: ev.code || '',
      trigger: ev.trigger && ev.trigger.text ? ev.trigger.text : '',
      sourceText: ev.source ? ev.source.text : '', targetText: ev.target ? ev.target.text : '',
    };
    if (!sysById.has(id)) sysById.set(id, []);
    const list = sysById.get(id);
    if (!list.some((x) => x.root === e.root && x.source === e.source && x.target === e.target)) list.push(e);
  }

  const blank = () => ({ bullets: 0, noEventBullets: 0, gold: 0, sys: 0, exact: 0, loose: 0, fpOnNoEvent: 0 });
  const totals = { all: blank() };
  for (const s of Object.keys(SECTIONS)) totals[s] = blank();
  const mismatched = [];
  for (const id of gold.order) {
    const doc = docsById.get(id);
    const glines = gold.byId.get(id);
    const gev = glines.filter((g) => g.root !== '--');
    const sev = sysById.get(id) || [];
    const ex = maxMatching(gev, sev, exactOk);
    const lo = maxMatching(gev, sev, looseOk);
    for (const t of [totals.all, totals[doc.section]]) {
      t.bullets++;
      if (!gev.length) { t.noEventBullets++; t.fpOnNoEvent += sev.length; }
      t.gold += gev.length; t.sys += sev.length; t.exact += ex.n; t.loose += lo.n;
    }
    if (ex.n !== gev.length || ex.n !== sev.length) mismatched.push({ doc, glines, gev, sev, ex });
  }

  const out = [];
  const emit = (prefix, t) => {
    const p = (n) => pct(n, t.sys), rc = (n) => pct(n, t.gold);
    out.push([`${prefix}bullets`, t.bullets], [`${prefix}no_event_bullets`, t.noEventBullets],
      [`${prefix}gold_events`, t.gold], [`${prefix}system_events`, t.sys], [`${prefix}matched`, t.exact],
      [`${prefix}precision_pct`, p(t.exact)], [`${prefix}recall_pct`, rc(t.exact)],
      [`${prefix}f1_pct`, f1(Number(p(t.exact)), Number(rc(t.exact)))],
      [`${prefix}root_and_one_side.matched`, t.loose], [`${prefix}root_and_one_side.precision_pct`, p(t.loose)],
      [`${prefix}root_and_one_side.recall_pct`, rc(t.loose)],
      [`${prefix}root_and_one_side.f1_pct`, f1(Number(p(t.loose)), Number(rc(t.loose)))],
      [`${prefix}system_events_on_no_event_bullets`, t.fpOnNoEvent]);
  };
  emit('', totals.all);
  for (const s of Object.keys(SECTIONS)) emit(`${s}.`, totals[s]);
  out.push(['unparsed_output_lines', badLines]);
  for (const [k, v] of out) console.log(`${k} ${v}`);

  if (opts.show > 0) {
    const picked = mismatched.slice(0, opts.show);
    console.log(`\n== ${picked.length} of ${mismatched.length} gold bullets with mismatches`);
    for (const m of picked) {
      console.log(`- ${m.doc.id}: ${m.doc.text}`);
      for (const g of m.glines) {
        if (g.root === '--') { console.log(`    gold -- (no event expected)  # ${g.note}`); continue; }
        const k = m.gev.indexOf(g);
        console.log(`    gold ${g.root} ${g.source}→${g.target} ${m.ex.goldTo[k] >= 0 ? 'matched' : 'MISSED'}  # ${g.note}`);
      }
      if (!m.sev.length) console.log('    sys  (no events)');
      m.sev.forEach((e, k) => console.log(`    sys  ${describeEvent(e)} ${m.ex.sysTo[k] >= 0 ? 'matched' : 'EXTRA'}`));
    }
  }
}

main();
