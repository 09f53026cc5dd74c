package org.guanai.sdk.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.util.Locale;
import java.util.Optional;

import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Semester;
import org.guanai.sdk.time.Term;

/**
 * The SDK's {@link CareCalendar} for a programme's unit tests: a clock the test sets and moves, with the platform's
 * semester rules (autumn 1 September – 31 January, spring 1 March – 15 July).
 */
public final class TestCalendar implements CareCalendar {
    private volatile Instant now;

    private TestCalendar(Instant now) {
        this.now = now;
    }

    /** @return a calendar standing at the given time in China */
    public static TestCalendar at(LocalDateTime chinaTime) {
        return new TestCalendar(chinaTime.atZone(ZONE).toInstant());
    }

    /** @return a calendar standing at 09:00 China time on the given day */
    public static TestCalendar on(LocalDate day) {
        return at(day.atTime(9, 0));
    }

    /** Sets the clock. */
    public void set(LocalDateTime chinaTime) {
        now = chinaTime.atZone(ZONE).toInstant();
    }

    /** Moves the clock on. */
    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Clock clock() {
        return Clock.fixed(now, ZONE);
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public LocalDate today() {
        return LocalDate.ofInstant(now, ZONE);
    }

    @Override
    public int schoolYear(LocalDate date) {
        return date.getMonthValue() >= 9 ? date.getYear() : date.getYear() - 1;
    }

    @Override
    public Semester semester(LocalDate date) {
        int m = date.getMonthValue();
        if (m >= 9) {
            return semester(date.getYear(), Term.AUTUMN);
        }
        return semester(date.getYear() - 1, m >= 3 ? Term.SPRING : Term.AUTUMN);
    }

    @Override
    public Semester semester(int schoolYear, Term term) {
        return term == Term.AUTUMN
                ? new Semester(schoolYear, term, MonthDay.of(9, 1).atYear(schoolYear), MonthDay.of(1, 31).atYear(schoolYear + 1))
                : new Semester(schoolYear, term, MonthDay.of(3, 1).atYear(schoolYear + 1), MonthDay.of(7, 15).atYear(schoolYear + 1));
    }

    @Override
    public Optional<Semester> semester(String id) {
        if (id == null || id.length() < 6 || id.charAt(4) != '-') {
            return Optional.empty();
        }
        try {
            return Optional.of(semester(Integer.parseInt(id.substring(0, 4)), Term.valueOf(id.substring(5).toUpperCase(Locale.ROOT))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
