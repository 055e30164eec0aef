// 信息源: GET /api/sources, a health table; refreshes every minute because "stale" is a
// matter of time passing, not of events.
import { get } from '../api.js';
import { h, clear, fmtNumber, fmtPercent, fmtTime, emptyState } from '../dom.js';

const STATUS = { ok: '正常', stale: '延迟', failing: '故障' };
const KINDS = { rss: 'RSS', html: '网页', push: '推送', folder: '文件夹', demo: '演示' };

export async function render(root) {
  const summary = h('div.source-summary');
  const body = h('div.table-wrap');
  clear(root, h('section.card', h('div.card-head', h('div.card-title', '信息源健康状况'), summary), body));

  async function load() {
    const sources = (await get('/api/sources')).sources || [];
    const order = { failing: 0, stale: 1, ok: 2 };
    sources.sort((a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3) || String(a.name).localeCompare(String(b.name), 'zh-CN'));
    const counts = { ok: 0, stale: 0, failing: 0 };
    for (const s of sources) counts[s.status] = (counts[s.status] || 0) + 1;
    clear(summary, Object.entries(STATUS).map(([k, v]) => h('span.status', { dataset: { status: k } }, `${v} ${counts[k] || 0}`)));
    clear(body, sources.length ? h('table.table#source-table',
      h('thead', h('tr', h('th', '状态'), h('th', '名称'), h('th', '类型'), h('th', '最近成功'),
        h('th.num', '24小时'), h('th', '常规日量'), h('th.num', '错误率'), h('th', '最近错误'))),
      h('tbody', sources.map((s) => h('tr', { dataset: { sourceId: s.id, status: s.status } },
        h('td', h('span.status', { dataset: { status: s.status } }, STATUS[s.status] || s.status)),
        h('td', s.name || s.id),
        h('td', KINDS[s.kind] || s.kind || ''),
        h('td.nowrap', fmtTime(s.last_success_at)),
        h('td.num', fmtNumber(s.items_24h)),
        h('td.nowrap', Array.isArray(s.usual_per_day) ? `${fmtNumber(s.usual_per_day[0])}–${fmtNumber(s.usual_per_day[1])}` : '—'),
        h('td.num', fmtPercent(s.error_rate)),
        h('td.error-cell', { title: s.last_error || '' }, s.last_error || '—'))))) : emptyState('暂无信息源'));
  }

  await load();
  const timer = setInterval(() => load().catch(() => {}), 60000);
  return () => clearInterval(timer);
}
