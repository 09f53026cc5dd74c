// 计生关爱 (programme "health") page: check entry sheet per class, follow-ups, the child's health archive with a growth
// chart, population, puberty classes and reports. Contract: export render(root, ctx); returns a cleanup function.
// The console kit (/console/lib/kit.js) gives the strings (t), loading, fields with the API's errors, tables, tabs, charts.
import { html, useState, useEffect, useRef, useMemo, useCallback } from '/console/lib/preact.js';
import { programmePage, useLoad, Loaded, ErrorBox, Field, useSave, SaveStatus, Table, Pager, Tabs, Chart, chinaToday, fieldErrors,
  errorText, saveFile } from '/console/lib/kit.js';

const FIELDS = ['heightCm', 'weightKg', 'sbp', 'dbp', 'eyesight_left', 'eyesight_right'];
const FLAG_WARN = new Set(['OVERWEIGHT', 'MILD', 'IMPLAUSIBLE', 'AGE_OUT_OF_RANGE']);
const TABS = ['entry', 'followups', 'archive', 'population', 'puberty', 'reports'];
const FINDINGS = ['OBESITY', 'STUNTING', 'WASTING', 'HIGH_BP'];
// rows a page of the sheet and of the population list; a puberty class's attendance lists up to PUBERTY_SIZE a page
const PAGE_SIZE = 50;
const PUBERTY_SIZE = 100;

/** The semester a new campaign or class is in by default: 2026-2027-1 from September to January, -2 from February. */
function currentSemester() {
  const [y, m] = chinaToday().split('-').map(Number);
  return m >= 9 ? `${y}-${y + 1}-1` : m === 1 ? `${y - 1}-${y}-1` : `${y - 1}-${y}-2`;
}

const followUpBadge = (f) => 'badge ' + (f.overdue ? 'bad' : f.status === 'CLOSED' ? 'ok' : 'warn');

function App({ ctx, t }) {
  const [tab, setTab] = useState('entry');
  const [child, setChild] = useState(null);
  const open = useCallback((id) => { setChild(id); setTab('archive'); }, []);
  // a role that may read but not record (health.read without health.write, e.g. a school administrator the county's
  // role mapping gives health.read): the page shows everything and offers no form
  const readOnly = !((ctx.user && ctx.user.permissions) || []).includes('health.write');
  const C = { ctx, t, open, readOnly };
  return html`<div class="health">
    <h1>${t('title')}</h1>
    ${readOnly && html`<p class="alert warn" id="health-read-only">${t('readOnly')}</p>`}
    <${Tabs} tabs=${TABS.map((k) => [k, t('tab.' + k)])} current=${tab} onChange=${setTab} label=${t('title')} />
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

// The national standard (WS/T) and the WHO reference measure the same thing twice: BMI for age (WS/T 586 and 456, WHO
// BMI-for-age) and height for age (WS/T 456, WHO height-for-age). A badge shows the WS/T result where the WS/T table
// covers the age; the WHO one only where it does not, or when it finds the values implausible. So a child never reads
// 肥胖 twice, nor 肥胖 beside 超重; the details under the badges keep every result.
const FAMILY = { WST586: 'bmi', WST456_WASTING: 'bmi', WHO_BFA: 'bmi', WST456_STUNTING: 'height', WHO_HFA: 'height' };

export function headline(screening) {
  const all = screening || [];
  const national = new Set(all.filter((r) => r.indicator.startsWith('WST') && r.category !== 'NOT_APPLICABLE')
    .map((r) => FAMILY[r.indicator]).filter(Boolean));
  const seen = new Set();
  return all.filter((r) => r.flagged)
    .filter((r) => !(r.indicator.startsWith('WHO') && national.has(FAMILY[r.indicator]) && r.category !== 'IMPLAUSIBLE'))
    .filter((r) => !seen.has(r.category) && seen.add(r.category));
}

function Badges({ screening, t }) {
  const flagged = headline(screening);
  if (!flagged.length) return html`<span class="badge ok">${t('noFlags')}</span>`;
  return html`<span class="health-badges">${flagged.map((r) => html`<span class=${'badge ' + (FLAG_WARN.has(r.category) ? 'warn' : 'bad')}
      title=${`${r.referenceId} ${r.referenceVersion}; ${r.detail || ''}`}>
      ${t('cat.' + r.category)}${r.provisional ? ` (${t('provisional')})` : ''}</span>`)}</span>`;
}

// ------------------------------------------------------------------ entry sheet

function Entry({ ctx, t, open, readOnly }) {
  const campaigns = useLoad(() => ctx.api('campaigns'), []);
  const classes = useLoad(() => ctx.api(`/api/schools/${ctx.school}/classes`), []);
  const [campaign, setCampaign] = useState(null);
  const [klass, setKlass] = useState(null);
  const [creating, setCreating] = useState(false);
  const list = (campaigns.data && campaigns.data.items) || [];
  useEffect(() => { if (!campaign && list.length) setCampaign(String(list[0].id)); }, [list.length]);
  return html`<section class="card">
    <div class="toolbar">
      <${Field} name="campaign" type="select" label=${t('campaign')} empty=${t('chooseCampaign')} value=${campaign} onInput=${setCampaign}
        options=${list.map((k) => [String(k.id), `${k.semester} ${k.title}`])} />
      <${Field} name="class" type="select" label=${t('class')} empty=${t('chooseClass')} value=${klass} onInput=${setKlass}
        options=${(classes.data || []).map((k) => [String(k.id), k.name])} />
      ${!readOnly && html`<button type="button" class="btn toolbar-actions" onClick=${() => setCreating(!creating)} aria-expanded=${creating}>${t('newCampaign')}</button>`}
    </div>
    <${ErrorBox} error=${campaigns.error || classes.error} t=${t} />
    ${creating && html`<${NewCampaign} ctx=${ctx} t=${t} done=${(k) => { setCreating(false); campaigns.reload(); setCampaign(String(k.id)); }} />`}
    ${campaign && klass && html`<${Sheet} key=${campaign + '/' + klass} ctx=${ctx} t=${t} campaign=${campaign} klass=${klass} open=${open}
      readOnly=${readOnly} />`}
  </section>`;
}

function NewCampaign({ ctx, t, done }) {
  const [v, setV] = useState({ semester: currentSemester(), title: '', startsOn: chinaToday(), endsOn: chinaToday(), notifyWithinDays: '7' });
  const save = useSave(t);
  const set = (k) => (x) => setV((o) => ({ ...o, [k]: x ?? '' }));
  const submit = (e) => {
    e.preventDefault();
    save.run(async () => done(await ctx.api('campaigns', { method: 'POST', body: { ...v, notifyWithinDays: Number(v.notifyWithinDays) } })));
  };
  const err = save.errors;
  return html`<form class="card" onSubmit=${submit} novalidate>
    <${SaveStatus} save=${save} t=${t} shown=${['semester', 'title', 'startsOn', 'endsOn', 'notifyWithinDays']} />
    <div class="toolbar">
      <${Field} name="semester" required label=${t('semester')} value=${v.semester} onInput=${set('semester')} error=${err.semester} />
      <${Field} name="title" required label=${t('campaignTitle')} value=${v.title} onInput=${set('title')} error=${err.title} />
      <${Field} name="startsOn" type="date" label=${t('startsOn')} value=${v.startsOn} onInput=${set('startsOn')} error=${err.startsOn} />
      <${Field} name="endsOn" type="date" label=${t('endsOn')} value=${v.endsOn} onInput=${set('endsOn')} error=${err.endsOn} />
      <${Field} name="notifyWithinDays" type="number" label=${t('notifyWithinDays')} value=${v.notifyWithinDays} onInput=${set('notifyWithinDays')}
        error=${err.notifyWithinDays} attrs=${{ min: 1, max: 60 }} />
      <button class="btn primary toolbar-actions" disabled=${save.busy}>${t('create')}</button>
    </div>
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

function Sheet({ ctx, t, campaign, klass, open, readOnly }) {
  const [page, setPage] = useState(0);
  const sheet = useLoad(() => ctx.api(`campaigns/${campaign}/classes/${klass}/sheet`, { query: { page, size: PAGE_SIZE } }),
    [campaign, klass, page]);
  const [rows, setRows] = useState([]);
  const [measuredOn, setMeasuredOn] = useState(chinaToday());
  const table = useRef(null);
  useEffect(() => { if (sheet.data) setRows(sheet.data.rows.map(rowFrom)); }, [sheet.data]);
  useEffect(() => {
    const k = sheet.data && sheet.data.campaign;
    if (k && (measuredOn < k.startsOn || measuredOn > k.endsOn)) setMeasuredOn(k.endsOn < chinaToday() ? k.endsOn : k.startsOn);
  }, [sheet.data]);
  const update = (i, patch) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  // a save's answer goes to its child's row (by id: the page may have changed meanwhile; then there is none)
  const updateChild = (id, patch) => setRows((rs) => rs.map((r) => (r.childId === id ? { ...r, ...patch } : r)));

  const save = async (i) => {
    const r = rows[i];
    if (!r || !r.dirty) return;
    const v = r.values;
    if (!v.heightCm && !v.weightKg) return;
    const num = (s) => (s === '' ? null : s);
    const measures = ['eyesight_left', 'eyesight_right'].filter((k) => v[k] !== '').map((k) => ({ code: k, value: Number(v[k]) }));
    const body = { measuredOn, heightCm: num(v.heightCm), weightKg: num(v.weightKg), sbp: num(v.sbp), dbp: num(v.dbp), measures,
      version: r.check ? r.check.version : 0, confirm: r.confirm };
    updateChild(r.childId, { state: 'saving' });
    try {
      const out = await ctx.api(`campaigns/${campaign}/children/${r.childId}/check`, { method: 'PUT', body });
      updateChild(r.childId, { ...rowFrom({ ...r, check: out.check }), state: 'saved' });
    } catch (x) {
      const errors = {};
      for (const [f, m] of Object.entries(fieldErrors(x, t.lang))) {
        const measure = /^measures\[(\d+)\]/.exec(f);
        const key = measure ? (measures[Number(measure[1])] || {}).code : f;
        if (FIELDS.includes(key)) errors[key] = m;
        else errors._ = (errors._ ? errors._ + '; ' : '') + m;
      }
      if (!Object.keys(errors).length) errors._ = errorText(x, t.lang);
      updateChild(r.childId, { errors, state: x.body && x.body.error === 'confirm' ? 'confirm' : 'error' });
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
  const input = (r, i, f, c) => (readOnly ? html`<span data-col=${f}>${r.values[f]}</span>` : html`<input inputmode="decimal" aria-label=${`${r.name} ${t(f)}`} data-row=${i} data-col=${c}
      value=${r.values[f]} aria-invalid=${r.errors[f] ? 'true' : undefined} onKeyDown=${onKey(i, c)}
      onInput=${(e) => update(i, { values: { ...r.values, [f]: e.target.value.trim() }, dirty: true, errors: { ...r.errors, [f]: undefined } })} />
    ${r.errors[f] && html`<span class="health-err" role="alert">${r.errors[f]}</span>`}`);
  const status = (r, i) => html`
    ${r.check && !r.dirty && html`<${Badges} screening=${r.check.screening} t=${t} />`}
    ${r.state === 'saving' && html`<span class="muted">${t('saving')}</span>`}
    ${r.state === 'saved' && html`<span class="muted"> ✓ ${t('saved')}</span>`}
    ${r.errors._ && html`<span class="health-err" role="alert">${r.errors._}</span>`}
    ${(r.state === 'confirm' || r.confirm) && html`<label><input type="checkbox" checked=${r.confirm}
      onChange=${(e) => update(i, { confirm: e.target.checked, dirty: true })} /> ${t('confirm')}</label>`}
    ${!readOnly && r.dirty && r.state !== 'saving' && html`<button type="button" class="btn small" onClick=${() => save(i)}>${t('save')}</button>`}`;

  if (!sheet.data) return html`<${Loaded} state=${sheet} t=${t} />`;
  return html`<div ref=${table}>
    <div class="toolbar">
      ${!readOnly && html`<${Field} name="measuredOn" type="date" label=${t('measuredOn')} value=${measuredOn} onInput=${(v) => setMeasuredOn(v || chinaToday())}
        attrs=${{ min: sheet.data.campaign.startsOn, max: sheet.data.campaign.endsOn }} />
      <p class="muted">${t('entryHelp')}</p>`}
    </div>
    <${Table} id="health-sheet" className="health-sheet" rows=${rows} rowKey=${(r) => r.childId}
      rowAttrs=${(r, i) => ({ class: r.dirty ? 'health-dirty' : r.check && r.check.flagged ? 'health-flag' : '', onFocusOut: onRowBlur(i) })}
      columns=${[
        { key: 'child', label: t('child'), cell: (r) => html`<button type="button" class="health-link" onClick=${() => open(r.childId)}>${r.name}</button>` },
        { key: 'gender', label: t('gender'), cell: (r) => t(r.gender) },
        { key: 'age', label: t('age'), cell: (r) => age(r.birthDate) },
        ...FIELDS.map((f, c) => ({ key: f, label: t(f), cell: (r, i) => input(r, i, f, c) })),
        { key: 'bmi', label: t('bmi'), cell: (r) => (r.check ? r.check.bmi : '') },
        { key: 'flags', label: t('flags'), cell: status },
      ]} />
    <${Pager} t=${t} page=${sheet.data.page} size=${sheet.data.size} total=${sheet.data.total} onPage=${setPage} />
    <p class="muted">${t('provisionalNote')}</p>
  </div>`;
}

// ------------------------------------------------------------------ follow-ups

function FollowUps({ ctx, t, open, readOnly }) {
  const [status, setStatus] = useState('open');
  const list = useLoad(() => ctx.api('followups', { query: { status } }), [status]);
  const [selected, setSelected] = useState(null);
  return html`<section class="card">
    <div class="toolbar">
      <${Field} name="status" type="select" required label=${t('status')} value=${status} onInput=${(s) => { setStatus(s); setSelected(null); }}
        options=${['open', 'overdue', 'closed', 'all'].map((s) => [s, t('status.' + s)])} />
    </div>
    <${Loaded} state=${list} t=${t}>${(data) => html`<${Table} id="health-followups" rows=${data.items} rowKey=${(x) => x.followUp.id}
      empty=${t('none')} columns=${[
        { key: 'child', label: t('child'), cell: ({ followUp: f, childName }) => html`<button type="button" class="health-link"
          onClick=${() => open(f.childId)}>${childName}</button>` },
        { key: 'finding', label: t('finding'), cell: ({ followUp: f }) => t('finding.' + f.finding) },
        { key: 'openedOn', label: t('openedOn'), cell: ({ followUp: f }) => f.openedOn },
        { key: 'dueOn', label: t('dueOn'), cell: ({ followUp: f }) => f.dueOn },
        { key: 'status', label: t('status'), cell: ({ followUp: f }) => html`<span class=${followUpBadge(f)}>${t('st.' + f.status)}${f.overdue ? ' · ' + t('overdue') : ''}</span>` },
        { key: 'open', label: t('notifications'), hideLabel: true, cell: ({ followUp: f }) => html`<button type="button" class="btn small"
          aria-expanded=${selected === f.id} aria-label=${t('notifications')} onClick=${() => setSelected(selected === f.id ? null : f.id)}>…</button>` },
      ]} />`}<//>
    ${selected && html`<${FollowUpDetail} key=${selected} ctx=${ctx} t=${t} id=${selected} changed=${list.reload} readOnly=${readOnly} />`}
  </section>`;
}

function FollowUpDetail({ ctx, t, id, changed, readOnly }) {
  const state = useLoad(() => ctx.api(`followups/${id}`), [id]);
  const f = state.data;
  const contacts = useLoad(() => (f ? ctx.api(`children/${f.childId}/contacts`) : Promise.resolve({ items: [] })), [f && f.childId]);
  const [n, setN] = useState({ recipient: 'MOTHER', recipientName: '', channel: 'PHONE', notifiedOn: chinaToday(), note: '' });
  const [r, setR] = useState({ referredTo: '乡镇卫生院', referredOn: chinaToday() });
  const [c, setC] = useState({ outcome: 'RESOLVED', outcomeNote: '', closedOn: chinaToday() });
  const save = useSave(t);
  const post = (path, body) => (e) => {
    e.preventDefault();
    save.run(async () => { await ctx.api(`followups/${id}/${path}`, { method: 'POST', body }); state.reload(); changed(); });
  };
  if (!f) return html`<${Loaded} state=${state} t=${t} />`;
  const people = (contacts.data && contacts.data.items) || [];
  const err = save.errors;
  const field = (obj, setObj, k) => ({ name: k, value: obj[k], error: err[k], onInput: (v) => setObj((o) => ({ ...o, [k]: v ?? '' })) });
  return html`<div class="card">
    <h3>${t('finding.' + f.finding)} · <span class="muted">${f.detail}</span></h3>
    <p>${t('required')}: ${f.requiredRecipients.map((x) => t('rc.' + x)).join('、')} · ${t('dueOn')} ${f.dueOn}</p>
    <h4>${t('notifications')}</h4>
    ${f.notifications.length ? html`<ul>${f.notifications.map((x) => html`<li>${x.notifiedOn} ${t('rc.' + x.recipient)} ${x.recipientName || ''}
      · ${t('ch.' + x.channel)} ${x.note ? '· ' + x.note : ''} <span class="muted">(${x.recordedBy})</span></li>`)}</ul>` : html`<p class="muted">${t('noNotifications')}</p>`}
    <${SaveStatus} save=${save} t=${t} shown=${['recipient', 'recipientName', 'channel', 'notifiedOn', 'note', 'referredTo', 'referredOn',
      'outcome', 'outcomeNote', 'closedOn']} />
    ${f.status !== 'CLOSED' && readOnly && f.referredTo && html`<h4>${t('referral')}</h4><p>${f.referredOn} → ${f.referredTo}</p>`}
    ${f.status !== 'CLOSED' && !readOnly && html`
      <form class="toolbar" onSubmit=${post('notifications', n)} novalidate>
        <${Field} ...${field(n, setN, 'recipient')} type="select" required label=${t('recipient')}
          onInput=${(x) => { const p = people.find((y) => y.recipient === x); setN({ ...n, recipient: x, recipientName: p ? p.name : '' }); }}
          options=${['GUARDIAN', 'FATHER', 'MOTHER'].map((x) => [x, t('rc.' + x)])} />
        <${Field} ...${field(n, setN, 'recipientName')} label=${t('recipientName')} />
        <${Field} ...${field(n, setN, 'channel')} type="select" required label=${t('channel')}
          options=${['PHONE', 'VISIT', 'MESSAGE', 'LETTER', 'MEETING'].map((x) => [x, t('ch.' + x)])} />
        <${Field} ...${field(n, setN, 'notifiedOn')} type="date" label=${t('notifiedOn')} />
        <${Field} ...${field(n, setN, 'note')} label=${t('note')} />
        <button class="btn primary toolbar-actions">${t('addNotification')}</button>
      </form>
      <h4>${t('referral')}</h4>
      ${f.referredTo ? html`<p>${f.referredOn} → ${f.referredTo}</p>` : html`<form class="toolbar" onSubmit=${post('referral', { ...r, version: f.version })} novalidate>
        <${Field} ...${field(r, setR, 'referredTo')} label=${t('referredTo')} />
        <${Field} ...${field(r, setR, 'referredOn')} type="date" label=${t('referredOn')} />
        <button class="btn toolbar-actions">${t('refer')}</button></form>`}
      <h4>${t('close')}</h4>
      <form class="toolbar" onSubmit=${post('close', { ...c, version: f.version })} novalidate>
        <${Field} ...${field(c, setC, 'outcome')} type="select" required label=${t('outcome')}
          options=${['RESOLVED', 'UNDER_TREATMENT', 'REFERRED_ON', 'NO_ACTION', 'MOVED_AWAY'].map((x) => [x, t('oc.' + x)])} />
        <${Field} ...${field(c, setC, 'outcomeNote')} label=${t('outcomeNote')} />
        <${Field} ...${field(c, setC, 'closedOn')} type="date" label=${t('closedOn')} />
        <button class="btn toolbar-actions">${t('close')}</button>
      </form>`}
    ${f.status === 'CLOSED' && html`<p><span class="badge ok">${t('oc.' + f.outcome)}</span> ${f.closedOn} ${f.outcomeNote || ''}</p>`}
  </div>`;
}

// ------------------------------------------------------------------ archive and growth chart

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

function Archive({ ctx, t, id, readOnly }) {
  const state = useLoad(() => (id ? ctx.api(`children/${id}/archive`) : Promise.resolve(null)), [id]);
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
  if (!id) return html`<p class="card muted">${t('chooseChild')}</p>`;
  if (!a) return html`<${Loaded} state=${state} t=${t} />`;
  return html`<section>
    <div class="card">
      <h3>${a.child.name} <span class="muted">${t(a.child.gender)} · ${a.child.birthDate} · ${a.child.className || ''}</span></h3>
      <p>${t('pubertyAttended')}: ${a.pubertyClasses}</p>
    </div>
    ${charts && html`<div class="health-grid2">
      <div class="card"><${Chart} option=${charts.height} label=${t('growthHeight')} className="health-chart" /></div>
      <div class="card"><${Chart} option=${charts.bmi} label=${t('growthBmi')} className="health-chart" /></div>
    </div>`}
    <div class="card"><h4>${t('checks')}</h4>
      <${Table} id="health-checks" rows=${a.checks.slice().reverse()} empty=${t('none')} columns=${[
        { key: 'measuredOn', label: t('measuredOn'), cell: (c) => c.measuredOn },
        { key: 'heightCm', label: t('heightCm') },
        { key: 'weightKg', label: t('weightKg') },
        { key: 'bmi', label: t('bmi') },
        { key: 'bp', label: `${t('sbp')}/${t('dbp')}`, cell: (c) => (c.sbp != null ? `${c.sbp}/${c.dbp}` : '') },
        { key: 'flags', label: t('flags'), cell: (c) => html`<details><summary><${Badges} screening=${c.screening} t=${t} /></summary>
          <ul>${c.screening.map((r) => html`<li>${t('ind.' + r.indicator)}: ${t('cat.' + r.category)} ${r.value != null ? '(' + r.value + ')' : ''}
            <span class="muted">${r.referenceId} ${r.referenceVersion}${r.provisional ? ' · ' + t('provisional') : ''}</span></li>`)}</ul></details>` },
      ]} />
    </div>
    <div class="card"><h4>${t('tab.followups')}</h4>
      ${!a.followUps.length ? html`<p class="muted">${t('none')}</p>` : html`<ul>${a.followUps.map((f) => html`<li>${f.openedOn} ${t('finding.' + f.finding)}
        <span class=${followUpBadge(f)}>${t('st.' + f.status)}</span></li>`)}</ul>`}
    </div>
    ${!readOnly && html`<div class="health-grid2">
      <${Household} ctx=${ctx} t=${t} id=${id} household=${a.household} saved=${state.reload} />
      <${FourOnes} ctx=${ctx} t=${t} id=${id} fourOnes=${a.fourOnes} saved=${state.reload} />
    </div>`}
  </section>`;
}

const HOUSEHOLD = ['fpHousehold', 'oneChild', 'girlsOnly', 'twoDaughtersSterilised', 'hardship'];

function Household({ ctx, t, id, household, saved }) {
  const [v, setV] = useState(() => Object.fromEntries(HOUSEHOLD.map((k) => [k, !!(household && household[k])])
    .concat([['hardshipReason', (household && household.hardshipReason) || '']])));
  const save = useSave(t);
  const set = (k) => (x) => setV((o) => ({ ...o, [k]: x ?? '' }));
  const submit = (e) => {
    e.preventDefault();
    save.run(async () => {
      await ctx.api(`children/${id}/household`, { method: 'PUT', body: { ...v, version: household ? household.version : 0 } });
      saved();
    });
  };
  return html`<form class="card" onSubmit=${submit} novalidate><h4>${t('household')}</h4>
    <${SaveStatus} save=${save} t=${t} shown=${[...HOUSEHOLD, 'hardshipReason']} />
    ${HOUSEHOLD.map((k) => html`<${Field} name=${k} type="checkbox" label=${t(k)} value=${v[k]} onInput=${set(k)} error=${save.errors[k]} />`)}
    <${Field} name="hardshipReason" label=${t('hardshipReason')} value=${v.hardshipReason} onInput=${set('hardshipReason')}
      error=${save.errors.hardshipReason} />
    <button class="btn primary" disabled=${save.busy}>${t('save')}</button></form>`;
}

function FourOnes({ ctx, t, id, fourOnes, saved }) {
  const [v, setV] = useState({ kind: 'CONSULTATION', deliveredOn: chinaToday(), note: '' });
  const save = useSave(t);
  const set = (k) => (x) => setV((o) => ({ ...o, [k]: x ?? '' }));
  const submit = (e) => {
    e.preventDefault();
    save.run(async () => { await ctx.api(`children/${id}/family-services`, { method: 'POST', body: v }); saved(); });
  };
  return html`<form class="card" onSubmit=${submit} novalidate><h4>${t('fourOnes')}</h4>
    <ul>${Object.entries(fourOnes).map(([k, d]) => html`<li>${t('fo.' + k)}: ${d ? html`<span class="badge ok">${d}</span>` : html`<span class="muted">${t('notYet')}</span>`}</li>`)}</ul>
    <${SaveStatus} save=${save} t=${t} shown=${['kind', 'deliveredOn', 'note']} />
    <div class="toolbar">
      <${Field} name="kind" type="select" required label=${t('fourOnes')} value=${v.kind} onInput=${set('kind')} error=${save.errors.kind}
        options=${Object.keys(fourOnes).map((k) => [k, t('fo.' + k)])} />
      <${Field} name="deliveredOn" type="date" label=${t('deliveredOn')} value=${v.deliveredOn} onInput=${set('deliveredOn')}
        error=${save.errors.deliveredOn} />
      <button class="btn toolbar-actions" disabled=${save.busy}>${t('record')}</button>
    </div></form>`;
}

// ------------------------------------------------------------------ population, puberty classes, reports

function Population({ ctx, t, open }) {
  const [all, setAll] = useState(false);
  const [page, setPage] = useState(0);
  const state = useLoad(() => ctx.api('population', { query: { ...(all ? { scope: 'all' } : {}), page, size: PAGE_SIZE } }), [all, page]);
  return html`<section class="card">
    <${Field} name="showAll" type="checkbox" label=${t('showAll')} value=${all} onInput=${(v) => { setPage(0); setAll(v); }} />
    <${Loaded} state=${state} t=${t}>${(data) => html`<${Table} id="health-population" rows=${data.items} rowKey=${(p) => p.childId}
      empty=${t('none')} columns=${[
        { key: 'child', label: t('child'), cell: (p) => html`<button type="button" class="health-link" onClick=${() => open(p.childId)}>${p.name}</button>
          ${p.keyTarget && html` <span class="badge warn">${t('keyTarget')}</span>`}` },
        { key: 'grade', label: t('grade'), cell: (p) => p.gradeLevel || '' },
        { key: 'reasons', label: t('reasons'), cell: (p) => p.reasons.map((r) => t('rs.' + r)).join('、') },
        { key: 'puberty', label: t('pubertyEligible'), cell: (p) => (p.pubertyClassEligible ? '✓ ' + p.pubertyClassesAttended : '') },
        { key: 'lastChecked', label: t('lastChecked'), cell: (p) => p.lastChecked || '' },
      ]} />
      <${Pager} t=${t} page=${data.page} size=${data.size} total=${data.total} onPage=${setPage} />`}<//>
  </section>`;
}

function Puberty({ ctx, t, readOnly }) {
  const state = useLoad(() => ctx.api('puberty-classes'), []);
  // the class taught (grade 5 and above) and its children a page at a time; the attendance lists every child of the
  // pages looked at, present unless unticked
  const classes = useLoad(() => (readOnly ? Promise.resolve([]) : ctx.api(`/api/schools/${ctx.school}/classes`)), []);
  const [klass, setKlass] = useState(null);
  const [page, setPage] = useState(0);
  const pop = useLoad(() => (klass ? ctx.api('population', { query: { scope: 'all', class: klass, page, size: PUBERTY_SIZE } })
    : Promise.resolve(null)), [klass, page]);
  const [seen, setSeen] = useState([]);
  useEffect(() => {
    const items = (pop.data && pop.data.items) || [];
    setSeen((s) => s.concat(items.filter((p) => (p.gradeLevel || 0) >= 5 && !s.some((x) => x.childId === p.childId))));
  }, [pop.data]);
  const chooseClass = (k) => { setSeen([]); setPresent({}); setPage(0); setKlass(k); };
  const eligible = seen;
  const shown = new Set(((pop.data && pop.data.items) || []).map((p) => p.childId));
  const [v, setV] = useState({ semester: currentSemester(), heldOn: chinaToday(), topic: '', lecturer: '' });
  const [present, setPresent] = useState({});
  const save = useSave(t);
  const set = (k) => (x) => setV((o) => ({ ...o, [k]: x ?? '' }));
  const submit = (e) => {
    e.preventDefault();
    const attendance = eligible.map((p) => ({ childId: p.childId, present: present[p.childId] !== false }));
    save.run(async () => { await ctx.api('puberty-classes', { method: 'POST', body: { ...v, attendance } }); state.reload(); });
  };
  const err = save.errors;
  return html`<section>
    <div class="card"><${Loaded} state=${state} t=${t}>${(data) => html`<${Table} id="health-puberty" rows=${data.items} empty=${t('none')}
      columns=${[
        { key: 'topic', label: t('topic'), cell: (p) => p.topic },
        { key: 'heldOn', label: t('heldOn'), cell: (p) => p.heldOn },
        { key: 'lecturer', label: t('lecturer'), cell: (p) => p.lecturer || '' },
        { key: 'attendance', label: t('attendance'), cell: (p) => `${p.attendance.filter((a) => a.present).length}/${p.attendance.length} ${t('attendees')}` },
      ]} />`}<//></div>
    ${!readOnly && html`<form class="card" onSubmit=${submit} novalidate><h4>${t('newPubertyClass')}</h4>
      <${SaveStatus} save=${save} t=${t} shown=${['semester', 'topic', 'lecturer', 'heldOn', 'attendance',
        ...eligible.map((p, i) => `attendance[${i}].childId`)]} />
      <div class="toolbar">
        ${['semester', 'topic', 'lecturer'].map((k) => html`<${Field} name=${k} label=${t(k)} value=${v[k]} onInput=${set(k)} error=${err[k]} />`)}
        <${Field} name="heldOn" type="date" label=${t('heldOn')} value=${v.heldOn} onInput=${set('heldOn')} error=${err.heldOn} />
      </div>
      <${Field} name="pubertyClass" type="select" label=${t('class')} empty=${t('chooseClass')} value=${klass} onInput=${chooseClass}
        options=${((classes.data) || []).filter((k) => k.gradeLevel >= 5).map((k) => [String(k.id), k.name])} />
      <${ErrorBox} error=${classes.error || pop.error} t=${t} />
      <fieldset class="field"><legend class="label">${t('attendance')} (${t('pubertyEligible')})</legend>
        <div class="checks">${eligible.map((p, i) => (shown.has(p.childId) || err[`attendance[${i}].childId`])
          && html`<label><input type="checkbox" checked=${present[p.childId] !== false}
          onChange=${(e) => setPresent({ ...present, [p.childId]: e.target.checked })} /> ${p.name}
          ${err[`attendance[${i}].childId`] && html`<span class="health-err">${err[`attendance[${i}].childId`]}</span>`}</label>`)}</div>
        ${pop.data && pop.data.total > pop.data.size && html`<${Pager} t=${t} page=${pop.data.page} size=${pop.data.size}
          total=${pop.data.total} onPage=${setPage} /><p class="muted">${t('attendanceSeen', { n: eligible.length })}</p>`}
        ${err.attendance && html`<span class="error">${err.attendance}</span>`}
      </fieldset>
      <button class="btn primary" disabled=${save.busy}>${t('save')}</button>
    </form>`}
  </section>`;
}

function Reports({ ctx, t }) {
  const countyRole = ((ctx.user && ctx.user.roles) || []).includes('COUNTY_ADMIN');
  const [county, setCounty] = useState(false);
  const [error, setError] = useState(null);
  const state = useLoad(() => ctx.api('reports/summary', { query: county ? { scope: 'county' } : {} }), [county]);
  const download = async (what, format) => {
    setError(null);
    try {
      const scope = county && what === 'summary' ? '&scope=county' : '';
      await saveFile(await ctx.fetch(`/api/programmes/health/reports/export?what=${what}&format=${format}&lang=${t.lang}${scope}`),
        `health-${what}.${format}`);
    } catch (e) {
      setError(e);
    }
  };
  const pct = (x) => (x == null ? '—' : `${Math.round(x * 1000) / 10}%`);
  return html`<section class="card"><h3>${t('reports')}</h3>
    ${countyRole && html`<${Field} name="county" type="checkbox" label=${t('countyScope')} value=${county} onInput=${setCounty} />`}
    <${Loaded} state=${state} t=${t}>${(data) => html`<${Table} id="health-reports" rows=${data.rows || []} empty=${t('none')} columns=${[
      { key: 'campaign', label: t('campaign'), cell: (r) => r.title },
      county && { key: 'school', label: t('school'), cell: (r) => r.schoolName },
      { key: 'semester', label: t('semesterCol'), cell: (r) => r.semester },
      { key: 'checks', label: t('checksDone') },
      { key: 'flagged', label: t('flagged') },
      ...FINDINGS.map((f) => ({ key: f, label: t('finding.' + f), cell: (r) => r.findings[f] })),
      { key: 'followUps', label: t('followUps') },
      { key: 'notified', label: t('parentsNotifiedRate'), cell: (r) => html`${pct(r.parentsNotifiedRate)} <span class="muted">(${r.parentsNotified}/${r.followUpsWithParents})</span>` },
      { key: 'overdue', label: t('status.overdue'), cell: (r) => (r.overdue ? html`<span class="badge bad">${r.overdue}</span>` : 0) },
      { key: 'closed', label: t('closed') },
      { key: 'puberty', label: t('tab.puberty'), cell: (r) => `${r.pubertyClasses} / ${r.pubertyAttendees} ${t('attendees')}` },
    ]} />`}<//>
    <${ErrorBox} error=${error} t=${t} />
    <div class="actions">
      ${['csv', 'xlsx'].map((f) => html`<button type="button" class="btn" onClick=${() => download('summary', f)}>${t('exportSummary')} (${f})</button>`)}
      ${['csv', 'xlsx'].map((f) => html`<button type="button" class="btn" onClick=${() => download('followups', f)}>${t('exportFollowups')} (${f})</button>`)}
    </div>
  </section>`;
}

export const render = programmePage(App, { css: 'health.css' });
