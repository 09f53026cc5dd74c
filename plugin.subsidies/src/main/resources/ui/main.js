// 资助 page: a semester's totals per fund (and their xlsx), its applications with the school's and the county's
// decisions and the payment, a form to apply for a child, and a child's ledger with 民政 allowances and reversals.
// Amounts come as numbers in yuan with two decimals; funds, statuses and kinds are shown in words, never as codes.
import { html, useState } from '/console/lib/preact.js';
import { programmePage, useLoad, Loaded, ErrorBox, Form, Table, Field, useSave, chinaToday, saveFile } from '/console/lib/kit.js';

const STATUSES = ['SUBMITTED', 'SCHOOL_APPROVED', 'APPROVED', 'REFUSED', 'PAID'];
const yuan = (n) => (n == null ? '' : Number(n).toFixed(2));

/** This semester and the three before it, as the SDK names them (autumn 1 Sep – 31 Jan, spring 1 Mar – 15 Jul). */
function semesters() {
  const [y, m] = chinaToday().split('-').map(Number);
  let year = m >= 9 ? y : y - 1;
  let autumn = m >= 9 || m <= 2;
  const out = [];
  for (let i = 0; i < 4; i++) {
    out.push(`${year}-${autumn ? 'AUTUMN' : 'SPRING'}`);
    if (autumn) { autumn = false; year -= 1; } else { autumn = true; }
  }
  return out;
}
const semesterLabel = (t, id) => { const [y, term] = id.split('-'); return t(term, { a: y, b: Number(y) + 1 }); };

function Totals({ ctx, t, semester, funds, version }) {
  const totals = useLoad(() => ctx.api('totals', { query: { semester } }), [semester, version]);
  const download = useSave(t);
  return html`<section class="card" aria-labelledby="subsidies-totals-title"><h2 id="subsidies-totals-title">${t('totals')}</h2>
    <${Loaded} state=${totals} t=${t}>${(data) => html`<${Table} id="subsidies-totals" caption=${semesterLabel(t, semester)} rows=${data.items}
      rowKey=${(x) => x.fund} empty=${t('noEntries')} columns=${[
        { key: 'fund', label: t('fund'), cell: (x) => funds[x.fund] },
        { key: 'children', label: t('children'), cell: (x) => String(x.children) },
        { key: 'entries', label: t('entries'), cell: (x) => String(x.entries) },
        { key: 'amount', label: t('amount'), cell: (x) => yuan(x.amount) },
      ]} /><p><strong>${t('sum')}: ${yuan(data.amount)} ${t('yuan')}</strong></p>`}<//>
    <div class="actions"><button type="button" class="btn" disabled=${download.busy} onClick=${() => download.run(async () =>
      saveFile(await ctx.fetch(`/api/programmes/subsidies/totals.xlsx?semester=${semester}`), `subsidies-${semester}.xlsx`))}>
      ${t('download')}</button></div>
    <${ErrorBox} error=${download.error} t=${t} />
  </section>`;
}

function Decide({ ctx, t, a, stage, onDone }) {
  const specs = [
    { name: 'approve', id: `subsidies-approve-${stage}`, label: t('decision'), type: 'select', boolean: true, required: true,
      options: [['true', t('approve')], ['false', t('refuse')]] },
    { name: 'reason', id: `subsidies-reason-${stage}`, label: t('refusal'), type: 'textarea', hint: t('refusalHint') },
  ];
  return html`<h3>${t(stage === 'school' ? 'schoolDecision' : 'countyDecision')}</h3>
    <${Form} t=${t} specs=${specs} initial=${{ approve: true, reason: '' }} submitLabel=${t('save')}
      submit=${async (v) => { await ctx.api(`applications/${a.id}/${stage}`, { method: 'POST', body: v }); onDone(); }} />`;
}

function Pay({ ctx, t, a, onDone }) {
  const specs = [
    { name: 'paidOn', id: 'subsidies-paidOn', label: t('paidOn'), type: 'date', required: true },
    { name: 'amount', id: 'subsidies-pay-amount', label: t('amountYuan'), type: 'number', attrs: { step: '0.01', min: '0.01' } },
    { name: 'reference', id: 'subsidies-reference', label: t('reference'), attrs: { maxlength: 100 } },
  ];
  return html`<h3>${t('pay')}</h3><${Form} t=${t} specs=${specs} initial=${{ paidOn: chinaToday(), amount: a.amount, reference: '' }}
    submitLabel=${t('save')} submit=${async (v) => { await ctx.api(`applications/${a.id}/payment`, { method: 'POST', body: v }); onDone(); }} />`;
}

function Applications({ ctx, t, semester, funds, version, onChanged, onLedger }) {
  const [status, setStatus] = useState(null);
  const [open, setOpen] = useState(null);
  const list = useLoad(() => ctx.api('applications', { query: { semester, ...(status ? { status } : {}) } }), [semester, status, version]);
  const can = (p) => ctx.user.permissions.includes(`subsidies.${p}`);
  const done = () => { setOpen(null); onChanged(); };
  return html`<section class="card" aria-labelledby="subsidies-apps-title"><h2 id="subsidies-apps-title">${t('applications')}</h2>
    <${Field} name="status" id="subsidies-status" type="select" label=${t('status')} empty=${t('allStatuses')} value=${status}
      onInput=${setStatus} options=${STATUSES.map((s) => [s, t(s)])} />
    <${Loaded} state=${list} t=${t}>${(data) => html`<${Table} id="subsidies-applications" caption=${semesterLabel(t, semester)}
      rows=${data.items} rowKey=${(a) => a.id} empty=${t('noApplications')} columns=${[
        { key: 'child', label: t('child'), cell: (a) => a.childName },
        { key: 'fund', label: t('fund'), cell: (a) => funds[a.fund] },
        { key: 'amount', label: t('amount'), cell: (a) => yuan(a.amount) },
        { key: 'status', label: t('status'), cell: (a) => html`<span class=${`badge ${a.status === 'REFUSED' ? 'bad' : a.status === 'PAID' ? 'ok' : 'warn'}`}>
          ${t(a.status)}</span>${a.refusal ? html` <span class="muted">${a.refusal}</span>` : ''}` },
        { key: 'open', label: t('handle'), hideLabel: true, cell: (a) => html`<button type="button" class="btn small"
          onClick=${() => setOpen(a)}>${t('handle')}</button> <button type="button" class="btn small" onClick=${() => onLedger(a.childId)}>
          ${t('ledger')}</button>` },
      ]} />`}<//>
    ${open ? html`<div class="card"><p><strong>${open.childName}</strong> · ${funds[open.fund]} · ${yuan(open.amount)} ${t('yuan')} · ${t(open.status)}</p>
      <p class="muted">${open.reason}</p>
      ${open.status === 'SUBMITTED' && can('approve') ? html`<${Decide} ctx=${ctx} t=${t} a=${open} stage="school" onDone=${done} />` : null}
      ${open.status === 'SCHOOL_APPROVED' && can('county') ? html`<${Decide} ctx=${ctx} t=${t} a=${open} stage="county" onDone=${done} />` : null}
      ${open.status === 'APPROVED' && can('write') ? html`<${Pay} ctx=${ctx} t=${t} a=${open} onDone=${done} />` : null}
      <div class="actions"><button type="button" class="btn" onClick=${() => setOpen(null)}>${t('close')}</button></div></div>` : null}
  </section>`;
}

function Apply({ ctx, t, semester, fundList, kids, onSaved }) {
  const specs = [
    { name: 'childId', id: 'subsidies-child', label: t('child'), type: 'select', required: true, numeric: true, options: kids.map((c) => [c.id, c.name]) },
    { name: 'fund', id: 'subsidies-fund', label: t('fund'), type: 'select', required: true,
      options: fundList.filter((f) => f.kind !== 'CIVIL_AFFAIRS').map((f) => [f.code, ctx.lang === 'en' ? f.nameEn : f.nameZh]) },
    { name: 'amount', id: 'subsidies-amount', label: t('amountYuan'), type: 'number', hint: t('amountHint'), attrs: { step: '0.01', min: '0.01' } },
    { name: 'reason', id: 'subsidies-apply-reason', label: t('reason'), type: 'textarea', required: true },
  ];
  return html`<section class="card" aria-labelledby="subsidies-apply-title"><h2 id="subsidies-apply-title">${t('apply')}</h2>
    <${Form} t=${t} specs=${specs} initial=${{ fund: 'STUDY_LIVING', reason: '' }} submitLabel=${t('save')} doneText=${t('saved')} clearOnDone=${true}
      submit=${async (v) => { await ctx.api('applications', { method: 'POST', body: { ...v, semester, amount: v.amount === '' ? null : v.amount } }); onSaved(); }} />
  </section>`;
}

function Ledger({ ctx, t, child, funds, fundList, version, onChanged }) {
  const ledger = useLoad(() => ctx.api(`children/${child}/ledger`), [child, version]);
  const [reversing, setReversing] = useState(null);
  const canWrite = ctx.user.permissions.includes('subsidies.write');
  const allowance = [
    { name: 'fund', id: 'subsidies-allowance-fund', label: t('allowanceFund'), type: 'select', required: true,
      options: fundList.filter((f) => f.kind === 'CIVIL_AFFAIRS').map((f) => [f.code, ctx.lang === 'en' ? f.nameEn : f.nameZh]) },
    { name: 'paidOn', id: 'subsidies-allowance-paidOn', label: t('paidOn'), type: 'date', required: true },
    { name: 'amount', id: 'subsidies-allowance-amount', label: t('amountYuan'), type: 'number', required: true, attrs: { step: '0.01', min: '0.01' } },
    { name: 'reference', id: 'subsidies-allowance-reference', label: t('reference'), attrs: { maxlength: 100 } },
    { name: 'note', id: 'subsidies-allowance-note', label: t('note'), type: 'textarea' },
  ];
  return html`<section class="card" aria-labelledby="subsidies-ledger-title">
    <${Loaded} state=${ledger} t=${t}>${(data) => html`<h2 id="subsidies-ledger-title">${t('ledgerOf', { name: data.childName })}</h2>
      <${Table} id="subsidies-ledger" caption=${t('ledger')} rows=${data.items} rowKey=${(e) => e.id} empty=${t('noEntries')} columns=${[
        { key: 'paidOn', label: t('paidOn'), cell: (e) => e.paidOn },
        { key: 'fund', label: t('fund'), cell: (e) => funds[e.fund] },
        { key: 'kind', label: t('kind'), cell: (e) => t(e.kind) },
        { key: 'amount', label: t('amount'), cell: (e) => yuan(e.amount) },
        { key: 'semester', label: t('semester'), cell: (e) => semesterLabel(t, e.semester) },
        { key: 'note', label: t('note'), cell: (e) => [e.reference, e.note, e.reversedBy ? t('reversed') : ''].filter(Boolean).join(' · ') },
        { key: 'reverse', label: t('reverse'), hideLabel: true, cell: (e) => (canWrite && e.kind !== 'REVERSAL' && !e.reversedBy
          ? html`<button type="button" class="btn small danger" onClick=${() => setReversing(e)}>${t('reverse')}</button>` : null) },
      ]} /><p><strong>${t('received')}: ${yuan(data.total)} ${t('yuan')}</strong></p>`}<//>
    ${reversing ? html`<h3>${t('reverseEntry', { day: reversing.paidOn, amount: yuan(reversing.amount) })}</h3>
      <${Form} t=${t} specs=${[{ name: 'reason', id: 'subsidies-reverse-reason', label: t('reverseReason'), type: 'textarea', required: true }]}
        initial=${{ reason: '' }} submitLabel=${t('reverse')} onCancel=${() => setReversing(null)}
        submit=${async (v) => { await ctx.api(`entries/${reversing.id}/reversal`, { method: 'POST', body: v }); setReversing(null); onChanged(); }} />` : null}
    ${canWrite ? html`<h3>${t('allowance')}</h3><${Form} t=${t} specs=${allowance} initial=${{ fund: 'CA_MINIMUM', paidOn: chinaToday() }}
      submitLabel=${t('save')} doneText=${t('saved')} submit=${async (v) => {
        await ctx.api(`children/${child}/allowances`, { method: 'POST', body: v }); onChanged(); }} />` : null}
  </section>`;
}

function Page({ ctx, t }) {
  const options = semesters();
  const [semester, setSemester] = useState(options[0]);
  const [version, setVersion] = useState(0);
  const [child, setChild] = useState(null);
  const funds = useLoad(() => ctx.api('funds'), []);
  const kids = useLoad(() => ctx.api('/api/children', { query: { schoolId: ctx.school, size: 500 } }).then((p) => p.items).catch(() => []), []);
  const changed = () => setVersion((n) => n + 1);
  return html`<h1 id="subsidies-title">${t('title')}</h1>
    <p class="muted">${t('intro')}</p>
    <${Field} name="semester" id="subsidies-semester" type="select" label=${t('semester')} value=${semester} onInput=${setSemester}
      options=${options.map((s) => [s, semesterLabel(t, s)])} />
    <${Loaded} state=${funds} t=${t}>${(list) => {
      const names = Object.fromEntries(list.map((f) => [f.code, ctx.lang === 'en' ? f.nameEn : f.nameZh]));
      return html`<${Totals} ctx=${ctx} t=${t} semester=${semester} funds=${names} version=${version} />
        <${Applications} ctx=${ctx} t=${t} semester=${semester} funds=${names} version=${version} onChanged=${changed} onLedger=${setChild} />
        <section class="card" aria-labelledby="subsidies-pick-title"><h2 id="subsidies-pick-title">${t('ledger')}</h2>
          <${Field} name="child" id="subsidies-ledger-child" type="select" label=${t('child')} empty=${t('pickChild')} value=${child}
            onInput=${(v) => setChild(v ? Number(v) : null)} options=${(kids.data || []).map((c) => [c.id, c.name])} /></section>
        ${child ? html`<${Ledger} key=${child} ctx=${ctx} t=${t} child=${child} funds=${names} fundList=${list} version=${version}
          onChanged=${changed} />` : null}
        ${ctx.user.permissions.includes('subsidies.write') ? html`<${Apply} ctx=${ctx} t=${t} semester=${semester} fundList=${list}
          kids=${kids.data || []} onSaved=${changed} />` : null}`;
    }}<//>`;
}

export const render = programmePage(Page);
