// 本周待办 / This week: the items of GET /api/todo for the acting school and an ISO week, grouped as overdue, due this
// week and due later; each with its action: one click opens a small form (the fields the programme asks for, filled in
// where it can), the second saves it through the programme's own route, then the list is read again.
import { html, useState } from '../lib/preact.js';
import { api } from '../api.js';
import { useLoad, ErrorBox, Loading, Form } from '../lib/kit.js';

/** The form specs of an item's `record.fields` (see core.api TodoItem.Field). */
function specs(fields, lang) {
  return fields.map((f) => {
    const label = lang === 'en' ? f.label_en : f.label_zh;
    const options = (f.options || []).map((o) => [o.value, lang === 'en' ? o.label_en : o.label_zh]);
    const numeric = options.length > 0 && options.every(([v]) => typeof v === 'number');
    const type = { TEXT: 'textarea', DATE: 'date', CHOICE: 'select', CHOICES: 'checks' }[f.type] || 'text';
    return { name: f.name, label, type, options, numeric, required: f.required, rows: 2 };
  });
}

function initialValues(fields) {
  const out = {};
  for (const f of fields) {
    if (f.initial !== null && f.initial !== undefined) {
      out[f.name] = f.type === 'CHOICES' && !Array.isArray(f.initial) ? [f.initial] : f.initial;
    }
  }
  return out;
}

function Item({ t, item, itemKey, open, onOpen, onClose, onDone }) {
  const lang = t.lang;
  const title = lang === 'en' ? item.title_en : item.title_zh;
  const rec = item.record;
  const fields = rec ? rec.fields || [] : [];
  const formSpecs = specs(fields, lang);
  const missing = (values) => {
    const out = {};
    for (const s of formSpecs) {
      const v = values[s.name];
      if (s.required && (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0))) {
        out[s.name] = t('todo.required');
      }
    }
    return out;
  };
  const save = async (values) => {
    const body = { ...rec.values, ...values };
    // a segment in braces takes a member of the body (children/{childId}/records), which leaves the body
    const path = rec.path.replace(/\{(\w+)\}/g, (m, name) => {
      const v = body[name];
      delete body[name];
      return encodeURIComponent(String(v));
    });
    await api(path, { method: 'POST', body });
    onDone(item);
  };
  return html`<li class=${'todo-item' + (item.overdue ? ' overdue' : '')} data-key=${itemKey} data-programme=${item.programme} data-kind=${item.kind}
      data-child=${item.childId ?? ''}>
    <div class="todo-line">
      <div class="todo-text">
        ${item.overdue ? html`<span class="badge bad">${t('todo.overdueBadge')}</span> ` : null}
        ${item.childName ? html`<strong class="todo-child">${item.childName}</strong> ` : null}
        <span class="todo-title">${title}</span>
        <div class="muted todo-due">${t(item.overdue ? 'todo.dueWas' : 'todo.due', { date: item.due })}</div>
      </div>
      <div class="todo-actions">
        ${rec && !open ? html`<button type="button" class="btn small primary todo-record" onClick=${onOpen}>
          ${lang === 'en' ? rec.label_en : rec.label_zh}</button>` : null}
        ${item.link ? html`<a class="btn small" href=${'#/' + item.link}>${t('todo.open')}</a>` : null}
      </div>
    </div>
    ${open ? html`<div class="todo-form">
      <${Form} t=${t} specs=${formSpecs} initial=${initialValues(fields)} grid=${false} submit=${save} validate=${missing}
        submitLabel=${fields.length ? t('todo.save') : t('todo.confirm')} onCancel=${onClose} />
    </div>` : null}
  </li>`;
}

/** How many items of a group show before "show all": a class's monthly talks are one per child. */
const SHOWN = 12;

/** The week's to-do list of the acting school, with the previous and next weeks. */
export function TodoWeek({ t, school }) {
  const [week, setWeek] = useState(null);
  const [open, setOpen] = useState(null);
  const [doneText, setDoneText] = useState(null);
  const [expanded, setExpanded] = useState({});
  const todo = useLoad(() => api('/api/todo', { query: week ? { week } : undefined }), [school, week]);
  const d = todo.data;
  const key = (i) => [i.programme, i.kind, i.childId ?? '-', i.due, i.title_en].join('/');
  const groups = [];
  if (d) {
    const sunday = d.sunday;
    const overdue = d.items.filter((i) => i.overdue);
    const thisWeek = d.items.filter((i) => !i.overdue && i.due <= sunday);
    const later = d.items.filter((i) => !i.overdue && i.due > sunday);
    groups.push(['overdue', overdue], ['week', thisWeek], ['later', later]);
  }
  const go = (w) => { setOpen(null); setDoneText(null); setExpanded({}); setWeek(w); };
  return html`<section class="card todo" aria-labelledby="h-todo" id="todo">
    <div class="todo-head">
      <h2 id="h-todo">${t('todo.title')}</h2>
      ${d ? html`<span class="muted" id="todo-week">${t('todo.range', { from: d.monday, to: d.sunday })}</span>` : null}
      <div class="todo-nav">
        <button type="button" class="btn small" id="todo-prev" disabled=${!d} onClick=${() => go(d.previous)}>${t('todo.previous')}</button>
        <button type="button" class="btn small" id="todo-this" disabled=${!d || (d.today >= d.monday && d.today <= d.sunday)}
          onClick=${() => go(null)}>${t('todo.thisWeek')}</button>
        <button type="button" class="btn small" id="todo-next" disabled=${!d} onClick=${() => go(d.next)}>${t('todo.next')}</button>
      </div>
    </div>
    ${doneText ? html`<p class="alert ok" role="status" id="todo-done">${doneText}</p>` : null}
    ${todo.error ? html`<${ErrorBox} error=${todo.error} t=${t} />` : !d ? html`<${Loading} t=${t} />` : null}
    ${d && d.failed && d.failed.length ? html`<p class="alert warn" role="status">${t('todo.partial')}</p>` : null}
    ${d && !d.items.length ? html`<p class="muted" id="todo-empty">${t('todo.empty')}</p>` : null}
    ${groups.filter(([, items]) => items.length).map(([g, items]) => html`<div class=${'todo-group ' + g} data-group=${g}>
      <h3>${t('todo.group.' + g)} <span class="muted">(${items.length})</span></h3>
      <ul class="todo-list">${(expanded[g] ? items : items.slice(0, SHOWN)).map((i) => html`<${Item} key=${key(i)} itemKey=${key(i)} t=${t} item=${i} open=${open === key(i)}
        onOpen=${() => { setDoneText(null); setOpen(key(i)); }} onClose=${() => setOpen(null)}
        onDone=${(it) => { setOpen(null); setDoneText(t('todo.saved', { what: t.lang === 'en' ? it.title_en : it.title_zh }));
          todo.reload(); }} />`)}</ul>
      ${!expanded[g] && items.length > SHOWN ? html`<button type="button" class="btn small todo-more" data-group=${g}
        onClick=${() => setExpanded((x) => ({ ...x, [g]: true }))}>${t('todo.showAll', { n: items.length })}</button>` : null}
    </div>`)}
  </section>`;
}
