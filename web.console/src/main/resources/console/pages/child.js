// 一人一档: one child's archive to view and edit, its guardians (监护人) and parents (家长), and its history timeline.
import { html, useState } from '../lib/preact.js';
import { api } from '../api.js';
import { useLoad, Loaded, ErrorBox, Loading, Form, Alert, Tabs, formatDateTime } from '../lib/kit.js';
import { options } from '../i18n.js';
import { LEFT_BEHIND, GUARDIAN_KINDS, useClasses } from './children.js';
import { navigate } from '../router.js';

/** The records of a list answer: an array, or {items: [...]}. */
const items = (answer) => (Array.isArray(answer) ? answer : (answer && answer.items) || []);

const FLAGS = ['SINGLE_PARENT', 'DISABLED', 'DIFFICULT', 'POOR'];
const FREQUENCIES = ['WEEKLY', 'BIWEEKLY', 'MONTHLY', 'QUARTERLY', 'HALF_YEARLY', 'YEARLY', 'RARELY'];

function childSpecs(t, classes) {
  return [
    { name: 'name', label: t('child.name'), required: true },
    { name: 'gender', label: t('child.gender'), type: 'select', required: true, options: options(t, 'Gender', ['MALE', 'FEMALE']) },
    { name: 'birthDate', label: t('child.birthDate'), type: 'date', required: true },
    { name: 'idNumber', label: t('child.idNumber'), hint: t('child.idNumberHint') },
    { name: 'studentNumber', label: t('child.studentNumber') },
    { name: 'ethnicity', label: t('child.ethnicity') },
    { name: 'classId', label: t('child.classId'), type: 'select', numeric: true, options: classes.map((c) => [c.id, c.name]) },
    { name: 'boarding', label: t('child.boarding'), type: 'select', options: options(t, 'BoardingType', ['DAY', 'BOARDING']) },
    { name: 'homeAddress', label: t('child.homeAddress') },
    { name: 'village', label: t('child.village') },
    { name: 'leftBehindType', label: t('child.leftBehindType'), type: 'select', required: true,
      options: options(t, 'LeftBehindType', LEFT_BEHIND) },
    { name: 'leftBehindSince', label: t('child.leftBehindSince'), type: 'date' },
    { name: 'hobbies', label: t('child.hobbies') },
    { name: 'healthNote', label: t('child.healthNote'), type: 'textarea' },
    { name: 'flags', label: t('child.flags'), type: 'checks', options: options(t, 'ChildFlag', FLAGS) },
    { name: 'unattended', label: t('child.unattended'), type: 'checkbox' },
  ];
}

function guardianSpecs(t) {
  return [
    { name: 'kind', label: t('guardian.kind'), type: 'select', required: true, options: options(t, 'GuardianKind', GUARDIAN_KINDS) },
    { name: 'name', label: t('guardian.name'), required: true },
    { name: 'relation', label: t('guardian.relation') },
    { name: 'phone', label: t('guardian.phone'), type: 'tel', inputmode: 'tel' },
    { name: 'age', label: t('guardian.age'), type: 'number', inputmode: 'numeric' },
    { name: 'birthDate', label: t('guardian.birthDate'), type: 'date' },
    { name: 'occupation', label: t('guardian.occupation') },
    { name: 'health', label: t('guardian.health') },
    { name: 'address', label: t('guardian.address') },
    { name: 'primary', label: t('guardian.primary'), type: 'checkbox' },
  ];
}

function parentSpecs(t) {
  return [
    { name: 'role', label: t('parent.role'), type: 'select', required: true, options: options(t, 'ParentRole', ['FATHER', 'MOTHER']) },
    { name: 'name', label: t('parent.name'), required: true },
    { name: 'phone', label: t('parent.phone'), type: 'tel', inputmode: 'tel' },
    { name: 'birthDate', label: t('parent.birthDate'), type: 'date' },
    { name: 'away', label: t('parent.away'), type: 'checkbox' },
    { name: 'awaySince', label: t('parent.awaySince'), type: 'date' },
    { name: 'workProvince', label: t('parent.workProvince') },
    { name: 'workCity', label: t('parent.workCity') },
    { name: 'employer', label: t('parent.employer') },
    { name: 'employerAddress', label: t('parent.employerAddress') },
    { name: 'employerPhone', label: t('parent.employerPhone'), type: 'tel' },
    { name: 'returnFrequency', label: t('parent.returnFrequency'), type: 'select', options: options(t, 'ContactFrequency', FREQUENCIES) },
    { name: 'callFrequency', label: t('parent.callFrequency'), type: 'select', options: options(t, 'ContactFrequency', FREQUENCIES) },
    { name: 'guardianshipCapacity', label: t('parent.guardianshipCapacity'), type: 'checkbox' },
    { name: 'deceased', label: t('parent.deceased'), type: 'checkbox' },
  ];
}

/** A record's fields as a definition list, values in words. */
function Facts({ t, specs, record }) {
  const show = (s, v) => {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) {
      return html`<span class="muted">—</span>`;
    }
    if (s.type === 'checkbox') {
      return v ? t('common.yes') : t('common.no');
    }
    if (s.type === 'select' || s.type === 'checks') {
      const labels = new Map(s.options.map(([o, l]) => [String(o), l]));
      return (Array.isArray(v) ? v : [v]).map((x) => labels.get(String(x)) || x).join('、');
    }
    return String(v);
  };
  return html`<dl class="facts">${specs.map((s) => html`<dt>${s.label}</dt><dd data-field=${s.name}>${show(s, record[s.name])}</dd>`)}</dl>`;
}

export function NewChild({ t, school }) {
  const classes = useClasses(school);
  if (!classes.data) {
    return html`<${Loaded} state=${classes} t=${t} />`;
  }
  const specs = childSpecs(t, classes.data);
  const submit = async (values) => {
    const created = await api('/api/children', { method: 'POST', body: { ...values, schoolId: school } });
    navigate('children/' + created.id + '?created=1');
  };
  return html`<h1>${t('children.new')}</h1>
    <div class="card"><${Form} t=${t} specs=${specs} submit=${submit} submitLabel=${t('child.create')}
      initial=${{ gender: null, leftBehindType: null, boarding: 'DAY', flags: [], unattended: false }}
      onCancel=${() => navigate('children')} /></div>`;
}

export function ChildPage({ t, school, me, id, tab, route }) {
  const child = useLoad(() => api(`/api/children/${id}`), [id, school]);
  const classes = useClasses(school);
  const [editing, setEditing] = useState(false);
  const [cardChecked, setCardChecked] = useState(null);
  if (child.error) {
    return html`<h1>${t('child.title')}</h1><${ErrorBox} error=${child.error} t=${t} />`;
  }
  if (!child.data || !classes.data) {
    return html`<${Loading} t=${t} />`;
  }
  const c = child.data;
  const canWrite = me.permissions.includes('registry.write') && !c.archived;
  const tabs = [['archive', t('child.tabArchive')], ['guardians', t('child.tabGuardians')], ['parents', t('child.tabParents')],
    ['history', t('child.tabHistory')]];
  const specs = childSpecs(t, classes.data);
  const archive = async () => {
    if (confirm(t('child.archiveConfirm', { name: c.name }))) {
      await api(`/api/children/${id}`, { method: 'DELETE', query: { version: c.version } }).catch(() => null);
      child.reload();
    }
  };
  const confirmCard = async () => {
    try {
      const r = await api(`/api/children/${id}/card-check`, { method: 'POST', body: {} });
      setCardChecked(r.checkedAt);
    } catch (e) {
      setCardChecked(null);
    }
  };
  let body;
  if (tab === 'guardians') {
    body = html`<${SubRecords} t=${t} childId=${id} kind="guardians" specs=${guardianSpecs(t)} canWrite=${canWrite}
      title=${(g) => g.name + (g.primary ? ' · ' + t('guardian.primary') : '')} />`;
  } else if (tab === 'parents') {
    body = html`<${SubRecords} t=${t} childId=${id} kind="parents" specs=${parentSpecs(t)} canWrite=${canWrite}
      title=${(p) => t.e('ParentRole', p.role) + ' · ' + p.name} />`;
  } else if (tab === 'history') {
    body = html`<${History} t=${t} childId=${id} />`;
  } else if (editing) {
    body = html`<div class="card"><${Form} t=${t} specs=${specs} initial=${c} submitLabel=${t('common.save')}
      submit=${async (values) => { await api(`/api/children/${id}`, { method: 'PUT', body: { ...c, ...values } }); setEditing(false); child.reload(); }}
      onCancel=${() => setEditing(false)} /></div>`;
  } else {
    body = html`<div class="card">
      ${route.query.get('created') ? html`<${Alert} kind="ok">${t('child.created')}<//>` : null}
      ${cardChecked ? html`<${Alert} kind="ok">${t('child.cardChecked')}<//>` : null}
      <${Facts} t=${t} specs=${specs} record=${c} />
      ${canWrite ? html`<div class="actions">
        <button type="button" class="btn primary" id="edit-child" onClick=${() => setEditing(true)}>${t('common.edit')}</button>
        <button type="button" class="btn" id="card-check" onClick=${confirmCard}
          title=${t('child.cardCheckHint')}>${t('child.cardCheck')}</button>
        <button type="button" class="btn danger" onClick=${archive}>${t('child.archive')}</button></div>` : null}
    </div>`;
  }
  return html`<p><a href="#/children">← ${t('children.title')}</a>
      ${me.permissions.includes('audit.read') ? html` · <a href=${'#/audit?child=' + id} id="child-audit">${t('child.audit')}</a>` : null}</p>
    <h1 id="child-name">${c.name} ${c.archived ? html`<span class="badge">${t('child.archived')}</span>` : null}</h1>
    <${Tabs} tabs=${tabs} current=${tab} idPrefix="tab-" label=${t('child.title')} onChange=${(k) => navigate(`children/${id}/${k}`)} />
    <div role="tabpanel">${body}</div>`;
}

/** Guardians or parents of a child: each as facts with edit and remove, and a form to add one. */
function SubRecords({ t, childId, kind, specs, canWrite, title }) {
  const list = useLoad(() => api(`/api/children/${childId}/${kind}`).then(items), [childId, kind]);
  const [editing, setEditing] = useState(null); // a record id, or 'new'
  const [error, setError] = useState(null);
  if (!list.data) {
    return html`<${Loaded} state=${list} t=${t} />`;
  }
  const remove = async (r) => {
    if (!confirm(t('common.removeConfirm', { name: r.name }))) {
      return;
    }
    try {
      await api(`/api/children/${childId}/${kind}/${r.id}`, { method: 'DELETE', query: { version: r.version } });
      setError(null);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const done = () => { setEditing(null); list.reload(); };
  return html`<${ErrorBox} error=${error} t=${t} />
    ${list.data.map((r) => html`<section class="card" aria-label=${title(r)}>
      <h2>${title(r)}</h2>
      ${editing === r.id ? html`<${Form} t=${t} specs=${specs} initial=${r}
          submit=${async (v) => { await api(`/api/children/${childId}/${kind}/${r.id}`, { method: 'PUT', body: { ...r, ...v } }); done(); }}
          onCancel=${() => setEditing(null)} />`
        : html`<${Facts} t=${t} specs=${specs} record=${r} />
          ${canWrite ? html`<div class="actions"><button type="button" class="btn" onClick=${() => setEditing(r.id)}>${t('common.edit')}</button>
            <button type="button" class="btn danger" onClick=${() => remove(r)}>${t('common.remove')}</button></div>` : null}`}
    </section>`)}
    ${list.data.length ? null : html`<p class="muted">${t('common.none')}</p>`}
    ${canWrite ? (editing === 'new' ? html`<section class="card"><h2>${t(kind === 'guardians' ? 'guardian.add' : 'parent.add')}</h2>
        <${Form} t=${t} specs=${specs} initial=${{ childId: Number(childId) }}
          submit=${async (v) => { await api(`/api/children/${childId}/${kind}`, { method: 'POST', body: { ...v, childId: Number(childId) } }); done(); }}
          onCancel=${() => setEditing(null)} /></section>`
      : html`<button type="button" class="btn primary" onClick=${() => setEditing('new')}>
        ${t(kind === 'guardians' ? 'guardian.add' : 'parent.add')}</button>`) : null}`;
}

/** 变更记录: every change of the child, its parents and guardians, newest first, grouped by save. */
function History({ t, childId }) {
  const list = useLoad(() => api(`/api/children/${childId}/history`).then(items), [childId]);
  if (!list.data) {
    return html`<${Loaded} state=${list} t=${t} />`;
  }
  const groups = [];
  for (const e of list.data) {
    const key = [e.at, e.actor, e.entityType, e.entityId, e.action].join('|');
    const last = groups[groups.length - 1];
    if (last && last.key === key) {
      last.entries.push(e);
    } else {
      groups.push({ key, first: e, entries: [e] });
    }
  }
  groups.sort((a, b) => (a.first.at < b.first.at ? 1 : a.first.at > b.first.at ? -1 : 0));
  const ENUMS = { gender: 'Gender', boarding: 'BoardingType', leftBehindType: 'LeftBehindType', kind: 'GuardianKind',
    role: 'ParentRole', returnFrequency: 'ContactFrequency', callFrequency: 'ContactFrequency' };
  const value = (field, v) => {
    if (v == null) {
      return v;
    }
    if (field === 'contactCard') {
      return formatDateTime(v, t.lang);
    }
    if (ENUMS[field]) {
      return t.or(`enum.${ENUMS[field]}.${v}`, v);
    }
    return v === 'true' ? t('common.yes') : v === 'false' ? t('common.no') : v;
  };
  const label = (type, field) => {
    return t.or(`${type}.${field}`, field);
  };
  return html`<ol class="timeline" id="history">
    ${groups.map((g) => html`<li>
      <div class="when">${formatDateTime(g.first.at, t.lang)} · ${g.first.actor}</div>
      <div><strong>${t.or('history.' + g.first.action, g.first.action)}</strong>
        ${' '}${t.or('history.entity.' + g.first.entityType, g.first.entityType)}</div>
      ${g.entries.filter((e) => e.field).map((e) => html`<div class="change">${label(e.entityType, e.field)}:
        ${e.oldValue != null ? html` <del>${value(e.field, e.oldValue)}</del> →` : ''} <ins>${value(e.field, e.newValue) ?? '—'}</ins></div>`)}
    </li>`)}
    ${groups.length ? null : html`<li class="muted">${t('common.none')}</li>`}
  </ol>`;
}
