// 快乐生日 (birthdays) page: a month calendar with birthdays and occasions, upcoming birthdays in either calendar,
// party batches with each child's celebration (card, reflection, wish), coverage this school year, the class feeds.
import { html, render as mount, useState, useEffect, useCallback } from '/console/lib/preact.js';

const fmt = (s, vars) => s.replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');

function addCss(base) {
  if (!document.querySelector('link[data-birthdays-css]')) {
    const l = document.createElement('link');
    l.rel = 'stylesheet';
    l.href = base + 'birthdays.css';
    l.dataset.birthdaysCss = '1';
    document.head.append(l);
  }
}

/** The error of a failed call: the message in the page's language, and the field errors by field. */
function problem(e, lang) {
  const body = e && e.body;
  const msg = body ? (lang === 'en' ? body.message_en : body.message_zh) : String(e && e.message || e);
  const fields = {};
  for (const f of (body && body.errors) || []) fields[f.field] = lang === 'en' ? f.message_en : f.message_zh;
  return { msg, fields };
}

function Field({ label, error, children, id }) {
  return html`<div class="field"><label for=${id}>${label}</label>${children}
    ${error ? html`<div class="error" role="alert">${error}</div>` : null}</div>`;
}

function ErrorLine({ err }) {
  return err ? html`<p class="badge bad" role="alert">${err}</p>` : null;
}

// ---------- month calendar

function MonthView({ ctx, t }) {
  const today = new Date();
  const [ym, setYm] = useState({ y: today.getFullYear(), m: today.getMonth() + 1 });
  const [data, setData] = useState(null);
  const [err, setErr] = useState(null);
  const month = `${ym.y}-${String(ym.m).padStart(2, '0')}`;
  useEffect(() => {
    setData(null);
    ctx.api('month', { query: { month } }).then(setData, (e) => setErr(problem(e, ctx.lang).msg));
  }, [month]);
  const move = (d) => setYm(({ y, m }) => { const n = new Date(y, m - 1 + d, 1); return { y: n.getFullYear(), m: n.getMonth() + 1 }; });
  const todayIso = new Date(today.getTime() - today.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  let cells = [];
  if (data) {
    const first = new Date(ym.y, ym.m - 1, 1).getDay(); // 0 Sunday
    const lead = (first + 6) % 7;
    for (let i = 0; i < lead; i++) cells.push(html`<div class="birthdays-day birthdays-out birthdays-empty" aria-hidden="true"></div>`);
    for (const d of data.days) {
      const num = Number(d.date.slice(8));
      const label = `${d.date} ${t.lunar} ${d.lunar}`;
      cells.push(html`<div class=${'birthdays-day' + (d.date === todayIso ? ' birthdays-today' : '') + (d.occasions.length ? '' : ' birthdays-empty')}
          aria-label=${label}>
        <span class="birthdays-num">${num}</span><span class="birthdays-lunar">${d.lunarDay}</span>
        ${d.occasions.map((o) => html`<span class=${'birthdays-occ ' + o.kind}
            title=${(ctx.lang === 'en' ? o.titleEn : o.titleZh) + (o.kind !== 'FESTIVAL' ? ' · ' + fmt(t.keptBy, { cal: o.calendar === 'LUNAR' ? t.lunar : t.solar }) : '')}>
          ${ctx.lang === 'en' ? o.titleEn : o.titleZh}${o.kind !== 'FESTIVAL' && o.calendar === 'LUNAR' ? html` <span class="badge">${t.lunar}</span>` : null}
        </span>`)}
      </div>`);
    }
  }
  return html`<section class="card">
    <div class="birthdays-row">
      <button class="btn" onClick=${() => move(-1)} aria-label=${t.prev}>‹ ${t.prev}</button>
      <strong aria-live="polite">${month}</strong>
      <button class="btn" onClick=${() => move(1)} aria-label=${t.next}>${t.next} ›</button>
      <button class="btn" onClick=${() => setYm({ y: today.getFullYear(), m: today.getMonth() + 1 })}>${t.today}</button>
    </div>
    <${ErrorLine} err=${err} />
    ${data ? html`<div class="birthdays-month">
      ${t.weekdays.map((w) => html`<div class="birthdays-wd">${w}</div>`)}
      ${cells}
    </div>` : html`<p class="muted">${t.loading}</p>`}
  </section>`;
}

// ---------- upcoming birthdays

function Upcoming({ ctx, t, classes }) {
  const [range, setRange] = useState('month');
  const [cal, setCal] = useState('family');
  const [cls, setCls] = useState('');
  const [data, setData] = useState(null);
  const [err, setErr] = useState(null);
  const [rowErr, setRowErr] = useState({});
  const load = useCallback(() => {
    const query = { calendar: cal };
    if (range === 'week' || range === 'month') query.range = range; else query.days = range;
    const path = cls ? `classes/${cls}/upcoming` : 'upcoming';
    ctx.api(path, { query }).then((d) => { setData(d); setErr(null); }, (e) => setErr(problem(e, ctx.lang).msg));
  }, [range, cal, cls]);
  useEffect(load, [load]);
  const choose = async (child, value) => {
    try {
      await ctx.api(`children/${child}/birthday`, { method: 'PUT', body: { calendar: value } });
      setRowErr({});
      load();
    } catch (e) {
      setRowErr({ [child]: problem(e, ctx.lang).fields.calendar || problem(e, ctx.lang).msg });
    }
  };
  return html`<section class="card">
    <div class="birthdays-row">
      <${Field} label=${t.range} id="bd-range"><select id="bd-range" value=${range} onChange=${(e) => setRange(e.target.value)}>
        <option value="week">${t.week}</option><option value="month">${t.month}</option>
        <option value="30">${t.days30}</option><option value="90">${t.days90}</option></select><//>
      <${Field} label=${t.calendarView} id="bd-cal"><select id="bd-cal" value=${cal} onChange=${(e) => setCal(e.target.value)}>
        <option value="family">${t.family}</option><option value="solar">${t.solar}</option><option value="lunar">${t.lunar}</option></select><//>
      <${Field} label=${t.class} id="bd-class"><select id="bd-class" value=${cls} onChange=${(e) => setCls(e.target.value)}>
        <option value="">${t.allClasses}</option>
        ${classes.map((c) => html`<option value=${c.id}>${c.name}</option>`)}</select><//>
    </div>
    <${ErrorLine} err=${err} />
    ${!data ? html`<p class="muted">${t.loading}</p>` : data.items.length === 0 ? html`<p class="muted">${t.none}</p>` : html`
    <div class="birthdays-scroll"><table class="data"><thead><tr><th>${t.date}</th><th>${t.name}</th><th>${t.class}</th><th>${t.birthDate}</th><th>${t.calendarChoice}</th><th>${t.celebration}</th></tr></thead>
      <tbody>${data.items.map((i) => html`<tr>
        <td>${i.date}<br /><span class="muted">${t.lunar} ${i.dateLunar}</span></td>
        <td>${i.name}<br /><span class="muted">${fmt(t.age, { n: i.age })}</span></td>
        <td>${i.className || ''}</td>
        <td>${i.birthDate}<br /><span class="muted">${t.lunar} ${i.lunarBirth || ''}</span></td>
        <td><select aria-label=${t.calendarChoice + ' ' + i.name} value=${i.calendar} onChange=${(e) => choose(i.childId, e.target.value)}>
            <option value="SOLAR">${t.solar}</option><option value="LUNAR">${t.lunar}</option></select>
          ${rowErr[i.childId] ? html`<div class="error" role="alert">${rowErr[i.childId]}</div>` : null}</td>
        <td>${i.celebration ? html`<span class=${'badge ' + (i.celebration.celebrated ? 'ok' : 'warn')}>${i.celebration.celebrated ? t.celebrated : t.notYet}</span>`
          : html`<span class="badge">${t.notYet}</span>`}</td>
      </tr>`)}</tbody></table></div>`}
  </section>`;
}

// ---------- party batches and celebrations

function CelebrationRow({ ctx, t, c, onSaved }) {
  const [v, setV] = useState(c);
  const [err, setErr] = useState({});
  const [saved, setSaved] = useState(false);
  const set = (k, val) => { setV({ ...v, [k]: val }); setSaved(false); };
  const save = async () => {
    try {
      const body = { version: v.version, card: v.card, reflection: v.reflection, wish: v.wish,
        reflectionText: v.reflectionText || null, wishText: v.wishText || null, note: v.note || null };
      const r = await ctx.api(`celebrations/${c.id}`, { method: 'PUT', body });
      setV(r); setErr({}); setSaved(true); onSaved && onSaved();
    } catch (e) {
      const p = problem(e, ctx.lang);
      setErr({ ...p.fields, _: p.msg });
    }
  };
  const id = (k) => `bd-${c.id}-${k}`;
  return html`<tr>
    <td>${c.name}<br /><span class="muted">${c.birthday} · ${c.calendar === 'LUNAR' ? t.lunar : t.solar}</span></td>
    <td class="birthdays-checks">
      ${['card', 'reflection', 'wish'].map((k) => html`<label><input type="checkbox" checked=${v[k]} onChange=${(e) => set(k, e.target.checked)} /> ${t[k]}</label>`)}
    </td>
    <td>
      <${Field} label=${t.reflectionText} id=${id('r')} error=${err.reflectionText}><textarea id=${id('r')} rows="2" value=${v.reflectionText || ''} onInput=${(e) => set('reflectionText', e.target.value)}></textarea><//>
      <${Field} label=${t.wishText} id=${id('w')} error=${err.wishText}><input id=${id('w')} value=${v.wishText || ''} onInput=${(e) => set('wishText', e.target.value)} /><//>
    </td>
    <td><button class="btn primary" onClick=${save}>${t.save}</button>
      ${saved ? html`<span class="badge ok" role="status">${t.saved}</span>` : null}
      ${err._ ? html`<div class="error" role="alert">${err._}</div>` : null}</td>
  </tr>`;
}

function PartyDetail({ ctx, t, id, onClose, onChanged }) {
  const [p, setP] = useState(null);
  const [err, setErr] = useState(null);
  useEffect(() => { ctx.api(`parties/${id}`).then(setP, (e) => setErr(problem(e, ctx.lang).msg)); }, [id]);
  return html`<section class="card" aria-label=${p ? p.title : ''}>
    <div class="birthdays-row"><h3>${p ? `${p.title} · ${p.partyDate}` : t.loading}</h3>
      <button class="btn" onClick=${onClose}>${t.close}</button></div>
    <${ErrorLine} err=${err} />
    ${p ? html`<table class="data birthdays-cel"><thead><tr><th>${t.name}</th><th>${t.celebration}</th><th>${t.reflectionText} / ${t.wishText}</th><th></th></tr></thead>
      <tbody>${p.celebrations.map((c) => html`<${CelebrationRow} key=${c.id} ctx=${ctx} t=${t} c=${c} onSaved=${onChanged} />`)}</tbody></table>` : null}
  </section>`;
}

function Parties({ ctx, t, classes }) {
  const now = new Date();
  const [list, setList] = useState(null);
  const [open, setOpen] = useState(null);
  const [form, setForm] = useState({ month: now.toISOString().slice(0, 7), classId: '', partyDate: now.toISOString().slice(0, 10), title: '' });
  const [err, setErr] = useState({});
  const load = () => ctx.api('parties').then(setList, (e) => setErr({ _: problem(e, ctx.lang).msg }));
  useEffect(() => { load(); }, []);
  const create = async (ev) => {
    ev.preventDefault();
    try {
      const body = { month: form.month, partyDate: form.partyDate, title: form.title || null,
        classId: form.classId ? Number(form.classId) : null };
      const p = await ctx.api('parties', { method: 'POST', body });
      setErr({}); load(); setOpen(p.id);
    } catch (e) {
      const p = problem(e, ctx.lang);
      setErr({ ...p.fields, _: p.msg });
    }
  };
  const f = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  return html`<div>
    <form class="card" onSubmit=${create} aria-label=${t.newParty}>
      <h3>${t.newParty}</h3>
      <div class="birthdays-row">
        <${Field} label=${t.partyMonth} id="bd-pm" error=${err.month}><input id="bd-pm" type="month" value=${form.month} onInput=${f('month')} required /><//>
        <${Field} label=${t.partyClass} id="bd-pc" error=${err.classId}><select id="bd-pc" value=${form.classId} onChange=${f('classId')}>
          <option value="">${t.allClasses}</option>${classes.map((c) => html`<option value=${c.id}>${c.name}</option>`)}</select><//>
        <${Field} label=${t.partyDate} id="bd-pd" error=${err.partyDate}><input id="bd-pd" type="date" value=${form.partyDate} onInput=${f('partyDate')} required /><//>
        <${Field} label=${t.partyTitle} id="bd-pt" error=${err.title}><input id="bd-pt" value=${form.title} onInput=${f('title')} maxlength="200" /><//>
        <button class="btn primary" type="submit">${t.create}</button>
      </div>
      ${err._ && !err.month && !err.classId && !err.partyDate ? html`<p class="error" role="alert">${err._}</p>` : null}
    </form>
    ${open ? html`<${PartyDetail} ctx=${ctx} t=${t} id=${open} onClose=${() => setOpen(null)} onChanged=${load} />` : null}
    <section class="card">
      ${!list ? html`<p class="muted">${t.loading}</p>` : list.items.length === 0 ? html`<p class="muted">${t.none}</p>` : html`
      <table class="data"><thead><tr><th>${t.partyDate}</th><th>${t.partyMonth}</th><th>${t.class}</th><th>${t.celebration}</th><th></th></tr></thead>
        <tbody>${list.items.map((p) => html`<tr>
          <td>${p.partyDate}<br /><span class="muted">${p.title}</span></td><td>${p.month}</td><td>${p.className || t.allClasses}</td>
          <td>${fmt(t.partyChildren, { n: p.children })} · <span class=${'badge ' + (p.celebrated === p.children ? 'ok' : 'warn')}>${fmt(t.partyCelebrated, { n: p.celebrated })}</span></td>
          <td><button class="btn" onClick=${() => setOpen(p.id)}>${t.open}</button></td></tr>`)}</tbody></table>`}
    </section>
  </div>`;
}

// ---------- coverage

function Coverage({ ctx, t }) {
  const [c, setC] = useState(null);
  const [err, setErr] = useState(null);
  useEffect(() => { ctx.api('coverage').then(setC, (e) => setErr(problem(e, ctx.lang).msg)); }, []);
  if (err) return html`<${ErrorLine} err=${err} />`;
  if (!c) return html`<p class="muted">${t.loading}</p>`;
  return html`<section class="card">
    <p>${t.schoolYear} ${c.from} – ${c.to}</p>
    <div class="grid">
      <div><div class="birthdays-stat">${c.children}</div>${t.children}</div>
      <div><div class="birthdays-stat">${c.birthdaysSoFar}</div>${t.birthdaysSoFar}</div>
      <div><div class="birthdays-stat">${c.celebrated}</div>${t.celebrated}</div>
      <div><div class="birthdays-stat">${c.coverageSoFar}%</div>${t.coverageSoFar}</div>
    </div>
    <table class="data"><thead><tr><th>${t.class}</th><th>${t.children}</th><th>${t.birthdaysSoFar}</th><th>${t.celebrated}</th><th>${t.fullyCelebrated}</th></tr></thead>
      <tbody>${c.classes.map((r) => html`<tr><td>${r.className || '—'}</td><td>${r.children}</td><td>${r.birthdaysSoFar}</td><td>${r.celebrated}</td><td>${r.fullyCelebrated}</td></tr>`)}</tbody></table>
  </section>`;
}

// ---------- feeds

function Feed({ ctx, t, classes }) {
  const download = async (c) => {
    const r = await ctx.fetch(`/api/programmes/birthdays/classes/${c.id}/calendar.ics?lang=${ctx.lang}`);
    const blob = await r.blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `class-${c.id}.ics`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  return html`<section class="card birthdays-feed">
    <p>${t.feedIntro}</p>
    <table class="data"><thead><tr><th>${t.class}</th><th>${t.feedUrl}</th><th></th></tr></thead>
      <tbody>${classes.map((c) => html`<tr><td>${c.name}</td>
        <td><code>${location.origin}/api/programmes/birthdays/classes/${c.id}/calendar.ics?school=${ctx.school}&lang=${ctx.lang}</code></td>
        <td><button class="btn" onClick=${() => download(c)}>${t.download}</button></td></tr>`)}</tbody></table>
  </section>`;
}

// ---------- page

function Page({ ctx, t }) {
  const [tab, setTab] = useState('calendar');
  const [classes, setClasses] = useState([]);
  useEffect(() => { ctx.api('classes').then((d) => setClasses(d.items), () => setClasses([])); }, []);
  const tabs = ['calendar', 'upcoming', 'parties', 'coverage', 'feed'];
  const keys = (e, i) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const n = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      setTab(n);
      e.currentTarget.parentElement.querySelector(`[data-tab="${n}"]`)?.focus();
    }
  };
  return html`<div class="birthdays">
    <h2>${t.title}</h2><p class="muted">${t.subtitle}</p>
    <div class="birthdays-tabs" role="tablist">
      ${tabs.map((k, i) => html`<button class="btn" role="tab" data-tab=${k} aria-selected=${tab === k} tabindex=${tab === k ? 0 : -1}
        onClick=${() => setTab(k)} onKeyDown=${(e) => keys(e, i)}>${t.tabs[k]}</button>`)}
    </div>
    <div role="tabpanel">
      ${tab === 'calendar' ? html`<${MonthView} ctx=${ctx} t=${t} />` : null}
      ${tab === 'upcoming' ? html`<${Upcoming} ctx=${ctx} t=${t} classes=${classes} />` : null}
      ${tab === 'parties' ? html`<${Parties} ctx=${ctx} t=${t} classes=${classes} />` : null}
      ${tab === 'coverage' ? html`<${Coverage} ctx=${ctx} t=${t} />` : null}
      ${tab === 'feed' ? html`<${Feed} ctx=${ctx} t=${t} classes=${classes} />` : null}
    </div>
  </div>`;
}

export async function render(root, ctx) {
  const base = ctx.base || '/ui/programmes/birthdays/';
  addCss(base);
  const lang = ctx.lang === 'en' ? 'en' : 'zh';
  const t = await (await fetch(base + `i18n/${lang}.json`)).json();
  mount(html`<${Page} ctx=${{ ...ctx, lang }} t=${t} />`, root);
  return () => mount(null, root);
}
