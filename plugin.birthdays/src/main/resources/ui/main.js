// 快乐生日 (birthdays) page: a month calendar with birthdays and occasions, upcoming birthdays in either calendar,
// party batches with each child's celebration (card, reflection, wish), coverage this school year, the class feeds.
// The console kit (/console/lib/kit.js) gives the strings (t), loading, fields with the API's errors, tables and tabs.
import { html, useState } from '/console/lib/preact.js';
import { programmePage, useLoad, Loaded, ErrorBox, Field, useSave, SaveStatus, Table, Tabs, chinaToday, fieldErrors, errorText,
  saveFile } from '/console/lib/kit.js';

const TABS = ['calendar', 'upcoming', 'parties', 'coverage', 'feed'];

// ---------- month calendar

function MonthView({ ctx, t }) {
  const today = chinaToday();
  const [month, setMonth] = useState(today.slice(0, 7));
  const days = useLoad(() => ctx.api('month', { query: { month } }), [month]);
  const move = (d) => {
    const [y, m] = month.split('-').map(Number);
    setMonth(new Date(Date.UTC(y, m - 1 + d, 1)).toISOString().slice(0, 7));
  };
  const title = (o) => (ctx.lang === 'en' ? o.titleEn : o.titleZh);
  const cells = (data) => {
    const [y, m] = month.split('-').map(Number);
    const lead = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7; // Monday first
    return [...Array(lead).keys()].map(() => html`<div class="birthdays-day birthdays-out birthdays-empty" aria-hidden="true"></div>`)
      .concat(data.days.map((d) => html`<div class=${'birthdays-day' + (d.date === today ? ' birthdays-today' : '') + (d.occasions.length ? '' : ' birthdays-empty')}
          aria-label=${`${d.date} ${t('lunar')} ${d.lunar}`}>
        <span class="birthdays-num">${Number(d.date.slice(8))}</span><span class="birthdays-lunar">${d.lunarDay}</span>
        ${d.occasions.map((o) => html`<span class=${'birthdays-occ ' + o.kind}
            title=${title(o) + (o.kind !== 'FESTIVAL' ? ' · ' + t('keptBy', { cal: o.calendar === 'LUNAR' ? t('lunar') : t('solar') }) : '')}>
          ${title(o)}${o.kind !== 'FESTIVAL' && o.calendar === 'LUNAR' ? html` <span class="badge">${t('lunar')}</span>` : null}
        </span>`)}
      </div>`));
  };
  return html`<section class="card">
    <div class="toolbar">
      <button type="button" class="btn" onClick=${() => move(-1)} aria-label=${t('prev')}>‹ ${t('prev')}</button>
      <strong aria-live="polite">${month}</strong>
      <button type="button" class="btn" onClick=${() => move(1)} aria-label=${t('next')}>${t('next')} ›</button>
      <button type="button" class="btn" onClick=${() => setMonth(today.slice(0, 7))}>${t('today')}</button>
    </div>
    <${Loaded} state=${days} t=${t}>${(data) => html`<div class="birthdays-month">
      ${t.list('weekdays').map((w) => html`<div class="birthdays-wd">${w}</div>`)}
      ${cells(data)}
    </div>
    <${MonthList} ctx=${ctx} t=${t} month=${month} days=${data.days} />`}<//>
  </section>`;
}

/**
 * 本月生日名单: the month's children's birthdays as a list to print (the page's print stylesheet prints the list alone,
 * on A4) or to download as xlsx (GET month/export).
 */
function MonthList({ ctx, t, month, days }) {
  const [error, setError] = useState(null);
  const rows = days.flatMap((d) => d.occasions.filter((o) => o.kind === 'CHILD_BIRTHDAY').map((o) => ({ ...o, lunarDay: d.lunar })));
  const download = async () => {
    setError(null);
    try {
      await saveFile(await ctx.fetch(`/api/programmes/birthdays/month/export?month=${month}`), `${t('monthList')}-${month}.xlsx`);
    } catch (e) {
      setError(e);
    }
  };
  return html`<div class="birthdays-list" id="birthdays-month-list">
    <h3>${t('monthListTitle', { month })}</h3>
    <div class="actions birthdays-noprint">
      <button type="button" class="btn small" id="birthdays-month-export" onClick=${download}>${t('exportXlsx')}</button>
      <button type="button" class="btn small" id="birthdays-month-print" onClick=${() => window.print()}>${t('print')}</button>
    </div>
    <${ErrorBox} error=${error} t=${t} />
    <${Table} id="birthdays-month-table" rows=${rows} empty=${t('noBirthdaysThisMonth')} columns=${[
      { key: 'date', label: t('date'), cell: (o) => o.date },
      { key: 'lunar', label: t('lunar'), cell: (o) => o.lunarZh || o.lunarDay },
      { key: 'name', label: t('name'), cell: (o) => (ctx.lang === 'en' ? o.titleEn : o.titleZh) },
      { key: 'age', label: t('ageCol'), cell: (o) => o.age },
      { key: 'calendar', label: t('keptByShort'), cell: (o) => (o.calendar === 'LUNAR' ? t('lunar') : t('solar')) },
    ]} />
  </div>`;
}

// ---------- upcoming birthdays

function Upcoming({ ctx, t, classes }) {
  const [range, setRange] = useState('month');
  const [cal, setCal] = useState('family');
  const [cls, setCls] = useState(null);
  const [rowErr, setRowErr] = useState({});
  const upcoming = useLoad(() => {
    const query = { calendar: cal };
    if (range === 'week' || range === 'month') query.range = range; else query.days = range;
    return ctx.api(cls ? `classes/${cls}/upcoming` : 'upcoming', { query });
  }, [range, cal, cls]);
  const choose = async (child, value) => {
    try {
      await ctx.api(`children/${child}/birthday`, { method: 'PUT', body: { calendar: value } });
      setRowErr({});
      upcoming.reload();
    } catch (e) {
      setRowErr({ [child]: fieldErrors(e, t.lang).calendar || errorText(e, t.lang) });
    }
  };
  const calendars = [['SOLAR', t('solar')], ['LUNAR', t('lunar')]];
  return html`<section class="card">
    <div class="toolbar">
      <${Field} name="range" id="bd-range" type="select" required label=${t('range')} value=${range} onInput=${setRange}
        options=${[['week', t('week')], ['month', t('month')], ['30', t('days30')], ['90', t('days90')]]} />
      <${Field} name="calendar" id="bd-cal" type="select" required label=${t('calendarView')} value=${cal} onInput=${setCal}
        options=${[['family', t('family')], ['solar', t('solar')], ['lunar', t('lunar')]]} />
      <${Field} name="class" id="bd-class" type="select" label=${t('class')} empty=${t('allClasses')} value=${cls} onInput=${setCls}
        options=${classes.map((c) => [c.id, c.name])} />
    </div>
    <${Loaded} state=${upcoming} t=${t}>${(data) => html`<${Table} id="birthdays-upcoming" rows=${data.items} rowKey=${(i) => i.childId}
      empty=${t('none')} columns=${[
        { key: 'name', label: t('name'), cell: (i) => html`${i.name} <span class="muted">${t('age', { n: i.age })}</span>` },
        { key: 'date', label: t('date'), cell: (i) => html`${i.date}<br /><span class="muted">${t('lunar')} ${i.dateLunar}</span>` },
        { key: 'class', label: t('class'), cell: (i) => i.className || '' },
        { key: 'birthDate', label: t('birthDate'), cell: (i) => html`${i.birthDate}<br /><span class="muted">${t('lunar')} ${i.lunarBirth || ''}</span>` },
        { key: 'calendar', label: t('calendarChoice'), cell: (i) => html`<select aria-label=${t('calendarChoice') + ' ' + i.name} value=${i.calendar}
            onChange=${(e) => choose(i.childId, e.target.value)}>${calendars.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select>
          ${rowErr[i.childId] ? html`<div class="error" role="alert">${rowErr[i.childId]}</div>` : null}` },
        { key: 'celebration', label: t('celebration'), cell: (i) => (i.celebration
          ? html`<span class=${'badge ' + (i.celebration.celebrated ? 'ok' : 'warn')}>${i.celebration.celebrated ? t('celebrated') : t('notYet')}</span>`
          : html`<span class="badge">${t('notYet')}</span>`) },
      ]} />`}<//>
  </section>`;
}

// ---------- party batches and celebrations

const MARKS = ['card', 'reflection', 'wish'];

function PartyDetail({ ctx, t, id, onClose, onChanged }) {
  const party = useLoad(() => ctx.api(`parties/${id}`), [id]);
  const [edits, setEdits] = useState({}); // celebration id → its values as edited or saved
  const [rows, setRows] = useState({}); // celebration id → { saved, error, errors }
  const value = (c) => edits[c.id] || c;
  const set = (c, k, v) => {
    setEdits((e) => ({ ...e, [c.id]: { ...(e[c.id] || c), [k]: v } }));
    setRows((r) => ({ ...r, [c.id]: {} }));
  };
  const save = async (c) => {
    const v = value(c);
    try {
      const saved = await ctx.api(`celebrations/${c.id}`, { method: 'PUT', body: { version: v.version, card: v.card,
        reflection: v.reflection, wish: v.wish, reflectionText: v.reflectionText || null, wishText: v.wishText || null, note: v.note || null } });
      setEdits((e) => ({ ...e, [c.id]: saved }));
      setRows((r) => ({ ...r, [c.id]: { saved: true } }));
      onChanged();
    } catch (error) {
      setRows((r) => ({ ...r, [c.id]: { error, errors: fieldErrors(error, t.lang) } }));
    }
  };
  const state = (c) => rows[c.id] || {};
  return html`<section class="card" aria-label=${party.data ? party.data.title : ''}>
    <div class="toolbar"><h3>${party.data ? `${party.data.title} · ${party.data.partyDate}` : t('loading')}</h3>
      <button type="button" class="btn" onClick=${onClose}>${t('close')}</button></div>
    <${Loaded} state=${party} t=${t}>${(p) => html`<${Table} id="birthdays-celebrations" rows=${p.celebrations} rowKey=${(c) => c.id} columns=${[
      { key: 'name', label: t('name'), cell: (c) => html`${c.name} <span class="muted">${c.birthday} · ${c.calendar === 'LUNAR' ? t('lunar') : t('solar')}</span>` },
      { key: 'marks', label: t('celebration'), className: 'birthdays-checks', cell: (c) => MARKS.map((k) => html`<label><input type="checkbox"
        checked=${value(c)[k]} onChange=${(e) => set(c, k, e.target.checked)} /> ${t(k)}</label>`) },
      { key: 'texts', label: `${t('reflectionText')} / ${t('wishText')}`, cell: (c) => html`
        <${Field} name="reflectionText" id=${`bd-${c.id}-r`} type="textarea" rows="2" label=${t('reflectionText')}
          value=${value(c).reflectionText || ''} onInput=${(v) => set(c, 'reflectionText', v)} error=${(state(c).errors || {}).reflectionText} />
        <${Field} name="wishText" id=${`bd-${c.id}-w`} label=${t('wishText')} value=${value(c).wishText || ''}
          onInput=${(v) => set(c, 'wishText', v)} error=${(state(c).errors || {}).wishText} />` },
      { key: 'save', label: t('save'), hideLabel: true, cell: (c) => html`<button type="button" class="btn primary" onClick=${() => save(c)}>${t('save')}</button>
        ${state(c).saved ? html` <span class="badge ok" role="status">${t('saved')}</span>` : null}
        ${state(c).error ? html`<div class="error" role="alert">${errorText(state(c).error, t.lang)}</div>` : null}` },
    ]} />`}<//>
  </section>`;
}

function Parties({ ctx, t, classes }) {
  const today = chinaToday();
  const list = useLoad(() => ctx.api('parties'), []);
  const [open, setOpen] = useState(null);
  const [form, setForm] = useState({ month: today.slice(0, 7), classId: null, partyDate: today, title: '' });
  const save = useSave(t);
  const create = (ev) => {
    ev.preventDefault();
    save.run(async () => {
      const p = await ctx.api('parties', { method: 'POST', body: { month: form.month, partyDate: form.partyDate,
        title: form.title || null, classId: form.classId ? Number(form.classId) : null } });
      list.reload();
      setOpen(p.id);
    });
  };
  const set = (k) => (v) => setForm((f) => ({ ...f, [k]: v }));
  const e = save.errors;
  return html`<div>
    <form class="card" onSubmit=${create} novalidate aria-label=${t('newParty')}>
      <h3>${t('newParty')}</h3>
      <${SaveStatus} save=${save} t=${t} shown=${['month', 'classId', 'partyDate', 'title']} />
      <div class="toolbar">
        <${Field} name="month" id="bd-pm" type="month" required label=${t('partyMonth')} value=${form.month} onInput=${set('month')} error=${e.month} />
        <${Field} name="classId" id="bd-pc" type="select" label=${t('partyClass')} empty=${t('allClasses')} value=${form.classId}
          onInput=${set('classId')} error=${e.classId} options=${classes.map((c) => [c.id, c.name])} />
        <${Field} name="partyDate" id="bd-pd" type="date" required label=${t('partyDate')} value=${form.partyDate} onInput=${set('partyDate')}
          error=${e.partyDate} />
        <${Field} name="title" id="bd-pt" label=${t('partyTitle')} value=${form.title} onInput=${set('title')} error=${e.title}
          attrs=${{ maxlength: 200 }} />
        <button class="btn primary toolbar-actions" type="submit" disabled=${save.busy}>${t('create')}</button>
      </div>
    </form>
    ${open ? html`<${PartyDetail} key=${open} ctx=${ctx} t=${t} id=${open} onClose=${() => setOpen(null)} onChanged=${list.reload} />` : null}
    <section class="card">
      <${Loaded} state=${list} t=${t}>${(data) => html`<${Table} id="birthdays-parties" rows=${data.items} rowKey=${(p) => p.id}
        empty=${t('none')} columns=${[
          { key: 'partyDate', label: t('partyDate'), cell: (p) => html`${p.partyDate} <span class="muted">${p.title}</span>` },
          { key: 'month', label: t('partyMonth'), cell: (p) => p.month },
          { key: 'class', label: t('class'), cell: (p) => p.className || t('allClasses') },
          { key: 'celebration', label: t('celebration'), cell: (p) => html`${t('partyChildren', { n: p.children })} · <span
            class=${'badge ' + (p.celebrated === p.children ? 'ok' : 'warn')}>${t('partyCelebrated', { n: p.celebrated })}</span>` },
          { key: 'open', label: t('open'), hideLabel: true, cell: (p) => html`<button type="button" class="btn small" onClick=${() => setOpen(p.id)}>${t('open')}</button>` },
        ]} />`}<//>
    </section>
  </div>`;
}

// ---------- coverage

function Coverage({ ctx, t }) {
  const coverage = useLoad(() => ctx.api('coverage'), []);
  return html`<${Loaded} state=${coverage} t=${t}>${(c) => html`<section class="card">
    <p>${t('schoolYear')} ${c.from} – ${c.to}</p>
    <div class="grid">
      <div><div class="birthdays-stat">${c.children}</div>${t('children')}</div>
      <div><div class="birthdays-stat">${c.birthdaysSoFar}</div>${t('birthdaysSoFar')}</div>
      <div><div class="birthdays-stat">${c.celebrated}</div>${t('celebrated')}</div>
      <div><div class="birthdays-stat">${c.coverageSoFar}%</div>${t('coverageSoFar')}</div>
    </div>
    <${Table} id="birthdays-coverage" rows=${c.classes} columns=${[
      { key: 'class', label: t('class'), cell: (r) => r.className || '—' },
      { key: 'children', label: t('children') },
      { key: 'birthdaysSoFar', label: t('birthdaysSoFar') },
      { key: 'celebrated', label: t('celebrated') },
      { key: 'fullyCelebrated', label: t('fullyCelebrated') },
    ]} />
  </section>`}<//>`;
}

// ---------- feeds

function Feed({ ctx, t, classes }) {
  const [error, setError] = useState(null);
  const feed = (c) => `/api/programmes/birthdays/classes/${c.id}/calendar.ics`;
  const download = async (c) => {
    setError(null);
    try {
      await saveFile(await ctx.fetch(`${feed(c)}?lang=${ctx.lang}`), `class-${c.id}.ics`);
    } catch (e) {
      setError(e);
    }
  };
  return html`<section class="card birthdays-feed">
    <p>${t('feedIntro')}</p>
    <${ErrorBox} error=${error} t=${t} />
    <${Table} id="birthdays-feeds" rows=${classes} rowKey=${(c) => c.id} columns=${[
      { key: 'class', label: t('class'), cell: (c) => c.name },
      { key: 'url', label: t('feedUrl'), cell: (c) => html`<code>${location.origin}${feed(c)}?school=${ctx.school}&lang=${ctx.lang}</code>` },
      { key: 'download', label: t('download'), hideLabel: true, cell: (c) => html`<button type="button" class="btn small"
        onClick=${() => download(c)}>${t('download')}</button>` },
    ]} />
  </section>`;
}

// ---------- page

const VIEWS = { calendar: MonthView, upcoming: Upcoming, parties: Parties, coverage: Coverage, feed: Feed };

function Page({ ctx, t }) {
  const [tab, setTab] = useState('calendar');
  const classes = useLoad(() => ctx.api('classes').then((d) => d.items, () => []), []);
  const View = VIEWS[tab];
  return html`<div class="birthdays">
    <h1>${t('title')}</h1><p class="muted">${t('subtitle')}</p>
    <${Tabs} tabs=${TABS.map((k) => [k, t('tabs.' + k)])} current=${tab} onChange=${setTab} label=${t('title')} />
    <div role="tabpanel"><${View} key=${tab} ctx=${ctx} t=${t} classes=${classes.data || []} /></div>
  </div>`;
}

export const render = programmePage(Page, { css: 'birthdays.css' });
