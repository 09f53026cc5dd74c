// 消息 (the inbox, issue 19): the bell in the header with the count of unread notices, and the page #/inbox that lists
// the signed-in user's notices, newest first, and marks them read (GET /api/inbox, POST /api/inbox/{id}/read,
// POST /api/inbox/read-all). Only the user's own notices are there: the API answers nothing else.
import { html, useState, useEffect, useCallback } from '../lib/preact.js';
import { api } from '../api.js';
import { useLoad, Loaded, Pager, ErrorBox, formatDateTime } from '../lib/kit.js';

/** Said on window when the inbox changed here (a notice marked read): the bell counts again. */
const CHANGED = 'guanai:inbox';
const SIZE = 20;

/** Tells the bell that the inbox changed (a notice read, a test notice sent). */
export function inboxChanged() {
  dispatchEvent(new Event(CHANGED));
}

/** The bell: an icon and the count of unread notices, small enough to keep 退出 on the header's line on a phone. */
export function Bell({ t }) {
  const [unread, setUnread] = useState(0);
  const count = useCallback(() => {
    api('/api/inbox', { school: false, query: { size: 1, unread: true } }).then((r) => setUnread(r.unread), () => {});
  }, []);
  useEffect(() => {
    count();
    const timer = setInterval(count, 60000);
    addEventListener(CHANGED, count);
    addEventListener('hashchange', count);
    return () => { clearInterval(timer); removeEventListener(CHANGED, count); removeEventListener('hashchange', count); };
  }, [count]);
  const label = unread ? t('inbox.bellUnread', { n: unread }) : t('inbox.bell');
  return html`<a class="btn small bell" id="inbox-bell" href="#/inbox" aria-label=${label} title=${label}>
    <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2"
      stroke-linecap="round" stroke-linejoin="round"><path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" /></svg>
    ${unread ? html`<span class="count" id="inbox-unread">${unread > 99 ? '99+' : unread}</span>` : null}</a>`;
}

export function InboxPage({ t, lang }) {
  const [page, setPage] = useState(0);
  const [onlyUnread, setOnlyUnread] = useState(false);
  const [error, setError] = useState(null);
  const state = useLoad(() => api('/api/inbox', { school: false, query: { page, size: SIZE, unread: onlyUnread || undefined } }),
    [page, onlyUnread]);
  const act = (path) => api(path, { method: 'POST', school: false }).then(
    () => { setError(null); inboxChanged(); state.reload(); }, setError);
  const text = (n, zh, en) => (lang === 'en' ? n[en] : n[zh]);
  return html`<h1 id="h-inbox">${t('inbox.title')}</h1>
    <section class="card" aria-labelledby="h-inbox">
      <div class="actions inbox-actions">
        <label class="check"><input type="checkbox" id="inbox-unread-only" checked=${onlyUnread}
          onChange=${(e) => { setPage(0); setOnlyUnread(e.target.checked); }} /> ${t('inbox.unreadOnly')}</label>
        <button type="button" class="btn small" id="inbox-read-all" onClick=${() => act('/api/inbox/read-all')}>
          ${t('inbox.readAll')}</button>
      </div>
      <${ErrorBox} error=${error} t=${t} />
      <${Loaded} state=${state} t=${t}>${(d) => html`
        <p class="muted" role="status" id="inbox-status">${t('inbox.unreadCount', { n: d.unread })}</p>
        ${d.items.length ? html`<ul class="inbox" id="inbox-list">${d.items.map((n) => html`<li key=${n.id} data-notice=${n.id}
            class=${'notice' + (n.readAt ? '' : ' unread')}>
            <div class="notice-head">
              <strong>${text(n, 'subjectZh', 'subjectEn')}</strong>
              ${n.urgent ? html`<span class="badge bad">${t('inbox.urgent')}</span>` : null}
              ${n.readAt ? null : html`<span class="badge">${t('inbox.new')}</span>`}
            </div>
            <div class="muted small">${formatDateTime(n.createdAt, lang)}</div>
            ${text(n, 'bodyZh', 'bodyEn') ? html`<p>${text(n, 'bodyZh', 'bodyEn')}</p>` : null}
            <div class="actions">
              ${n.link ? html`<a class="btn small" href=${n.link}
                onClick=${() => { if (!n.readAt) { act(`/api/inbox/${n.id}/read`); } }}>${t('inbox.open')}</a>` : null}
              ${n.readAt ? null : html`<button type="button" class="btn small" data-read=${n.id}
                onClick=${() => act(`/api/inbox/${n.id}/read`)}>${t('inbox.markRead')}</button>`}
            </div>
          </li>`)}</ul>`
          : html`<p class="muted" id="inbox-empty">${t(onlyUnread ? 'inbox.emptyUnread' : 'inbox.empty')}</p>`}
        ${d.total > SIZE ? html`<${Pager} t=${t} page=${page} size=${SIZE} total=${d.total} onPage=${setPage} />` : null}`}<//>
    </section>`;
}
