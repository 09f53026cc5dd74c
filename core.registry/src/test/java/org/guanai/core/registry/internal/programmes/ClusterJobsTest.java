package org.guanai.core.registry.internal.programmes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.guanai.core.registry.internal.TestSupport;
import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Semester;
import org.guanai.sdk.time.Term;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two nodes (two {@link ClusterJobs} of the same programme) on one database: each due run is made once, by one of them. */
class ClusterJobsTest {
    private static final Duration POLL = Duration.ofMillis(20);

    private final DataSource db = TestSupport.migratedDatabase("jobs");
    private final AtomicReference<Instant> now = new AtomicReference<>(at(2026, 12, 6, 10, 0));
    private final CareCalendar calendar = new MovableCalendar(now);
    private final ClusterJobs node1 = new ClusterJobs(db, calendar, "birthdays", POLL);
    private final ClusterJobs node2 = new ClusterJobs(db, calendar, "birthdays", POLL);
    private final List<String> runs = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        node1.deactivate();
        node2.deactivate();
        TestSupport.shutdown(db);
    }

    private static Instant at(int y, int m, int d, int h, int min) {
        return ZonedDateTime.of(y, m, d, h, min, 0, 0, CareCalendar.ZONE).toInstant();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Lets the nodes poll a few more times, so that a second run, if there were one, would have happened. */
    private static void settle() throws InterruptedException {
        Thread.sleep(POLL.toMillis() * 10);
    }

    @Test
    void aDailyJobRunsOncePerDayInTheWholeCluster() throws Exception {
        node1.daily("reminders", LocalTime.of(8, 0), due -> runs.add("node1 " + due));
        node2.daily("reminders", LocalTime.of(8, 0), due -> runs.add("node2 " + due));
        // scheduled at 10:00: today's 08:00 run is due (a reminder missed while the platform was down is still made)
        await(() -> runs.size() == 1, "today's run");
        settle();
        assertEquals(1, runs.size(), runs.toString());
        assertTrue(runs.get(0).endsWith(at(2026, 12, 6, 8, 0).toString()), runs.toString());

        now.set(at(2026, 12, 7, 7, 59));
        settle();
        assertEquals(1, runs.size(), "not due before 08:00");
        now.set(at(2026, 12, 7, 8, 0));
        await(() -> runs.size() == 2, "the next day's run");
        settle();
        assertEquals(2, runs.size(), runs.toString());

        // three days without a node: one catch-up run, due at the first missed time, then the schedule goes on
        now.set(at(2026, 12, 10, 12, 0));
        await(() -> runs.size() == 3, "the catch-up run");
        settle();
        assertEquals(3, runs.size(), runs.toString());
        assertTrue(runs.get(2).endsWith(at(2026, 12, 8, 8, 0).toString()), runs.toString());
        assertEquals(at(2026, 12, 11, 8, 0), nextDue("reminders"));
    }

    @Test
    void aFailedRunIsRecordedAndTriedAtTheNextDueTime() throws Exception {
        node1.every("sweep", Duration.ofHours(1), due -> {
            runs.add("failed");
            throw new IllegalStateException("boom");
        });
        await(() -> runs.size() == 1, "the first run");
        await(() -> "FAILED".equals(TestSupport.rows(db, "SELECT last_outcome FROM core_job WHERE name = 'sweep'").get(0).get(0)),
                "the outcome recorded");
        assertEquals(now.get().plus(Duration.ofHours(1)), nextDue("sweep"));
        settle();
        assertEquals(1, runs.size(), "not retried before the next due time");
    }

    @Test
    void cancelledJobsAndReleasedServicesRunNoMore() throws Exception {
        node1.every("a", Duration.ofMinutes(1), due -> runs.add("a")).cancel();
        node2.deactivate();
        node2.every("b", Duration.ofMinutes(1), due -> runs.add("b"));
        settle();
        long before = runs.stream().filter("a"::equals).count(); // the first run may have started before the cancel
        now.set(now.get().plus(Duration.ofMinutes(5)));
        settle();
        assertEquals(before, runs.stream().filter("a"::equals).count(), "a cancelled job runs no more: " + runs);
        assertTrue(runs.stream().noneMatch("b"::equals), "a released service schedules nothing: " + runs);
        assertThrows(IllegalArgumentException.class, () -> node1.every("fast", Duration.ofSeconds(5), due -> { }));
        node1.daily("c", LocalTime.NOON, due -> { });
        assertThrows(IllegalStateException.class, () -> node1.daily("c", LocalTime.NOON, due -> { }), "one job per name");
    }

    @Test
    void runSoonMakesAJobDueNowOnceInTheWholeClusterAndItsScheduleGoesOnFromThere() throws Exception {
        node1.daily("reminders", LocalTime.of(8, 0), due -> runs.add("node1 " + due));
        await(() -> runs.size() == 1, "today's run");
        var job2 = node2.daily("reminders", LocalTime.of(8, 0), due -> runs.add("node2 " + due));
        settle();
        assertEquals(1, runs.size(), "due tomorrow: " + runs);

        job2.runSoon();
        await(() -> runs.size() == 2, "the run asked for");
        settle();
        assertEquals(2, runs.size(), "one run for the request, on one node: " + runs);
        assertTrue(runs.get(1).endsWith(now.get().toString()), "due when asked: " + runs);
        assertEquals(at(2026, 12, 7, 8, 0), nextDue("reminders"), "the daily schedule goes on");
    }

    private Instant nextDue(String name) {
        Object v = TestSupport.rows(db, "SELECT next_due FROM core_job WHERE owner = 'birthdays' AND name = ?", name).get(0).get(0);
        // H2 answers an OffsetDateTime, PostgreSQL's driver a Timestamp
        return v instanceof java.time.OffsetDateTime o ? o.toInstant()
                : v instanceof java.sql.Timestamp t ? t.toInstant() : Instant.parse(String.valueOf(v));
    }

    /** A care calendar whose clock the test moves. */
    private record MovableCalendar(AtomicReference<Instant> time) implements CareCalendar {
        @Override
        public Clock clock() {
            return Clock.fixed(time.get(), ZONE);
        }

        @Override
        public Instant now() {
            return time.get();
        }

        @Override
        public LocalDate today() {
            return LocalDate.now(clock());
        }

        @Override
        public int schoolYear(LocalDate date) {
            return new CareCalendarService(clock()).schoolYear(date);
        }

        @Override
        public Semester semester(LocalDate date) {
            return new CareCalendarService(clock()).semester(date);
        }

        @Override
        public Semester semester(int schoolYear, Term term) {
            return new CareCalendarService(clock()).semester(schoolYear, term);
        }

        @Override
        public Optional<Semester> semester(String id) {
            return new CareCalendarService(clock()).semester(id);
        }
    }
}
