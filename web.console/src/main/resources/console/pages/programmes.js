// 项目设置: the programmes installed, each enabled or not for the acting school (PUT /api/schools/{s}/programmes/{p}).
// Disabling asks first (the programme leaves the school's menu; its data is kept), enabling does not.
import { html, useState } from '../lib/preact.js';
import { api } from '../api.js';
import { useLoad, Loaded, ErrorBox, ConfirmDialog } from '../lib/kit.js';

export function ProgrammeSettings({ t, school, schools, reloadProgrammes }) {
  const list = useLoad(() => api(`/api/schools/${school}/programmes`), [school]);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(null);
  const [confirming, setConfirming] = useState(null);
  const acting = schools.find((s) => s.id === school);
  const schoolName = acting && acting.name ? acting.name : t('common.school', { id: school });
  const toggle = async (p) => {
    setConfirming(null);
    setBusy(p.id);
    try {
      await api(`/api/schools/${school}/programmes/${p.id}`, { method: 'PUT', body: { enabled: !p.enabled, settings: p.settings || {} } });
      setError(null);
      list.reload();
      await reloadProgrammes();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const name = (p) => (t.lang === 'en' ? p.nameEn : p.nameZh) || p.id;
  const description = (p) => (t.lang === 'en' ? p.descriptionEn : p.descriptionZh) || '';
  return html`<h1>${t('programmes.title')}</h1>
    <p class="muted">${t('programmes.intro', { school: schoolName })}</p>
    <${ErrorBox} error=${error} t=${t} />
    <${Loaded} state=${list} t=${t}>${(data) => html`
    ${data.length ? null : html`<p class="muted">${t('programmes.none')}</p>`}
    <div class="grid" id="programme-settings">
      ${data.map((p) => html`<section class="card" data-programme=${p.id} aria-labelledby=${'prog-' + p.id}>
        <h2 id=${'prog-' + p.id}>${name(p)}</h2>
        <p>${description(p)}</p>
        <p><span class=${'badge ' + (p.enabled ? 'ok' : '')}>${p.enabled ? t('programmes.enabled') : t('programmes.disabled')}</span>
          ${' '}<span class=${'badge ' + (p.state === 'ACTIVE' ? '' : 'warn')}>${t.or('state.' + p.state, p.state)}</span>
          ${' '}<span class="muted">v${p.version || p.bundleVersion}</span></p>
        <button type="button" class=${'btn ' + (p.enabled ? '' : 'primary')} disabled=${busy === p.id}
          aria-pressed=${p.enabled ? 'true' : 'false'} data-action="toggle" onClick=${() => (p.enabled ? setConfirming(p) : toggle(p))}>
          ${p.enabled ? t('programmes.disable') : t('programmes.enable')}</button>
      </section>`)}
    </div>`}<//>
    ${confirming ? html`<${ConfirmDialog} t=${t} id="confirm-disable" title=${t('programmes.disableTitle', { name: name(confirming) })}
      confirmLabel=${t('programmes.disable')} danger=${true} onConfirm=${() => toggle(confirming)} onCancel=${() => setConfirming(null)}>
      <p>${t('programmes.disableConfirm', { name: name(confirming), school: schoolName })}</p>
      <p>${t('programmes.dataKept')}</p>
    <//>` : null}`;
}
