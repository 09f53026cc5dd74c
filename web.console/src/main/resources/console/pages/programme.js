// A programme's page: the shell imports /ui/programmes/<id>/<module> and calls render(element, ctx); it knows no
// programme by name. ctx is the web console contract (docs/writing-a-programme.md, "UI").
import { html, useEffect, useRef, useState } from '../lib/preact.js';
import { api, rawFetch, rawUpload, ApiError } from '../api.js';
import { Alert, errorText } from '../lib/kit.js';

/** The context a programme page gets. */
export function programmeContext({ programme, school, lang, me }) {
  const id = programme.id;
  const base = `/ui/programmes/${id}/`;
  const resolve = (path) => (path.startsWith('/') ? path : `/api/programmes/${id}/${path}`);
  return {
    programme: id,
    school,
    lang,
    user: { username: me.username, displayName: me.displayName, roles: [...me.roles], permissions: [...me.permissions] },
    api: (path, opts = {}) => api(resolve(path), { ...opts, school }),
    fetch: (url, init = {}) => rawFetch(url, init, school),
    // an upload that reports its progress: ctx.upload(url, {method, body, headers, onProgress(loaded, total)}) → Response
    upload: (url, init = {}) => rawUpload(url, init, school),
    base,
  };
}

export function ProgrammePage({ t, lang, me, school, programme }) {
  const host = useRef(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let cleanup = null;
    let alive = true;
    const ctx = programmeContext({ programme, school, lang, me });
    const url = `${ctx.base}${programme.ui.module}?school=${encodeURIComponent(school)}`;
    import(url).then(async (mod) => {
      if (!alive) {
        return;
      }
      if (typeof mod.render !== 'function') {
        throw new Error('the module exports no render(root, ctx)');
      }
      const c = await mod.render(host.current, ctx);
      if (!alive) {
        if (typeof c === 'function') { c(); }
        return;
      }
      cleanup = typeof c === 'function' ? c : null;
    }).catch((e) => {
      if (alive) {
        console.warn(`programme page ${programme.id} failed`, e);
        setError(e);
      }
    });
    return () => {
      alive = false;
      if (cleanup) {
        try { cleanup(); } catch (e) { console.warn(e); }
      }
      if (host.current) {
        host.current.replaceChildren();
      }
    };
  }, [programme.id, school, lang]);
  const name = lang === 'en' ? programme.ui.menuEn : programme.ui.menuZh;
  return html`<div>
    ${error ? html`<${Alert}>${t('programme.failed', { name })}: ${error instanceof ApiError ? errorText(error, lang) : String(error.message || error)}<//>` : null}
    <div class="programme-host" ref=${host} data-programme=${programme.id} aria-label=${name} role="region"></div>
  </div>`;
}
