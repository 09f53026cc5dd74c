package org.guanai.plugin.activities.internal;

import static org.guanai.plugin.activities.internal.TestStores.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.guanai.sdk.time.Semester;
import org.guanai.sdk.time.Term;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A school's semesters on the SDK's test database, migrated with the bundle's real scripts, and the SDK's default dates. */
class SemesterStoreTest {
    @AutoClose
    final TestStores stores = new TestStores();
    final SemesterStore store = stores.semesters;

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
}
