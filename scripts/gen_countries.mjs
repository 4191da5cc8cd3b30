#!/usr/bin/env node
// Generates build/generated/countries.txt (our actor file format, docs/actors.md) from the npm
// package world-countries: one `actor ISO3` block per country or territory with its common name,
// official name and Latin-script alternative spellings as aliases, English demonyms (and their
// plurals) as adjectives, capital and a representative point.
//
// usage: node scripts/gen_countries.mjs NODE_MODULES_DIR OUT_FILE
//
// Output is deterministic (sorted by code, stable field order) so a rebuild never changes it.
// Names that world-countries gives to two different countries are ambiguous in news text, so they
// are dropped from both with a warning on stderr; data/actors/countries.txt may add them back to
// the country news means.
import fs from 'node:fs';
import path from 'node:path';

// CAMEO codes that differ from ISO 3166 alpha-3 (world-countries uses the user-assigned "UNK" for
// Kosovo; CAMEO/Phoenix use "KSV", the World Bank code).
const CAMEO_CODE = { UNK: 'KSV' };

// Names world-countries gives a country that English news uses for another actor, or that are
// ordinary English words when capitalised at the start of a sentence: "Congo" alone almost always
// means the Democratic Republic of the Congo (data/actors/countries.txt gives it to COD);
// "Brussels" stands for the European Union (data/actors/organisations.txt); "Island" (Iceland),
// "Mann" (Isle of Man), "Malé" (key "male") and "Victoria" (Seychelles) would match common words
// and names far more often than the countries.
const NOT_NEWS_NAMES = {
  COG: ['Congo'],
  BEL: ['Brussels'],
  ISL: ['Island'],
  IMN: ['Mann'],
  MDV: ['Malé'],
  SYC: ['Victoria'],
};

function fail(message) {
  process.stderr.write(`gen_countries.mjs: ${message}\n`);
  process.exit(1);
}

// Latin script only: ASCII, Latin-1 Supplement letters and Latin Extended-A/B, plus combining
// marks. IPA transcriptions (U+0250..) and other scripts are not how English news writes names.
function isLatin(text) {
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (cp < 0x80) continue;
    if (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) continue;
    if (cp >= 0x300 && cp <= 0x36f) continue;
    if (cp === 0x2019) continue;  // typographic apostrophe
    return false;
  }
  return /[A-Za-z]/.test(text);
}

// English plural of a demonym: "Syrian" → "Syrians"; nouns already collective ("Chinese",
// "Swiss", "British", "French", "Dutch") take no 's'.
function plural(demonym) {
  if (/(s|sh|ch|ese|x|z)$/i.test(demonym)) return null;
  return demonym + 's';
}

function clean(text) {
  return text.replace(/\s+/g, ' ').trim();
}

function main() {
  const [nodeModules, outFile] = process.argv.slice(2);
  if (!nodeModules || !outFile) fail('usage: node scripts/gen_countries.mjs NODE_MODULES_DIR OUT_FILE');
  const source = path.join(nodeModules, 'world-countries', 'countries.json');
  let countries;
  try {
    countries = JSON.parse(fs.readFileSync(source, 'utf8'));
  } catch (err) {
    fail(`cannot read ${source}: ${err.message} (expected the npm package world-countries)`);
  }
  if (!Array.isArray(countries)) fail(`${source}: expected a JSON array of countries`);

  const allCodes = new Set();
  for (const c of countries) {
    for (const code of [c.cca2, c.cca3, c.ccn3, c.cioc]) if (code) allCodes.add(code);
  }

  const records = [];
  for (const c of countries) {
    if (!c.cca3 || !c.name || !c.name.common) fail(`${source}: a country without cca3 or name.common`);
    const code = CAMEO_CODE[c.cca3] || c.cca3;
    const name = clean(c.name.common);
    const aliases = [];
    const candidates = [c.name.official, ...(c.altSpellings || [])];
    for (const raw of candidates) {
      if (!raw) continue;
      const alias = clean(raw);
      if (alias.length <= 2 || allCodes.has(alias)) continue;  // codes are not names in prose
      if (/[,()]/.test(alias) || alias.includes(';')) continue;  // "Palestine, State of"
      if (!isLatin(alias) || alias === name || aliases.includes(alias)) continue;
      if ((NOT_NEWS_NAMES[c.cca3] || []).includes(alias)) continue;
      aliases.push(alias);
    }
    const adjectives = [];
    const eng = c.demonyms && c.demonyms.eng;
    for (const raw of eng ? [eng.m, eng.f] : []) {
      if (!raw) continue;
      const demonym = clean(raw);
      if (!isLatin(demonym) || /[,;()]/.test(demonym)) continue;
      for (const form of [demonym, plural(demonym)]) {
        if (form && !adjectives.includes(form)) adjectives.push(form);
      }
    }
    // A territory's capital (Hamilton, Stanley, Jamestown) hardly ever stands for a government in
    // news and is often a common name; only sovereign states get one here.
    let capital = c.independent !== false && c.capital && c.capital.length ? clean(c.capital[0]) : '';
    if ((NOT_NEWS_NAMES[c.cca3] || []).includes(capital)) capital = '';
    records.push({ code, name, aliases, adjectives, capital, latlng: c.latlng || [] });
  }
  records.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  // Find names (in any role) used by more than one country, comparing case-insensitively.
  const owners = new Map();
  const note = (text, code) => {
    const key = text.toLowerCase();
    if (!owners.has(key)) owners.set(key, new Set());
    owners.get(key).add(code);
  };
  for (const r of records) {
    for (const text of [r.name, ...r.aliases, ...r.adjectives, r.capital]) if (text) note(text, r.code);
  }
  const shared = new Set();
  for (const [key, codes] of [...owners.entries()].sort()) {
    if (codes.size > 1) {
      shared.add(key);
      process.stderr.write(`gen_countries.mjs: warning: "${key}" names ${[...codes].join(', ')}; dropped from all\n`);
    }
  }
  const keep = (text) => !shared.has(text.toLowerCase());

  const lines = [
    '# GENERATED BY scripts/gen_countries.mjs from world-countries (ODbL 1.0); DO NOT EDIT',
    '# Format: docs/actors.md. Additions and corrections go in data/actors/countries.txt.',
    '',
  ];
  for (const r of records) {
    if (!keep(r.name)) fail(`the common name "${r.name}" of ${r.code} is shared by another country`);
    lines.push(`actor ${r.code}`, '  kind: country', `  name: ${r.name}`);
    const aliases = r.aliases.filter(keep);
    const adjectives = r.adjectives.filter(keep);
    if (aliases.length) lines.push(`  alias: ${aliases.join('; ')}`);
    if (adjectives.length) lines.push(`  adjective: ${adjectives.join('; ')}`);
    if (r.capital && keep(r.capital)) lines.push(`  capital: ${r.capital}`);
    if (r.latlng.length === 2) lines.push(`  latlng: ${r.latlng[0]}; ${r.latlng[1]}`);
    lines.push('');
  }
  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  fs.writeFileSync(outFile, lines.join('\n'));
}

main();
