// The single-page app: session bootstrap, the shell (left navigation, user badge, live
// counter), hash routes and the SSE stream. Each page is one module under pages/ exporting
// render(root, ctx), which may return a cleanup function run when the route changes.
import { api, get, setCsrfToken, setUnauthorizedHandler } from './api.js';
import { h, clear, LEVELS, ROLES } from './dom.js';

const ROUTES = [
  { path: 'overview', title: '总览', icon: '◧', load: () => import('./pages/overview.js') },
  { path: 'map', title: '地图', icon: '◩', load: () => import('./pages/map.js') },
  { path: 'incidents', title: '事件', icon: '⚑', load: () => import('./pages/incidents.js') },
  { path: 'search', title: '检索', icon: '⌕', load: () => import('./pages/search.js') },
  { path: 'schemes', title: '方案', icon: '☰', load: () => import('./pages/schemes.js') },
  { path: 'sources', title: '信息源', icon: '◉', load: () => import('./pages/sources.js') },
  { path: 'users', title: '用户', icon: '☺', admin: true, load: () => import('./pages/users.js') },
];

const state = {
  user: null,
  cleanup: null,
  events: null,
  newItems: 0,
  listeners: new Set(),  // page callbacks for SSE events: fn(type, data)
  renderSeq: 0,
};

const root = document.getElementById('app');

setUnauthorizedHandler(() => {
  state.user = null;
  closeEvents();
  if (!location.hash.startsWith('#/login')) location.hash = loginHash();
});

// Back to where the user was after logging in (a deep link to an incident survives login).
function loginHash() {
  const here = location.hash;
  if (here.startsWith('#/login')) return here;
  return here && here !== '#/' ? `#/login?next=${encodeURIComponent(here)}` : '#/login';
}

// "#/incidents/abc?x=1" → {path: 'incidents', rest: ['abc'], query: URLSearchParams}
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [pathPart, queryPart = ''] = raw.split('?');
  const [path = '', ...rest] = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  return { path, rest, query: new URLSearchParams(queryPart) };
}

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

async function ensureSession() {
  if (state.user) return true;
  try {
    const me = await api('GET', '/api/me');
    setSession(me);
    return true;
  } catch {
    return false;
  }
}

export function setSession(answer) {
  state.user = answer.user;
  state.newItems = 0;  // the counter is per session: another user's count means nothing
  setCsrfToken(answer.csrf_token);
  openEvents();
}

async function logout() {
  try { await api('POST', '/api/logout'); } catch { /* the session may be gone already */ }
  state.user = null;
  setCsrfToken('');
  closeEvents();
  location.hash = '#/login';
}

// SSE: new items bump the counter in the top bar; pages subscribe for their own refreshes.
function openEvents() {
  if (state.events || typeof EventSource === 'undefined') return;
  const es = new EventSource('/api/events');
  const dispatch = (type) => (ev) => {
    let data = null;
    try { data = JSON.parse(ev.data); } catch { return; }
    if (type === 'item') {
      state.newItems += 1;
      updateLiveCounter();
    }
    for (const fn of state.listeners) fn(type, data);
  };
  es.addEventListener('item', dispatch('item'));
  es.addEventListener('incident', dispatch('incident'));
  es.onopen = () => setLive(true);
  es.onerror = () => setLive(false);  // EventSource reconnects by itself
  state.events = es;
}

function closeEvents() {
  if (state.events) state.events.close();
  state.events = null;
}

function setLive(ok) {
  const dot = document.getElementById('live-dot');
  if (dot) {
    dot.classList.toggle('off', !ok);
    dot.title = ok ? '实时推送已连接' : '实时推送已断开，正在重连';
  }
}

function updateLiveCounter() {
  const el = document.getElementById('live-count');
  if (!el) return;
  el.textContent = state.newItems ? `新增 ${state.newItems} 条` : '暂无新增';
  el.classList.toggle('has-new', state.newItems > 0);
}

function shell(active) {
  const user = state.user;
  const unit = user.unit || {};
  const nav = h('nav.nav', ROUTES.filter((r) => !r.admin || user.role === 'admin').map((r) => h('a.nav-item', {
    href: `#/${r.path}`,
    class: r.path === active ? 'active' : undefined,
    dataset: { route: r.path },
  }, h('span.nav-icon', r.icon), h('span', r.title))));
  const live = h('button.live', {
    type: 'button',
    title: '点击查看最新信息',
    onclick: () => { state.newItems = 0; updateLiveCounter(); navigate('#/search'); },
  }, h('span#live-dot.dot'), h('span#live-count', '暂无新增'));
  const badge = h('div.user-badge', { dataset: { role: user.role, unitLevel: unit.level || '' } },
    h('div.user-name', user.display_name || user.username),
    h('div.user-unit', `${unit.name || ''} · ${LEVELS[unit.level] || ''} · ${ROLES[user.role] || user.role}`),
    h('button.link#logout', { type: 'button', onclick: logout }, '退出'));
  const main = h('main#page.page', { dataset: { route: active } });
  const layout = h('div.layout',
    h('aside.sidebar',
      h('div.brand', h('div.brand-title', '社保舆情监测'), h('div.brand-sub', '舆情监测与处置平台')),
      nav),
    h('div.content',
      h('header.topbar', h('h1#page-title'), h('div.topbar-right', live, badge)),
      main));
  clear(root, layout);
  updateLiveCounter();
  setLive(!!state.events && state.events.readyState === 1);
  return main;
}

async function route() {
  const seq = ++state.renderSeq;
  if (state.cleanup) { try { state.cleanup(); } catch { /* a page's cleanup must not block */ } }
  state.cleanup = null;
  state.listeners.clear();
  const { path, rest, query } = parseHash();

  if (path === 'login') {
    const page = await import('./pages/login.js');
    if (seq !== state.renderSeq) return;
    clear(root);
    page.render(root, {
      onLogin: (answer) => {
        setSession(answer);
        const next = query.get('next') || '';
        navigate(next.startsWith('#/') && !next.startsWith('#/login') ? next : '#/overview');
      },
    });
    return;
  }
  if (!(await ensureSession())) {
    location.hash = loginHash();
    return;
  }
  const r = ROUTES.find((x) => x.path === path);
  if (!r) { location.hash = '#/overview'; return; }
  const main = shell(r.path);
  document.getElementById('page-title').textContent = r.title;
  document.title = `${r.title} · 社保舆情监测`;
  const page = await r.load();
  if (seq !== state.renderSeq) return;
  const ctx = {
    user: state.user,
    rest,
    query,
    navigate,
    onEvent: (fn) => state.listeners.add(fn),
    get,
  };
  try {
    state.cleanup = (await page.render(main, ctx)) || null;
  } catch (err) {
    if (err && err.status === 401) return;
    clear(main, h('div.error', `页面加载失败：${err.message || err}`));
  }
  main.dataset.ready = '1';  // tests wait on this (with data-route, set by shell())
}

window.addEventListener('hashchange', route);
route();
