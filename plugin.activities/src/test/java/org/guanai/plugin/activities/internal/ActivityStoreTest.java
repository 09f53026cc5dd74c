package org.guanai.plugin.activities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.guanai.plugin.activities.internal.Coverage.ChildEvidence;
import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.plugin.activities.internal.Model.ChildRecord;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.time.Semester;
import org.guanai.sdk.time.Term;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's SQL on the SDK's test database (H2 in PostgreSQL mode, or PostgreSQL with {@code -Dguanai.test.postgres=…}),
 * migrated with the bundle's real scripts.
 */
class ActivityStoreTest {
    final TestDatabase db = TestDatabase.forProgramme(ActivitiesProgramme.ID);
    final TestCalendar calendar = TestCalendar.on(LocalDate.of(2026, 11, 23));
    ActivityStore store;

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @BeforeEach
    void database() {
        store = new ActivityStore(new Tables(db), calendar);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void defaultSemestersAndWhichOneADayBelongsTo() {
        long s = 5;
        Semester autumn = store.semester(s, 2026, Term.AUTUMN);
        assertEquals(d("2026-09-01"), autumn.start());
        assertEquals(d("2027-01-31"), autumn.end());
        Semester spring = store.semester(s, 2026, Term.SPRING);
        assertEquals(d("2027-03-01"), spring.start());
        assertEquals(d("2027-07-15"), spring.end());
        assertEquals("2026-AUTUMN", store.semesterOn(s, d("2026-09-01")).id());
        assertEquals("2026-AUTUMN", store.semesterOn(s, d("2027-01-31")).id());
        // winter break: the autumn semester that just ended
        assertEquals("2026-AUTUMN", store.semesterOn(s, d("2027-02-20")).id());
        assertEquals("2026-SPRING", store.semesterOn(s, d("2027-03-01")).id());
        // summer: the spring semester of the school year that started the year before
        assertEquals("2025-SPRING", store.semesterOn(s, d("2026-08-31")).id());
        assertEquals(autumn, store.semester(s, "2026-autumn").orElseThrow());
        assertTrue(store.semester(s, "2026-WINTER").isEmpty());
        assertEquals("2025-SPRING", store.previous(s, autumn).id());
        assertEquals("2026-SPRING", store.next(s, autumn).id());
        assertFalse(store.configured(s, autumn));
    }

    @Test
    void theSemesterOfADayUsesTheSchoolsDatesAndHolidaysBelongToTheLastSemester() throws Exception {
        long s = 7;
        assertEquals("2026-AUTUMN", store.semesterOn(s, d("2026-11-23")).id());
        assertEquals("2026-AUTUMN", store.semesterOn(s, d("2027-02-20")).id(), "winter break");
        assertEquals("2025-SPRING", store.semesterOn(s, d("2026-08-20")).id(), "summer");
        // the school starts autumn on 10 September and spring on 20 February
        store.putSemester(s, new Semester(2026, Term.AUTUMN, d("2026-09-10"), d("2027-01-20")));
        store.putSemester(s, new Semester(2026, Term.SPRING, d("2027-02-20"), d("2027-07-05")));
        assertEquals("2025-SPRING", store.semesterOn(s, d("2026-09-05")).id(), "before the configured start");
        assertEquals("2026-AUTUMN", store.semesterOn(s, d("2026-09-10")).id());
        assertEquals("2026-AUTUMN", store.semesterOn(s, d("2027-02-19")).id());
        assertEquals("2026-SPRING", store.semesterOn(s, d("2027-02-20")).id());
        assertTrue(store.configured(s, store.semesterOn(s, d("2027-02-20"))));
        // changing the dates again updates the one row
        store.putSemester(s, new Semester(2026, Term.AUTUMN, d("2026-09-01"), d("2027-01-20")));
        assertEquals(2, store.configuredSemesters(s).size());
        assertEquals(d("2026-09-01"), store.semester(s, 2026, Term.AUTUMN).start());
    }

    @Test
    void evidenceGathersAttendanceRecordsAndThePairsRecordedHere() throws Exception {
        long s = 3;
        store.createActivity(new Activity(null, s, d("2026-10-10"), "LECTURE", "讲座", null, false, null, List.of(1L, 2L), List.of(), "t", null));
        store.createActivity(new Activity(null, s, d("2026-10-11"), "OTHER", "周末活动", null, true, null, List.of(2L, 2L), List.of(), "t", null));
        store.createActivity(new Activity(null, s, d("2026-08-30"), "OUTING", "暑假", null, false, null, List.of(1L), List.of(), "t", null));
        store.createRecord(new ChildRecord(null, s, 1, "CALL", d("2026-09-20"), null, null, "父亲", null, 5, null, "t", null));
        // a pair that started last semester and is still open; one that ended before the range
        store.createRecord(new ChildRecord(null, s, 1, "PAIR", d("2026-03-01"), null, "LOVING_MOTHER", "刘阿姨", null, null, null, "t", null));
        store.createRecord(new ChildRecord(null, s, 2, "PAIR", d("2026-03-01"), d("2026-06-30"), "ONE_HELPS_ONE", "小老师", null, null, null, "t",
                null));
        store.createRecord(new ChildRecord(null, s, 1, "TALK", d("2026-09-03"), null, "LOVING_MOTHER", "刘阿姨", null, null, null, "t", null));

        Map<Long, ChildEvidence> own = store.evidence(s, d("2026-09-01"), d("2027-01-31"), true);
        ChildEvidence one = own.get(1L);
        assertEquals(Map.of("LECTURE", List.of(d("2026-10-10"))), one.activities(), "the August outing is outside");
        assertEquals(List.of(d("2026-09-20")), one.records().get("CALL"));
        assertEquals(List.of(d("2026-09-03")), one.pairs().get("LOVING_MOTHER"));
        assertEquals(List.of(d("2026-09-03")), one.records().get("TALK"), "a scheme talk is also a talk");
        ChildEvidence two = own.get(2L);
        assertEquals(List.of(d("2026-10-11")), two.home(), "a child listed twice takes part once");
        assertFalse(two.pairs().containsKey("ONE_HELPS_ONE"), "the pair ended before the semester");

        Map<Long, ChildEvidence> withPairing = store.evidence(s, d("2026-09-01"), d("2027-01-31"), false);
        assertTrue(withPairing.get(1L).pairs().isEmpty(), "with the pairing programme, its records replace these");
        assertEquals(List.of(new ActivityStore.Count(true, "LECTURE", 1), new ActivityStore.Count(true, "OTHER", 1),
                new ActivityStore.Count(false, "CALL", 1), new ActivityStore.Count(false, "TALK", 1)),
                store.counts(s, d("2026-09-01"), d("2027-01-31")));
    }

    @Test
    void reminderIsMarkedOncePerSchoolAndSemester() throws Exception {
        assertTrue(store.markReminded(1, d("2026-09-01"), 4));
        assertFalse(store.markReminded(1, d("2026-09-01"), 4));
        assertTrue(store.markReminded(2, d("2026-09-01"), 0));
        assertEquals(1, store.reminders(1).size());
        assertEquals(3, store.reminderWeeks(1));
        store.setReminderWeeks(1, 5);
        store.setReminderWeeks(1, 6);
        assertEquals(6, store.reminderWeeks(1));
    }
}
