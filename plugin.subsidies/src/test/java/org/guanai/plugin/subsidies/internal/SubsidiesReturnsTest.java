package org.guanai.plugin.subsidies.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.returns.ReturnFigure;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.plugin.subsidies.internal.Model.Application;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The return's figures on a fixture small enough to count by hand. */
class SubsidiesReturnsTest {
    private final TestDatabase db = TestDatabase.forProgramme(SubsidiesProgramme.ID);
    private final SubsidyStore store = new SubsidyStore(db);
    private final SubsidiesReturns returns = new SubsidiesReturns(store, new TestTexts());

    @AfterEach
    void close() {
        db.close();
    }

    private void pay(long child, String amount, LocalDate on) {
        Application a = store.apply(SubsidyStoreTest.application(1, child, "STUDY_LIVING", "2026-AUTUMN", amount), true);
        store.decide(1, a.id(), false, true, null, "h", SubsidyStoreTest.AT);
        store.decide(1, a.id(), true, true, null, "c", SubsidyStoreTest.AT);
        store.pay(1, a.id(), new BigDecimal(amount), on, null, "t", SubsidyStoreTest.AT);
    }

    /**
     * School 1, 2026 Q4: 王 (5) paid 500 on 9 Oct and a 低保 of 300 on 1 Dec; 李 (6) paid 800 on 10 Oct, reversed on
     * 20 Oct; 张 (7) a 临时救助 on 30 Sep (Q3); an application of 8 still waiting; school 2's 低保 for 9 on 1 Nov. Q4:
     * children 王 = 1, payments 2 (李's reversed, the reversal not a payment). Q3: 张, 1 and 1. The year: 2 and 3.
     */
    private void fixture() {
        pay(5, "500.00", LocalDate.of(2026, 10, 9));
        store.fact(SubsidyStoreTest.fact(1, 5, "CA_MINIMUM", "300.00", LocalDate.of(2026, 12, 1)));
        pay(6, "800.00", LocalDate.of(2026, 10, 10));
        long wrong = store.ledger(6).get(0).id();
        store.reverse(1, wrong, "不符合条件", LocalDate.of(2026, 10, 20), "h", SubsidyStoreTest.AT);
        store.fact(SubsidyStoreTest.fact(1, 7, "CA_TEMPORARY", "1000.00", LocalDate.of(2026, 9, 30)));
        store.apply(SubsidyStoreTest.application(1, 8, "STUDY_LIVING", "2026-AUTUMN", "500.00"), true);
        store.fact(SubsidyStoreTest.fact(2, 9, "CA_MINIMUM", "300.00", LocalDate.of(2026, 11, 1)));
    }

    private Map<String, Number> values(ReturnPeriod period) {
        Map<String, Number> out = new LinkedHashMap<>();
        for (ReturnFigure f : returns.figures(1, period)) {
            assertTrue(f.definitionZh() != null && f.definitionEn() != null && !f.labelZh().equals(f.key()), f.toString());
            assertEquals(ReturnFigure.COUNT, f.unit());
            out.put(f.key(), f.value());
        }
        return out;
    }

    @Test
    void countsTheQuarterByHand() {
        fixture();
        assertEquals(Map.of("children", 1L, "payments", 2L), values(ReturnPeriod.parse("2026Q4")));
        assertEquals(Map.of("children", 1L, "payments", 1L), values(ReturnPeriod.parse("2026Q3")));
        assertEquals(Map.of("children", 2L, "payments", 3L), values(ReturnPeriod.parse("2026")));
        assertEquals(List.of("children", "payments"), List.copyOf(values(ReturnPeriod.parse("2026Q1")).keySet()));
        assertEquals(Map.of("children", 0L, "payments", 0L), values(ReturnPeriod.parse("2026Q1")));
    }
}
