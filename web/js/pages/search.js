// 检索: GET /api/items with q, from, to, scheme, region, sentiment, platform, source_class,
// limit, offset; GET /api/schemes fills the scheme filter. The form state lives in the hash
// query so a search can be linked (总览's hot words and schemes link here).
import { get, serverNow } from '../api.js';
import { h, clear, fmtNumber, emptyState, SENTIMENTS, PLATFORMS, SOURCE_CLASSES } from '../dom.js';
import { itemRow } from '../items.js';

const PAGE_SIZE = 20;
const RANGES = { '': '近7天（默认）', 1: '近24小时', 3: '近3天', 30: '近30天', 90: '近90天', custom: '自定义…' };

export async function render(root, ctx) {
  const q = ctx.query;
  const schemes = await get('/api/schemes').then((a) => a.schemes || []).catch(() => []);
  const options = (map, all) => [h('option', { value: '' }, all),
    ...Object.entries(map).map(([k, v]) => h('option', { value: k }, v))];

  const f = {
    q: h('input#search-q', { type: 'search', placeholder: '输入关键词，如 社保、养老金', value: q.get('q') || '' }),
    range: h('select#search-range', options(RANGES, '').slice(1)),
    scheme: h('select#search-scheme', h('option', { value: '' }, '全部方案'),
      schemes.map((s) => h('option', { value: s.id }, s.name))),
    region: h('input#search-region', { placeholder: '地区代码，如 5101', value: q.get('region') || '', size: 10, pattern: '\\d*' }),
    sentiment: h('select#search-sentiment', options(SENTIMENTS, '全部情感')),
    platform: h('select#search-platform', options(PLATFORMS, '全部平台')),
    source_class: h('select#search-source-class', options(SOURCE_CLASSES, '全部来源')),
  };
  // 自定义: two datetime-local inputs, sent as Unix milliseconds (docs/api.md accepts both).
  const fromInput = h('input#search-from', { type: 'datetime-local', value: q.get('from') || '' });
  const toInput = h('input#search-to', { type: 'datetime-local', value: q.get('to') || '' });
  const custom = h('div.custom-range', h('label', '起', fromInput), h('label', '止', toInput));
  f.range.value = q.get('days') || (q.get('from') || q.get('to') ? 'custom' : '');
  const showCustom = () => { custom.hidden = f.range.value !== 'custom'; };
  showCustom();
  for (const key of ['scheme', 'sentiment', 'platform', 'source_class']) f[key].value = q.get(key) || '';
  let offset = Number(q.get('offset')) || 0;
  // story comes only from links (an item's 同一事件的信息); shown as a removable chip.
  let story = q.get('story') || '';
  const storyChip = h('span.chip#search-story');
  const renderStory = () => clear(storyChip, story ? [`同一事件：${story} `, h('button.link', {
    type: 'button', onclick: () => { story = ''; renderStory(); offset = 0; run(); },
  }, '×')] : null);
  renderStory();

  const summary = h('div.muted#search-summary');
  const results = h('ul.results#search-results');
  const pager = h('div.pager#search-pager');
  const form = h('form.card.search-form', {
    onsubmit: (ev) => { ev.preventDefault(); offset = 0; run(); },
  },
  h('div.search-line', f.q, storyChip, h('button.btn.primary#search-submit', { type: 'submit' }, '检索')),
  h('div.filters',
    h('label', '时间', f.range), h('label', '方案', f.scheme), h('label', '地区', f.region),
    h('label', '情感', f.sentiment), h('label', '平台', f.platform), h('label', '来源', f.source_class)),
  custom);
  f.range.addEventListener('change', showCustom);
  for (const input of [fromInput, toInput]) input.addEventListener('change', () => { offset = 0; run(); });
  for (const sel of [f.range, f.scheme, f.sentiment, f.platform, f.source_class]) {
    sel.addEventListener('change', () => { offset = 0; run(); });
  }
  clear(root, h('div.search', form, h('section.card.results-card', summary, results, pager)));

  function params() {
    const days = Number(f.range.value);
    const isCustom = f.range.value === 'custom';
    const ms = (input) => (isCustom && input.value ? new Date(input.value).getTime() : undefined);
    return {
      q: f.q.value.trim(),
      from: days ? serverNow() - days * 86400000 : ms(fromInput),
      to: ms(toInput),
      scheme: f.scheme.value,
      region: f.region.value.trim(),
      sentiment: f.sentiment.value,
      platform: f.platform.value,
      source_class: f.source_class.value,
      story,
      limit: PAGE_SIZE,
      offset: offset || undefined,
    };
  }

  async function run() {
    // Keep the hash in step without re-rendering the page (replaceState fires no hashchange).
    const p = params();
    const link = new URLSearchParams();
    for (const k of ['q', 'scheme', 'region', 'sentiment', 'platform', 'source_class', 'story']) if (p[k]) link.set(k, p[k]);
    if (f.range.value === 'custom') {
      if (fromInput.value) link.set('from', fromInput.value);
      if (toInput.value) link.set('to', toInput.value);
    } else if (f.range.value) link.set('days', f.range.value);
    if (offset) link.set('offset', offset);
    history.replaceState(null, '', `#/search${link.toString() ? `?${link}` : ''}`);

    summary.textContent = '检索中…';
    results.dataset.loading = '1';
    try {
      const answer = await get('/api/items', p);
      const items = answer.items || [];
      const total = answer.total || 0;
      summary.textContent = total ? `共 ${fmtNumber(total)} 条，显示第 ${offset + 1}–${offset + items.length} 条` : '没有找到符合条件的信息';
      clear(results, items.length ? items.map(itemRow) : emptyState('换个关键词或放宽筛选条件试试'));
      renderPager(total);
    } catch (err) {
      if (err.status === 401) return;
      summary.textContent = '';
      clear(results, h('div.error', `检索失败：${err.message}`));
      clear(pager);
    } finally {
      delete results.dataset.loading;
    }
  }

  function renderPager(total) {
    const pages = Math.ceil(total / PAGE_SIZE);
    const current = Math.floor(offset / PAGE_SIZE);
    const go = (page) => { offset = page * PAGE_SIZE; run(); root.scrollIntoView({ block: 'start' }); };
    clear(pager, pages > 1 ? [
      h('button.btn', { type: 'button', disabled: current === 0, onclick: () => go(current - 1) }, '上一页'),
      h('span.muted', `第 ${current + 1} / ${pages} 页`),
      h('button.btn', { type: 'button', disabled: current >= pages - 1, onclick: () => go(current + 1) }, '下一页'),
    ] : null);
  }

  // New items from SSE only bump the top-bar counter: reloading under the reader's eyes would
  // move the results they are reading. A new search picks them up.
  await run();
}
