package org.guanai.core.registry.internal.todo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ISO weeks as the API writes them, {@code 2026-W49}: Monday to Sunday, week 1 the one holding 4 January. */
public final class IsoWeek {
    private static final Pattern FORM = Pattern.compile("(\\d{4})-W(\\d{2})");

    private IsoWeek() {
    }

    /**
     * @param text e.g. {@code 2026-W49}
     * @return the week's Monday; empty when the text is not an ISO week of the years 1900–2100 (2026-W54, 2026-W00, 2026-49)
     */
    public static Optional<LocalDate> monday(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        int year = Integer.parseInt(m.group(1));
        int week = Integer.parseInt(m.group(2));
        if (year < 1900 || year > 2100) {
            return Optional.empty();
        }
        LocalDate jan4 = LocalDate.of(year, 1, 4);
        if (week < 1 || week > jan4.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
            return Optional.empty();
        }
        return Optional.of(jan4.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.MONDAY));
    }

    /** @return the Monday of the week holding the day */
    public static LocalDate mondayOf(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** @return the week holding the day, e.g. {@code 2026-W49} */
    public static String of(LocalDate day) {
        return String.format("%04d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
