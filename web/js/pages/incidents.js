// 事件: GET /api/incidents (filters state, grade), GET /api/incidents/{id} for the detail panel,
// POST /api/incidents/{id}/{action} for the workflow (api.js adds the CSRF header). Deadlines
// count down every second and turn red once missed. Viewers see no action buttons.
import { get, post, serverNow } from '../api.js';
import {
  h, clear, fmtTime, fmtCountdown, gradeBadge, regionCodes, emptyState, GRADES, STATES,
} from '../dom.js';
import { itemRow } from '../items.js';

const REPORT_KINDS = { initial: '初报', followup: '续报', final: '终报' };
const TIMELINE_EVENTS = { opened: '发现', escalated: '升级', updated: '更新', closed: '平息', reopened: '再起' };
const AUDIT_ACTIONS = {
  acknowledged: '确认', assigned: '指派', handling: '开始处置', noted: '备注', reported: '报告',
  responded: '已回应', closed: '关闭', reopened: '重新打开', escalated: '超时上报',
  emergency: '应急响应', emergency_on: '启动应急响应', emergency_off: '解除应急响应',
};

export async function render(root, ctx) {
  const canAct = ctx.user.role === 'operator' || ctx.user.role === 'admin';
  const filters = { state: ctx.query.get('state') || '', grade: ctx.query.get('grade') || '' };
  let selected = ctx.rest[0] || '';
  let detail = null;
  let formOpen = false;

  const stateSel = h('select#incident-state', { onchange: () => { filters.state = stateSel.value; loadList(); } },
    h('option', { value: '' }, '全部状态'),
    Object.entries(STATES).map(([k, v]) => h('option', { value: k, selected: filters.state === k }, v)));
  const gradeSel = h('select#incident-grade', { onchange: () => { filters.grade = gradeSel.value; loadList(); } },
    h('option', { value: '' }, '全部等级'),
    Object.entries(GRADES).map(([k, v]) => h('option', { value: k, selected: filters.grade === k }, `${k}级 ${v}`)));
  const count = h('span.muted');
  const list = h('div.incident-list#incident-list');
  const panel = h('section.card.incident-detail#incident-detail', emptyState('选择左侧事件查看详情'));
  clear(root, h('div.incidents',
    h('section.card.incident-list-card',
      h('div.toolbar', stateSel, gradeSel, count),
      list),
    panel));

  async function loadList() {
    const answer = await get('/api/incidents', { state: filters.state, grade: filters.grade, limit: 200 });
    const incidents = answer.incidents || [];
    count.textContent = `共 ${incidents.length} 起`;
    clear(list, incidents.length ? incidents.map(row) : emptyState('暂无事件'));
    tick();
  }

  function row(inc) {
    return h('a.incident-row', {
      href: `#/incidents/${encodeURIComponent(inc.id)}`,
      class: inc.id === selected ? 'selected' : undefined,
      dataset: { incidentId: inc.id, state: inc.state, grade: inc.grade || '', unit: inc.unit || '', regionCodes: (inc.region_codes || []).join(' ') },
      onclick: (ev) => { ev.preventDefault(); select(inc.id); },
    },
    h('div.row-head', gradeBadge(inc.grade), inc.emergency ? h('span.badge.emergency', '应急') : null,
      h('span.title', inc.title)),
    h('div.row-meta',
      h('span.state', { dataset: { state: inc.state } }, STATES[inc.state] || inc.state),
      h('span', `责任单位：${inc.unit_name || inc.unit || '未定'}`),
      inc.assignee ? h('span', `承办：${inc.assignee}`) : null,
      h('span', `${inc.item_count || 0} 条信息`),
      h('span', fmtTime(inc.opened_at))),
    h('div.row-deadlines', deadlineChips(inc)));
  }

  function deadlineChips(inc) {
    if (inc.state === 'closed') return null;
    return (inc.deadlines || []).map((d) => h('span.deadline', {
      dataset: { due: d.due_at || '', met: d.met_at || '', missed: d.missed ? '1' : '' },
    }, h('span.deadline-name', d.name || d.kind), h('span.deadline-left', '')));
  }

  async function select(id) {
    selected = id;
    for (const el of list.querySelectorAll('.incident-row')) el.classList.toggle('selected', el.dataset.incidentId === id);
    history.replaceState(null, '', `#/incidents/${encodeURIComponent(id)}`);
    clear(panel, h('div.muted', '加载中…'));
    try {
      showDetail(await get(`/api/incidents/${encodeURIComponent(id)}`));
    } catch (err) {
      if (err.status === 401) return;
      clear(panel, h('div.error', err.status === 404 ? '事件不存在或不在本单位管辖范围内' : err.message));
    }
  }

  function showDetail(inc) {
    detail = inc;
    formOpen = false;
    const formArea = h('div.action-form');
    const message = h('div.action-message', { role: 'status' });
    const tabBody = h('div.tab-body');
    const tabs = [
      ['时间线', () => timeline(inc)],
      ['备注与报告', () => notesAndReports(inc)],
      ['审计记录', () => audit(inc)],
      [`相关信息（${(inc.items || []).length}）`, () => items(inc)],
    ];
    const tabBar = h('div.tabs', tabs.map(([name, fn], i) => h('button.tab', {
      type: 'button', class: i === 0 ? 'active' : undefined,
      onclick: (ev) => {
        for (const b of tabBar.children) b.classList.remove('active');
        ev.currentTarget.classList.add('active');
        clear(tabBody, fn());
      },
    }, name)));
    clear(tabBody, tabs[0][1]());
    clear(panel,
      h('div.detail-head', { dataset: { incidentId: inc.id, state: inc.state, regionCodes: (inc.region_codes || []).join(' ') } },
        h('div.detail-title', gradeBadge(inc.grade), inc.emergency ? h('span.badge.emergency', '应急响应中') : null,
          h('h2', inc.title)),
        h('div.detail-meta',
          h('span.state#incident-state-label', { dataset: { state: inc.state } }, STATES[inc.state] || inc.state),
          h('span', `责任单位：${inc.unit_name || inc.unit || '未定'}`),
          h('span', `承办：${inc.assignee || '未指派'}`),
          h('span', `评分：${inc.score !== undefined ? Number(inc.score).toFixed(1) : '—'}`),
          h('span', `发现：${fmtTime(inc.opened_at)}`),
          h('span', `最近：${fmtTime(inc.last_event_at)}`)),
        h('div.detail-regions', (inc.regions || []).map((r) => h('span.tag', r.name || r.code)))),
      h('div.detail-deadlines', (inc.deadlines || []).map((d) => h('div.deadline.big', {
        dataset: { due: d.due_at || '', met: d.met_at || '', missed: d.missed ? '1' : '' },
      }, h('span.deadline-name', `${d.name || d.kind}时限`), h('span.deadline-left', ''),
      h('span.deadline-due', `截止 ${fmtTime(d.due_at)}`)))),
      canAct ? h('div.actions#incident-actions', actionButtons(inc, formArea, message)) : null,
      canAct ? formArea : h('div.muted.readonly-note', '只读账号：可查看事件，处置操作需值班员或管理员。'),
      message,
      tabBar,
      tabBody);
    tick();
  }

  function actionButtons(inc, formArea, message) {
    const open = inc.state !== 'closed';
    const run = async (action, body, label) => {
      message.textContent = '';
      message.className = 'action-message';
      try {
        const updated = await post(`/api/incidents/${encodeURIComponent(inc.id)}/${action}`, body);
        showDetail(updated && updated.id ? updated : await get(`/api/incidents/${encodeURIComponent(inc.id)}`));
        const m = panel.querySelector('.action-message');
        m.textContent = `${label}：操作成功`;
        m.className = 'action-message ok';
        await loadList();
      } catch (err) {
        if (err.status === 401) return;
        message.textContent = err.status === 409 ? `当前状态不允许此操作：${err.message}` : err.message;
        message.className = 'action-message error';
      }
    };
    // A button either acts at once or opens a small form for the text the action needs.
    const withForm = (label, fields, submit) => () => {
      formOpen = true;
      const inputs = fields.map((f) => f.el);
      clear(formArea, h('form.inline-form', {
        onsubmit: (ev) => { ev.preventDefault(); formOpen = false; submit(); },
      }, fields.map((f) => h('label', f.label, f.el)),
      h('button.btn.primary', { type: 'submit' }, `提交${label}`),
      h('button.btn', { type: 'button', onclick: () => { formOpen = false; clear(formArea); } }, '取消')));
      if (inputs[0]) inputs[0].focus();
    };
    const text = (name, placeholder, required = true) => h('input', { name, placeholder, required });
    const area = (name, placeholder) => h('textarea', { name, placeholder, rows: 3, required: true });

    const assignee = text('assignee', '人员或单位');
    const note = area('text', '备注内容');
    const reportKind = h('select', { name: 'kind' }, Object.entries(REPORT_KINDS).map(([k, v]) => h('option', { value: k }, v)));
    const reportText = area('text', '报告内容');
    const closeReason = text('reason', '关闭原因（无终报时必填）', false);
    const reopenReason = text('reason', '重新打开原因');

    const btn = (label, action, enabled, onclick, cls = '') => h(`button.btn${cls}`, {
      type: 'button', disabled: !enabled, dataset: { action }, onclick,
    }, label);
    return [
      btn('确认', 'ack', inc.state === 'new', () => run('ack', {}, '确认'), '.primary'),
      btn('指派', 'assign', open, withForm('指派', [{ label: '指派给', el: assignee }],
        () => run('assign', { assignee: assignee.value.trim() }, '指派'))),
      btn('处置中', 'handle', inc.state === 'new' || inc.state === 'acknowledged', () => run('handle', {}, '开始处置')),
      btn('备注', 'note', true, withForm('备注', [{ label: '备注', el: note }],
        () => run('note', { text: note.value.trim() }, '备注'))),
      btn('报告', 'report', open, withForm('报告', [{ label: '类型', el: reportKind }, { label: '内容', el: reportText }],
        () => run('report', { kind: reportKind.value, text: reportText.value.trim() }, REPORT_KINDS[reportKind.value]))),
      btn('已回应', 'respond', open && inc.state !== 'responded', () => run('respond', {}, '已回应')),
      btn('关闭', 'close', open, withForm('关闭', [{ label: '原因', el: closeReason }],
        () => run('close', { reason: closeReason.value.trim() }, '关闭'))),
      btn('重新打开', 'reopen', !open, withForm('重新打开', [{ label: '原因', el: reopenReason }],
        () => run('reopen', { reason: reopenReason.value.trim() }, '重新打开'))),
      btn(inc.emergency ? '解除应急' : '应急响应', 'emergency', open,
        () => run('emergency', { on: !inc.emergency }, inc.emergency ? '解除应急响应' : '启动应急响应'),
        inc.emergency ? '' : '.danger'),
    ];
  }

  function timeline(inc) {
    const events = inc.timeline || [];
    if (!events.length) return emptyState('暂无检测记录');
    return h('ol.timeline', events.map((e) => h('li',
      h('span.time', fmtTime(e.at)),
      h('span.event', TIMELINE_EVENTS[e.event] || e.event),
      e.grade ? gradeBadge(e.grade) : null,
      h('span.reasons', listText(e.reasons)))));
  }

  function notesAndReports(inc) {
    const reports = inc.reports || [];
    const notes = inc.notes || [];
    const escalations = inc.escalations || [];
    return h('div.stack',
      h('h3', '报告'),
      reports.length ? h('ul.entries', reports.map((r) => h('li',
        h('span.time', fmtTime(r.at)), h('span.tag', REPORT_KINDS[r.kind] || r.kind),
        h('span.who', r.author || r.actor || ''), h('div.text', r.text || '')))) : emptyState('暂无报告'),
      h('h3', '备注'),
      notes.length ? h('ul.entries', notes.map((n) => h('li',
        h('span.time', fmtTime(n.at)), h('span.who', n.author || n.actor || ''), h('div.text', n.text || '')))) : emptyState('暂无备注'),
      escalations.length ? [h('h3', '超时上报'), h('ul.entries', escalations.map((e) => h('li',
        h('span.time', fmtTime(e.at)), h('span', `${e.deadline || ''} 超时，由 ${e.from_unit || '—'} 上报 ${e.to_unit || '（无上级）'}`))))] : null);
  }

  function audit(inc) {
    const entries = inc.audit || [];
    if (!entries.length) return emptyState('暂无审计记录');
    return h('table.table.compact', h('thead', h('tr', h('th', '时间'), h('th', '操作人'), h('th', '操作'), h('th', '详情'))),
      h('tbody', entries.map((a) => h('tr',
        h('td.nowrap', fmtTime(a.at)), h('td', a.actor || ''), h('td', AUDIT_ACTIONS[a.action] || a.action || ''),
        h('td.detail-cell', typeof a.detail === 'object' && a.detail !== null ? JSON.stringify(a.detail) : (a.detail || ''))))));
  }

  function items(inc) {
    const list = inc.items || [];
    if (!list.length) return emptyState('暂无相关信息');
    return h('ul.results.compact', list.map(itemRow));
  }

  // Countdowns: every chip holds its due time; one timer rewrites all of them each second.
  function tick() {
    const now = serverNow();
    for (const el of root.querySelectorAll('.deadline[data-due]')) {
      const left = el.querySelector('.deadline-left');
      if (el.dataset.met) {
        el.className = el.className.replace(/ ?(missed|soon)/g, '') ;
        el.classList.add('met');
        left.textContent = '已完成';
        continue;
      }
      const due = Date.parse(el.dataset.due);
      if (Number.isNaN(due)) { left.textContent = '—'; continue; }
      const ms = due - now;
      el.classList.toggle('missed', ms < 0 || el.dataset.missed === '1');
      el.classList.toggle('soon', ms >= 0 && ms < 15 * 60 * 1000);
      left.textContent = fmtCountdown(ms);
    }
  }
  const timer = setInterval(tick, 1000);

  // Live: an incident event refreshes the list (debounced: a burst of events is one reload),
  // and the open detail unless the user is typing in one of its forms.
  let pending = null;
  ctx.onEvent((type, data) => {
    if (type !== 'incident') return;
    clearTimeout(pending);
    pending = setTimeout(() => {
      loadList().catch(() => {});
      if (detail && data && data.id === detail.id && !formOpen) select(detail.id).catch(() => {});
    }, 500);
  });

  await loadList();
  if (selected) await select(selected);
  return () => { clearInterval(timer); clearTimeout(pending); };
}

function listText(value) {
  if (Array.isArray(value)) return value.join('；');
  return value ? String(value) : '';
}
