package org.guanai.plugin.birthdays.internal;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import com.nlf.calendar.Solar;

/**
 * 农历: the Chinese lunisolar calendar (GB/T 33661-2017 《农历的编算和颁行》: months begin on the day, China Standard
 * Time, of the new moon; the month without a 中气 is the leap month), computed by the library lunar-java
 * ({@code cn.6tail:lunar}, MIT, after 许剑伟's 寿星天文历), cached per lunar year. ICU4J's ChineseCalendar was tried first
 * and left: its lower-precision new moons put 15 of the years 1901–2099 wrong where a new moon falls within minutes of
 * midnight, among them 春节 2027 (2027-02-07 instead of 2027-02-06) and 2030 (2030-02-02 instead of 2030-02-03).
 * <p>
 * A lunar year is named by the Gregorian year in which its 正月初一 (春节) falls: lunar year 2024 runs from
 * 2024-02-10 to 2025-01-28. Birthday rules (how families keep a lunar birthday, documented in the README):
 * <ul>
 * <li>born in a 闰月 (leap month) N: in a year that has the same 闰N月 the birthday is in it; in every other year in
 * the ordinary month N (most years have no leap month N);</li>
 * <li>born on the 30th (三十) of a month: in a year where that month is a 小月 of 29 days the birthday is its last
 * day, the 29th (廿九), so that it stays in the same month (as 除夕 is kept on 腊月廿九 in years without 腊月三十);</li>
 * <li>solar (公历) birthday on 2月29日: on 2月28日 in common years.</li>
 * </ul>
 * One instance is thread-safe; it caches the month tables of the years it was asked about.
 */
public final class LunarCalendar {
    static final int MIN_YEAR = 1901;
    static final int MAX_YEAR = 2099;

    private final ConcurrentHashMap<Integer, LunarYear> years = new ConcurrentHashMap<>();

    /**
     * A lunar date.
     *
     * @param year  the lunar year, named by the Gregorian year of its 春节
     * @param month 1–12 (正月 … 腊月)
     * @param leap  闰月: the leap month that follows the ordinary month of the same number
     * @param day   1–30
     */
    public record LunarDate(int year, int month, boolean leap, int day) {
        /** @return e.g. 闰二月十一, 腊月三十 */
        public String zh() {
            return (leap ? "闰" : "") + LunarText.month(month) + LunarText.day(day);
        }

        /** @return e.g. "leap month 2, day 11" */
        public String en() {
            return (leap ? "leap month " : "month ") + month + ", day " + day;
        }
    }

    /** A month of a lunar year: its number, whether it is the leap month, its first day and length (29 or 30). */
    public record LunarMonth(int month, boolean leap, LocalDate start, int length) {
        LocalDate end() {
            return start.plusDays(length - 1L);
        }
    }

    /** A lunar year: its months in order (12 or 13). */
    public record LunarYear(int year, List<LunarMonth> months) {
        public LocalDate start() {
            return months.get(0).start();
        }

        public LocalDate end() {
            return months.get(months.size() - 1).end();
        }

        /** @return the month with this number and leap flag, or {@code null} */
        public LunarMonth month(int month, boolean leap) {
            for (LunarMonth m : months) {
                if (m.month() == month && m.leap() == leap) {
                    return m;
                }
            }
            return null;
        }

        /** @return the leap month number, 0 when the year has none */
        public int leapMonth() {
            return months.stream().filter(LunarMonth::leap).mapToInt(LunarMonth::month).findFirst().orElse(0);
        }
    }

    /** @return the month table of the lunar year that starts in Gregorian year {@code year} */
    public LunarYear year(int year) {
        if (year < MIN_YEAR - 1 || year > MAX_YEAR + 1) {
            throw new IllegalArgumentException("lunar year out of range " + (MIN_YEAR - 1) + "–" + (MAX_YEAR + 1) + ": " + year);
        }
        return years.computeIfAbsent(year, this::compute);
    }

    private LunarYear compute(int year) {
        List<LunarMonth> months = new ArrayList<>(13);
        synchronized (this) { // the library keeps caches of its own; one computation at a time
            for (com.nlf.calendar.LunarMonth m : com.nlf.calendar.LunarYear.fromYear(year).getMonthsInYear()) {
                Solar s = Solar.fromJulianDay(m.getFirstJulianDay());
                months.add(new LunarMonth(Math.abs(m.getMonth()), m.isLeap(), LocalDate.of(s.getYear(), s.getMonth(), s.getDay()),
                        m.getDayCount()));
            }
        }
        return new LunarYear(year, List.copyOf(months));
    }

    /** @return the lunar date of a Gregorian date */
    public LunarDate toLunar(LocalDate date) {
        LunarYear y = year(date.getYear());
        if (date.isBefore(y.start())) {
            y = year(date.getYear() - 1);
        }
        for (LunarMonth m : y.months()) {
            if (!date.isAfter(m.end())) {
                return new LunarDate(y.year(), m.month(), m.leap(), (int) (date.toEpochDay() - m.start().toEpochDay()) + 1);
            }
        }
        throw new IllegalStateException("no lunar month holds " + date);
    }

    /** @return the month of the lunar date that {@code date} falls in */
    public LunarMonth monthOf(LocalDate date) {
        LunarDate d = toLunar(date);
        return year(d.year()).month(d.month(), d.leap());
    }

    /** @return the Gregorian date of an existing lunar date; {@link IllegalArgumentException} for one that does not exist */
    public LocalDate toSolar(LunarDate d) {
        LunarMonth m = year(d.year()).month(d.month(), d.leap());
        if (m == null || d.day() < 1 || d.day() > m.length()) {
            throw new IllegalArgumentException("no such lunar date: " + d);
        }
        return m.start().plusDays(d.day() - 1L);
    }

    /**
     * The day a lunar birthday is kept in a lunar year, by the rules above (闰月 and 30th-day births).
     *
     * @param birth the lunar date of birth
     * @param year  the lunar year
     */
    public LocalDate lunarBirthday(LunarDate birth, int year) {
        LunarYear y = year(year);
        LunarMonth m = birth.leap() ? y.month(birth.month(), true) : null;
        if (m == null) {
            m = y.month(birth.month(), false);
        }
        return m.start().plusDays(Math.min(birth.day(), m.length()) - 1L);
    }

    /** The day a solar birthday is kept in a Gregorian year: 2月29日 on 2月28日 in common years. */
    public static LocalDate solarBirthday(MonthDay birth, int year) {
        return birth.atYear(year);
    }

    /** 清明: the day (China Standard Time) the sun reaches ecliptic longitude 15°, the solar term 清明. */
    public LocalDate qingming(int year) {
        Solar s;
        synchronized (this) {
            s = com.nlf.calendar.Lunar.fromYmd(year, 3, 1).getJieQiTable().get("清明");
        }
        return LocalDate.of(s.getYear(), s.getMonth(), s.getDay());
    }
}
