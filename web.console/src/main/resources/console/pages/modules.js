// 模块管理 (county administrators): installed bundles with state and version; upload a programme with a dry-run preview
// before applying (install, or update in place when it is installed); stop, start, uninstall; the operations log.
import { html, useState } from '../lib/preact.js';
import { api } from '../api.js';
import { useLoad, Loaded, ErrorBox, Alert, Table, useId, formatDateTime } from '../lib/kit.js';

const stateBadge = (s) => (s === 'ACTIVE' ? 'ok' : s === 'FAILED' || s === 'INSTALLED' ? 'bad' : 'warn');

function Upload({ t, onApplied }) {
  const id = useId('jar');
  const [file, setFile] = useState(null);
  const [plan, setPlan] = useState(null);
  const [error, setError] = useState(null);
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const preview = () => run(async () => {
    setResult(null);
    setPlan(null);
    setPlan(await api('/api/admin/bundles/dry-run', { method: 'POST', body: file, school: false }));
  });
  const apply = () => run(async () => {
    const update = plan.action === 'update';
    const r = await api(update ? `/api/admin/bundles/${encodeURIComponent(plan.bsn)}` : '/api/admin/bundles',
      { method: update ? 'PUT' : 'POST', body: file, school: false });
    setResult(r);
    setPlan(null);
    onApplied();
  });
  const list = (items) => (items && items.length ? html`<ul>${items.map((x) => html`<li>${typeof x === 'string' ? x : JSON.stringify(x)}</li>`)}</ul>`
    : html`<span class="muted">${t('common.none')}</span>`);
  return html`<section class="card" aria-labelledby="h-upload">
    <h2 id="h-upload">${t('modules.upload')}</h2>
    <p class="muted">${t('modules.uploadIntro')}</p>
    <div class="field">
      <label for=${id}>${t('modules.file')}</label>
      <input id=${id} type="file" accept=".jar,application/java-archive" onChange=${(e) => { setFile(e.target.files[0] || null); setPlan(null); setResult(null); setError(null); }} />
    </div>
    <div class="actions">
      <button type="button" class="btn" id="dry-run" disabled=${!file || busy} onClick=${preview}>${t('modules.preview')}</button>
    </div>
    <${ErrorBox} error=${error} t=${t} />
    ${result ? html`<${Alert} kind="ok">${t('modules.applied', { bsn: result.bsn, version: result.version, state: t.or('state.' + result.state, result.state) })}<//>` : null}
    ${plan ? html`<div class="card" id="dry-run-result" role="region" aria-label=${t('modules.previewTitle')} tabindex="-1">
      <h3>${t('modules.previewTitle')}</h3>
      ${plan.ok ? html`<${Alert} kind="ok">${t(plan.action === 'update' ? 'modules.wouldUpdate' : 'modules.wouldInstall', { bsn: plan.bsn, version: plan.version })}<//>`
        : html`<${Alert}>${t('modules.wouldFail')}<//>`}
      <dl class="facts">
        <dt>${t('modules.action')}</dt><dd id="plan-action">${t.or('modules.action.' + plan.action, plan.action)}</dd>
        <dt>${t('modules.bundle')}</dt><dd>${plan.bsn} ${plan.version}</dd>
        ${plan.currentVersion ? html`<dt>${t('modules.currentVersion')}</dt><dd>${plan.currentVersion}</dd>` : null}
        <dt>${t('modules.programme')}</dt><dd>${plan.programme || html`<span class="muted">—</span>`}</dd>
        <dt>${t('modules.signature')}</dt><dd>${plan.signature ? t.or('modules.signature.' + plan.signature.outcome, plan.signature.outcome) : '—'}</dd>
        <dt>${t('modules.refreshed')}</dt><dd>${list(plan.refreshed)}</dd>
        <dt>${t('modules.restarted')}</dt><dd>${list(plan.restarted)}</dd>
        <dt>${t('modules.missing')}</dt><dd>${list(plan.missingRequirements)}</dd>
        <dt>${t('modules.problems')}</dt><dd>${list(plan.problems)}</dd>
      </dl>
      <div class="actions">
        <button type="button" class="btn primary" id="apply" disabled=${!plan.ok || busy} onClick=${apply}>
          ${t(plan.action === 'update' ? 'modules.applyUpdate' : 'modules.applyInstall')}</button>
        <button type="button" class="btn" onClick=${() => setPlan(null)}>${t('common.cancel')}</button>
      </div>
    </div>` : null}
  </section>`;
}

// The log's detail as the server writes it (an English line, for the operators' logs too), in the page's words for the
// forms it takes after a success. A refusal or failure comes with its reason's code (`reason`): put in words
// (modules.reason.<code>), the English detail folded under 技术细节 for operators.
function detailText(d, t) {
  const text = String(d);
  const from = /^from (\S+) in (\d+) ms, (.+)$/.exec(text);
  if (from) {
    return t('modules.detail.from', { version: from[1], ms: from[2] }) + (t.lang === 'en' ? ', ' : '，') + trustText(from[3], t);
  }
  return trustText(text, t);
}

function trustText(p, t) {
  let m;
  if ((m = /^signed by (.+)$/.exec(p))) return t('modules.detail.signed', { signer: m[1] });
  if ((m = /^not signed, allowed by (.+)$/.exec(p))) return t('modules.detail.unsigned', { setting: m[1] });
  if ((m = /^shipped with the platform, SHA-256 (\S+)/.exec(p))) return t('modules.detail.shipped', { sha: m[1].slice(0, 12) });
  return t.or('modules.detail.' + p, p);
}

export function ModulesPage({ t, reloadProgrammes }) {
  const bundles = useLoad(() => api('/api/admin/bundles', { school: false }), []);
  const log = useLoad(() => api('/api/admin/bundles/log', { school: false }), []);
  const [all, setAll] = useState(false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(null);
  const reload = () => { bundles.reload(); log.reload(); reloadProgrammes(); };
  const op = async (b, what) => {
    if (what === 'uninstall' && !confirm(t('modules.uninstallConfirm', { bsn: b.bsn }))) {
      return;
    }
    setBusy(b.bsn);
    try {
      const path = `/api/admin/bundles/${encodeURIComponent(b.bsn)}`;
      await api(what === 'uninstall' ? path : `${path}/${what}`, { method: what === 'uninstall' ? 'DELETE' : 'POST', school: false });
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
      reload();
    }
  };
  const items = bundles.data ? bundles.data.items.filter((b) => all || b.managed) : [];
  return html`<h1>${t('modules.title')}</h1>
    <${Upload} t=${t} onApplied=${reload} />
    <section class="card" aria-labelledby="h-bundles">
      <h2 id="h-bundles">${t('modules.installed')}</h2>
      <div class="field check"><input type="checkbox" id="show-all" checked=${all} onChange=${(e) => setAll(e.target.checked)} />
        <label for="show-all">${t('modules.showAll')}</label></div>
      <${ErrorBox} error=${error} t=${t} />
      <${Loaded} state=${bundles} t=${t}>${() => html`<${Table} id="bundles-table" rows=${items} rowKey=${(b) => b.bsn}
        rowAttrs=${(b) => ({ 'data-bsn': b.bsn })} empty=${t('modules.noneManaged')} columns=${[
          { key: 'bsn', label: t('modules.bundle') },
          { key: 'version', label: t('modules.version') },
          { key: 'state', label: t('modules.state'), cell: (b) => html`<span class=${'badge ' + stateBadge(b.programmeState || b.state)}>
            ${t.or('state.' + (b.programmeState || b.state), b.programmeState || b.state)}</span>
            ${b.error ? html`<div class="muted">${b.error}</div>` : null}` },
          { key: 'programme', label: t('modules.programme'), cell: (b) => b.programme || '' },
          { key: 'actions', label: t('common.actions'), hideLabel: true, cell: (b) => (b.managed ? html`<div class="actions" style="margin:0">
            ${b.state === 'ACTIVE' ? html`<button type="button" class="btn small" disabled=${busy === b.bsn} onClick=${() => op(b, 'stop')}>${t('modules.stop')}</button>`
              : html`<button type="button" class="btn small" disabled=${busy === b.bsn} onClick=${() => op(b, 'start')}>${t('modules.start')}</button>`}
            <button type="button" class="btn small danger" disabled=${busy === b.bsn} onClick=${() => op(b, 'uninstall')}>${t('modules.uninstall')}</button>
          </div>` : html`<span class="muted">${t('modules.platform')}</span>`) },
        ]} />`}<//>
    </section>
    <section class="card" aria-labelledby="h-log">
      <h2 id="h-log">${t('modules.log')}</h2>
      <${Loaded} state=${log} t=${t}>${(data) => html`<${Table} id="modules-log" rows=${data.items.slice(0, 20)} columns=${[
        { key: 'at', label: t('modules.when'), cell: (e) => formatDateTime(e.at, t.lang) },
        { key: 'actor', label: t('modules.who'), cell: (e) => t.or('modules.actor.' + e.actor, e.actor) },
        { key: 'operation', label: t('modules.action'), cell: (e) => t.or('modules.op.' + e.operation, e.operation) },
        { key: 'bsn', label: t('modules.bundle'), cell: (e) => `${e.bsn || ''} ${e.version || ''}` },
        { key: 'outcome', label: t('modules.outcome'), cell: (e) => html`<span class=${'badge ' + (e.outcome === 'OK' ? 'ok' : 'bad')}>${t.or('modules.result.' + e.outcome, e.outcome)}</span>
          ${e.reason ? html` <span class="reason" data-reason=${e.reason}>${t.or('modules.reason.' + e.reason, t('modules.reason.other'))}</span>
            ${e.detail ? html`<details class="small"><summary>${t('modules.reason.technical')}</summary><code lang="en">${e.detail}</code></details>` : null}`
          : e.detail ? html` <span class="muted">${detailText(e.detail, t)}</span>` : null}` },
      ]} />`}<//>
    </section>`;
}
