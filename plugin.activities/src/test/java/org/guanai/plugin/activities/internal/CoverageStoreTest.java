package org.guanai.plugin.activities.internal;

import static org.guanai.plugin.activities.internal.TestStores.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.guanai.plugin.activities.internal.Coverage.ChildEvidence;
import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.plugin.activities.internal.Model.ChildRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * What coverage and the ledger count, from activities and records stored on the SDK's test database (H2 in PostgreSQL mode,
 * or PostgreSQL with {@code -Dguanai.test.postgres=…}), migrated with the bundle's real scripts.
 */
class CoverageStoreTest {
    @AutoClose
    final TestStores stores = new TestStores();
    final ActivityStore activities = stores.activities;
    final RecordStore records = stores.records;
    final CoverageStore store = stores.coverage;

    @Test
    void evidenceGathersAttendanceRecordsAndThePairsRecordedHere() throws Exception {
        long s = 3;
        activities.createActivity(new Activity(null, s, d("2026-10-10"), "LECTURE", "讲座", null, false, null, List.of(1L, 2L), List.of(), "t", null));
        activities.createActivity(new Activity(null, s, d("2026-10-11"), "OTHER", "周末活动", null, true, null, List.of(2L, 2L), List.of(), "t", null));
        activities.createActivity(new Activity(null, s, d("2026-08-30"), "OUTING", "暑假", null, false, null, List.of(1L), List.of(), "t", null));
        records.createRecord(new ChildRecord(null, s, 1, "CALL", d("2026-09-20"), null, null, "父亲", null, 5, null, "t", null));
        // a pair that started last semester and is still open; one that ended before the range
        records.createRecord(new ChildRecord(null, s, 1, "PAIR", d("2026-03-01"), null, "LOVING_MOTHER", "刘阿姨", null, null, null, "t", null));
        records.createRecord(new ChildRecord(null, s, 2, "PAIR", d("2026-03-01"), d("2026-06-30"), "ONE_HELPS_ONE", "小老师", null, null, null, "t",
                null));
        records.createRecord(new ChildRecord(null, s, 1, "TALK", d("2026-09-03"), null, "LOVING_MOTHER", "刘阿姨", null, null, null, "t", null));

        Map<Long, ChildEvidence> own = store.evidence(s, d("2026-09-01"), d("2027-01-31"), true);
        ChildEvidence one = own.get(1L);
        assertEquals(Map.of("LECTURE", List.of(d("2026-10-10"))), one.activities(), "the August outing is outside");
        assertEquals(List.of(d("2026-09-20")), one.records().get("CALL"));
        assertEquals(new Coverage.PairEvidence(d("2026-03-01"), List.of(d("2026-09-03"))), one.pairs().get("LOVING_MOTHER"),
                "since the pair's first day, with its talks");
        assertEquals(List.of(d("2026-09-03")), one.records().get("TALK"), "a scheme talk is also a talk");
        ChildEvidence two = own.get(2L);
        assertEquals(List.of(d("2026-10-11")), two.home(), "a child listed twice takes part once");
        assertFalse(two.pairs().containsKey("ONE_HELPS_ONE"), "the pair ended before the semester");

        Map<Long, ChildEvidence> withPairing = store.evidence(s, d("2026-09-01"), d("2027-01-31"), false);
        assertTrue(withPairing.get(1L).pairs().isEmpty(), "with the pairing programme, its records replace these");
        assertEquals(List.of(new CoverageStore.Count(true, "LECTURE", 1), new CoverageStore.Count(true, "OTHER", 1),
                new CoverageStore.Count(false, "CALL", 1), new CoverageStore.Count(false, "TALK", 1)),
                store.counts(s, d("2026-09-01"), d("2027-01-31")));
    }
}
