package org.guanai.plugin.activities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;

import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reminder weeks and reminders posted on the SDK's test database, migrated with the bundle's real scripts. */
class ReminderStoreTest {
    final TestDatabase db = TestDatabase.forProgramme(ActivitiesProgramme.ID);
    final TestCalendar calendar = TestCalendar.on(LocalDate.of(2026, 11, 23));
    ReminderStore store;

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @BeforeEach
    void database() {
        store = new ReminderStore(new Tables(db), calendar);
    }

    @AfterEach
    void drop() {
        db.close();
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
