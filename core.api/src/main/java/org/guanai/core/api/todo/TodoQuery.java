package org.guanai.core.api.todo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Objects;

import org.guanai.core.api.Caller;

/**
 * What the core asks a {@link TodoContributor}: a caller's items in one school for one ISO week.
 *
 * @param caller   who asks; the school and class scope the items are limited to
 * @param schoolId the school, one the caller acts for
 * @param monday   the first day of the ISO week (a Monday)
 * @param today    today in China (北京时间), from the platform's clock: what is due before it and not done is overdue
 */
public record TodoQuery(Caller caller, long schoolId, LocalDate monday, LocalDate today) {
    /** Checks the components: none {@code null}, {@code monday} a Monday. */
    public TodoQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(today, "today");
        if (monday == null || monday.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new IllegalArgumentException("monday is not a Monday: " + monday);
        }
    }

    /** @return the last day of the week (a Sunday) */
    public LocalDate sunday() {
        return monday.plusDays(6);
    }

    /** @return whether the day is in the week, Monday to Sunday */
    public boolean contains(LocalDate day) {
        return !day.isBefore(monday) && !day.isAfter(sunday());
    }

    /** @return whether the week holds today: then items overdue from earlier weeks belong to it too */
    public boolean isCurrentWeek() {
        return contains(today);
    }
}
