// ECharts comes from node_modules through the server's /vendor URLs; loaded on first use so
// the login page does not pay for it.
let echartsPromise = null;
let chinaPromise = null;

export function loadECharts() {
  if (!echartsPromise) echartsPromise = import('/vendor/echarts.esm.min.js');
  return echartsPromise;
}

// The province shapes of echarts 4.9.0 (GeoJSON, names like 四川, ids like 510000).
export async function loadChina() {
  const echarts = await loadECharts();
  if (!chinaPromise) {
    chinaPromise = fetch('/vendor/china.json').then((res) => {
      if (!res.ok) throw new Error(`地图数据加载失败（${res.status}）`);
      return res.json();
    }).then((json) => {
      echarts.registerMap('china', json);
      return json;
    });
    chinaPromise.catch(() => { chinaPromise = null; });
  }
  return { echarts, geo: await chinaPromise };
}

// A chart bound to an element; resizes with the window and is disposed by the page cleanup.
export async function chart(el) {
  const echarts = await loadECharts();
  const instance = echarts.init(el, null, { renderer: 'canvas' });
  const onResize = () => instance.resize();
  window.addEventListener('resize', onResize);
  instance.cleanup = () => {
    window.removeEventListener('resize', onResize);
    instance.dispose();
  };
  return instance;
}

export const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
