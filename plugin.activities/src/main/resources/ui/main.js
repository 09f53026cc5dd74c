// 九个一 activities page. The console imports this module and calls render(root, ctx) (see the console contract):
// ctx.api(path, {method, body, query}) for JSON under /api/programmes/activities/, ctx.fetch for uploads and downloads.
import { html, render as mount, useState, useEffect, useMemo, useCallback } from '/console/lib/preact.js';

const today = () => {
  // the school's day, in China
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
};

/** Field errors of a rejected ctx.api call, by field, in the page's language. */
function fieldErrors(e, lang) {
  const out = {};
  const body = e && e.body;
  if (body && Array.isArray(body.errors)) {
    for (const f of body.errors) {
      out[f.field || '_'] = lang === 'en' ? f.message_en : f.message_zh;
    }
  } else if (body && (body.message_zh || body.message_en)) {
    out._ = lang === 'en' ? body.message_en : body.message_zh;
  } else {
    out._ = String((e && e.message) || e);
  }
  return out;
}

function Field({ label, error, id, children }) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${children}
    ${error ? html`<div class="error" id=${id + '-error'} role="alert">${error}</div>` : null}
  </div>`;
}

function Badge({ cell }) {
  const cls = cell.status === 'DONE' ? 'badge ok' : cell.status === 'MISSING' ? 'badge bad' : 'badge warn';
  return html`<span class=${cls}>${cell.text}</span>`;
}

function useLoad(load, deps) {
  const [state, setState] = useState({ loading: true, data: null, error: null });
  const reload = useCallback(() => {
    setState((s) => ({ ...s, loading: true }));
    return load().then((data) => setState({ loading: false, data, error: null }),
      (error) => setState({ loading: false, data: null, error }));
  }, deps);
  useEffect(() => { reload(); }, [reload]);
  return [state, reload];
}

// ---- coverage grid ----

function CoverageTab({ ctx, t, semester }) {
  const [klass, setKlass] = useState('');
  const [state] = useLoad(() => ctx.api('coverage', { query: { semester, ...(klass ? { class: klass } : {}) } }), [semester, klass]);
  const [classes, setClasses] = useState([]);
  useEffect(() => {
    if (state.data && !klass) {
      setClasses(state.data.classes.map((c) => ({ id: c.classId, name: c.className })));
    }
  }, [state.data]);
  const download = async () => {
    const q = new URLSearchParams({ semester, ...(klass ? { class: klass } : {}) });
    const r = await ctx.fetch(`/api/programmes/activities/coverage/export?${q}`);
    if (!r.ok) {
      alert(t.error);
      return;
    }
    const url = URL.createObjectURL(await r.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `activities-${semester}.xlsx`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const g = state.data;
  const name = (i) => (ctx.lang === 'en' ? i.nameEn : i.nameZh);
  return html`<div>
    <div class="activities-bar">
      <${Field} label=${t.class} id="act-class">
        <select id="act-class" value=${klass} onChange=${(e) => setKlass(e.target.value)}>
          <option value="">${t.allClasses}</option>
          ${classes.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
        </select>
      <//>
      <button class="btn" onClick=${download}>${t.export}</button>
    </div>
    ${state.loading && !g ? html`<p class="muted">${t.loading}</p>` : null}
    ${state.error ? html`<p class="error">${fieldErrors(state.error, ctx.lang)._ || t.error}</p>` : null}
    ${g ? html`
      <p class="muted">${t['source.' + g.mentoringSource]} · ${t.legend}</p>
      <div class="grid">
        ${[...g.classes, { ...g.school, className: t.allClasses }].map((s) => html`<div class="card">
          <strong>${s.className || '—'}</strong>
          <div>${t.children}: ${s.children} · ${t.complete}: ${s.complete}</div>
          <div>${t.coverage}: <span class=${s.percent >= 90 ? 'badge ok' : s.percent >= 60 ? 'badge warn' : 'badge bad'}>${s.percent}%</span></div>
        </div>`)}
      </div>
      ${g.rows.length === 0 ? html`<p class="muted">${t.nothing}</p>` : html`
      <div class="activities-scroll">
        <table class="data activities-grid">
          <thead><tr>
            <th scope="col">${t.class}</th>
            <th scope="col" class="activities-sticky">${t.name}</th>
            ${g.items.map((i) => html`<th scope="col" class="activities-item" title=${`${name(i)} (${t.cadences[i.cadence]}; ${i.source || ''})`}>${name(i)}</th>`)}
            <th scope="col">${t.missing}</th>
          </tr></thead>
          <tbody>
            ${g.rows.map((r) => html`<tr>
              <td>${r.className}</td>
              <th scope="row" class="activities-sticky">${r.name}</th>
              ${r.cells.map((c, k) => html`<td class="activities-cell" title=${name(g.items[k]) + (c.last ? ' · ' + c.last : '')}><${Badge} cell=${c} /></td>`)}
              <td>${r.missing}</td>
            </tr>`)}
          </tbody>
        </table>
      </div>`}` : null}
  </div>`;
}

// ---- calendar of activities ----

function monthDays(ym) {
  const [y, m] = ym.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1, 1));
  const shift = (first.getUTCDay() + 6) % 7; // Monday first
  const days = [];
  for (let i = -shift; i < 42 - shift; i++) {
    const d = new Date(Date.UTC(y, m - 1, 1 + i));
    days.push({ iso: d.toISOString().slice(0, 10), inMonth: d.getUTCMonth() === m - 1, day: d.getUTCDate() });
  }
  return days;
}

function CalendarTab({ ctx, t, semester, children }) {
  const [month, setMonth] = useState(today().slice(0, 7));
  const [state, reload] = useLoad(() => {
    const days = monthDays(month);
    return ctx.api('activities', { query: { from: days[0].iso, to: days[days.length - 1].iso } });
  }, [month]);
  const [editing, setEditing] = useState(null);
  const byDay = useMemo(() => {
    const m = {};
    for (const a of (state.data && state.data.items) || []) {
      (m[a.heldOn] = m[a.heldOn] || []).push(a);
    }
    return m;
  }, [state.data]);
  const move = (n) => {
    const [y, m] = month.split('-').map(Number);
    const d = new Date(Date.UTC(y, m - 1 + n, 1));
    setMonth(d.toISOString().slice(0, 7));
  };
  return html`<div>
    <div class="activities-bar">
      <button class="btn" onClick=${() => move(-1)} aria-label=${t.prevMonth}>‹</button>
      <strong aria-live="polite">${month}</strong>
      <button class="btn" onClick=${() => move(1)} aria-label=${t.nextMonth}>›</button>
      <button class="btn primary" onClick=${() => setEditing({ heldOn: today() })}>${t.newActivity}</button>
    </div>
    <div class="activities-cal" role="grid">
      ${t.weekdays.map((w) => html`<div class="muted" role="columnheader">${w}</div>`)}
      ${monthDays(month).map((d) => html`<div role="gridcell"
          class=${'activities-day' + (d.inMonth ? '' : ' activities-out') + (d.iso === today() ? ' activities-today' : '') + (byDay[d.iso] ? ' activities-has' : '')}>
        <button type="button" class="activities-date" onClick=${() => setEditing({ heldOn: d.iso })}
          aria-label=${t.newActivity + ' ' + d.iso}>${d.day}</button>
        ${(byDay[d.iso] || []).map((a) => html`<button type="button" class="activities-event" title=${a.title}
            onClick=${() => setEditing(a)}>${(t.types[a.type] || a.type)}: ${a.title}</button>`)}
      </div>`)}
    </div>
    ${state.data && state.data.items.length ? html`<table class="data">
      <thead><tr><th>${t.heldOn}</th><th>${t.type}</th><th>${t.activityTitle}</th><th>${t.participantCount}</th><th>${t.photos}</th></tr></thead>
      <tbody>${[...state.data.items].filter((a) => a.heldOn.startsWith(month)).reverse().map((a) => html`<tr>
        <td>${a.heldOn}</td><td>${t.types[a.type] || a.type}</td>
        <td><button type="button" class="btn" onClick=${() => setEditing(a)}>${a.title}</button></td>
        <td>${a.participantCount}</td><td>${a.evidence.length}</td></tr>`)}</tbody></table>` : null}
    ${editing ? html`<${ActivityForm} ctx=${ctx} t=${t} activity=${editing} children=${children}
        onDone=${() => { setEditing(null); reload(); }} onCancel=${() => setEditing(null)} />` : null}
  </div>`;
}

function ActivityForm({ ctx, t, activity, children, onDone, onCancel }) {
  const [form, setForm] = useState({
    heldOn: activity.heldOn, type: activity.type || 'LECTURE', title: activity.title || '', organiser: activity.organiser || '',
    atHome: !!activity.atHome, note: activity.note || '', participants: (activity.participants || []).map((p) => p.id),
  });
  const [errors, setErrors] = useState({});
  const [current, setCurrent] = useState(activity.id ? activity : null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.type === 'checkbox' ? e.target.checked : e.target.value });
  const toggle = (id) => setForm({ ...form, participants: form.participants.includes(id)
    ? form.participants.filter((x) => x !== id) : [...form.participants, id] });
  const save = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      const body = { ...form, organiser: form.organiser || null, note: form.note || null };
      const saved = current
        ? await ctx.api(`activities/${current.id}`, { method: 'PUT', body })
        : await ctx.api('activities', { method: 'POST', body });
      setErrors({});
      setCurrent(saved);
      if (current) {
        onDone();
      }
    } catch (err) {
      setErrors(fieldErrors(err, ctx.lang));
    } finally {
      setBusy(false);
    }
  };
  const upload = async (e) => {
    const file = e.target.files[0];
    if (!file || !current) {
      return;
    }
    const r = await ctx.fetch(`/api/programmes/activities/activities/${current.id}/evidence?name=${encodeURIComponent(file.name)}`,
      { method: 'POST', body: file, headers: { 'Content-Type': file.type || 'application/octet-stream' } });
    if (r.ok) {
      const f = await r.json();
      setCurrent({ ...current, evidence: [...(current.evidence || []), f] });
      setErrors({});
    } else {
      setErrors(fieldErrors({ body: await r.json().catch(() => null), message: r.statusText }, ctx.lang));
    }
    e.target.value = '';
  };
  const remove = async () => {
    await ctx.api(`activities/${current.id}`, { method: 'DELETE' });
    onDone();
  };
  const photoUrl = (f) => `/api/programmes/activities/activities/${current.id}/evidence/${f.id}`;
  const openPhoto = async (f) => {
    const r = await ctx.fetch(photoUrl(f));
    if (r.ok) {
      window.open(URL.createObjectURL(await r.blob()), '_blank', 'noopener');
    }
  };
  return html`<form class="card" onSubmit=${save} aria-label=${t.newActivity}>
    <div class="grid">
      <${Field} label=${t.heldOn} id="act-heldOn" error=${errors.heldOn}>
        <input id="act-heldOn" type="date" required value=${form.heldOn} onInput=${set('heldOn')} />
      <//>
      <${Field} label=${t.type} id="act-type" error=${errors.type}>
        <select id="act-type" value=${form.type} onChange=${set('type')}>
          ${Object.entries(t.types).map(([k, v]) => html`<option value=${k}>${v}</option>`)}
        </select>
      <//>
      <${Field} label=${t.activityTitle} id="act-title" error=${errors.title}>
        <input id="act-title" required maxlength="100" value=${form.title} onInput=${set('title')} />
      <//>
      <${Field} label=${t.organiser} id="act-organiser" error=${errors.organiser}>
        <input id="act-organiser" maxlength="100" value=${form.organiser} onInput=${set('organiser')} />
      <//>
    </div>
    <label><input type="checkbox" checked=${form.atHome} onChange=${set('atHome')} /> ${t.atHome}</label>
    <${Field} label=${t.note} id="act-note" error=${errors.note}>
      <textarea id="act-note" maxlength="1000" value=${form.note} onInput=${set('note')}></textarea>
    <//>
    <fieldset>
      <legend>${t.participants} (${form.participants.length})</legend>
      <label><input type="checkbox" checked=${children.length > 0 && form.participants.length >= children.length}
        onChange=${(e) => setForm({ ...form, participants: e.target.checked ? children.map((c) => c.id) : [] })} /> ${t.selectAll}</label>
      <div class="activities-pick">
        ${children.map((c) => html`<label><input type="checkbox" checked=${form.participants.includes(c.id)} onChange=${() => toggle(c.id)} />
          ${c.className ? c.className + ' · ' : ''}${c.name}</label>`)}
      </div>
      ${errors.participants ? html`<div class="error" role="alert">${errors.participants}</div>` : null}
    </fieldset>
    ${current ? html`<fieldset>
      <legend>${t.photos} (${(current.evidence || []).length})</legend>
      ${(current.evidence || []).map((f) => html`<div><button type="button" class="btn" onClick=${() => openPhoto(f)}>${f.fileName}</button>
        <span class="muted"> ${Math.round(f.size / 1024)} KiB</span></div>`)}
      <${Field} label=${t.uploadPhoto} id="act-file" error=${errors.file}>
        <input id="act-file" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" onChange=${upload} />
      <//>
    </fieldset>` : null}
    ${errors._ || errors.body ? html`<p class="error" role="alert">${errors._ || errors.body}</p>` : null}
    <div class="activities-bar">
      <button class="btn primary" type="submit" disabled=${busy}>${t.save}</button>
      <button class="btn" type="button" onClick=${current && !activity.id ? onDone : onCancel}>${t.cancel}</button>
      ${current ? html`<button class="btn" type="button" onClick=${remove}>${t.delete}</button>` : null}
    </div>
  </form>`;
}

// ---- quick entry of a per-child record ----

function QuickTab({ ctx, t, semester, children }) {
  const [child, setChild] = useState(children.length ? String(children[0].id) : '');
  const empty = { kind: 'CALL', occurredOn: today(), counterpart: '', occasion: 'FESTIVAL', minutes: '', scheme: 'LOVING_MOTHER', note: '' };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState({});
  const [done, setDone] = useState('');
  const [state, reload] = useLoad(() => (child ? ctx.api(`children/${child}/records`, { query: { semester } })
    : Promise.resolve({ items: [] })), [child, semester]);
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  const pairing = state.data && state.data.mentoringSource === 'pairing';
  const kinds = Object.keys(t.kinds).filter((k) => !(pairing && k === 'PAIR'));
  const submit = async (e) => {
    e.preventDefault();
    const body = { kind: form.kind, occurredOn: form.occurredOn };
    if (form.counterpart) body.counterpart = form.counterpart;
    if (form.note) body.note = form.note;
    if (form.kind === 'LETTER') body.occasion = form.occasion;
    if ((form.kind === 'CALL' || form.kind === 'VIDEO_CALL') && form.minutes !== '') body.minutes = Number(form.minutes);
    if (form.kind === 'PAIR' || (form.kind === 'TALK' && !pairing && form.scheme)) body.scheme = form.scheme;
    try {
      await ctx.api(`children/${child}/records`, { method: 'POST', body });
      setErrors({});
      setDone(t.recorded);
      setForm({ ...empty, kind: form.kind, occurredOn: form.occurredOn });
      reload();
    } catch (err) {
      setDone('');
      setErrors(fieldErrors(err, ctx.lang));
    }
  };
  const remove = async (r) => {
    await ctx.api(`children/${child}/records/${r.id}`, { method: 'DELETE' });
    reload();
  };
  return html`<div>
    <form class="card" onSubmit=${submit} aria-label=${t['tabs.quick']}>
      <div class="grid">
        <${Field} label=${t.child} id="q-child">
          <select id="q-child" value=${child} onChange=${(e) => setChild(e.target.value)}>
            ${children.map((c) => html`<option value=${c.id}>${c.className ? c.className + ' · ' : ''}${c.name}</option>`)}
          </select>
        <//>
        <${Field} label=${t.kind} id="q-kind" error=${errors.kind}>
          <select id="q-kind" value=${form.kind} onChange=${set('kind')}>
            ${kinds.map((k) => html`<option value=${k}>${t.kinds[k]}</option>`)}
          </select>
        <//>
        <${Field} label=${form.kind === 'PAIR' ? t.start : t.occurredOn} id="q-date" error=${errors.occurredOn}>
          <input id="q-date" type="date" required max=${today()} value=${form.occurredOn} onInput=${set('occurredOn')} />
        <//>
        <${Field} label=${t.counterpart} id="q-counterpart" error=${errors.counterpart}>
          <input id="q-counterpart" maxlength="100" value=${form.counterpart} onInput=${set('counterpart')} />
        <//>
        ${form.kind === 'LETTER' ? html`<${Field} label=${t.occasion} id="q-occasion" error=${errors.occasion}>
          <select id="q-occasion" value=${form.occasion} onChange=${set('occasion')}>
            ${Object.entries(t.occasions).map(([k, v]) => html`<option value=${k}>${v}</option>`)}
          </select><//>` : null}
        ${form.kind === 'CALL' || form.kind === 'VIDEO_CALL' ? html`<${Field} label=${t.minutes} id="q-minutes" error=${errors.minutes}>
          <input id="q-minutes" type="number" min="0" max="600" value=${form.minutes} onInput=${set('minutes')} /><//>` : null}
        ${form.kind === 'PAIR' || (form.kind === 'TALK' && !pairing) ? html`<${Field} label=${t.scheme} id="q-scheme" error=${errors.scheme}>
          <select id="q-scheme" value=${form.scheme} onChange=${set('scheme')}>
            ${form.kind === 'TALK' ? html`<option value="">—</option>` : null}
            ${Object.entries(t.schemes).map(([k, v]) => html`<option value=${k}>${v}</option>`)}
          </select><//>` : null}
        <${Field} label=${t.note} id="q-note" error=${errors.note}>
          <input id="q-note" maxlength="500" value=${form.note} onInput=${set('note')} />
        <//>
      </div>
      ${errors._ ? html`<p class="error" role="alert">${errors._}</p>` : null}
      <button class="btn primary" type="submit" disabled=${!child}>${t.record}</button>
      <span class="activities-ok" aria-live="polite"> ${done}</span>
    </form>
    <h3>${t.recent}</h3>
    ${state.data && state.data.items.length ? html`<table class="data">
      <thead><tr><th>${t.occurredOn}</th><th>${t.kind}</th><th>${t.counterpart}</th><th>${t.note}</th><th></th></tr></thead>
      <tbody>${state.data.items.map((r) => html`<tr>
        <td>${r.occurredOn}${r.untilOn ? ' – ' + r.untilOn : ''}</td>
        <td>${t.kinds[r.kind] || r.kind}${r.scheme ? ' · ' + t.schemes[r.scheme] : ''}${r.occasion ? ' · ' + t.occasions[r.occasion] : ''}</td>
        <td>${r.counterpart || ''}${r.minutes != null ? ` (${r.minutes}′)` : ''}</td>
        <td>${r.note || ''}</td>
        <td><button class="btn" onClick=${() => remove(r)}>${t.delete}</button></td>
      </tr>`)}</tbody></table>` : html`<p class="muted">${t.nothing}</p>`}
  </div>`;
}

// ---- 留守儿童之家 ----

function HomeTab({ ctx, t, semester }) {
  const [state, reload] = useLoad(() => ctx.api('home', { query: { semester } }), [semester]);
  const [home, setHome] = useState(null);
  const [res, setRes] = useState({ kind: 'PHONE', name: '', quantity: 1 });
  const [errors, setErrors] = useState({});
  const [resErrors, setResErrors] = useState({});
  const [saved, setSaved] = useState('');
  useEffect(() => {
    if (state.data) {
      const h = state.data.home || {};
      setHome({ name: h.name || '留守儿童之家', openedOn: h.openedOn || '', manager: h.manager || '', note: h.note || '' });
    }
  }, [state.data]);
  const saveHome = async (e) => {
    e.preventDefault();
    try {
      await ctx.api('home', { method: 'PUT', body: { ...home, openedOn: home.openedOn || null, manager: home.manager || null,
        note: home.note || null } });
      setErrors({});
      setSaved(t.saved);
      reload();
    } catch (err) {
      setErrors(fieldErrors(err, ctx.lang));
    }
  };
  const addResource = async (e) => {
    e.preventDefault();
    try {
      await ctx.api('home/resources', { method: 'POST', body: { ...res, quantity: Number(res.quantity) } });
      setResErrors({});
      setRes({ kind: 'PHONE', name: '', quantity: 1 });
      reload();
    } catch (err) {
      setResErrors(fieldErrors(err, ctx.lang));
    }
  };
  const removeResource = async (r) => {
    try {
      await ctx.api(`home/resources/${r.id}`, { method: 'DELETE' });
      reload();
    } catch (err) {
      setResErrors(fieldErrors(err, ctx.lang));
    }
  };
  if (!state.data || !home) {
    return html`<p class="muted">${t.loading}</p>`;
  }
  const hs = (k) => (e) => setHome({ ...home, [k]: e.target.value });
  return html`<div>
    <form class="card" onSubmit=${saveHome}>
      <div class="grid">
        <${Field} label=${t.homeName} id="h-name" error=${errors.name}><input id="h-name" required maxlength="100" value=${home.name} onInput=${hs('name')} /><//>
        <${Field} label=${t.openedOn} id="h-opened" error=${errors.openedOn}><input id="h-opened" type="date" value=${home.openedOn} onInput=${hs('openedOn')} /><//>
        <${Field} label=${t.manager} id="h-manager" error=${errors.manager}><input id="h-manager" maxlength="100" value=${home.manager} onInput=${hs('manager')} /><//>
        <${Field} label=${t.note} id="h-note" error=${errors.note}><input id="h-note" maxlength="500" value=${home.note} onInput=${hs('note')} /><//>
      </div>
      ${errors._ ? html`<p class="error" role="alert">${errors._}</p>` : null}
      <button class="btn primary" type="submit">${t.save}</button> <span class="activities-ok" aria-live="polite">${saved}</span>
    </form>
    <h3>${t.resources}</h3>
    <table class="data">
      <thead><tr><th>${t.type}</th><th>${t.homeName}</th><th>${t.quantity}</th><th></th></tr></thead>
      <tbody>${state.data.resources.map((r) => html`<tr><td>${t.resourceKinds[r.kind] || r.kind}</td><td>${r.name}</td><td>${r.quantity}</td>
        <td><button class="btn" onClick=${() => removeResource(r)}>${t.delete}</button></td></tr>`)}</tbody>
    </table>
    <form class="activities-bar" onSubmit=${addResource}>
      <${Field} label=${t.type} id="r-kind" error=${resErrors.kind}>
        <select id="r-kind" value=${res.kind} onChange=${(e) => setRes({ ...res, kind: e.target.value })}>
          ${Object.entries(t.resourceKinds).map(([k, v]) => html`<option value=${k}>${v}</option>`)}
        </select><//>
      <${Field} label=${t.homeName} id="r-name" error=${resErrors.name}><input id="r-name" maxlength="100" value=${res.name} onInput=${(e) => setRes({ ...res, name: e.target.value })} /><//>
      <${Field} label=${t.quantity} id="r-qty" error=${resErrors.quantity}><input id="r-qty" type="number" min="0" value=${res.quantity} onInput=${(e) => setRes({ ...res, quantity: e.target.value })} /><//>
      <button class="btn" type="submit">${t.add}</button>
      ${resErrors._ ? html`<span class="error" role="alert">${resErrors._}</span>` : null}
    </form>
    <h3>${t.ledger}</h3>
    ${state.data.ledger.length ? html`<table class="data">
      <thead><tr><th>${t.heldOn}</th><th>${t.type}</th><th>${t.activityTitle}</th><th>${t.participantCount}</th><th>${t.photos}</th></tr></thead>
      <tbody>${state.data.ledger.map((a) => html`<tr><td>${a.heldOn}</td><td>${t.types[a.type] || a.type}</td><td>${a.title}</td>
        <td>${a.participantCount}</td><td>${a.evidence.length}</td></tr>`)}</tbody></table>` : html`<p class="muted">${t.nothing}</p>`}
  </div>`;
}

// ---- settings: checklist, semesters, reminders ----

function SettingsTab({ ctx, t, semesters, onSemesters }) {
  const [state, reload] = useLoad(() => Promise.all([ctx.api('checklist'), ctx.api('settings'), ctx.api('reminders')])
    .then(([checklist, settings, reminders]) => ({ checklist, settings, reminders })), []);
  const [errors, setErrors] = useState({});
  const [weeks, setWeeks] = useState('');
  const [dates, setDates] = useState({});
  const [msg, setMsg] = useState('');
  useEffect(() => { if (state.data) setWeeks(String(state.data.settings.reminderWeeks)); }, [state.data]);
  const run = async (key, f) => {
    try {
      await f();
      setErrors({});
      setMsg(t.saved);
      reload();
    } catch (err) {
      setMsg('');
      setErrors({ [key]: fieldErrors(err, ctx.lang) });
    }
  };
  if (!state.data) {
    return html`<p class="muted">${state.error ? fieldErrors(state.error, ctx.lang)._ : t.loading}</p>`;
  }
  const err = (key, field) => errors[key] && (errors[key][field] || errors[key]._);
  const name = (i) => (ctx.lang === 'en' ? i.nameEn : i.nameZh);
  return html`<div>
    <p class="activities-ok" aria-live="polite">${msg}</p>
    <section class="card">
      <h3>${t.checklist}</h3>
      <div class="activities-bar">
        ${state.data.checklist.variants.map((v) => html`<span>
          <button class="btn" onClick=${() => run('variant', () => ctx.api('checklist/variants', { method: 'POST', body: { variant: v, replace: true } }))}>${t.switchTo} ${t.variants[v]}</button>
          <button class="btn" onClick=${() => run('variant', () => ctx.api('checklist/variants', { method: 'POST', body: { variant: v, replace: false } }))}>${t.addVariant} ${t.variants[v]}</button>
        </span>`)}
      </div>
      ${err('variant', 'variant') ? html`<p class="error" role="alert">${err('variant', 'variant')}</p>` : null}
      <table class="data">
        <thead><tr><th>${t.active}</th><th>${t.checklist}</th><th>${t.cadence}</th><th>${t.sourceLine}</th></tr></thead>
        <tbody>${state.data.checklist.items.map((i) => html`<tr>
          <td><input type="checkbox" aria-label=${name(i)} checked=${i.active}
            onChange=${(e) => run('item', () => ctx.api(`checklist/items/${i.code}`, { method: 'PUT', body: { active: e.target.checked } }))} /></td>
          <td>${name(i)} <span class="muted">${t.variants[i.variant]}</span></td>
          <td>${t.cadences[i.cadence]}${i.times > 1 ? ' ×' + i.times : ''}</td>
          <td class="muted">${i.source || ''}</td></tr>`)}</tbody>
      </table>
      ${err('item', 'active') ? html`<p class="error" role="alert">${err('item', 'active')}</p>` : null}
    </section>
    <section class="card">
      <h3>${t.semesters}</h3>
      <table class="data"><thead><tr><th>${t.semester}</th><th>${t.start}</th><th>${t.end}</th><th></th></tr></thead>
        <tbody>${semesters.map((s) => {
          const d = dates[s.id] || { start: s.start, end: s.end };
          const setD = (k) => (e) => setDates({ ...dates, [s.id]: { ...d, [k]: e.target.value } });
          return html`<tr>
            <td>${ctx.lang === 'en' ? s.labelEn : s.labelZh} <span class="muted">${s.configured ? t.configured : t.default}</span></td>
            <td><input type="date" aria-label=${t.start} value=${d.start} onInput=${setD('start')} />
              ${err(s.id, 'start') ? html`<div class="error" role="alert">${err(s.id, 'start')}</div>` : null}</td>
            <td><input type="date" aria-label=${t.end} value=${d.end} onInput=${setD('end')} />
              ${err(s.id, 'end') ? html`<div class="error" role="alert">${err(s.id, 'end')}</div>` : null}</td>
            <td><button class="btn" onClick=${() => run(s.id, async () => { await ctx.api(`semesters/${s.id}`, { method: 'PUT', body: d }); onSemesters(); })}>${t.save}</button></td>
          </tr>`;
        })}</tbody></table>
    </section>
    <section class="card">
      <h3>${t.reminders}</h3>
      <${Field} label=${t.reminderWeeks} id="s-weeks" error=${err('weeks', 'reminderWeeks')}>
        <input id="s-weeks" type="number" min="0" max="20" value=${weeks} onInput=${(e) => setWeeks(e.target.value)} />
      <//>
      <button class="btn" onClick=${() => run('weeks', () => ctx.api('settings', { method: 'PUT', body: { reminderWeeks: Number(weeks) } }))}>${t.save}</button>
      <button class="btn" onClick=${() => run('check', () => ctx.api('reminders/check', { method: 'POST' }))}>${t.checkReminder}</button>
      <p class="muted">${t.remindFrom}: ${state.data.reminders.remindFrom}</p>
      ${state.data.reminders.posted.length ? html`<p>${t.posted}: ${state.data.reminders.posted.map((p) => p.semesterStart + ' (' + p.childrenWithGaps + ')').join(', ')}</p>` : null}
    </section>
  </div>`;
}

function Page({ ctx, t }) {
  const [tab, setTab] = useState('coverage');
  const [sem, reloadSem] = useLoad(() => ctx.api('semesters'), []);
  const [semester, setSemester] = useState(null);
  useEffect(() => { if (sem.data && !semester) setSemester(sem.data.current); }, [sem.data]);
  // the children the caller may see, from this semester's grid (class and name), for pickers
  const [kids] = useLoad(() => (semester ? ctx.api('coverage', { query: { semester } }) : Promise.resolve(null)), [semester]);
  const children = useMemo(() => (kids.data ? kids.data.rows.map((r) => ({ id: r.childId, name: r.name, className: r.className })) : []), [kids.data]);
  const tabs = ['coverage', 'calendar', 'quick', 'home', 'settings'];
  if (sem.error) {
    return html`<p class="error">${fieldErrors(sem.error, ctx.lang)._}</p>`;
  }
  if (!sem.data || !semester) {
    return html`<p class="muted">${t.loading}</p>`;
  }
  return html`<div class="activities">
    <h2>${t.title}</h2>
    <div class="activities-bar">
      <${Field} label=${t.semester} id="act-semester">
        <select id="act-semester" value=${semester} onChange=${(e) => setSemester(e.target.value)}>
          ${sem.data.items.map((s) => html`<option value=${s.id}>${ctx.lang === 'en' ? s.labelEn : s.labelZh} (${s.start} – ${s.end})</option>`)}
        </select>
      <//>
    </div>
    <div class="activities-tabs" role="tablist">
      ${tabs.map((k) => html`<button class="btn" role="tab" aria-selected=${tab === k ? 'true' : 'false'} onClick=${() => setTab(k)}>${t['tabs.' + k]}</button>`)}
    </div>
    <div role="tabpanel">
      ${tab === 'coverage' ? html`<${CoverageTab} ctx=${ctx} t=${t} semester=${semester} />` : null}
      ${tab === 'calendar' ? html`<${CalendarTab} ctx=${ctx} t=${t} semester=${semester} children=${children} />` : null}
      ${tab === 'quick' ? html`<${QuickTab} ctx=${ctx} t=${t} semester=${semester} children=${children} />` : null}
      ${tab === 'home' ? html`<${HomeTab} ctx=${ctx} t=${t} semester=${semester} />` : null}
      ${tab === 'settings' ? html`<${SettingsTab} ctx=${ctx} t=${t} semesters=${sem.data.items} onSemesters=${reloadSem} />` : null}
    </div>
  </div>`;
}

export async function render(root, ctx) {
  const lang = ctx.lang === 'en' ? 'en' : 'zh';
  const t = await (await fetch(new URL(`i18n/${lang}.json`, import.meta.url))).json();
  if (!document.querySelector('link[data-activities-css]')) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL('activities.css', import.meta.url).href;
    link.dataset.activitiesCss = '1';
    document.head.append(link);
  }
  mount(html`<${Page} ctx=${{ ...ctx, lang }} t=${t} />`, root);
  return () => mount(null, root);
}
