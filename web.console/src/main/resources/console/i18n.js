// Strings of the console, from i18n/zh.json and i18n/en.json; 中文 by default.
const dictionaries = {};

export const LANGS = ['zh', 'en'];

export function initialLang() {
  const saved = localStorage.getItem('guanai.lang');
  return LANGS.includes(saved) ? saved : 'zh';
}

export async function loadLang(lang) {
  if (!dictionaries[lang]) {
    const res = await fetch(`/console/i18n/${lang}.json`, { credentials: 'same-origin' });
    dictionaries[lang] = await res.json();
  }
  localStorage.setItem('guanai.lang', lang);
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  return dictionaries[lang];
}

/** A translator for `lang`: t('key', {name: 'x'}) replaces {name}; a missing key shows the key. */
export function translator(lang) {
  const d = dictionaries[lang] || {};
  const t = (key, params) => {
    let s = d[key];
    if (s === undefined) {
      return key;
    }
    if (params) {
      for (const [k, v] of Object.entries(params)) {
        s = s.split('{' + k + '}').join(String(v));
      }
    }
    return s;
  };
  /** The label of an enum value: t.e('LeftBehindType', 'BOTH_AWAY'). */
  t.e = (type, value) => (value == null || value === '' ? '' : t(`enum.${type}.${value}`));
  /** The string of `key`, or `fallback` when the files have none (a value the console does not know yet). */
  t.or = (key, fallback) => (d[key] === undefined ? fallback : t(key));
  t.lang = lang;
  return t;
}
