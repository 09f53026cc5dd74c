package org.guanai.core.registry.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The kept totals and listings of list queries: their age, this node's writes, and one scan for concurrent callers. */
class ListTotalsTest {
    private final AtomicLong nanos = new AtomicLong();
    private final ListTotals totals = new ListTotals(TimeUnit.SECONDS.toNanos(10), 16, nanos::get);
    private final ListTotals.Key key = new ListTotals.Key(" WHERE c.school_id = ?", List.of(1L));

    private static ListTotals.Listing listing(long total) {
        return new ListTotals.Listing(total, List.of(new ListTotals.Anchor(1, 1L, "王浩", 7)));
    }

    @Test
    void aListingIsKeptUntilItIsTooOldOrThisNodeWritesAChild() throws Exception {
        AtomicInteger scans = new AtomicInteger();
        ListTotals.Scan scan = () -> listing(scans.incrementAndGet());
        assertEquals(1, totals.listing(key, scan).total());
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertEquals(1, totals.listing(key, scan).total(), "still kept at its age");
        nanos.addAndGet(1);
        assertEquals(2, totals.listing(key, scan).total(), "too old: scanned again");
        totals.changed();
        assertEquals(3, totals.listing(key, scan).total(), "a write of this node: scanned again");
        assertEquals(3, totals.total(key, () -> 99), "the listing's total serves the count too");
    }

    /** Callers that find no kept listing while a scan of the same query runs wait for it instead of scanning too. */
    @Test
    void concurrentCallersOfOneQueryShareOneScan() throws Exception {
        assertEquals(1, concurrently((work, scanned) -> totals.listing(key, () -> {
            work.run();
            return scanned;
        }).total()), "one scan for 8 concurrent callers");
    }

    /** Likewise for the total of a filter's query: one count. */
    @Test
    void concurrentCallersOfOneQueryShareOneCount() throws Exception {
        assertEquals(1, concurrently((work, scanned) -> totals.total(key, () -> {
            work.run();
            return scanned.total();
        })), "one count for 8 concurrent callers");
    }

    @FunctionalInterface
    private interface Call {
        long call(Runnable work, ListTotals.Listing scanned) throws Exception;
    }

    /** @return how often the work ran for 8 callers, the first one's work held until the others have called */
    private static int concurrently(Call call) throws Exception {
        int callers = 8;
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        ListTotals.Listing scanned = listing(50_000);
        Runnable work = () -> {
            runs.incrementAndGet();
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Long>> answers = new ArrayList<>();
            answers.add(pool.submit(() -> call.call(work, scanned)));
            started.await(10, TimeUnit.SECONDS);
            for (int i = 1; i < callers; i++) {
                answers.add(pool.submit(() -> call.call(work, scanned)));
            }
            Thread.sleep(200); // the others reach the running work (if one ran its own, the count shows it)
            release.countDown();
            for (Future<Long> a : answers) {
                assertEquals(50_000L, a.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        return runs.get();
    }

    @Test
    void aFailedScanFailsItsWaitersAndIsNotKept() throws Exception {
        SQLException broken = new SQLException("broken");
        assertSame(broken, assertThrows(SQLException.class, () -> totals.listing(key, () -> {
            throw broken;
        })));
        assertEquals(5, totals.listing(key, () -> listing(5)).total(), "the next caller scans");
    }
}
