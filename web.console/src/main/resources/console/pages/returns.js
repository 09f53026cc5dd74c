// 报表与审核报送 (issue 20). A school administrator sees the period's return of her school: the figures grouped by
// programme, each with its definition (口径), downloads it as xlsx, prints it on A4 and submits it; after a return she
// reads the county's comment and submits again. The county administrator sees every school's status for the period
// (late ones in red with the word 逾期), opens a submission (figures as submitted, history, what moved since the
// previous one) and accepts it or sends it back with a comment. An officer sees the list and the figures (counts only).
import { html, useState } from '../lib/preact.js';
import { api, rawFetch } from '../api.js';
import { useLoad, Loaded, Table, ErrorBox, Alert, Form, Chart, saveFile, chinaToday, formatDateTime } from '../lib/kit.js';
import { fileNameOf } from './children.js';

const has = (me, p) => !!me && me.permissions.includes(p);

/** The periods offered: this quarter and the five before it, this year and last year. */
export function periods(today = chinaToday()) {
  let y = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const year = y;
  const out = [];
  for (let i = 0; i < 6; i++) {
    out.push(`${y}Q${q}`);
    q -= 1;
    if (q === 0) { q = 4; y -= 1; }
  }
  out.push(String(year), String(year - 1));
  return out;
}

function periodLabel(t, p) {
  const m = /^(\d{4})Q([1-4])$/.exec(p);
  return m ? t('returns.quarter', { year: m[1], quarter: m[2] }) : t('returns.year', { year: p });
}

/** A figure's value: a count as it is, a rate as a percentage, nothing as a dash. */
export function shown(f) {
  if (f.value === null || f.value === undefined) {
    return '—';
  }
  return f.unit === 'rate' ? (Number(f.value) * 100).toFixed(1) + '%' : String(f.value);
}

const say = (t, o, key) => o[key + (t.lang === 'en' ? '_en' : '_zh')];

function StatusBadge({ t, status, late }) {
  const kind = status === 'ACCEPTED' ? 'ok' : status === 'RETURNED' ? 'bad' : status === 'SUBMITTED' ? 'warn' : '';
  return html`<span class="returns-status">
    <span class=${'badge ' + kind} data-status=${status}>${t('returns.status.' + status)}</span>
    ${late ? html` <span class="badge bad returns-late">${t('returns.late')}</span>` : null}</span>`;
}

/** The figures grouped by programme, each group a table: name, value, definition. */
function Figures({ t, figures, names }) {
  const groups = [];
  for (const f of figures) {
    let g = groups.find((x) => x.id === f.programme);
    if (!g) {
      g = { id: f.programme, rows: [] };
      groups.push(g);
    }
    g.rows.push(f);
  }
  return html`${groups.map((g) => html`<section class="returns-group" data-programme=${g.id} key=${g.id}>
    <h3>${names && names[g.id] ? say(t, names[g.id], 'name') : t('returns.otherProgramme')}</h3>
    <${Table} columns=${[
      { key: 'label', label: t('returns.figure'), cell: (f) => say(t, f, 'label') },
      { key: 'value', label: t('returns.value'), cell: (f) => shown(f), className: 'num' },
      { key: 'definition', label: t('returns.definition'), cell: (f) => say(t, f, 'definition') },
    ]} rows=${g.rows} rowKey=${(f) => f.key} rowAttrs=${(f) => ({ 'data-key': f.key })} />
  </section>`)}`;
}

function History({ t, lang, history }) {
  return html`<section id="returns-history"><h3>${t('returns.history')}</h3>
    <ol class="returns-history">${history.map((h, i) => html`<li key=${i} data-action=${h.action}>
      ${formatDateTime(h.at, lang)} · ${h.actor} · ${t('returns.action.' + h.action)}
      ${h.comment ? html`<div class="muted">${t('returns.comment')}：${h.comment}</div>` : null}</li>`)}</ol></section>`;
}

/** What moved since the school's previous submission: counts, and the children by name for those who read the archive. */
function Changes({ t, changes }) {
  if (!changes) {
    return null;
  }
  const p = changes.previous;
  const type = (x) => (x ? t.e('LeftBehindType', x) : '—');
  const kinds = (x) => (x ? (x.length ? x.map((k) => t.e('GuardianKind', k)).join('、') : t('returns.noGuardian')) : '—');
  const before = (c) => (c.change === 'GUARDIAN' ? kinds(c.guardiansBefore) : type(c.typeBefore));
  const after = (c) => (c.change === 'GUARDIAN' ? kinds(c.guardiansAfter) : type(c.typeAfter));
  return html`<section id="returns-changes"><h3>${t('returns.changesSince', { period: periodLabel(t, p.period), n: p.seq })}</h3>
    <p>${t('returns.changesText', { added: changes.added, departed: changes.departed, type: changes.typeChanged,
      guardian: changes.guardianChanged })}</p>
    ${changes.children && changes.children.length ? html`<${Table} id="returns-moved" caption=${t('returns.movedChildren')} columns=${[
      { key: 'name', label: t('returns.child') },
      { key: 'className', label: t('returns.className') },
      { key: 'change', label: t('returns.change'), cell: (c) => t('returns.change.' + c.change) },
      { key: 'before', label: t('returns.before'), cell: before },
      { key: 'after', label: t('returns.after'), cell: after },
    ]} rows=${changes.children} rowKey=${(c) => c.childId + c.change} rowAttrs=${(c) => ({ 'data-change': c.change })} />` : null}
  </section>`;
}

const TREND_COLOURS = ['#c2410c', '#0f766e', '#2563eb', '#a16207', '#7c3aed', '#be185d', '#475569'];

/**
 * Trends over the last eight periods up to the one chosen, from the submissions (the latest of each school): the core's
 * counts in one chart, every rate in another, as percentages. For a school its own, for the county the sum of its schools.
 */
export function Trends({ t, school, period }) {
  const state = useLoad(() => api('/api/returns/trends', { query: { to: period, count: 8, school } }), [school, period]);
  return html`<${Loaded} state=${state} t=${t}>${(d) => {
    if (!d.submissions.some((n) => n > 0)) {
      return html`<section id="returns-trends"><h3>${t('returns.trends')}</h3><p class="muted">${t('returns.noTrends')}</p></section>`;
    }
    const periods = d.periods.map((p) => periodLabel(t, p));
    const counts = d.figures.filter((f) => f.programme === 'core' && f.unit !== 'rate' && TREND_COUNTS.includes(f.key));
    const rates = d.figures.filter((f) => f.unit === 'rate');
    const line = (figures, rate) => ({ color: TREND_COLOURS, tooltip: { trigger: 'axis', valueFormatter: rate
      ? (v) => (v == null ? '—' : (v * 100).toFixed(1) + '%') : undefined },
    // a turned first label gets room on the left (its corner reaches past the axis); a lone value shows as a dot
    legend: { bottom: 0, type: 'plain' },
    grid: { left: periods.length > 4 ? 48 : 8, right: 16, top: 16, bottom: 56, containLabel: true },
    xAxis: { type: 'category', data: periods, axisLabel: { interval: 0, rotate: periods.length > 4 ? 30 : 0 } },
    yAxis: rate ? { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => Math.round(v * 100) + '%' } }
      : { type: 'value', minInterval: 1 },
    series: figures.map((f) => ({ type: 'line', name: say(t, f, 'label'), data: f.values, connectNulls: false,
      showSymbol: true, symbolSize: 8 })) });
    const described = (figures, rate) => figures.map((f) => say(t, f, 'label') + ' ' + f.values.map((v, i) => periods[i] + ' '
      + (v == null ? '—' : rate ? (v * 100).toFixed(1) + '%' : v)).join(', ')).join('; ');
    return html`<section id="returns-trends" class="grid charts"><h3>${t('returns.trends')}</h3>
      <div class="card" data-chart="counts"><h4>${t('returns.trendCounts')}</h4>
        <${Chart} option=${line(counts, false)} label=${described(counts, false)} /></div>
      ${rates.length ? html`<div class="card" data-chart="rates"><h4>${t('returns.trendRates')}</h4>
        <${Chart} option=${line(rates, true)} label=${described(rates, true)} /></div>` : null}
      <p class="muted">${t('returns.trendsHint', { n: d.submissions[d.submissions.length - 1] })}</p></section>`;
  }}<//>`;
}

/** The core's counts the trend shows (the by-type and by-guardian counts stay in the tables). */
const TREND_COUNTS = ['children', 'newChildren', 'departedChildren', 'unattended', 'cardsChecked'];

/** The school's return for the period, as it stands: print, download, submit. */
function SchoolReturn({ t, lang, me, school, period }) {
  const state = useLoad(() => api(`/api/schools/${school}/returns/${period}`), [school, period]);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const res = await rawFetch(`/api/schools/${school}/returns/${period}.xlsx`);
      await saveFile(res, fileNameOf(res, t('returns.fileName') + '.xlsx'));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = async () => {
    setBusy(true);
    try {
      await api(`/api/schools/${school}/returns/${period}/submit`, { method: 'POST', body: {} });
      setError(null);
      state.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<${Loaded} state=${state} t=${t}>${(r) => {
    const s = r.submission;
    const status = s ? s.status : 'NOT_SUBMITTED';
    const mayResubmit = status === 'NOT_SUBMITTED' || status === 'RETURNED';
    return html`<div id="school-return" class="print-view">
      <h2>${r.school} · ${periodLabel(t, r.period)}</h2>
      <p>${t('returns.deadline', { date: r.deadline })} · <${StatusBadge} t=${t} status=${status} late=${s && s.late} /></p>
      ${s && status === 'RETURNED' && s.comment ? html`<${Alert} kind="warn"><span id="returns-comment">
        ${t('returns.returnedWith')}：${s.comment}</span><//>` : null}
      ${r.missing.length ? html`<${Alert} kind="warn">${t('returns.missing', { names: r.missing.map((id) =>
        (r.programmeNames[id] ? say(t, r.programmeNames[id], 'name') : t('returns.otherProgramme'))).join('、') })}<//>` : null}
      <div class="actions no-print">
        <button type="button" class="btn" id="returns-xlsx" disabled=${busy} onClick=${download}>${t('returns.download')}</button>
        <button type="button" class="btn" id="returns-print" onClick=${() => window.print()}>${t('returns.print')}</button>
        ${has(me, 'returns.submit') && mayResubmit ? html`<button type="button" class="btn primary" id="returns-submit"
          disabled=${busy} onClick=${submit}>${t(status === 'RETURNED' ? 'returns.resubmit' : 'returns.submit')}</button>` : null}
        ${s ? html`<a class="btn" href=${'#/returns/' + s.id} id="returns-open-submission">${t('returns.openSubmission')}</a>` : null}
      </div>
      <${ErrorBox} error=${error} t=${t} />
      <${Figures} t=${t} figures=${r.figures} names=${r.programmeNames} />
      <div class="no-print"><${Trends} t=${t} school=${school} period=${period} /></div>
    </div>`;
  }}<//>`;
}

/** Every school's status for the period: the county's list. */
function CountyList({ t, period }) {
  const state = useLoad(() => api('/api/returns', { query: { period } }), [period]);
  return html`<${Loaded} state=${state} t=${t}>${(d) => html`<div id="returns-list">
    <p>${t('returns.deadline', { date: d.deadline })}</p>
    <${Table} id="returns-schools" caption=${t('returns.listTitle')} columns=${[
      { key: 'school', label: t('returns.school') },
      { key: 'status', label: t('returns.statusLabel'), cell: (r) => html`<${StatusBadge} t=${t} status=${r.status} late=${r.late} />` },
      { key: 'comment', label: t('returns.comment'), cell: (r) => (r.status === 'RETURNED' ? r.comment : null) },
      { key: 'open', label: t('returns.open'), hideLabel: true, cell: (r) => (r.submissionId
        ? html`<a class="btn small" href=${'#/returns/' + r.submissionId}>${t('returns.open')}</a>` : null) },
    ]} rows=${d.schools} rowKey=${(r) => r.schoolId}
      rowAttrs=${(r) => ({ 'data-school': r.schoolId, class: r.late ? 'late' : undefined })} />
    <${Trends} t=${t} period=${period} /></div>`}<//>`;
}

/** One submission: its figures as submitted, history, changes and, for the county while it is under review, the review. */
function Submission({ t, lang, me, id }) {
  const state = useLoad(() => api(`/api/returns/${id}`), [id]);
  const [deciding, setDeciding] = useState(null);
  const review = async (decision, comment) => {
    await api(`/api/returns/${id}/review`, { method: 'POST', body: { decision, comment } });
    setDeciding(null);
    state.reload();
  };
  return html`<${Loaded} state=${state} t=${t}>${(s) => html`<div id="returns-submission" class="print-view" data-status=${s.status}>
    <h2>${s.school} · ${periodLabel(t, s.period)} · ${t('returns.version', { n: s.seq })}</h2>
    <p>${t('returns.submittedAt', { at: formatDateTime(s.submittedAt, lang) })} · <${StatusBadge} t=${t} status=${s.status} late=${s.late} /></p>
    <div class="actions no-print">
      <a class="btn" href="#/returns">${t('returns.back')}</a>
      <button type="button" class="btn" onClick=${() => window.print()}>${t('returns.print')}</button>
      ${has(me, 'returns.review') && s.status === 'SUBMITTED' && !deciding ? html`
        <button type="button" class="btn primary" id="returns-accept" onClick=${() => review('ACCEPT', null)}>${t('returns.accept')}</button>
        <button type="button" class="btn danger" id="returns-return" onClick=${() => setDeciding('RETURN')}>${t('returns.sendBack')}</button>` : null}
    </div>
    ${deciding ? html`<div class="card no-print"><${Form} t=${t} id="returns-review" specs=${[
      { name: 'comment', label: t('returns.comment'), type: 'textarea', required: true, hint: t('returns.commentHint') }]}
      initial=${{}} submit=${(v) => review('RETURN', v.comment)} submitLabel=${t('returns.sendBack')}
      onCancel=${() => setDeciding(null)} /></div>` : null}
    <${Changes} t=${t} changes=${s.changes} />
    <${Figures} t=${t} figures=${s.figures} names=${s.programmeNames} />
    <${History} t=${t} lang=${lang} history=${s.history} />
  </div>`}<//>`;
}

export function ReturnsPage({ t, lang, me, school, route }) {
  const options = periods();
  const [period, setPeriod] = useState(options[1]); // the quarter just ended is the one usually reported
  const id = route.parts[1];
  if (id) {
    return html`<div class="card"><${Submission} key=${id} t=${t} lang=${lang} me=${me} id=${id} /></div>`;
  }
  const county = has(me, 'returns.review') || me.allSchools;
  return html`<div class="card" id="returns-page">
    <h1>${t('returns.title')}</h1>
    <div class="toolbar no-print">
      <label for="returns-period">${t('returns.period')}</label>
      <select id="returns-period" value=${period} onChange=${(e) => setPeriod(e.target.value)}>
        ${options.map((p) => html`<option value=${p} key=${p}>${periodLabel(t, p)}</option>`)}
      </select>
    </div>
    ${county ? html`<${CountyList} t=${t} period=${period} />` : null}
    ${!county && school != null ? html`<${SchoolReturn} t=${t} lang=${lang} me=${me} school=${school} period=${period} />` : null}
  </div>`;
}
