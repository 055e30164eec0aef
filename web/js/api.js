// fetch wrapper: JSON in and out, the session's CSRF token on every mutation, and a 401 sends
// the user to the login page (the session expired or was logged out elsewhere).

let csrfToken = '';
let onUnauthorized = () => {};

// The service's clock runs ahead of nobody's watch during a demo (stream time, accelerated):
// every answer carries it in X-Yuqing-Now, and countdowns use serverNow().
let clockOffsetMs = 0;
export function serverNow() { return Date.now() + clockOffsetMs; }

export function setCsrfToken(token) { csrfToken = token || ''; }
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const now = Number(res.headers.get('X-Yuqing-Now'));
  if (now > 0) clockOffsetMs = now - Date.now();
  if (res.status === 204) return null;
  let data = null;
  try { data = await res.json(); } catch { /* an empty or non-JSON answer */ }
  if (res.status === 401 && path !== '/api/login') {
    onUnauthorized();
    throw new ApiError(401, '登录已过期，请重新登录');
  }
  if (!res.ok) {
    let message = (data && data.error) || `请求失败（${res.status}）`;
    if (res.status === 403) message = (data && data.error) || '没有权限或会话校验失败（403）';
    if (res.status === 429) {
      const wait = res.headers.get('Retry-After');
      message = (data && data.error) || `尝试过于频繁，请${wait ? ` ${wait} 秒后` : '稍后'}再试`;
    }
    throw new ApiError(res.status, message);
  }
  return data;
}

export const get = (path, params) => api('GET', withQuery(path, params));
export const post = (path, body = {}) => api('POST', path, body);
export const put = (path, body = {}) => api('PUT', path, body);

export function withQuery(path, params) {
  if (!params) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
