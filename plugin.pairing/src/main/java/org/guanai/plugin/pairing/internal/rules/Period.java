package org.guanai.plugin.pairing.internal.rules;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** 周期: how often an obligation recurs. */
public enum Period {
    /** 每周: ISO weeks, Monday to Sunday. */
    WEEK,
    /** 每两周: 14-day windows counted from the pair's start. */
    TWO_WEEKS,
    /** 每月: calendar months. */
    MONTH;

    /**
     * @param day    a day
     * @param anchor the day two-week windows are counted from
     * @return the first day of the period holding {@code day}
     */
    public LocalDate start(LocalDate day, LocalDate anchor) {
        return switch (this) {
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case TWO_WEEKS -> anchor.plusDays(Math.floorDiv(ChronoUnit.DAYS.between(anchor, day), 14) * 14);
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** @return the first day after the period that starts on {@code start} */
    public LocalDate next(LocalDate start) {
        return switch (this) {
            case WEEK -> start.plusWeeks(1);
            case TWO_WEEKS -> start.plusWeeks(2);
            case MONTH -> start.plusMonths(1);
        };
    }
}
