package org.guanai.core.api.returns;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period of a return: a quarter ({@code 2026Q4}, 季报) or a year ({@code 2026}, 年报).
 *
 * @param year    the year, 2000 to 2999
 * @param quarter 1 to 4 for a quarter, 0 for the whole year
 */
public record ReturnPeriod(int year, int quarter) {
    private static final Pattern FORM = Pattern.compile("(2\\d{3})(?:[Qq]([1-4]))?");

    /** Checks the year and quarter. */
    public ReturnPeriod {
        if (year < 2000 || year > 2999) {
            throw new IllegalArgumentException("year out of range: " + year);
        }
        if (quarter < 0 || quarter > 4) {
            throw new IllegalArgumentException("quarter out of range: " + quarter);
        }
    }

    /**
     * @param text {@code 2026Q4} or {@code 2026}
     * @return the period
     * @throws IllegalArgumentException when the text is neither form
     */
    public static ReturnPeriod parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a period like 2026Q4 or 2026: " + text);
        }
        return new ReturnPeriod(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }

    /** @return the quarter a day is in */
    public static ReturnPeriod quarterOf(LocalDate day) {
        return new ReturnPeriod(day.getYear(), (day.getMonthValue() - 1) / 3 + 1);
    }

    /** @return whether this is a quarter (季报) rather than a year (年报) */
    public boolean isQuarter() {
        return quarter != 0;
    }

    /** @return the first day of the period */
    public LocalDate first() {
        return LocalDate.of(year, isQuarter() ? (quarter - 1) * 3 + 1 : 1, 1);
    }

    /** @return the last day of the period */
    public LocalDate last() {
        return isQuarter() ? first().plusMonths(3).minusDays(1) : LocalDate.of(year, 12, 31);
    }

    /** @return whether the day is in the period */
    public boolean contains(LocalDate day) {
        return !day.isBefore(first()) && !day.isAfter(last());
    }

    /** @return {@code 2026Q4} or {@code 2026}, the form {@link #parse} reads */
    @Override
    public String toString() {
        return isQuarter() ? year + "Q" + quarter : Integer.toString(year);
    }
}
