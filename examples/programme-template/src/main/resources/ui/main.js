// 亲情电话 page: the model of a programme page in the Guanai console (docs/writing-a-programme.md, "UI").
// The console imports this module and calls render(root, ctx); it knows no programme by name. ctx gives the school the
// console acts for, the language, the user, api() for JSON calls (relative paths are under /api/programmes/calls/) and
// fetch() for anything else; both send the session, the CSRF token and the school. The console kit does the rest:
// programmePage() loads this page's strings from i18n/<lang>.json (t), Loaded shows loading and errors, Form shows the
// API's field errors beside the fields, Table becomes cards on a phone.
import { html, useState } from '/console/lib/preact.js';
import { programmePage, useLoad, Loaded, Form, Table } from '/console/lib/kit.js';

function Monthly({ ctx, t, version }) {
  const monthly = useLoad(() => ctx.api('monthly'), [version]);
  return html`<${Loaded} state=${monthly} t=${t}>${(data) => html`
    <p class="muted">${t('monthlyCaption', { year: data.year })}</p>
    <${Table} id="calls-monthly" caption=${t('monthly')} rows=${Object.entries(data.months || {})} empty=${t('none')} columns=${[
      { key: 'month', label: t('month'), cell: ([month]) => month },
      { key: 'calls', label: t('calls'), cell: ([, v]) => v.calls },
      { key: 'minutes', label: t('minutes'), cell: ([, v]) => v.minutes },
    ]} />`}<//>`;
}

/** Record a call; the API's field errors are shown beside their fields. */
function RecordCall({ ctx, t, onSaved }) {
  const children = useLoad(() => ctx.api('/api/children', { query: { size: 200 } }).then((r) => r.items), []);
  const specs = [
    { name: 'child', id: 'calls-child', label: t('child'), type: 'select', options: (children.data || []).map((c) => [c.id, c.name]) },
    { name: 'parentRole', id: 'calls-parentRole', label: t('parent'), type: 'select', required: true,
      options: [['MOTHER', t('mother')], ['FATHER', t('father')]] },
    { name: 'calledAt', id: 'calls-calledAt', label: t('calledAt'), type: 'datetime-local' },
    { name: 'minutes', id: 'calls-minutes', label: t('minutes'), type: 'number', inputmode: 'numeric', attrs: { min: 0, max: 600 } },
    { name: 'note', id: 'calls-note', label: t('note'), type: 'textarea', rows: 2 },
  ];
  const submit = async (v) => {
    await ctx.api(`children/${v.child}/calls`, { method: 'POST', body: {
      parentRole: v.parentRole, calledAt: v.calledAt ? `${v.calledAt}:00+08:00` : '', minutes: v.minutes, note: v.note } });
    onSaved();
  };
  return html`<section class="card" aria-labelledby="calls-record-title">
    <h2 id="calls-record-title">${t('record')}</h2>
    <${Form} t=${t} specs=${specs} initial=${{ child: null, parentRole: 'MOTHER', calledAt: '', minutes: '10', note: '' }}
      validate=${(v) => (v.child ? {} : { child: t('chooseChild') })} submit=${submit} submitLabel=${t('save')} doneText=${t('saved')} />
  </section>`;
}

function Page({ ctx, t }) {
  const [version, setVersion] = useState(0);
  const canWrite = ctx.user.permissions.includes('calls.write');
  return html`<h1 id="calls-title">${t('title')}</h1>
    <p class="muted">${t('intro')}</p>
    <section class="card" aria-labelledby="calls-monthly-title"><h2 id="calls-monthly-title">${t('monthly')}</h2>
      <${Monthly} ctx=${ctx} t=${t} version=${version} /></section>
    ${canWrite ? html`<${RecordCall} ctx=${ctx} t=${t} onSaved=${() => setVersion((n) => n + 1)} />` : null}`;
}

export const render = programmePage(Page);
