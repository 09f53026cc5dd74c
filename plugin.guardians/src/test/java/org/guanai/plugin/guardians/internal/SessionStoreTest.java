package org.guanai.plugin.guardians.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import org.guanai.core.api.StaleVersionException;
import org.guanai.plugin.guardians.internal.Model.Attendee;
import org.guanai.plugin.guardians.internal.Model.Kind;
import org.guanai.plugin.guardians.internal.Model.Person;
import org.guanai.plugin.guardians.internal.Model.Session;
import org.guanai.sdk.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store on the programme's real migrations (H2 in PostgreSQL mode, or PostgreSQL with -Dguanai.test.postgres). */
class SessionStoreTest {
    private final TestDatabase db = TestDatabase.forProgramme(GuardiansProgramme.ID);
    private final SessionStore store = new SessionStore(db);

    @AfterEach
    void close() {
        db.close();
    }

    static Session session(long school, Kind kind, LocalDate day) {
        return new Session(null, 0, school, null, kind, "隔代教育", day, "会议室", null, null, List.of("课件", "职责条款"), null, "teacher", 0, 0);
    }

    static Attendee mark(long child, Person p, long id, boolean attended) {
        return new Attendee(child, null, p, id, "某某", "奶奶", attended);
    }

    @Test
    void keepsSessionsPerSchoolPagedTheLatestFirst() {
        Session a = store.create(session(1, Kind.GUARDIAN_MEETING, LocalDate.of(2026, 10, 9)));
        Session b = store.create(session(1, Kind.TRAINING, LocalDate.of(2026, 11, 20)));
        store.create(session(2, Kind.TRAINING, LocalDate.of(2026, 11, 21)));
        assertEquals(List.of("课件", "职责条款"), a.materials());
        assertEquals(List.of(b.id(), a.id()), store.list(1, null, 0, 20).items().stream().map(Session::id).toList());
        assertEquals(List.of(a.id()), store.list(1, null, 1, 1).items().stream().map(Session::id).toList());
        assertEquals(2, store.list(1, null, 1, 1).total());
        assertEquals(List.of(b.id()), store.list(1, Kind.TRAINING, 0, 20).items().stream().map(Session::id).toList());
        assertTrue(store.get(2, a.id()).isEmpty(), "another school's session is not found");
    }

    @Test
    void updatesAtTheStoredVersionOnly() {
        Session a = store.create(session(1, Kind.FORUM, LocalDate.of(2026, 10, 9)));
        Session changed = store.update(new Session(a.id(), 0, 1, 3L, Kind.FORUM, "座谈", a.heldOn(), "教室", null, null, List.of(), "备注", "x", 0, 0));
        assertEquals(1, changed.version());
        assertEquals("座谈", changed.topic());
        assertEquals(3L, changed.classId());
        assertEquals(List.of(), changed.materials());
        assertEquals("teacher", changed.createdBy(), "who entered it does not change");
        assertThrows(StaleVersionException.class, () -> store.update(new Session(a.id(), 0, 1, null, Kind.TRAINING, "旧的", a.heldOn(), "会议室", null, null, List.of(), null, "t", 0, 0)));
        assertEquals("座谈", store.get(1, a.id()).orElseThrow().topic());
    }

    @Test
    void marksAttendanceReplacingAPersonsMarkAndDeletesItWithTheSession() {
        Session a = store.create(session(1, Kind.GUARDIAN_MEETING, LocalDate.of(2026, 10, 9)));
        store.mark(a.id(), List.of(mark(5, Person.GUARDIAN, 10, false), mark(5, Person.PARENT, 20, true)), "t");
        store.mark(a.id(), List.of(mark(5, Person.GUARDIAN, 10, true)), "t");
        Session read = store.get(1, a.id()).orElseThrow();
        assertEquals(2, read.marked());
        assertEquals(2, read.attended());
        assertEquals(1, store.history(1, 5).stream().filter(h -> h.person() == Person.GUARDIAN).count());
        assertTrue(store.history(2, 5).isEmpty(), "another school's history is empty");
        assertTrue(store.unmarked(1, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31)).isEmpty());
        assertTrue(store.delete(1, a.id()));
        assertFalse(store.delete(1, a.id()));
        assertTrue(store.attendance(a.id()).isEmpty());
        assertTrue(store.history(1, 5).isEmpty());
    }

    @Test
    void listsTheSessionsWithoutAttendanceInAPeriod() {
        Session a = store.create(session(1, Kind.GUARDIAN_MEETING, LocalDate.of(2026, 12, 7)));
        Session b = store.create(session(1, Kind.GUARDIAN_MEETING, LocalDate.of(2026, 12, 8)));
        store.create(session(1, Kind.GUARDIAN_MEETING, LocalDate.of(2026, 12, 14)));
        store.mark(b.id(), List.of(mark(5, Person.GUARDIAN, 10, false)), "t");
        assertEquals(List.of(a.id()), store.unmarked(1, LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 13)).stream().map(Session::id).toList());
    }
}
