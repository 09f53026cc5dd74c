// 留守儿童之家 page: the home under its standard — the 八有 with evidence, equipment against the checklist, opening hours
// and the duty roster — and the logs the standard requires: book loans, family calls and videos, talks, the TV log.
// The console kit gives the strings (t), loading, forms with the API's field errors, tabs, and tables that become cards
// on a phone.
import { html, useState } from '/console/lib/preact.js';
import { programmePage, useLoad, Loaded, ErrorBox, Form, Table, Pager, Tabs, Field, useSave, chinaToday, saveFile }
  from '/console/lib/kit.js';

const ITEMS = ['SIGN', 'SITE', 'EQUIPMENT', 'STAFF', 'FILES', 'PLAN', 'LEDGER', 'FUNDING'];
const DAYS = [1, 2, 3, 4, 5, 6, 7];
const PAGE = 20;
const yesNo = (t) => [['true', t('yes')], ['false', t('no')]];

// a card with a title, a table of the route's items (paged when the answer is a page) and, for those who may, a form
function Log({ ctx, t, id, path, query, columns, specs, initial, canWrite, version, onSaved, extra, footer }) {
  const [page, setPage] = useState(0);
  const list = useLoad(() => ctx.api(path, { query: { page, size: PAGE, ...(query || {}) } }), [page, version, JSON.stringify(query)]);
  return html`<section class="card" aria-labelledby=${id + '-title'}><h2 id=${id + '-title'}>${t(id)}</h2>
    ${extra}
    <${Loaded} state=${list} t=${t}>${(data) => html`<${Table} id=${'home-' + id} caption=${t(id)} rows=${data.items}
      rowKey=${(r) => r.id} empty=${t('none')} columns=${columns} />
      ${data.total != null ? html`<${Pager} t=${t} page=${data.page} size=${data.size} total=${data.total} onPage=${setPage} />` : null}`}<//>
    ${canWrite && specs ? html`<h3>${t(id + 'New')}</h3><${Form} id=${'home-' + id + '-form'} t=${t} specs=${specs} initial=${initial}
      submit=${async (v) => { await ctx.api(path, { method: 'POST', body: v }); onSaved(); }} submitLabel=${t('save')} doneText=${t('saved')}
      clearOnDone=${true} />` : null}
    ${footer}
  </section>`;
}

// a call: the child, then one of its guardians or parents from the registry (by id), or the name of another person
function CallForm({ ctx, t, kids, onSaved }) {
  const [child, setChild] = useState(null);
  const family = useLoad(() => (child ? ctx.api(`children/${child}/family`) : Promise.resolve({ items: [] })), [child]);
  const people = (family.data && family.data.items) || [];
  const submit = async (v) => {
    const p = v.person == null ? null : people[Number(v.person)];
    await ctx.api('calls', { method: 'POST', body: { childId: child == null ? null : Number(child), kind: v.kind,
      guardianId: p ? p.guardianId : null, parentId: p ? p.parentId : null, whom: p ? null : v.whom, startedAt: v.startedAt,
      minutes: v.minutes } });
    onSaved();
  };
  return html`<h3>${t('callsNew')}</h3>
    <${Field} name="childId" id="home-call-child" type="select" label=${t('child')} required=${true} value=${child} onInput=${setChild}
      options=${kids} />
    <${Form} key=${child || 'none'} id="home-calls-form" t=${t} submit=${submit} submitLabel=${t('save')} doneText=${t('saved')} clearOnDone=${true}
      initial=${{ kind: 'CALL', whom: '', startedAt: '', minutes: '10' }} specs=${[
        { name: 'person', id: 'home-call-person', label: t('familyMember'), type: 'select', empty: t('otherPerson'),
          options: people.map((p, i) => [String(i), `${p.name}（${p.relation || t('rel.' + p.kind)}）`]) },
        { name: 'whom', id: 'home-call-whom', label: t('whomName'), hint: t('whomHint'), attrs: { maxlength: 100 } },
        { name: 'kind', id: 'home-call-kind', label: t('kind'), type: 'select', required: true, options: [['CALL', t('CALL')], ['VIDEO_CALL', t('VIDEO_CALL')]] },
        { name: 'startedAt', id: 'home-call-startedAt', label: t('startedAt'), type: 'datetime-local', required: true },
        { name: 'minutes', id: 'home-call-minutes', label: t('minutes'), type: 'number', required: true, attrs: { min: 1, max: 240 } },
      ]} />`;
}

function Standard({ ctx, t, manage, version, onSaved }) {
  const state = useLoad(() => ctx.api('standard'), [version]);
  const submit = async (v) => {
    await ctx.api(`standard/${v.item}`, { method: 'PUT', body: { met: v.met, evidence: v.evidence, checkedOn: v.checkedOn } });
    onSaved();
  };
  return html`<section class="card" aria-labelledby="home-standard-title"><h2 id="home-standard-title">${t('standard')}</h2>
    <${Loaded} state=${state} t=${t}>${(data) => html`
      <p id="home-standard-summary">${t('metOf', { n: data.met })}${data.missing.length
        ? html` · <span class="badge warn">${t('missing')}: ${data.missing.map((i) => t('item.' + i)).join('、')}</span>` : null}</p>
      <${Table} id="home-standard" caption=${t('standard')} rows=${data.items} rowKey=${(s) => s.item} columns=${[
        { key: 'item', label: t('item'), cell: (s) => t('item.' + s.item) },
        { key: 'met', label: t('met'), cell: (s) => html`<span class=${'badge ' + (s.met ? 'ok' : 'warn')}>${s.met ? t('yes') : t('no')}</span>` },
        { key: 'evidence', label: t('evidence'), cell: (s) => s.evidence },
        { key: 'checkedOn', label: t('checkedOn'), cell: (s) => s.checkedOn || t('notChecked') },
      ]} />`}<//>
    ${manage ? html`<h3>${t('check')}</h3><${Form} id="home-standard-form" t=${t} submit=${submit} submitLabel=${t('save')} doneText=${t('saved')}
      initial=${{ item: 'PLAN', met: 'true', evidence: '', checkedOn: chinaToday() }} specs=${[
        { name: 'item', id: 'home-item', label: t('item'), type: 'select', required: true, options: ITEMS.map((i) => [i, t('item.' + i)]) },
        { name: 'met', id: 'home-met', label: t('met'), type: 'select', required: true, boolean: true, options: yesNo(t) },
        { name: 'checkedOn', id: 'home-checkedOn', label: t('checkedOn'), type: 'date', required: true },
        { name: 'evidence', id: 'home-evidence', label: t('evidence'), type: 'textarea', attrs: { maxlength: 2000 } },
      ]} />` : null}
  </section>`;
}

function Equipment({ ctx, t, manage, version, onSaved }) {
  const state = useLoad(() => ctx.api('equipment'), [version]);
  const name = (e) => (e.code ? t('eq.' + e.code) : e.name);
  return html`<section class="card" aria-labelledby="home-equipment-title"><h2 id="home-equipment-title">${t('equipment')}</h2>
    <${Loaded} state=${state} t=${t}>${(data) => html`<p>${t('shortItems', { n: data.shortItems })}</p>
      <${Table} id="home-equipment" caption=${t('equipment')} rows=${data.items} rowKey=${(e) => e.id} columns=${[
        { key: 'name', label: t('eqName'), cell: name },
        { key: 'required', label: t('required'), cell: (e) => String(e.required) },
        { key: 'present', label: t('present'), cell: (e) => String(e.present) },
        { key: 'shortfall', label: t('shortfall'), cell: (e) => (e.shortfall
          ? html`<span class="badge warn">${t('short', { n: e.shortfall })}</span>` : html`<span class="badge ok">${t('enough')}</span>`) },
      ]} />
      ${manage ? html`<h3>${t('count')}</h3><${Form} id="home-count-form" t=${t} submitLabel=${t('save')} doneText=${t('saved')}
        initial=${{ item: String(data.items[0]?.id ?? ''), present: '' }}
        submit=${async (v) => { await ctx.api(`equipment/${v.item}`, { method: 'PUT', body: { present: v.present } }); onSaved(); }} specs=${[
          { name: 'item', id: 'home-eq-item', label: t('eqName'), type: 'select', required: true, options: data.items.map((e) => [e.id, name(e)]) },
          { name: 'present', id: 'home-eq-present', label: t('present'), type: 'number', required: true, attrs: { min: 0 } },
        ]} />
        <h3>${t('addOwn')}</h3><${Form} id="home-own-form" t=${t} submitLabel=${t('save')} doneText=${t('saved')} clearOnDone=${true}
        initial=${{ name: '', required: '1', present: '0' }}
        submit=${async (v) => { await ctx.api('equipment', { method: 'POST', body: v }); onSaved(); }} specs=${[
          { name: 'name', id: 'home-own-name', label: t('eqName'), required: true, attrs: { maxlength: 100 } },
          { name: 'required', id: 'home-own-required', label: t('required'), type: 'number', required: true, attrs: { min: 0 } },
          { name: 'present', id: 'home-own-present', label: t('present'), type: 'number', attrs: { min: 0 } },
        ]} />` : null}`}<//>
  </section>`;
}

function HoursAndDuty({ ctx, t, manage, version, onSaved, staff, classes }) {
  const hours = useLoad(() => ctx.api('hours'), [version]);
  const save = useSave(t);
  const day = (d) => t('day' + d);
  const put = (ranges, note) => save.run(async () => { await ctx.api('hours', { method: 'PUT', body: { ranges, note } }); onSaved(); });
  const staffOptions = (staff.data || []).map((s) => [s.id, s.name]);
  const className = (id) => (classes.data || []).find((c) => c.id === id)?.name;
  return html`<section class="card" aria-labelledby="home-hours-title"><h2 id="home-hours-title">${t('hours')}</h2>
    <${Loaded} state=${hours} t=${t}>${(data) => html`
      <${Table} id="home-hours" caption=${t('hours')} rows=${data.ranges} rowKey=${(r, i) => i} empty=${t('noHours')} columns=${[
        { key: 'weekday', label: t('weekday'), cell: (r) => day(r.weekday) },
        { key: 'time', label: t('time'), cell: (r) => `${r.opens}–${r.closes}` },
        manage && { key: 'remove', label: t('remove'), hideLabel: true, cell: (r, i) => html`<button type="button" class="btn small"
          onClick=${() => put(data.ranges.filter((x, j) => j !== i), data.note)}>${t('remove')}</button>` },
      ]} />
      <p class="muted">${data.note || t('noNote')}</p>
      <${ErrorBox} error=${save.error} t=${t} />
      ${manage ? html`<h3>${t('addHours')}</h3><${Form} id="home-hours-form" t=${t} submitLabel=${t('save')} doneText=${t('saved')}
        initial=${{ weekday: '6', opens: '09:00', closes: '16:00', note: data.note || '' }}
        submit=${async (v) => { await ctx.api('hours', { method: 'PUT', body: { ranges: [...data.ranges, { weekday: v.weekday, opens: v.opens,
          closes: v.closes }], note: v.note } }); onSaved(); }} specs=${[
          { name: 'weekday', id: 'home-weekday', label: t('weekday'), type: 'select', numeric: true, required: true, options: DAYS.map((d) => [d, day(d)]) },
          { name: 'opens', id: 'home-opens', label: t('opens'), type: 'time', required: true },
          { name: 'closes', id: 'home-closes', label: t('closes'), type: 'time', required: true },
          { name: 'note', id: 'home-note', label: t('holidayNote'), type: 'textarea', attrs: { maxlength: 500 } },
        ]} />` : null}`}<//>
  </section>
  <${Log} ctx=${ctx} t=${t} id="duty" path="duty" version=${version} onSaved=${onSaved} canWrite=${manage}
    initial=${{ weekday: '1', onDate: '', responsible: '' }} columns=${[
      { key: 'when', label: t('when'), cell: (d) => (d.onDate || day(d.weekday)) },
      { key: 'staff', label: t('staff'), cell: (d) => d.staffName },
      { key: 'class', label: t('class'), cell: (d) => className(d.classId) },
      { key: 'responsible', label: t('responsible'), cell: (d) => d.responsible },
      manage && { key: 'remove', label: t('remove'), hideLabel: true, cell: (d) => html`<button type="button" class="btn small"
        onClick=${async () => { await ctx.api(`duty/${d.id}`, { method: 'DELETE' }); onSaved(); }}>${t('remove')}</button>` },
    ]} specs=${[
      { name: 'staffId', id: 'home-duty-staff', label: t('staff'), type: 'select', numeric: true, required: true, options: staffOptions },
      { name: 'weekday', id: 'home-duty-weekday', label: t('weekday'), type: 'select', numeric: true, empty: t('orDate'), options: DAYS.map((d) => [d, day(d)]) },
      { name: 'onDate', id: 'home-duty-date', label: t('onDate'), type: 'date' },
      { name: 'classId', id: 'home-duty-class', label: t('class'), type: 'select', numeric: true, options: (classes.data || []).map((c) => [c.id, c.name]) },
      { name: 'responsible', id: 'home-duty-responsible', label: t('responsible'), attrs: { maxlength: 200 } },
    ]} />`;
}

function Loans({ ctx, t, canWrite, version, onSaved, kids }) {
  const [overdue, setOverdue] = useState(false);
  const back = useSave(t);
  const giveBack = (l) => back.run(async () => {
    await ctx.api(`loans/${l.id}/return`, { method: 'PUT', body: { returnedOn: chinaToday() } });
    onSaved();
  });
  return html`<${Log} ctx=${ctx} t=${t} id="loans" path="loans" query=${overdue ? { overdue: true } : {}} version=${version} onSaved=${onSaved}
    canWrite=${canWrite} extra=${html`<${Field} name="overdue" id="home-overdue" type="checkbox" label=${t('overdueOnly')} value=${overdue}
      onInput=${setOverdue} /><${ErrorBox} error=${back.error} t=${t} />`}
    initial=${{ title: '', lentOn: chinaToday(), dueOn: '' }} columns=${[
      { key: 'title', label: t('bookTitle'), cell: (l) => l.title },
      { key: 'child', label: t('child'), cell: (l) => l.childName },
      { key: 'lentOn', label: t('lentOn'), cell: (l) => l.lentOn },
      { key: 'dueOn', label: t('dueOn'), cell: (l) => l.dueOn },
      { key: 'state', label: t('state'), cell: (l) => (l.returnedOn ? t('returnedOn', { d: l.returnedOn })
        : html`<span class=${'badge ' + (l.overdue ? 'warn' : 'ok')}>${l.overdue ? t('overdue') : t('out')}</span>`) },
      canWrite && { key: 'back', label: t('giveBack'), hideLabel: true, cell: (l) => (l.returnedOn ? null : html`<button type="button"
        class="btn small" disabled=${back.busy} onClick=${() => giveBack(l)}>${t('giveBack')}</button>`) },
    ]} specs=${[
      { name: 'childId', id: 'home-loan-child', label: t('child'), type: 'select', numeric: true, required: true, options: kids },
      { name: 'title', id: 'home-loan-title', label: t('bookTitle'), required: true, attrs: { maxlength: 200 } },
      { name: 'lentOn', id: 'home-loan-lentOn', label: t('lentOn'), type: 'date', required: true },
      { name: 'dueOn', id: 'home-loan-dueOn', label: t('dueOn'), type: 'date', required: true },
    ]} />`;
}

function Page({ ctx, t }) {
  const [tab, setTab] = useState('standard');
  const [version, setVersion] = useState(0);
  const onSaved = () => setVersion((n) => n + 1);
  const canWrite = ctx.user.permissions.includes('home.write');
  const manage = ctx.user.permissions.includes('home.manage');
  const children = useLoad(() => ctx.api('/api/children', { query: { size: 200 } }).then((r) => r.items).catch(() => []), []);
  const staff = useLoad(() => ctx.api(`/api/schools/${ctx.school}/staff`).catch(() => []), []);
  const classes = useLoad(() => ctx.api(`/api/schools/${ctx.school}/classes`).catch(() => []), []);
  const kids = (children.data || []).map((c) => [c.id, c.name]);
  const download = useSave(t);
  const common = { ctx, t, version, onSaved };
  const panels = {
    standard: () => html`<${Standard} ...${common} manage=${manage} />`,
    equipment: () => html`<${Equipment} ...${common} manage=${manage} />`,
    hours: () => html`<${HoursAndDuty} ...${common} manage=${manage} staff=${staff} classes=${classes} />`,
    loans: () => html`<${Loans} ...${common} canWrite=${canWrite} kids=${kids} />`,
    calls: () => html`<${Log} ...${common} id="calls" path="calls" columns=${[
        { key: 'startedAt', label: t('startedAt'), cell: (c) => c.startedAt.replace('T', ' ').slice(0, 16) },
        { key: 'child', label: t('child'), cell: (c) => c.childName },
        { key: 'kind', label: t('kind'), cell: (c) => t(c.kind) },
        { key: 'whom', label: t('whom'), cell: (c) => c.whom },
        { key: 'minutes', label: t('minutes'), cell: (c) => String(c.minutes) },
      ]} footer=${canWrite ? html`<${CallForm} ctx=${ctx} t=${t} kids=${kids} onSaved=${onSaved} />` : null} />`,
    talks: () => html`<${Log} ...${common} id="talks" path="talks" canWrite=${canWrite}
      initial=${{ heldOn: chinaToday(), summary: '' }} extra=${html`<p class="muted">${t('talksPrivate')}</p>`} columns=${[
        { key: 'heldOn', label: t('heldOn'), cell: (k) => k.heldOn },
        { key: 'child', label: t('child'), cell: (k) => k.childName },
        { key: 'staff', label: t('staff'), cell: (k) => k.staffName },
        { key: 'summary', label: t('summary'), cell: (k) => k.summary },
      ]} specs=${[
        { name: 'childId', id: 'home-talk-child', label: t('child'), type: 'select', numeric: true, required: true, options: kids },
        { name: 'staffId', id: 'home-talk-staff', label: t('staff'), type: 'select', numeric: true, required: true,
          options: (staff.data || []).map((s) => [s.id, s.name]) },
        { name: 'heldOn', id: 'home-talk-heldOn', label: t('heldOn'), type: 'date', required: true },
        { name: 'summary', id: 'home-talk-summary', label: t('summary'), type: 'textarea', required: true, attrs: { maxlength: 2000 } },
      ]} />`,
    tv: () => html`<${Log} ...${common} id="tv" path="tv" canWrite=${canWrite}
      initial=${{ shownOn: chinaToday(), title: '', minutes: '30', children: '' }} columns=${[
        { key: 'shownOn', label: t('shownOn'), cell: (v) => v.shownOn },
        { key: 'title', label: t('programme'), cell: (v) => v.title },
        { key: 'minutes', label: t('minutes'), cell: (v) => String(v.minutes) },
        { key: 'children', label: t('watching'), cell: (v) => String(v.children) },
      ]} specs=${[
        { name: 'shownOn', id: 'home-tv-shownOn', label: t('shownOn'), type: 'date', required: true },
        { name: 'title', id: 'home-tv-title', label: t('programme'), required: true, attrs: { maxlength: 200 } },
        { name: 'minutes', id: 'home-tv-minutes', label: t('minutes'), type: 'number', required: true, attrs: { min: 1, max: 600 } },
        { name: 'children', id: 'home-tv-children', label: t('watching'), type: 'number', required: true, attrs: { min: 0 } },
      ]} />`,
  };
  return html`<h1 id="home-title">${t('title')}</h1>
    <p class="muted">${t('intro')}</p>
    <div class="actions"><button type="button" class="btn" id="home-download" disabled=${download.busy} onClick=${() => download.run(async () =>
      saveFile(await ctx.fetch('/api/programmes/home/logs.xlsx'), `home-${chinaToday()}.xlsx`))}>${t('download')}</button></div>
    <${ErrorBox} error=${download.error} t=${t} />
    <${Tabs} tabs=${Object.keys(panels).map((k) => [k, t('tab.' + k)])} current=${tab} onChange=${setTab} label=${t('title')} idPrefix="home-tab-" />
    <div role="tabpanel" aria-labelledby=${'home-tab-' + tab}>${panels[tab]()}</div>`;
}

export const render = programmePage(Page);
