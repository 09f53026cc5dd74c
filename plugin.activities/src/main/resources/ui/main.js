// 九个一 activities page. The console imports this module and calls render(root, ctx) (see the console contract):
// ctx.api(path, {method, body, query}) for JSON under /api/programmes/activities/, ctx.fetch for uploads and downloads.
// The console kit (/console/lib/kit.js) gives the strings (t), loading, fields with the API's errors, tables and tabs.
import { html, useState, useEffect, useMemo } from '/console/lib/preact.js';
import { programmePage, useLoad, Loaded, ErrorBox, Field, useSave, SaveStatus, Table, Pager, Tabs, chinaToday, errorText, readJson,
  saveFile } from '/console/lib/kit.js';

const TABS = ['coverage', 'calendar', 'quick', 'home', 'settings'];

function Badge({ cell }) {
  const cls = cell.status === 'DONE' ? 'badge ok' : cell.status === 'MISSING' ? 'badge bad' : 'badge warn';
  return html`<span class=${cls}>${cell.text}</span>`;
}

/** A code of the API in words from the page's strings (`types.LECTURE`), or the code when the page does not know it. */
const word = (t, group, code) => t.or(`${group}.${code}`, code);

// ---- coverage grid ----

// the grid's rows a page at a time (the summaries above it are the whole school's or class's)
const GRID_PAGE = 50;

function CoverageTab({ ctx, t, semester }) {
  const [klass, setKlass] = useState(null);
  const [page, setPage] = useState(0);
  useEffect(() => setPage(0), [semester, klass]);
  const grid = useLoad(() => ctx.api('coverage', { query: { semester, page, size: GRID_PAGE, ...(klass ? { class: klass } : {}) } }),
    [semester, klass, page]);
  const [classes, setClasses] = useState([]);
  const [error, setError] = useState(null);
  useEffect(() => {
    if (grid.data && !klass) {
      setClasses(grid.data.classes.map((c) => [c.classId, c.className]));
    }
  }, [grid.data]);
  const download = async () => {
    setError(null);
    try {
      const q = new URLSearchParams({ semester, ...(klass ? { class: klass } : {}) });
      await saveFile(await ctx.fetch(`/api/programmes/activities/coverage/export?${q}`), `activities-${semester}.xlsx`);
    } catch (e) {
      setError(e);
    }
  };
  const name = (i) => (ctx.lang === 'en' ? i.nameEn : i.nameZh);
  return html`<div>
    <div class="toolbar">
      <${Field} name="class" id="act-class" type="select" label=${t('class')} empty=${t('allClasses')} value=${klass} onInput=${setKlass}
        options=${classes} />
      <button type="button" class="btn toolbar-actions" onClick=${download}>${t('export')}</button>
    </div>
    <${ErrorBox} error=${error} t=${t} />
    <${Loaded} state=${grid} t=${t}>${(g) => html`
      <p class="muted">${t('source.' + g.mentoringSource)} · ${t('legend')}</p>
      <div class="grid">
        ${[...g.classes, { ...g.school, className: t('allClasses') }].map((s) => html`<div class="card">
          <strong>${s.className || '—'}</strong>
          <div>${t('children')}: ${s.children} · ${t('complete')}: ${s.complete}</div>
          <div>${t('coverage')}: <span class=${s.percent >= 90 ? 'badge ok' : s.percent >= 60 ? 'badge warn' : 'badge bad'}>${s.percent}%</span></div>
        </div>`)}
      </div>
      <${Table} id="activities-grid" className="activities-grid" rows=${g.rows} rowKey=${(r) => r.childId} empty=${t('nothing')} columns=${[
        { key: 'name', label: t('name'), className: 'activities-sticky', cell: (r) => r.name },
        { key: 'class', label: t('class'), cell: (r) => r.className },
        ...g.items.map((item, k) => ({ key: 'item-' + item.code, label: name(item), className: 'activities-item',
          cell: (r) => html`<span title=${name(item) + (r.cells[k].last ? ' · ' + r.cells[k].last : '')}><${Badge} cell=${r.cells[k]} /></span>` })),
        { key: 'missing', label: t('missing'), cell: (r) => r.missing },
      ]} />
      <${Pager} t=${t} page=${g.page} size=${g.size} total=${g.total} onPage=${setPage} />`}<//>
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

function ActivityList({ t, items, onOpen }) {
  return html`<${Table} rows=${items} rowKey=${(a) => a.id} columns=${[
    { key: 'title', label: t('activityTitle'), cell: (a) => (onOpen ? html`<button type="button" class="btn small" onClick=${() => onOpen(a)}>${a.title}</button>` : a.title) },
    { key: 'heldOn', label: t('heldOn'), cell: (a) => a.heldOn },
    { key: 'type', label: t('type'), cell: (a) => word(t, 'types', a.type) },
    { key: 'participants', label: t('participantCount'), cell: (a) => a.participantCount },
    { key: 'photos', label: t('photos'), cell: (a) => a.evidence.length },
  ]} />`;
}

function CalendarTab({ ctx, t, children }) {
  const today = chinaToday();
  const [month, setMonth] = useState(today.slice(0, 7));
  const list = useLoad(() => {
    const days = monthDays(month);
    return ctx.api('activities', { query: { from: days[0].iso, to: days[days.length - 1].iso } });
  }, [month]);
  const [editing, setEditing] = useState(null);
  const byDay = useMemo(() => {
    const m = {};
    for (const a of (list.data && list.data.items) || []) {
      (m[a.heldOn] = m[a.heldOn] || []).push(a);
    }
    return m;
  }, [list.data]);
  const move = (n) => {
    const [y, m] = month.split('-').map(Number);
    setMonth(new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7));
  };
  const inMonth = ((list.data && list.data.items) || []).filter((a) => a.heldOn.startsWith(month)).reverse();
  return html`<div>
    <div class="toolbar">
      <button type="button" class="btn" onClick=${() => move(-1)} aria-label=${t('prevMonth')}>‹</button>
      <strong aria-live="polite">${month}</strong>
      <button type="button" class="btn" onClick=${() => move(1)} aria-label=${t('nextMonth')}>›</button>
      <button type="button" class="btn primary" onClick=${() => setEditing({ heldOn: today })}>${t('newActivity')}</button>
    </div>
    <${ErrorBox} error=${list.error} t=${t} />
    <div class="activities-cal" role="grid">
      ${t.list('weekdays').map((w) => html`<div class="muted" role="columnheader">${w}</div>`)}
      ${monthDays(month).map((d) => html`<div role="gridcell"
          class=${'activities-day' + (d.inMonth ? '' : ' activities-out') + (d.iso === today ? ' activities-today' : '') + (byDay[d.iso] ? ' activities-has' : '')}>
        <button type="button" class="activities-date" onClick=${() => setEditing({ heldOn: d.iso })}
          aria-label=${t('newActivity') + ' ' + d.iso}>${d.day}</button>
        ${(byDay[d.iso] || []).map((a) => html`<button type="button" class="activities-event" title=${a.title}
            onClick=${() => setEditing(a)}>${word(t, 'types', a.type)}: ${a.title}</button>`)}
      </div>`)}
    </div>
    ${inMonth.length ? html`<${ActivityList} t=${t} items=${inMonth} onOpen=${setEditing} />` : null}
    ${editing ? html`<${ActivityForm} key=${editing.id || editing.heldOn} ctx=${ctx} t=${t} activity=${editing} children=${children}
        onDone=${() => { setEditing(null); list.reload(); }} onCancel=${() => setEditing(null)} />` : null}
  </div>`;
}

// Photos as phones take them (5 MB and more) are made smaller in the browser before they are sent: long edge 1600 px,
// JPEG, white behind what was transparent. A PDF goes as it is; any other file is refused here, in words.
const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];
const SHRINK_EDGE = 1600;

async function shrink(file) {
  if (!file.type.startsWith('image/')) {
    return file;
  }
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, SHRINK_EDGE / Math.max(bitmap.width, bitmap.height));
  if (scale === 1 && file.size <= 1024 * 1024) {
    bitmap.close();
    return file;
  }
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  return new File([blob], file.name.replace(/\.[^.]*$/, '') + '.jpg', { type: 'image/jpeg' });
}

function sizeText(bytes) {
  return bytes >= 1024 * 1024 ? (bytes / 1024 / 1024).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
}

function ActivityForm({ ctx, t, activity, children, onDone, onCancel }) {
  const [form, setForm] = useState({
    heldOn: activity.heldOn, type: activity.type || 'LECTURE', title: activity.title || '', organiser: activity.organiser || '',
    atHome: !!activity.atHome, note: activity.note || '', participants: (activity.participants || []).map((p) => p.id),
  });
  const [current, setCurrent] = useState(activity.id ? activity : null);
  const save = useSave(t);
  const upload = useSave(t);
  const set = (k) => (v) => setForm((f) => ({ ...f, [k]: v }));
  const toggle = (id) => set('participants')(form.participants.includes(id)
    ? form.participants.filter((x) => x !== id) : [...form.participants, id]);
  const submit = (e) => {
    e.preventDefault();
    save.run(async () => {
      const body = { ...form, organiser: form.organiser || null, note: form.note || null };
      const saved = current
        ? await ctx.api(`activities/${current.id}`, { method: 'PUT', body })
        : await ctx.api('activities', { method: 'POST', body });
      setCurrent(saved);
      if (current) {
        onDone();
      }
    });
  };
  const [stage, setStage] = useState(null); // what the photo upload is doing, or why it cannot
  const addPhoto = (e) => {
    const picked = e.target.files[0];
    e.target.value = '';
    if (!picked || !current) {
      return;
    }
    if (!UPLOAD_TYPES.includes(picked.type)) {
      setStage({ error: t('photoFormat', { name: picked.name }) });
      return;
    }
    upload.run(async () => {
      try {
        setStage({ text: t('photoShrinking') });
        const file = await shrink(picked);
        const text = t('photoUploading', { size: sizeText(file.size) });
        setStage({ text, progress: 0 });
        const url = `/api/programmes/activities/activities/${current.id}/evidence?name=${encodeURIComponent(file.name)}`;
        const init = { method: 'POST', body: file, headers: { 'Content-Type': file.type || 'application/octet-stream' } };
        // with its progress where the console offers uploads that report it (ctx.upload), else a plain fetch
        const added = await readJson(await (ctx.upload
          ? ctx.upload(url, { ...init, onProgress: (loaded, total) => setStage({ text, progress: total ? loaded / total : null }) })
          : ctx.fetch(url, init)));
        setCurrent((c) => ({ ...c, evidence: [...(c.evidence || []), added] }));
      } finally {
        setStage(null);
      }
    });
  };
  const remove = () => save.run(async () => {
    await ctx.api(`activities/${current.id}`, { method: 'DELETE' });
    onDone();
  });
  const openPhoto = async (f) => {
    const r = await ctx.fetch(`/api/programmes/activities/activities/${current.id}/evidence/${f.id}`);
    if (r.ok) {
      window.open(URL.createObjectURL(await r.blob()), '_blank', 'noopener');
    }
  };
  const e = save.errors;
  return html`<form class="card" onSubmit=${submit} novalidate aria-label=${t('newActivity')}>
    <${SaveStatus} save=${save} t=${t} shown=${['heldOn', 'type', 'title', 'organiser', 'note', 'participants', 'atHome']} />
    <div class="form-grid">
      <${Field} name="heldOn" id="act-heldOn" type="date" required label=${t('heldOn')} value=${form.heldOn} onInput=${set('heldOn')} error=${e.heldOn} />
      <${Field} name="type" id="act-type" type="select" required label=${t('type')} value=${form.type} onInput=${set('type')} error=${e.type}
        options=${t.entries('types')} />
      <${Field} name="title" id="act-title" required label=${t('activityTitle')} value=${form.title} onInput=${set('title')} error=${e.title}
        attrs=${{ maxlength: 100 }} />
      <${Field} name="organiser" id="act-organiser" label=${t('organiser')} value=${form.organiser} onInput=${set('organiser')}
        error=${e.organiser} attrs=${{ maxlength: 100 }} />
    </div>
    <${Field} name="atHome" type="checkbox" label=${t('atHome')} value=${form.atHome} onInput=${set('atHome')} error=${e.atHome} />
    <${Field} name="note" id="act-note" type="textarea" label=${t('note')} value=${form.note} onInput=${set('note')} error=${e.note}
      attrs=${{ maxlength: 1000 }} />
    <fieldset class=${'field' + (e.participants ? ' invalid' : '')}>
      <legend class="label">${t('participants')} (${form.participants.length})</legend>
      <label><input type="checkbox" checked=${children.length > 0 && form.participants.length >= children.length}
        onChange=${(ev) => set('participants')(ev.target.checked ? children.map((c) => c.id) : [])} /> ${t('selectAll')}</label>
      <div class="activities-pick">
        ${children.map((c) => html`<label><input type="checkbox" checked=${form.participants.includes(c.id)} onChange=${() => toggle(c.id)} />
          ${c.className ? c.className + ' · ' : ''}${c.name}</label>`)}
      </div>
      ${e.participants ? html`<span class="error" role="alert">${e.participants}</span>` : null}
    </fieldset>
    ${current ? html`<fieldset class="field">
      <legend class="label">${t('photos')} (${(current.evidence || []).length})</legend>
      ${(current.evidence || []).map((f) => html`<div><button type="button" class="btn small" onClick=${() => openPhoto(f)}>${f.fileName}</button>
        <span class="muted"> ${sizeText(f.size)}</span></div>`)}
      ${stage && stage.text ? html`<p class="muted" role="status" id="act-file-stage">${stage.text}
        ${'progress' in stage ? html`<progress id="act-file-progress" class="activities-progress" max="1" value=${stage.progress ?? undefined}
          aria-label=${t('uploadProgress')}>${stage.progress == null ? '' : Math.round(stage.progress * 100) + '%'}</progress>` : null}</p>` : null}
      <${Field} name="file" id="act-file" label=${t('uploadPhoto')}
        error=${(stage && stage.error) || upload.errors.file || (upload.error ? errorText(upload.error, t.lang) : null)}>
        ${(attrs) => html`<input ...${attrs} type="file" accept="image/jpeg,image/png,image/webp,application/pdf" onChange=${addPhoto} />`}
      <//>
    </fieldset>` : null}
    <div class="actions">
      <button class="btn primary" type="submit" disabled=${save.busy}>${t('save')}</button>
      <button class="btn" type="button" onClick=${current && !activity.id ? onDone : onCancel}>${t('cancel')}</button>
      ${current ? html`<button class="btn danger" type="button" onClick=${remove}>${t('delete')}</button>` : null}
    </div>
  </form>`;
}

// ---- quick entry of a per-child record ----

function QuickTab({ ctx, t, semester, children }) {
  const [picked, setPicked] = useState(null);
  const child = picked || (children.length ? String(children[0].id) : null);
  const empty = { kind: 'CALL', occurredOn: chinaToday(), counterpart: '', occasion: 'FESTIVAL', minutes: '', scheme: 'LOVING_MOTHER', note: '' };
  const [form, setForm] = useState(empty);
  const save = useSave(t);
  const records = useLoad(() => (child ? ctx.api(`children/${child}/records`, { query: { semester } })
    : Promise.resolve({ items: [] })), [child, semester]);
  const set = (k) => (v) => setForm((f) => ({ ...f, [k]: v ?? '' }));
  const pairing = records.data && records.data.mentoringSource === 'pairing';
  const kinds = t.entries('kinds').filter(([k]) => !(pairing && k === 'PAIR'));
  const call = form.kind === 'CALL' || form.kind === 'VIDEO_CALL';
  const scheme = form.kind === 'PAIR' || (form.kind === 'TALK' && !pairing);
  const submit = (e) => {
    e.preventDefault();
    const body = { kind: form.kind, occurredOn: form.occurredOn };
    if (form.counterpart) body.counterpart = form.counterpart;
    if (form.note) body.note = form.note;
    if (form.kind === 'LETTER') body.occasion = form.occasion;
    if (call && form.minutes !== '') body.minutes = Number(form.minutes);
    if (form.kind === 'PAIR' || (form.kind === 'TALK' && !pairing && form.scheme)) body.scheme = form.scheme;
    save.run(async () => {
      await ctx.api(`children/${child}/records`, { method: 'POST', body });
      setForm({ ...empty, kind: form.kind, occurredOn: form.occurredOn });
      records.reload();
    });
  };
  const remove = (r) => save.run(async () => {
    await ctx.api(`children/${child}/records/${r.id}`, { method: 'DELETE' });
    records.reload();
  });
  const e = save.errors;
  return html`<div>
    <form class="card" onSubmit=${submit} novalidate aria-label=${t('tabs.quick')}>
      <${SaveStatus} save=${save} t=${t} doneText=${t('recorded')}
        shown=${['kind', 'occurredOn', 'counterpart', 'occasion', 'minutes', 'scheme', 'note']} />
      <div class="form-grid">
        <${Field} name="child" id="q-child" type="select" required label=${t('child')} value=${child} onInput=${setPicked}
          options=${children.map((c) => [String(c.id), (c.className ? c.className + ' · ' : '') + c.name])} />
        <${Field} name="kind" id="q-kind" type="select" required label=${t('kind')} value=${form.kind} onInput=${set('kind')} error=${e.kind}
          options=${kinds} />
        <${Field} name="occurredOn" id="q-date" type="date" required label=${form.kind === 'PAIR' ? t('start') : t('occurredOn')}
          value=${form.occurredOn} onInput=${set('occurredOn')} error=${e.occurredOn} attrs=${{ max: chinaToday() }} />
        <${Field} name="counterpart" id="q-counterpart" label=${t('counterpart')} value=${form.counterpart} onInput=${set('counterpart')}
          error=${e.counterpart} attrs=${{ maxlength: 100 }} />
        ${form.kind === 'LETTER' ? html`<${Field} name="occasion" id="q-occasion" type="select" required label=${t('occasion')}
          value=${form.occasion} onInput=${set('occasion')} error=${e.occasion} options=${t.entries('occasions')} />` : null}
        ${call ? html`<${Field} name="minutes" id="q-minutes" type="number" label=${t('minutes')} value=${form.minutes} onInput=${set('minutes')}
          error=${e.minutes} attrs=${{ min: 0, max: 600 }} />` : null}
        ${scheme ? html`<${Field} name="scheme" id="q-scheme" type="select" required=${form.kind !== 'TALK'} label=${t('scheme')}
          value=${form.scheme} onInput=${set('scheme')} error=${e.scheme} options=${t.entries('schemes')} />` : null}
        <${Field} name="note" id="q-note" label=${t('note')} value=${form.note} onInput=${set('note')} error=${e.note} attrs=${{ maxlength: 500 }} />
      </div>
      <button class="btn primary" type="submit" disabled=${!child || save.busy}>${t('record')}</button>
    </form>
    <h3>${t('recent')}</h3>
    <${Loaded} state=${records} t=${t}>${(data) => html`<${Table} id="activities-records" rows=${data.items} rowKey=${(r) => r.id}
      empty=${t('nothing')} columns=${[
        { key: 'kind', label: t('kind'), cell: (r) => `${word(t, 'kinds', r.kind)}${r.scheme ? ' · ' + word(t, 'schemes', r.scheme) : ''}${r.occasion ? ' · ' + word(t, 'occasions', r.occasion) : ''}` },
        { key: 'occurredOn', label: t('occurredOn'), cell: (r) => `${r.occurredOn}${r.untilOn ? ' – ' + r.untilOn : ''}` },
        { key: 'counterpart', label: t('counterpart'), cell: (r) => `${r.counterpart || ''}${r.minutes != null ? ` (${r.minutes}′)` : ''}` },
        { key: 'note', label: t('note'), cell: (r) => r.note || '' },
        { key: 'delete', label: t('delete'), hideLabel: true, cell: (r) => html`<button type="button" class="btn small danger" onClick=${() => remove(r)}>${t('delete')}</button>` },
      ]} />`}<//>
  </div>`;
}

// ---- 留守儿童之家 ----

function HomeTab({ ctx, t, semester }) {
  const state = useLoad(() => ctx.api('home', { query: { semester } }), [semester]);
  const [home, setHome] = useState(null);
  const [res, setRes] = useState({ kind: 'PHONE', name: '', quantity: '1' });
  const saveHome = useSave(t);
  const saveRes = useSave(t);
  useEffect(() => {
    if (state.data) {
      const h = state.data.home || {};
      setHome({ name: h.name || '留守儿童之家', openedOn: h.openedOn || '', manager: h.manager || '', note: h.note || '' });
    }
  }, [state.data]);
  const submitHome = (e) => {
    e.preventDefault();
    saveHome.run(async () => {
      await ctx.api('home', { method: 'PUT', body: { ...home, openedOn: home.openedOn || null, manager: home.manager || null,
        note: home.note || null } });
      state.reload();
    });
  };
  const addResource = (e) => {
    e.preventDefault();
    saveRes.run(async () => {
      await ctx.api('home/resources', { method: 'POST', body: { ...res, quantity: Number(res.quantity) } });
      setRes({ kind: 'PHONE', name: '', quantity: '1' });
      state.reload();
    });
  };
  const removeResource = (r) => saveRes.run(async () => {
    await ctx.api(`home/resources/${r.id}`, { method: 'DELETE' });
    state.reload();
  });
  if (!state.data || !home) {
    return html`<${Loaded} state=${state} t=${t} />`;
  }
  const hs = (k) => (v) => setHome((h) => ({ ...h, [k]: v ?? '' }));
  const rs = (k) => (v) => setRes((r) => ({ ...r, [k]: v ?? '' }));
  const he = saveHome.errors;
  const re = saveRes.errors;
  return html`<div>
    <form class="card" onSubmit=${submitHome} novalidate>
      <${SaveStatus} save=${saveHome} t=${t} shown=${['name', 'openedOn', 'manager', 'note']} />
      <div class="form-grid">
        <${Field} name="name" id="h-name" required label=${t('homeName')} value=${home.name} onInput=${hs('name')} error=${he.name} attrs=${{ maxlength: 100 }} />
        <${Field} name="openedOn" id="h-opened" type="date" label=${t('openedOn')} value=${home.openedOn} onInput=${hs('openedOn')} error=${he.openedOn} />
        <${Field} name="manager" id="h-manager" label=${t('manager')} value=${home.manager} onInput=${hs('manager')} error=${he.manager} attrs=${{ maxlength: 100 }} />
        <${Field} name="note" id="h-note" label=${t('note')} value=${home.note} onInput=${hs('note')} error=${he.note} attrs=${{ maxlength: 500 }} />
      </div>
      <button class="btn primary" type="submit" disabled=${saveHome.busy}>${t('save')}</button>
    </form>
    <h3>${t('resources')}</h3>
    <${Table} id="activities-resources" rows=${state.data.resources} rowKey=${(r) => r.id} empty=${t('nothing')} columns=${[
      { key: 'name', label: t('homeName'), cell: (r) => r.name },
      { key: 'kind', label: t('type'), cell: (r) => word(t, 'resourceKinds', r.kind) },
      { key: 'quantity', label: t('quantity'), cell: (r) => r.quantity },
      { key: 'delete', label: t('delete'), hideLabel: true, cell: (r) => html`<button type="button" class="btn small danger" onClick=${() => removeResource(r)}>${t('delete')}</button>` },
    ]} />
    <form class="toolbar" onSubmit=${addResource} novalidate>
      <${Field} name="kind" id="r-kind" type="select" required label=${t('type')} value=${res.kind} onInput=${rs('kind')} error=${re.kind}
        options=${t.entries('resourceKinds')} />
      <${Field} name="name" id="r-name" label=${t('homeName')} value=${res.name} onInput=${rs('name')} error=${re.name} attrs=${{ maxlength: 100 }} />
      <${Field} name="quantity" id="r-qty" type="number" label=${t('quantity')} value=${res.quantity} onInput=${rs('quantity')} error=${re.quantity}
        attrs=${{ min: 0 }} />
      <button class="btn toolbar-actions" type="submit" disabled=${saveRes.busy}>${t('add')}</button>
    </form>
    <${SaveStatus} save=${saveRes} t=${t} shown=${['kind', 'name', 'quantity']} />
    <h3>${t('ledger')}</h3>
    ${state.data.ledger.length ? html`<${ActivityList} t=${t} items=${state.data.ledger} />` : html`<p class="muted">${t('nothing')}</p>`}
  </div>`;
}

// ---- settings: checklist, semesters, reminders ----

function SettingsTab({ ctx, t, semesters, onSemesters }) {
  const state = useLoad(() => Promise.all([ctx.api('checklist'), ctx.api('settings'), ctx.api('reminders')])
    .then(([checklist, settings, reminders]) => ({ checklist, settings, reminders })), []);
  const [weeks, setWeeks] = useState('');
  const [dates, setDates] = useState({});
  const [key, setKey] = useState(null); // what the last save was about: its errors are shown there
  const save = useSave(t);
  useEffect(() => { if (state.data) setWeeks(String(state.data.settings.reminderWeeks)); }, [state.data]);
  const run = (what, work) => {
    setKey(what);
    save.run(async () => { await work(); state.reload(); });
  };
  if (!state.data) {
    return html`<${Loaded} state=${state} t=${t} />`;
  }
  const err = (what, field) => (key === what ? save.errors[field] : null);
  const name = (i) => (ctx.lang === 'en' ? i.nameEn : i.nameZh);
  const variant = (v, replace) => run('variant', () => ctx.api('checklist/variants', { method: 'POST', body: { variant: v, replace } }));
  return html`<div>
    <${SaveStatus} save=${save} t=${t} shown=${['variant', 'active', 'start', 'end', 'reminderWeeks']} />
    <section class="card">
      <h3>${t('checklist')}</h3>
      <div class="toolbar">
        ${state.data.checklist.variants.map((v) => html`<span>
          <button type="button" class="btn" onClick=${() => variant(v, true)}>${t('switchTo')} ${word(t, 'variants', v)}</button>
          <button type="button" class="btn" onClick=${() => variant(v, false)}>${t('addVariant')} ${word(t, 'variants', v)}</button>
        </span>`)}
      </div>
      ${err('variant', 'variant') ? html`<p class="error" role="alert">${err('variant', 'variant')}</p>` : null}
      <${Table} id="activities-checklist" rows=${state.data.checklist.items} rowKey=${(i) => i.code} columns=${[
        { key: 'name', label: t('checklist'), cell: (i) => html`${name(i)} <span class="muted">${word(t, 'variants', i.variant)}</span>` },
        { key: 'active', label: t('active'), cell: (i) => html`<input type="checkbox" aria-label=${name(i)} checked=${i.active}
          onChange=${(e) => run('item', () => ctx.api(`checklist/items/${i.code}`, { method: 'PUT', body: { active: e.target.checked } }))} />` },
        { key: 'cadence', label: t('cadence'), cell: (i) => `${word(t, 'cadences', i.cadence)}${i.times > 1 ? ' ×' + i.times : ''}` },
        { key: 'source', label: t('sourceLine'), cell: (i) => html`<span class="muted">${i.source || ''}</span>` },
      ]} />
      ${err('item', 'active') ? html`<p class="error" role="alert">${err('item', 'active')}</p>` : null}
    </section>
    <section class="card">
      <h3>${t('semesters')}</h3>
      <${Table} id="activities-semesters" rows=${semesters} rowKey=${(s) => s.id} columns=${[
        { key: 'semester', label: t('semester'), cell: (s) => html`${ctx.lang === 'en' ? s.labelEn : s.labelZh}
          <span class="muted">${s.configured ? t('configured') : t('default')}</span>` },
        ...['start', 'end'].map((k) => ({ key: k, label: t(k), cell: (s) => {
          const d = dates[s.id] || { start: s.start, end: s.end };
          return html`<input type="date" aria-label=${t(k)} value=${d[k]} aria-invalid=${err(s.id, k) ? 'true' : undefined}
            onInput=${(e) => setDates((all) => ({ ...all, [s.id]: { ...d, [k]: e.target.value } }))} />
            ${err(s.id, k) ? html`<div class="error" role="alert">${err(s.id, k)}</div>` : null}`;
        } })),
        { key: 'save', label: t('save'), hideLabel: true, cell: (s) => html`<button type="button" class="btn small" onClick=${() => run(s.id, async () => {
          await ctx.api(`semesters/${s.id}`, { method: 'PUT', body: dates[s.id] || { start: s.start, end: s.end } });
          onSemesters();
        })}>${t('save')}</button>` },
      ]} />
    </section>
    <section class="card">
      <h3>${t('reminders')}</h3>
      <${Field} name="reminderWeeks" id="s-weeks" type="number" label=${t('reminderWeeks')} value=${weeks} onInput=${(v) => setWeeks(v ?? '')}
        error=${err('weeks', 'reminderWeeks')} attrs=${{ min: 0, max: 20 }} />
      <div class="actions">
        <button type="button" class="btn" onClick=${() => run('weeks', () => ctx.api('settings', { method: 'PUT', body: { reminderWeeks: Number(weeks) } }))}>${t('save')}</button>
        <button type="button" class="btn" onClick=${() => run('check', () => ctx.api('reminders/check', { method: 'POST' }))}>${t('checkReminder')}</button>
      </div>
      <p class="muted">${t('remindFrom')}: ${state.data.reminders.remindFrom}</p>
      ${state.data.reminders.posted.length ? html`<p>${t('posted')}: ${state.data.reminders.posted.map((p) => p.semesterStart + ' (' + p.childrenWithGaps + ')').join(', ')}</p>` : null}
    </section>
  </div>`;
}

function Page({ ctx, t }) {
  const [tab, setTab] = useState('coverage');
  const sem = useLoad(() => ctx.api('semesters'), []);
  const [chosen, setChosen] = useState(null);
  const semester = chosen || (sem.data && sem.data.current);
  // the children the caller may see, from this semester's grid (class and name), for pickers
  const kids = useLoad(() => (semester ? ctx.api('coverage', { query: { semester } }) : Promise.resolve(null)), [semester]);
  const children = useMemo(() => (kids.data ? kids.data.rows.map((r) => ({ id: r.childId, name: r.name, className: r.className })) : []), [kids.data]);
  if (!sem.data || !semester) {
    return html`<${Loaded} state=${sem} t=${t} />`;
  }
  const View = { coverage: CoverageTab, calendar: CalendarTab, quick: QuickTab, home: HomeTab, settings: SettingsTab }[tab];
  return html`<div class="activities">
    <h1>${t('title')}</h1>
    <div class="toolbar">
      <${Field} name="semester" id="act-semester" type="select" required label=${t('semester')} value=${semester} onInput=${setChosen}
        options=${sem.data.items.map((s) => [s.id, `${ctx.lang === 'en' ? s.labelEn : s.labelZh} (${s.start} – ${s.end})`])} />
    </div>
    <${Tabs} tabs=${TABS.map((k) => [k, t('tabs.' + k)])} current=${tab} onChange=${setTab} label=${t('title')} />
    <div role="tabpanel"><${View} key=${tab} ctx=${ctx} t=${t} semester=${semester} children=${children}
      semesters=${sem.data.items} onSemesters=${sem.reload} /></div>
  </div>`;
}

export const render = programmePage(Page, { css: 'activities.css' });
