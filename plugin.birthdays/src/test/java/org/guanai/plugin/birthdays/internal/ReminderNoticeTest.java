package org.guanai.plugin.birthdays.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.LocalDate;
import java.util.Set;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.notify.Notice;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.Test;

/**
 * A reminder as a notice (issue 19): its texts from this bundle in both languages, for the school's administrators and
 * teachers, and a de-duplication key that is the same whichever node (or run) builds it, so the platform queues it once.
 */
class ReminderNoticeTest {
    private final TestTexts texts = new TestTexts();
    private final Occasion birthday = new Occasion(LocalDate.of(2026, 11, 26), Occasion.CHILD_BIRTHDAY, "CHILD", "张小明 生日",
            "Zhang Xiaoming's birthday", 3L, 11L, 7L, 7L, CalendarKind.SOLAR, "十月十七", 10);

    @Test
    void aReminderIsANoticeInBothLanguagesOnceWhoeverSendsIt() {
        Notice n = Reminders.notice(texts, 3, birthday, LocalDate.of(2026, 11, 23));
        assertEquals("birthdays", n.source());
        assertEquals("BIRTHDAY_REMINDER", n.kind());
        assertEquals(3, n.schoolId());
        assertEquals(7L, n.childId());
        assertEquals(Set.of(Role.SCHOOL_ADMIN, Role.TEACHER), n.audience().roles());
        assertEquals("3 天后：张小明 生日", n.subjectZh());
        assertEquals("In 3 days: Zhang Xiaoming's birthday", n.subjectEn());
        assertEquals("张小明 生日：2026-11-26。请提前安排祝福或活动。", n.bodyZh());
        assertEquals("Zhang Xiaoming's birthday: 2026-11-26. Please plan the wishes or the party.", n.bodyEn());
        assertEquals("/#/p/birthdays", n.link());

        Notice again = Reminders.notice(texts, 3, birthday, LocalDate.of(2026, 11, 24));
        assertEquals(n.dedupKey(), again.dedupKey(), "a later run (or another node) notifies the same occasion once");
        assertEquals("今天：张小明 生日", Reminders.notice(texts, 3, birthday, LocalDate.of(2026, 11, 26)).subjectZh());
        assertNotEquals(n.dedupKey(), Reminders.notice(texts, 4, birthday, LocalDate.of(2026, 11, 23)).dedupKey());
    }
}
