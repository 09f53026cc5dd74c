// Sign in: POST /api/login answers the user with a csrfToken; the session cookie is HttpOnly.
import { html, useState } from '../lib/preact.js';
import { api } from '../api.js';
import { Field, errorText } from '../lib/kit.js';

export function Login({ t, switchLang, onSignedIn }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api('/api/login', { method: 'POST', body: { username, password }, school: false });
      onSignedIn(me);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return html`<main class="login" id="main">
    <h1>${t('app.name')}</h1>
    <p class="muted" style="text-align:center">${t('login.subtitle')}</p>
    <form class="card" onSubmit=${submit} novalidate aria-labelledby="login-title">
      <h2 id="login-title">${t('login.title')}</h2>
      ${error ? html`<div class="alert bad" role="alert">${errorText(error, t.lang)}</div>` : null}
      <${Field} spec=${{ name: 'username', label: t('login.username'), autocomplete: 'username', required: true }}
        value=${username} onInput=${setUsername} />
      <${Field} spec=${{ name: 'password', label: t('login.password'), type: 'password', autocomplete: 'current-password', required: true }}
        value=${password} onInput=${setPassword} />
      <div class="actions">
        <button type="submit" class="btn primary" id="login-submit" disabled=${busy}>${busy ? t('login.signingIn') : t('login.submit')}</button>
        <button type="button" class="btn" id="lang-switch" onClick=${switchLang}>${t('nav.otherLanguage')}</button>
      </div>
    </form>
  </main>`;
}
