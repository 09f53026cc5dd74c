// 消息通知设置 (issue 19): an account's email, mobile number and, per kind of notice, the channels besides the inbox
// (email, 企业微信, SMS: those the platform has configured). On the account page for oneself (/api/me/notifications) and
// on the users page for an administrator (/api/users/{id}/notifications). "As my role" sends nothing of its own: the
// channels configured for the account's roles apply.
import { html } from '../lib/preact.js';
import { api } from '../api.js';
import { useLoad, Loaded, Form, useSave, SaveStatus } from '../lib/kit.js';
import { inboxChanged } from './inbox.js';

export function NotificationSettings({ t, lang, url = '/api/me/notifications', id = 'notify-settings' }) {
  const state = useLoad(() => api(url, { school: false }), [url]);
  const own = url === '/api/me/notifications';
  return html`<section class="card narrow" aria-labelledby=${id + '-h'} id=${id}>
    <h2 id=${id + '-h'}>${t('notify.title')}</h2>
    <p class="muted">${t('notify.intro')}</p>
    <${Loaded} state=${state} t=${t}>${(d) => html`<${SettingsForm} t=${t} lang=${lang} data=${d} url=${url} id=${id} />`}<//>
    ${own ? html`<${TestNotice} t=${t} />` : null}
  </section>`;
}

/** Sends oneself a test notice (POST /api/me/notifications/test): it arrives under 消息 and on the chosen channels. */
function TestNotice({ t }) {
  const save = useSave(t);
  const send = () => save.run(() => api('/api/me/notifications/test', { method: 'POST' }).then(inboxChanged));
  return html`<div class="test-notice">
    <h3>${t('notify.testTitle')}</h3>
    <p class="muted">${t('notify.testIntro')}</p>
    <${SaveStatus} save=${save} t=${t} doneText=${t('notify.testSent')} />
    <div class="actions"><button type="button" class="btn" id="notify-test" disabled=${save.busy} onClick=${send}>
      ${t('notify.test')}</button></div>
  </div>`;
}

function SettingsForm({ t, lang, data, url, id }) {
  const options = data.available.map((c) => [c, t('notify.channel.' + c)]);
  const kinds = data.kinds.map((k) => [k.kind, lang === 'en' ? k.labelEn : k.labelZh]);
  const specs = [
    { name: 'email', label: t('notify.email'), type: 'email', autocomplete: 'email', hint: t('notify.emailHint') },
    { name: 'mobile', label: t('notify.mobile'), type: 'tel', inputmode: 'numeric', autocomplete: 'tel' },
  ];
  if (options.length) {
    specs.push({ name: 'roleDefaults', label: t('notify.roleDefaults'), type: 'checkbox' });
    specs.push({ name: 'ch:*', label: t('notify.allKinds'), type: 'checks', options });
    kinds.forEach(([k, label]) => specs.push({ name: 'ch:' + k, label: t('notify.kind', { name: label }), type: 'checks', options }));
  }
  const initial = { email: data.email || '', mobile: data.mobile || '', roleDefaults: !('*' in data.channels) };
  specs.filter((s) => s.name.startsWith('ch:')).forEach((s) => { initial[s.name] = data.channels[s.name.slice(3)] || []; });
  const submit = (v) => {
    const channels = {};
    if (options.length) {
      if (!v.roleDefaults) {
        channels['*'] = v['ch:*'] || [];
      }
      kinds.forEach(([k]) => { if ((v['ch:' + k] || []).length) { channels[k] = v['ch:' + k]; } });
    }
    return api(url, { method: 'PUT', school: false, body: { email: v.email, mobile: v.mobile, channels } });
  };
  return html`${options.length ? null : html`<p class="muted" id=${id + '-inbox-only'}>${t('notify.inboxOnly')}</p>`}
    <${Form} t=${t} id=${id + '-form'} grid=${false} specs=${specs} initial=${initial} submit=${submit}
      submitLabel=${t('notify.save')} doneText=${t('notify.saved')} />`;
}
