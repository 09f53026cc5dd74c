package org.guanai.plugin.guardians.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.returns.ReturnFigure;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.plugin.guardians.internal.Model.Kind;
import org.guanai.plugin.guardians.internal.Model.Person;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The return's figures on a fixture small enough to count by hand. */
class GuardiansReturnsTest {
    private final TestDatabase db = TestDatabase.forProgramme(GuardiansProgramme.ID);
    private final SessionStore store = new SessionStore(db);
    private final GuardiansReturns returns = new GuardiansReturns(store, Registry.fixture().childService(), new TestTexts());

    @AfterEach
    void close() {
        db.close();
    }

    /**
     * School 1 has three children on its roll (5, 6, 7). In 2026 Q4: session A, 王小明's 奶奶 (G10) and father (P20)
     * came, 李华's guardian (G11) did not; session B, G10 came again; session C, nobody came. In Q3: session D, 张丽's 外婆
     * (G12) came. School 2's session in Q4 does not count.
     */
    private void fixture() {
        long a = store.create(SessionStoreTest.session(1, Kind.GUARDIAN_MEETING, LocalDate.of(2026, 10, 9))).id();
        long b = store.create(SessionStoreTest.session(1, Kind.TRAINING, LocalDate.of(2026, 12, 31))).id();
        long c = store.create(SessionStoreTest.session(1, Kind.FORUM, LocalDate.of(2026, 11, 2))).id();
        long d = store.create(SessionStoreTest.session(1, Kind.HOLIDAY_MEETING, LocalDate.of(2026, 9, 30))).id();
        long other = store.create(SessionStoreTest.session(2, Kind.TRAINING, LocalDate.of(2026, 10, 9))).id();
        store.mark(a, List.of(SessionStoreTest.mark(5, Person.GUARDIAN, 10, true), SessionStoreTest.mark(5, Person.PARENT, 20, true),
                SessionStoreTest.mark(6, Person.GUARDIAN, 11, false)), "t");
        store.mark(b, List.of(SessionStoreTest.mark(5, Person.GUARDIAN, 10, true)), "t");
        store.mark(c, List.of(SessionStoreTest.mark(6, Person.GUARDIAN, 11, false)), "t");
        store.mark(d, List.of(SessionStoreTest.mark(7, Person.GUARDIAN, 12, true)), "t");
        store.mark(other, List.of(SessionStoreTest.mark(8, Person.GUARDIAN, 13, true)), "t");
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
    void countsTheQuarterByHand() {
        fixture();
        assertEquals(Map.of("sessions", 2L, "people", 2L, "reached", 1L, "reachedRate", new BigDecimal("0.3333")), values(ReturnPeriod.parse("2026Q4")));
        assertEquals(Map.of("sessions", 1L, "people", 1L, "reached", 1L, "reachedRate", new BigDecimal("0.3333")), values(ReturnPeriod.parse("2026Q3")));
        assertEquals(Map.of("sessions", 3L, "people", 3L, "reached", 2L, "reachedRate", new BigDecimal("0.6667")), values(ReturnPeriod.parse("2026")));
    }

    @Test
    void anEmptyPeriodCountsNothing() {
        fixture();
        assertEquals(Map.of("sessions", 0L, "people", 0L, "reached", 0L, "reachedRate", new BigDecimal("0.0000")), values(ReturnPeriod.parse("2026Q1")));
        assertEquals(List.of("sessions", "people", "reached", "reachedRate"), List.copyOf(values(ReturnPeriod.parse("2026Q1")).keySet()));
    }
}
