// 用户: accounts (GET/POST /api/users, PUT /api/users/{id}, unlock); administrators only.
import { html, useState } from '../lib/preact.js';
import { api } from '../api.js';
import { useLoad, ErrorBox, Loading, Form, options, fmtDateTime } from '../ui.js';

const ROLES = ['COUNTY_ADMIN', 'SCHOOL_ADMIN', 'TEACHER', 'HEALTH_WORKER', 'OFFICER'];

function userSpecs(t, schools, create) {
  const specs = [];
  if (create) {
    specs.push({ name: 'username', label: t('user.username'), required: true, autocomplete: 'off' });
  }
  specs.push({ name: 'displayName', label: t('user.displayName'), required: true });
  if (create) {
    specs.push({ name: 'password', label: t('user.password'), type: 'password', required: true, hint: t('user.passwordHint'),
      autocomplete: 'new-password' });
  }
  specs.push({ name: 'roles', label: t('user.roles'), type: 'checks', options: options(t, 'Role', ROLES) });
  specs.push({ name: 'schoolIds', label: t('user.schools'), type: 'checks', numeric: true, options: schools.map((s) => [s.id, s.name]) });
  if (!create) {
    specs.push({ name: 'active', label: t('user.active'), type: 'checkbox' });
  }
  return specs;
}

export function UsersPage({ t }) {
  const users = useLoad(() => api('/api/users', { school: false }), []);
  const schools = useLoad(() => api('/api/schools', { school: false, query: { size: 500 } }).then((r) => r.items), []);
  const [editing, setEditing] = useState(null);
  const [error, setError] = useState(null);
  if (users.error) {
    return html`<h1>${t('users.title')}</h1><${ErrorBox} error=${users.error} t=${t} />`;
  }
  if (!users.data || !schools.data) {
    return html`<${Loading} t=${t} />`;
  }
  const schoolName = (id) => schools.data.find((s) => s.id === id)?.name || '#' + id;
  const unlock = async (u) => {
    try {
      await api(`/api/users/${u.id}/unlock`, { method: 'POST', school: false });
      setError(null);
      users.reload();
    } catch (e) {
      setError(e);
    }
  };
  return html`<h1>${t('users.title')}</h1>
    <${ErrorBox} error=${error} t=${t} />
    ${editing ? html`<section class="card"><h2>${editing.id ? t('user.edit', { name: editing.username }) : t('user.add')}</h2>
      <${Form} key=${editing.id || 'new'} t=${t} specs=${userSpecs(t, schools.data, !editing.id)}
        initial=${{ roles: [], schoolIds: [], classIds: [], ...editing }}
        submit=${async (v) => {
          const body = { ...v, classIds: editing.classIds || [] };
          await api(editing.id ? `/api/users/${editing.id}` : '/api/users',
            { method: editing.id ? 'PUT' : 'POST', body: editing.id ? { ...body, version: editing.version } : body, school: false });
          setEditing(null);
          users.reload();
        }} onCancel=${() => setEditing(null)} /></section>`
      : html`<div class="actions" style="margin:0 0 1rem"><button type="button" class="btn primary" onClick=${() => setEditing({})}>${t('user.add')}</button></div>`}
    <div class="table-wrap"><table class="data">
      <thead><tr><th scope="col">${t('user.username')}</th><th scope="col">${t('user.displayName')}</th>
        <th scope="col">${t('user.roles')}</th><th scope="col">${t('user.schools')}</th><th scope="col">${t('user.state')}</th>
        <th scope="col"><span class="sr-only">${t('common.actions')}</span></th></tr></thead>
      <tbody>${users.data.items.map((u) => html`<tr>
        <td>${u.username}</td><td>${u.displayName}</td>
        <td>${u.roles.map((r) => html`<span class="badge">${t.e('Role', r)}</span> `)}</td>
        <td>${u.schoolIds.length ? u.schoolIds.map(schoolName).join('、') : html`<span class="muted">${t('user.allOrNone')}</span>`}</td>
        <td>${!u.active ? html`<span class="badge bad">${t('user.inactive')}</span>`
          : u.lockedUntil && new Date(u.lockedUntil) > new Date() ? html`<span class="badge warn" title=${fmtDateTime(u.lockedUntil, t.lang)}>${t('user.locked')}</span>`
          : html`<span class="badge ok">${t('user.active')}</span>`}</td>
        <td><div class="actions" style="margin:0"><button type="button" class="btn small" onClick=${() => setEditing(u)}>${t('common.edit')}</button>
          ${u.lockedUntil ? html`<button type="button" class="btn small" onClick=${() => unlock(u)}>${t('user.unlock')}</button>` : null}</div></td>
      </tr>`)}</tbody>
    </table></div>`;
}
