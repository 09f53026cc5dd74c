package org.guanai.plugin.awards.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.guanai.plugin.awards.internal.Model.Award;
import org.guanai.plugin.awards.internal.Model.Fact;
import org.guanai.plugin.awards.internal.Model.Nomination;
import org.guanai.plugin.awards.internal.Model.Nominee;
import org.guanai.plugin.awards.internal.Model.NomineeKind;
import org.guanai.plugin.awards.internal.Model.State;
import org.guanai.sdk.data.ConflictException;
import org.guanai.sdk.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store on the SDK's test database (H2 in PostgreSQL mode, or PostgreSQL with {@code -Dguanai.test.postgres}). */
class NominationStoreTest {
    private static final Instant AT = Instant.parse("2026-12-07T02:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    private final TestDatabase db = TestDatabase.forProgramme(AwardsProgramme.ID);
    private final NominationStore store = new NominationStore(db);

    @AfterEach
    void close() {
        db.close();
    }

    private Nomination nominate(long school, Award award, Nominee who) {
        return store.create(new Nomination(null, 0, school, award, 2026, who, "理由", List.of(new Fact("九个一：应完成 9 项，已完成 8 项", "九个一: 8 of 9")),
                State.NOMINATED, "t", AT, null, null, null, null, null, null));
    }

    @Test
    void keepsTheNomineeAndEvidenceAsNominatedAndDecidesEachStepOnce() {
        Nomination n = nominate(1, Award.EXCELLENT_CHILD, new Nominee(NomineeKind.CHILD, 5L, null, null, null, "王小明", null));
        assertEquals(State.NOMINATED, n.state());
        assertEquals("王小明", n.nominee().name());
        assertEquals(List.of(new Fact("九个一：应完成 9 项，已完成 8 项", "九个一: 8 of 9")), n.evidence());
        assertEquals(AT, n.nominatedAt());

        assertEquals("notSchoolApproved", assertThrows(ConflictException.class,
                () -> store.decide(1, n.id(), null, true, true, null, "county", AT, TODAY)).code(), "the county waits for the school");
        assertEquals("stale", assertThrows(ConflictException.class,
                () -> store.decide(1, n.id(), 5L, false, true, null, "head", AT, TODAY)).code());
        assertEquals("notFound", assertThrows(ConflictException.class,
                () -> store.decide(2, n.id(), null, false, true, null, "head", AT, TODAY)).code(), "another school's");
        Nomination school = store.decide(1, n.id(), 0L, false, true, null, "head", AT, TODAY);
        assertEquals(State.SCHOOL_APPROVED, school.state());
        assertEquals(1, school.version());
        assertEquals("head", school.schoolBy());
        assertEquals("notNominated", assertThrows(ConflictException.class,
                () -> store.decide(1, n.id(), null, false, true, null, "head", AT, TODAY)).code(), "the school decides once");
        Nomination granted = store.decide(1, n.id(), 1L, true, true, null, "county", AT, TODAY);
        assertEquals(State.APPROVED, granted.state());
        assertEquals(TODAY, granted.grantedOn());
        assertEquals("notSchoolApproved", assertThrows(ConflictException.class,
                () -> store.decide(1, n.id(), null, true, false, "晚了", "county", AT, TODAY)).code(), "the county decides once");
    }

    @Test
    void aRefusalKeepsItsReasonAndListsAndCountsFilter() {
        Nomination a = nominate(1, Award.LOVING_MOTHER, new Nominee(NomineeKind.PERSON, null, null, null, null, "陈秀英", "村妇联主任"));
        Nomination b = nominate(1, Award.ADVANCED_WORKER, new Nominee(NomineeKind.STAFF, null, 40L, null, null, "周老师", "班主任"));
        nominate(2, Award.ADVANCED_WORKER, new Nominee(NomineeKind.STAFF, null, 41L, null, null, "吴老师", null));
        Nomination refused = store.decide(1, a.id(), null, false, false, "材料不足", "head", AT, TODAY);
        assertEquals(State.REFUSED, refused.state());
        assertEquals("材料不足", refused.refusal());
        assertEquals(null, refused.grantedOn());
        store.decide(1, b.id(), null, false, true, null, "head", AT, TODAY);
        store.decide(1, b.id(), null, true, true, null, "county", AT, TODAY);

        assertEquals(List.of(b.id(), a.id()), store.list(1, 2026, null).stream().map(Nomination::id).toList(), "the latest first");
        assertEquals(List.of(a.id()), store.list(1, null, State.REFUSED).stream().map(Nomination::id).toList());
        assertEquals(List.of(), store.list(1, 2025, null));
        Map<Award, Long> granted = store.granted(1, TODAY, TODAY);
        assertEquals(1L, granted.get(Award.ADVANCED_WORKER));
        assertEquals(0L, granted.get(Award.LOVING_MOTHER));
        assertEquals(0L, store.granted(1, TODAY.plusDays(1), TODAY.plusDays(30)).get(Award.ADVANCED_WORKER));
    }
}
