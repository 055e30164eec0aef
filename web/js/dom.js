// DOM helpers. Every server string goes in through textContent (h's string children), never
// innerHTML, so a title like "<img onerror=…>" stays text. The one exception is the search
// snippet, which the server HTML-escapes and marks up with <mark> only (docs/api.md).

// h('div.card#x', {dataset: {...}, onclick: fn, class: 'a b'}, child, 'text', [more])
export function h(tag, attrs, ...children) {
  const [, name = 'div', rest = ''] = /^([a-z0-9]+)?(.*)$/i.exec(tag);
  const el = document.createElement(name);
  for (const part of rest.match(/[.#][^.#]+/g) || []) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'class') el.className += (el.className ? ' ' : '') + value;
    else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// The snippet: escaped text plus <mark>. Parsed into an inert template and then only text and
// <mark> nodes are copied over, so even a server bug cannot smuggle in other markup.
export function snippet(html) {
  const tpl = document.createElement('template');
  tpl.innerHTML = html || '';
  const out = document.createElement('span');
  out.className = 'snippet';
  for (const node of tpl.content.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) out.appendChild(document.createTextNode(node.data));
    else if (node.nodeName === 'MARK') out.appendChild(h('mark', node.textContent));
    else out.appendChild(document.createTextNode(node.textContent));
  }
  return out;
}

// Item URLs come from crawled pages: only http(s) links become hrefs, so a "javascript:" URL
// in a post cannot run in the dashboard's origin.
export function safeUrl(url) {
  try {
    const u = new URL(url, location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

// The title of an item, linking to the original when its URL is safe.
export function itemLink(it) {
  return h('a.title', { href: safeUrl(it.url), target: '_blank', rel: 'noopener noreferrer' }, it.title || '（无标题）');
}

const pad = (n) => String(n).padStart(2, '0');

// "2026-11-30T08:15:00+08:00" → "11-30 08:15" in the browser's zone (Beijing in the office).
export function fmtTime(iso, withYear = false) {
  if (!iso) return '—';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return String(iso);
  // Beijing time whatever the browser's zone: deadlines and reports are in 北京时间.
  const d = new Date(t + 8 * 3600 * 1000);
  const date = `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${withYear ? d.getUTCFullYear() + '-' : ''}${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

// Remaining time as "3时05分12秒" / "超时 12分03秒".
export function fmtCountdown(ms) {
  const late = ms < 0;
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400); s %= 86400;
  const hh = Math.floor(s / 3600); s %= 3600;
  const mm = Math.floor(s / 60); s %= 60;
  const body = (d ? `${d}天` : '') + (d || hh ? `${hh}时` : '') + `${pad(mm)}分${pad(s)}秒`;
  return late ? `超时 ${body}` : body;
}

export function fmtNumber(n) {
  return n === undefined || n === null ? '—' : Number(n).toLocaleString('zh-CN');
}

export function fmtPercent(x) {
  return x === undefined || x === null ? '—' : `${(x * 100).toFixed(1)}%`;
}

export const SENTIMENTS = { negative: '负面', neutral: '中性', positive: '正面' };
export const SENTIMENT_COLORS = { negative: '#d9363e', neutral: '#8c96a5', positive: '#2f9e5b' };
export const GRADES = { I: '特别重大', II: '重大', III: '较大', IV: '一般' };
export const GRADE_COLORS = { I: '#d9363e', II: '#f07c1b', III: '#e6b800', IV: '#2f6fd6' };
export const STATES = {
  new: '新建', acknowledged: '已确认', handling: '处置中', responded: '已回应', closed: '已关闭',
};
export const LEVELS = { national: '全国', province: '省级', city: '市级', county: '县级', town: '乡镇' };
export const ROLES = { viewer: '只读', operator: '值班员', admin: '管理员' };
export const PLATFORMS = {
  news: '新闻', weibo: '微博', wechat: '微信', forum: '论坛', video: '视频', gov: '政务网站',
  blog: '博客', qa: '问答', other: '其他',
};
export const SOURCE_CLASSES = {
  official: '官方', media: '媒体', self_media: '自媒体', forum: '论坛网民', content_farm: '内容农场',
  unknown: '未知',
};

export function gradeBadge(grade) {
  return h('span.badge.grade', { dataset: { grade: grade || '' } },
    grade ? `${grade}级 ${GRADES[grade] || ''}` : '未分级');
}

export function sentimentTag(sentiment) {
  const label = sentiment && sentiment.label;
  return h('span.tag.sentiment', { dataset: { sentiment: label || '' } }, SENTIMENTS[label] || '—');
}

export function regionCodes(list) {
  return (list || []).map((r) => r.code).filter(Boolean).join(' ');
}

export function emptyState(text) {
  return h('div.empty', text);
}
