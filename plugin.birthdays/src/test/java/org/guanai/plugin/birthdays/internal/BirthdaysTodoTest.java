package org.guanai.plugin.birthdays.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.guanai.core.api.todo.TodoItem;
import org.guanai.plugin.birthdays.internal.Views.CelebrationView;
import org.guanai.plugin.birthdays.internal.Views.Upcoming;
import org.guanai.plugin.birthdays.internal.Views.UpcomingItem;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.Test;

/** The week's birthdays on the to-do list (issue 19): not yet celebrated, on the day the family keeps, overdue once passed. */
class BirthdaysTodoTest {
    /** Wednesday 9 December 2026 in China. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-09T01:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final LocalDate TODAY = LocalDate.now(CLOCK);

    static UpcomingItem birthday(long child, LocalDate on, CalendarKind keptBy, Integer age, CelebrationView c) {
        return new UpcomingItem(child, "孩子" + child, 9L, "三年级(1)班", on.minusYears(age == null ? 9 : age), null, keptBy, on,
                "十月廿一", keptBy, age, on.toEpochDay() - TODAY.toEpochDay(), c);
    }

    static CelebrationView celebration(long child, LocalDate on, boolean celebrated) {
        return new CelebrationView(1, child, "孩子" + child, 9L, 3L, on, CalendarKind.SOLAR, celebrated, false, celebrated, null, null,
                null, celebrated, 0, "teacher", Instant.EPOCH);
    }

    @Test
    void theWeeksBirthdaysNotCelebrated() {
        LocalDate monday = LocalDate.of(2026, 12, 7);
        Upcoming week = new Upcoming(monday, monday.plusDays(6), "family", List.of(
                birthday(1, monday, CalendarKind.LUNAR, 10, null), // passed, kept by the lunar calendar
                birthday(2, monday.plusDays(1), CalendarKind.SOLAR, 9, celebration(2, monday.plusDays(1), true)), // done
                birthday(3, monday.plusDays(4), CalendarKind.SOLAR, 8, null),
                birthday(4, monday.plusDays(5), CalendarKind.SOLAR, null, celebration(4, monday.plusDays(5), false)))); // in a party
        List<TodoItem> items = BirthdaysTodo.items(week, TODAY, new TestTexts());
        assertEquals(List.of(1L, 3L, 4L), items.stream().map(TodoItem::childId).toList());

        TodoItem lunar = items.get(0);
        assertTrue(lunar.overdue(), "a birthday that passed uncelebrated");
        assertEquals(monday, lunar.due());
        assertEquals("过 10 岁生日（按农历，十月廿一）", lunar.titleZh());
        assertEquals("Turns 10 (lunar calendar, 十月廿一)", lunar.titleEn());
        assertEquals("children/1/celebrations", lunar.action().path());
        assertEquals(monday.toString(), lunar.action().values().get("birthday"));
        assertEquals(true, lunar.action().values().get("card"));
        assertEquals(true, lunar.action().values().get("wish"));

        TodoItem coming = items.get(1);
        assertFalse(coming.overdue());
        assertEquals("过 8 岁生日", coming.titleZh());
        assertEquals("p/birthdays", coming.link());

        TodoItem inParty = items.get(2);
        assertNull(inParty.action(), "a birthday of a party batch is celebrated there, not posted twice");
        assertEquals("过生日", inParty.titleZh());
    }
}
