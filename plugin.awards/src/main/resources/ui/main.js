// 表彰 page: the school's nominations (filter by school year and state), a nomination with its evidence, the school's or
// the county's decision and the certificate to print (A4); the form to nominate (the nominee picked from the children,
// the staff, the pairing programme's mentors, or named by hand; the evidence shown before submitting); the 考评 table
// per mentor with its xlsx. The console kit gives the strings (t), loading, fields with the API's errors, and tables
// that become cards on a phone.
import { html, useState, useRef } from '/console/lib/preact.js';
import { programmePage, useLoad, Loaded, ErrorBox, Table, Pager, Field, useSave, SaveStatus, saveFile, Alert }
  from '/console/lib/kit.js';

const STATES = ['NOMINATED', 'SCHOOL_APPROVED', 'APPROVED', 'REFUSED'];
const KINDS = ['TALK', 'HOME_VISIT', 'PARENT_CALL'];
const PAGE = 20;
const BADGE = { NOMINATED: 'warn', SCHOOL_APPROVED: 'warn', APPROVED: 'ok', REFUSED: 'bad' };
const pct = (r) => `${Math.round(r * 1000) / 10}%`;

function Nominations({ ctx, t, awards, version, onOpen }) {
  const [page, setPage] = useState(0);
  const [year, setYear] = useState(String(awards.currentYear));
  const [state, setState] = useState(null);
  const list = useLoad(() => ctx.api('nominations', { query: { page, size: PAGE, ...(year ? { year } : {}), ...(state ? { state } : {}) } }),
    [page, year, state, version]);
  return html`<div>
    <div class="form-grid">
      <${Field} name="year" id="awards-filter-year" type="select" label=${t('schoolYear')} empty=${t('allYears')} value=${year}
        onInput=${(v) => { setPage(0); setYear(v); }} options=${awards.years.map((y) => [String(y), t('yearLabel', { y, z: y + 1 })])} />
      <${Field} name="state" id="awards-filter-state" type="select" label=${t('state')} empty=${t('allStates')} value=${state}
        onInput=${(v) => { setPage(0); setState(v); }} options=${STATES.map((s) => [s, t(s)])} />
    </div>
    <${Loaded} state=${list} t=${t}>${(data) => html`<${Table} id="awards-nominations" caption=${t('nominations')} rows=${data.items}
      rowKey=${(n) => n.id} empty=${t('none')} columns=${[
        { key: 'name', label: t('nominee'), cell: (n) => n.nominee.name },
        { key: 'award', label: t('award'), cell: (n) => t(n.award) },
        { key: 'year', label: t('schoolYear'), cell: (n) => t('yearLabel', { y: n.schoolYear, z: n.schoolYear + 1 }) },
        { key: 'state', label: t('state'), cell: (n) => html`<span class=${'badge ' + BADGE[n.state]}>${t(n.state)}</span>` },
        { key: 'open', label: t('open'), hideLabel: true, cell: (n) => html`<button type="button" class="btn small"
          onClick=${() => onOpen(n.id)}>${t('open')}</button>` },
      ]} />
      <${Pager} t=${t} page=${data.page} size=${data.size} total=${data.total} onPage=${setPage} />`}<//>
  </div>`;
}

function Facts({ t, facts }) {
  return html`<ul class="awards-evidence">${facts.map((f) => html`<li>${t.lang === 'en' ? f.en : f.zh}</li>`)}</ul>`;
}

function Certificate({ ctx, t, id }) {
  const frame = useRef(null);
  const page = useLoad(() => ctx.fetch(`/api/programmes/awards/nominations/${id}/certificate`).then((r) => r.text()), [id]);
  // the A4 sheet (about 1190 px with its margins on screen) scaled down to the frame; printed at its own size
  const fit = (scale) => {
    const d = frame.current && frame.current.contentDocument;
    if (d && d.documentElement) {
      d.documentElement.style.zoom = scale ? String(Math.min(1, frame.current.clientWidth / 1190)) : '';
    }
  };
  const print = () => {
    fit(false);
    frame.current.contentWindow.print();
    fit(true);
  };
  return html`<${Loaded} state=${page} t=${t}>${(doc) => html`<div>
    <div class="actions"><button type="button" class="btn primary" id="awards-print" onClick=${print}>${t('print')}</button></div>
    <iframe ref=${frame} id="awards-certificate" title=${t('certificate')} srcdoc=${doc} class="awards-certificate"
      onLoad=${() => fit(true)}></iframe>
  </div>`}<//>`;
}

function NominationView({ ctx, t, id, onChanged }) {
  const n = useLoad(() => ctx.api(`nominations/${id}`), [id]);
  const [reason, setReason] = useState('');
  const decide = useSave(t);
  const canDecide = ctx.user.permissions.includes('awards.approve');
  const run = (approve) => decide.run(async () => {
    await ctx.api(`nominations/${id}/decision`, { method: 'POST', body: { approve, version: n.data.version, reason: reason || null } });
    n.reload();
    onChanged();
  });
  return html`<section class="card" aria-labelledby="awards-view-title">
    <${Loaded} state=${n} t=${t}>${(d) => html`
      <h2 id="awards-view-title">${d.nominee.name} · ${t(d.award)}</h2>
      <p class="muted">${t('yearLabel', { y: d.schoolYear, z: d.schoolYear + 1 })} · ${d.nominee.role || t(d.nominee.kind)} ·
        <span class=${'badge ' + BADGE[d.state]}>${t(d.state)}</span></p>
      <h3>${t('reason')}</h3><p>${d.reason}</p>
      <h3>${t('evidence')}</h3><${Facts} t=${t} facts=${d.evidence} />
      ${d.refusal ? html`<${Alert}>${t('refusedBecause')}: ${d.refusal}<//>` : null}
      ${canDecide && (d.state === 'NOMINATED' || d.state === 'SCHOOL_APPROVED') ? html`<div>
        <h3>${t(d.state === 'NOMINATED' ? 'schoolStep' : 'countyStep')}</h3>
        <${SaveStatus} save=${decide} t=${t} doneText=${t('decided')} shown=${['reason']} />
        <${Field} name="reason" id="awards-refusal" type="textarea" label=${t('refusal')} hint=${t('refusalHint')} value=${reason}
          onInput=${setReason} error=${decide.errors.reason} attrs=${{ maxlength: 500 }} />
        <div class="actions">
          <button type="button" class="btn primary" id="awards-approve" disabled=${decide.busy} onClick=${() => run(true)}>${t('approve')}</button>
          <button type="button" class="btn danger" id="awards-refuse" disabled=${decide.busy} onClick=${() => run(false)}>${t('refuse')}</button>
        </div></div>` : null}
      ${d.state === 'APPROVED' ? html`<h3>${t('certificate')}</h3><${Certificate} ctx=${ctx} t=${t} id=${d.id} />` : null}`}<//>
  </section>`;
}

function NewNomination({ ctx, t, awards, onSaved }) {
  const [v, setV] = useState({ award: null, schoolYear: String(awards.currentYear), kind: null, reason: '' });
  const [preview, setPreview] = useState(null);
  const save = useSave(t);
  const look = useSave(t);
  const set = (k) => (x) => { setPreview(null); setV((o) => ({ ...o, [k]: x })); };
  const award = awards.items.find((a) => a.code === v.award);
  const kinds = award ? award.nominees : [];
  const children = useLoad(() => (v.kind === 'CHILD' ? ctx.api('/api/children', { query: { size: 200 } }).then((r) => r.items)
    : Promise.resolve([])), [v.kind]);
  const staff = useLoad(() => (v.kind === 'STAFF' ? ctx.api(`/api/schools/${ctx.school}/staff`).catch(() => []) : Promise.resolve([])), [v.kind]);
  const mentors = useLoad(() => (v.kind === 'MENTOR' ? ctx.api('mentors', { query: { year: v.schoolYear } })
    : Promise.resolve({ installed: true, items: [] })), [v.kind, v.schoolYear]);
  const body = () => {
    const nominee = { kind: v.kind };
    if (v.kind === 'CHILD') { nominee.childId = v.childId ? Number(v.childId) : null; }
    if (v.kind === 'STAFF') { nominee.staffId = v.staffId ? Number(v.staffId) : null; }
    if (v.kind === 'MENTOR' && v.mentor) { const [k, id] = v.mentor.split(':'); nominee.mentorKind = k; nominee.mentorId = Number(id); }
    if (v.kind === 'PERSON') { nominee.name = v.name || null; nominee.role = v.role || null; }
    return { award: v.award, schoolYear: Number(v.schoolYear), nominee: v.kind ? nominee : null, reason: v.reason || null };
  };
  const errors = { ...look.errors, ...save.errors };
  const submit = (e) => {
    e.preventDefault();
    save.run(async () => {
      const n = await ctx.api('nominations', { method: 'POST', body: body() });
      setV({ award: null, schoolYear: String(awards.currentYear), kind: null, reason: '' });
      setPreview(null);
      onSaved(n.id);
    });
  };
  const shown = ['award', 'schoolYear', 'nominee', 'nominee.childId', 'nominee.staffId', 'nominee.mentorId', 'nominee.name', 'nominee.role', 'reason'];
  return html`<section class="card" aria-labelledby="awards-new-title"><h2 id="awards-new-title">${t('new')}</h2>
    <form onSubmit=${submit} novalidate>
      <${SaveStatus} save=${save} t=${t} doneText=${t('saved')} shown=${shown} />
      <div class="form-grid">
        <${Field} name="award" id="awards-award" type="select" label=${t('award')} required=${true} value=${v.award} error=${errors.award}
          onInput=${(x) => { setPreview(null); setV((o) => ({ ...o, award: x, kind: null })); }}
          options=${awards.items.map((a) => [a.code, t.lang === 'en' ? a.nameEn : a.nameZh])} />
        <${Field} name="schoolYear" id="awards-year" type="select" label=${t('schoolYear')} required=${true} value=${v.schoolYear}
          error=${errors.schoolYear} onInput=${set('schoolYear')} options=${awards.years.map((y) => [String(y), t('yearLabel', { y, z: y + 1 })])} />
        <${Field} name="nominee" id="awards-kind" type="select" label=${t('nomineeKind')} required=${true} value=${v.kind}
          error=${errors.nominee} onInput=${set('kind')} hint=${award ? null : t('chooseAwardFirst')}
          options=${kinds.map((k) => [k, t(k)])} />
        ${v.kind === 'CHILD' ? html`<${Field} name="nominee.childId" id="awards-child" type="select" label=${t('CHILD')} required=${true}
          value=${v.childId} error=${errors['nominee.childId']} onInput=${set('childId')}
          options=${(children.data || []).map((c) => [String(c.id), c.name])} />` : null}
        ${v.kind === 'STAFF' ? html`<${Field} name="nominee.staffId" id="awards-staff" type="select" label=${t('STAFF')} required=${true}
          value=${v.staffId} error=${errors['nominee.staffId']} onInput=${set('staffId')}
          options=${(staff.data || []).map((s) => [String(s.id), s.name])} />` : null}
        ${v.kind === 'MENTOR' ? html`<${Field} name="nominee.mentorId" id="awards-mentor" type="select" label=${t('MENTOR')} required=${true}
          value=${v.mentor} error=${errors['nominee.mentorId']} onInput=${set('mentor')}
          hint=${mentors.data && !mentors.data.installed ? t('noPairing') : null}
          options=${((mentors.data && mentors.data.items) || []).filter((m) => award.mentorKinds.includes(m.mentorKind))
            .map((m) => [`${m.mentorKind}:${m.mentorId}`, `${m.mentorName} (${t('mk.' + m.mentorKind)})`])} />` : null}
        ${v.kind === 'PERSON' ? html`
          <${Field} name="nominee.name" id="awards-name" label=${t('name')} required=${true} value=${v.name} error=${errors['nominee.name']}
            onInput=${set('name')} attrs=${{ maxlength: 100 }} />
          <${Field} name="nominee.role" id="awards-role" label=${t('role')} required=${true} value=${v.role} error=${errors['nominee.role']}
            onInput=${set('role')} attrs=${{ maxlength: 100 }} />` : null}
      </div>
      <${Field} name="reason" id="awards-reason" type="textarea" label=${t('reason')} required=${true} value=${v.reason} error=${errors.reason}
        onInput=${(x) => setV((o) => ({ ...o, reason: x }))} attrs=${{ maxlength: 2000 }} />
      <div class="actions">
        <button type="button" class="btn" id="awards-preview" disabled=${look.busy || !v.kind}
          onClick=${() => look.run(async () => setPreview(await ctx.api('evidence', { method: 'POST', body: body() })))}>${t('preview')}</button>
        <button type="submit" class="btn primary" disabled=${save.busy}>${t('nominate')}</button>
      </div>
      ${look.error && !Object.keys(look.errors).length ? html`<${ErrorBox} error=${look.error} t=${t} />` : null}
      ${preview ? html`<div id="awards-preview-box" role="status"><h3>${t('evidenceOf', { name: preview.name })}</h3>
        <${Facts} t=${t} facts=${preview.evidence} /></div>` : null}
    </form>
  </section>`;
}

function Appraisal({ ctx, t }) {
  const [semester, setSemester] = useState('');
  const data = useLoad(() => ctx.api('appraisal', { query: semester ? { semester } : {} }), [semester]);
  const download = useSave(t);
  const options = (y) => [`${y}-AUTUMN`, `${y}-SPRING`, `${y - 1}-AUTUMN`, `${y - 1}-SPRING`];
  return html`<section class="card" aria-labelledby="awards-appraisal-title"><h2 id="awards-appraisal-title">${t('appraisal')}</h2>
    <p class="muted">${t('appraisalIntro')}</p>
    <${Loaded} state=${data} t=${t}>${(a) => html`
      <${Field} name="semester" id="awards-semester" type="select" label=${t('semester')} value=${semester || a.semester}
        onInput=${(x) => setSemester(x || '')} options=${options(Number(a.semester.slice(0, 4))).map((s) => [s, t('sem', {
          y: s.slice(0, 4), term: t(s.slice(5)) })])} />
      ${a.installed ? null : html`<${Alert} kind="warn">${t('noPairing')}<//>`}
      <p class="muted">${a.from} – ${a.to}</p>
      <div class="actions"><button type="button" class="btn" id="awards-xlsx" disabled=${download.busy} onClick=${() => download.run(async () =>
        saveFile(await ctx.fetch(`/api/programmes/awards/appraisal.xlsx?semester=${a.semester}`), `awards-${a.semester}.xlsx`))}>
        ${t('download')}</button></div>
      <${ErrorBox} error=${download.error} t=${t} />
      <${Table} id="awards-appraisal" caption=${t('appraisal')} rows=${a.items} rowKey=${(r) => `${r.mentorKind}:${r.mentorId}`}
        empty=${t('noMentors')} columns=${[
          { key: 'mentor', label: t('mentor'), cell: (r) => r.mentorName },
          { key: 'kind', label: t('mentorKind'), cell: (r) => t('mk.' + r.mentorKind) },
          { key: 'children', label: t('children'), cell: (r) => r.children },
          ...KINDS.map((k) => ({ key: k, label: t(k), cell: (r) => {
            const d = r.duties.find((x) => x.kind === k);
            return d ? t('metOf', { met: d.met, due: d.due }) : '';
          } })),
          { key: 'rate', label: t('rate'), cell: (r) => (r.due ? html`<span class=${'badge ' + (r.rate >= 0.8 ? 'ok' : 'warn')}>${pct(r.rate)}</span>` : '—') },
        ]} />`}<//>
  </section>`;
}

function Page({ ctx, t }) {
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState(null);
  const awards = useLoad(() => ctx.api('awards'), []);
  const canNominate = ctx.user.permissions.includes('awards.nominate');
  const changed = () => setVersion((n) => n + 1);
  return html`<h1 id="awards-title">${t('title')}</h1>
    <p class="muted">${t('intro')}</p>
    <${Loaded} state=${awards} t=${t}>${(a) => html`
      <section class="card" aria-labelledby="awards-list-title"><h2 id="awards-list-title">${t('nominations')}</h2>
        <${Nominations} ctx=${ctx} t=${t} awards=${a} version=${version} onOpen=${setOpen} /></section>
      ${open ? html`<${NominationView} key=${open} ctx=${ctx} t=${t} id=${open} onChanged=${changed} />` : null}
      ${canNominate ? html`<${NewNomination} ctx=${ctx} t=${t} awards=${a} onSaved=${(id) => { changed(); setOpen(id); }} />` : null}`}<//>
    <${Appraisal} ctx=${ctx} t=${t} />`;
}

export const render = programmePage(Page, { css: 'awards.css' });
