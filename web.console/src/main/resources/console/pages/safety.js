// 监护预警与事件 (safety.read, issue 19): the open guardianship alerts of the school (reason, owner, deadline; overdue
// ones in red and in words), the incidents with their clock (the delegated guardian within 30 minutes, the parents within
// 1 hour, the education authority and township within 2 hours: each deadline with the notices recorded against it),
// and the log of mandatory reports to the police (强制报告). A notice is recorded in two clicks: "记录通知" beside the
// deadline, then "保存" (the recipient is the only field to fill; now, by phone, reached are the defaults).
import { html, useState } from '../lib/preact.js';
import { api } from '../api.js';
import { useLoad, Loaded, Form, Table, formatDateTime } from '../lib/kit.js';
import { options } from '../i18n.js';

export const INCIDENT_KINDS = ['INJURY', 'MISSING', 'BULLYING', 'DOMESTIC_VIOLENCE', 'UNLAWFUL_HARM', 'NEGLECT', 'OTHER'];
const METHODS = ['PHONE', 'IN_PERSON', 'SMS', 'WECHAT', 'WRITTEN', 'OTHER'];

/** Now in China time as a datetime-local value (YYYY-MM-DDTHH:mm). */
function chinaNow() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 16);
}

/** A datetime-local value, read as China time, as an ISO date-time the API takes; null stays null. */
function isoChina(local) {
  return local ? local + ':00+08:00' : null;
}

/** The text of an API answer in the page's language: `x_zh` or `x_en`. */
const say = (t, row, key) => row[key + (t.lang === 'en' ? '_en' : '_zh')];

/** Records an incident of a child: kind, when (now by default), what happened. `onDone(incident)` after it is saved. */
export function IncidentForm({ t, childId, onDone, onCancel }) {
  const specs = [
    { name: 'kind', label: t('incident.kind'), type: 'select', required: true, options: options(t, 'IncidentKind', INCIDENT_KINDS) },
    { name: 'occurredAt', label: t('incident.occurredAt'), type: 'datetime-local', required: true, hint: t('incident.occurredAtHint') },
    { name: 'description', label: t('incident.description'), type: 'textarea', required: true },
  ];
  const submit = async (v) => {
    const r = await api(`/api/children/${childId}/incidents`, { method: 'POST',
      body: { kind: v.kind, occurredAt: isoChina(v.occurredAt), description: v.description } });
    onDone(r);
  };
  return html`<${Form} t=${t} id="incident-record" specs=${specs} initial=${{ kind: null, occurredAt: chinaNow() }}
    submit=${submit} submitLabel=${t('common.save')} onCancel=${onCancel} />`;
}

/** Records a notice given against one deadline of an incident. */
function NoticeForm({ t, incident, target, onDone, onCancel }) {
  const specs = [
    { name: 'recipient', label: t('notice.recipient'), required: true, hint: t('notice.recipientHint.' + target) },
    { name: 'method', label: t('notice.method'), type: 'select', required: true, options: options(t, 'NoticeMethod', METHODS) },
    { name: 'informedAt', label: t('notice.informedAt'), type: 'datetime-local', required: true },
    { name: 'reached', label: t('notice.reached'), type: 'checkbox' },
    { name: 'note', label: t('notice.note') },
  ];
  const submit = async (v) => {
    await api(`/api/incidents/${incident.id}/notices`, { method: 'POST',
      body: { target, recipient: v.recipient, method: v.method, informedAt: isoChina(v.informedAt), reached: !!v.reached,
        note: v.note } });
    onDone();
  };
  return html`<${Form} t=${t} id=${'notice-' + incident.id + '-' + target} specs=${specs}
    initial=${{ method: 'PHONE', informedAt: chinaNow(), reached: true }} submit=${submit} submitLabel=${t('common.save')}
    onCancel=${onCancel} />`;
}

/** The badge of a deadline's standing, in colour and in words. */
function StatusBadge({ t, d }) {
  const kind = d.status === 'DONE' ? 'ok' : d.status === 'LATE' ? 'bad' : 'warn';
  const text = d.status === 'LATE' && d.reachedAt ? t('deadline.doneLate') : t('deadline.' + d.status);
  return html`<span class=${'badge ' + kind} data-status=${d.status}>${text}</span>`;
}

function Incident({ t, incident, canWrite, reload }) {
  const [open, setOpen] = useState(null); // the target whose notice form is open
  return html`<section class="card incident" id=${'incident-' + incident.id} aria-label=${incident.childName}>
    <h3><a href=${'#/children/' + incident.childId}>${incident.childName}</a> · ${say(t, incident, 'kind')}</h3>
    <p class="muted">${t('incident.occurredAt')}: ${formatDateTime(incident.occurredAt, t.lang) + ' · '}
      ${t('incident.recordedAt')}: ${formatDateTime(incident.recordedAt, t.lang)}</p>
    <p>${incident.description}</p>
    ${incident.mandatoryReport ? html`<p><span class="badge warn">${t('report.opened')}</span></p>` : null}
    <ul class="deadlines">
      ${incident.deadlines.map((d) => html`<li class=${'deadline ' + d.status.toLowerCase()} data-target=${d.target}>
        <div class="deadline-head">
          <strong>${say(t, d, 'target')}</strong>
          <span>${t('deadline.due')}: ${formatDateTime(d.due, t.lang)}</span>
          <${StatusBadge} t=${t} d=${d} />
          ${d.escalatedAt ? html`<span class="badge bad">${t('deadline.escalated')}</span>` : null}
          ${canWrite && open !== d.target ? html`<button type="button" class="btn small record-notice"
            onClick=${() => setOpen(d.target)}>${t('notice.record')}</button>` : null}
        </div>
        ${d.notices.length ? html`<ul class="notices">${d.notices.map((n) => html`<li>
          ${[formatDateTime(n.informedAt, t.lang), n.recipient, say(t, n, 'method')].join(' · ') + ' · '}
          ${n.reached ? t('notice.wasReached') : html`<span class="bad-text">${t('notice.notReached')}</span>`}
          ${n.note ? ' · ' + n.note : ''}${' · '}<span class="muted">${t('notice.by', { name: n.informedBy })}</span></li>`)}</ul>`
          : null}
        ${open === d.target ? html`<${NoticeForm} t=${t} incident=${incident} target=${d.target}
          onDone=${() => { setOpen(null); reload(); }} onCancel=${() => setOpen(null)} />` : null}
      </li>`)}
    </ul>
  </section>`;
}

function ReportForm({ t, report, onDone, onCancel }) {
  const specs = [
    { name: 'status', label: t('report.status'), type: 'select', required: true,
      options: options(t, 'ReportStatus', ['REPORTED', 'NOT_REQUIRED', 'PENDING']) },
    { name: 'reportedAt', label: t('report.reportedAt'), type: 'datetime-local' },
    { name: 'policeStation', label: t('report.policeStation') },
    { name: 'reportedBy', label: t('report.reportedBy') },
    { name: 'receiptNumber', label: t('report.receiptNumber') },
    { name: 'note', label: t('report.note') },
  ];
  const submit = async (v) => {
    await api(`/api/mandatory-reports/${report.id}`, { method: 'PUT', body: { ...v, reportedAt: isoChina(v.reportedAt) } });
    onDone();
  };
  return html`<${Form} t=${t} id=${'report-' + report.id} specs=${specs} initial=${{ status: 'REPORTED', reportedAt: chinaNow() }}
    submit=${submit} submitLabel=${t('common.save')} onCancel=${onCancel} />`;
}

export function SafetyPage({ t, me, school }) {
  const alerts = useLoad(() => api('/api/alerts').then((r) => r.alerts), [school]);
  const incidents = useLoad(() => api('/api/incidents').then((r) => r.incidents), [school]);
  const reports = useLoad(() => api('/api/mandatory-reports').then((r) => r.reports), [school]);
  const [reporting, setReporting] = useState(null);
  const canWrite = me.permissions.includes('safety.write');
  return html`<h1>${t('safety.title')}</h1>
    <p class="muted">${t('safety.intro')}</p>
    <section class="card">
      <h2>${t('safety.alerts')}</h2>
      <${Loaded} state=${alerts} t=${t}>${(list) => html`<${Table} id="alerts" caption=${t('safety.alerts')}
        empty=${t('safety.noAlerts')} rows=${list} rowKey=${(a) => a.id}
        rowAttrs=${(a) => ({ class: a.overdue ? 'overdue' : undefined, 'data-child': a.childId })}
        columns=${[
          { key: 'child', label: t('safety.child'), cell: (a) => html`<a href=${'#/children/' + a.childId}>${a.childName}</a>
            ${a.className ? html` <span class="muted">${a.className}</span>` : null}` },
          { key: 'reason', label: t('safety.reason'), cell: (a) => say(t, a, 'reason') },
          { key: 'owner', label: t('safety.owner'), cell: (a) => say(t, a.owner, 'label') },
          { key: 'deadline', label: t('safety.deadline'), cell: (a) => html`${formatDateTime(a.deadline, t.lang)}
            ${a.overdue ? html` <span class="badge bad">${t('safety.overdue')}</span>` : null}` },
          { key: 'openedAt', label: t('safety.openedAt'), cell: (a) => formatDateTime(a.openedAt, t.lang) },
        ]} />`}<//>
    </section>
    <section>
      <h2>${t('safety.incidents')}</h2>
      <p class="muted">${t('safety.incidentsHint')}</p>
      <${Loaded} state=${incidents} t=${t}>${(list) => (list.length
        ? list.map((i) => html`<${Incident} key=${i.id} t=${t} incident=${i} canWrite=${canWrite} reload=${incidents.reload} />`)
        : html`<p class="muted">${t('safety.noIncidents')}</p>`)}<//>
    </section>
    <section class="card">
      <h2>${t('safety.reports')}</h2>
      <${Loaded} state=${reports} t=${t}>${(list) => html`<${Table} id="reports" caption=${t('safety.reports')}
        empty=${t('safety.noReports')} rows=${list} rowKey=${(r) => r.id}
        columns=${[
          { key: 'child', label: t('safety.child'), cell: (r) => html`<a href=${'#/children/' + r.childId}>${r.childName}</a>` },
          { key: 'trigger', label: t('report.trigger'), cell: (r) => say(t, r, 'trigger') },
          { key: 'openedAt', label: t('safety.openedAt'), cell: (r) => formatDateTime(r.openedAt, t.lang) },
          { key: 'status', label: t('report.status'), cell: (r) => html`<span class=${'badge ' + (r.status === 'PENDING' ? 'warn' : 'ok')}>
            ${say(t, r, 'status')}</span>
            ${r.policeStation ? html`<div class="small">${r.policeStation} · ${formatDateTime(r.reportedAt, t.lang)}
              ${r.receiptNumber ? ' · ' + r.receiptNumber : ''}</div>` : null}` },
          canWrite && { key: 'act', label: t('report.record'), hideLabel: true, cell: (r) => (reporting === r.id
            ? html`<${ReportForm} t=${t} report=${r} onDone=${() => { setReporting(null); reports.reload(); }}
                onCancel=${() => setReporting(null)} />`
            : html`<button type="button" class="btn small" onClick=${() => setReporting(r.id)}>${t('report.record')}</button>`) },
        ]} />`}<//>
    </section>`;
}
