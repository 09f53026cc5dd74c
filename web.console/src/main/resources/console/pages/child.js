// 一人一档: one child's archive to view and edit, its guardians (监护人) and parents (家长), and its history timeline.
import { html, useState } from '../lib/preact.js';
import { api } from '../api.js';
import { useLoad, Loaded, ErrorBox, Loading, Form, Alert, Tabs, formatDateTime, chinaToday } from '../lib/kit.js';
import { options } from '../i18n.js';
import { lunarDate } from '../lib/lunar.js';
import { LEFT_BEHIND, GUARDIAN_KINDS, useClasses } from './children.js';
import { navigate } from '../router.js';
import { IncidentForm } from './safety.js';

/** The records of a list answer: an array, or {items: [...]}. */
const items = (answer) => (Array.isArray(answer) ? answer : (answer && answer.items) || []);

const FLAGS = ['SINGLE_PARENT', 'DISABLED', 'DIFFICULT', 'POOR'];
// the 民政 登记表's options (issue 20), in the form's order
const HEALTH = ['HEALTHY', 'DISABLED', 'ILL'];
const SCHOOLING = ['KINDERGARTEN', 'NOT_IN_KINDERGARTEN', 'PRIMARY', 'JUNIOR', 'SENIOR', 'VOCATIONAL', 'DROPPED_OUT', 'NOT_IN_SCHOOL'];
const INCOME = ['WAGES', 'FARMING', 'GOVERNMENT_AID', 'RELATIVES', 'OTHER'];
const ASSISTANCE = ['MINIMUM_LIVING', 'TEMPORARY', 'MEDICAL', 'HOUSING', 'OTHER'];
const GUARDIANSHIP = ['GOOD', 'FAIR', 'GUARDIAN_INSUFFICIENT', 'PARENT_INCAPABLE', 'UNATTENDED'];
const FREQUENCIES = ['WEEKLY', 'BIWEEKLY', 'MONTHLY', 'QUARTERLY', 'HALF_YEARLY', 'YEARLY', 'RARELY'];

function childSpecs(t, classes) {
  return [
    { name: 'name', label: t('child.name'), required: true },
    { name: 'gender', label: t('child.gender'), type: 'select', required: true, options: options(t, 'Gender', ['MALE', 'FEMALE']) },
    { name: 'birthDate', label: t('child.birthDate'), type: 'date', required: true, lunar: true },
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
    { name: 'hukouRegistered', label: t('child.hukouRegistered'), type: 'select', boolean: true,
      options: [['true', t('common.yes')], ['false', t('common.no')]] },
    { name: 'hukouPlace', label: t('child.hukouPlace') },
    { name: 'schooling', label: t('child.schooling'), type: 'select', options: options(t, 'Schooling', SCHOOLING) },
    { name: 'hobbies', label: t('child.hobbies') },
    { name: 'health', label: t('child.health'), type: 'select', options: options(t, 'HealthStatus', HEALTH) },
    { name: 'healthNote', label: t('child.healthNote'), type: 'textarea', hint: t('child.healthNoteHint') },
    { name: 'flags', label: t('child.flags'), type: 'checks', options: options(t, 'ChildFlag', FLAGS) },
    { name: 'unattended', label: t('child.unattended'), type: 'checkbox' },
    { name: 'guardianship', label: t('child.guardianship'), type: 'select', options: options(t, 'GuardianshipType', GUARDIANSHIP),
      hint: t('child.guardianshipHint') },
    { name: 'incomeSources', label: t('child.incomeSources'), type: 'checks', options: options(t, 'IncomeSource', INCOME) },
    { name: 'assistance', label: t('child.assistance'), type: 'checks', options: options(t, 'Assistance', ASSISTANCE) },
    { name: 'villageContact', label: t('child.villageContact'), hint: t('child.villageContactHint') },
  ];
}

function guardianSpecs(t) {
  return [
    { name: 'kind', label: t('guardian.kind'), type: 'select', required: true, options: options(t, 'GuardianKind', GUARDIAN_KINDS) },
    { name: 'name', label: t('guardian.name'), required: true },
    { name: 'relation', label: t('guardian.relation') },
    { name: 'idNumber', label: t('guardian.idNumber') },
    { name: 'phone', label: t('guardian.phone'), type: 'tel', inputmode: 'tel' },
    { name: 'age', label: t('guardian.age'), type: 'number', inputmode: 'numeric' },
    { name: 'birthDate', label: t('guardian.birthDate'), type: 'date' },
    { name: 'occupation', label: t('guardian.occupation') },
    { name: 'health', label: t('guardian.health') },
    { name: 'address', label: t('guardian.address') },
    { name: 'capacity', label: t('guardian.capacity'), type: 'select', empty: t('guardian.capacityUnassessed'),
      options: options(t, 'GuardianCapacity', ['CAPABLE', 'INCAPABLE']), hint: t('guardian.capacityHint') },
    { name: 'capacityAssessedOn', label: t('guardian.capacityAssessedOn'), type: 'date' },
    { name: 'capacityNote', label: t('guardian.capacityNote') },
    { name: 'primary', label: t('guardian.primary'), type: 'checkbox' },
  ];
}

function parentSpecs(t) {
  return [
    { name: 'role', label: t('parent.role'), type: 'select', required: true, options: options(t, 'ParentRole', ['FATHER', 'MOTHER']) },
    { name: 'name', label: t('parent.name'), required: true },
    { name: 'phone', label: t('parent.phone'), type: 'tel', inputmode: 'tel' },
    { name: 'birthDate', label: t('parent.birthDate'), type: 'date' },
    { name: 'idNumber', label: t('parent.idNumber') },
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
    if (s.lunar) {
      // the 农历 date beside the Gregorian one (issue 19), from the browser's Chinese calendar
      const lunar = lunarDate(String(v), t.lang);
      return lunar ? html`${String(v)} <span class="lunar" data-lunar>${t('child.lunarDate', { date: lunar })}</span>` : String(v);
    }
    return String(v);
  };
  return html`<dl class="facts">${specs.map((s) => html`<dt>${s.label}</dt><dd data-field=${s.name}>${show(s, record[s.name])}</dd>`)}</dl>`;
}

/** The classes a user may put a child in: a teacher's own, or every class of the school for a user not bound to classes. */
function ownClasses(me, classes) {
  return me.allClasses ? classes : classes.filter((c) => (me.classIds || []).includes(c.id));
}

export function NewChild({ t, school, me }) {
  const classes = useClasses(school);
  if (!classes.data) {
    return html`<${Loaded} state=${classes} t=${t} />`;
  }
  const specs = childSpecs(t, ownClasses(me, classes.data));
  const submit = async (values) => {
    const created = await api('/api/children', { method: 'POST', body: { ...values, schoolId: school } });
    navigate('children/' + created.id + '?created=1');
  };
  return html`<h1>${t('children.new')}</h1>
    <div class="card"><${Form} t=${t} specs=${specs} submit=${submit} submitLabel=${t('child.create')}
      initial=${{ gender: null, leftBehindType: null, boarding: 'DAY', flags: [], unattended: false, incomeSources: [], assistance: [] }}
      onCancel=${() => navigate('children')} /></div>`;
}

export function ChildPage({ t, school, schools, me, id, tab, route }) {
  const child = useLoad(() => api(`/api/children/${id}`), [id, school]);
  const classes = useClasses(school);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [cardChecked, setCardChecked] = useState(null);
  const [incident, setIncident] = useState(null); // null, 'open', or the incident recorded
  if (child.error) {
    return html`<h1>${t('child.title')}</h1><${ErrorBox} error=${child.error} t=${t} />`;
  }
  if (!child.data || !classes.data) {
    return html`<${Loading} t=${t} />`;
  }
  const c = child.data;
  const canWrite = me.permissions.includes('registry.write') && !c.archived;
  const canRecordIncident = me.permissions.includes('safety.write') && !c.archived;
  if (tab === 'print') {
    return html`<${ChildPrint} t=${t} child=${c} classes=${classes.data} />`;
  }
  const tabs = [['archive', t('child.tabArchive')], ['guardians', t('child.tabGuardians')], ['parents', t('child.tabParents')],
    ['history', t('child.tabHistory')], ['sections', t('child.tabSections')]];
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
    body = html`<${History} t=${t} childId=${id} classes=${classes.data} schools=${schools || []} />`;
  } else if (tab === 'sections') {
    body = html`<${Sections} t=${t} childId=${id} />`;
  } else if (editing) {
    body = html`<div class="card"><${Form} t=${t} specs=${childSpecs(t, ownClasses(me, classes.data))} initial=${c} submitLabel=${t('common.save')}
      submit=${async (values) => { await api(`/api/children/${id}`, { method: 'PUT', body: { ...c, ...values } }); setEditing(false); setSaved(true); child.reload(); }}
      onCancel=${() => setEditing(false)} /></div>`;
  } else {
    body = html`<div class="card">
      ${route.query.get('created') ? html`<${Alert} kind="ok">${t('child.created')}<//>` : null}
      ${cardChecked ? html`<${Alert} kind="ok">${t('child.cardChecked')}<//>` : null}
      ${saved ? html`<${Alert} kind="ok">${t('child.saved')}<//>` : null}
      ${incident && incident !== 'open' ? html`<${Alert} kind="ok">${t('incident.recorded')}
        <a href="#/safety" id="incident-recorded-link">${t('incident.openClock')}</a><//>` : null}
      ${incident === 'open' ? html`<section class="card" id="incident-form"><h2>${t('incident.record')}</h2>
        <${IncidentForm} t=${t} childId=${id} onDone=${(r) => setIncident(r)} onCancel=${() => setIncident(null)} /></section>` : null}
      <${Facts} t=${t} specs=${specs} record=${c} />
      ${canWrite ? html`<div class="actions">
        <button type="button" class="btn primary" id="edit-child" onClick=${() => { setSaved(false); setEditing(true); }}>${t('common.edit')}</button>
        <button type="button" class="btn" id="card-check" onClick=${confirmCard}
          title=${t('child.cardCheckHint')}>${t('child.cardCheck')}</button>
        ${canRecordIncident ? html`<button type="button" class="btn" id="record-incident"
          onClick=${() => setIncident('open')}>${t('incident.record')}</button>` : null}
        <button type="button" class="btn danger" onClick=${archive}>${t('child.archive')}</button></div>`
        : canRecordIncident ? html`<div class="actions"><button type="button" class="btn" id="record-incident"
          onClick=${() => setIncident('open')}>${t('incident.record')}</button></div>` : null}
    </div>`;
  }
  return html`<p><a href="#/children">← ${t('children.title')}</a>
      ${me.permissions.includes('audit.read') ? html` · <a href=${'#/audit?child=' + id} id="child-audit">${t('child.audit')}</a>` : null}
      · <a href=${'#/children/' + id + '/print'} id="child-print">${t('print.open')}</a></p>
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

/**
 * 关爱记录: what each programme enabled for the child's school holds on the child (家长学校's training of the guardians,
 * …), a titled list of dated lines per programme, in the page's language (`GET /api/children/{id}/sections`).
 */
function Sections({ t, childId }) {
  const answer = useLoad(() => api(`/api/children/${childId}/sections`), [childId]);
  if (!answer.data) {
    return html`<${Loaded} state=${answer} t=${t} />`;
  }
  const en = t.lang === 'en';
  const { sections, failed } = answer.data;
  return html`${failed.length ? html`<${Alert} kind="warn">${t('child.sectionsFailed', { count: failed.length })}<//>` : null}
    ${sections.map((s) => html`<section class="card archive-section" aria-label=${en ? s.title_en : s.title_zh}>
      <h2>${en ? s.title_en : s.title_zh}</h2>
      <ol class="timeline">${s.lines.map((l) => html`<li>
        ${l.date ? html`<div class="when">${l.date}</div>` : null}<div>${en ? l.text_en : l.text_zh}</div></li>`)}</ol>
      ${s.more ? html`<p class="muted">${t('child.sectionsMore', { count: s.more })}</p>` : null}
      ${s.link ? html`<p><a href=${s.link}>${t('child.sectionsOpen')}</a></p>` : null}
    </section>`)}
    ${sections.length ? null : html`<p class="muted" id="sections-none">${t('child.sectionsNone')}</p>`}`;
}

/** Fields of a history entry a reader has no use for: the record's own references. */
const HIDDEN = new Set(['id', 'childId', 'version']);

/** 变更记录: every change of the child, its parents and guardians, newest first, grouped by save. */
function History({ t, childId, classes, schools }) {
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
    role: 'ParentRole', returnFrequency: 'ContactFrequency', callFrequency: 'ContactFrequency', health: 'HealthStatus',
    schooling: 'Schooling', guardianship: 'GuardianshipType' };
  // several options in one value (the history writes them sorted, comma-separated)
  const SETS = { flags: 'ChildFlag', incomeSources: 'IncomeSource', assistance: 'Assistance' };
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
    if (SETS[field]) {
      return String(v).split(',').filter(Boolean).map((x) => t.or(`enum.${SETS[field]}.${x}`, x)).join('、');
    }
    // a child created by the roster import: the row of the file it came from
    if (field === 'import') {
      return t('history.importRow', { row: String(v).replace(/^row /, '') });
    }
    // a class or school by its name, never its id
    if (field === 'classId') {
      return classes.find((c) => String(c.id) === String(v))?.name ?? t('history.otherClass');
    }
    if (field === 'schoolId') {
      return schools.find((s) => String(s.id) === String(v))?.name ?? t('history.otherSchool');
    }
    return v === 'true' ? t('common.yes') : v === 'false' ? t('common.no') : v;
  };
  const label = (type, field) => {
    return t.or(`${type}.${field}`, field);
  };
  return html`<ol class="timeline" id="history">
    ${groups.map((g) => html`<li>
      <div class="when">${formatDateTime(g.first.at, t.lang)} · ${t.or('history.actor.' + g.first.actor, g.first.actor)}</div>
      <div><strong>${t.or('history.' + g.first.action, g.first.action)}</strong>
        ${' '}${t.or('history.entity.' + g.first.entityType, g.first.entityType)}</div>
      ${g.entries.filter((e) => e.field && !HIDDEN.has(e.field)).map((e) => html`<div class="change">${label(e.entityType, e.field)}:
        ${e.oldValue != null ? html` <del>${value(e.field, e.oldValue)}</del> →` : ''} <ins>${value(e.field, e.newValue) ?? '—'}</ins></div>`)}
    </li>`)}
    ${groups.length ? null : html`<li class="muted">${t('common.none')}</li>`}
  </ol>`;
}

/**
 * 一人一档 and 联系卡 to print on A4 (`#/children/{id}/print`): the archive, the parents and the guardians, then the contact
 * card on a page of its own. The console's print stylesheet hides the menu and the header; a file to send is the browser's
 * "save as PDF" of this page (the web.console README says why).
 */
function ChildPrint({ t, child, classes }) {
  const guardians = useLoad(() => api(`/api/children/${child.id}/guardians`).then(items), [child.id]);
  const parents = useLoad(() => api(`/api/children/${child.id}/parents`).then(items), [child.id]);
  if (!guardians.data || !parents.data) {
    return html`<${Loaded} state=${guardians.error ? guardians : parents} t=${t} />`;
  }
  const specs = childSpecs(t, classes).filter((s) => s.name !== 'flags' || (child.flags || []).length);
  const className = classes.find((k) => k.id === child.classId)?.name;
  const dash = (v) => (v === null || v === undefined || v === '' ? '—' : v);
  const primary = guardians.data.find((g) => g.primary) || guardians.data[0];
  const parentRow = (p) => html`<tr><th scope="row">${t.e('ParentRole', p.role)}</th><td>${p.name}</td><td>${dash(p.phone)}</td>
    <td>${dash([p.workProvince, p.workCity].filter(Boolean).join(' ') || null)}</td><td>${dash(p.employer)}</td>
    <td>${dash(p.employerAddress)}</td><td>${dash(p.employerPhone)}</td></tr>`;
  return html`<div class="print-view" id="print-view">
    <p class="no-print actions"><a href=${'#/children/' + child.id}>← ${child.name}</a>
      <button type="button" class="btn primary" id="print-now" onClick=${() => window.print()}>${t('print.print')}</button>
      <span class="muted small">${t('print.pdfHint')}</span></p>
    <section class="print-page" aria-labelledby="print-archive">
      <h1 id="print-archive">${t('print.archiveTitle', { name: child.name })}</h1>
      <p class="muted">${dash(className)} · ${t('print.printedOn', { date: chinaToday() })}</p>
      <${Facts} t=${t} specs=${specs} record=${child} />
      <h2>${t('child.tabParents')}</h2>
      ${parents.data.length ? html`<table class="data print-table" id="print-parents"><thead><tr><th scope="col">${t('parent.role')}</th>
        <th scope="col">${t('parent.name')}</th><th scope="col">${t('parent.phone')}</th><th scope="col">${t('print.workPlace')}</th>
        <th scope="col">${t('parent.employer')}</th><th scope="col">${t('parent.employerAddress')}</th>
        <th scope="col">${t('parent.employerPhone')}</th></tr></thead><tbody>${parents.data.map(parentRow)}</tbody></table>`
        : html`<p class="muted">${t('common.none')}</p>`}
      <h2>${t('child.tabGuardians')}</h2>
      ${guardians.data.length ? guardians.data.map((g) => html`<h3>${g.name}${g.primary ? ' · ' + t('guardian.primary') : ''}</h3>
        <${Facts} t=${t} specs=${guardianSpecs(t).filter((s) => s.name !== 'primary')} record=${g} />`)
        : html`<p class="muted">${t('common.none')}</p>`}
    </section>
    <section class="print-page contact-card" aria-labelledby="print-card-title" id="print-card">
      <h1 id="print-card-title">${t('print.cardTitle')}</h1>
      <table class="data print-table"><tbody>
        <tr><th scope="row">${t('child.name')}</th><td>${child.name}</td><th scope="row">${t('child.classId')}</th><td>${dash(className)}</td></tr>
        <tr><th scope="row">${t('child.homeAddress')}</th><td colspan="3">${dash(child.homeAddress)}</td></tr>
        ${parents.data.map((p) => html`<tr><th scope="row">${t.e('ParentRole', p.role)}</th><td>${p.name} ${dash(p.phone)}</td>
          <th scope="row">${t('print.workPlace')}</th><td>${dash([p.workProvince, p.workCity, p.employer, p.employerAddress].filter(Boolean).join(' ') || null)}
          ${p.employerPhone ? ' ' + p.employerPhone : ''}</td></tr>`)}
        ${primary ? html`<tr><th scope="row">${t('print.guardian')}</th><td>${primary.name}（${dash(primary.relation)}） ${dash(primary.phone)}</td>
          <th scope="row">${t('guardian.occupation')}</th><td>${dash(primary.occupation)}</td></tr>
          <tr><th scope="row">${t('guardian.address')}</th><td>${dash(primary.address)}</td>
          <th scope="row">${t('guardian.health')} / ${t('guardian.age')}</th><td>${dash(primary.health)} / ${dash(primary.age)}</td></tr>` : null}
      </tbody></table>
      <p class="signature">${t('print.checkedBy')} ____________　${t('print.checkedOn')} ____________</p>
    </section>
  </div>`;
}
