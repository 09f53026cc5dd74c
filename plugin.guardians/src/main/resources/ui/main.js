// 家长学校 page: the school's sessions (监护人会议, 座谈会, 培训/讲座, 返乡家长会), a form to record one, and a session's
// attendance sheet (the guardians and parents of the children the user reaches, ticked attended or not), with its xlsx.
// The console kit gives the strings (t), loading, fields with the API's errors, and tables that become cards on a phone.
import { html, useState } from '/console/lib/preact.js';
import { programmePage, useLoad, Loaded, ErrorBox, Form, Table, Pager, Field, useSave, SaveStatus, chinaToday, saveFile }
  from '/console/lib/kit.js';

const KINDS = ['GUARDIAN_MEETING', 'FORUM', 'TRAINING', 'HOLIDAY_MEETING'];
const PAGE = 20;

function Sessions({ ctx, t, version, onOpen }) {
  const [page, setPage] = useState(0);
  const [kind, setKind] = useState(null);
  const list = useLoad(() => ctx.api('sessions', { query: { page, size: PAGE, ...(kind ? { kind } : {}) } }), [page, kind, version]);
  return html`<div>
    <${Field} name="kind" id="guardians-filter" type="select" label=${t('kind')} empty=${t('allKinds')} value=${kind}
      onInput=${(v) => { setPage(0); setKind(v); }} options=${KINDS.map((k) => [k, t(k)])} />
    <${Loaded} state=${list} t=${t}>${(data) => html`<${Table} id="guardians-sessions" caption=${t('sessions')} rows=${data.items}
      rowKey=${(s) => s.id} empty=${t('none')} columns=${[
        { key: 'topic', label: t('topic'), cell: (s) => s.topic },
        { key: 'kind', label: t('kind'), cell: (s) => t(s.kind) },
        { key: 'heldOn', label: t('heldOn'), cell: (s) => s.heldOn },
        { key: 'place', label: t('place'), cell: (s) => s.place },
        { key: 'attended', label: t('attendance'), cell: (s) => (s.marked
          ? html`<span class="badge ok">${t('attendedOf', { n: s.attended, m: s.marked })}</span>`
          : html`<span class="badge warn">${t('notMarked')}</span>`) },
        { key: 'open', label: t('open'), hideLabel: true, cell: (s) => html`<button type="button" class="btn small"
          onClick=${() => onOpen(s.id)}>${t('open')}</button>` },
      ]} />
      <${Pager} t=${t} page=${data.page} size=${data.size} total=${data.total} onPage=${setPage} />`}<//>
  </div>`;
}

// the fields of a session, for a new one and for an edit
function useSessionSpecs(ctx, t) {
  const classes = useLoad(() => ctx.api(`/api/schools/${ctx.school}/classes`).catch(() => []), []);
  const staff = useLoad(() => ctx.api(`/api/schools/${ctx.school}/staff`).catch(() => []), []);
  return [
    { name: 'kind', id: 'guardians-kind', label: t('kind'), type: 'select', required: true, options: KINDS.map((k) => [k, t(k)]) },
    { name: 'topic', id: 'guardians-topic', label: t('topic'), required: true, attrs: { maxlength: 200 } },
    { name: 'heldOn', id: 'guardians-heldOn', label: t('heldOn'), type: 'date', required: true },
    { name: 'place', id: 'guardians-place', label: t('place'), required: true, attrs: { maxlength: 200 } },
    { name: 'classId', id: 'guardians-class', label: t('class'), type: 'select', empty: t('wholeSchool'), numeric: true,
      options: (classes.data || []).map((c) => [c.id, c.name]) },
    { name: 'organiserId', id: 'guardians-organiser', label: t('organiser'), type: 'select', numeric: true,
      options: (staff.data || []).map((s) => [s.id, s.name]) },
    { name: 'materials', id: 'guardians-materials', label: t('materials'), type: 'textarea', hint: t('materialsHint') },
    { name: 'notes', id: 'guardians-notes', label: t('notes'), type: 'textarea' },
  ];
}

// the body the API takes: materials one per line
const sessionBody = (v) => ({ ...v, materials: (v.materials || '').split('\n').filter((m) => m.trim()) });

function NewSession({ ctx, t, onSaved }) {
  const specs = useSessionSpecs(ctx, t);
  const submit = async (v) => {
    const s = await ctx.api('sessions', { method: 'POST', body: sessionBody(v) });
    onSaved(s.id);
  };
  return html`<section class="card" aria-labelledby="guardians-new-title"><h2 id="guardians-new-title">${t('new')}</h2>
    <${Form} t=${t} specs=${specs} initial=${{ kind: 'GUARDIAN_MEETING', heldOn: chinaToday(), materials: '', notes: '' }}
      submit=${submit} submitLabel=${t('save')} doneText=${t('saved')} clearOnDone=${true} />
  </section>`;
}

// a recorded session corrected (the same fields, at its version) or deleted with its attendance, after a confirmation
function EditSession({ ctx, t, session, onSaved, onCancel }) {
  const specs = useSessionSpecs(ctx, t).map((f) => ({ ...f, id: f.id.replace('guardians-', 'guardians-edit-') }));
  const pick = ({ kind, topic, heldOn, place, classId, organiserId, notes }) => ({ kind, topic, heldOn, place, classId, organiserId, notes });
  const submit = async (v) => {
    await ctx.api(`sessions/${session.id}`, { method: 'PUT', body: { ...sessionBody(v), version: session.version } });
    onSaved();
  };
  return html`<${Form} t=${t} specs=${specs} initial=${{ ...pick(session), materials: session.materials.join('\n'), notes: session.notes || '' }}
    submit=${submit} submitLabel=${t('save')} onCancel=${onCancel} />`;
}

function SheetView({ ctx, t, id, canWrite, onChanged, onDeleted }) {
  const sheet = useLoad(() => ctx.api(`sessions/${id}/attendance`), [id]);
  const [marks, setMarks] = useState({});
  const [editing, setEditing] = useState(false);
  const save = useSave(t);
  const download = useSave(t);
  const remove = useSave(t);
  const del = (session) => {
    if (confirm(t('deleteConfirm', { topic: session.topic }))) {
      remove.run(async () => { await ctx.api(`sessions/${id}`, { method: 'DELETE' }); onDeleted(); });
    }
  };
  const key = (a) => `${a.childId}/${a.person}/${a.personId}`;
  const value = (a) => (key(a) in marks ? marks[key(a)] : a.attended);
  const submit = (ev) => {
    ev.preventDefault();
    const items = sheet.data.items.filter((a) => value(a) != null);
    save.run(async () => {
      await ctx.api(`sessions/${id}/attendance`, { method: 'PUT', body: { marks: items.map((a) => ({ childId: a.childId,
        [a.person === 'GUARDIAN' ? 'guardianId' : 'parentId']: a.personId, attended: !!value(a) })) } });
      setMarks({});
      sheet.reload();
      onChanged();
    });
  };
  return html`<section class="card" aria-labelledby="guardians-sheet-title">
    <${Loaded} state=${sheet} t=${t}>${(data) => html`
      <h2 id="guardians-sheet-title">${data.session.topic}</h2>
      ${editing ? html`<${EditSession} ctx=${ctx} t=${t} session=${data.session} onCancel=${() => setEditing(false)}
        onSaved=${() => { setEditing(false); sheet.reload(); onChanged(); }} />` : null}
      <p class="muted">${t(data.session.kind)} · ${data.session.heldOn} · ${data.session.place}
        ${data.session.organiserName ? ` · ${t('organiser')}: ${data.session.organiserName}` : ''}</p>
      ${data.session.materials.length ? html`<p>${t('materials')}: ${data.session.materials.join('；')}</p>` : null}
      ${data.session.notes ? html`<p>${data.session.notes}</p>` : null}
      <div class="actions"><button type="button" class="btn" disabled=${download.busy} onClick=${() => download.run(async () =>
        saveFile(await ctx.fetch(`/api/programmes/guardians/sessions/${id}/attendance.xlsx`), `guardians-${data.session.heldOn}.xlsx`))}>
        ${t('download')}</button>
        ${canWrite && !editing ? html`<button type="button" class="btn" id="guardians-edit" onClick=${() => setEditing(true)}>${t('edit')}</button>
          <button type="button" class="btn danger" id="guardians-delete" disabled=${remove.busy} onClick=${() => del(data.session)}>
          ${t('delete')}</button>` : null}</div>
      <${ErrorBox} error=${download.error || remove.error} t=${t} />
      <form onSubmit=${submit} novalidate>
        <${SaveStatus} save=${save} t=${t} doneText=${t('attendanceSaved')} shown=${[]} />
        <${Table} id="guardians-sheet" caption=${t('sheet')} rows=${data.items} rowKey=${key} empty=${t('noFamilies')} columns=${[
          { key: 'child', label: t('child'), cell: (a) => a.childName },
          { key: 'name', label: t('attendee'), cell: (a) => a.name },
          { key: 'relation', label: t('relation'), cell: (a) => a.relation },
          { key: 'attended', label: t('attended'), cell: (a) => (canWrite
            ? html`<input type="checkbox" aria-label=${`${t('attended')}: ${a.name} (${a.childName})`} checked=${!!value(a)}
                onChange=${(e) => setMarks((m) => ({ ...m, [key(a)]: e.target.checked }))} />`
            : value(a) == null ? t('notMarked') : value(a) ? t('yes') : t('no')) },
        ]} />
        ${canWrite && data.items.length ? html`<div class="actions"><button type="submit" class="btn primary" disabled=${save.busy}>
          ${t('saveAttendance')}</button></div>` : null}
      </form>`}<//>
  </section>`;
}

// a child's guardians' and parents' sessions, the latest first
function ChildHistory({ ctx, t, version }) {
  const children = useLoad(() => ctx.api('/api/children', { query: { size: 200 } }).then((r) => r.items), []);
  const [child, setChild] = useState(null);
  const history = useLoad(() => (child ? ctx.api(`children/${child}/history`) : Promise.resolve(null)), [child, version]);
  return html`<section class="card" aria-labelledby="guardians-history-title"><h2 id="guardians-history-title">${t('history')}</h2>
    <${Field} name="child" id="guardians-history-child" type="select" label=${t('child')} empty=${t('chooseChild')} value=${child}
      onInput=${setChild} options=${(children.data || []).map((c) => [c.id, c.name])} />
    ${child ? html`<${Loaded} state=${history} t=${t}>${(data) => data && html`<${Table} id="guardians-history" caption=${t('history')}
      rows=${data.items} empty=${t('noHistory')} columns=${[
        { key: 'heldOn', label: t('heldOn'), cell: (h) => h.heldOn },
        { key: 'topic', label: t('topic'), cell: (h) => `${h.topic} (${t(h.kind)})` },
        { key: 'name', label: t('attendee'), cell: (h) => `${h.name} · ${h.relation}` },
        { key: 'attended', label: t('attended'), cell: (h) => (h.attended ? t('yes') : t('no')) },
      ]} />`}<//>` : null}
  </section>`;
}

function Page({ ctx, t }) {
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState(null);
  const canWrite = ctx.user.permissions.includes('guardians.write');
  const changed = () => setVersion((n) => n + 1);
  return html`<h1 id="guardians-title">${t('title')}</h1>
    <p class="muted">${t('intro')}</p>
    <section class="card" aria-labelledby="guardians-list-title"><h2 id="guardians-list-title">${t('sessions')}</h2>
      <${Sessions} ctx=${ctx} t=${t} version=${version} onOpen=${setOpen} /></section>
    ${open ? html`<${SheetView} key=${open} ctx=${ctx} t=${t} id=${open} canWrite=${canWrite} onChanged=${changed}
      onDeleted=${() => { setOpen(null); changed(); }} />` : null}
    ${canWrite ? html`<${NewSession} ctx=${ctx} t=${t} onSaved=${(id) => { changed(); setOpen(id); }} />` : null}
    <${ChildHistory} ctx=${ctx} t=${t} version=${version} />`;
}

export const render = programmePage(Page);
