// The console kit (/console/lib/kit.js): the building blocks every page of the console and of a programme needs, so that
// no page writes them again. A stable URL and a stable contract: programme pages import it
//   import { programmePage, useLoad, Loaded, Field, Table } from '/console/lib/kit.js';
// next to /console/lib/preact.js. Its exported names are listed in web.console/README.md; a name is added there before it
// is added here, and none is removed or changes its meaning without a note to programme writers. The kit's own words
// ("Loading…", "Saved.", …) are the kit.* strings of the console's i18n/zh.json and en.json.
import { html, render, useState, useEffect, useCallback, useRef } from './preact.js';
import { ApiError } from '../api.js';

// ------------------------------------------------------------------------------------------------ texts

/** The console's strings by language, loaded once a page's life (the kit's own words are among them). */
const consoleStrings = {};

function fill(s, params) {
  let out = s;
  for (const [k, v] of Object.entries(params)) {
    out = out.split('{' + k + '}').join(String(v ?? ''));
  }
  return out;
}

/**
 * A translator over a dictionary (the parsed `i18n/<lang>.json` of a page):
 * - `t('key')` the string; `t('key', { n: 3 })` with `{n}` replaced; a key not in the dictionary shows the key itself.
 *   A key is looked up as written (`"tab.board"`), then as a path into nested objects (`"types.LECTURE"` in
 *   `{"types": {"LECTURE": …}}`).
 * - `t.has(key)`: whether there is a string; `t.or(key, fallback, params)`: the string, or `fallback` without one (a value
 *   the page does not know yet, e.g. a new code from the API).
 * - `t.list(key)`: an array of strings (`"weekdays": ["一", …]`); `t.entries(key)`: the `[key, string]` pairs of an object
 *   (`"types": {"LECTURE": "讲座"}` → options of a select).
 * - `t.lang`: `'zh'` or `'en'`.
 */
export function translator(dict, lang) {
  const d = dict || {};
  const lookup = (key) => {
    if (Object.prototype.hasOwnProperty.call(d, key)) {
      return d[key];
    }
    let v = d;
    for (const part of String(key).split('.')) {
      if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, part)) {
        return undefined;
      }
      v = v[part];
    }
    return v;
  };
  const t = (key, params) => {
    const s = lookup(key);
    if (typeof s !== 'string') {
      return key;
    }
    return params ? fill(s, params) : s;
  };
  t.has = (key) => typeof lookup(key) === 'string';
  t.or = (key, fallback, params) => (t.has(key) ? t(key, params) : fallback);
  t.list = (key) => {
    const v = lookup(key);
    return Array.isArray(v) ? v : [];
  };
  t.entries = (key) => {
    const v = lookup(key);
    return v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).filter(([, s]) => typeof s === 'string') : [];
  };
  t.lang = lang === 'en' ? 'en' : 'zh';
  return t;
}

/** The console's own strings in `lang` (`/console/i18n/<lang>.json`), fetched once; resolves to their translator. */
export async function consoleTexts(lang) {
  const l = lang === 'en' ? 'en' : 'zh';
  if (!consoleStrings[l]) {
    const res = await fetch(`/console/i18n/${l}.json`, { credentials: 'same-origin' });
    consoleStrings[l] = await res.json();
  }
  return translator(consoleStrings[l], l);
}

/** The kit's words in the language of a page's translator (`t.lang`). */
const own = (t) => translator(consoleStrings[t && t.lang === 'en' ? 'en' : 'zh'], t && t.lang);

/** An answer that is not the API's JSON (a missing file, a proxy's page) as an ApiError in words. */
function failure(status, body) {
  if (body && (body.message_zh || body.message_en)) {
    return new ApiError(status, body);
  }
  const words = (l) => translator(consoleStrings[l], l).or('kit.failed', `HTTP ${status}`, { status });
  return new ApiError(status, { error: 'http_' + status, message_zh: words('zh'), message_en: words('en') });
}

/**
 * A programme page's `render(root, ctx)` from its top component: loads the page's strings from `i18n/<lang>.json` next to
 * its module (and the kit's own), adds the page's stylesheet once when `css` names one (a file next to the module),
 * renders `<Page ctx=${ctx} t=${t} />` into `root` and returns the cleanup the console calls when the page closes.
 *   export const render = programmePage(Page, { css: 'pairing.css' });
 */
export function programmePage(Page, { css } = {}) {
  return async (root, ctx) => {
    const lang = ctx.lang === 'en' ? 'en' : 'zh';
    if (css && !document.querySelector(`link[data-programme-css="${ctx.base + css}"]`)) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = ctx.base + css;
      link.dataset.programmeCss = ctx.base + css;
      document.head.append(link);
    }
    const [dict] = await Promise.all([
      ctx.fetch(`${ctx.base}i18n/${lang}.json`).then((res) => {
        if (!res.ok) {
          throw failure(res.status, null);
        }
        return res.json();
      }),
      consoleTexts(lang),
    ]);
    const t = translator(dict, lang);
    render(html`<${Page} ctx=${{ ...ctx, lang }} t=${t} />`, root);
    return () => render(null, root);
  };
}

// ------------------------------------------------------------------------------------------------ errors of the API

const pick = (o, lang) => (lang === 'en' ? o.message_en || o.message_zh : o.message_zh || o.message_en);

/**
 * The field errors of a refused call (the platform's body `{"error":"validation","errors":[{"field","message_zh",
 * "message_en"}]}`) as `{ field: message }` in `lang`; `{}` when there are none.
 */
export function fieldErrors(err, lang) {
  const out = {};
  for (const e of ((err && err.body && err.body.errors) || [])) {
    if (e.field && !out[e.field]) {
      out[e.field] = pick(e, lang);
    }
  }
  return out;
}

/** A refused call in words, in `lang`: the platform's message and each field's message (`field: message`). */
export function errorText(err, lang) {
  const b = (err && err.body) || {};
  const parts = [];
  if (b.message_zh || b.message_en) {
    parts.push(pick(b, lang));
  }
  for (const e of b.errors || []) {
    parts.push((e.field ? e.field + ': ' : '') + pick(e, lang));
  }
  if (!parts.length) {
    parts.push(err && err.message ? err.message : String(err));
  }
  return parts.join('; ');
}

// ------------------------------------------------------------------------------------------------ loading

let ids = 0;
/** A stable unique id for a label and its control (`prefix-n`). */
export function useId(prefix = 'f') {
  const ref = useRef(null);
  if (ref.current === null) {
    ref.current = `${prefix}-${++ids}`;
  }
  return ref.current;
}

/**
 * Runs `load` (a function returning a promise, e.g. `() => ctx.api('board')`) now and whenever `deps` change:
 * `{ data, error, loading, reload }`. An older call that answers late is ignored; `reload()` runs it again (after a
 * change) and keeps showing the data it has meanwhile.
 */
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const seq = useRef(0);
  const run = useCallback(() => {
    const n = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    return Promise.resolve().then(load).then(
      (data) => { if (n === seq.current) { setState({ data, error: null, loading: false }); } },
      (error) => { if (n === seq.current) { setState({ data: null, error, loading: false }); } });
  }, deps);
  useEffect(() => { run(); }, [run]);
  return { ...state, reload: run };
}

/** A message box: `kind` bad (an alert), ok or warn (a status). */
export function Alert({ kind = 'bad', children }) {
  return html`<div class=${'alert ' + kind} role=${kind === 'bad' ? 'alert' : 'status'}>${children}</div>`;
}

/** A refused or failed call in words, in the page's language; nothing without an error. */
export function ErrorBox({ error, t }) {
  return error ? html`<${Alert}>${errorText(error, t.lang)}<//>` : null;
}

/** "Loading…", in the page's language. */
export function Loading({ t }) {
  return html`<p class="muted" role="status">${own(t)('kit.loading')}</p>`;
}

/**
 * What a `useLoad` shows: its error, "Loading…" until the first answer, then `children(data)`.
 *   <${Loaded} state=${board} t=${t}>${(data) => html`…`}<//>
 */
export function Loaded({ state, t, children }) {
  if (state.error) {
    return html`<${ErrorBox} error=${state.error} t=${t} />`;
  }
  if (state.data === null || state.data === undefined) {
    return state.loading ? html`<${Loading} t=${t} />` : null;
  }
  return typeof children === 'function' ? children(state.data) : children;
}

// ------------------------------------------------------------------------------------------------ fields and forms

/**
 * One labelled field with its error beneath it (tied to the control by `aria-describedby`, the control marked
 * `aria-invalid`). Give the field as props or as `spec` (the same names): `name`, `label`, `type` (text, search, number,
 * date, month, datetime-local, tel, password, textarea, select, checkbox, checks), `options` ([[value, label]] for
 * select and checks), `empty` (the label of a select's empty choice), `required`, `hint`, `id` (else one is made),
 * `attrs` (more attributes of the control: min, max, maxlength, …), `inputmode`, `autocomplete`, `readOnly`; and
 * `value`, `onInput(value)`, `error`, `disabled`. For a control of its own, give a function as the only child: it gets
 * the attributes to spread on the control (`id`, `name`, `aria-invalid`, `aria-describedby`, `required`, `disabled`).
 */
export function Field(props) {
  const spec = props.spec || props;
  const { value, onInput, error, disabled, children } = props;
  const made = useId(spec.name || 'field');
  const id = spec.id || made;
  const errId = id + '-error';
  const described = error ? errId : undefined;
  const common = { id, name: spec.name, disabled: disabled || spec.readOnly, 'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': described, required: spec.required, ...(spec.attrs || {}) };
  const errorLine = error ? html`<span class="error" id=${errId}>${error}</span>` : null;
  let control;
  if (typeof children === 'function') {
    control = children(common);
  } else {
    switch (spec.type) {
      case 'select':
        control = html`<select ...${common} value=${value ?? ''} onChange=${(e) => onInput(e.target.value === '' ? null : e.target.value)}>
          ${spec.required
            // a required choice not made yet shows as not made (a disabled blank), never as its first option
            ? (value == null || value === '' ? html`<option value="" disabled>${spec.empty || '—'}</option>` : null)
            : html`<option value="">${spec.empty || '—'}</option>`}
          ${(spec.options || []).map(([v, l]) => html`<option value=${v}>${l}</option>`)}
        </select>`;
        break;
      case 'checkbox':
        return html`<div class=${'field check' + (error ? ' invalid' : '')}>
          <input type="checkbox" ...${common} checked=${!!value} onChange=${(e) => onInput(e.target.checked)} />
          <label for=${id}>${spec.label}</label>
          ${errorLine}
        </div>`;
      case 'checks':
        return html`<fieldset class=${'field' + (error ? ' invalid' : '')} aria-describedby=${described}>
          <legend class="label">${spec.label}</legend>
          <div class="checks">${(spec.options || []).map(([v, l]) => html`<label>
            <input type="checkbox" name=${spec.name} value=${v} disabled=${disabled} checked=${(value || []).map(String).includes(String(v))}
              onChange=${(e) => {
                const set = new Set((value || []).map(String));
                if (e.target.checked) { set.add(String(v)); } else { set.delete(String(v)); }
                onInput(spec.options.map(([o]) => o).filter((o) => set.has(String(o))));
              }} /> ${l}</label>`)}</div>
          ${errorLine}
        </fieldset>`;
      case 'textarea':
        control = html`<textarea ...${common} rows=${spec.rows || 3} value=${value ?? ''} onInput=${(e) => onInput(e.target.value)} />`;
        break;
      default:
        control = html`<input ...${common} type=${spec.type || 'text'} value=${value ?? ''} autocomplete=${spec.autocomplete || 'off'}
          inputmode=${spec.inputmode} onInput=${(e) => onInput(e.target.value)} />`;
    }
  }
  return html`<div class=${'field' + (error ? ' invalid' : '')}>
    <label for=${id}>${spec.label}${spec.required ? ' *' : ''}</label>
    ${control}
    ${spec.hint ? html`<span class="hint">${spec.hint}</span>` : null}
    ${errorLine}
  </div>`;
}

/**
 * Saving something: `run(work)` calls `work()` (a promise, e.g. a `ctx.api` call and what follows it), and the state
 * follows: `{ busy, done, error, errors, run, reset }`, `errors` being the API's field errors in the page's language
 * (show them with `Field`'s `error`), `error` the refusal itself. `run` resolves to true when the work succeeded.
 */
export function useSave(t) {
  const [state, setState] = useState({ busy: false, done: false, error: null, errors: {} });
  const run = useCallback(async (work) => {
    setState({ busy: true, done: false, error: null, errors: {} });
    try {
      await work();
      setState({ busy: false, done: true, error: null, errors: {} });
      return true;
    } catch (error) {
      setState({ busy: false, done: false, error, errors: fieldErrors(error, t.lang) });
      return false;
    }
  }, [t.lang]);
  const reset = useCallback(() => setState({ busy: false, done: false, error: null, errors: {} }), []);
  return { ...state, run, reset };
}

/**
 * The feedback of a `useSave`: "Saving…" while it runs, "Saved." (or `doneText`) after it, and the refusal: the API's
 * message, or, when it named fields, "see the fields below" and the errors of any field not in `shown` (the fields the
 * form shows).
 */
export function SaveStatus({ save, t, doneText, shown }) {
  const k = own(t);
  if (save.busy) {
    return html`<p class="muted" role="status">${k('kit.saving')}</p>`;
  }
  if (save.error) {
    const fields = Object.keys(save.errors);
    const hidden = shown ? fields.filter((f) => !shown.includes(f)) : [];
    return html`<${Alert}>
      ${fields.length ? k('kit.fixErrors') : errorText(save.error, t.lang)}
      ${hidden.length ? html`<ul>${hidden.map((f) => html`<li>${f}: ${save.errors[f]}</li>`)}</ul>` : null}
    <//>`;
  }
  return save.done ? html`<${Alert} kind="ok">${doneText || k('kit.saved')}<//>` : null;
}

/** Empty strings become null and numbers numbers, the way the API expects them (the fields of a `Form`). */
function clean(specs, values) {
  const out = { ...values };
  for (const s of specs) {
    let v = out[s.name];
    if (v === '' || v === undefined) {
      v = s.type === 'checkbox' ? false : s.type === 'checks' ? [] : null;
    }
    if ((s.type === 'number' || s.numeric) && v !== null && !Array.isArray(v) && typeof v !== 'boolean') {
      v = Number(v);
    }
    if (s.numeric && Array.isArray(v)) {
      v = v.map(Number);
    }
    if (s.boolean && typeof v === 'string') { // a yes/no choice that may stay unanswered: true, false or null
      v = v === 'true';
    }
    out[s.name] = v;
  }
  return out;
}

/**
 * A form from field specs (see `Field`; `numeric: true` sends a select's or checks' values as numbers, `boolean: true` a
 * select of 'true'/'false' as a boolean):
 * `submit(values)` returns a promise; the API's field errors are shown beside the fields (the first one focused) and
 * the message above them, with the errors of fields the form does not show listed there. `validate(values)` checks
 * what the browser can before anything is sent, returning `{ field: message }` (empty: nothing wrong). `doneText`
 * replaces "Saved."; `clearOnDone` empties the fields after a success (passwords); `onCancel` adds a Cancel button;
 * `grid` (default true) lays the fields out in two columns on wide screens; children go after the fields.
 */
export function Form({ t, specs, initial, submit, submitLabel, onCancel, grid = true, validate, doneText, clearOnDone, id,
  children }) {
  const k = own(t);
  const [values, setValues] = useState(() => ({ ...initial }));
  const [local, setLocal] = useState({});
  const save = useSave(t);
  const top = useRef(null);
  const errors = Object.keys(local).length ? local : save.errors;
  useEffect(() => {
    const first = specs.find((s) => errors[s.name]);
    const el = first && top.current && top.current.querySelector(`[name="${first.name}"]`);
    if (el) {
      el.focus();
    }
  }, [errors]);
  const onSubmit = async (e) => {
    e.preventDefault();
    const found = validate ? validate(values) || {} : {};
    setLocal(found);
    if (Object.keys(found).length) {
      save.reset();
      return;
    }
    if (await save.run(() => submit(clean(specs, values))) && clearOnDone) {
      setValues({ ...initial });
    }
  };
  return html`<form ref=${top} id=${id} onSubmit=${onSubmit} novalidate>
    ${Object.keys(local).length ? html`<${Alert}>${k('kit.fixErrors')}<//>`
      : html`<${SaveStatus} save=${save} t=${t} doneText=${doneText} shown=${specs.map((s) => s.name)} />`}
    <div class=${grid ? 'form-grid' : ''}>
      ${specs.map((s) => html`<${Field} key=${s.name} spec=${s} value=${values[s.name]} error=${errors[s.name]}
        onInput=${(v) => setValues((old) => ({ ...old, [s.name]: v }))} />`)}
    </div>
    ${children}
    <div class="actions">
      <button type="submit" class="btn primary" disabled=${save.busy}>${save.busy ? k('kit.saving') : submitLabel || k('kit.save')}</button>
      ${onCancel ? html`<button type="button" class="btn" onClick=${onCancel}>${k('kit.cancel')}</button>` : null}
    </div>
  </form>`;
}

// ------------------------------------------------------------------------------------------------ tables, pages, tabs

/**
 * A table of `rows` that becomes cards on a phone (≤ 480 px): each row a card, its first column the card's title on a
 * line of its own (so it stays readable), every other cell beside its column's header (the cell's content is wrapped
 * in a `div.cell` for that). On wider screens a
 * plain `table.data` that scrolls sideways when it must.
 * `columns`: `{ key, label, cell(row, i), className, hideLabel }`: `cell` gives the content (default: `row[key]`);
 * `key` is also the cell's `data-col`; `hideLabel` shows the header to screen readers only (a column of buttons).
 * `rowKey(row, i)`, `rowAttrs(row, i)` (attributes of the `<tr>`: `data-…`, `class`, handlers), `empty` (the text when
 * there are no rows), `id`, `caption` (for screen readers), `className` (more classes of the table), `busy`.
 */
export function Table({ id, caption, columns, rows, rowKey, rowAttrs, empty, className, busy }) {
  const cols = columns.filter(Boolean);
  const content = (c, r, i) => (c.cell ? c.cell(r, i) : r[c.key]);
  // a cell with nothing in it stays empty (no wrapper), so that a phone's card leaves it out (td:empty)
  const blank = (v) => v == null || v === '' || v === false || (Array.isArray(v) && !v.length);
  return html`<div class="table-wrap"><table class=${'data cards' + (className ? ' ' + className : '')} id=${id}
      aria-busy=${busy ? 'true' : undefined}>
    ${caption ? html`<caption class="sr-only">${caption}</caption>` : null}
    <thead><tr>${cols.map((c) => html`<th scope="col" class=${c.className}>
      ${c.hideLabel ? html`<span class="sr-only">${c.label}</span>` : c.label}</th>`)}</tr></thead>
    <tbody>
      ${rows.map((r, i) => html`<tr key=${rowKey ? rowKey(r, i) : i} ...${rowAttrs ? rowAttrs(r, i) : {}}>
        ${cols.map((c, j) => (j === 0
          ? html`<th scope="row" data-col=${c.key} class=${c.className}>${content(c, r, i)}</th>`
          : c.hideLabel ? html`<td data-col=${c.key} class=${c.className}>${content(c, r, i)}</td>`
            : ((v) => (blank(v) ? html`<td data-col=${c.key} data-label=${c.label} class=${c.className}></td>`
              : html`<td data-col=${c.key} data-label=${c.label} class=${c.className}><div class="cell">${v}</div></td>`))(content(c, r, i))))}
      </tr>`)}
      ${rows.length || !empty ? null : html`<tr class="empty"><td colspan=${cols.length} class="muted">${empty}</td></tr>`}
    </tbody>
  </table></div>`;
}

/** Previous/next for a list answer `{items, total, page, size}` (pages counted from 0). */
export function Pager({ t, page, size, total, onPage }) {
  const k = own(t);
  const pages = Math.max(1, Math.ceil(total / size));
  return html`<nav class="pager" aria-label=${k('kit.pager.label')}>
    <button type="button" class="btn small" disabled=${page <= 0} onClick=${() => onPage(page - 1)}>${k('kit.pager.prev')}</button>
    <span>${k('kit.pager.status', { page: page + 1, pages, total })}</span>
    <button type="button" class="btn small" disabled=${page + 1 >= pages} onClick=${() => onPage(page + 1)}>${k('kit.pager.next')}</button>
  </nav>`;
}

/**
 * A row of tabs: `tabs` [[key, label]], `current` key, `onChange(key)`, `label` (what they choose, for screen readers),
 * `idPrefix` (each tab's id is `idPrefix + key`; each has `data-tab=key`). The arrow keys move between them. The panel is
 * the page's: `<div role="tabpanel">…</div>` after it.
 */
export function Tabs({ tabs, current, onChange, label, idPrefix }) {
  const keys = tabs.map(([k]) => k);
  const onKeyDown = (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') {
      return;
    }
    const i = keys.indexOf(current);
    const next = keys[(i + (e.key === 'ArrowRight' ? 1 : keys.length - 1)) % keys.length];
    onChange(next);
    e.currentTarget.querySelector(`[data-tab="${next}"]`)?.focus();
  };
  return html`<div class="tabs" role="tablist" aria-label=${label} onKeyDown=${onKeyDown}>
    ${tabs.map(([k, l]) => html`<button type="button" role="tab" data-tab=${k} id=${idPrefix ? idPrefix + k : undefined}
      aria-selected=${k === current ? 'true' : 'false'} tabindex=${k === current ? 0 : -1} onClick=${() => onChange(k)}>${l}</button>`)}
  </div>`;
}

/**
 * A modal question before something is done (the browser's own confirm() would answer in the browser's language, not
 * the page's): `title`, the text as children, `confirmLabel` on the button that goes ahead (`danger` colours it),
 * `onConfirm`, `onCancel` (also Escape), `id`. Cancel has the focus, so Enter does not go ahead by accident.
 */
export function ConfirmDialog({ t, id, title, confirmLabel, danger, onConfirm, onCancel, children }) {
  const ref = useRef(null);
  const titleId = useId('dlg');
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) {
      d.showModal();
    }
    return () => { if (d && d.open) { d.close(); } };
  }, []);
  return html`<dialog ref=${ref} id=${id} class="dialog" aria-labelledby=${titleId}
    onCancel=${(e) => { e.preventDefault(); onCancel(); }}>
    <h2 id=${titleId}>${title}</h2>
    ${children}
    <div class="actions">
      <button type="button" class="btn" data-action="cancel" autofocus onClick=${onCancel}>${own(t)('kit.cancel')}</button>
      <button type="button" class=${'btn ' + (danger ? 'danger' : 'primary')} data-action="confirm" onClick=${onConfirm}>${confirmLabel}</button>
    </div>
  </dialog>`;
}

/**
 * An ECharts chart (loaded on first use from /console/lib/echarts.js, drawn as SVG, resized with the window): `option`
 * (ECharts' option object, plain data), `label` (what it shows, for screen readers), `className` (e.g. a height).
 */
export function Chart({ option, label, className }) {
  const el = useRef(null);
  useEffect(() => {
    let chart;
    let alive = true;
    const resize = () => chart && chart.resize();
    import('./echarts.js').then((echarts) => {
      if (!alive || !el.current) {
        return;
      }
      chart = echarts.init(el.current, null, { renderer: 'svg' });
      chart.setOption(option);
      window.addEventListener('resize', resize);
    });
    return () => {
      alive = false;
      window.removeEventListener('resize', resize);
      if (chart) {
        chart.dispose();
      }
    };
  }, [JSON.stringify(option)]);
  return html`<div class=${'chart' + (className ? ' ' + className : '')} ref=${el} role="img" aria-label=${label}></div>`;
}

// ------------------------------------------------------------------------------------------------ dates and files

/** Today in China (UTC+8 all year), whatever the browser's own zone: `YYYY-MM-DD`. */
export function chinaToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** A moment (ISO 8601) in China time, in `lang`: to the minute, or to the second with `seconds`; '' for none. */
export function formatDateTime(iso, lang, seconds = false) {
  if (!iso) {
    return '';
  }
  return new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium',
    timeStyle: seconds ? 'medium' : 'short' });
}

/**
 * The JSON of a `fetch` answer (an upload's, through `ctx.fetch`): resolves to the parsed body (null when there is none),
 * rejects with the API's error when the answer is a refusal, as `ctx.api` does.
 */
export async function readJson(response) {
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    throw failure(response.status, body);
  }
  return body;
}

/**
 * Saves the body of a `fetch` answer (e.g. `await ctx.fetch(url)` of an export) as a file called `name`. A refused
 * answer rejects with the API's error (show it with `ErrorBox`) and saves nothing.
 */
export async function saveFile(response, name) {
  if (!response.ok) {
    throw failure(response.status, await response.json().catch(() => null));
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
