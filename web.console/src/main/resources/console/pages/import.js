// 导入花名册: the import wizard (issue 16). Choose a file (xlsx, xls, csv) → check it (a dry run: POST
// /api/schools/{sid}/roster/imports?dryRun=true, then GET /api/roster/imports/{id} until it is no longer RUNNING) → the
// recognised columns (as written in the file, with the field each fills) and the first rows → what it will do (rows,
// archives to create, update or leave, classes to create, columns ignored), or the errors by row and cell → apply
// (dryRun=false) with a progress bar → a summary with a link to each new archive. The template to fill in:
// GET /api/roster/template.xlsx.
import { html, useState, useEffect, useRef } from '../lib/preact.js';
import { rawFetch } from '../api.js';
import { ErrorBox, Alert, Table, readJson, saveFile } from '../lib/kit.js';
import { fileNameOf } from './children.js';

/** The media type of an upload, by the file's extension (a browser often gives none for xls or csv). */
export function mediaType(name) {
  const ext = (name.split('.').pop() || '').toLowerCase();
  return { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xls: 'application/vnd.ms-excel',
    csv: 'text/csv' }[ext] || null;
}

/** How often the status is asked for while an import runs. */
const POLL_MS = 400;

const pick = (o, lang) => (lang === 'en' ? o.message_en || o.message_zh : o.message_zh || o.message_en);

/** A column's label in the page's language: the field it fills, never its code. */
const label = (c, lang) => (lang === 'en' ? c.label_en || c.label_zh : c.label_zh || c.label_en);

/** Posts the file and follows the import until it ends; `onProgress(status)` with every answer. */
async function run(school, file, dryRun, onProgress, cancelled) {
  const query = new URLSearchParams({ dryRun: String(dryRun), filename: file.name });
  const started = await readJson(await rawFetch(`/api/schools/${school}/roster/imports?${query}`,
    { method: 'POST', body: file, headers: { 'Content-Type': mediaType(file.name) || 'application/octet-stream' } }));
  let status = started;
  onProgress(status);
  while (status.status === 'RUNNING' && !cancelled()) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    status = await readJson(await rawFetch(`/api/roster/imports/${started.id}`));
    onProgress(status);
  }
  return status;
}

/** While an import runs, `total` counts the rows read so far: the dry run's total (`expected`) is the bar's end. */
function Progress({ t, status, expected }) {
  const total = Math.max(status.total || 0, expected || 0);
  const done = Math.min(status.processed || 0, total);
  return html`<div class="import-progress" id="import-progress">
    <label for="import-bar">${t('import.progress', { done, total: total || '…' })}</label>
    <progress id="import-bar" max=${total || 1} value=${total ? done : undefined}>${total ? Math.round((100 * done) / total) + '%' : ''}</progress>
  </div>`;
}

/** Errors by row and cell: the row number as Excel shows it, the column as written in the file, the value, the message. */
function Errors({ t, errors }) {
  return html`<${Alert}>${t('import.rejected', { n: errors.length })}<//>
    <${Table} id="import-errors" caption=${t('import.errorsTitle')} rows=${errors} empty=${t('common.none')}
      columns=${[
        { key: 'row', label: t('import.row'), cell: (e) => (e.row == null ? '—' : e.row) },
        { key: 'column', label: t('import.column'), cell: (e) => e.column || '—' },
        { key: 'value', label: t('import.value'), cell: (e) => (e.value == null || e.value === '' ? '—' : e.value) },
        { key: 'message', label: t('import.message'), cell: (e) => pick(e, t.lang) },
      ]} />`;
}

function Counts({ t, status, dryRun }) {
  const k = dryRun ? 'import.will' : 'import.did';
  return html`<ul class="import-counts" id=${dryRun ? 'import-plan' : 'import-summary'}>
    <li>${t('import.total', { n: status.total || 0 })}</li>
    <li>${t(k + 'Create', { n: status.created || 0 })}</li>
    <li>${t(k + 'Update', { n: status.updated || 0 })}</li>
    <li>${t(k + 'Unchanged', { n: status.unchanged || 0 })}</li>
    ${(status.classesCreated || []).length ? html`<li>${t(k + 'Classes', { list: status.classesCreated.join('、') })}</li>` : null}
    ${(status.warnings || []).map((w) => html`<li class="muted import-warning">${w.column ? w.column + (t.lang === 'en' ? ': ' : '：') : ''}${pick(w, t.lang)}</li>`)}
  </ul>`;
}

/**
 * The recognised columns and the first rows, as the file has them: each column's header as written, with the field it
 * fills when that is named otherwise (身份证号 → 身份证件号).
 */
function Preview({ t, status }) {
  const columns = status.columns || [];
  if (!columns.length) {
    return null;
  }
  const head = (c) => {
    const l = label(c, t.lang);
    return c.column === l ? l : `${c.column} → ${l}`;
  };
  return html`<h2>${t('import.previewTitle')}</h2>
    <p class="muted">${t('import.previewHint', { n: (status.preview || []).length, columns: columns.length })}</p>
    <${Table} id="import-preview" caption=${t('import.previewTitle')} rows=${status.preview || []} empty=${t('common.none')}
      rowKey=${(r) => r.row}
      columns=${[{ key: 'row', label: t('import.row'), cell: (r) => r.row },
        ...columns.map((c, i) => ({ key: 'c' + i, label: head(c), cell: (r) => (r.cells || {})[c.column] || '' }))]} />`;
}

/**
 * The new archives, each linked to its page (the status lists the first ones; `created` counts them all), and the
 * school's children, where all of them are.
 */
function Archives({ t, status }) {
  const listed = status.createdChildren || [];
  const more = (status.created || 0) - listed.length;
  return html`${listed.length ? html`<h2>${t('import.newArchives')}</h2>
      <ul class="import-new" id="import-new">
        ${listed.map((k) => html`<li key=${k.id}><a href=${'#/children/' + k.id}>${k.name}</a></li>`)}
      </ul>` : null}
    ${more > 0 ? html`<p class="muted">${t('import.moreArchives', { n: more })}</p>` : null}
    <p><a href="#/children" id="import-children">${t('import.toChildren')}</a></p>`;
}

export function ImportPage({ t, school }) {
  const [file, setFile] = useState(null);
  const [step, setStep] = useState('choose'); // choose, checking, checked, applying, done
  const [status, setStatus] = useState(null);
  const [checked, setChecked] = useState(null); // the dry run's status, while the import applies
  const [error, setError] = useState(null);
  const alive = useRef(true);
  useEffect(() => () => { alive.current = false; }, []);
  const cancelled = () => !alive.current;

  const choose = (e) => {
    const f = e.target.files && e.target.files[0];
    setFile(f || null);
    setStatus(null);
    setChecked(null);
    setError(null);
    setStep('choose');
  };
  const go = async (dryRun) => {
    setError(null);
    setChecked(dryRun ? null : status);
    setStep(dryRun ? 'checking' : 'applying');
    try {
      const end = await run(school, file, dryRun, (s) => alive.current && setStatus(s), cancelled);
      if (alive.current) {
        setStep(end.status === 'DONE' ? 'done' : 'checked');
      }
    } catch (e) {
      if (alive.current) {
        setError(e);
        setStep('choose');
      }
    }
  };
  const template = async () => {
    try {
      const res = await rawFetch('/api/roster/template.xlsx');
      await saveFile(res, fileNameOf(res, t('import.templateName') + '.xlsx'));
    } catch (e) {
      setError(e);
    }
  };
  const ended = status && status.status !== 'RUNNING';
  return html`<h1>${t('import.title')}</h1>
    <div class="card">
      <p>${t('import.intro')}</p>
      <p><button type="button" class="btn small" id="import-template" onClick=${template}>${t('import.template')}</button></p>
      <div class="field">
        <label for="import-file">${t('import.file')}</label>
        <input id="import-file" type="file" accept=".xlsx,.xls,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,text/csv"
          onChange=${choose} disabled=${step === 'checking' || step === 'applying'} />
        <span class="hint">${t('import.fileHint')}</span>
      </div>
      <div class="actions">
        <button type="button" class="btn primary" id="import-check" disabled=${!file || !mediaType(file.name) || step === 'checking' || step === 'applying'}
          onClick=${() => go(true)}>${t('import.check')}</button>
      </div>
      ${file && !mediaType(file.name) ? html`<${Alert}>${t('import.wrongType')}<//>` : null}
      <${ErrorBox} error=${error} t=${t} />
    </div>
    ${status && (step === 'checking' || step === 'applying') ? html`<div class="card"><${Progress} t=${t} status=${status}
      expected=${checked && checked.total} /></div>` : null}
    ${ended && (status.status === 'REJECTED' || status.status === 'VALIDATED') && (status.columns || []).length
      ? html`<div class="card"><${Preview} t=${t} status=${status} /></div>` : null}
    ${ended && status.status === 'REJECTED' ? html`<div class="card"><${Errors} t=${t} errors=${status.errors || []} />
      <p class="muted">${t('import.fixAndRetry')}</p></div>` : null}
    ${ended && status.status === 'FAILED' ? html`<div class="card"><${Alert}>${t('import.failed')}<//></div>` : null}
    ${ended && status.status === 'VALIDATED' ? html`<div class="card">
      <${Alert} kind="ok">${t('import.valid')}<//>
      <${Counts} t=${t} status=${status} dryRun=${true} />
      <div class="actions"><button type="button" class="btn primary" id="import-apply" onClick=${() => go(false)}>${t('import.apply')}</button></div>
    </div>` : null}
    ${step === 'done' ? html`<div class="card">
      <${Alert} kind="ok">${t('import.done')}<//>
      <${Counts} t=${t} status=${status} dryRun=${false} />
      <${Archives} t=${t} status=${status} />
    </div>` : null}`;
}
