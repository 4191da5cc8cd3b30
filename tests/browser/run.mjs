// Browser tests of the web page: headless Chromium (Debian `chromium`) driven by playwright-core
// against `chronicle serve` on a free loopback port over a database built from examples/.
// Each test drives the page like an analyst and saves a screenshot of its view into
// docs/screenshots/ (shown in the README). Run by CTest (browser_test) or by hand:
//   CHRONICLE_CLI=build/chronicle node tests/browser/run.mjs
// Exits 0 when all pass, 1 when one fails, 77 (CTest: skipped) only when Chromium or
// playwright-core is not installed, saying so.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const kSkip = 77;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = process.env.CHRONICLE_CLI || path.join(root, 'build', 'chronicle');
const webDir = process.env.CHRONICLE_WEB_DIR || path.join(path.dirname(cli), 'web');
const screenshots = process.env.CHRONICLE_SCREENSHOTS || path.join(root, 'docs', 'screenshots');
const kChromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];

function findChromium() {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((candidate) => fs.existsSync(candidate));
}

const chromiumPath = findChromium();
if (!chromiumPath) {
  console.log('SKIP browser tests: Chromium is not installed (Debian: apt-get install chromium; scripts/setup.sh installs it)');
  process.exit(kSkip);
}
let chromium;
try {
  ({ chromium } = await import(path.join(root, 'node_modules', 'playwright-core', 'index.mjs')));
} catch (error) {
  console.log(`SKIP browser tests: playwright-core is not installed (run npm ci; scripts/setup.sh does): ${error.message}`);
  process.exit(kSkip);
}
if (!fs.existsSync(cli)) {
  console.error(`browser tests: no chronicle binary at ${cli} (build first, or set CHRONICLE_CLI)`);
  process.exit(1);
}

// ---- a database and a server -------------------------------------------------------------------
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chronicle-browser-'));
const db = path.join(scratch, 'examples.db');
const ingest = spawnSync(cli, ['ingest', '--db', db, path.join(root, 'examples')], { encoding: 'utf8' });
if (ingest.status !== 0) {
  console.error(`browser tests: ingest failed (${ingest.status}):\n${ingest.stderr}`);
  process.exit(1);
}
const server = spawn(cli, ['serve', '--db', db, '--port', '0', '--web', webDir], { stdio: ['ignore', 'pipe', 'pipe'] });
let serverErrors = '';
server.stderr.on('data', (chunk) => { serverErrors += chunk; });
const base = await new Promise((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error(`server did not start: ${serverErrors}`)), 15000);
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const match = out.match(/on (http:\/\/[^\s]+)/);
    if (match) { clearTimeout(timer); resolve(match[1]); }
  });
  server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${serverErrors}`)));
});

async function apiGet(pathAndQuery) {
  const response = await fetch(new URL(`api/${pathAndQuery}`, base));
  return response.json();
}

fs.mkdirSync(screenshots, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath, args: kChromiumArgs, headless: true });
const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 });
const page = await context.newPage();
const pageErrors = [];
page.on('pageerror', (error) => pageErrors.push(error.message));
page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(message.text()); });
// Nothing may be fetched from anywhere but the server.
const foreign = [];
page.on('request', (request) => { if (!request.url().startsWith(base)) foreign.push(request.url()); });

// Waits until the router has rendered the view whose key starts with `prefix` ("timeline:").
async function ready(prefix) {
  await page.waitForFunction((want) => (document.getElementById('view').dataset.ready || '').startsWith(want),
    prefix, { timeout: 15000 });
}
async function shot(name) {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`) });
}
function check(condition, message) {
  if (!condition) throw new Error(message);
}

const tests = [];
const test = (name, body) => tests.push({ name, body });

test('loads the page with the timeline', async () => {
  await page.goto(base);
  await ready('timeline:');
  await page.waitForSelector('svg.chart .bar rect');
  const stats = await page.textContent('#stats');
  check(/documents/.test(stats), `header stats missing: "${stats}"`);
  const rows = await page.locator('table.events-table tbody tr').count();
  check(rows > 0, 'no event rows under the timeline');
  await shot('timeline');
});

test('filters the timeline by root and date range', async () => {
  const all = await apiGet('events?limit=1');
  const root = all.items[0].root;
  const from = (await apiGet('stats')).first_date;
  await page.selectOption('#filters select[name=root]', root);
  await page.fill('#filters input[name=from]', from);
  await page.click('#filters button[type=submit]');
  await ready(`timeline::root=${root}`);
  const codes = await page.locator('table.events-table tbody tr td:nth-child(2) .code').allTextContents();
  check(codes.length > 0, `no events for root ${root}`);
  check(codes.every((code) => code.startsWith(root)), `rows outside root ${root}: ${codes.join(',')}`);
  const heading = await page.textContent('.events-box h2');
  const expected = (await apiGet(`events?root=${root}&from=${from}&limit=1`)).total;
  check(heading.startsWith(String(expected)), `heading "${heading}" but the API counts ${expected}`);
  check(page.url().includes(`root=${root}`), 'the filter is not in the URL');
  await shot('timeline-filtered');
});

test('opens a document and sees its highlighted events', async () => {
  await page.goto(`${base}#/documents`);
  await ready('documents:');
  const docs = await apiGet('documents?limit=500');
  const richest = docs.items.reduce((best, doc) => (doc.events > best.events ? doc : best));
  await page.click(`a[href="#/document/${richest.id}"]`);
  await ready(`document:${richest.id}`);
  const triggers = await page.locator('.doc-text .mark-trigger').count();
  const actors = await page.locator('.doc-text .mark-actor').count();
  const cards = await page.locator('.event-card').count();
  check(cards === richest.events, `${cards} event cards, expected ${richest.events}`);
  check(triggers > 0, 'no highlighted event words');
  check(actors > 0, 'no highlighted actors');
  // Hovering an event lights its words in the text.
  await page.hover('.event-card');
  check(await page.locator('.doc-text .mark-trigger.lit').count() > 0, 'hovering an event does not light its words');
  await page.mouse.move(0, 0);
  await shot('document');
});

test('marks negated and hedged events visibly', async () => {
  const flagged = (await apiGet('events?limit=500')).items.find((event) => event.negated || event.hedged);
  if (!flagged) return;  // the examples may code none; nothing to look at then
  await page.goto(`${base}#/document/${flagged.document}?event=${flagged.id}`);
  await ready(`document:${flagged.document}`);
  const badge = flagged.negated ? '.event-card .badge.negated' : '.event-card .badge.hedged';
  check(await page.locator(badge).count() > 0, `no ${badge} on a flagged event`);
});

test('opens an actor profile from the network', async () => {
  await page.goto(`${base}#/network`);
  await ready('network:');
  await page.waitForSelector('svg .node');
  await shot('network');
  const code = await page.getAttribute('svg .node', 'data-code');
  await page.click(`svg .node[data-code="${code}"] circle`);
  await ready(`actor:${code}`);
  const title = await page.textContent('h1.actor-title');
  check(title.includes(code), `profile title "${title}" lacks ${code}`);
  check(await page.locator('.chips .chip').count() > 0, 'no names on the profile');
  await shot('actor');
});

test('shows event places on the map', async () => {
  await page.goto(`${base}#/map`);
  await ready('map:');
  check(await page.locator('path.country').count() > 100, 'country outlines missing');
  const places = (await apiGet('places')).items.length;
  const clusters = await page.locator('circle.cluster').count();
  check(places === 0 || clusters > 0, 'places but no circles');
  if (clusters) {
    await page.locator('circle.cluster').first().click();
    await page.waitForSelector('#map-side table');
  }
  await shot('map');
});

test('searches sentences from the keyboard', async () => {
  await page.goto(`${base}#/timeline`);
  await ready('timeline:');
  await page.keyboard.press('/');
  await page.keyboard.type('minister');
  await page.keyboard.press('Enter');
  await ready('search:');
  const hits = await page.locator('table.list tbody tr').count();
  const expected = Math.min(50, (await apiGet('search?q=minister&limit=1')).total);
  check(hits === expected, `${hits} results, the API has ${expected}`);
  if (hits) check(await page.locator('table.list mark').count() > 0, 'query not highlighted');
  await shot('search');
});

test('nothing is fetched from outside and no script errors', async () => {
  check(foreign.length === 0, `fetched from outside: ${foreign.join(', ')}`);
  check(pageErrors.length === 0, `page errors: ${pageErrors.join(' | ')}`);
});

let passed = 0;
let failed = 0;
for (const { name, body } of tests) {
  const started = Date.now();
  try {
    await body();
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}: ${error.message.split('\n')[0]}`);
    await page.screenshot({ path: path.join(scratch, `failed-${passed + failed}.png`) }).catch(() => {});
  }
}
await browser.close();
server.kill('SIGTERM');
fs.rmSync(db, { force: true });
console.log(`browser: screenshots in ${screenshots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
