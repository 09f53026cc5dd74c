package org.guanai.plugin.awards.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.returns.ReturnFigure;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.plugin.awards.internal.Model.Award;
import org.guanai.plugin.awards.internal.Model.Nomination;
import org.guanai.plugin.awards.internal.Model.Nominee;
import org.guanai.plugin.awards.internal.Model.NomineeKind;
import org.guanai.plugin.awards.internal.Model.State;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The return's figures on a fixture small enough to count by hand: school 1 has an 优秀留守儿童 granted on 10 November
 * 2026 and a 先进工作者 granted on 20 August 2026, an 爱心妈妈 approved by the school only, one refused; school 2 has one
 * granted in November.
 */
class AwardsReturnsTest {
    private static final Instant AT = Instant.parse("2026-08-01T02:00:00Z");
    private final TestDatabase db = TestDatabase.forProgramme(AwardsProgramme.ID);
    private final NominationStore store = new NominationStore(db);
    private final AwardsReturns returns = new AwardsReturns(store, new TestTexts());

    @AfterEach
    void close() {
        db.close();
    }

    private Nomination nominate(long school, Award award) {
        return store.create(new Nomination(null, 0, school, award, 2026, new Nominee(NomineeKind.PERSON, null, null, null, null, "某人", "职务"),
                "理由", List.of(), State.NOMINATED, "t", AT, null, null, null, null, null, null));
    }

    private void grant(long school, Award award, LocalDate on) {
        Nomination n = nominate(school, award);
        store.decide(school, n.id(), null, false, true, null, "head", AT, on);
        store.decide(school, n.id(), null, true, true, null, "county", AT, on);
    }

    private Map<String, Number> values(ReturnPeriod period) {
        Map<String, Number> out = new LinkedHashMap<>();
        for (ReturnFigure f : returns.figures(1, period)) {
            assertTrue(f.definitionZh() != null && f.definitionEn() != null && !f.labelZh().equals(f.key()), f.toString());
            out.put(f.key(), f.value());
        }
        return out;
    }

    @Test
    void countsTheAwardsTheCountyGrantedInThePeriodPerAward() {
        grant(1, Award.EXCELLENT_CHILD, LocalDate.of(2026, 11, 10));
        grant(1, Award.ADVANCED_WORKER, LocalDate.of(2026, 8, 20));
        store.decide(1, nominate(1, Award.LOVING_MOTHER).id(), null, false, true, null, "head", AT, LocalDate.of(2026, 11, 1));
        store.decide(1, nominate(1, Award.LITTLE_TEACHER).id(), null, false, false, "不足", "head", AT, LocalDate.of(2026, 11, 1));
        grant(2, Award.EXCELLENT_CHILD, LocalDate.of(2026, 11, 12));

        Map<String, Number> q4 = values(ReturnPeriod.parse("2026Q4"));
        assertEquals(List.of("granted", "granted.CARE_AWARD", "granted.EXCELLENT_CHILD", "granted.LITTLE_TEACHER", "granted.LOVING_MOTHER",
                "granted.ADVANCED_WORKER"), List.copyOf(q4.keySet()));
        assertEquals(Map.of("granted", 1L, "granted.CARE_AWARD", 0L, "granted.EXCELLENT_CHILD", 1L, "granted.LITTLE_TEACHER", 0L,
                "granted.LOVING_MOTHER", 0L, "granted.ADVANCED_WORKER", 0L), q4);
        assertEquals(1L, values(ReturnPeriod.parse("2026Q3")).get("granted.ADVANCED_WORKER"));
        assertEquals(2L, values(ReturnPeriod.parse("2026")).get("granted"));
        assertEquals(0L, values(ReturnPeriod.parse("2026Q1")).get("granted"));
    }
}
