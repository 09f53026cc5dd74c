// 计生关爱 (programme "health") page: check entry sheet per class, follow-ups, the child's health archive with a growth
// chart, population, puberty classes and reports. Contract: export render(root, ctx); returns a cleanup function.
import { html, render as draw, useState, useEffect, useRef, useMemo, useCallback } from '/console/lib/preact.js';
import * as echarts from '/console/lib/echarts.js';

const FIELDS = ['heightCm', 'weightKg', 'sbp', 'dbp', 'eyesight_left', 'eyesight_right'];
const FLAG_WARN = new Set(['OVERWEIGHT', 'MILD', 'IMPLAUSIBLE', 'AGE_OUT_OF_RANGE']);

export async function render(root, ctx) {
  const lang = ctx.lang === 'en' ? 'en' : 'zh';
  const dict = await (await fetch(`${ctx.base}i18n/${lang}.json`)).json();
  const t = (k) => dict[k] ?? k;
  if (!document.querySelector('link[data-health-css]')) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = `${ctx.base}health.css`;
    link.dataset.healthCss = '1';
    document.head.append(link);
  }
  draw(html`<${App} ctx=${ctx} t=${t} lang=${lang} />`, root);
  return () => draw(null, root);
}

const msg = (lang, e) => (e ? (lang === 'en' ? e.message_en : e.message_zh) : '');

/** Field errors of a rejected call as { field: message }, and the overall message. */
function problems(err, lang) {
  const body = err && err.body;
  const fields = {};
  for (const e of (body && body.errors) || []) fields[e.field] = msg(lang, e);
  return { fields, message: body ? msg(lang, body) : String(err), code: body && body.error };
}

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

function App({ ctx, t, lang }) {
  const [tab, setTab] = useState('entry');
  const [child, setChild] = useState(null);
  const open = useCallback((id) => { setChild(id); setTab('archive'); }, []);
  const tabs = ['entry', 'followups', 'archive', 'population', 'puberty', 'reports'];
  const onKey = (e) => {
    const i = tabs.indexOf(tab);
    if (e.key === 'ArrowRight') setTab(tabs[(i + 1) % tabs.length]);
    if (e.key === 'ArrowLeft') setTab(tabs[(i + tabs.length - 1) % tabs.length]);
  };
  const C = { ctx, t, lang, open };
  return html`<div class="health">
    <h2>${t('title')}</h2>
    <div class="health-tabs" role="tablist" onKeyDown=${onKey}>
      ${tabs.map((k) => html`<button class="btn" role="tab" aria-selected=${tab === k} tabindex=${tab === k ? 0 : -1}
        onClick=${() => setTab(k)}>${t('tab.' + k)}</button>`)}
    </div>
    <div role="tabpanel">
      ${tab === 'entry' && html`<${Entry} ...${C} />`}
      ${tab === 'followups' && html`<${FollowUps} ...${C} />`}
      ${tab === 'archive' && html`<${Archive} ...${C} id=${child} />`}
      ${tab === 'population' && html`<${Population} ...${C} />`}
      ${tab === 'puberty' && html`<${Puberty} ...${C} />`}
      ${tab === 'reports' && html`<${Reports} ...${C} />`}
    </div>
  </div>`;
}

function useLoad(fn, deps) {
  const [state, setState] = useState({ loading: true });
  const reload = useCallback(() => {
    setState((s) => ({ ...s, loading: true }));
    fn().then((data) => setState({ data }), (error) => setState({ error }));
  }, deps);
  useEffect(reload, [reload]);
  return [state, reload];
}

function Status({ state, t, lang }) {
  if (state.error) return html`<p class="badge bad" role="alert">${t('error')}: ${problems(state.error, lang).message}</p>`;
  if (state.loading && !state.data) return html`<p class="muted">${t('loading')}</p>`;
  return null;
}

function Field({ label, error, children }) {
  return html`<label class="field"><span>${label}</span>${children}${error && html`<span class="error" role="alert">${error}</span>`}</label>`;
}

function Badges({ screening, t }) {
  const flagged = (screening || []).filter((r) => r.flagged);
  if (!flagged.length) return html`<span class="badge ok">${t('noFlags')}</span>`;
  return html`<span class="health-badges">${flagged.map((r) => html`<span class=${'badge ' + (FLAG_WARN.has(r.category) ? 'warn' : 'bad')}
      title=${`${r.referenceId} ${r.referenceVersion}; ${r.detail || ''}`}>
      ${t('cat.' + r.category)}${r.provisional ? ` (${t('provisional')})` : ''}</span>`)}</span>`;
}

// ------------------------------------------------------------------ entry sheet

function Entry({ ctx, t, lang, open }) {
  const [campaigns, reloadCampaigns] = useLoad(() => ctx.api('campaigns'), []);
  const [classes] = useLoad(() => ctx.api(`/api/schools/${ctx.school}/classes`), []);
  const [campaign, setCampaign] = useState('');
  const [klass, setKlass] = useState('');
  const [creating, setCreating] = useState(false);
  const list = (campaigns.data && campaigns.data.items) || [];
  useEffect(() => { if (!campaign && list.length) setCampaign(String(list[0].id)); }, [list.length]);
  return html`<section class="card">
    <div class="health-toolbar">
      <${Field} label=${t('campaign')}>
        <select value=${campaign} onChange=${(e) => setCampaign(e.target.value)}>
          <option value="">${t('chooseCampaign')}</option>
          ${list.map((k) => html`<option value=${k.id}>${k.semester} ${k.title}</option>`)}
        </select>
      <//>
      <${Field} label=${t('class')}>
        <select value=${klass} onChange=${(e) => setKlass(e.target.value)}>
          <option value="">${t('chooseClass')}</option>
          ${(classes.data || []).map((k) => html`<option value=${k.id}>${k.name}</option>`)}
        </select>
      <//>
      <button class="btn" onClick=${() => setCreating(!creating)} aria-expanded=${creating}>${t('newCampaign')}</button>
    </div>
    <${Status} state=${campaigns} t=${t} lang=${lang} />
    ${creating && html`<${NewCampaign} ctx=${ctx} t=${t} lang=${lang} done=${(k) => { setCreating(false); reloadCampaigns(); setCampaign(String(k.id)); }} />`}
    ${campaign && klass && html`<${Sheet} key=${campaign + '/' + klass} ctx=${ctx} t=${t} lang=${lang} campaign=${campaign} klass=${klass} open=${open} />`}
  </section>`;
}

function NewCampaign({ ctx, t, lang, done }) {
  const d = new Date(Date.now() + 8 * 3600e3);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const sem = m >= 9 ? `${y}-${y + 1}-1` : m === 1 ? `${y - 1}-${y}-1` : `${y - 1}-${y}-2`;
  const [v, setV] = useState({ semester: sem, title: '', startsOn: today(), endsOn: today(), notifyWithinDays: 7 });
  const [err, setErr] = useState({ fields: {} });
  const set = (k) => (e) => setV({ ...v, [k]: e.target.value });
  const submit = async (e) => {
    e.preventDefault();
    try {
      done(await ctx.api('campaigns', { method: 'POST', body: { ...v, notifyWithinDays: Number(v.notifyWithinDays) } }));
    } catch (x) { setErr(problems(x, lang)); }
  };
  return html`<form class="health-form card" onSubmit=${submit}>
    ${['semester', 'title'].map((k) => html`<${Field} label=${t(k === 'title' ? 'campaignTitle' : k)} error=${err.fields[k]}>
      <input value=${v[k]} onInput=${set(k)} required /><//>`)}
    ${['startsOn', 'endsOn'].map((k) => html`<${Field} label=${t(k)} error=${err.fields[k]}><input type="date" value=${v[k]} onInput=${set(k)} /><//>`)}
    <${Field} label=${t('notifyWithinDays')} error=${err.fields.notifyWithinDays}>
      <input type="number" min="1" max="60" value=${v.notifyWithinDays} onInput=${set('notifyWithinDays')} /><//>
    <button class="btn primary">${t('create')}</button>
  </form>`;
}

function rowFrom(r) {
  const c = r.check;
  const m = {};
  for (const x of (c && c.measures) || []) m[x.code] = x.value;
  return {
    childId: r.childId, name: r.name, gender: r.gender, birthDate: r.birthDate, check: c,
    values: {
      heightCm: c ? String(c.heightCm) : '', weightKg: c ? String(c.weightKg) : '', sbp: c && c.sbp != null ? String(c.sbp) : '',
      dbp: c && c.dbp != null ? String(c.dbp) : '', eyesight_left: m.eyesight_left != null ? String(m.eyesight_left) : '',
      eyesight_right: m.eyesight_right != null ? String(m.eyesight_right) : '',
    },
    errors: {}, dirty: false, confirm: false, state: '',
  };
}

function Sheet({ ctx, t, lang, campaign, klass, open }) {
  const [sheet] = useLoad(() => ctx.api(`campaigns/${campaign}/classes/${klass}/sheet`), [campaign, klass]);
  const [rows, setRows] = useState([]);
  const [measuredOn, setMeasuredOn] = useState(today());
  const table = useRef(null);
  useEffect(() => { if (sheet.data) setRows(sheet.data.rows.map(rowFrom)); }, [sheet.data]);
  useEffect(() => {
    const k = sheet.data && sheet.data.campaign;
    if (k && (measuredOn < k.startsOn || measuredOn > k.endsOn)) setMeasuredOn(k.endsOn < today() ? k.endsOn : k.startsOn);
  }, [sheet.data]);
  const update = (i, patch) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const save = async (i) => {
    const r = rows[i];
    if (!r || !r.dirty) return;
    const v = r.values;
    if (!v.heightCm && !v.weightKg) return;
    const num = (s) => (s === '' ? null : s);
    const measures = ['eyesight_left', 'eyesight_right'].filter((k) => v[k] !== '').map((k) => ({ code: k, value: Number(v[k]) }));
    const body = { measuredOn, heightCm: num(v.heightCm), weightKg: num(v.weightKg), sbp: num(v.sbp), dbp: num(v.dbp), measures,
      version: r.check ? r.check.version : 0, confirm: r.confirm };
    update(i, { state: 'saving' });
    try {
      const out = await ctx.api(`campaigns/${campaign}/children/${r.childId}/check`, { method: 'PUT', body });
      update(i, { ...rowFrom({ ...r, check: out.check }), state: 'saved' });
    } catch (x) {
      const p = problems(x, lang);
      const errors = {};
      for (const [f, m] of Object.entries(p.fields)) {
        const measure = /^measures\[(\d+)\]/.exec(f);
        const key = measure ? (measures[Number(measure[1])] || {}).code : f;
        if (FIELDS.includes(key)) errors[key] = m;
        else errors._ = (errors._ ? errors._ + '; ' : '') + m;
      }
      if (!Object.keys(errors).length) errors._ = p.message;
      update(i, { errors, state: p.code === 'confirm' ? 'confirm' : 'error' });
    }
  };

  const focus = (row, col) => {
    const el = table.current && table.current.querySelector(`input[data-row="${row}"][data-col="${col}"]`);
    if (el) { el.focus(); el.select(); }
  };
  const onKey = (i, c) => (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      if (c < FIELDS.length - 1) focus(i, c + 1);
      else { save(i); focus(i + 1, 0); }
    } else if (e.key === 'ArrowDown') { e.preventDefault(); save(i); focus(i + 1, c); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); save(i); focus(i - 1, c); }
  };
  const onRowBlur = (i) => (e) => {
    if (!e.currentTarget.contains(e.relatedTarget)) save(i);
  };
  const age = (b) => (b ? ((new Date(measuredOn) - new Date(b)) / 31557600000).toFixed(1) : '');

  if (!sheet.data) return html`<${Status} state=${sheet} t=${t} lang=${lang} />`;
  return html`<div>
    <div class="health-toolbar">
      <${Field} label=${t('measuredOn')}><input type="date" value=${measuredOn} min=${sheet.data.campaign.startsOn}
        max=${sheet.data.campaign.endsOn} onInput=${(e) => setMeasuredOn(e.target.value)} /><//>
      <p class="muted">${t('entryHelp')}</p>
    </div>
    <div class="health-scroll">
    <table class="data health-sheet" ref=${table}>
      <thead><tr><th>${t('child')}</th><th>${t('gender')}</th><th>${t('age')}</th>
        ${FIELDS.map((f) => html`<th>${t(f)}</th>`)}<th>${t('bmi')}</th><th>${t('flags')}</th></tr></thead>
      <tbody>
        ${rows.map((r, i) => html`<tr class=${r.dirty ? 'health-dirty' : r.check && r.check.flagged ? 'health-flag' : ''} onFocusOut=${onRowBlur(i)}>
          <td><button class="health-link" onClick=${() => open(r.childId)}>${r.name}</button></td>
          <td>${t(r.gender)}</td><td>${age(r.birthDate)}</td>
          ${FIELDS.map((f, c) => html`<td>
            <input inputmode="decimal" aria-label=${`${r.name} ${t(f)}`} data-row=${i} data-col=${c} value=${r.values[f]}
              aria-invalid=${!!r.errors[f]} onKeyDown=${onKey(i, c)}
              onInput=${(e) => update(i, { values: { ...r.values, [f]: e.target.value.trim() }, dirty: true, errors: { ...r.errors, [f]: undefined } })} />
            ${r.errors[f] && html`<span class="health-err" role="alert">${r.errors[f]}</span>`}</td>`)}
          <td>${r.check ? r.check.bmi : ''}</td>
          <td>
            ${r.check && !r.dirty && html`<${Badges} screening=${r.check.screening} t=${t} />`}
            ${r.state === 'saving' && html`<span class="muted">${t('saving')}</span>`}
            ${r.state === 'saved' && html`<span class="muted"> ✓ ${t('saved')}</span>`}
            ${r.errors._ && html`<span class="health-err" role="alert">${r.errors._}</span>`}
            ${(r.state === 'confirm' || r.confirm) && html`<label><input type="checkbox" checked=${r.confirm}
              onChange=${(e) => update(i, { confirm: e.target.checked, dirty: true })} /> ${t('confirm')}</label>`}
            ${r.dirty && r.state !== 'saving' && html`<button class="btn" onClick=${() => save(i)}>${t('save')}</button>`}
          </td>
        </tr>`)}
      </tbody>
    </table></div>
    <p class="muted">${t('provisionalNote')}</p>
  </div>`;
}

// ------------------------------------------------------------------ follow-ups

function FollowUps({ ctx, t, lang, open }) {
  const [status, setStatus] = useState('open');
  const [list, reload] = useLoad(() => ctx.api('followups', { query: { status } }), [status]);
  const [selected, setSelected] = useState(null);
  const items = (list.data && list.data.items) || [];
  return html`<section class="card">
    <div class="health-toolbar">
      <${Field} label=${t('status')}>
        <select value=${status} onChange=${(e) => { setStatus(e.target.value); setSelected(null); }}>
          ${['open', 'overdue', 'closed', 'all'].map((s) => html`<option value=${s}>${t('status.' + s)}</option>`)}
        </select><//>
    </div>
    <${Status} state=${list} t=${t} lang=${lang} />
    ${list.data && !items.length && html`<p class="muted">${t('none')}</p>`}
    ${items.length > 0 && html`<div class="health-scroll"><table class="data">
      <thead><tr><th>${t('child')}</th><th>${t('finding')}</th><th>${t('openedOn')}</th><th>${t('dueOn')}</th><th>${t('status')}</th><th></th></tr></thead>
      <tbody>${items.map(({ followUp: f, childName }) => html`<tr>
        <td><button class="health-link" onClick=${() => open(f.childId)}>${childName}</button></td>
        <td>${t('finding.' + f.finding)}</td><td>${f.openedOn}</td><td>${f.dueOn}</td>
        <td><span class=${'badge ' + (f.overdue ? 'bad' : f.status === 'CLOSED' ? 'ok' : 'warn')}>${t('st.' + f.status)}${f.overdue ? ' · ' + t('overdue') : ''}</span></td>
        <td><button class="btn" aria-expanded=${selected === f.id} onClick=${() => setSelected(selected === f.id ? null : f.id)}>…</button></td>
      </tr>`)}</tbody></table></div>`}
    ${selected && html`<${FollowUpDetail} key=${selected} ctx=${ctx} t=${t} lang=${lang} id=${selected} changed=${reload} />`}
  </section>`;
}

function FollowUpDetail({ ctx, t, lang, id, changed }) {
  const [state, reload] = useLoad(() => ctx.api(`followups/${id}`), [id]);
  const f = state.data;
  const [contacts] = useLoad(() => (f ? ctx.api(`children/${f.childId}/contacts`) : Promise.resolve({ items: [] })), [f && f.childId]);
  const [n, setN] = useState({ recipient: 'MOTHER', recipientName: '', channel: 'PHONE', notifiedOn: today(), note: '' });
  const [r, setR] = useState({ referredTo: '乡镇卫生院', referredOn: today() });
  const [c, setC] = useState({ outcome: 'RESOLVED', outcomeNote: '', closedOn: today() });
  const [err, setErr] = useState({ fields: {} });
  const post = (path, body) => async (e) => {
    e.preventDefault();
    try { await ctx.api(`followups/${id}/${path}`, { method: 'POST', body }); setErr({ fields: {} }); reload(); changed(); }
    catch (x) { setErr(problems(x, lang)); }
  };
  if (!f) return html`<${Status} state=${state} t=${t} lang=${lang} />`;
  const people = (contacts.data && contacts.data.items) || [];
  return html`<div class="card">
    <h3>${t('finding.' + f.finding)} · <span class="muted">${f.detail}</span></h3>
    <p>${t('required')}: ${f.requiredRecipients.map((x) => t('rc.' + x)).join('、')} · ${t('dueOn')} ${f.dueOn}</p>
    <h4>${t('notifications')}</h4>
    ${f.notifications.length ? html`<ul>${f.notifications.map((x) => html`<li>${x.notifiedOn} ${t('rc.' + x.recipient)} ${x.recipientName || ''}
      · ${t('ch.' + x.channel)} ${x.note ? '· ' + x.note : ''} <span class="muted">(${x.recordedBy})</span></li>`)}</ul>` : html`<p class="muted">${t('noNotifications')}</p>`}
    ${err.message && !Object.keys(err.fields).length && html`<p class="badge bad" role="alert">${err.message}</p>`}
    ${f.status !== 'CLOSED' && html`
      <form class="health-form" onSubmit=${post('notifications', n)}>
        <${Field} label=${t('recipient')} error=${err.fields.recipient}>
          <select value=${n.recipient} onChange=${(e) => {
            const p = people.find((x) => x.recipient === e.target.value);
            setN({ ...n, recipient: e.target.value, recipientName: p ? p.name : '' });
          }}>${['GUARDIAN', 'FATHER', 'MOTHER'].map((x) => html`<option value=${x}>${t('rc.' + x)}</option>`)}</select><//>
        <${Field} label=${t('recipientName')} error=${err.fields.recipientName}><input value=${n.recipientName} onInput=${(e) => setN({ ...n, recipientName: e.target.value })} /><//>
        <${Field} label=${t('channel')} error=${err.fields.channel}>
          <select value=${n.channel} onChange=${(e) => setN({ ...n, channel: e.target.value })}>
            ${['PHONE', 'VISIT', 'MESSAGE', 'LETTER', 'MEETING'].map((x) => html`<option value=${x}>${t('ch.' + x)}</option>`)}</select><//>
        <${Field} label=${t('notifiedOn')} error=${err.fields.notifiedOn}><input type="date" value=${n.notifiedOn} onInput=${(e) => setN({ ...n, notifiedOn: e.target.value })} /><//>
        <${Field} label=${t('note')} error=${err.fields.note}><input value=${n.note} onInput=${(e) => setN({ ...n, note: e.target.value })} /><//>
        <button class="btn primary">${t('addNotification')}</button>
      </form>
      <h4>${t('referral')}</h4>
      ${f.referredTo ? html`<p>${f.referredOn} → ${f.referredTo}</p>` : html`<form class="health-form" onSubmit=${post('referral', { ...r, version: f.version })}>
        <${Field} label=${t('referredTo')} error=${err.fields.referredTo}><input value=${r.referredTo} onInput=${(e) => setR({ ...r, referredTo: e.target.value })} /><//>
        <${Field} label=${t('referredOn')} error=${err.fields.referredOn}><input type="date" value=${r.referredOn} onInput=${(e) => setR({ ...r, referredOn: e.target.value })} /><//>
        <button class="btn">${t('refer')}</button></form>`}
      <h4>${t('close')}</h4>
      <form class="health-form" onSubmit=${post('close', { ...c, version: f.version })}>
        <${Field} label=${t('outcome')} error=${err.fields.outcome}>
          <select value=${c.outcome} onChange=${(e) => setC({ ...c, outcome: e.target.value })}>
            ${['RESOLVED', 'UNDER_TREATMENT', 'REFERRED_ON', 'NO_ACTION', 'MOVED_AWAY'].map((x) => html`<option value=${x}>${t('oc.' + x)}</option>`)}</select><//>
        <${Field} label=${t('outcomeNote')} error=${err.fields.outcomeNote}><input value=${c.outcomeNote} onInput=${(e) => setC({ ...c, outcomeNote: e.target.value })} /><//>
        <${Field} label=${t('closedOn')} error=${err.fields.closedOn}><input type="date" value=${c.closedOn} onInput=${(e) => setC({ ...c, closedOn: e.target.value })} /><//>
        <button class="btn">${t('close')}</button>
      </form>`}
    ${f.status === 'CLOSED' && html`<p><span class="badge ok">${t('oc.' + f.outcome)}</span> ${f.closedOn} ${f.outcomeNote || ''}</p>`}
  </div>`;
}

// ------------------------------------------------------------------ archive and growth chart

function Chart({ option }) {
  const el = useRef(null);
  useEffect(() => {
    const chart = echarts.init(el.current);
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => { window.removeEventListener('resize', resize); chart.dispose(); };
  }, [option]);
  return html`<div class="health-chart" ref=${el} role="img" aria-label=${option.title && option.title.text}></div>`;
}

function growthOption(t, title, curves, points, key, extra = []) {
  const years = (m) => Math.round((m / 12) * 100) / 100;
  const series = Object.entries(curves).map(([name, line]) => ({
    name: name === 'median' ? t('median') : name, type: 'line', showSymbol: false, smooth: true,
    lineStyle: { width: name === 'median' ? 2 : 1, type: Math.abs(parseInt(name, 10)) === 2 ? 'dashed' : 'solid' },
    data: line.map(([m, v]) => [years(m), v]),
  }));
  series.push(...extra);
  series.push({ name: t('childSeries'), type: 'line', symbolSize: 8, lineStyle: { width: 3 },
    data: points.map((p) => [years(Number(p.ageMonths)), Number(p[key])]) });
  return {
    title: { text: title, textStyle: { fontSize: 13 } }, tooltip: { trigger: 'axis' },
    legend: { bottom: 0, type: 'scroll' }, grid: { left: 40, right: 16, top: 40, bottom: 50 },
    xAxis: { type: 'value', name: t('ageYears'), min: 'dataMin', max: 'dataMax' }, yAxis: { type: 'value', scale: true }, series,
  };
}

function Archive({ ctx, t, lang, id }) {
  const [state, reload] = useLoad(() => (id ? ctx.api(`children/${id}/archive`) : Promise.resolve(null)), [id]);
  if (!id) return html`<p class="card muted">${t('chooseChild')}</p>`;
  const a = state.data;
  const g = a && a.growth;
  // built once per loaded archive, so that the charts are not re-created on every render
  const charts = useMemo(() => {
    if (!g) return null;
    const steps = (i) => g.wst586.flatMap(([m, ow, ob]) => [[m / 12, i ? ob : ow], [(m + 6) / 12, i ? ob : ow]]);
    const extra = [0, 1].map((i) => ({ name: t(i ? 'obesityLine' : 'overweightLine'), type: 'line', showSymbol: false,
      lineStyle: { width: 1, type: 'dotted', color: i ? '#c62828' : '#d08700' }, data: steps(i) }));
    return { height: growthOption(t, t('growthHeight'), g.heightCurves, g.points, 'heightCm'),
      bmi: growthOption(t, t('growthBmi'), g.bmiCurves, g.points, 'bmi', extra) };
  }, [g]);
  if (!a) return html`<${Status} state=${state} t=${t} lang=${lang} />`;
  return html`<section>
    <div class="card">
      <h3>${a.child.name} <span class="muted">${t(a.child.gender)} · ${a.child.birthDate} · ${a.child.className || ''}</span></h3>
      <p>${t('pubertyAttended')}: ${a.pubertyClasses}</p>
    </div>
    ${charts && html`<div class="health-grid2">
      <div class="card"><${Chart} option=${charts.height} /></div>
      <div class="card"><${Chart} option=${charts.bmi} /></div>
    </div>`}
    <div class="card"><h4>${t('checks')}</h4>
      ${!a.checks.length ? html`<p class="muted">${t('none')}</p>` : html`<div class="health-scroll"><table class="data">
        <thead><tr><th>${t('measuredOn')}</th><th>${t('heightCm')}</th><th>${t('weightKg')}</th><th>${t('bmi')}</th><th>${t('sbp')}/${t('dbp')}</th><th>${t('flags')}</th></tr></thead>
        <tbody>${a.checks.slice().reverse().map((c) => html`<tr><td>${c.measuredOn}</td><td>${c.heightCm}</td><td>${c.weightKg}</td><td>${c.bmi}</td>
          <td>${c.sbp != null ? `${c.sbp}/${c.dbp}` : ''}</td>
          <td><details><summary><${Badges} screening=${c.screening} t=${t} /></summary>
            <ul>${c.screening.map((r) => html`<li>${t('ind.' + r.indicator)}: ${t('cat.' + r.category)} ${r.value != null ? '(' + r.value + ')' : ''}
              <span class="muted">${r.referenceId} ${r.referenceVersion}${r.provisional ? ' · ' + t('provisional') : ''}</span></li>`)}</ul></details></td></tr>`)}
        </tbody></table></div>`}
    </div>
    <div class="card"><h4>${t('tab.followups')}</h4>
      ${!a.followUps.length ? html`<p class="muted">${t('none')}</p>` : html`<ul>${a.followUps.map((f) => html`<li>${f.openedOn} ${t('finding.' + f.finding)}
        <span class=${'badge ' + (f.overdue ? 'bad' : f.status === 'CLOSED' ? 'ok' : 'warn')}>${t('st.' + f.status)}</span></li>`)}</ul>`}
    </div>
    <div class="health-grid2">
      <${Household} ctx=${ctx} t=${t} lang=${lang} id=${id} household=${a.household} saved=${reload} />
      <${FourOnes} ctx=${ctx} t=${t} lang=${lang} id=${id} fourOnes=${a.fourOnes} saved=${reload} />
    </div>
  </section>`;
}

function Household({ ctx, t, lang, id, household, saved }) {
  const keys = ['fpHousehold', 'oneChild', 'girlsOnly', 'twoDaughtersSterilised', 'hardship'];
  const [v, setV] = useState(() => Object.fromEntries(keys.map((k) => [k, !!(household && household[k])]).concat([['hardshipReason', (household && household.hardshipReason) || '']])));
  const [err, setErr] = useState({ fields: {} });
  const submit = async (e) => {
    e.preventDefault();
    try { await ctx.api(`children/${id}/household`, { method: 'PUT', body: { ...v, version: household ? household.version : 0 } }); setErr({ fields: {} }); saved(); }
    catch (x) { setErr(problems(x, lang)); }
  };
  return html`<form class="card" onSubmit=${submit}><h4>${t('household')}</h4>
    ${keys.map((k) => html`<label class="field"><span><input type="checkbox" checked=${v[k]} onChange=${(e) => setV({ ...v, [k]: e.target.checked })} /> ${t(k)}</span>
      ${err.fields[k] && html`<span class="error">${err.fields[k]}</span>`}</label>`)}
    <${Field} label=${t('hardshipReason')} error=${err.fields.hardshipReason}><input value=${v.hardshipReason} onInput=${(e) => setV({ ...v, hardshipReason: e.target.value })} /><//>
    ${err.message && !Object.keys(err.fields).length && html`<p class="badge bad" role="alert">${err.message}</p>`}
    <button class="btn primary">${t('save')}</button></form>`;
}

function FourOnes({ ctx, t, lang, id, fourOnes, saved }) {
  const [v, setV] = useState({ kind: 'CONSULTATION', deliveredOn: today(), note: '' });
  const [err, setErr] = useState({ fields: {} });
  const submit = async (e) => {
    e.preventDefault();
    try { await ctx.api(`children/${id}/family-services`, { method: 'POST', body: v }); setErr({ fields: {} }); saved(); }
    catch (x) { setErr(problems(x, lang)); }
  };
  return html`<form class="card" onSubmit=${submit}><h4>${t('fourOnes')}</h4>
    <ul>${Object.entries(fourOnes).map(([k, d]) => html`<li>${t('fo.' + k)}: ${d ? html`<span class="badge ok">${d}</span>` : html`<span class="muted">${t('notYet')}</span>`}</li>`)}</ul>
    <div class="health-form">
      <${Field} label=${t('fourOnes')} error=${err.fields.kind}><select value=${v.kind} onChange=${(e) => setV({ ...v, kind: e.target.value })}>
        ${Object.keys(fourOnes).map((k) => html`<option value=${k}>${t('fo.' + k)}</option>`)}</select><//>
      <${Field} label=${t('deliveredOn')} error=${err.fields.deliveredOn}><input type="date" value=${v.deliveredOn} onInput=${(e) => setV({ ...v, deliveredOn: e.target.value })} /><//>
      <button class="btn">${t('record')}</button>
    </div></form>`;
}

// ------------------------------------------------------------------ population, puberty classes, reports

function Population({ ctx, t, lang, open }) {
  const [all, setAll] = useState(false);
  const [state] = useLoad(() => ctx.api('population', { query: all ? { scope: 'all' } : {} }), [all]);
  const items = (state.data && state.data.items) || [];
  return html`<section class="card">
    <label><input type="checkbox" checked=${all} onChange=${(e) => setAll(e.target.checked)} /> ${t('showAll')}</label>
    <${Status} state=${state} t=${t} lang=${lang} />
    <div class="health-scroll"><table class="data">
      <thead><tr><th>${t('child')}</th><th>${t('grade')}</th><th>${t('reasons')}</th><th>${t('pubertyEligible')}</th><th>${t('lastChecked')}</th></tr></thead>
      <tbody>${items.map((p) => html`<tr>
        <td><button class="health-link" onClick=${() => open(p.childId)}>${p.name}</button> ${p.keyTarget && html`<span class="badge warn">${t('keyTarget')}</span>`}</td>
        <td>${p.gradeLevel || ''}</td><td>${p.reasons.map((r) => t('rs.' + r)).join('、')}</td>
        <td>${p.pubertyClassEligible ? '✓ ' + p.pubertyClassesAttended : ''}</td><td>${p.lastChecked || ''}</td></tr>`)}</tbody>
    </table></div>
  </section>`;
}

function Puberty({ ctx, t, lang }) {
  const [state, reload] = useLoad(() => ctx.api('puberty-classes'), []);
  const [pop] = useLoad(() => ctx.api('population', { query: { scope: 'all' } }), []);
  const eligible = ((pop.data && pop.data.items) || []).filter((p) => (p.gradeLevel || 0) >= 5);
  const d = new Date(Date.now() + 8 * 3600e3);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const [v, setV] = useState({ semester: m >= 9 ? `${y}-${y + 1}-1` : m === 1 ? `${y - 1}-${y}-1` : `${y - 1}-${y}-2`, heldOn: today(), topic: '', lecturer: '' });
  const [present, setPresent] = useState({});
  const [err, setErr] = useState({ fields: {} });
  const submit = async (e) => {
    e.preventDefault();
    const attendance = eligible.map((p) => ({ childId: p.childId, present: present[p.childId] !== false }));
    try { await ctx.api('puberty-classes', { method: 'POST', body: { ...v, attendance } }); setErr({ fields: {} }); reload(); }
    catch (x) { setErr(problems(x, lang)); }
  };
  const items = (state.data && state.data.items) || [];
  return html`<section>
    <div class="card"><${Status} state=${state} t=${t} lang=${lang} />
      <table class="data"><thead><tr><th>${t('heldOn')}</th><th>${t('topic')}</th><th>${t('lecturer')}</th><th>${t('attendance')}</th></tr></thead>
      <tbody>${items.map((p) => html`<tr><td>${p.heldOn}</td><td>${p.topic}</td><td>${p.lecturer || ''}</td>
        <td>${p.attendance.filter((a) => a.present).length}/${p.attendance.length} ${t('attendees')}</td></tr>`)}</tbody></table></div>
    <form class="card" onSubmit=${submit}><h4>${t('newPubertyClass')}</h4>
      <div class="health-form">
        ${['semester', 'topic', 'lecturer'].map((k) => html`<${Field} label=${t(k)} error=${err.fields[k]}><input value=${v[k]} onInput=${(e) => setV({ ...v, [k]: e.target.value })} /><//>`)}
        <${Field} label=${t('heldOn')} error=${err.fields.heldOn}><input type="date" value=${v.heldOn} onInput=${(e) => setV({ ...v, heldOn: e.target.value })} /><//>
      </div>
      <fieldset><legend>${t('attendance')} (${t('pubertyEligible')})</legend>
        ${eligible.map((p, i) => html`<label style="margin-right:1rem"><input type="checkbox" checked=${present[p.childId] !== false}
          onChange=${(e) => setPresent({ ...present, [p.childId]: e.target.checked })} /> ${p.name}
          ${err.fields[`attendance[${i}].childId`] && html`<span class="health-err">${err.fields[`attendance[${i}].childId`]}</span>`}</label>`)}
        ${err.fields.attendance && html`<span class="health-err">${err.fields.attendance}</span>`}
      </fieldset>
      <button class="btn primary">${t('save')}</button>
    </form>
  </section>`;
}

function Reports({ ctx, t, lang }) {
  const countyRole = ((ctx.user && ctx.user.roles) || []).includes('COUNTY_ADMIN');
  const [county, setCounty] = useState(false);
  const [state] = useLoad(() => ctx.api('reports/summary', { query: county ? { scope: 'county' } : {} }), [county]);
  const download = async (what, format) => {
    const scope = county && what === 'summary' ? '&scope=county' : '';
    const res = await ctx.fetch(`/api/programmes/health/reports/export?what=${what}&format=${format}&lang=${lang}${scope}`);
    if (!res.ok) return;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `health-${what}.${format}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const rows = (state.data && state.data.rows) || [];
  const pct = (x) => (x == null ? '—' : `${Math.round(x * 1000) / 10}%`);
  return html`<section class="card"><h3>${t('reports')}</h3>
    ${countyRole && html`<label><input type="checkbox" checked=${county} onChange=${(e) => setCounty(e.target.checked)} /> ${t('countyScope')}</label>`}
    <${Status} state=${state} t=${t} lang=${lang} />
    <div class="health-scroll"><table class="data">
      <thead><tr>${county && html`<th>${t('school')}</th>`}<th>${t('semesterCol')}</th><th>${t('campaign')}</th><th>${t('checksDone')}</th><th>${t('flagged')}</th>
        ${['OBESITY', 'STUNTING', 'WASTING', 'HIGH_BP'].map((f) => html`<th>${t('finding.' + f)}</th>`)}
        <th>${t('followUps')}</th><th>${t('parentsNotifiedRate')}</th><th>${t('status.overdue')}</th><th>${t('closed')}</th><th>${t('tab.puberty')}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr>${county && html`<td>${r.schoolName}</td>`}<td>${r.semester}</td><td>${r.title}</td><td>${r.checks}</td><td>${r.flagged}</td>
        ${['OBESITY', 'STUNTING', 'WASTING', 'HIGH_BP'].map((f) => html`<td>${r.findings[f]}</td>`)}
        <td>${r.followUps}</td><td>${pct(r.parentsNotifiedRate)} <span class="muted">(${r.parentsNotified}/${r.followUpsWithParents})</span></td>
        <td>${r.overdue ? html`<span class="badge bad">${r.overdue}</span>` : 0}</td><td>${r.closed}</td>
        <td>${r.pubertyClasses} / ${r.pubertyAttendees} ${t('attendees')}</td></tr>`)}</tbody>
    </table></div>
    <div class="health-toolbar">
      ${['csv', 'xlsx'].map((f) => html`<button class="btn" onClick=${() => download('summary', f)}>${t('exportSummary')} (${f})</button>`)}
      ${['csv', 'xlsx'].map((f) => html`<button class="btn" onClick=${() => download('followups', f)}>${t('exportFollowups')} (${f})</button>`)}
    </div>
  </section>`;
}
