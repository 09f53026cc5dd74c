package org.guanai.plugin.birthdays.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.guanai.core.api.StaleVersionException;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store's SQL with the bundle's own migrations, on H2 in PostgreSQL mode, or on PostgreSQL with
 * {@code -Dguanai.test.postgres=jdbc:postgresql://…}.
 */
class BirthdayStoreTest {
    private final TestDatabase db = TestDatabase.forProgramme(BirthdaysProgramme.ID);
    private final BirthdayStore store = new BirthdayStore(db, TestCalendar.on(LocalDate.of(2026, 11, 23)));

    @AfterEach
    void close() {
        db.close();
    }

    private static Celebration planned(long child, LocalDate day) {
        return new Celebration(null, 1, 10L, child, null, day, CalendarKind.SOLAR, false, false, false, null, null, null, 0, "t",
                Instant.now());
    }

    /**
     * Several nodes (issue 17, point 9): a change seen on one node (its store instance raises the version) moves the
     * version every node compares its cached roster with; a change without a school moves every school's.
     */
    @Test
    void aRosterChangeOnOneNodeIsSeenByAnother() {
        BirthdayStore otherNode = new BirthdayStore(db, TestCalendar.on(LocalDate.of(2026, 11, 23)));
        long school7 = otherNode.rosterVersion(7);
        long school8 = otherNode.rosterVersion(8);
        store.rosterChanged(java.util.Set.of(7L));
        assertNotEquals(school7, otherNode.rosterVersion(7));
        assertEquals(school8, otherNode.rosterVersion(8), "another school's roster is kept");
        long after = otherNode.rosterVersion(7);
        store.rosterChanged(java.util.Set.of(0L));
        assertNotEquals(after, otherNode.rosterVersion(7));
        assertNotEquals(school8, otherNode.rosterVersion(8));
    }

    @Test
    void partyCelebrationsAndCoverage() {
        LocalDate d = LocalDate.of(2026, 11, 5);
        // a celebration recorded before the party is attached to it, not duplicated
        Celebration early = store.record(planned(7, d)).orElseThrow();
        assertTrue(store.record(planned(7, d)).isEmpty());
        Party p = store.createParty(new Party(null, 1, null, "2026-11", LocalDate.of(2026, 11, 27), "11月集体生日会", null, "t",
                Instant.now()), List.of(planned(7, d), planned(8, LocalDate.of(2026, 11, 9))));
        List<Celebration> cs = store.partyCelebrations(p.id());
        assertEquals(2, cs.size());
        assertEquals(early.id(), cs.get(0).id());
        assertEquals(p.id(), cs.get(0).partyId());
        assertEquals(List.of(p.id()), store.parties(1, "2026-09", "2027-08").stream().map(Party::id).toList());
        assertTrue(store.parties(2, "2026-09", "2027-08").isEmpty());
        assertTrue(store.celebratedChildren(1, LocalDate.of(2026, 9, 1), LocalDate.of(2027, 8, 31)).isEmpty());

        Celebration c = cs.get(1);
        Celebration done = store.update(new Celebration(c.id(), 1, 10L, 8, p.id(), c.birthday(), c.calendar(), true, true, false, "很开心",
                null, null, c.version(), "t2", Instant.now()));
        assertEquals(c.version() + 1, done.version());
        assertEquals("很开心", done.reflectionText());
        // the same version again is stale
        StaleVersionException stale = assertThrows(StaleVersionException.class, () -> store.update(done.id() == null ? null
                : new Celebration(c.id(), 1, 10L, 8, p.id(), c.birthday(), c.calendar(), false, false, false, null, null, null,
                        c.version(), "t3", Instant.now())));
        assertEquals(done.version(), stale.actual());
        assertEquals(java.util.Set.of(8L), store.celebratedChildren(1, LocalDate.of(2026, 9, 1), LocalDate.of(2027, 8, 31)));
    }

    @Test
    void calendarsAndReminders() {
        store.setCalendar(1, 7, BirthdayStore.PersonKind.CHILD, 7, CalendarKind.LUNAR, "t");
        store.setCalendar(1, 7, BirthdayStore.PersonKind.PARENT, 70, CalendarKind.LUNAR, "t");
        store.setCalendar(1, 7, BirthdayStore.PersonKind.CHILD, 7, CalendarKind.SOLAR, "t");
        assertEquals(CalendarKind.SOLAR, store.calendars(1).get(BirthdayStore.PersonKind.CHILD).get(7L));
        assertEquals(CalendarKind.LUNAR, store.calendars(1).get(BirthdayStore.PersonKind.PARENT).get(70L));
        assertTrue(store.calendars(2).get(BirthdayStore.PersonKind.CHILD).isEmpty());
        assertTrue(store.markReminder(1, "birthdays-child-7-20261123", LocalDate.of(2026, 11, 23)));
        assertFalse(store.markReminder(1, "birthdays-child-7-20261123", LocalDate.of(2026, 11, 23)));
        assertTrue(store.markReminder(2, "birthdays-child-7-20261123", LocalDate.of(2026, 11, 23)));
    }
}
