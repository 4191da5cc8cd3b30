// Chronicle benchmarks: the leaf bullets of Wikipedia's "Current events" day pages, shared by
// bench/wikipedia_events.mjs (share of bullets with a plausible event) and bench/wikipedia_gold.mjs
// (precision and recall against hand-labelled events), so both read the same bullets with the same ids.
//
// parsePage(markdown, fileName) → {date, bullets: [{section, text, raw}]}: leaf bullets under the
// headings of SECTIONS, links → their text, trailing cited sources ("(AP)") removed, emphasis removed.
// sample(array, n, seed): a seeded Fisher-Yates (mulberry32) shuffle, then the first n.
// No npm dependencies; Node 20.

export const SECTIONS = {
  armed_conflicts: {
    headings: ['armed conflicts and attacks', 'attacks and armed conflicts'],
    roots: new Set(['18', '19', '20']),
  },
  international_relations: {
    headings: ['international relations'],
    roots: new Set(['01', '02', '03', '04', '05', '06', '07', '08', '10', '11', '12', '13', '14', '15', '16', '17']),
  },
};

// Parses "[text](target)" at s[i] == '['. Returns {text, url, end} or null.
export function parseLink(s, i) {
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
export function tokenize(s) {
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

export function cleanBullet(raw) {
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

export function sectionKeyOf(heading) {
  const h = heading.toLowerCase().replace(/\s+/g, ' ').trim();
  for (const [key, def] of Object.entries(SECTIONS)) if (def.headings.includes(h)) return key;
  return null;
}

// Returns {date, bullets: [{section, text, raw}]}.
export function parsePage(md, fileName) {
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


export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sample(arr, n, seed) {
  const a = arr.slice();
  const rnd = mulberry32(seed);
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n);
}
