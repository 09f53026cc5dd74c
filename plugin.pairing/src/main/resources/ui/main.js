// 一对一结对帮扶 page. The console imports this module and calls render(root, ctx) (see the console contract); the
// console kit (/console/lib/kit.js) gives the strings (t), loading, fields with the API's errors, tables and tabs.
import { html, useState } from '/console/lib/preact.js';
import { programmePage, useLoad, Loaded, ErrorBox, Field, useSave, SaveStatus, Table, Pager, Tabs, ConfirmDialog, chinaToday, saveFile }
  from '/console/lib/kit.js';

const TABS = ['board', 'proposal', 'records', 'overdue', 'reports', 'mentors'];
const RECORD_KINDS = ['TALK', 'HOME_VISIT', 'PARENT_CALL'];
const TOPICS = ['STUDY', 'LIFE', 'MOOD', 'FRIENDS', 'HEALTH'];
const MENTOR_KINDS = ['LOVING_MOTHER', 'PROXY_PARENT', 'CADRE', 'VOLUNTEER'];
const REPORTS = ['coverage', 'load', 'compliance', 'levels'];

function Hearts({ level, t }) {
  if (!level) return html`<span class="muted">${t('unassessed')}</span>`;
  return html`<span class="pairing-hearts" aria-label=${t('level') + ' ' + level}>${'♥'.repeat(level)}</span>`;
}

// the record form's choices: child — mentor (kind); two mentors of one name are told apart by village and phone tail
export function pairOptions(pairs, t) {
  const names = new Map();
  pairs.forEach((p) => names.set(p.mentorName, (names.get(p.mentorName) || new Set()).add(p.mentorId)));
  return pairs.map((p) => {
    const same = names.get(p.mentorName).size > 1;
    const more = same ? [p.mentorVillage, p.mentorPhoneTail && t('phoneTail', { tail: p.mentorPhoneTail })].filter(Boolean) : [];
    const kind = p.default ? t('defaultMentor') : t(p.mentorKind);
    return [p.id, `${p.childName} — ${p.mentorName} (${[kind, ...more].join(', ')})`];
  });
}

// a page of the school's children at a time: a county's school may hold thousands
const BOARD_PAGE = 50;

function Board({ ctx, t }) {
  const [page, setPage] = useState(0);
  const board = useLoad(() => ctx.api('board', { query: { page, size: BOARD_PAGE } }), [page]);
  return html`<${Loaded} state=${board} t=${t}>${(data) => html`<${Table} id="pairing-board" rows=${data.items} empty=${t('none')}
    columns=${[
      { key: 'child', label: t('child'), cell: (c) => c.name },
      { key: 'village', label: t('village'), cell: (c) => c.village || '' },
      { key: 'level', label: t('level'), cell: (c) => html`<${Hearts} level=${c.level} t=${t} />` },
      { key: 'mentors', label: t('mentors'), cell: (c) => html`${c.pairs.length === 0 ? html`<span class="badge warn">${t('unpaired')}</span>`
        : c.pairs.map((p) => html`<span class="badge ${p.status === 'ACTIVE' ? 'ok' : 'warn'}">${p.mentorName} · ${t(p.mentorKind)}${p.status === 'PENDING' ? ' · ' + t('PENDING') : ''}</span> `)}
        ${(c.mentorLeft || []).map((n) => html` <span class="badge bad">${t('mentorLeft')}: ${n}</span>`)}` },
    ]} />
    <${Pager} t=${t} page=${data.page} size=${data.size} total=${data.total} onPage=${setPage} />`}<//>`;
}

function ProposalView({ ctx, t }) {
  const [proposal, setProposal] = useState(null);
  const [chosen, setChosen] = useState(new Set());
  const [result, setResult] = useState(null);
  const save = useSave(t);
  const county = ctx.user.roles.includes('COUNTY_ADMIN');
  const canAccept = ctx.user.permissions.includes('pairing.manage');
  const propose = (scope) => save.run(async () => {
    setResult(null);
    const p = await ctx.api('proposals', { method: 'POST', body: { scope } });
    setProposal(p);
    setChosen(new Set(p.items.filter((i) => i.mentorId).map((i) => i.id)));
  });
  const accept = (all) => save.run(async () => {
    setResult(await ctx.api(`proposals/${proposal.id}/accept`, { method: 'POST', body: all ? { all: true } : { items: [...chosen] } }));
    setProposal(await ctx.api(`proposals/${proposal.id}`));
  });
  const toggle = (id) => { const s = new Set(chosen); if (s.has(id)) s.delete(id); else s.add(id); setChosen(s); };
  return html`<div>
    <div class="actions"><button type="button" class="btn primary" disabled=${save.busy} onClick=${() => propose('school')}>${t('propose')}</button>
    ${county ? html`<button type="button" class="btn" disabled=${save.busy} onClick=${() => propose('county')}>${t('proposeCounty')}</button>` : null}</div>
    <${ErrorBox} error=${save.error} t=${t} />
    ${result ? html`<p><span class="badge ok">${t('accepted', { n: result.accepted.length })}</span> <span class="badge warn">${t('skipped', { n: result.skipped.length })}</span></p>` : null}
    ${proposal ? html`<div class="card">
      <p>${t('proposalSummary', proposal)}</p>
      ${canAccept ? html`<div class="actions"><button type="button" class="btn primary" disabled=${save.busy || chosen.size === 0} onClick=${() => accept(false)}>${t('accept')}</button>
        <button type="button" class="btn" disabled=${save.busy} onClick=${() => accept(true)}>${t('acceptAll')}</button></div>` : null}
      <${Table} id="pairing-proposal" rows=${proposal.items} rowKey=${(i) => i.id} columns=${[
        { key: 'explain', label: t('explain'), cell: (i) => (ctx.lang === 'en' ? i.explainEn : i.explainZh) },
        { key: 'level', label: t('level'), cell: (i) => html`<${Hearts} level=${i.level} t=${t} />` },
        { key: 'select', label: t('select'), cell: (i) => (i.mentorId && !i.pairId && canAccept
          ? html`<input type="checkbox" aria-label=${t('select')} checked=${chosen.has(i.id)} onChange=${() => toggle(i.id)} />`
          : i.pairId ? html`<span class="badge ok">✓</span>` : html`<span class="badge bad">✗</span>`) },
      ]} /></div>` : null}
  </div>`;
}

function Records({ ctx, t }) {
  const records = useLoad(() => ctx.api('records'), []);
  // the pairs in force, and for a class teacher the unpaired children of her class (she is their default mentor)
  const pairs = useLoad(() => ctx.api('records/choices').then((p) => p.items), []);
  const [form, setForm] = useState({ pair: null, kind: 'TALK', occurredOn: chinaToday(), topics: [], notes: '', followUp: '' });
  const save = useSave(t);
  const set = (k) => (v) => setForm((f) => ({ ...f, [k]: v }));
  const submit = (ev) => {
    ev.preventDefault();
    const pair = (pairs.data || []).find((p) => String(p.id) === String(form.pair));
    save.run(async () => {
      await ctx.api('records', { method: 'POST', body: { kind: form.kind, occurredOn: form.occurredOn, topics: form.topics,
        notes: form.notes || null, followUp: form.followUp || null, childId: pair ? pair.childId : null, mentorId: pair ? pair.mentorId : null } });
      records.reload();
    });
  };
  const e = save.errors;
  return html`<div>
    <form class="card" onSubmit=${submit} novalidate aria-labelledby="pairing-record-title"><h3 id="pairing-record-title">${t('record.new')}</h3>
      <${SaveStatus} save=${save} t=${t} doneText=${t('record.saved')} shown=${['childId', 'mentorId', 'kind', 'occurredOn', 'topics', 'notes', 'followUp']} />
      <div class="form-grid">
        <${Field} name="pair" type="select" label=${t('child') + ' / ' + t('mentors')} value=${form.pair} onInput=${set('pair')}
          error=${e.childId || e.mentorId} options=${pairOptions(pairs.data || [], t)} />
        <${Field} name="kind" type="select" required label=${t('record.kind')} value=${form.kind} onInput=${set('kind')} error=${e.kind}
          options=${RECORD_KINDS.map((k) => [k, t(k)])} />
        <${Field} name="occurredOn" type="date" label=${t('record.date')} value=${form.occurredOn} onInput=${set('occurredOn')} error=${e.occurredOn} />
        <${Field} name="topics" type="checks" label=${t('record.topics')} value=${form.topics} onInput=${set('topics')} error=${e.topics}
          options=${TOPICS.map((k) => [k, t(k)])} />
        <${Field} name="notes" type="textarea" label=${t('record.notes')} value=${form.notes} onInput=${set('notes')} error=${e.notes} />
        <${Field} name="followUp" type="textarea" label=${t('record.followUp')} value=${form.followUp} onInput=${set('followUp')} error=${e.followUp} />
      </div>
      <button class="btn primary" type="submit" disabled=${save.busy}>${t('record.save')}</button>
    </form>
    <${Loaded} state=${records} t=${t}>${(data) => html`<${Table} id="pairing-records" rows=${data.items} empty=${t('none')} columns=${[
      { key: 'date', label: t('record.date'), cell: (r) => r.occurredOn },
      { key: 'kind', label: t('record.kind'), cell: (r) => t(r.kind) },
      { key: 'child', label: t('child'), cell: (r) => r.childName || '' },
      { key: 'mentor', label: t('mentors'), cell: (r) => r.mentorName },
      { key: 'topics', label: t('record.topics'), cell: (r) => (r.topics || []).map((x) => t(x)).join('、') },
      { key: 'notes', label: t('record.notes'), cell: (r) => r.notes || '' },
    ]} />`}<//>
  </div>`;
}

function Overdue({ ctx, t }) {
  const overdue = useLoad(() => ctx.api('overdue'), []);
  return html`<${Loaded} state=${overdue} t=${t}>${(data) => html`<${Table} id="pairing-overdue" rows=${data.items} empty=${t('none')} columns=${[
    { key: 'mentor', label: t('mentors'), cell: (o) => o.mentorName },
    { key: 'child', label: t('child'), cell: (o) => o.childName || t('overdue.mentorDuty') },
    { key: 'kind', label: t('record.kind'), cell: (o) => `${t(o.kind)} · ${t(o.period)}` },
    { key: 'period', label: t('overdue.period'), cell: (o) => `${o.start} – ${o.end}` },
    { key: 'done', label: t('overdue.done'), cell: (o) => html`<span class="badge bad">${o.done}/${o.min}</span>` },
  ]} />`}<//>`;
}

function Reports({ ctx, t }) {
  const [which, setWhich] = useState('coverage');
  const [month, setMonth] = useState(chinaToday().slice(0, 7));
  const report = useLoad(() => ctx.api(`reports/${which}`, { query: which === 'compliance' ? { month } : {} }), [which, month]);
  const [error, setError] = useState(null);
  const download = async () => {
    const q = new URLSearchParams({ format: 'csv', ...(which === 'compliance' ? { month } : {}) });
    setError(null);
    try {
      await saveFile(await ctx.fetch(`/api/programmes/pairing/reports/${which}?${q}`), `pairing-${which}.csv`);
    } catch (e) {
      setError(e);
    }
  };
  const word = (v) => (v === 'TOTAL' ? t('total') : typeof v === 'string' && t.has(v) ? t(v) : v);
  return html`<div>
    <${Tabs} tabs=${REPORTS.map((w) => [w, t('report.' + w)])} current=${which} onChange=${setWhich} label=${t('tab.reports')} />
    <div class="toolbar">
      ${which === 'compliance' ? html`<${Field} name="month" type="month" label=${t('report.month')} value=${month} onInput=${setMonth} />` : null}
      <button type="button" class="btn" onClick=${download}>${t('report.csv')}</button>
    </div>
    <${ErrorBox} error=${error} t=${t} />
    <${Loaded} state=${report} t=${t}>${(data) => {
      const cols = data.items.length ? Object.keys(data.items[0]).filter((k) => !k.endsWith('Id')) : [];
      return html`<${Table} id="pairing-report" rows=${data.items} empty=${t('none')}
        columns=${cols.map((c) => ({ key: c, label: t(c), cell: (r) => word(r[c]) }))} />`;
    }}<//></div>`;
}

function Mentors({ ctx, t }) {
  const mentors = useLoad(() => ctx.api('mentors'), []);
  const [form, setForm] = useState({ kind: 'LOVING_MOTHER', name: '', phone: '', village: '', capacity: '' });
  const [leaving, setLeaving] = useState(null);
  const save = useSave(t);
  const manage = ctx.user.permissions.includes('pairing.manage');
  const set = (k) => (v) => setForm((f) => ({ ...f, [k]: v }));
  const submit = (ev) => {
    ev.preventDefault();
    save.run(async () => {
      await ctx.api('mentors', { method: 'POST', body: { kind: form.kind, name: form.name || null, phone: form.phone || null,
        village: form.village || null, capacity: form.capacity ? Number(form.capacity) : null } });
      setForm({ kind: form.kind, name: '', phone: '', village: '', capacity: '' });
      mentors.reload();
    });
  };
  const leave = (m) => {
    setLeaving(null);
    save.run(async () => { await ctx.api(`mentors/${m.id}/leave`, { method: 'POST', body: {} }); mentors.reload(); });
  };
  const e = save.errors;
  return html`<div>
    ${manage ? html`<form class="card" onSubmit=${submit} novalidate aria-labelledby="pairing-mentor-title">
      <h3 id="pairing-mentor-title">${t('mentor.new')}</h3>
      <${SaveStatus} save=${save} t=${t} shown=${['kind', 'name', 'phone', 'village', 'capacity']} />
      <div class="form-grid">
        <${Field} name="kind" type="select" required label=${t('kind')} value=${form.kind} onInput=${set('kind')} error=${e.kind}
          options=${MENTOR_KINDS.map((k) => [k, t(k)])} />
        <${Field} name="name" label=${t('name')} value=${form.name} onInput=${set('name')} error=${e.name} />
        <${Field} name="phone" type="tel" label=${t('phone')} value=${form.phone} onInput=${set('phone')} error=${e.phone} />
        <${Field} name="village" label=${t('village')} value=${form.village} onInput=${set('village')} error=${e.village} />
        <${Field} name="capacity" type="number" label=${t('capacity')} value=${form.capacity} onInput=${set('capacity')} error=${e.capacity}
          attrs=${{ min: 1, max: 50 }} />
      </div>
      <button class="btn primary" type="submit" disabled=${save.busy}>${t('mentor.save')}</button></form>`
      : html`<${ErrorBox} error=${save.error} t=${t} />`}
    <${Loaded} state=${mentors} t=${t}>${(data) => html`<${Table} id="pairing-mentors" rows=${data.items} rowKey=${(m) => m.id} empty=${t('none')}
      columns=${[
        { key: 'name', label: t('name'), cell: (m) => m.name },
        { key: 'kind', label: t('kind'), cell: (m) => t(m.kind) },
        { key: 'village', label: t('village'), cell: (m) => m.village || '' },
        { key: 'load', label: t('load'), cell: (m) => html`<span class="badge ${m.load >= m.effectiveCapacity ? 'warn' : 'ok'}">${m.load}/${m.effectiveCapacity}</span>` },
        manage && { key: 'actions', label: t('mentor.leave'), hideLabel: true, cell: (m) => (m.kind !== 'TEACHER'
          ? html`<button type="button" class="btn small" onClick=${() => setLeaving(m)}>${t('mentor.leave')}</button>` : null) },
      ]} />`}<//>
    ${leaving ? html`<${ConfirmDialog} t=${t} id="pairing-leave" title=${leaving.name} confirmLabel=${t('mentor.leave')} danger=${true}
      onConfirm=${() => leave(leaving)} onCancel=${() => setLeaving(null)}><p>${t('mentor.leaveConfirm')}</p><//>` : null}
  </div>`;
}

const VIEWS = { board: Board, proposal: ProposalView, records: Records, overdue: Overdue, reports: Reports, mentors: Mentors };

function Page({ ctx, t }) {
  const [tab, setTab] = useState('board');
  const View = VIEWS[tab];
  return html`<section>
    <h1>${t('title')}</h1>
    <${Tabs} tabs=${TABS.map((k) => [k, t('tab.' + k)])} current=${tab} onChange=${setTab} label=${t('title')} />
    <div role="tabpanel"><${View} key=${tab} ctx=${ctx} t=${t} /></div></section>`;
}

export const render = programmePage(Page, { css: 'pairing.css' });
