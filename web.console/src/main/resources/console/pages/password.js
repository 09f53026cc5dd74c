// 修改密码: the signed-in user changes their own password (POST /api/me/password); the platform ends their other
// sessions and keeps this one. Also the form an administrator sets a user's new password with (users page). Below it,
// the user's notification settings (issue 19).
import { html, useEffect } from '../lib/preact.js';
import { api } from '../api.js';
import { Form } from '../lib/kit.js';
import { NotificationSettings } from './notify-settings.js';

/** The repeated new password must match: checked in the browser, shown beside the repeat field. */
export function repeatCheck(t, field) {
  return (v) => (v[field] && v.repeat !== v[field] ? { repeat: t('password.mismatch') } : {});
}

/** A new password and its repetition; `name` is the field the API checks (newPassword, or password for a reset). */
export function newPasswordSpecs(t, name, label) {
  return [
    { name, label, type: 'password', required: true, hint: t('password.hint'), autocomplete: 'new-password' },
    { name: 'repeat', label: t('password.repeat'), type: 'password', required: true, autocomplete: 'new-password' },
  ];
}

export function PasswordPage({ t, me, lang, route }) {
  const toNotify = route && route.query.get('notify');
  useEffect(() => {
    if (toNotify) {
      // from the user menu's 通知设置: the settings below the password form
      setTimeout(() => document.getElementById('notify-settings')?.scrollIntoView(), 300);
    }
  }, [toNotify]);
  const specs = [
    { name: 'currentPassword', label: t('password.current'), type: 'password', required: true, autocomplete: 'current-password' },
    ...newPasswordSpecs(t, 'newPassword', t('password.new')),
  ];
  return html`<h1 id="h-password">${t('password.title')}</h1>
    <section class="card narrow" aria-labelledby="h-password">
      <p class="muted">${t('password.intro', { name: me.username })}</p>
      <${Form} t=${t} id="password-form" grid=${false} specs=${specs} initial=${{ currentPassword: '', newPassword: '', repeat: '' }}
        validate=${repeatCheck(t, 'newPassword')} clearOnDone=${true} doneText=${t('password.changed')}
        submitLabel=${t('password.submit')}
        submit=${(v) => api('/api/me/password', { method: 'POST', school: false,
          body: { currentPassword: v.currentPassword, newPassword: v.newPassword } })}>
        <input type="text" hidden name="username" autocomplete="username" value=${me.username} readonly />
      <//>
    </section>
    <${NotificationSettings} t=${t} lang=${lang} />`;
}
