package org.guanai.plugin.pairing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.guanai.plugin.pairing.internal.Model.EndReason;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.MentorRecord;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Proposal;
import org.guanai.plugin.pairing.internal.Model.ProposalItem;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Obligation;
import org.guanai.plugin.pairing.internal.rules.Period;
import org.guanai.plugin.pairing.internal.rules.RecordKind;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.plugin.pairing.internal.rules.Topic;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store on the SDK's test database: H2 in PostgreSQL mode with the bundle's own migrations, or a fresh schema on a
 * real PostgreSQL with {@code -Dguanai.test.postgres=jdbc:postgresql://host:port/db?user=…}.
 */
class PairingStoreTest {
    private final TestDatabase db = TestDatabase.forProgramme("pairing");
    private final PairingStore store = new PairingStore(db, TestCalendar.on(LocalDate.of(2026, 11, 20)));

    @AfterEach
    void close() {
        db.close();
    }

    private Mentor mentor(long school, MentorKind kind, String village) throws Exception {
        return store.insertMentor(new Mentor(null, school, kind, null, null, "李老师", null, village, null, null, null, true, null, null), "t");
    }

    @Test
    void mentorsPairsLoadsAndLeaving() throws Exception {
        Mentor m = mentor(1, MentorKind.LOVING_MOTHER, "大坪村");
        mentor(1, MentorKind.CADRE, "大坪村");
        mentor(2, MentorKind.CADRE, "青龙村");
        Pair a = store.insertPair(new Pair(null, 1, 100, m.id(), Schemes.LOVING_MOTHER_SCHEME, Status.ACTIVE, LocalDate.of(2026, 9, 1), null,
                null, null, "t"));
        store.insertPair(new Pair(null, 1, 101, m.id(), Schemes.LOVING_MOTHER_SCHEME, Status.PENDING, LocalDate.of(2026, 9, 1), null, null,
                null, "t"));
        assertEquals(Map.of(m.id(), 2), store.loads(List.of(m.id())));
        assertEquals(1, store.cadres(List.of("大坪村")).size());
        assertEquals(2, store.cadres(List.of("大坪村", "青龙村")).size());
        List<Pair> ended = store.mentorLeft(m.id(), LocalDate.of(2026, 11, 20), "t");
        assertEquals(2, ended.size());
        Pair after = store.pair(a.id()).orElseThrow();
        assertEquals(Status.ENDED, after.status());
        assertEquals(EndReason.MENTOR_LEFT, after.endReason());
        assertEquals(LocalDate.of(2026, 11, 20), after.endsOn());
        assertFalse(store.mentor(m.id()).orElseThrow().active());
        assertTrue(store.loads(List.of(m.id())).isEmpty());
        // history is kept
        assertEquals(2, store.pairsOfMentor(m.id()).size());
        assertTrue(store.pairsOfSchool(1, true).isEmpty());
        assertEquals(2, store.pairsOfSchool(1, false).size());
    }

    @Test
    void preconditionsActivationChildLeavingAndLocks() throws Exception {
        Mentor m = mentor(3, MentorKind.PROXY_PARENT, "大坪村");
        Mentor changed = store.updateMentor(new Mentor(m.id(), 3, m.kind(), null, null, "王妈妈", "13800000000", "青龙村", null, 1,
                LocalDate.of(2026, 10, 1), true, null, "已审查"));
        assertEquals("青龙村", changed.village());
        assertEquals(1, changed.capacity());
        Pair p = store.insertPair(new Pair(null, 3, 200, m.id(), Schemes.PROXY_PARENT_SCHEME, Status.PENDING, LocalDate.of(2026, 11, 1),
                null, null, null, "t"));
        store.insertPrecondition(new Model.PreconditionRecord(null, 3, org.guanai.plugin.pairing.internal.rules.Precondition.PARENT_CONSENT,
                200L, null, null, LocalDate.of(2026, 11, 2), "同意", "t"));
        assertEquals(1, store.preconditions(3).size());
        store.activate(p.id());
        assertEquals(Status.ACTIVE, store.pair(p.id()).orElseThrow().status());
        assertEquals(List.of(3L), store.schoolsWithPairs());
        int load = store.tx(sql -> {
            assertEquals(1, store.openPairsOfChild(sql, 200).size());
            return store.load(sql, m.id()); // locks the mentor's row
        });
        assertEquals(1, load);
        assertEquals(1, store.childLeft(200, LocalDate.of(2026, 11, 20), "t").size());
        assertEquals(EndReason.CHILD_LEFT, store.pairsOfChild(200).get(0).endReason());
        assertTrue(store.schoolsWithPairs().isEmpty());
    }

    @Test
    void recordsAssessmentsSchemesProposalsAndNotices() throws Exception {
        Mentor m = mentor(1, MentorKind.TEACHER, null);
        store.insertRecord(new MentorRecord(null, 1, m.id(), 100L, RecordKind.TALK, LocalDate.of(2026, 11, 3), List.of(Topic.STUDY, Topic.MOOD),
                "谈心", "家访", "t"));
        List<MentorRecord> recs = store.records(1, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), m.id(), 100L);
        assertEquals(List.of(Topic.STUDY, Topic.MOOD), recs.get(0).topics());
        assertTrue(store.records(1, LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 30), null, null).isEmpty());

        store.insertAssessment(new Model.Assessment(null, 1, 100, LocalDate.of(2026, 9, 1), 1, 1, 1, 1, null, 4, 2, "total:4", null, "t"));
        store.insertAssessment(new Model.Assessment(null, 1, 100, LocalDate.of(2026, 11, 1), 3, 0, 0, 0, null, 3, 4, "critical:PSYCH", null, "t"));
        assertEquals(Map.of(100L, 4), store.levels(1));
        assertEquals(2, store.assessments(100).size());

        Scheme staff = Schemes.defaults().get(0);
        store.saveScheme(1, staff.with(true, 2, List.of(new Obligation(RecordKind.TALK, Period.WEEK, 1, org.guanai.plugin.pairing.internal.rules.Basis.PAIR, ""))),
                "t");
        store.saveScheme(1, staff.with(true, 5, staff.obligations()), "t"); // saved again: replaced, not duplicated
        Scheme saved = store.schemes(1, Schemes.defaults()).get(0);
        assertEquals(5, saved.capacity());
        assertEquals(staff.obligations(), saved.obligations());
        assertEquals(3, store.schemes(2, Schemes.defaults()).get(0).capacity());

        Proposal p = store.insertProposal(new Proposal(null, 1, false, 2, 2, 1, 7, 3, "t", List.of(
                new ProposalItem(null, 1, 100, 9L, 2, m.id(), Schemes.STAFF, "SAME_CLASS", 1, 3, null, "甲", "a", null),
                new ProposalItem(null, 1, 101, 9L, null, null, null, null, null, null, null, "乙", "b", null))));
        assertEquals(2, store.proposal(p.id()).orElseThrow().items().size());

        assertTrue(store.notice("k1"));
        assertFalse(store.notice("k1"));
    }
}
