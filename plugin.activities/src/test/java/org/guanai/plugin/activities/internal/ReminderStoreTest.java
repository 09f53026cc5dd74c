package org.guanai.plugin.activities.internal;

import static org.guanai.plugin.activities.internal.TestStores.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Reminder weeks and reminders posted on the SDK's test database, migrated with the bundle's real scripts. */
class ReminderStoreTest {
    @AutoClose
    final TestStores stores = new TestStores();
    final ReminderStore store = stores.reminders;

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
