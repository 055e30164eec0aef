// 方案: GET /api/schemes; the expression editor runs POST /api/schemes/dry-run 400 ms after the
// last keystroke (so typing does not fire a request per character); admins save with
// PUT /api/schemes/{id}.
import { get, post, put } from '../api.js';
import { h, clear, fmtNumber, emptyState } from '../dom.js';
import { itemRow } from '../items.js';

const DEBOUNCE_MS = 400;

export async function render(root, ctx) {
  const isAdmin = ctx.user.role === 'admin';
  let schemes = (await get('/api/schemes')).schemes || [];
  let current = null;
  let timer = null;
  let seq = 0;

  const list = h('ul.scheme-list#scheme-list');
  const editor = h('section.card.scheme-editor#scheme-editor', emptyState('选择左侧方案进行查看或编辑'));
  clear(root, h('div.schemes', h('section.card.scheme-list-card', h('div.card-title', `监测方案（${schemes.length}）`), list), editor));

  function renderList() {
    clear(list, schemes.length ? schemes.map((s) => h('li', {
      class: current && current.id === s.id ? 'selected' : undefined,
      dataset: { schemeId: s.id },
      onclick: () => open(s),
    },
    h('div.scheme-name', s.name),
    h('div.scheme-tags',
      s.builtin ? h('span.tag', '内置') : h('span.tag', '自定义'),
      h('span.tag', { class: s.enabled ? 'on' : 'off' }, s.enabled ? '启用' : '停用')))) : emptyState('暂无方案'));
  }

  function open(scheme) {
    current = scheme;
    renderList();
    const name = h('input#scheme-name', { value: scheme.name || '', disabled: !isAdmin });
    const expression = h('textarea#scheme-expression', {
      rows: 5, spellcheck: false,
      oninput: () => { clearTimeout(timer); timer = setTimeout(dryRun, DEBOUNCE_MS); },
    });
    expression.value = scheme.expression || '';
    const enabled = h('input#scheme-enabled', { type: 'checkbox', checked: !!scheme.enabled, disabled: !isAdmin });
    const status = h('div.dry-status#dry-run-status');
    const samples = h('ul.results.compact#dry-run-samples');
    const message = h('div.action-message', { role: 'status' });

    async function dryRun() {
      const mine = ++seq;  // answers may arrive out of order; only the latest counts
      status.textContent = '试运行中…';
      status.className = 'dry-status';
      try {
        const answer = await post('/api/schemes/dry-run', { expression: expression.value, limit: 10 });
        if (mine !== seq) return;
        if (!answer.valid) {
          status.textContent = `表达式有误：${answer.error || '无法解析'}`;
          status.className = 'dry-status error';
          clear(samples);
          return;
        }
        status.textContent = `命中 ${fmtNumber(answer.hits)} / 扫描 ${fmtNumber(answer.scanned)} 条最新信息`;
        status.className = 'dry-status ok';
        const list = answer.samples || [];
        clear(samples, list.length ? list.map(itemRow)
          : emptyState('没有命中的样例'));
      } catch (err) {
        if (mine !== seq || err.status === 401) return;
        status.textContent = `试运行失败：${err.message}`;
        status.className = 'dry-status error';
      }
    }

    async function save(ev) {
      ev.preventDefault();
      message.textContent = '';
      try {
        const saved = await put(`/api/schemes/${encodeURIComponent(scheme.id)}`, {
          name: name.value.trim(), expression: expression.value, enabled: enabled.checked,
        });
        const updated = { ...scheme, ...(saved && saved.id ? saved : { name: name.value.trim(), expression: expression.value, enabled: enabled.checked }) };
        schemes = schemes.map((s) => (s.id === scheme.id ? updated : s));
        current = updated;
        renderList();
        message.textContent = '已保存';
        message.className = 'action-message ok';
      } catch (err) {
        if (err.status === 401) return;
        message.textContent = `保存失败：${err.message}`;
        message.className = 'action-message error';
      }
    }

    clear(editor, h('form.scheme-form', { onsubmit: save },
      h('div.form-row', h('label', '名称', name), h('label.check', enabled, '启用')),
      h('label', '表达式', expression),
      h('div.hint', isAdmin
        ? '修改表达式后约 0.4 秒自动试运行，显示在最新信息上的命中情况。'
        : '可修改表达式试运行查看命中情况；保存需要管理员权限。'),
      isAdmin ? h('div.form-actions', h('button.btn.primary#scheme-save', { type: 'submit' }, '保存'), message) : null,
      h('div.card-title', '试运行结果'), status, samples));
    dryRun();
  }

  renderList();
  const wanted = ctx.rest[0] && schemes.find((s) => s.id === ctx.rest[0]);
  if (wanted || schemes[0]) open(wanted || schemes[0]);
  return () => clearTimeout(timer);
}
