// 亲情电话 page: the model of a programme page in the Guanai console (docs/writing-a-programme.md, "UI").
// The console imports this module and calls render(root, ctx); it knows no programme by name. ctx gives the school the
// console acts for, the language, the user, api() for JSON calls (relative paths are under /api/programmes/calls/) and
// fetch() for anything else; both send the session, the CSRF token and the school. Only core.api-level contracts and the
// console's shared libraries are used: Preact + htm from /console/lib/preact.js, the console's CSS classes.
import { html, render as mount, useState, useEffect, useCallback } from '/console/lib/preact.js';

/** This page's strings, from i18n/<lang>.json next to this module (fetched through ctx so the school goes along). */
async function strings(ctx) {
  const res = await ctx.fetch(`${ctx.base}i18n/${ctx.lang}.json`);
  return res.json();
}

/** The API's message in the page's language. */
const message = (e, lang) => (lang === 'en' ? e.message_en : e.message_zh);

function Monthly({ t, ctx, version }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    ctx.api('monthly').then(setData, (e) => setError(e));
  }, [version]);
  if (error) {
    return html`<div class="alert bad" role="alert">${message(error.body, ctx.lang)}</div>`;
  }
  if (!data) {
    return html`<p class="muted">${t.loading}</p>`;
  }
  const months = Object.entries(data.months || {});
  return html`<div class="table-wrap"><table class="data" id="calls-monthly">
    <caption class="muted">${t.monthlyCaption.replace('{year}', data.year)}</caption>
    <thead><tr><th scope="col">${t.month}</th><th scope="col">${t.calls}</th><th scope="col">${t.minutes}</th></tr></thead>
    <tbody>
      ${months.map(([month, v]) => html`<tr><td>${month}</td><td>${v.calls}</td><td>${v.minutes}</td></tr>`)}
      ${months.length ? null : html`<tr><td colspan="3" class="muted">${t.none}</td></tr>`}
    </tbody>
  </table></div>`;
}

/** Record a call; the API's field errors are shown beside their fields. */
function RecordCall({ t, ctx, onSaved }) {
  const [children, setChildren] = useState([]);
  const [form, setForm] = useState({ child: '', parentRole: 'MOTHER', calledAt: '', minutes: '10', note: '' });
  const [errors, setErrors] = useState({});
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    ctx.api('/api/children', { query: { size: 200 } }).then((r) => setChildren(r.items), () => setChildren([]));
  }, []);
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  const submit = useCallback(async (e) => {
    e.preventDefault();
    setSaved(false);
    if (!form.child) {
      setErrors({ child: t.chooseChild });
      return;
    }
    try {
      await ctx.api(`children/${form.child}/calls`, { method: 'POST', body: {
        parentRole: form.parentRole,
        calledAt: form.calledAt ? `${form.calledAt}:00+08:00` : '',
        minutes: form.minutes === '' ? null : Number(form.minutes),
        note: form.note || null,
      } });
      setErrors({});
      setSaved(true);
      onSaved();
    } catch (err) {
      const out = {};
      for (const fe of (err.body && err.body.errors) || []) {
        out[fe.field || 'form'] = message(fe, ctx.lang);
      }
      setErrors(Object.keys(out).length ? out : { form: message(err.body || {}, ctx.lang) || String(err) });
    }
  }, [form]);
  const field = (name, label, control) => html`<div class=${'field' + (errors[name] ? ' invalid' : '')}>
    <label for=${'calls-' + name}>${label}</label>
    ${control}
    ${errors[name] ? html`<span class="error" id=${'calls-' + name + '-error'}>${errors[name]}</span>` : null}
  </div>`;
  const aria = (name) => ({ id: 'calls-' + name, name, 'aria-invalid': errors[name] ? 'true' : undefined,
    'aria-describedby': errors[name] ? 'calls-' + name + '-error' : undefined });
  return html`<form class="card" onSubmit=${submit} novalidate aria-labelledby="calls-record-title">
    <h2 id="calls-record-title">${t.record}</h2>
    ${errors.form ? html`<div class="alert bad" role="alert">${errors.form}</div>` : null}
    ${saved ? html`<div class="alert ok" role="status">${t.saved}</div>` : null}
    ${field('child', t.child, html`<select ...${aria('child')} value=${form.child} onChange=${set('child')}>
      <option value="">—</option>
      ${children.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
    </select>`)}
    ${field('parentRole', t.parent, html`<select ...${aria('parentRole')} value=${form.parentRole} onChange=${set('parentRole')}>
      <option value="MOTHER">${t.mother}</option><option value="FATHER">${t.father}</option>
    </select>`)}
    ${field('calledAt', t.calledAt, html`<input type="datetime-local" ...${aria('calledAt')} value=${form.calledAt} onInput=${set('calledAt')} />`)}
    ${field('minutes', t.minutes, html`<input type="number" inputmode="numeric" min="0" max="600" ...${aria('minutes')} value=${form.minutes} onInput=${set('minutes')} />`)}
    ${field('note', t.note, html`<textarea ...${aria('note')} rows="2" value=${form.note} onInput=${set('note')} />`)}
    <button type="submit" class="btn primary">${t.save}</button>
  </form>`;
}

function Page({ t, ctx }) {
  const [version, setVersion] = useState(0);
  const canWrite = ctx.user.permissions.includes('calls.write');
  return html`<h1 id="calls-title">${t.title}</h1>
    <p class="muted">${t.intro}</p>
    <section class="card" aria-labelledby="calls-monthly-title"><h2 id="calls-monthly-title">${t.monthly}</h2>
      <${Monthly} t=${t} ctx=${ctx} version=${version} /></section>
    ${canWrite ? html`<${RecordCall} t=${t} ctx=${ctx} onSaved=${() => setVersion(version + 1)} />` : null}`;
}

export async function render(root, ctx) {
  const t = await strings(ctx);
  mount(html`<${Page} t=${t} ctx=${ctx} />`, root);
  return () => mount(null, root);
}
