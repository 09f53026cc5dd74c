// 儿童档案: search and filter the children of the acting school (GET /api/children), page by page.
import { html, useState } from '../lib/preact.js';
import { api, rawFetch } from '../api.js';
import { useLoad, Loaded, Field, Pager, Table, ErrorBox, saveFile } from '../lib/kit.js';
import { options } from '../i18n.js';

export const LEFT_BEHIND = ['BOTH_AWAY', 'FATHER_AWAY', 'MOTHER_AWAY', 'NONE'];
export const GUARDIAN_KINDS = ['GRANDPARENTS', 'MATERNAL_GRANDPARENTS', 'PARENT', 'RELATIVE', 'DELEGATED', 'TEMPORARY'];

/** The classes of a school, as [[id, name]]. */
export function useClasses(school) {
  return useLoad(() => (school == null ? Promise.resolve([])
    : api(`/api/schools/${school}/classes`).then((list) => (Array.isArray(list) ? list : list.items || []))), [school]);
}

/** The file name a download's `Content-Disposition` gives (RFC 6266 `filename*`), else `fallback`. */
export function fileNameOf(response, fallback) {
  const m = /filename\*=UTF-8''([^;]+)/i.exec(response.headers.get('Content-Disposition') || '');
  return m ? decodeURIComponent(m[1]) : fallback;
}

/**
 * A file to download from the API: `download(url)` saves the answer under the name it gives (else `fallback`);
 * `{ busy, error, download }`.
 */
export function useDownload(fallback) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const download = async (url) => {
    setBusy(true);
    try {
      const res = await rawFetch(url);
      await saveFile(res, fileNameOf(res, fallback));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, download };
}

/** 导出花名册: the roster of the acting school (of the chosen class, if one is chosen), or the county's, as xlsx. */
function RosterButtons({ t, school, me, classId }) {
  const { busy, error, download } = useDownload(t('roster.fileName') + '.xlsx');
  const ofSchool = `/api/schools/${school}/roster.xlsx` + (classId ? `?class=${classId}` : '');
  return html`<div class="actions" id="roster-export">
    <button type="button" class="btn" id="roster-school" disabled=${busy} onClick=${() => download(ofSchool)}>
      ${t(classId ? 'roster.exportClass' : 'roster.exportSchool')}</button>
    ${me.allSchools ? html`<button type="button" class="btn" id="roster-county" disabled=${busy}
      onClick=${() => download('/api/roster.xlsx')}>${t('roster.exportCounty')}</button>` : null}
    ${me.permissions.includes('registry.import') ? html`<a class="btn" href="#/import" id="open-import">${t('import.title')}</a>` : null}
    <${ErrorBox} error=${error} t=${t} />
  </div>`;
}

export function ChildrenList({ t, school, me }) {
  const [filters, setFilters] = useState({ q: '', class: null, leftBehindType: null, guardianKind: null });
  const [applied, setApplied] = useState(filters);
  const [page, setPage] = useState(0);
  const classes = useClasses(school);
  const size = 20;
  const list = useLoad(() => api('/api/children', { query: { ...applied, school, page, size } }), [school, applied, page]);
  const classOptions = (classes.data || []).map((c) => [c.id, c.name]);
  const className = (id) => (classes.data || []).find((c) => c.id === id)?.name || '';
  const set = (k) => (v) => setFilters((f) => ({ ...f, [k]: v }));
  const search = (e) => {
    e.preventDefault();
    setPage(0);
    setApplied({ ...filters });
  };
  const canWrite = me.permissions.includes('registry.write');
  return html`<h1>${t('children.title')}</h1>
    <form class="card toolbar" role="search" onSubmit=${search}>
      <${Field} spec=${{ name: 'q', label: t('children.search'), type: 'search', hint: t('children.searchHint') }}
        value=${filters.q} onInput=${set('q')} />
      <${Field} spec=${{ name: 'class', label: t('child.classId'), type: 'select', options: classOptions, empty: t('common.all') }}
        value=${filters.class} onInput=${set('class')} />
      <${Field} spec=${{ name: 'leftBehindType', label: t('child.leftBehindType'), type: 'select', empty: t('common.all'),
        options: options(t, 'LeftBehindType', LEFT_BEHIND) }} value=${filters.leftBehindType} onInput=${set('leftBehindType')} />
      <${Field} spec=${{ name: 'guardianKind', label: t('children.guardianKind'), type: 'select', empty: t('common.all'),
        options: options(t, 'GuardianKind', GUARDIAN_KINDS) }} value=${filters.guardianKind} onInput=${set('guardianKind')} />
      <button type="submit" class="btn primary">${t('common.search')}</button>
      ${canWrite ? html`<a class="btn" href="#/children/new" id="new-child">${t('children.new')}</a>` : null}
    </form>
    <${RosterButtons} t=${t} school=${school} me=${me} classId=${applied.class} />
    <${Loaded} state=${list} t=${t}>${(data) => html`
      <${Table} id="children-table" caption=${t('children.title')} rows=${data.items} rowKey=${(c) => c.id} empty=${t('common.none')}
        columns=${[
          { key: 'name', label: t('child.name'), cell: (c) => html`<a href=${'#/children/' + c.id}>${c.name}</a>` },
          { key: 'gender', label: t('child.gender'), cell: (c) => t.e('Gender', c.gender) },
          { key: 'birthDate', label: t('child.birthDate') },
          { key: 'class', label: t('child.classId'), cell: (c) => className(c.classId) },
          { key: 'leftBehindType', label: t('child.leftBehindType'), cell: (c) => html`<span
            class=${'badge' + (c.leftBehindType === 'BOTH_AWAY' ? ' warn' : '')}>${t.e('LeftBehindType', c.leftBehindType)}</span>` },
          // nothing at all when there is nothing to note: the empty cell is left out of a phone's card (td:empty)
          { key: 'notes', label: t('children.notes'), cell: (c) => (!c.unattended && !(c.flags || []).length ? null
            : html`${c.unattended ? html`<span class="badge bad">${t('child.unattended')}</span>` : null}
            ${(c.flags || []).map((f) => html` <span class="badge">${t.e('ChildFlag', f)}</span>`)}`) },
        ]} />
      <${Pager} t=${t} page=${data.page} size=${data.size} total=${data.total} onPage=${setPage} />`}<//>`;
}
