package org.guanai.plugin.birthdays.internal;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Upcoming birthdays without looking at every person: the people are bucketed by their birthday's day of the year in
 * each calendar (公历 month and day; 农历 month, 闰 flag and day), and a query walks the days of its window and reads
 * the few buckets each day stands for, applying the rules of {@link LunarCalendar} (a 闰月 birthday in the ordinary
 * month when the year has no such leap month; a 30th-day birthday on the 29th of a 小月; 2月29日 on 2月28日).
 * <p>
 * Immutable once built; queries are thread-safe. Positions are the order in which people were added.
 */
public final class BirthdayIndex {
    /** Which birthday a query asks for. */
    public enum Mode {
        /** the calendar each family keeps */
        FAMILY,
        /** everyone's 公历 birthday */
        SOLAR,
        /** everyone's 农历 birthday */
        LUNAR
    }

    /** Receives a hit: the person's position, the day the birthday is kept, and by which calendar. */
    @FunctionalInterface
    public interface Hits {
        void hit(int position, LocalDate date, CalendarKind calendar);
    }

    private static final int SOLAR_KEYS = 13 * 32;
    private static final int LUNAR_KEYS = 26 * 32;

    private final LunarCalendar lunar;
    private final int size;
    private final boolean[] lunarFamily;
    private final MonthDay[] solarBirth;
    private final LunarCalendar.LunarDate[] lunarBirth;
    private final int[] solarStart;
    private final int[] solarMembers;
    private final int[] lunarStart;
    private final int[] lunarMembers;

    private BirthdayIndex(LunarCalendar lunar, int size, boolean[] lunarFamily, MonthDay[] solarBirth,
            LunarCalendar.LunarDate[] lunarBirth) {
        this.lunar = lunar;
        this.size = size;
        this.lunarFamily = lunarFamily;
        this.solarBirth = solarBirth;
        this.lunarBirth = lunarBirth;
        int[] solarKey = new int[size];
        int[] lunarKey = new int[size];
        for (int i = 0; i < size; i++) {
            solarKey[i] = solarKey(solarBirth[i].getMonthValue(), solarBirth[i].getDayOfMonth());
            lunarKey[i] = lunarBirth[i] == null ? -1 : lunarKey(lunarBirth[i].month(), lunarBirth[i].leap(), lunarBirth[i].day());
        }
        this.solarStart = new int[SOLAR_KEYS + 1];
        this.solarMembers = bucket(solarKey, solarStart);
        this.lunarStart = new int[LUNAR_KEYS + 1];
        this.lunarMembers = bucket(lunarKey, lunarStart);
    }

    /** Counting sort of positions by key: members of key k are {@code members[start[k] .. start[k+1])}. */
    private static int[] bucket(int[] keys, int[] start) {
        int[] count = new int[start.length];
        int n = 0;
        for (int k : keys) {
            if (k >= 0) {
                count[k + 1]++;
                n++;
            }
        }
        for (int k = 1; k < start.length; k++) {
            count[k] += count[k - 1];
        }
        System.arraycopy(count, 0, start, 0, start.length);
        int[] fill = Arrays.copyOf(start, start.length);
        int[] members = new int[n];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] >= 0) {
                members[fill[keys[i]]++] = i;
            }
        }
        return members;
    }

    private static int solarKey(int month, int day) {
        return month * 32 + day;
    }

    private static int lunarKey(int month, boolean leap, int day) {
        return (month * 2 + (leap ? 1 : 0)) * 32 + day;
    }

    /** @return how many people the index holds */
    public int size() {
        return size;
    }

    /** @return the person's lunar date of birth, or {@code null} when out of the calendar's range */
    public LunarCalendar.LunarDate lunarBirth(int position) {
        return lunarBirth[position];
    }

    /** @return the calendar the person's family keeps */
    public CalendarKind calendar(int position) {
        return lunarFamily[position] ? CalendarKind.LUNAR : CalendarKind.SOLAR;
    }

    /**
     * Every birthday kept between {@code from} and {@code to} (inclusive), day by day.
     *
     * @param filter which positions count (school, class …)
     */
    public void query(LocalDate from, LocalDate to, Mode mode, IntPredicate filter, Hits hits) {
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (mode != Mode.LUNAR) {
                emit(solarStart, solarMembers, solarKey(d.getMonthValue(), d.getDayOfMonth()), d, CalendarKind.SOLAR, mode, filter, hits);
                if (d.getMonthValue() == 2 && d.getDayOfMonth() == 28 && !d.isLeapYear()) {
                    emit(solarStart, solarMembers, solarKey(2, 29), d, CalendarKind.SOLAR, mode, filter, hits);
                }
            }
            if (mode != Mode.SOLAR) {
                LunarCalendar.LunarDate ld = lunar.toLunar(d);
                LunarCalendar.LunarYear y = lunar.year(ld.year());
                LunarCalendar.LunarMonth m = y.month(ld.month(), ld.leap());
                boolean lastOfShort = ld.day() == 29 && m.length() == 29;
                lunarDay(ld.month(), ld.leap(), ld.day(), lastOfShort, d, mode, filter, hits);
                if (!ld.leap() && y.leapMonth() != ld.month()) {
                    // born in a 闰月 this year does not have: kept in the ordinary month of the same number
                    lunarDay(ld.month(), true, ld.day(), lastOfShort, d, mode, filter, hits);
                }
            }
        }
    }

    private void lunarDay(int month, boolean leap, int day, boolean lastOfShort, LocalDate d, Mode mode, IntPredicate filter, Hits hits) {
        emit(lunarStart, lunarMembers, lunarKey(month, leap, day), d, CalendarKind.LUNAR, mode, filter, hits);
        if (lastOfShort) {
            emit(lunarStart, lunarMembers, lunarKey(month, leap, 30), d, CalendarKind.LUNAR, mode, filter, hits);
        }
    }

    private void emit(int[] start, int[] members, int key, LocalDate d, CalendarKind kind, Mode mode, IntPredicate filter, Hits hits) {
        boolean wantLunar = kind == CalendarKind.LUNAR;
        for (int i = start[key], end = start[key + 1]; i < end; i++) {
            int p = members[i];
            if ((mode != Mode.FAMILY || lunarFamily[p] == wantLunar) && filter.test(p)) {
                hits.hit(p, d, kind);
            }
        }
    }

    /**
     * The same answer as {@link #query}, person by person: each one's birthday computed by the rules for the years the
     * window touches. The baseline of the benchmark, and the check of the index in the tests.
     */
    public void scan(LocalDate from, LocalDate to, Mode mode, IntPredicate filter, Hits hits) {
        int firstLunar = lunar.toLunar(from).year();
        int lastLunar = lunar.toLunar(to).year();
        for (int p = 0; p < size; p++) {
            if (!filter.test(p)) {
                continue;
            }
            if (mode == Mode.SOLAR || mode == Mode.FAMILY && !lunarFamily[p]) {
                for (int y = from.getYear(); y <= to.getYear(); y++) {
                    LocalDate d = LunarCalendar.solarBirthday(solarBirth[p], y);
                    if (!d.isBefore(from) && !d.isAfter(to)) {
                        hits.hit(p, d, CalendarKind.SOLAR);
                    }
                }
            }
            if ((mode == Mode.LUNAR || mode == Mode.FAMILY && lunarFamily[p]) && lunarBirth[p] != null) {
                for (int y = firstLunar; y <= lastLunar; y++) {
                    LocalDate d = lunar.lunarBirthday(lunarBirth[p], y);
                    if (!d.isBefore(from) && !d.isAfter(to)) {
                        hits.hit(p, d, CalendarKind.LUNAR);
                    }
                }
            }
        }
    }

    /** Collects people, then builds the index. */
    public static final class Builder {
        private final LunarCalendar lunar;
        private boolean[] lunarFamily = new boolean[16];
        private MonthDay[] solarBirth = new MonthDay[16];
        private LunarCalendar.LunarDate[] lunarBirth = new LunarCalendar.LunarDate[16];
        private int size;

        public Builder(LunarCalendar lunar) {
            this.lunar = lunar;
        }

        /** Adds a person born on {@code birth} whose family keeps {@code calendar}; @return the person's position */
        public int add(LocalDate birth, CalendarKind calendar) {
            LunarCalendar.LunarDate lb = birth.getYear() >= LunarCalendar.MIN_YEAR && birth.getYear() <= LunarCalendar.MAX_YEAR
                    ? lunar.toLunar(birth) : null;
            return add(MonthDay.from(birth), lb, calendar);
        }

        /** Adds a person by birthday in each calendar ({@code lunarBirth} may be {@code null}); @return the position */
        public int add(MonthDay solar, LunarCalendar.LunarDate lunarBirthDate, CalendarKind calendar) {
            if (size == solarBirth.length) {
                int n = size * 2;
                lunarFamily = Arrays.copyOf(lunarFamily, n);
                solarBirth = Arrays.copyOf(solarBirth, n);
                lunarBirth = Arrays.copyOf(lunarBirth, n);
            }
            lunarFamily[size] = calendar == CalendarKind.LUNAR && lunarBirthDate != null;
            solarBirth[size] = solar;
            lunarBirth[size] = lunarBirthDate;
            return size++;
        }

        public BirthdayIndex build() {
            return new BirthdayIndex(lunar, size, Arrays.copyOf(lunarFamily, size), Arrays.copyOf(solarBirth, size),
                    Arrays.copyOf(lunarBirth, size));
        }
    }
}
