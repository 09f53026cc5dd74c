// The programme's page in the Guanai console (docs/writing-a-programme.md, "The page"). The console imports this module and
// calls render(root, ctx): ctx gives the school the console acts for, the language, the user, api() for JSON calls
// (relative paths are under /api/programmes/<id>/), ctx.programme the id and fetch() for anything else. The console kit does the rest:
// programmePage() loads this page's strings from i18n/<lang>.json (t), useLoad/Loaded show loading and errors, Form shows
// the API's field errors beside the fields, Table becomes cards on a phone.
import { html, useState } from '/console/lib/preact.js';
import { programmePage, useLoad, Loaded, Field, Form, Table } from '/console/lib/kit.js';

/** A child's notes, the latest first; loaded again when the child or `version` changes. */
function Notes({ ctx, t, child, version }) {
  const notes = useLoad(() => ctx.api(`children/${child}/notes`), [child, version]);
  return html`<${Loaded} state=${notes} t=${t}>${(data) => html`
    <${Table} id=${`${ctx.programme}-notes`} caption=${t('notes')} rows=${data.items} rowKey=${(n) => n.id} empty=${t('none')} columns=${[
      { key: 'day', label: t('day'), cell: (n) => n.day },
      { key: 'text', label: t('text'), cell: (n) => n.text },
    ]} />`}<//>`;
}

function Page({ ctx, t }) {
  const children = useLoad(() => ctx.api('/api/children', { query: { size: 200 } }).then((r) => r.items), []);
  const [child, setChild] = useState(null);
  const [version, setVersion] = useState(0);
  const id = ctx.programme;
  const canWrite = ctx.user.permissions.includes(`${id}.write`);
  const options = (children.data || []).map((c) => [c.id, c.name]);
  const specs = [
    { name: 'child', id: `${id}-child`, label: t('child'), type: 'select', options },
    { name: 'day', id: `${id}-day`, label: t('day'), type: 'date' },
    { name: 'text', id: `${id}-text`, label: t('text'), type: 'textarea', rows: 2, attrs: { maxlength: 500 } },
  ];
  const submit = async (v) => {
    await ctx.api(`children/${v.child}/notes`, { method: 'POST', body: { day: v.day || null, text: v.text } });
    setChild(v.child);
    setVersion((n) => n + 1);
  };
  return html`<h1 id=${`${id}-title`}>${t('title')}</h1>
    <p class="muted">${t('intro')}</p>
    <section class="card" aria-labelledby=${`${id}-notes-title`}>
      <h2 id=${`${id}-notes-title`}>${t('notes')}</h2>
      <${Field} spec=${{ name: 'show', id: `${id}-show`, label: t('child'), type: 'select', options }} value=${child} onInput=${setChild} />
      ${child ? html`<${Notes} ctx=${ctx} t=${t} child=${child} version=${version} />` : null}
    </section>
    ${canWrite ? html`<section class="card" aria-labelledby=${`${id}-write-title`}>
      <h2 id=${`${id}-write-title`}>${t('write')}</h2>
      <${Form} t=${t} specs=${specs} initial=${{ child: null, day: '', text: '' }}
        validate=${(v) => (v.child ? {} : { child: t('chooseChild') })} submit=${submit} submitLabel=${t('save')} doneText=${t('saved')} />
    </section>` : null}`;
}

export const render = programmePage(Page);
