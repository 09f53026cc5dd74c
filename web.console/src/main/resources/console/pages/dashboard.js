// 概览: counts of the acting school from GET /api/stats/children, with charts (ECharts, loaded only here); for a user of
// every school (the county), the county's totals and a table of its schools too (GET /api/county/dashboard): a school's
// name opens that school's view, and the county downloads the 民政 登记表 (GET /api/county/minzheng.xlsx); under it the
// trends per quarter of the schools' submitted returns (GET /api/returns/trends, drawn by returns.js).
import { html, useState } from '../lib/preact.js';
import { api } from '../api.js';
import { useLoad, ErrorBox, Loading, Chart, Table } from '../lib/kit.js';
import { TodoWeek } from './todo.js';
import { useDownload } from './children.js';
import { Trends, periods } from './returns.js';

const COLOURS = ['#c2410c', '#0f766e', '#2563eb', '#a16207', '#7c3aed', '#be185d', '#475569'];

/** 下载民政登记表: the county's 民政 layout of every eligible child, as xlsx (registry.read: the file holds names). */
function MinzhengButton({ t }) {
  const { busy, error, download } = useDownload(t('dashboard.minzhengFile') + '.xlsx');
  return html`<div class="actions" id="county-actions">
    <button type="button" class="btn" id="minzheng-export" disabled=${busy} onClick=${() => download('/api/county/minzheng.xlsx')}>${t('dashboard.minzheng')}</button>
    <${ErrorBox} error=${error} t=${t} /></div>`;
}

/** The county's table of schools; a school's name opens its view (the console then acts for that school). */
function CountySchools({ t, percent, onOpen }) {
  const county = useLoad(() => api('/api/county/dashboard', { school: false }), []);
  if (county.loading && !county.data) {
    return html`<${Loading} t=${t} />`;
  }
  if (county.error) {
    return html`<${ErrorBox} error=${county.error} t=${t} />`;
  }
  const d = county.data;
  return html`<${Table} id="dashboard-schools" rows=${d.schools} rowKey=${(r) => r.schoolId} empty=${t('common.none')} columns=${[
    { key: 'name', label: t('dashboard.school'), cell: (r) => html`<button type="button" class="link" data-school=${r.schoolId}
        title=${t('dashboard.openSchool')} onClick=${() => onOpen(r.schoolId)}>${r.name}</button>` },
    { key: 'children', label: t('dashboard.children'), cell: (r) => r.children },
    { key: 'completeness', label: t('dashboard.completeness'), cell: (r) => percent(r.archiveCompleteness) },
    d.pairingAvailable ? { key: 'pairing', label: t('dashboard.pairingRate'), cell: (r) => percent(r.pairingRate) } : null,
    { key: 'unattended', label: t('dashboard.unattended'), cell: (r) => r.unattended },
    { key: 'unchecked', label: t('dashboard.unchecked'), cell: (r) => r.contactCardsNotCheckedThisQuarter },
    { key: 'overdue', label: t('dashboard.overdueAlerts'), cell: (r) => (r.overdueAlerts
      ? html`<span class="bad-text">${r.overdueAlerts}</span>` : r.overdueAlerts) },
  ]} />`;
}

export function Dashboard({ t, school, me, chooseSchool }) {
  const [county, setCounty] = useState(false);
  // 本周待办 for the roles that look after children (a teacher, a school administrator; the county acting for a school)
  const todo = school != null && me.permissions.includes('registry.read') ? html`<${TodoWeek} t=${t} school=${school} />` : null;
  const stats = useLoad(() => api('/api/stats/children', { school: county && me.allSchools ? false : school }), [school, county]);
  const scope = me.allSchools ? html`<div class="tabs" role="group" aria-label=${t('dashboard.scope')} id="dashboard-scope">
      <button type="button" aria-pressed=${county ? 'false' : 'true'} data-scope="school" onClick=${() => setCounty(false)}>${t('dashboard.scopeSchool')}</button>
      <button type="button" aria-pressed=${county ? 'true' : 'false'} data-scope="county" onClick=${() => setCounty(true)}>${t('dashboard.scopeCounty')}</button>
    </div>` : null;
  if (stats.loading && !stats.data) {
    return html`<h1>${t('dashboard.title')}</h1>${todo}${scope}<${Loading} t=${t} />`;
  }
  if (stats.error) {
    return html`<h1>${t('dashboard.title')}</h1>${todo}${scope}<${ErrorBox} error=${stats.error} t=${t} />`;
  }
  const percent = (x) => (x == null ? '—' : Math.round(x * 1000) / 10 + '%');
  const s = stats.data;
  const pct = percent(s.archiveCompleteness);
  const lbt = Object.entries(s.byLeftBehindType || {}).map(([k, v]) => ({ name: t.e('LeftBehindType', k), value: v }));
  const gk = Object.entries(s.byPrimaryGuardianKind || {});
  const classes = s.byClass || [];
  // the legend shows every entry, on more lines when narrow (a scrolling legend hid some)
  const pie = { color: COLOURS, tooltip: { trigger: 'item' }, legend: { bottom: 0, type: 'plain' },
    series: [{ type: 'pie', radius: ['30%', '55%'], center: ['50%', '45%'], data: lbt,
      // labels kept inside the chart (issue 19: long names were cut at the edges): aligned to its edges, broken into lines
      label: { formatter: '{b}\n{c}', alignTo: 'edge', edgeDistance: 6, overflow: 'break' },
      labelLine: { length: 8, length2: 6 }, labelLayout: { hideOverlap: false } }] };
  // right: room for the bars' value labels (containLabel counts the axes' labels only)
  const bar = { color: COLOURS.slice(1), tooltip: {}, grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: gk.map(([k]) => t.e('GuardianKind', k)), axisLabel: { width: 110, overflow: 'break' } },
    series: [{ type: 'bar', data: gk.map(([, v]) => v), label: { show: true, position: 'right' } }] };
  // every class named, turned when there are many, long names broken into lines; containLabel keeps them in the chart,
  // and a turned first label gets room on the left (its corner reaches past the axis)
  const turned = classes.length > 4;
  const perClass = { color: [COLOURS[2]], tooltip: {}, grid: { left: turned ? 32 : 8, right: 8, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: classes.map((c) => c.name),
      axisLabel: { interval: 0, rotate: turned ? 40 : 0, width: 84, overflow: 'break', hideOverlap: false } },
    yAxis: { type: 'value', minInterval: 1 }, series: [{ type: 'bar', data: classes.map((c) => c.children) }] };
  const open = (id) => {
    setCounty(false);
    if (chooseSchool) {
      chooseSchool(id);
    }
  };
  const schools = county && me.allSchools ? html`<section class="card" aria-labelledby="h-schools"><h2 id="h-schools">${t('dashboard.bySchool')}</h2>
      ${me.permissions.includes('registry.read') ? html`<${MinzhengButton} t=${t} />` : null}
      <${CountySchools} t=${t} percent=${percent} onOpen=${open} />
      <${Trends} t=${t} period=${periods()[0]} /></section>` : null;
  return html`<h1>${t('dashboard.title')}</h1>${todo}${scope}
    <div class="grid stats" id="dashboard-stats">
      <div class="card"><div class="stat" id="stat-children">${s.children}</div><div class="stat-label">${t('dashboard.children')}</div></div>
      <div class="card"><div class="stat" id="stat-completeness">${pct}</div><div class="stat-label">${t('dashboard.completeness')}</div>
        <div class="muted">${t('dashboard.completenessHint', { n: s.archivesComplete })}</div></div>
      <div class="card"><div class="stat">${s.unattended}</div><div class="stat-label">${t('dashboard.unattended')}</div></div>
      <div class="card"><div class="stat" id="stat-unchecked">${s.contactCardsNotCheckedThisQuarter ?? '—'}</div>
        <div class="stat-label">${t('dashboard.unchecked')}</div>
        <div class="muted">${t('dashboard.uncheckedHint', { date: s.quarterStart || '' })}</div></div>
    </div>
    <div class="grid charts">
      <section class="card" aria-labelledby="h-lbt"><h2 id="h-lbt">${t('dashboard.byLeftBehindType')}</h2>
        <${Chart} option=${pie} label=${lbt.map((d) => d.name + ' ' + d.value).join(', ')} /></section>
      <section class="card" aria-labelledby="h-gk"><h2 id="h-gk">${t('dashboard.byGuardianKind')}</h2>
        <${Chart} option=${bar} label=${gk.map(([k, v]) => t.e('GuardianKind', k) + ' ' + v).join(', ')} /></section>
    </div>
    ${schools}
    ${!schools && classes.length ? html`<section class="card" aria-labelledby="h-class"><h2 id="h-class">${t('dashboard.byClass')}</h2>
      <${Chart} option=${perClass} label=${classes.map((c) => c.name + ' ' + c.children).join(', ')} /></section>` : null}`;
}
