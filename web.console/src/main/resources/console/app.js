// The console shell: login, the menu (registry pages and the pages programmes contribute), the school the console acts
// for, 中文/English, and a hash router. It knows no programme by name: the menu comes from GET /api/programmes.
import { html, render, useState, useEffect, useCallback, useRef } from './lib/preact.js';
import { api, setCsrf, setSchool as apiSetSchool, onUnauthorised } from './api.js';
import { initialLang, loadLang } from './i18n.js';
import { navigate, parseHash } from './router.js';
import { Login } from './pages/login.js';
import { Dashboard } from './pages/dashboard.js';
import { ChildrenList } from './pages/children.js';
import { ChildPage, NewChild } from './pages/child.js';
import { SchoolsPage } from './pages/schools.js';
import { UsersPage } from './pages/users.js';
import { ProgrammeSettings } from './pages/programmes.js';
import { ModulesPage } from './pages/modules.js';
import { ProgrammePage } from './pages/programme.js';
import { AuditPage } from './pages/audit.js';
import { PasswordPage } from './pages/password.js';
import { ApiPage, mayReadApi } from './pages/apidoc.js';
import { ImportPage } from './pages/import.js';
import { Bell, InboxPage } from './pages/inbox.js';
import { SafetyPage } from './pages/safety.js';
import { ReturnsPage } from './pages/returns.js';

/** localStorage key: someone signed in from this browser (the session cookie itself is HttpOnly). */
const SIGNED_IN = 'guanai.signedIn';

const has = (me, p) => !!me && me.permissions.includes(p);

function menuItems(me, t) {
  const items = [];
  if (has(me, 'registry.read') || has(me, 'registry.aggregate')) {
    items.push({ path: '', label: t('nav.dashboard') });
  }
  if (has(me, 'registry.read')) {
    items.push({ path: 'children', label: t('nav.children') });
  }
  if (has(me, 'safety.read')) { // 监护预警与事件 (issue 19): administrators and class teachers, not health workers nor officers
    items.push({ path: 'safety', label: t('nav.safety') });
  }
  if (has(me, 'registry.aggregate')) { // 报表与审核报送 (issue 20): school and county administrators, officers
    items.push({ path: 'returns', label: t('nav.returns') });
  }
  if (has(me, 'registry.import')) { // the import wizard (issue 16): school and county administrators
    items.push({ path: 'import', label: t('nav.import') });
  }
  if (has(me, 'schools.manage') || has(me, 'classes.manage')) {
    items.push({ path: 'schools', label: t('nav.schools') });
  }
  if (has(me, 'users.manage') || has(me, 'users.manage.school')) { // every account, or those of one's schools
    items.push({ path: 'users', label: t('nav.users') });
  }
  if (has(me, 'programmes.enable')) {
    items.push({ path: 'programmes', label: t('nav.programmeSettings') });
  }
  if (has(me, 'modules.admin')) {
    items.push({ path: 'modules', label: t('nav.modules') });
  }
  if (has(me, 'audit.read')) {
    items.push({ path: 'audit', label: t('nav.audit') });
  }
  if (mayReadApi(me)) {
    items.push({ path: 'api', label: t('nav.api') });
  }
  return items;
}

/** The signed-in user's menu in the header: their name (on a phone, "Account"), and changing their password. */
function UserMenu({ t, name, open, setOpen }) {
  const box = useRef(null);
  useEffect(() => {
    if (!open) {
      return undefined;
    }
    const outside = (e) => { if (box.current && !box.current.contains(e.target)) { setOpen(false); } };
    const escape = (e) => {
      if (e.key === 'Escape') {
        setOpen(false);
        box.current?.querySelector('button')?.focus();
      }
    };
    document.addEventListener('click', outside);
    document.addEventListener('keydown', escape);
    return () => { document.removeEventListener('click', outside); document.removeEventListener('keydown', escape); };
  }, [open]);
  return html`<div class="user-menu" ref=${box}>
    <button type="button" class="btn small" id="user-menu" aria-expanded=${open ? 'true' : 'false'} aria-controls="user-menu-list"
      onClick=${() => setOpen(!open)}>
      <span class="long">${name}</span><span class="short">${t('nav.account')}</span></button>
    <ul id="user-menu-list" class="dropdown" hidden=${!open}>
      <li><a href="#/password" id="change-password" onClick=${() => setOpen(false)}>${t('nav.changePassword')}</a></li>
      <li><a href="#/password?notify=1" id="notify-settings-link" onClick=${() => setOpen(false)}>${t('nav.notifySettings')}</a></li>
    </ul>
  </div>`;
}

function App() {
  const [lang, setLang] = useState(initialLang());
  const [t, setT] = useState(null); // the console's strings in `lang`, once loaded
  const [me, setMe] = useState(undefined); // undefined: not known yet; null: signed out
  const [schools, setSchools] = useState([]);
  const [school, setSchoolState] = useState(null);
  const [programmes, setProgrammes] = useState([]);
  const [permissions, setPermissions] = useState([]);
  const [programmesReady, setProgrammesReady] = useState(false);
  const [route, setRoute] = useState(parseHash());
  const [menuOpen, setMenuOpen] = useState(false);
  const [userMenuOpen, setUserMenuOpen] = useState(false);

  useEffect(() => { loadLang(lang).then((loaded) => setT(() => loaded)); }, [lang]);
  useEffect(() => {
    const f = () => { setRoute(parseHash()); setMenuOpen(false); setUserMenuOpen(false); };
    addEventListener('hashchange', f);
    return () => removeEventListener('hashchange', f);
  }, []);
  useEffect(() => {
    onUnauthorised(() => { setCsrf(null); localStorage.removeItem(SIGNED_IN); setMe(null); });
    // Ask who is signed in only after a sign-in in this browser: a signed-out start shows the login page at once,
    // without a 401 in the browser's console.
    if (localStorage.getItem(SIGNED_IN)) {
      api('/api/me', { school: false }).then((m) => { setCsrf(m.csrfToken); setMe(m); }, () => setMe(null));
    } else {
      setMe(null);
    }
  }, []);

  const chooseSchool = useCallback((id) => {
    apiSetSchool(id);
    if (id != null) {
      sessionStorage.setItem('guanai.school', String(id));
    }
    setSchoolState(id);
  }, []);

  // the schools the user may act for, and the one the console acts for
  useEffect(() => {
    if (!me) {
      setSchools([]);
      return;
    }
    const many = me.allSchools || me.schoolIds.length > 1;
    const load = many
      ? api('/api/schools', { school: false, query: { size: 500 } }).then((r) => r.items)
      : Promise.all(me.schoolIds.map((id) => api(`/api/schools/${id}`, { school: false }).catch(() => ({ id, name: null }))));
    load.catch(() => me.schoolIds.map((id) => ({ id, name: '#' + id }))).then((list) => {
      const reach = me.allSchools ? list : list.filter((s) => me.schoolIds.includes(s.id));
      setSchools(reach);
      const saved = Number(sessionStorage.getItem('guanai.school'));
      const chosen = reach.find((s) => s.id === saved) || reach[0];
      chooseSchool(chosen ? chosen.id : null);
    });
  }, [me]);

  // the programmes enabled for the school: the menu's programme pages
  const reloadProgrammes = useCallback(() => {
    if (!me || school == null) {
      setProgrammes([]);
      return Promise.resolve();
    }
    // the permissions too: a programme installed since the sign-in brings its own (<id>.read …)
    return Promise.all([api('/api/programmes', { school }), api('/api/me', { school: false })]).then(([r, m]) => {
      setPermissions(m.permissions);
      setProgrammes(r.items || []);
      setProgrammesReady(true);
    }, () => { setProgrammes([]); setProgrammesReady(true); });
  }, [me, school]);
  useEffect(() => { reloadProgrammes(); }, [reloadProgrammes]);

  if (!t || me === undefined) {
    return html`<p class="loading">加载中… Loading…</p>`;
  }
  const switchLang = () => setLang(lang === 'zh' ? 'en' : 'zh');
  if (!me) {
    return html`<${Login} t=${t} switchLang=${switchLang} onSignedIn=${(m) => { setCsrf(m.csrfToken); localStorage.setItem(SIGNED_IN, '1'); setMe(m); }} />`;
  }
  const logout = async () => {
    try { await api('/api/logout', { method: 'POST', school: false }); } catch (e) { /* signed out anyway */ }
    setCsrf(null);
    localStorage.removeItem(SIGNED_IN);
    sessionStorage.removeItem('guanai.school');
    setMe(null);
    navigate('');
  };

  const items = menuItems(me, t);
  const pages = programmes.filter((p) => p.ui && p.state === 'ACTIVE' && permissions.includes(p.id + '.read'));
  const [head, ...rest] = route.parts;
  const current = head || '';
  const ctx = { t, lang, me, school, schools, chooseSchool, programmes, reloadProgrammes, route };
  const notFound = html`<div class="card"><h1>${t('common.notFound')}</h1></div>`;
  let page;
  if (school == null && (me.allSchools || me.schoolIds.length)) {
    page = html`<p class="muted">${t('common.loading')}</p>`;
  } else {
    switch (current) {
      case '': page = html`<${Dashboard} ...${ctx} />`; break;
      case 'children':
        page = rest[0] === 'new' ? html`<${NewChild} ...${ctx} />`
          : rest[0] ? html`<${ChildPage} key=${rest[0]} ...${ctx} id=${rest[0]} tab=${rest[1] || 'archive'} />`
          : html`<${ChildrenList} ...${ctx} />`;
        break;
      case 'schools': page = html`<${SchoolsPage} ...${ctx} />`; break;
      case 'users': page = html`<${UsersPage} ...${ctx} />`; break;
      case 'programmes': page = html`<${ProgrammeSettings} ...${ctx} />`; break;
      case 'modules': page = html`<${ModulesPage} ...${ctx} />`; break;
      case 'audit': page = has(me, 'audit.read') ? html`<${AuditPage} ...${ctx} />` : notFound; break;
      case 'safety': page = has(me, 'safety.read') ? html`<${SafetyPage} ...${ctx} />` : notFound; break;
      case 'returns': page = has(me, 'registry.aggregate') ? html`<${ReturnsPage} ...${ctx} />` : notFound; break;
      case 'import': page = has(me, 'registry.import') ? html`<${ImportPage} ...${ctx} />` : notFound; break;
      case 'password': page = html`<${PasswordPage} ...${ctx} />`; break;
      case 'inbox': page = html`<${InboxPage} ...${ctx} />`; break;
      case 'api': page = mayReadApi(me) ? html`<${ApiPage} ...${ctx} />` : notFound; break;
      case 'p': {
        const p = pages.find((x) => x.id === rest[0]);
        // enabled and running, but the user's roles lack its read permission: say so, not "not enabled"
        const barred = programmes.find((x) => x.id === rest[0] && x.state === 'ACTIVE' && x.enabled !== false
          && !permissions.includes(x.id + '.read'));
        page = !p && !programmesReady ? html`<p class="muted">${t('common.loading')}</p>`
          : p ? html`<${ProgrammePage} key=${p.id + '/' + school + '/' + lang} ...${ctx} programme=${p} />`
          : barred ? html`<div class="card" id="programme-no-permission"><h1>${t('programme.noPermissionTitle')}</h1>
              <p>${t('programme.noPermission', { name: lang === 'en' ? barred.nameEn : barred.nameZh })}</p></div>`
          : html`<div class="card"><h1>${t('programme.notEnabledTitle')}</h1><p>${t('programme.notEnabled')}</p></div>`;
        break;
      }
      default: page = notFound;
    }
  }
  const schoolName = (s) => s.name || t('common.school', { id: s.id });
  return html`
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById('main').focus(); }}>${t('nav.skip')}</a>
    <header class="topbar">
      <button type="button" class="btn small menu-toggle" aria-expanded=${menuOpen} aria-controls="menu"
        onClick=${() => setMenuOpen(!menuOpen)}>${t('nav.menu')}</button>
      <a class="brand" href="#/"><span class="long">${t('app.name')}</span><span class="short">${t('app.short')}</span></a>
      ${schools.length > 1 ? html`<label class="sr-only" for="school-switch">${t('nav.school')}</label>
        <select id="school-switch" value=${school ?? ''} onChange=${(e) => chooseSchool(Number(e.target.value))}>
          ${schools.map((s) => html`<option value=${s.id}>${schoolName(s)}</option>`)}
        </select>` : null}
      <${UserMenu} t=${t} open=${userMenuOpen} setOpen=${setUserMenuOpen}
        name=${(me.displayName || me.username) + (schools.length === 1 && schools[0].name ? ' · ' + schools[0].name : '')} />
      <button type="button" class="btn small" id="lang-switch" lang=${lang === 'zh' ? 'en' : 'zh'} onClick=${switchLang}>
        ${t('nav.otherLanguage')}</button>
      <${Bell} t=${t} />
      <button type="button" class="btn small" id="logout" onClick=${logout}>${t('nav.logout')}</button>
    </header>
    <div class="layout">
      <nav id="menu" class=${'menu' + (menuOpen ? '' : ' closed')} aria-label=${t('nav.label')}>
        <ul>
          ${items.map((i) => html`<li><a href=${'#/' + i.path} aria-current=${current === i.path ? 'page' : undefined}>${i.label}</a></li>`)}
        </ul>
        ${pages.length ? html`<div class="section" id="menu-programmes">${t('nav.programmes')}</div>
          <ul aria-labelledby="menu-programmes">
            ${pages.map((p) => html`<li><a href=${'#/p/' + p.id} data-programme=${p.id}
              aria-current=${current === 'p' && rest[0] === p.id ? 'page' : undefined}>
              ${lang === 'en' ? p.ui.menuEn : p.ui.menuZh}</a></li>`)}
          </ul>` : null}
      </nav>
      <main id="main" tabindex="-1">${page}</main>
    </div>`;
}

render(html`<${App} />`, document.getElementById('app'));
