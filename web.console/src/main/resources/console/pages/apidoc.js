// 接口文档 (modules.admin): the routes the platform serves now, from its OpenAPI 3 document (GET /api/openapi.json),
// grouped by the core and each installed programme: method, path, summary in the console's language, the permission it
// needs (in words), its parameters and the fields of its JSON body. Installing or removing a programme changes it.
import { html, useState } from '../lib/preact.js';
import { api } from '../api.js';
import { useLoad, Loaded, Field, Table } from '../lib/kit.js';

/**
 * Who has the page in the menu: those who administer the modules (county administrators), since they install the
 * programmes whose routes it lists and hand the platform to those who connect other systems to it. The document itself
 * answers every signed-in caller.
 */
export function mayReadApi(me) {
  return !!me && me.permissions.includes('modules.admin');
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const METHOD_BADGE = { get: 'ok', post: 'warn', put: 'warn', patch: 'warn', delete: 'bad' };

/** The summary of an operation in `lang`: the SDK writes English as `summary`, 中文 as `description` (or x-summary-zh). */
function summary(op, lang) {
  const zh = op['x-summary-zh'] || op.description;
  return (lang === 'en' ? op.summary || zh : zh || op.summary) || '';
}

/** A text written "中文 / English" (the SDK's parameter descriptions) in `lang`. */
function bilingual(text, lang) {
  const parts = String(text || '').split(' / ');
  return parts.length === 2 ? parts[lang === 'en' ? 1 : 0] : text || '';
}

/** The schema `$ref` points at, or the schema itself. */
function resolve(doc, schema) {
  const ref = schema && schema.$ref;
  return ref ? (doc.components && doc.components.schemas && doc.components.schemas[ref.split('/').pop()]) || {} : schema || {};
}

/** A schema's type in short: string (date), integer, Child, array of Note, one of MALE | FEMALE. */
function typeOf(schema) {
  if (!schema) {
    return '';
  }
  if (schema.$ref) {
    return schema.$ref.split('/').pop();
  }
  if (schema.type === 'array') {
    return `${typeOf(schema.items)}[]`;
  }
  if (schema.enum) {
    return schema.enum.join(' | ');
  }
  return schema.type ? schema.type + (schema.format ? ` (${schema.format})` : '') : 'object';
}

/** The routes of the document as rows, grouped by tag (core, then each programme id). */
function routesByTag(doc) {
  const groups = new Map();
  for (const [path, ops] of Object.entries(doc.paths || {})) {
    for (const method of METHODS) {
      const op = ops[method];
      if (!op) {
        continue;
      }
      // the core's own routes under /api/programmes/{programme} carry the template as their tag: they are the core's
      const tag = op.tags && op.tags[0] && !op.tags[0].startsWith('{') ? op.tags[0] : 'core';
      if (!groups.has(tag)) {
        groups.set(tag, []);
      }
      groups.get(tag).push({ method, path, op });
    }
  }
  for (const rows of groups.values()) {
    rows.sort((a, b) => (a.path === b.path ? METHODS.indexOf(a.method) - METHODS.indexOf(b.method) : a.path < b.path ? -1 : 1));
  }
  return [...groups.entries()].sort(([a], [b]) => (a === 'core' ? -1 : b === 'core' ? 1 : a < b ? -1 : 1));
}

/** The permission a route needs, in words: `x-permission` is open, signed in, none, or permission ids joined by " | ". */
function Permission({ t, value, names }) {
  if (value === 'open') {
    return t('api.perm.open');
  }
  if (value === 'signed in') {
    return t('api.perm.signedIn');
  }
  if (!value || value === 'none') {
    return html`<span class="muted">${t('api.perm.none')}</span>`;
  }
  const ids = value.split('|').map((p) => p.trim()).filter(Boolean);
  return ids.map((id, i) => html`${i ? ` ${t('api.perm.or')} ` : ''}<span data-permission=${id}>${names(id)}</span>`);
}

/** Parameters and the fields of the JSON body (or the kind of file an upload takes). */
function Details({ t, doc, op }) {
  const params = op.parameters || [];
  const content = (op.requestBody && op.requestBody.content) || {};
  const json = content['application/json'];
  const body = json ? resolve(doc, json.schema) : null;
  const fields = body && body.type === 'array' ? Object.entries(resolve(doc, body.items).properties || {})
    : Object.entries((body && body.properties) || {});
  const uploads = Object.keys(content).filter((c) => c !== 'application/json');
  if (!params.length && !fields.length && !uploads.length && !body) {
    return null;
  }
  return html`<details class="api-details">
    <summary>${t('api.details')}</summary>
    ${params.length ? html`<h3 class="small">${t('api.parameters')}</h3><ul class="api-fields">
      ${params.map((p) => html`<li data-param=${p.name}><code>${p.name}</code> <span class="muted">${t.or('api.in.' + p.in, p.in)} ·
        ${typeOf(p.schema)}${p.required ? ' · ' + t('api.required') : ''}</span>
        ${p.description ? html`<div>${bilingual(p.description, t.lang)}</div>` : null}</li>`)}</ul>` : null}
    ${body ? html`<h3 class="small">${body.type === 'array' ? t('api.bodyList') : t('api.body')}</h3>
      ${fields.length ? html`<ul class="api-fields">${fields.map(([name, s]) => html`<li data-field=${name}><code>${name}</code>
        <span class="muted">${typeOf(s)}</span></li>`)}</ul>` : html`<p class="muted">${typeOf(json.schema)}</p>`}` : null}
    ${uploads.length ? html`<h3 class="small">${t('api.upload')}</h3><p>${uploads.join(', ')}</p>` : null}
  </details>`;
}

export function ApiPage({ t }) {
  const doc = useLoad(() => api('/api/openapi.json', { school: false }), []);
  const programmes = useLoad(() => api('/api/programmes', { school: false }).then((r) => r.items || [], () => []), []);
  const [filter, setFilter] = useState('');
  const list = programmes.data || [];
  const programmeName = (tag) => {
    const p = list.find((x) => x.id === tag);
    return tag === 'core' ? t('api.core') : (p && (t.lang === 'en' ? p.nameEn : p.nameZh)) || tag;
  };
  const names = (id) => {
    const own = list.flatMap((p) => p.permissions || []).find((x) => x.id === id);
    return own ? (t.lang === 'en' ? own.nameEn : own.nameZh) || id : t.or('permission.' + id, id);
  };
  const q = filter.trim().toLowerCase();
  const matches = (r) => !q || r.path.toLowerCase().includes(q) || summary(r.op, t.lang).toLowerCase().includes(q);
  return html`<h1>${t('api.title')}</h1>
    <p class="muted">${t('api.intro')}</p>
    <div class="card toolbar" role="search">
      <${Field} name="filter" type="search" id="api-filter" label=${t('api.filter')} hint=${t('api.filterHint')} value=${filter}
        onInput=${setFilter} />
      <a class="btn toolbar-actions" href="/api/openapi.json" download="guanai-openapi.json">${t('api.download')}</a>
    </div>
    <${Loaded} state=${doc} t=${t}>${(d) => {
      const groups = routesByTag(d).map(([tag, rows]) => [tag, rows.filter(matches)]).filter(([, rows]) => rows.length);
      if (!groups.length) {
        return html`<p class="muted">${t('api.none')}</p>`;
      }
      return html`<nav class="card api-index" aria-label=${t('api.index')}><ul>
          ${groups.map(([tag, rows]) => html`<li><a href=${'#api-' + tag} onClick=${(e) => {
            e.preventDefault();
            document.getElementById('api-' + tag)?.scrollIntoView();
          }}>${programmeName(tag)}</a> <span class="muted">${t('api.routes', { n: rows.length })}</span></li>`)}
        </ul></nav>
        ${groups.map(([tag, rows]) => html`<section class="card" id=${'api-' + tag} data-tag=${tag} aria-labelledby=${'api-h-' + tag}>
          <h2 id=${'api-h-' + tag}>${programmeName(tag)} <span class="muted small">${t('api.routes', { n: rows.length })}</span></h2>
          <${Table} caption=${programmeName(tag)} rows=${rows} rowKey=${(r) => r.method + ' ' + r.path}
            rowAttrs=${(r) => ({ 'data-route': r.method.toUpperCase() + ' ' + r.path })} columns=${[
              { key: 'route', label: t('api.route'), cell: (r) => html`<span class=${'badge ' + METHOD_BADGE[r.method]}>${r.method.toUpperCase()}</span>
                ${' '}<code class="api-path">${r.path}</code>` },
              { key: 'summary', label: t('api.summary'), cell: (r) => summary(r.op, t.lang) || html`<span class="muted">—</span>` },
              { key: 'permission', label: t('api.permission'), cell: (r) => html`<${Permission} t=${t} value=${r.op['x-permission']} names=${names} />` },
              { key: 'details', label: t('api.details'), hideLabel: true, cell: (r) => html`<${Details} t=${t} doc=${d} op=${r.op} />` },
            ]} />
        </section>`)}`;
    }}<//>`;
}
