// One row of an item list (检索 results, an incident's items, a scheme's dry-run samples), with
// a 详情 toggle that loads GET /api/items/{id} for the clean text and engagement figures.
import { get } from './api.js';
import {
  h, clear, fmtTime, fmtNumber, sentimentTag, snippet, itemLink, regionCodes,
  PLATFORMS, SOURCE_CLASSES,
} from './dom.js';

export function itemRow(it) {
  const more = h('div.item-more');
  const toggle = h('button.link.more-toggle', {
    type: 'button',
    onclick: async () => {
      if (more.childNodes.length) { clear(more); toggle.textContent = '详情'; return; }
      toggle.textContent = '收起';
      clear(more, h('span.muted', '加载中…'));
      try {
        clear(more, details(await get(`/api/items/${encodeURIComponent(it.id)}`)));
      } catch (err) {
        if (err.status !== 401) clear(more, h('span.error', err.status === 404 ? '信息不存在或不在管辖范围内' : err.message));
      }
    },
  }, '详情');
  return h('li.result', { dataset: { itemId: it.id, regionCodes: regionCodes(it.regions) } },
    h('div.result-head', sentimentTag(it.sentiment), itemLink(it)),
    h('div.result-snippet', snippet(it.snippet)),
    h('div.result-meta',
      h('span', PLATFORMS[it.platform] || it.platform || ''),
      it.site ? h('span', it.site) : null,
      it.author ? h('span', it.author) : null,
      h('span', fmtTime(it.created_at)),
      it.source_class ? h('span', SOURCE_CLASSES[it.source_class] || it.source_class) : null,
      (it.regions || []).map((r) => h('span.tag.region', { title: r.code }, r.name || r.code)),
      (it.schemes || []).map((s) => h('span.tag.scheme', s)),
      toggle),
    more);
}

function details(item) {
  const keywords = (item.keywords || []).map((k) => (typeof k === 'string' ? k : k.word || k.text || '')).filter(Boolean);
  return h('div.item-details',
    h('div.item-text', item.text || '（无正文）'),
    h('div.result-meta',
      h('span', `转发 ${fmtNumber(item.reposts || 0)}`),
      h('span', `评论 ${fmtNumber(item.comments || 0)}`),
      h('span', `点赞 ${fmtNumber(item.likes || 0)}`),
      item.source_credibility !== undefined && item.source_credibility !== null
        ? h('span', `来源可信度 ${Number(item.source_credibility).toFixed(2)}`) : null,
      item.duplicate_of ? h('span', `重复自 ${item.duplicate_of}`) : null,
      item.parent_id ? h('span', `转发自 ${item.parent_id}`) : null,
      item.story_id ? h('a', { href: `#/search?story=${encodeURIComponent(item.story_id)}` }, '同一事件的信息')
        : null),
    keywords.length ? h('div.item-keywords', keywords.slice(0, 12).map((k) => h('span.tag', k))) : null);
}
