// The 农历 (Chinese lunisolar calendar) date of a Gregorian date, from the browser's own ICU (Intl's `chinese`
// calendar): nothing is computed here but the wording. 中文 as people write it (乙未年正月初一, 丁酉年闰六月初一);
// English readable ("day 1 of leap month 6 of the ding-you year, 2017"). A browser without the calendar gets null.

const DAY_TENS = ['初', '十', '廿', '三'];
const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 1 → 初一, 10 → 初十, 11 → 十一, 20 → 二十, 21 → 廿一, 30 → 三十. */
export function lunarDayZh(day) {
  if (day === 10) {
    return '初十';
  }
  if (day === 20) {
    return '二十';
  }
  if (day === 30) {
    return '三十';
  }
  return DAY_TENS[Math.floor(day / 10)] + DIGITS[day % 10];
}

function parts(locale, iso, month) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m) {
    return null;
  }
  const format = new Intl.DateTimeFormat(locale + '-u-ca-chinese', { year: 'numeric', month, day: 'numeric', timeZone: 'UTC' });
  if (format.resolvedOptions().calendar !== 'chinese') {
    return null;
  }
  const out = {};
  for (const p of format.formatToParts(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))))) {
    out[p.type] = p.value;
  }
  return out;
}

/**
 * The 农历 date of an ISO date (yyyy-mm-dd) in the console's language, or null (no date, or no Chinese calendar in this
 * browser): zh `乙未年正月初一` (a leap month as 闰六月), en `day 1 of month 1 of the yi-wei year, 2015` (`leap month 6`).
 */
export function lunarDate(iso, lang) {
  try {
    if (lang === 'en') {
      const p = parts('en', iso, 'numeric');
      const n = p && /^(\d+)(bis)?$/.exec(p.month || '');
      const year = parts('en', iso, 'long');
      if (!n || !year) {
        return null;
      }
      return `day ${Number(p.day)} of ${n[2] ? 'leap month' : 'month'} ${Number(n[1])} of the ${year.yearName} year, ${p.relatedYear}`;
    }
    const p = parts('zh-CN', iso, 'long');
    if (!p || !p.yearName || !p.month || !/^\d+$/.test(p.day || '')) {
      return null;
    }
    return `${p.yearName}年${p.month}${lunarDayZh(Number(p.day))}`;
  } catch (e) {
    return null;
  }
}
