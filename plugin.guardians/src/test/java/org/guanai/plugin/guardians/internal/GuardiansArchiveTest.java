package org.guanai.plugin.guardians.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.archive.ArchiveQuery;
import org.guanai.core.api.archive.ArchiveSection;
import org.guanai.plugin.guardians.internal.Model.Kind;
import org.guanai.plugin.guardians.internal.Model.Person;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guardians' training history as the section of the child's archive page. */
class GuardiansArchiveTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private final TestDatabase db = TestDatabase.forProgramme(GuardiansProgramme.ID);
    private final SessionStore store = new SessionStore(db);
    private final GuardiansArchive archive = new GuardiansArchive(store, new TestTexts());

    @AfterEach
    void close() {
        db.close();
    }

    private static Caller caller(String... permissions) {
        return Caller.builder("teacher").schoolIds(Set.of(1L)).schoolId(1L).permissions(Set.of(permissions)).build();
    }

    @Test
    void listsTheSessionsTheChildsGuardiansWereMarkedForTheLatestFirstInBothLanguages() {
        long meeting = store.create(SessionStoreTest.session(1, Kind.GUARDIAN_MEETING, LocalDate.of(2026, 10, 9))).id();
        long training = store.create(SessionStoreTest.session(1, Kind.TRAINING, LocalDate.of(2026, 11, 20))).id();
        long otherSchool = store.create(SessionStoreTest.session(2, Kind.TRAINING, LocalDate.of(2026, 11, 21))).id();
        store.mark(meeting, List.of(SessionStoreTest.mark(5, Person.GUARDIAN, 10, true), SessionStoreTest.mark(6, Person.GUARDIAN, 11, true)), "t");
        store.mark(training, List.of(SessionStoreTest.mark(5, Person.GUARDIAN, 10, false)), "t");
        store.mark(otherSchool, List.of(SessionStoreTest.mark(5, Person.GUARDIAN, 10, true)), "t");

        ArchiveSection s = archive.section(new ArchiveQuery(caller("guardians.read"), 1, 5, TODAY)).orElseThrow();

        assertEquals(GuardiansProgramme.ID, s.programme());
        assertEquals("监护人培训记录（家长学校）", s.titleZh());
        assertEquals(2, s.lines().size(), s.toString());
        assertEquals(LocalDate.of(2026, 11, 20), s.lines().get(0).date());
        assertEquals("某某（奶奶）未出席培训/讲座：隔代教育", s.lines().get(0).textZh());
        assertEquals("某某（奶奶）出席监护人会议：隔代教育", s.lines().get(1).textZh());
        assertEquals("Guardian meeting \"隔代教育\": 某某 (奶奶) attended", s.lines().get(1).textEn());
        assertEquals(0, s.more());
    }

    @Test
    void answersNothingWithoutTheProgrammesReadPermissionOrWithoutAnyRecord() {
        long meeting = store.create(SessionStoreTest.session(1, Kind.GUARDIAN_MEETING, LocalDate.of(2026, 10, 9))).id();
        store.mark(meeting, List.of(SessionStoreTest.mark(5, Person.GUARDIAN, 10, true)), "t");

        assertTrue(archive.section(new ArchiveQuery(caller("registry.read"), 1, 5, TODAY)).isEmpty());
        assertTrue(archive.section(new ArchiveQuery(caller("guardians.read"), 1, 6, TODAY)).isEmpty());
    }
}
