#!/usr/bin/env node
// Generates build/generated/brands.txt, the company and brand names the entity recogniser's
// trainer puts in its gazetteer (category "company"), from two npm data packages:
//   - name-suggestion-index (BSD-3-Clause): the brands and operators OpenStreetMap tags shops,
//     restaurants, banks, hotels, post and transport services with ("Taco Bell", "Hyatt",
//     "King County Metro");
//   - simple-icons (CC0-1.0): the titles of its brand icons ("Firefox", "Accenture", "AOL").
//
// usage: node scripts/gen_brands.mjs NODE_MODULES_DIR OUT_FILE
//
// One name a line, sorted and without repeats, so a rebuild never changes the file. Only the
// recogniser's trainer reads it (chronicle train ner); the trained model carries the names.
// Left out: names of fewer than three characters ("M", "BP" is kept), names of more than six
// words (the gazetteer ignores them), names with characters other than Latin letters, digits and
// common punctuation (the recogniser reads English text), and NSI's transit routes and flags.
import fs from 'node:fs';
import path from 'node:path';

function fail(message) {
  process.stderr.write(`gen_brands: ${message}\n`);
  process.exit(1);
}

if (process.argv.length !== 4) fail('usage: node scripts/gen_brands.mjs NODE_MODULES_DIR OUT_FILE');
const [nodeModules, outFile] = process.argv.slice(2);
const nsiPath = path.join(nodeModules, 'name-suggestion-index', 'dist', 'json', 'nsi.json');
const iconsPath = path.join(nodeModules, 'simple-icons', 'data', 'simple-icons.json');
for (const p of [nsiPath, iconsPath]) {
  if (!fs.existsSync(p)) fail(`${p} not found; run "npm ci" in the repository first`);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`${file}: not valid JSON: ${e.message}`);
  }
}

// Latin letters (with accents), digits, spaces and the punctuation brand names use.
const USABLE = /^[\p{Script=Latin}0-9 &'.,!+\-]+$/u;
const names = new Set();
function add(raw) {
  if (typeof raw !== 'string') return;
  const name = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (name.length < 2 || !USABLE.test(name)) return;
  if (name.split(' ').length > 6) return;
  if (!/\p{L}/u.test(name)) return;
  names.add(name);
}

const nsi = readJson(nsiPath).nsi;
if (!nsi || typeof nsi !== 'object') fail(`${nsiPath}: no "nsi" object`);
for (const [category, entry] of Object.entries(nsi)) {
  if (!category.startsWith('brands/') && !category.startsWith('operators/')) continue;
  for (const item of entry.items || []) {
    const tags = item.tags || {};
    add(tags.brand ?? tags.operator ?? tags.name);
  }
}
const icons = readJson(iconsPath);
if (!Array.isArray(icons)) fail(`${iconsPath}: not a list of icons`);
for (const icon of icons) add(icon.title);

const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, sorted.join('\n') + '\n');
process.stderr.write(`gen_brands: ${sorted.length} names\n`);
