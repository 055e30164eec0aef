// 用户 (admins only): GET /api/users, POST /api/users; the unit choices come from GET /api/units
// (the jurisdiction's units down to cities), plus the units of the users already listed.
import { get, post } from '../api.js';
import { h, clear, emptyState, LEVELS, ROLES } from '../dom.js';

export async function render(root, ctx) {
  if (ctx.user.role !== 'admin') {
    clear(root, h('div.card', emptyState('仅管理员可管理用户')));
    return null;
  }
  const table = h('div.table-wrap');
  const units = new Map([[ctx.user.unit.id, ctx.user.unit]]);
  const unitSel = h('select#user-unit', { name: 'unit_id' });
  const fields = {
    username: h('input#user-username', { name: 'username', required: true, autocomplete: 'off' }),
    display_name: h('input#user-display-name', { name: 'display_name', required: true }),
    password: h('input#user-password', { name: 'password', type: 'password', required: true, autocomplete: 'new-password', minLength: 8 }),
    role: h('select#user-role', { name: 'role' }, Object.entries(ROLES).map(([k, v]) => h('option', { value: k }, v))),
  };
  const message = h('div.action-message', { role: 'status' });
  const form = h('form.card.user-form', {
    onsubmit: async (ev) => {
      ev.preventDefault();
      message.textContent = '';
      try {
        const created = await post('/api/users', {
          username: fields.username.value.trim(),
          display_name: fields.display_name.value.trim(),
          password: fields.password.value,
          role: fields.role.value,
          unit_id: unitSel.value,
        });
        message.textContent = `已创建用户 ${created && created.username ? created.username : fields.username.value}`;
        message.className = 'action-message ok';
        form.reset();
        await load();
      } catch (err) {
        if (err.status === 401) return;
        message.textContent = `创建失败：${err.message}`;
        message.className = 'action-message error';
      }
    },
  },
  h('div.card-title', '新建用户'),
  h('div.user-fields',
    h('label', '用户名', fields.username), h('label', '姓名', fields.display_name),
    h('label', '初始密码', fields.password), h('label', '角色', fields.role), h('label', '所属单位', unitSel),
    h('button.btn.primary', { type: 'submit' }, '创建')),
  message);
  clear(root, h('div.users', h('section.card', h('div.card-title', '本单位管辖范围内的用户'), table), form));

  async function load() {
    const [answer, unitList] = await Promise.all([
      get('/api/users'),
      get('/api/units').catch(() => ({ units: [] })),
    ]);
    for (const u of unitList.units || []) units.set(u.id, u);
    const users = answer.users || [];
    for (const u of users) if (u.unit && u.unit.id) units.set(u.unit.id, u.unit);
    const chosen = unitSel.value;
    clear(unitSel, [...units.values()].map((u) => h('option', { value: u.id }, `${u.name}（${LEVELS[u.level] || u.level}）`)));
    if (chosen) unitSel.value = chosen;
    clear(table, users.length ? h('table.table#user-table',
      h('thead', h('tr', h('th', '用户名'), h('th', '姓名'), h('th', '角色'), h('th', '单位'), h('th', '级别'), h('th', '地区代码'))),
      h('tbody', users.map((u) => h('tr', { dataset: { username: u.username } },
        h('td', u.username), h('td', u.display_name || ''), h('td', ROLES[u.role] || u.role),
        h('td', (u.unit && u.unit.name) || ''), h('td', LEVELS[u.unit && u.unit.level] || ''),
        h('td', (u.unit && u.unit.region_code) || '—'))))) : emptyState('暂无用户'));
  }

  await load();
  return null;
}
