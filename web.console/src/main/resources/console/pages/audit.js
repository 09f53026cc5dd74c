// 审计日志 (audit.read): the audit log, newest first, filtered by user, child, school, action and days
// (GET /api/audit), page by page; and the check that no entry was changed or removed (GET /api/audit/verify).
// Actions, outcomes and kinds of record are shown in words; times in China time. The filters live in the page's
// address (#/audit?user=…&action=…), so a filtered view can be bookmarked and the child's archive can link to it.
import { html, useState, useEffect } from '../lib/preact.js';
import { api } from '../api.js';
import { useLoad, Loaded, ErrorBox, Field, Pager, Alert, Table, formatDateTime, fieldErrors, useId } from '../lib/kit.js';
import { navigate } from '../router.js';

/** The actions the platform writes (core.registry's AuditActions and module operations); others get a generic label. */
export const ACTIONS = ['LOGIN', 'LOGIN_FAILED', 'LOGIN_DELAYED', 'PASSWORD_CHANGE', 'PASSWORD_RESET', 'UNLOCK', 'TOKEN_CREATE',
  'TOKEN_REVOKE', 'CREATE', 'UPDATE', 'ARCHIVE', 'DELETE', 'READ', 'MODULE_INSTALL', 'MODULE_UPDATE', 'MODULE_START',
  'MODULE_STOP', 'MODULE_UNINSTALL', 'MODULE_PURGE', 'BACKUP', 'AUDIT_KEY', 'AUDIT_ALARM', 'AUDIT_ACKNOWLEDGED'];
export const OUTCOMES = ['OK', 'FAILED', 'REFUSED', 'ROLLED_BACK'];
/** The kinds of record the core writes; a programme's are `<programme>.<kind>`. */
export const ENTITIES = ['child', 'guardian', 'guardians', 'parent', 'parents', 'history', 'school', 'class', 'staff',
  'programme', 'user', 'module', 'address', 'roster', 'guardianship_alert', 'incident', 'incident_notice', 'mandatory_report',
  'notice'];
/** Who did it, when it was not a signed-in user. */
export const ACTORS = ['system', 'anonymous'];
const FILTERS = ['user', 'child', 'school', 'action', 'from', 'to'];
const SIZE = 20;

/** An audit code in words: `audit.<kind>.<code>`, or the generic label of that kind for a code the console does not know. */
function word(t, kind, code) {
  return t.or(`audit.${kind}.${code}`, t(`audit.${kind}.other`));
}

/** The kind of record in words; a programme's own records are named after the programme. */
function entityLabel(t, entity, programmes) {
  if (!entity) {
    return '';
  }
  const dot = entity.indexOf('.');
  if (dot > 0 && !ENTITIES.includes(entity)) {
    const p = programmes.find((x) => x.id === entity.slice(0, dot));
    const name = p ? (t.lang === 'en' ? p.nameEn : p.nameZh) || null : null;
    return name ? t('audit.entity.programmeRecord', { programme: name }) : t('audit.entity.other');
  }
  return word(t, 'entity', entity);
}

function Verification({ t }) {
  const [state, setState] = useState({ busy: false, result: null, error: null });
  const run = async () => {
    setState({ busy: true, result: null, error: null });
    try {
      setState({ busy: false, result: await api('/api/audit/verify', { school: false }), error: null });
    } catch (e) {
      setState({ busy: false, result: null, error: e });
    }
  };
  const r = state.result;
  return html`<section class="card" aria-labelledby="h-verify">
    <h2 id="h-verify">${t('audit.verifyTitle')}</h2>
    <p class="muted">${t('audit.verifyIntro')}</p>
    <div class="actions">
      <button type="button" class="btn" id="audit-verify" disabled=${state.busy} onClick=${run}>
        ${state.busy ? t('audit.verifying') : t('audit.verify')}</button>
    </div>
    <div id="audit-verification" role="status" aria-live="polite">
      <${ErrorBox} error=${state.error} t=${t} />
      ${r ? html`<div class=${'alert ' + (r.ok ? 'ok' : 'bad')} data-ok=${r.ok ? 'true' : 'false'}>
        <strong>${r.ok ? t('audit.intact') : t('audit.broken')}</strong>${' '}
        ${r.ok ? t('audit.intactDetail', { checked: r.checked })
          : r.brokenAt == null ? t('audit.brokenAnchor') : t('audit.brokenDetail', { checked: r.checked, at: r.brokenAt })}
        ${!r.ok && r.reason ? html`<details><summary>${t('audit.technical')}</summary><p lang="en">${r.reason}</p></details>` : null}
      </div>` : null}
    </div>
  </section>`;
}

export function AuditPage({ t, me, route, schools, programmes }) {
  const query = route.query.toString();
  const applied = Object.fromEntries(FILTERS.map((f) => [f, route.query.get(f) || '']));
  const page = Math.max(0, Number(route.query.get('page')) || 0);
  const [filters, setFilters] = useState(applied);
  useEffect(() => setFilters(applied), [query]);
  const list = useLoad(() => api('/api/audit', { school: false, query: { ...applied, page, size: SIZE } }), [query]);
  // user names to choose from, for those who may list the users
  const users = useLoad(() => (me.permissions.includes('users.manage')
    ? api('/api/users', { school: false }).then((r) => r.items, () => []) : Promise.resolve([])), []);
  const listId = useId('audit-users');
  const go = (values, p) => {
    const params = new URLSearchParams();
    for (const f of FILTERS) {
      if (values[f] !== null && values[f] !== undefined && String(values[f]).trim() !== '') {
        params.set(f, String(values[f]).trim());
      }
    }
    if (p) {
      params.set('page', String(p));
    }
    if (params.toString() === query) {
      list.reload();
    } else {
      navigate('audit' + (params.toString() ? '?' + params : ''));
    }
  };
  const set = (k) => (v) => setFilters((f) => ({ ...f, [k]: v ?? '' }));
  const errors = fieldErrors(list.error, t.lang);
  const filterError = Object.keys(errors).some((f) => FILTERS.includes(f));
  const schoolName = (id) => schools.find((s) => s.id === id)?.name || t('common.school', { id });
  const actor = (a) => (ACTORS.includes(a) ? t('audit.actor.' + a) : a);
  return html`<h1>${t('audit.title')}</h1>
    <p class="muted">${t('audit.intro')}</p>
    <form class="card toolbar" role="search" id="audit-filters" aria-label=${t('audit.filters')} novalidate
      onSubmit=${(e) => { e.preventDefault(); go(filters, 0); }}>
      <div class="field">
        <label for=${listId + '-input'}>${t('audit.user')}</label>
        <input id=${listId + '-input'} name="user" type="search" list=${listId} autocomplete="off" value=${filters.user}
          aria-describedby=${listId + '-hint'} onInput=${(e) => set('user')(e.target.value)} />
        <span class="hint" id=${listId + '-hint'}>${t('audit.userHint')}</span>
        <datalist id=${listId}>
          ${(users.data || []).map((u) => html`<option value=${u.username}>${u.displayName}</option>`)}
          ${ACTORS.map((a) => html`<option value=${a}>${t('audit.actor.' + a)}</option>`)}
        </datalist>
      </div>
      <${Field} spec=${{ name: 'action', label: t('audit.action'), type: 'select', empty: t('common.all'),
        options: ACTIONS.map((a) => [a, word(t, 'action', a)]) }} value=${filters.action || null} onInput=${set('action')}
        error=${errors.action} />
      <${Field} spec=${{ name: 'school', label: t('audit.school'), type: 'select', empty: t('common.all'),
        options: schools.map((s) => [s.id, s.name || t('common.school', { id: s.id })]) }} value=${filters.school || null}
        onInput=${set('school')} error=${errors.school} />
      <${Field} spec=${{ name: 'child', label: t('audit.child'), type: 'text', inputmode: 'numeric', hint: t('audit.childHint') }}
        value=${filters.child} onInput=${set('child')} error=${errors.child} />
      <${Field} spec=${{ name: 'from', label: t('audit.from'), type: 'date' }} value=${filters.from} onInput=${set('from')}
        error=${errors.from} />
      <${Field} spec=${{ name: 'to', label: t('audit.to'), type: 'date' }} value=${filters.to} onInput=${set('to')}
        error=${errors.to} />
      <div class="actions toolbar-actions">
        <button type="submit" class="btn primary" id="audit-search">${t('common.search')}</button>
        <button type="button" class="btn" id="audit-clear" onClick=${() => { setFilters(Object.fromEntries(FILTERS.map((f) => [f, '']))); go({}, 0); }}>
          ${t('audit.clear')}</button>
      </div>
    </form>
    ${filterError ? html`<${Alert}>${t('audit.fixFilters')}<//>` : html`<${Loaded} state=${list} t=${t}>${(data) => html`
      <${Table} id="audit-table" caption=${t('audit.title')} busy=${list.loading} rows=${data.items} rowKey=${(e) => e.seq}
        rowAttrs=${(e) => ({ 'data-seq': e.seq })} empty=${t('audit.none')} columns=${[
          { key: 'at', label: t('audit.at'), cell: (e) => html`<time datetime=${e.at}>${formatDateTime(e.at, t.lang, true)}</time>` },
          { key: 'user', label: t('audit.user'), cell: (e) => actor(e.actor) },
          { key: 'action', label: t('audit.action'), cell: (e) => word(t, 'action', e.action) },
          { key: 'outcome', label: t('audit.outcome'), cell: (e) => html`<span class=${'badge ' + (e.outcome === 'OK' ? 'ok'
            : e.outcome === 'FAILED' || e.outcome === 'REFUSED' ? 'bad' : 'warn')}>${word(t, 'outcome', e.outcome)}</span>` },
          { key: 'record', label: t('audit.record'), cell: (e) => html`${entityLabel(t, e.entity, programmes || [])}
            ${e.entityId && !/^[0-9]+$/.test(e.entityId) ? html` <span class="muted">${e.entityId}</span>` : null}
            ${e.childId != null ? html` <a href=${'#/children/' + e.childId}>${t('audit.openChild')}</a>` : null}
            ${e.detail ? html`<div class="muted small">${e.detail}</div>` : null}` },
          { key: 'school', label: t('audit.school'), cell: (e) => (e.schoolId != null ? schoolName(e.schoolId) : '') },
          { key: 'address', label: t('audit.address'), cell: (e) => e.address || html`<span class="muted">—</span>` },
        ]} />
      <${Pager} t=${t} page=${data.page} size=${data.size} total=${data.total} onPage=${(p) => go(applied, p)} />`}<//>`}
    <${Verification} t=${t} />`;
}
