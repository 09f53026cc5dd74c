// The console's HTTP client: JSON in and out, the session cookie, X-CSRF-Token and the school the console acts for.

/** An answer with status 4xx or 5xx: `status` and the API's error `body` ({error, message_zh, message_en, errors: [...]}). */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.message_en || body.error)) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

const session = { csrf: null, school: null, onUnauthorised: null };

/** The token the login (or /api/me) gave; sent as X-CSRF-Token with every state-changing request. */
export function setCsrf(token) {
  session.csrf = token || null;
}

/** The school (id) requests act for, sent as X-Guanai-School; null for none. */
export function setSchool(id) {
  session.school = id == null ? null : Number(id);
}

export function currentSchool() {
  return session.school;
}

/** Called with the error when an answer is 401 (signed out elsewhere, session expired). */
export function onUnauthorised(fn) {
  session.onUnauthorised = fn;
}

/** Headers every request gets: the CSRF token, and the acting school unless `school` is false or another id. */
export function headers(init = {}, school) {
  const h = new Headers(init.headers || {});
  const s = school === undefined ? session.school : school;
  if (s !== false && s != null && !h.has('X-Guanai-School')) {
    h.set('X-Guanai-School', String(s));
  }
  if (session.csrf && !h.has('X-CSRF-Token')) {
    h.set('X-CSRF-Token', session.csrf);
  }
  return h;
}

/** fetch with the session's headers (for uploads, downloads); resolves to the Response, whatever its status. */
export function rawFetch(url, init = {}, school) {
  return fetch(url, { ...init, credentials: 'same-origin', headers: headers(init, school) });
}

/**
 * An upload with progress (fetch reports none): `method` (POST by default) `body` to `url` with the session's headers,
 * through XMLHttpRequest; `onProgress(loaded, total)` as the body goes out. Resolves to a Response of the answer,
 * whatever its status, like {@link rawFetch}; rejects on a network failure.
 */
export function rawUpload(url, { method = 'POST', body, headers: extra, onProgress } = {}, school) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.withCredentials = true;
    headers({ headers: extra }, school).forEach((v, k) => xhr.setRequestHeader(k, v));
    xhr.responseType = 'blob';
    if (onProgress) {
      xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : null));
    }
    xhr.onload = () => {
      const h = new Headers();
      for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
        const i = line.indexOf(':');
        if (i > 0) {
          h.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
        }
      }
      resolve(new Response(xhr.status === 204 ? null : xhr.response, { status: xhr.status, headers: h }));
    };
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.send(body);
  });
}

function withQuery(path, query) {
  if (!query) {
    return path;
  }
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') {
      params.append(k, String(v));
    }
  }
  const q = params.toString();
  return q ? path + (path.includes('?') ? '&' : '?') + q : path;
}

/**
 * A JSON request. `body` is sent as JSON, except a Blob/ArrayBuffer (sent as application/octet-stream);
 * `school`: false to send no school, a number for another one. Resolves to the parsed JSON (null for 204),
 * rejects with an ApiError on 4xx/5xx.
 */
export async function api(path, { method = 'GET', body, query, school } = {}) {
  const init = { method, headers: {} };
  if (body instanceof Blob || body instanceof ArrayBuffer) {
    init.headers['Content-Type'] = 'application/octet-stream';
    init.body = body;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  init.headers.Accept = 'application/json';
  let res;
  try {
    res = await rawFetch(withQuery(path, query), init, school);
  } catch (e) {
    throw new ApiError(0, { error: 'network', message_zh: '无法连接服务器，请检查网络', message_en: 'Cannot reach the server; check the network' });
  }
  const text = res.status === 204 ? '' : await res.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = { error: 'http_' + res.status, message_zh: `服务器返回 ${res.status}`, message_en: `The server answered ${res.status}` };
    }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, json || { error: 'http_' + res.status,
      message_zh: `服务器返回 ${res.status}`, message_en: `The server answered ${res.status}` });
    if (res.status === 401 && session.onUnauthorised && !path.startsWith('/api/login')) {
      session.onUnauthorised(err);
    }
    throw err;
  }
  return json;
}
