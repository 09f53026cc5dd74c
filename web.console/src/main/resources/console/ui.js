// Shared building blocks of the console pages: fields with their errors beside them, a form from field specs, alerts.
import { html, useState, useEffect, useCallback, useRef } from './lib/preact.js';
import { errorText, fieldErrors } from './api.js';

let ids = 0;
/** A stable unique id for label/input pairs. */
export function useId(prefix = 'f') {
  const ref = useRef(null);
  if (ref.current === null) {
    ref.current = `${prefix}-${++ids}`;
  }
  return ref.current;
}

/** Runs `load` when `deps` change: { data, error, loading, reload }. */
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const seq = useRef(0);
  const run = useCallback(() => {
    const n = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    Promise.resolve().then(load).then(
      (data) => n === seq.current && setState({ data, error: null, loading: false }),
      (error) => n === seq.current && setState({ data: null, error, loading: false }));
  }, deps);
  useEffect(() => { run(); }, [run]);
  return { ...state, reload: run };
}

export function Alert({ kind = 'bad', children }) {
  return html`<div class=${'alert ' + kind} role=${kind === 'bad' ? 'alert' : 'status'}>${children}</div>`;
}

/** An API error as an alert, in the console's language. */
export function ErrorBox({ error, t }) {
  if (!error) {
    return null;
  }
  return html`<${Alert}>${errorText(error, t.lang)}<//>`;
}

export function Loading({ t }) {
  return html`<p class="muted" role="status">${t('common.loading')}</p>`;
}

/**
 * One form field: spec = { name, label, type: text|date|number|select|checkbox|textarea|checks|password, options:
 * [[value, label]], required, hint }. The error of the field is shown beneath it and tied to it (aria-describedby).
 */
export function Field({ spec, value, onInput, error, disabled }) {
  const id = useId(spec.name);
  const errId = id + '-err';
  const described = error ? errId : undefined;
  const common = { id, name: spec.name, disabled: disabled || spec.readOnly, 'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': described, required: spec.required };
  let control;
  switch (spec.type) {
    case 'select':
      control = html`<select ...${common} value=${value ?? ''} onChange=${(e) => onInput(e.target.value === '' ? null : e.target.value)}>
        ${spec.required ? null : html`<option value="">${spec.empty || '—'}</option>`}
        ${spec.options.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
      </select>`;
      break;
    case 'checkbox':
      return html`<div class=${'field check' + (error ? ' invalid' : '')}>
        <input type="checkbox" ...${common} checked=${!!value} onChange=${(e) => onInput(e.target.checked)} />
        <label for=${id}>${spec.label}</label>
        ${error ? html`<span class="error" id=${errId}>${error}</span>` : null}
      </div>`;
    case 'checks':
      return html`<fieldset class=${'field' + (error ? ' invalid' : '')} aria-describedby=${described}>
        <legend class="label">${spec.label}</legend>
        <div class="checks">${spec.options.map(([v, l]) => html`<label>
          <input type="checkbox" name=${spec.name} value=${v} disabled=${disabled} checked=${(value || []).map(String).includes(String(v))}
            onChange=${(e) => {
              const set = new Set((value || []).map(String));
              if (e.target.checked) { set.add(String(v)); } else { set.delete(String(v)); }
              onInput(spec.options.map(([o]) => o).filter((o) => set.has(String(o))));
            }} /> ${l}</label>`)}</div>
        ${error ? html`<span class="error" id=${errId}>${error}</span>` : null}
      </fieldset>`;
    case 'textarea':
      control = html`<textarea ...${common} rows="3" value=${value ?? ''} onInput=${(e) => onInput(e.target.value)} />`;
      break;
    default:
      control = html`<input ...${common} type=${spec.type || 'text'} value=${value ?? ''} autocomplete=${spec.autocomplete || 'off'}
        inputmode=${spec.inputmode} onInput=${(e) => onInput(e.target.value)} />`;
  }
  return html`<div class=${'field' + (error ? ' invalid' : '')}>
    <label for=${id}>${spec.label}${spec.required ? ' *' : ''}</label>
    ${control}
    ${spec.hint ? html`<span class="hint">${spec.hint}</span>` : null}
    ${error ? html`<span class="error" id=${errId}>${error}</span>` : null}
  </div>`;
}

/** Empty strings become null and numbers numbers, the way the API expects them. */
export function clean(specs, values) {
  const out = { ...values };
  for (const s of specs) {
    let v = out[s.name];
    if (v === '' || v === undefined) {
      v = s.type === 'checkbox' ? false : s.type === 'checks' ? [] : null;
    }
    if (s.type === 'number' && v !== null) {
      v = Number(v);
    }
    if (s.numeric && v !== null && v !== undefined && !Array.isArray(v)) {
      v = Number(v);
    }
    if (s.numeric && Array.isArray(v)) {
      v = v.map(Number);
    }
    out[s.name] = v;
  }
  return out;
}

/**
 * A form from field specs: submit(values) returns a promise; a rejected ApiError shows its field errors beside the
 * fields and its message above them. Errors of fields the form does not show are listed in the message.
 * `validate(values)` (optional) checks what the browser can check itself before anything is sent, returning
 * { field: message } in the console's language (empty: nothing wrong). `doneText` replaces "saved" after a success;
 * `clearOnDone` empties the fields after a success (passwords).
 */
export function Form({ t, specs, initial, submit, submitLabel, onCancel, grid = true, validate, doneText, clearOnDone, id,
  children }) {
  const [values, setValues] = useState(() => ({ ...initial }));
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const top = useRef(null);
  const showErrors = (fe, err) => {
    setErrors(fe);
    setError(err);
    const first = specs.find((s) => fe[s.name]);
    setTimeout(() => {
      const el = first && top.current && top.current.querySelector(`[name="${first.name}"]`);
      if (el) { el.focus(); } else if (top.current) { top.current.querySelector('.alert')?.focus?.(); }
    }, 0);
  };
  const onSubmit = async (e) => {
    e.preventDefault();
    setDone(false);
    const local = validate ? validate(values) || {} : {};
    if (Object.keys(local).length) {
      showErrors(local, { local: true });
      return;
    }
    setBusy(true);
    try {
      await submit(clean(specs, values));
      setErrors({});
      setError(null);
      setDone(true);
      if (clearOnDone) {
        setValues({ ...initial });
      }
    } catch (err) {
      const fe = fieldErrors(err, t.lang);
      const shown = specs.map((s) => s.name);
      err.hiddenFields = Object.keys(fe).filter((f) => !shown.includes(f));
      showErrors(fe, err);
    } finally {
      setBusy(false);
    }
  };
  const hidden = error && error.hiddenFields ? error.hiddenFields : [];
  return html`<form ref=${top} id=${id} onSubmit=${onSubmit} novalidate>
    ${error ? html`<${Alert}>
      ${Object.keys(errors).length ? t('form.fixErrors') : errorText(error, t.lang)}
      ${hidden.length ? html`<ul>${hidden.map((f) => html`<li>${f}: ${errors[f]}</li>`)}</ul>` : null}
    <//>` : null}
    ${done ? html`<${Alert} kind="ok">${doneText || t('form.saved')}<//>` : null}
    <div class=${grid ? 'form-grid' : ''}>
      ${specs.map((s) => html`<${Field} key=${s.name} spec=${s} value=${values[s.name]} error=${errors[s.name]}
        onInput=${(v) => setValues((old) => ({ ...old, [s.name]: v }))} />`)}
    </div>
    ${children}
    <div class="actions">
      <button type="submit" class="btn primary" disabled=${busy}>${busy ? t('common.saving') : submitLabel || t('common.save')}</button>
      ${onCancel ? html`<button type="button" class="btn" onClick=${onCancel}>${t('common.cancel')}</button>` : null}
    </div>
  </form>`;
}

/** Previous/next for a list answer {items,total,page,size}. */
export function Pager({ t, page, size, total, onPage }) {
  const pages = Math.max(1, Math.ceil(total / size));
  return html`<nav class="pager" aria-label=${t('pager.label')}>
    <button type="button" class="btn small" disabled=${page <= 0} onClick=${() => onPage(page - 1)}>${t('pager.prev')}</button>
    <span>${t('pager.status', { page: page + 1, pages, total })}</span>
    <button type="button" class="btn small" disabled=${page + 1 >= pages} onClick=${() => onPage(page + 1)}>${t('pager.next')}</button>
  </nav>`;
}

/** Enum values as select options with their labels. */
export function options(t, type, values) {
  return values.map((v) => [v, t.e(type, v)]);
}

/** A moment in China time (the console's users are there, wherever the browser's clock is set): to the minute, or the second. */
export function fmtDateTime(iso, lang, seconds = false) {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  return d.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium',
    timeStyle: seconds ? 'medium' : 'short' });
}

/**
 * A modal question before something is done (the browser's own confirm() box would answer in the browser's language, not
 * the console's): `title`, the text as children, `confirmLabel` on the button that goes ahead, `onConfirm`, `onCancel`
 * (also Escape). Cancel has the focus, so Enter does not go ahead by accident.
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
      <button type="button" class="btn" data-action="cancel" autofocus onClick=${onCancel}>${t('common.cancel')}</button>
      <button type="button" class=${'btn ' + (danger ? 'danger' : 'primary')} data-action="confirm" onClick=${onConfirm}>${confirmLabel}</button>
    </div>
  </dialog>`;
}
