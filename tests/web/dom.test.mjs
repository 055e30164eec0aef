// Unit test of web/js/dom.js in jsdom: server strings stay text, the snippet keeps only <mark>,
// item links are http(s) only, countdowns read right. Run: node tests/web/dom.test.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><body></body>', { url: 'http://127.0.0.1/' });
for (const name of ['window', 'document', 'Node', 'location']) globalThis[name] = dom.window[name];

// Imported from its source as a data: URL: the repository's package.json has no
// "type": "module", and Node 18 would load web/js/dom.js as CommonJS. dom.js imports nothing.
const source = fs.readFileSync(new URL('../../web/js/dom.js', import.meta.url), 'utf8');
const { h, snippet, safeUrl, fmtCountdown, regionCodes } = await import(`data:text/javascript,${encodeURIComponent(source)}`);

// Text children are text, whatever they look like.
const el = h('div.a#b', { dataset: { regionCodes: '510104' } }, '<img src=x onerror=alert(1)>');
assert.equal(el.querySelector('img'), null);
assert.equal(el.textContent, '<img src=x onerror=alert(1)>');
assert.equal(el.className, 'a');
assert.equal(el.id, 'b');
assert.equal(el.dataset.regionCodes, '510104');

// The snippet keeps <mark> and text; anything else becomes its text.
const s = snippet('社保卡&lt;b&gt; <mark>补办</mark><img src=x onerror=alert(1)><script>alert(2)</script><b>粗</b>');
assert.equal(s.querySelectorAll('mark').length, 1);
assert.equal(s.querySelector('img, script, b'), null);
assert.equal(s.textContent, '社保卡<b> 补办alert(2)粗');

assert.equal(safeUrl('javascript:alert(1)'), undefined);
assert.equal(safeUrl('data:text/html,x'), undefined);
assert.equal(safeUrl('https://example.com/a?b=1'), 'https://example.com/a?b=1');

assert.equal(fmtCountdown(65 * 1000), '01分05秒');
assert.equal(fmtCountdown(-(3600 + 61) * 1000), '超时 1时01分01秒');
assert.equal(fmtCountdown((86400 + 2 * 3600) * 1000), '1天2时00分00秒');
assert.equal(regionCodes([{ code: '510000' }, { code: '510104' }]), '510000 510104');

console.log('dom.test: ok');
