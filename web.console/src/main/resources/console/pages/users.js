// 用户: accounts (GET/POST /api/users, PUT /api/users/{id}); an administrator sets a user's new password
// (POST /api/users/{id}/password) and unlocks an account (POST /api/users/{id}/unlock). Each user's state: disabled,
// locked, and the failed sign-ins of the last 24 hours when the platform reports them (failedLogins).
// A school administrator (users.manage.school, not users.manage) gets the accounts of her schools only, from the API;
// the page offers the roles the API says she may grant (GET /api/roles: grantable), and of her own account only the name
// (its roles, schools and status are the county's; her password she changes from the user menu). Editing an account
// also shows its email, mobile and notification channels (GET/PUT /api/users/{id}/notifications, issue 19).
import { html, useState, useEffect, useRef } from '../lib/preact.js';
import { api } from '../api.js';
import { useLoad, Loaded, ErrorBox, Form, Alert, Table, formatDateTime } from '../lib/kit.js';
import { options } from '../i18n.js';
import { newPasswordSpecs, repeatCheck } from './password.js';
import { NotificationSettings } from './notify-settings.js';

/**
 * The fields of the user form: `grantable` roles only; the classes of the school the console acts for (`classes`, a
 * teacher's account needs its classes); of one's `self` account the name only.
 */
function userSpecs(t, { schools, grantable, classes, actingName }, create, self) {
  const specs = [];
  if (create) {
    specs.push({ name: 'username', label: t('user.username'), required: true, autocomplete: 'off' });
  }
  specs.push({ name: 'displayName', label: t('user.displayName'), required: true });
  if (create) {
    specs.push({ name: 'password', label: t('user.password'), type: 'password', required: true, hint: t('user.passwordHint'),
      autocomplete: 'new-password' });
  }
  if (self) {
    return specs;
  }
  specs.push({ name: 'roles', label: t('user.roles'), type: 'checks', options: options(t, 'Role', grantable) });
  specs.push({ name: 'schoolIds', label: t('user.schools'), type: 'checks', numeric: true, options: schools.map((s) => [s.id, s.name]) });
  if (classes.length) {
    specs.push({ name: 'classIds', label: t('user.classesOf', { name: actingName }), type: 'checks', numeric: true,
      options: classes.map((k) => [k.id, k.name]) });
  }
  if (!create) {
    specs.push({ name: 'active', label: t('user.active'), type: 'checkbox' });
  }
  return specs;
}

/**
 * What an administrator may send for a user (the API refuses fields it does not know, such as failedLogins). The
 * classes: those ticked of the acting school's, and the account's classes of other schools as they were.
 */
function userBody(v, editing, classes) {
  const shown = classes.map((k) => k.id);
  const classIds = [...new Set([...(editing.classIds || []).filter((id) => !shown.includes(id)),
    ...(v.classIds || []).filter((id) => shown.includes(id))])];
  const body = { displayName: v.displayName, roles: v.roles, schoolIds: v.schoolIds, classIds, staffId: editing.staffId ?? null };
  return editing.id ? { ...body, active: v.active, version: editing.version } : { ...body, username: v.username, password: v.password };
}

const lockedNow = (u) => !!u.lockedUntil && new Date(u.lockedUntil) > new Date();
/**
 * Failed sign-ins of the last 24 hours, when the platform reports them ({count, addresses, last, delayed}: delayed is how
 * many addresses must wait before they may try again; null: none).
 */
const failures = (u) => (u.failedLogins && u.failedLogins.count > 0 ? u.failedLogins : null);
/** Something to unlock: a lock, or addresses made to wait (when the platform does not say, failures at all). */
const unlockable = (u) => !!u.lockedUntil || (!!failures(u) && failures(u).delayed !== 0);

/** The user's state in words: disabled, locked (until when), sign-ins held back, active; and their recent failed sign-ins. */
function UserState({ t, u }) {
  const f = failures(u);
  return html`${!u.active ? html`<span class="badge bad" data-state="inactive">${t('user.inactive')}</span>`
    : lockedNow(u) ? html`<span class="badge warn" data-state="locked">${t('user.lockedUntil', { time: formatDateTime(u.lockedUntil, t.lang) })}</span>`
    : f && f.delayed > 0 ? html`<span class="badge warn" data-state="delayed">${t('user.delayed', { addresses: f.delayed })}</span>`
    : html`<span class="badge ok" data-state="active">${t('user.active')}</span>`}
    ${f ? html` <span class="badge warn failed-logins">${t('user.failedLogins', { count: f.count, addresses: f.addresses ?? 1 })}</span>
      ${f.last ? html`<span class="muted small">${t('user.failedLoginsLast', { time: formatDateTime(f.last, t.lang) })}</span>` : null}` : null}`;
}

/** A panel above the list (edit, new password): brought into view with its first field focused when it opens. */
function Panel({ id, title, children }) {
  const ref = useRef(null);
  useEffect(() => {
    const el = ref.current;
    el.scrollIntoView({ block: 'start' });
    el.querySelector('input:not([type=hidden]):not([hidden]), select, textarea')?.focus();
  }, []);
  return html`<section class="card" id=${id} ref=${ref} aria-labelledby=${id + '-title'}>
    <h2 id=${id + '-title'}>${title}</h2>${children}</section>`;
}

export function UsersPage({ t, me, school }) {
  const users = useLoad(() => api('/api/users', { school: false }), []);
  const schools = useLoad(() => api('/api/schools', { school: false, query: { size: 500 } }).then((r) => r.items), []);
  const grantable = useLoad(() => api('/api/roles', { school: false }).then((r) => r.grantable), []);
  const classes = useLoad(() => (school == null ? Promise.resolve([]) : api(`/api/schools/${school}/classes`)), [school]);
  // a school administrator: the accounts of her schools (the API lists no others), and of her own the name only
  const limited = !me.permissions.includes('users.manage');
  const isSelf = (u) => limited && u.username === me.username;
  const [editing, setEditing] = useState(null);
  const [resetting, setResetting] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const noticeRef = useRef(null);
  useEffect(() => { if (notice && noticeRef.current) { noticeRef.current.scrollIntoView({ block: 'nearest' }); } }, [notice]);
  const waiting = [users, schools, grantable, classes].find((s) => s.error) || [users, schools, grantable, classes].find((s) => !s.data);
  if (waiting) {
    return html`<h1>${t('users.title')}</h1><${Loaded} state=${waiting} t=${t} />`;
  }
  const form = { schools: schools.data, grantable: grantable.data, classes: classes.data,
    actingName: schools.data.find((s) => s.id === school)?.name || '' };
  const schoolName = (id) => schools.data.find((s) => s.id === id)?.name || t('common.school', { id });
  const open = (what, u) => {
    setNotice(null);
    setError(null);
    setEditing(what === 'edit' ? u : null);
    setResetting(what === 'reset' ? u : null);
  };
  const unlock = async (u) => {
    setNotice(null);
    try {
      await api(`/api/users/${u.id}/unlock`, { method: 'POST', school: false });
      setError(null);
      setNotice(t('user.unlocked', { name: u.displayName || u.username }));
      users.reload();
    } catch (e) {
      setError(e);
    }
  };
  let panel = null;
  if (editing) {
    panel = html`<${Panel} key=${'edit-' + (editing.id || 'new')} id="user-edit" title=${editing.id ? t('user.edit', { name: editing.username }) : t('user.add')}>
      ${isSelf(editing) ? html`<p class="muted" id="user-self-note">${t('user.selfNote')}</p>` : null}
      <${Form} key=${editing.id || 'new'} t=${t} specs=${userSpecs(t, form, !editing.id, isSelf(editing))}
        initial=${{ roles: [], schoolIds: limited && !editing.id && school != null ? [school] : [], classIds: [], ...editing }}
        submit=${async (v) => {
          await api(editing.id ? `/api/users/${editing.id}` : '/api/users',
            { method: editing.id ? 'PUT' : 'POST', body: userBody(v, editing, classes.data), school: false });
          setEditing(null);
          users.reload();
        }} onCancel=${() => setEditing(null)} />
      ${editing.id ? html`<${NotificationSettings} key=${'notify-' + editing.id} t=${t} lang=${t.lang} id="user-notify"
        url=${`/api/users/${editing.id}/notifications`} />` : null}<//>`;
  } else if (resetting) {
    const name = resetting.displayName || resetting.username;
    panel = html`<${Panel} key=${'password-' + resetting.id} id="user-password" title=${t('user.resetTitle', { name })}>
      <p class="muted">${t('user.resetIntro')}</p>
      <${Form} key=${resetting.id} t=${t} specs=${newPasswordSpecs(t, 'password', t('user.newPassword'))}
        initial=${{ password: '', repeat: '' }} validate=${repeatCheck(t, 'password')} submitLabel=${t('user.resetPassword')}
        submit=${async (v) => {
          await api(`/api/users/${resetting.id}/password`, { method: 'POST', body: { password: v.password }, school: false });
          setResetting(null);
          setNotice(t('user.resetDone', { name }));
          users.reload();
        }} onCancel=${() => setResetting(null)}>
        <input type="text" hidden name="username" autocomplete="username" value=${resetting.username} readonly />
      <//><//>`;
  }
  return html`<h1>${t('users.title')}</h1>
    <div ref=${noticeRef}>${notice ? html`<${Alert} kind="ok">${notice}<//>` : null}</div>
    <${ErrorBox} error=${error} t=${t} />
    ${panel || html`<div class="actions" style="margin:0 0 1rem"><button type="button" class="btn primary" id="add-user"
      onClick=${() => open('edit', {})}>${t('user.add')}</button></div>`}
    <${Table} id="users-table" caption=${t('users.title')} rows=${users.data.items} rowKey=${(u) => u.id}
      rowAttrs=${(u) => ({ 'data-username': u.username })} columns=${[
        { key: 'username', label: t('user.username') },
        { key: 'displayName', label: t('user.displayName') },
        { key: 'roles', label: t('user.roles'), cell: (u) => u.roles.map((r) => html`<span class="badge">${t.e('Role', r)}</span> `) },
        { key: 'schools', label: t('user.schools'), cell: (u) => (u.schoolIds.length ? u.schoolIds.map(schoolName).join('、')
          : html`<span class="muted">${t('user.allOrNone')}</span>`) },
        { key: 'state', label: t('user.state'), className: 'state', cell: (u) => html`<${UserState} t=${t} u=${u} />` },
        { key: 'actions', label: t('common.actions'), hideLabel: true, className: 'row-actions', cell: (u) => html`<div class="actions" style="margin:0">
          <button type="button" class="btn small" data-action="edit" onClick=${() => open('edit', u)}
            aria-label=${t('user.edit', { name: u.username })}>${t('common.edit')}</button>
          ${isSelf(u) ? null : html`<button type="button" class="btn small" data-action="reset-password" onClick=${() => open('reset', u)}
            aria-label=${t('user.resetPasswordOf', { name: u.username })}>${t('user.resetPassword')}</button>`}
          ${unlockable(u) ? html`<button type="button" class="btn small" data-action="unlock" onClick=${() => unlock(u)}
            aria-label=${t('user.unlockOf', { name: u.username })}>${t('user.unlock')}</button>` : null}</div>` },
      ]} />`;
}
