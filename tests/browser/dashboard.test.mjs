// Browser test of the dashboard against a running `yuqing serve` (the C++ harness starts the
// server and runs `node tests/browser/dashboard.test.mjs`). Node 18+, playwright-core with
// Debian's chromium.
//
// Environment:
//   YUQING_URL                                   base URL, e.g. http://127.0.0.1:8080
//   YUQING_COUNTY_USER / YUQING_COUNTY_PASSWORD  a county operator
//   YUQING_PROVINCE_USER / YUQING_PROVINCE_PASSWORD  a province admin
//   YUQING_SCREENSHOTS                           folder for the PNGs (default: a temp folder)
//   YUQING_CHROMIUM                              browser binary (default /usr/bin/chromium)
//
// Checks: the county operator only ever receives items and incidents of its county (every
// /api/items, /api/incidents and dry-run answer the page gets, and every rendered row), a
// search for 社保 finds items, acknowledging an incident shows 已确认, every page renders
// without uncaught errors (one screenshot each); the province admin sees items of more than one
// city of its province. Exit 0 on success, 1 with the reasons otherwise.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const env = (name, fallback) => {
  const v = process.env[name];
  if (v) return v;
  if (fallback !== undefined) return fallback;
  console.error(`dashboard.test: the environment variable ${name} is required`);
  process.exit(2);
};
const BASE = env('YUQING_URL').replace(/\/$/, '');
const COUNTY = { user: env('YUQING_COUNTY_USER'), password: env('YUQING_COUNTY_PASSWORD') };
const PROVINCE = { user: env('YUQING_PROVINCE_USER'), password: env('YUQING_PROVINCE_PASSWORD') };
const SHOTS = env('YUQING_SCREENSHOTS', path.join(os.tmpdir(), 'yuqing-screenshots'));
const CHROMIUM = env('YUQING_CHROMIUM', '/usr/bin/chromium');
const TIMEOUT = 20000;

// Failures are de-duplicated (the same item can arrive in several answers) and only the first
// 25 are printed, so a leaking jurisdiction gives a readable report, not thousands of lines.
const failures = new Set();
const fail = (msg) => {
  if (failures.has(msg)) return;
  failures.add(msg);
  if (failures.size <= 25) console.error(`FAIL ${msg}`);
};
const log = (msg) => console.log(`  ${msg}`);

// The code prefix a unit's jurisdiction covers (docs/api.md): 510000 → 51, 510100 → 5101,
// 510104 → 510104; longer (town) codes are taken whole.
function prefixOf(unit) {
  const code = String(unit.region_code || '');
  if (unit.level === 'national' || !code) return '';
  if (unit.level === 'province') return code.slice(0, 2);
  if (unit.level === 'city') return code.slice(0, 4);
  return code;
}
const under = (code, prefix) => String(code || '').startsWith(prefix);

// Records every API answer the page receives, to check the jurisdiction on all of them.
function watchApi(page, prefix, who) {
  const seen = { items: 0, incidents: 0 };
  page.on('response', async (res) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith('/api/') || res.status() !== 200) return;
    const type = res.headers()['content-type'] || '';
    if (!type.includes('json')) return;
    let body;
    try { body = await res.json(); } catch { return; }
    const items = [];
    if (url.pathname === '/api/items') items.push(...(body.items || []));
    if (url.pathname === '/api/schemes/dry-run') items.push(...(body.samples || []));
    const incidents = [];
    if (url.pathname === '/api/incidents') incidents.push(...(body.incidents || []));
    if (/^\/api\/incidents\/[^/]+(\/[a-z]+)?$/.test(url.pathname) && body.id) {
      incidents.push(body);
      items.push(...(body.items || []));
    }
    for (const it of items) {
      seen.items += 1;
      if (!(it.regions || []).some((r) => under(r.code, prefix))) {
        fail(`${who}: item ${it.id} from ${url.pathname} has no region under ${prefix} (${JSON.stringify(it.regions)})`);
      }
    }
    for (const inc of incidents) {
      seen.incidents += 1;
      // An incident concerns a unit when it is responsible or one of the incident's regions
      // lies in its jurisdiction (a county sees the province-led incident that touches it).
      if (!under(inc.unit, prefix) && !(inc.region_codes || []).some((code) => under(code, prefix))) {
        fail(`${who}: incident ${inc.id} from ${url.pathname} is outside ${prefix} (unit ${inc.unit}, region codes ${JSON.stringify(inc.region_codes)})`);
      }
    }
  });
  return seen;
}

// Rendered rows carry data-region-codes; each must name a code of the jurisdiction.
async function checkRows(page, selector, prefix, who, what) {
  const rows = await page.$$eval(selector, (els) => els.map((e) => ({
    id: e.dataset.itemId || e.dataset.incidentId, codes: (e.dataset.regionCodes || '').split(' ').filter(Boolean),
    unit: e.dataset.unit || '',
  })));
  for (const row of rows) {
    if (!row.codes.some((c) => c.startsWith(prefix)) && !row.unit.startsWith(prefix)) {
      fail(`${who}: ${what} ${row.id} shown with regions [${row.codes.join(', ')}] outside ${prefix}`);
    }
  }
  return rows.length;
}

async function login(page, account) {
  await page.goto(`${BASE}/#/login`);
  await page.waitForSelector('#login-username', { timeout: TIMEOUT });
  await page.fill('#login-username', account.user);
  await page.fill('#login-password', account.password);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/login'), { timeout: TIMEOUT }),
    page.click('#login-submit'),
  ]);
  if (res.status() !== 200) throw new Error(`login as ${account.user} answered ${res.status()}: ${await res.text()}`);
  const { user } = await res.json();
  await page.waitForSelector('#page[data-ready="1"]', { timeout: TIMEOUT });
  return user;
}

// Goes to a route and waits for its page to finish its first load (app.js sets data-ready).
async function open(page, hash) {
  // data-route tells the new page from the one still showing until hashchange has run.
  const route = hash.replace(/^#\//, '').split(/[/?]/)[0];
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(`#page[data-route="${route}"][data-ready="1"]`, { timeout: TIMEOUT });
  const error = await page.$('#page .error');
  if (error) fail(`${hash}: ${await error.textContent()}`);
}

async function shot(page, name) {
  await page.waitForTimeout(900);  // chart animations
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  if (wide) fail(`${name}: the page scrolls horizontally at ${page.viewportSize().width} px`);
  log(`screenshot ${file}`);
}

function watchErrors(page, who) {
  page.on('pageerror', (err) => fail(`${who}: uncaught error in the page: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (/api\/events|status of 40[1349]/.test(text)) return;  // SSE reconnects, expected refusals
    fail(`${who}: console error: ${text}`);
  });
}

async function countyOperator(browser) {
  const who = `county operator ${COUNTY.user}`;
  console.log(`${who}:`);
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  watchErrors(page, who);
  const user = await login(page, COUNTY);
  const prefix = prefixOf(user.unit);
  if (user.unit.level !== 'county') fail(`${who}: the unit's level is ${user.unit.level}, not county`);
  log(`unit ${user.unit.name} (${user.unit.region_code}), prefix ${prefix}`);
  const seen = watchApi(page, prefix, who);

  await open(page, '#/overview');
  const badge = await page.textContent('.user-badge');
  if (!badge.includes(user.unit.name)) fail(`${who}: the user badge does not name the unit: ${badge}`);
  await shot(page, 'overview');

  await open(page, '#/map');
  await shot(page, 'map');

  // Search 社保.
  await open(page, '#/search');
  await page.fill('#search-q', '社保');
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/items' && new URL(r.url()).searchParams.get('q') === '社保', { timeout: TIMEOUT }),
    page.click('#search-submit'),
  ]);
  const answer = await res.json();
  await page.waitForFunction(() => !document.querySelector('#search-results[data-loading]'), null, { timeout: TIMEOUT });
  const shown = await checkRows(page, '#search-results .result', prefix, who, 'item');
  if (!answer.total || !shown) fail(`${who}: searching 社保 found nothing (total ${answer.total})`);
  else log(`search 社保: ${answer.total} items, ${shown} shown`);
  const marks = await page.$$eval('#search-results mark', (els) => els.length);
  if (shown && !marks) fail(`${who}: no <mark> highlight in the search results`);
  await shot(page, 'search');

  // Incidents: open one that is new and acknowledge it.
  await open(page, '#/incidents');
  const rows = await checkRows(page, '#incident-list .incident-row', prefix, who, 'incident');
  log(`${rows} incidents listed`);
  const fresh = await page.$('#incident-list .incident-row[data-state="new"]');
  if (!fresh) {
    fail(`${who}: no incident in state new to acknowledge`);
  } else {
    const id = await fresh.getAttribute('data-incident-id');
    await fresh.click();
    await page.waitForSelector(`#incident-detail .detail-head[data-incident-id="${id}"]`, { timeout: TIMEOUT });
    const [ack] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/incidents/${encodeURIComponent(id)}/ack`), { timeout: TIMEOUT }),
      page.click('#incident-actions button[data-action="ack"]'),
    ]);
    if (ack.status() !== 200) fail(`${who}: acknowledging ${id} answered ${ack.status()}: ${await ack.text()}`);
    try {
      await page.waitForFunction(() => (document.querySelector('#incident-state-label') || {}).textContent === '已确认', null, { timeout: TIMEOUT });
      log(`incident ${id} acknowledged`);
    } catch {
      fail(`${who}: incident ${id} does not show 已确认 after 确认`);
    }
  }
  await shot(page, 'incidents');

  await open(page, '#/schemes');
  await page.waitForFunction(() => {
    const s = document.querySelector('#dry-run-status');
    return !s || (s.textContent && s.textContent !== '试运行中…');
  }, null, { timeout: TIMEOUT }).catch(() => fail(`${who}: the scheme dry run did not answer`));
  await shot(page, 'schemes');

  await open(page, '#/sources');
  await shot(page, 'sources');

  if (!seen.items) fail(`${who}: no item reached the page`);
  if (!seen.incidents) fail(`${who}: no incident reached the page`);
  log(`checked ${seen.items} items and ${seen.incidents} incidents in API answers`);

  await page.click('#logout');
  await page.waitForSelector('#login-username', { timeout: TIMEOUT });
  await page.close();
}

async function provinceAdmin(browser) {
  const who = `province admin ${PROVINCE.user}`;
  console.log(`${who}:`);
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  watchErrors(page, who);
  const user = await login(page, PROVINCE);
  const prefix = prefixOf(user.unit);
  if (user.unit.level !== 'province') fail(`${who}: the unit's level is ${user.unit.level}, not province`);
  log(`unit ${user.unit.name} (${user.unit.region_code}), prefix ${prefix}`);
  watchApi(page, prefix, who);

  await open(page, '#/map');
  await shot(page, 'map-province');
  await open(page, '#/search');
  await checkRows(page, '#search-results .result', prefix, who, 'item');

  // Cities named by the items it can read (a few pages of the newest, through its session).
  const cities = await page.evaluate(async (p) => {
    const found = new Set();
    for (let offset = 0; offset < 500 && found.size < 2; offset += 100) {
      const res = await fetch(`/api/items?limit=100&offset=${offset}`, { credentials: 'same-origin' });
      const body = await res.json();
      for (const it of body.items || []) {
        for (const r of it.regions || []) {
          const code = String(r.code);
          if (code.startsWith(p) && !code.endsWith('0000')) found.add(code.slice(0, 4));
        }
      }
      if ((body.items || []).length < 100) break;
    }
    return [...found];
  }, prefix);
  if (cities.length < 2) fail(`${who}: sees items of ${cities.length} city/cities of its province (${cities.join(', ')}), expected more than one`);
  else log(`items of cities ${cities.join(', ')}`);
  await page.close();
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  // Each part runs even when the other stopped; a stop is always printed (beyond the cap).
  for (const part of [countyOperator, provinceAdmin]) {
    try {
      await part(browser);
    } catch (err) {
      const msg = `${part.name} stopped: ${err && err.stack ? err.stack : err}`;
      if (failures.size >= 25) console.error(`FAIL ${msg}`);
      fail(msg);
    }
  }
  await browser.close();
  if (failures.size) {
    console.error(`dashboard.test: ${failures.size} failure(s)${failures.size > 25 ? ' (the first 25 shown)' : ''}`);
    process.exit(1);
  }
  console.log('dashboard.test: ok');
}

main().catch((err) => {
  console.error(`dashboard.test: could not run: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
