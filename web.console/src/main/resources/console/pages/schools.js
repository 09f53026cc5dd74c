// 学校与班级: the schools (county administrators add and edit them) and the classes of the acting school.
import { html, useState } from '../lib/preact.js';
import { api } from '../api.js';
import { useLoad, Loaded, ErrorBox, Form, Table } from '../lib/kit.js';

function schoolSpecs(t) {
  return [
    { name: 'name', label: t('school.name'), required: true },
    { name: 'code', label: t('school.code'), hint: t('school.codeHint'), inputmode: 'numeric' },
    { name: 'county', label: t('school.county') },
    { name: 'township', label: t('school.township') },
    { name: 'address', label: t('school.address') },
    { name: 'phone', label: t('school.phone'), type: 'tel' },
  ];
}

function classSpecs(t, staff) {
  return [
    { name: 'gradeLevel', label: t('class.gradeLevel'), type: 'number', required: true, inputmode: 'numeric' },
    { name: 'name', label: t('class.name'), required: true, hint: t('class.nameHint') },
    { name: 'headTeacherId', label: t('class.headTeacher'), type: 'select', numeric: true,
      options: staff.filter((s) => s.active).map((s) => [s.id, s.name]) },
  ];
}

export function SchoolsPage({ t, me, school }) {
  const manageSchools = me.permissions.includes('schools.manage');
  const manageClasses = me.permissions.includes('classes.manage');
  const schools = useLoad(() => api('/api/schools', { school: false, query: { size: 500 } }), []);
  const classes = useLoad(() => api(`/api/schools/${school}/classes`), [school]);
  const staff = useLoad(() => api(`/api/schools/${school}/staff`).catch(() => []), [school]);
  const [editing, setEditing] = useState(null);
  const [error, setError] = useState(null);
  const staffList = staff.data ? (Array.isArray(staff.data) ? staff.data : staff.data.items || []) : [];
  const staffName = (id) => staffList.find((s) => s.id === id)?.name || '';
  const removeClass = async (k) => {
    if (!confirm(t('common.removeConfirm', { name: k.name }))) {
      return;
    }
    try {
      await api(`/api/schools/${school}/classes/${k.id}`, { method: 'DELETE', query: { version: k.version } });
      setError(null);
      classes.reload();
    } catch (e) {
      setError(e);
    }
  };
  const items = schools.data ? schools.data.items : [];
  const acting = items.find((s) => s.id === school);
  return html`<h1>${t('schools.title')}</h1>
    <section class="card" aria-labelledby="h-schools">
      <h2 id="h-schools">${t('schools.list')}</h2>
      <${Loaded} state=${schools} t=${t}>${() => html`<${Table} id="schools-table" rows=${items} rowKey=${(s) => s.id} columns=${[
        { key: 'name', label: t('school.name') },
        { key: 'code', label: t('school.code') },
        { key: 'township', label: t('school.township') },
        { key: 'phone', label: t('school.phone') },
        manageSchools && { key: 'actions', label: t('common.actions'), hideLabel: true,
          cell: (s) => html`<button type="button" class="btn small" onClick=${() => setEditing(s)}>${t('common.edit')}</button>` },
      ]} />`}<//>
      ${manageSchools ? (editing ? html`<h3>${editing.id ? t('school.edit', { name: editing.name }) : t('school.add')}</h3>
        <${Form} key=${editing.id || 'new'} t=${t} specs=${schoolSpecs(t)} initial=${editing}
          submit=${async (v) => {
            await api(editing.id ? `/api/schools/${editing.id}` : '/api/schools',
              { method: editing.id ? 'PUT' : 'POST', body: { ...editing, ...v }, school: false });
            setEditing(null);
            schools.reload();
          }} onCancel=${() => setEditing(null)} />`
        : html`<div class="actions"><button type="button" class="btn primary" onClick=${() => setEditing({})}>${t('school.add')}</button></div>`) : null}
    </section>
    <section class="card" aria-labelledby="h-classes">
      <h2 id="h-classes">${t('schools.classesOf', { name: acting ? acting.name : '' })}</h2>
      <${ErrorBox} error=${error} t=${t} />
      <${Loaded} state=${classes} t=${t}>${(list) => html`<${Table} id="classes-table" rows=${list} rowKey=${(k) => k.id} columns=${[
        { key: 'name', label: t('class.name') },
        { key: 'gradeLevel', label: t('class.gradeLevel') },
        { key: 'headTeacher', label: t('class.headTeacher'), cell: (k) => staffName(k.headTeacherId) },
        manageClasses && { key: 'actions', label: t('common.actions'), hideLabel: true,
          cell: (k) => html`<button type="button" class="btn small danger" onClick=${() => removeClass(k)}>${t('common.remove')}</button>` },
      ]} />`}<//>
      ${manageClasses ? html`<h3>${t('class.add')}</h3>
        <${Form} key=${'class-' + school} t=${t} specs=${classSpecs(t, staffList)} initial=${{}}
          submit=${async (v) => { await api(`/api/schools/${school}/classes`, { method: 'POST', body: v }); classes.reload(); }} />` : null}
    </section>`;
}
