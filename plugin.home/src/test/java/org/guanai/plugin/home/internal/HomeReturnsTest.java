package org.guanai.plugin.home.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.guanai.core.api.returns.ReturnFigure;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.plugin.home.internal.Model.Call;
import org.guanai.plugin.home.internal.Model.CallKind;
import org.guanai.plugin.home.internal.Model.Item;
import org.guanai.plugin.home.internal.Model.Standard;
import org.guanai.plugin.home.internal.Model.Talk;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The return's figures on a fixture small enough to count by hand. */
class HomeReturnsTest {
    private final TestDatabase db = TestDatabase.forProgramme(HomeProgramme.ID);
    private final HomeStore store = new HomeStore(db);
    private final HomeReturns returns = new HomeReturns(store, new TestTexts());

    @AfterEach
    void close() {
        db.close();
    }

    private static LocalDateTime at(String day, int hour) {
        return java.time.LocalDate.parse(day).atTime(hour, 0);
    }

    /**
     * School 1. 八有: SIGN and SITE met (checked in Q3), FILES checked not met, LEDGER met but checked only in 2027. Q4
     * 2026: child 5 called twice (a call on 1 Oct 00:00 and a video on 31 Dec 23:00), child 6 once; two books lent (one on
     * 30 Sep, in Q3); one talk. School 2's call in Q4 does not count.
     */
    private void fixture() {
        store.check(1, new Standard(Item.SIGN, true, null, HomeStoreTest.d("2026-09-01"), "h"));
        store.check(1, new Standard(Item.SITE, true, null, HomeStoreTest.d("2026-09-01"), "h"));
        store.check(1, new Standard(Item.FILES, false, null, HomeStoreTest.d("2026-09-01"), "h"));
        store.check(1, new Standard(Item.LEDGER, true, null, HomeStoreTest.d("2027-01-05"), "h"));
        store.call(1, new Call(null, 5, null, CallKind.CALL, null, null, "王大山", at("2026-10-01", 0), 5), "t");
        store.call(1, new Call(null, 5, null, CallKind.VIDEO_CALL, null, null, "王大山", at("2026-12-31", 23), 5), "t");
        store.call(1, new Call(null, 6, null, CallKind.CALL, null, null, "刘芳", at("2026-11-11", 17), 5), "t");
        store.call(1, new Call(null, 6, null, CallKind.CALL, null, null, "刘芳", at("2027-01-01", 0), 5), "t");
        store.call(2, new Call(null, 7, null, CallKind.CALL, null, null, "某某", at("2026-11-11", 17), 5), "t");
        store.lend(1, 5, "草房子", HomeStoreTest.d("2026-10-09"), HomeStoreTest.d("2026-10-23"), "t");
        store.lend(1, 6, "昆虫记", HomeStoreTest.d("2026-09-30"), HomeStoreTest.d("2026-10-14"), "t");
        store.talk(1, new Talk(null, 6, null, 40, "周老师", HomeStoreTest.d("2026-11-20"), "想家"), "t");
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
        assertEquals(Map.of("standard", 2L, "calls", 3L, "callers", 2L, "loans", 1L, "talks", 1L), values(ReturnPeriod.parse("2026Q4")));
        assertEquals(Map.of("standard", 2L, "calls", 0L, "callers", 0L, "loans", 1L, "talks", 0L), values(ReturnPeriod.parse("2026Q3")));
        assertEquals(Map.of("standard", 3L, "calls", 1L, "callers", 1L, "loans", 0L, "talks", 0L), values(ReturnPeriod.parse("2027Q1")));
        assertEquals(java.util.List.of("standard", "calls", "callers", "loans", "talks"), java.util.List.copyOf(values(ReturnPeriod.parse("2026")).keySet()));
    }
}
