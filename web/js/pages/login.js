// 登录: POST /api/login; the answer's csrf_token is kept in memory for later mutations.
import { api, setCsrfToken } from '../api.js';
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
        if (answer.user && answer.user.must_change_password) {
          setCsrfToken(answer.csrf_token);
          form.replaceWith(changePassword(password.value, answer, onLogin));
          return;
        }
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

// A one-time password (the first start's, or one an admin reset) must be replaced before the
// dashboard opens: POST /api/me/password.
function changePassword(oldPassword, answer, onLogin) {
  const first = h('input#new-password', { type: 'password', autocomplete: 'new-password', required: true, minLength: 8 });
  const second = h('input#new-password-again', { type: 'password', autocomplete: 'new-password', required: true });
  const error = h('div.form-error', { role: 'alert' });
  const submit = h('button.btn.primary', { type: 'submit' }, '修改密码并进入');
  return h('form.login-card', {
    onsubmit: async (ev) => {
      ev.preventDefault();
      error.textContent = '';
      if (first.value.length < 8) { error.textContent = '新密码至少 8 个字符'; return; }
      if (first.value !== second.value) { error.textContent = '两次输入的新密码不一致'; return; }
      submit.disabled = true;
      try {
        await api('POST', '/api/me/password', { old_password: oldPassword, new_password: first.value });
        answer.user.must_change_password = false;
        onLogin(answer);
      } catch (err) {
        error.textContent = err.message;
      } finally {
        submit.disabled = false;
      }
    },
  },
  h('div.login-title', '请修改一次性密码'),
  h('div.login-sub', '首次登录或密码被重置后，需设置新密码'),
  h('label', '新密码', first),
  h('label', '再次输入', second),
  error,
  submit);
}
