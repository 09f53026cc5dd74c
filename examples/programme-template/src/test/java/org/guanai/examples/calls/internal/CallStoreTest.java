package org.guanai.examples.calls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.dto.ParentRole;
import org.guanai.sdk.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store on the programme's real migrations: on H2 in PostgreSQL mode, or on PostgreSQL with
 * {@code -Dguanai.test.postgres=jdbc:postgresql://…}.
 */
class CallStoreTest {
    private final TestDatabase db = TestDatabase.forProgramme(CallsProgramme.ID);
    private final CallStore store = new CallStore(db);

    @AfterEach
    void close() {
        db.close();
    }

    static Call call(long child, long school, String at, int minutes) {
        return new Call(null, child, school, ParentRole.MOTHER, OffsetDateTime.parse(at).toInstant(), minutes, "问学习", "teacher");
    }

    @Test
    void recordsAndListsAChildsCallsTheLatestFirst() {
        Call first = store.record(call(5, 1, "2026-11-20T19:30:00+08:00", 12));
        Call second = store.record(call(5, 1, "2026-11-22T20:00:00+08:00", 3));
        Call sameTime = store.record(call(5, 1, "2026-11-22T20:00:00+08:00", 4));
        store.record(call(6, 1, "2026-11-21T19:30:00+08:00", 8));
        assertTrue(first.id() > 0 && second.id() > first.id(), first + " " + second);
        assertEquals(List.of(sameTime, second, first), store.forChild(5), "latest first, then the last recorded");
        assertEquals(0, db.migrate().applied(), "the store migrated the database when it started");
    }

    @Test
    void countsEachMonthOfTheYearInChinaTimeForOneSchool() {
        store.record(call(5, 1, "2026-01-31T23:30:00+08:00", 10)); // 15:30 UTC: January in China
        store.record(call(5, 1, "2026-02-01T00:30:00+08:00", 7)); // still 31 January in UTC: February in China
        store.record(call(5, 1, "2026-02-14T10:00:00+08:00", 5));
        store.record(call(5, 1, "2025-12-31T23:59:00+08:00", 99)); // last year
        store.record(call(5, 1, "2027-01-01T00:00:00+08:00", 99)); // next year
        store.record(call(9, 2, "2026-01-15T10:00:00+08:00", 50)); // another school
        Map<String, CallStore.Month> months = store.monthly(1, 2026);
        assertEquals(List.of("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10",
                "2026-11", "2026-12"), new ArrayList<>(months.keySet()));
        assertEquals(new CallStore.Month(1, 10), months.get("2026-01"));
        assertEquals(new CallStore.Month(2, 12), months.get("2026-02"));
        assertEquals(new CallStore.Month(0, 0), months.get("2026-12"));
        assertEquals(new CallStore.Month(1, 50), store.monthly(2, 2026).get("2026-01"));
    }
}
