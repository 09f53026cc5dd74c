// 一对一结对帮扶 page. The console imports this module and calls render(root, ctx) (see the console contract).
import { html, render as mount, useState, useEffect, useCallback } from '/console/lib/preact.js';

const TABS = ['board', 'proposal', 'records', 'overdue', 'reports', 'mentors'];

function fmt(s, args) {
  return s.replace(/\{(\w+)\}/g, (_, k) => (args[k] ?? ''));
}

function Hearts({ level, t }) {
  if (!level) return html`<span class="muted">${t('unassessed')}</span>`;
  return html`<span class="pairing-hearts" aria-label=${t('level') + ' ' + level}>${'♥'.repeat(level)}</span>`;
}

function ErrorBox({ error, t }) {
  if (!error) return null;
  const b = error.body || {};
  return html`<p class="badge bad" role="alert">${(b.message_zh && (t.lang === 'en' ? b.message_en : b.message_zh)) || t('error')}</p>`;
}

function fieldError(error, field, lang) {
  const e = error && error.body && (error.body.errors || []).find((x) => x.field === field);
  return e ? html`<span class="error">${lang === 'en' ? e.message_en : e.message_zh}</span>` : null;
}

function Board({ ctx, t }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => { ctx.api('board').then(setData, setError); }, []);
  if (error) return html`<${ErrorBox} error=${error} t=${t} />`;
  if (!data) return html`<p class="muted">${t('loading')}</p>`;
  return html`<div class="pairing-scroll"><table class="data">
    <thead><tr><th>${t('child')}</th><th>${t('village')}</th><th>${t('level')}</th><th>${t('mentors')}</th></tr></thead>
    <tbody>${data.items.map((c) => html`<tr>
      <td>${c.name}</td><td>${c.village || ''}</td><td><${Hearts} level=${c.level} t=${t} /></td>
      <td>${c.pairs.length === 0 ? html`<span class="badge warn">${t('unpaired')}</span>`
        : c.pairs.map((p) => html`<span class="badge ${p.status === 'ACTIVE' ? 'ok' : 'warn'}">${p.mentorName} · ${t(p.mentorKind)}${p.status === 'PENDING' ? ' · ' + t('PENDING') : ''}</span> `)}
        ${(c.mentorLeft || []).map((n) => html` <span class="badge bad">${t('mentorLeft')}: ${n}</span>`)}</td>
    </tr>`)}</tbody></table></div>`;
}

function ProposalView({ ctx, t }) {
  const [proposal, setProposal] = useState(null);
  const [chosen, setChosen] = useState(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [result, setResult] = useState(null);
  const county = ctx.user.roles.includes('COUNTY_ADMIN');
  const canAccept = ctx.user.permissions.includes('pairing.manage');
  const propose = useCallback(async (scope) => {
    setBusy(true); setError(null); setResult(null);
    try {
      const p = await ctx.api('proposals', { method: 'POST', body: { scope } });
      setProposal(p);
      setChosen(new Set(p.items.filter((i) => i.mentorId).map((i) => i.id)));
    } catch (e) { setError(e); } finally { setBusy(false); }
  }, []);
  const accept = useCallback(async (all) => {
    setBusy(true); setError(null);
    try {
      const r = await ctx.api(`proposals/${proposal.id}/accept`, { method: 'POST', body: all ? { all: true } : { items: [...chosen] } });
      setResult(r);
      setProposal(await ctx.api(`proposals/${proposal.id}`));
    } catch (e) { setError(e); } finally { setBusy(false); }
  }, [proposal, chosen]);
  const toggle = (id) => { const s = new Set(chosen); s.has(id) ? s.delete(id) : s.add(id); setChosen(s); };
  return html`<div>
    <p><button class="btn primary" disabled=${busy} onClick=${() => propose('school')}>${t('propose')}</button>
    ${county ? html` <button class="btn" disabled=${busy} onClick=${() => propose('county')}>${t('proposeCounty')}</button>` : null}</p>
    <${ErrorBox} error=${error} t=${t} />
    ${result ? html`<p><span class="badge ok">${fmt(t('accepted'), { n: result.accepted.length })}</span> <span class="badge warn">${fmt(t('skipped'), { n: result.skipped.length })}</span></p>` : null}
    ${proposal ? html`<div class="card">
      <p>${fmt(t('proposalSummary'), proposal)}</p>
      ${canAccept ? html`<p><button class="btn primary" disabled=${busy || chosen.size === 0} onClick=${() => accept(false)}>${t('accept')}</button>
        <button class="btn" disabled=${busy} onClick=${() => accept(true)}>${t('acceptAll')}</button></p>` : null}
      <div class="pairing-scroll"><table class="data"><thead><tr><th>${t('select')}</th><th>${t('level')}</th><th>${t('explain')}</th></tr></thead>
      <tbody>${proposal.items.map((i) => html`<tr>
        <td>${i.mentorId && !i.pairId && canAccept ? html`<input type="checkbox" aria-label=${t('select')} checked=${chosen.has(i.id)} onChange=${() => toggle(i.id)} />`
          : i.pairId ? html`<span class="badge ok">✓</span>` : html`<span class="badge bad">✗</span>`}</td>
        <td><${Hearts} level=${i.level} t=${t} /></td>
        <td>${ctx.lang === 'en' ? i.explainEn : i.explainZh}</td></tr>`)}</tbody></table></div></div>` : null}
  </div>`;
}

function Records({ ctx, t }) {
  const [records, setRecords] = useState(null);
  const [pairs, setPairs] = useState([]);
  const [form, setForm] = useState({ kind: 'TALK', occurredOn: new Date().toISOString().slice(0, 10), topics: [] });
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(false);
  const load = () => ctx.api('records').then(setRecords, setError);
  useEffect(() => { load(); ctx.api('pairs').then((p) => setPairs(p.items.filter((x) => x.status === 'ACTIVE')), setError); }, []);
  const set = (k, v) => setForm({ ...form, [k]: v });
  const submit = async (ev) => {
    ev.preventDefault(); setError(null); setSaved(false);
    const pair = pairs.find((p) => String(p.id) === String(form.pair));
    try {
      await ctx.api('records', { method: 'POST', body: { kind: form.kind, occurredOn: form.occurredOn, topics: form.topics, notes: form.notes,
        followUp: form.followUp, childId: pair ? pair.childId : null, mentorId: pair ? pair.mentorId : null } });
      setSaved(true); load();
    } catch (e) { setError(e); }
  };
  return html`<div>
    <form class="card" onSubmit=${submit}><h3>${t('record.new')}</h3><div class="pairing-form">
      <label class="field">${t('child')} / ${t('mentors')}
        <select value=${form.pair || ''} onChange=${(e) => set('pair', e.target.value)}>
          <option value=""></option>${pairs.map((p) => html`<option value=${p.id}>${p.childName} — ${p.mentorName} (${t(p.mentorKind)})</option>`)}
        </select>${fieldError(error, 'childId', ctx.lang) || fieldError(error, 'mentorId', ctx.lang)}</label>
      <label class="field">${t('record.kind')}<select value=${form.kind} onChange=${(e) => set('kind', e.target.value)}>
        ${['TALK', 'HOME_VISIT', 'PARENT_CALL'].map((k) => html`<option value=${k}>${t(k)}</option>`)}</select></label>
      <label class="field">${t('record.date')}<input type="date" value=${form.occurredOn} onInput=${(e) => set('occurredOn', e.target.value)} />
        ${fieldError(error, 'occurredOn', ctx.lang)}</label>
      <fieldset class="field"><legend>${t('record.topics')}</legend><div class="pairing-topics">
        ${['STUDY', 'LIFE', 'MOOD', 'FRIENDS', 'HEALTH'].map((k) => html`<label><input type="checkbox" checked=${form.topics.includes(k)}
          onChange=${(e) => set('topics', e.target.checked ? [...form.topics, k] : form.topics.filter((x) => x !== k))} /> ${t(k)}</label>`)}
      </div>${fieldError(error, 'topics', ctx.lang)}</fieldset>
      <label class="field">${t('record.notes')}<textarea value=${form.notes || ''} onInput=${(e) => set('notes', e.target.value)}></textarea>${fieldError(error, 'notes', ctx.lang)}</label>
      <label class="field">${t('record.followUp')}<textarea value=${form.followUp || ''} onInput=${(e) => set('followUp', e.target.value)}></textarea></label>
    </div><p><button class="btn primary" type="submit">${t('record.save')}</button> ${saved ? html`<span class="badge ok">${t('record.saved')}</span>` : null}</p>
    ${error && !(error.body && error.body.errors) ? html`<${ErrorBox} error=${error} t=${t} />` : null}</form>
    ${records ? html`<div class="pairing-scroll"><table class="data"><thead><tr><th>${t('record.date')}</th><th>${t('record.kind')}</th><th>${t('child')}</th>
      <th>${t('mentors')}</th><th>${t('record.topics')}</th><th>${t('record.notes')}</th></tr></thead><tbody>
      ${records.items.map((r) => html`<tr><td>${r.occurredOn}</td><td>${t(r.kind)}</td><td>${r.childName || ''}</td><td>${r.mentorName}</td>
        <td>${(r.topics || []).map((x) => t(x)).join('、')}</td><td>${r.notes || ''}</td></tr>`)}</tbody></table></div>` : html`<p class="muted">${t('loading')}</p>`}
  </div>`;
}

function Overdue({ ctx, t }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => { ctx.api('overdue').then(setData, setError); }, []);
  if (error) return html`<${ErrorBox} error=${error} t=${t} />`;
  if (!data) return html`<p class="muted">${t('loading')}</p>`;
  if (data.items.length === 0) return html`<p class="muted">${t('none')}</p>`;
  return html`<div class="pairing-scroll"><table class="data"><thead><tr><th>${t('mentors')}</th><th>${t('child')}</th><th>${t('record.kind')}</th>
    <th>${t('overdue.period')}</th><th>${t('overdue.done')}</th></tr></thead><tbody>
    ${data.items.map((o) => html`<tr><td>${o.mentorName}</td><td>${o.childName || t('overdue.mentorDuty')}</td><td>${t(o.kind)} · ${t(o.period)}</td>
      <td>${o.start} – ${o.end}</td><td><span class="badge bad">${o.done}/${o.min}</span></td></tr>`)}</tbody></table></div>`;
}

function Reports({ ctx, t }) {
  const [which, setWhich] = useState('coverage');
  const [month, setMonth] = useState(new Date().toISOString().slice(0, 7));
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    setData(null);
    ctx.api(`reports/${which}`, { query: which === 'compliance' ? { month } : {} }).then(setData, setError);
  }, [which, month]);
  const download = async () => {
    const q = new URLSearchParams({ format: 'csv', ...(which === 'compliance' ? { month } : {}) });
    const r = await ctx.fetch(`/api/programmes/pairing/reports/${which}?${q}`);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(await r.blob());
    a.download = `pairing-${which}.csv`;
    a.click();
  };
  const cols = data && data.items.length ? Object.keys(data.items[0]).filter((k) => !k.endsWith('Id')) : [];
  return html`<div>
    <p class="pairing-tabs">${['coverage', 'load', 'compliance', 'levels'].map((w) => html`<button class="btn" aria-selected=${w === which} onClick=${() => setWhich(w)}>${t('report.' + w)}</button>`)}
      ${which === 'compliance' ? html`<label> ${t('report.month')} <input type="month" value=${month} onInput=${(e) => setMonth(e.target.value)} /></label>` : null}
      <button class="btn" onClick=${download}>${t('report.csv')}</button></p>
    <${ErrorBox} error=${error} t=${t} />
    ${data ? html`<div class="pairing-scroll"><table class="data"><thead><tr>${cols.map((c) => html`<th>${t(c)}</th>`)}</tr></thead><tbody>
      ${data.items.map((r) => html`<tr>${cols.map((c) => html`<td>${r[c] === 'TOTAL' ? t('total') : typeof r[c] === 'string' && t(r[c]) !== r[c] ? t(r[c]) : r[c]}</td>`)}</tr>`)}
    </tbody></table></div>` : html`<p class="muted">${t('loading')}</p>`}</div>`;
}

function Mentors({ ctx, t }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [form, setForm] = useState({ kind: 'LOVING_MOTHER' });
  const manage = ctx.user.permissions.includes('pairing.manage');
  const load = () => ctx.api('mentors').then(setData, setError);
  useEffect(() => { load(); }, []);
  const submit = async (ev) => {
    ev.preventDefault(); setError(null);
    try {
      await ctx.api('mentors', { method: 'POST', body: { ...form, capacity: form.capacity ? Number(form.capacity) : null } });
      setForm({ kind: form.kind }); load();
    } catch (e) { setError(e); }
  };
  const leave = async (m) => {
    if (!window.confirm(t('mentor.leaveConfirm'))) return;
    try { await ctx.api(`mentors/${m.id}/leave`, { method: 'POST', body: {} }); load(); } catch (e) { setError(e); }
  };
  return html`<div>
    ${manage ? html`<form class="card" onSubmit=${submit}><h3>${t('mentor.new')}</h3><div class="pairing-form">
      <label class="field">${t('kind')}<select value=${form.kind} onChange=${(e) => setForm({ ...form, kind: e.target.value })}>
        ${['LOVING_MOTHER', 'PROXY_PARENT', 'CADRE', 'VOLUNTEER'].map((k) => html`<option value=${k}>${t(k)}</option>`)}</select>${fieldError(error, 'kind', ctx.lang)}</label>
      <label class="field">${t('name')}<input value=${form.name || ''} onInput=${(e) => setForm({ ...form, name: e.target.value })} />${fieldError(error, 'name', ctx.lang)}</label>
      <label class="field">${t('phone')}<input value=${form.phone || ''} onInput=${(e) => setForm({ ...form, phone: e.target.value })} />${fieldError(error, 'phone', ctx.lang)}</label>
      <label class="field">${t('village')}<input value=${form.village || ''} onInput=${(e) => setForm({ ...form, village: e.target.value })} />${fieldError(error, 'village', ctx.lang)}</label>
      <label class="field">${t('capacity')}<input type="number" min="1" max="50" value=${form.capacity || ''} onInput=${(e) => setForm({ ...form, capacity: e.target.value })} />${fieldError(error, 'capacity', ctx.lang)}</label>
    </div><p><button class="btn primary" type="submit">${t('mentor.save')}</button></p></form>` : null}
    <${ErrorBox} error=${error && !(error.body && error.body.errors) ? error : null} t=${t} />
    ${data ? html`<div class="pairing-scroll"><table class="data"><thead><tr><th>${t('name')}</th><th>${t('kind')}</th><th>${t('village')}</th>
      <th>${t('load')}</th>${manage ? html`<th></th>` : null}</tr></thead><tbody>
      ${data.items.map((m) => html`<tr><td>${m.name}</td><td>${t(m.kind)}</td><td>${m.village || ''}</td>
        <td><span class="badge ${m.load >= m.effectiveCapacity ? 'warn' : 'ok'}">${m.load}/${m.effectiveCapacity}</span></td>
        ${manage ? html`<td>${m.kind !== 'TEACHER' ? html`<button class="btn" onClick=${() => leave(m)}>${t('mentor.leave')}</button>` : null}</td>` : null}</tr>`)}
    </tbody></table></div>` : html`<p class="muted">${t('loading')}</p>`}</div>`;
}

function Page({ ctx, strings }) {
  const [tab, setTab] = useState('board');
  const t = (k) => strings[k] ?? k;
  t.lang = ctx.lang;
  const views = { board: Board, proposal: ProposalView, records: Records, overdue: Overdue, reports: Reports, mentors: Mentors };
  const View = views[tab];
  return html`<section>
    <h2>${t('title')}</h2>
    <nav class="pairing-tabs" role="tablist">${TABS.map((k) => html`<button class="btn" role="tab" aria-selected=${k === tab}
      onClick=${() => setTab(k)}>${t('tab.' + k)}</button>`)}</nav>
    <div role="tabpanel"><${View} key=${tab} ctx=${ctx} t=${t} /></div></section>`;
}

export async function render(root, ctx) {
  const lang = ctx.lang === 'en' ? 'en' : 'zh';
  const strings = await (await fetch(new URL(`i18n/${lang}.json`, import.meta.url))).json();
  if (!document.querySelector('link[data-pairing-css]')) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL('pairing.css', import.meta.url).href;
    link.dataset.pairingCss = '1';
    document.head.append(link);
  }
  mount(html`<${Page} ctx=${ctx} strings=${strings} />`, root);
  return () => mount(null, root);
}
