// Strings of the console, from i18n/zh.json and i18n/en.json (through the kit, which uses them too); 中文 by default.
import { consoleTexts } from './lib/kit.js';

export const LANGS = ['zh', 'en'];

export function initialLang() {
  const saved = localStorage.getItem('guanai.lang');
  return LANGS.includes(saved) ? saved : 'zh';
}

/**
 * Loads the console's strings in `lang`, remembers the choice and sets the document's language; resolves to the
 * console's translator: the kit's (t('key', {name: 'x'}), t.or, t.lang …) and `t.e(type, value)`, the label of an enum
 * value (`t.e('LeftBehindType', 'BOTH_AWAY')`).
 */
export async function loadLang(lang) {
  const t = await consoleTexts(lang);
  localStorage.setItem('guanai.lang', lang);
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  t.e = (type, value) => (value == null || value === '' ? '' : t(`enum.${type}.${value}`));
  return t;
}

/** Enum values as select options with their labels: options(t, 'Gender', ['MALE', 'FEMALE']). */
export function options(t, type, values) {
  return values.map((v) => [v, t.e(type, v)]);
}
