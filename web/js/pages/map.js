// 地图: GET /api/stats/regions?parent=CODE. The national level is drawn as a China choropleth;
// a click on a province (or a row of a list) drills down to its children, shown as a ranked bar
// chart and a table; the breadcrumb goes back up. Without a parent the server answers the
// children of the user's own unit, so a province or county user starts at their level.
import { get } from '../api.js';
import { chart, loadChina, FONT } from '../charts.js';
import { h, clear, fmtNumber, fmtPercent, LEVELS, emptyState } from '../dom.js';

export async function render(root, ctx) {
  const trail = [];  // [{code, name}] below the user's unit
  const charts = [];
  const crumbs = h('nav.breadcrumb#map-breadcrumb');
  const body = h('div.map-body');
  clear(root, h('div.card.map-card', h('div.map-head', crumbs,
    h('span.muted', '点击地区查看下级；地图颜色越深信息越多')), body));

  const disposeCharts = () => { while (charts.length) charts.pop().cleanup(); };

  async function show() {
    const parent = trail.length ? trail[trail.length - 1].code : undefined;
    const answer = await get('/api/stats/regions', { parent });
    const regions = (answer.regions || []).slice().sort((a, b) => (b.count || 0) - (a.count || 0));
    disposeCharts();
    renderCrumbs(answer);
    const drill = (r) => { trail.push({ code: r.code, name: r.name }); show().catch(showError); };
    if (!regions.length) {
      clear(body, emptyState('该地区暂无下级统计数据'));
    } else if (regions.every((r) => /^\d{2}0000$/.test(r.code))) {
      // Provinces (whatever `level` names, the parent's or the children's): the China map.
      await renderMap(regions, drill);
    } else {
      await renderRanked(regions, levelOf(regions[0].code), drill);
    }
    root.dataset.level = answer.level || '';
    root.dataset.parent = answer.parent || '';
  }

  function renderCrumbs(answer) {
    const unit = ctx.user.unit || {};
    const top = { code: undefined, name: unit.level === 'national' ? '全国' : unit.name };
    const items = [top, ...trail];
    clear(crumbs, items.map((c, i) => {
      const last = i === items.length - 1;
      return [i ? h('span.sep', '›') : null, last
        ? h('span.crumb.current', c.name || answer.parent)
        : h('a.crumb', {
          href: '#/map',
          onclick: (ev) => { ev.preventDefault(); trail.length = i; show().catch(showError); },
        }, c.name)];
    }));
  }

  async function renderMap(regions, drill) {
    const { geo } = await loadChina();
    // The server's province codes (510000) and the shapes' ids share the first two digits.
    const nameByPrefix = new Map(geo.features.map((f) => [String(f.id || f.properties.id || '').slice(0, 2), f.properties.name]));
    const byName = new Map();
    const data = regions.map((r) => {
      const name = nameByPrefix.get(String(r.code).slice(0, 2)) || r.short_name || r.name;
      byName.set(name, r);
      return { name, value: r.count || 0, negative: r.negative || 0, full: r.name };
    });
    const max = Math.max(1, ...data.map((d) => d.value));
    const mapEl = h('div.chart.chart-map#china-map');
    clear(body, h('div.map-split', mapEl, h('div.map-side', h('div.card-title', '各省信息量排行'), table(regions, drill))));
    const map = await chart(mapEl);
    charts.push(map);
    map.setOption({
      textStyle: { fontFamily: FONT },
      tooltip: {
        trigger: 'item',
        formatter: (p) => (p.data
          ? `${p.data.full}<br>信息 ${fmtNumber(p.data.value)} 条<br>负面 ${fmtNumber(p.data.negative)} 条`
          : `${p.name}<br>暂无信息`),
      },
      visualMap: {
        min: 0, max, left: 10, bottom: 10, text: ['多', '少'], calculable: true,
        inRange: { color: ['#eaf1fb', '#9cc0ef', '#2f6fd6', '#173f85'] },
      },
      series: [{
        type: 'map', map: 'china', roam: false, top: 8, bottom: 8, left: 60, right: 8,
        label: { show: false }, emphasis: { label: { show: true }, itemStyle: { areaColor: '#f5c04a' } },
        itemStyle: { borderColor: '#fff', areaColor: '#f2f4f7' },
        data,
      }],
    });
    map.on('click', (p) => { const r = byName.get(p.name); if (r) drill(r); });
  }

  async function renderRanked(regions, level, drill) {
    const top = regions.slice(0, 15).reverse();
    // As tall as the rows need: two regions in a full-height chart are two fat bars.
    const barEl = h('div.chart.chart-ranked', { style: { height: `${Math.min(560, 90 + top.length * 34)}px` } });
    clear(body, h('div.map-split',
      h('div', h('div.card-title', `${LEVELS[level] || '下级'}地区信息量排行`), barEl),
      h('div.map-side', h('div.card-title', '明细'), table(regions, drill))));
    const bar = await chart(barEl);
    charts.push(bar);
    bar.setOption({
      textStyle: { fontFamily: FONT },
      grid: { left: 8, right: 48, top: 28, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0, itemWidth: 12, itemHeight: 8 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: top.map((r) => r.short_name || r.name) },
      series: [
        { type: 'bar', name: '信息', data: top.map((r) => r.count || 0), barMaxWidth: 16, itemStyle: { color: '#2f6fd6' }, label: { show: true, position: 'right' } },
        { type: 'bar', name: '负面', data: top.map((r) => r.negative || 0), barMaxWidth: 16, itemStyle: { color: '#d9363e' } },
      ],
    });
    bar.on('click', (p) => { const r = top[p.dataIndex]; if (r) drill(r); });
  }

  function table(regions, drill) {
    return h('div.table-wrap', h('table.table.compact#region-table',
      h('thead', h('tr', h('th', '#'), h('th', '地区'), h('th.num', '信息'), h('th.num', '负面'), h('th.num', '负面占比'), h('th', ''))),
      h('tbody', regions.map((r, i) => h('tr.clickable', {
        dataset: { regionCode: r.code },
        onclick: () => drill(r),
      },
      h('td.muted', String(i + 1)),
      h('td', r.name),
      h('td.num', fmtNumber(r.count)),
      h('td.num', fmtNumber(r.negative)),
      h('td.num', r.count ? fmtPercent((r.negative || 0) / r.count) : '—'),
      h('td', h('a', {
        href: `#/search?region=${encodeURIComponent(r.code)}`,
        onclick: (ev) => ev.stopPropagation(),
      }, '信息')))))));
  }

  // GB/T 2260: 510000 province, 510100 city, 510104 county, longer codes towns.
  function levelOf(code) {
    const c = String(code);
    if (c.length > 6) return 'town';
    if (c.endsWith('0000')) return 'province';
    return c.endsWith('00') ? 'city' : 'county';
  }

  function showError(err) {
    if (err && err.status === 401) return;
    clear(body, h('div.error', `加载失败：${err.message || err}`));
  }

  await show();
  return disposeCharts;
}
