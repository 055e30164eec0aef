// 总览: GET /api/stats/overview, /api/stats/volume?by=sentiment, /api/stats/hotwords.
import { get } from '../api.js';
import { chart, FONT } from '../charts.js';
import {
  h, clear, fmtNumber, fmtPercent, GRADES, SENTIMENTS, SENTIMENT_COLORS, emptyState,
} from '../dom.js';

export async function render(root, ctx) {
  // Each statistic on its own: one failing endpoint leaves an error in its card, not a blank page.
  const errors = [];
  const safe = (promise, fallback) => promise.catch((err) => {
    if (err.status === 401) throw err;
    errors.push(err.message);
    return fallback;
  });
  const [overview, volume, hot] = await Promise.all([
    safe(get('/api/stats/overview'), {}),
    safe(get('/api/stats/volume', { interval: 'hour', by: 'sentiment' }), {}),
    safe(get('/api/stats/hotwords', { limit: 20 }), {}),
  ]);
  const charts = [];
  const open = overview.open_incidents || {};
  const sources = overview.sources || {};

  const kpis = h('div.kpis',
    kpi('信息总量', fmtNumber(overview.items_total), '累计采集'),
    kpi('24小时新增', fmtNumber(overview.items_24h), '最近一天'),
    kpi('24小时负面占比', fmtPercent(overview.negative_share_24h), '负面 / 全部', overview.negative_share_24h > 0.3 ? 'warn' : ''),
    // A failing source is what needs attention, so it leads when there is one.
    kpi('信息源', sources.failing ? `${fmtNumber(sources.failing)} 个故障` : `${fmtNumber(sources.ok)} 个正常`,
      `正常 ${fmtNumber(sources.ok)} · 延迟 ${fmtNumber(sources.stale)} · 故障 ${fmtNumber(sources.failing)}`,
      sources.failing ? 'warn' : '', () => ctx.navigate('#/sources')));

  const grades = h('div.card.grades-card',
    h('div.card-title', '未关闭事件（按等级）'),
    h('div.grade-tiles', ['I', 'II', 'III', 'IV'].map((g) => h('a.grade-tile', {
      href: `#/incidents?grade=${g}`,
      dataset: { grade: g },
    }, h('div.grade-count', fmtNumber(open[g] || 0)), h('div.grade-name', `${g}级 ${GRADES[g]}`)))));

  const trendEl = h('div.chart.chart-trend');
  const pieEl = h('div.chart.chart-pie');
  const schemesEl = h('div.chart.chart-schemes');
  const words = hot.words || [];
  const maxWeight = Math.max(1e-9, ...words.map((w) => w.weight || 0));
  const hotList = words.length ? h('ol.hotwords', words.map((w, i) => h('li',
    h('span.rank', { class: i < 3 ? 'top' : undefined }, String(i + 1)),
    h('a.word', { href: `#/search?q=${encodeURIComponent(w.word)}` }, w.word),
    h('span.bar', h('span', { style: { width: `${Math.round(100 * (w.weight || 0) / maxWeight)}%` } })))))
    : emptyState('暂无热词');

  clear(root,
    h('div.overview',
      errors.length ? h('div.error', `部分统计加载失败：${errors.join('；')}`) : null,
      h('div.row.row-top', kpis, grades),
      h('div.row.row-charts',
        h('div.card.span-2', h('div.card-title', '信息量趋势（按情感，近7天）'), trendEl),
        h('div.card', h('div.card-title', '情感分布（近7天）'), pieEl)),
      h('div.row.row-charts',
        h('div.card.span-2', h('div.card-title', '热门方案'), schemesEl),
        h('div.card', h('div.card-title', '热词排行'), hotList))));

  const series = volume.series || [];
  const trend = await chart(trendEl);
  charts.push(trend);
  trend.setOption({
    textStyle: { fontFamily: FONT },
    grid: { left: 44, right: 16, top: 30, bottom: 28 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, right: 0, itemWidth: 14, itemHeight: 8 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({
      type: 'line',
      name: SENTIMENTS[s.key] || s.name || s.key,
      showSymbol: false,
      smooth: true,
      areaStyle: { opacity: 0.08 },
      itemStyle: { color: SENTIMENT_COLORS[s.key] },
      data: s.points || [],
    })),
  });

  const pie = await chart(pieEl);
  charts.push(pie);
  pie.setOption({
    textStyle: { fontFamily: FONT },
    tooltip: { trigger: 'item', formatter: '{b}：{c} 条（{d}%）' },
    legend: { bottom: 0, itemWidth: 12, itemHeight: 8 },
    series: [{
      type: 'pie',
      radius: ['42%', '68%'],
      center: ['50%', '45%'],
      label: { formatter: '{b}\n{d}%' },
      data: series.map((s) => ({
        name: SENTIMENTS[s.key] || s.name || s.key,
        value: (s.points || []).reduce((sum, p) => sum + (p[1] || 0), 0),
        itemStyle: { color: SENTIMENT_COLORS[s.key] },
      })),
    }],
  });

  const top = (overview.top_schemes || []).slice(0, 8).reverse();
  const bars = await chart(schemesEl);
  charts.push(bars);
  bars.setOption({
    textStyle: { fontFamily: FONT },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: top.map((s) => s.name), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [{
      type: 'bar', data: top.map((s) => s.count), barMaxWidth: 18,
      itemStyle: { color: '#2f6fd6', borderRadius: [0, 3, 3, 0] },
      label: { show: true, position: 'right' },
    }],
  });
  bars.on('click', (p) => {
    const scheme = top[p.dataIndex];
    if (scheme) ctx.navigate(`#/search?scheme=${encodeURIComponent(scheme.id)}`);
  });

  return () => charts.forEach((c) => c.cleanup());
}

function kpi(label, value, sub, tone, onclick) {
  return h('div.card.kpi', { class: tone || undefined, onclick, style: onclick ? { cursor: 'pointer' } : undefined },
    h('div.kpi-label', label), h('div.kpi-value', value), h('div.kpi-sub', sub));
}
