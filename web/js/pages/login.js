// 登录: POST /api/login; the answer's csrf_token is kept in memory for later mutations.
import { api } from '../api.js';
import { h } from '../dom.js';

export function render(root, { onLogin }) {
  const username = h('input#login-username', { name: 'username', autocomplete: 'username', required: true });
  const password = h('input#login-password', {
    name: 'password', type: 'password', autocomplete: 'current-password', required: true,
  });
  const error = h('div.form-error#login-error', { role: 'alert' });
  const submit = h('button.btn.primary#login-submit', { type: 'submit' }, '登录');
  const form = h('form.login-card', {
    onsubmit: async (ev) => {
      ev.preventDefault();
      error.textContent = '';
      submit.disabled = true;
      try {
        const answer = await api('POST', '/api/login', {
          username: username.value.trim(), password: password.value,
        });
        onLogin(answer);
      } catch (err) {
        error.textContent = err.message;
        password.select();
      } finally {
        submit.disabled = false;
      }
    },
  },
  h('div.login-title', '社保舆情监测平台'),
  h('div.login-sub', '人力资源和社会保障舆情监测与处置'),
  h('label', '用户名', username),
  h('label', '密码', password),
  error,
  submit);
  root.appendChild(h('div.login-page', form));
  username.focus();
}
