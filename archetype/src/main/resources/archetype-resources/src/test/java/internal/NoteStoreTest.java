package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import org.guanai.sdk.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store on the programme's real migrations: on H2 in PostgreSQL mode, or on PostgreSQL with
 * {@code -Dguanai.test.postgres=jdbc:postgresql://…}.
 */
class NoteStoreTest {
    private final TestDatabase db = TestDatabase.forProgramme(${className}Programme.ID);
    private final NoteStore store = new NoteStore(db);

    @AfterEach
    void close() {
        db.close();
    }

    private static Note note(long child, long school, String day) {
        return new Note(null, child, school, LocalDate.parse(day), "按时到校", "teacher");
    }

    @Test
    void addsAndListsAChildsNotesTheLatestFirst() {
        Note first = store.add(note(5, 1, "2026-11-20"));
        Note second = store.add(note(5, 1, "2026-11-22"));
        Note sameDay = store.add(note(5, 1, "2026-11-22"));
        store.add(note(6, 1, "2026-11-21"));
        assertTrue(first.id() > 0 && second.id() > first.id(), first + " " + second);
        assertEquals(List.of(sameDay, second, first), store.forChild(5), "latest first, then the last written");
        assertEquals(0, db.migrate().applied(), "the store migrated the database when it started");
    }

    @Test
    void countsASchoolsNotesFromADayOn() {
        store.add(note(5, 1, "2026-10-31"));
        store.add(note(5, 1, "2026-11-01"));
        store.add(note(5, 1, "2026-11-23"));
        store.add(note(9, 2, "2026-11-02"));
        assertEquals(2, store.countSince(1, LocalDate.parse("2026-11-01")));
        assertEquals(1, store.countSince(2, LocalDate.parse("2026-11-01")));
    }
}
