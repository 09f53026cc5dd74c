package org.guanai.core.registry.internal.programmes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Semester;
import org.guanai.sdk.time.Term;
import org.junit.jupiter.api.Test;

class CareCalendarServiceTest {
    private final CareCalendarService calendar = new CareCalendarService(Clock.fixed(Instant.parse("2026-12-31T16:30:00Z"), CareCalendar.ZONE));

    @Test
    void todayIsChinasDay() {
        assertEquals(LocalDate.of(2027, 1, 1), calendar.today(), "00:30 on 1 January in Beijing is still 31 December in UTC");
    }

    @Test
    void semestersAndSchoolYears() {
        assertEquals(2026, calendar.schoolYear(LocalDate.of(2026, 9, 1)));
        assertEquals(2025, calendar.schoolYear(LocalDate.of(2026, 8, 31)));
        Semester autumn = calendar.semester(LocalDate.of(2027, 1, 31));
        assertEquals(new Semester(2026, Term.AUTUMN, LocalDate.of(2026, 9, 1), LocalDate.of(2027, 1, 31)), autumn);
        assertEquals("2026-AUTUMN", autumn.id());
        assertEquals("2026-2027学年秋季学期", autumn.labelZh());
        assertEquals(autumn, calendar.semester(LocalDate.of(2027, 2, 20)), "the winter holiday belongs to the semester that ended");
        Semester spring = calendar.semester(LocalDate.of(2027, 3, 1));
        assertEquals(new Semester(2026, Term.SPRING, LocalDate.of(2027, 3, 1), LocalDate.of(2027, 7, 15)), spring);
        assertEquals(spring, calendar.semester(LocalDate.of(2027, 8, 31)), "the summer holiday too");
        assertEquals(spring, calendar.semester("2026-spring").orElseThrow());
        assertTrue(calendar.semester("2026-WINTER").isEmpty());
        assertTrue(calendar.semester("26-AUTUMN").isEmpty());
        assertTrue(calendar.semester("2026").isEmpty());
    }
}
