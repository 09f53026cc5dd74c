package org.guanai.core.registry.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.guanai.core.api.dto.Page;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Paging;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.audit.AuditLog.Entry;
import org.guanai.core.registry.internal.audit.AuditLog.Event;
import org.guanai.core.registry.internal.audit.AuditLog.Query;
import org.guanai.core.registry.internal.audit.AuditLog.Verification;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log on in-memory H2 running the real migrations, with its key and anchor in a temporary data folder. */
public class AuditLogTest {
    /** 2026-11-23 10:00:00.123456789 in Beijing time: nanoseconds that the log must cut to microseconds. */
    private static final Instant START = Instant.parse("2026-11-23T02:00:00.123456789Z");

    private TestDb db;
    private MutableClock clock;
    private AuditLog audit;
    private AuditKey key;
    private Jdbc jdbc;
    @TempDir
    java.nio.file.Path data;

    /** A clock the test moves forward. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant now) {
            this.now = now;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return TestDb.ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDb();
        clock = new MutableClock(START);
        audit = new AuditLog(db.dataSource, db.actor, clock, AuditSealTest.storage(data, 1000));
        assertEquals(AuditLog.State.VERIFIED, audit.awaitStartCheck().state());
        key = AuditKey.read(data.resolve("secrets/audit.key"));
        jdbc = new Jdbc(db.dataSource);
    }

    @AfterEach
    void tearDown() {
        audit.close();
    }

    /** Whether {@code e} carries the audit key's seal over its content. */
    private boolean sealed(Entry e) {
        return AuditLog.HMAC.equals(e.hashAlg()) && key.id().equals(e.keyId()) && key.sealed(AuditLog.sealedContent(e), e.hash());
    }

    private List<Entry> all() {
        List<Entry> newestFirst = new ArrayList<>(audit.find(new Query(null, null, null, null, null, null, 0, Paging.MAX_SIZE))
                .items());
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    private void records(int n) {
        for (int i = 0; i < n; i++) {
            audit.record(Event.of("READ", "child", i).child((long) i).detail("entry " + i));
        }
    }

    private int sql(String statement, Object... args) {
        return jdbc.tx(c -> Jdbc.update(c, statement, args));
    }

    @Test
    void recordWritesWhoWhenWhereAndLinksTheEntries() {
        db.actor.address("10.0.0.7");
        try {
            db.actor.as("teacher-li", () -> {
                audit.record(Event.of("LOGIN"));
                return null;
            });
        } finally {
            db.actor.address(null);
        }
        audit.record(Event.of("UPDATE", "child", 42L).child(42L).school(7L).outcome(AuditLog.REFUSED).detail("stale version"));

        List<Entry> entries = all();
        assertEquals(2, entries.size());
        Entry login = entries.get(0);
        assertEquals(1, login.seq());
        assertEquals(Instant.parse("2026-11-23T02:00:00.123456Z"), login.at(), "cut to microseconds, stored as such");
        assertEquals("teacher-li", login.actor());
        assertEquals("10.0.0.7", login.address());
        assertEquals("LOGIN", login.action());
        assertNull(login.entity());
        assertNull(login.entityId());
        assertEquals(AuditLog.OK, login.outcome());
        assertEquals(AuditLog.GENESIS, login.prevHash());
        assertEquals(64, login.hash().length());
        assertTrue(sealed(login), "sealed with the audit key");

        Entry update = entries.get(1);
        assertEquals(new Entry(2, login.at(), CurrentActor.SYSTEM, null, "UPDATE", "child", "42", 42L, 7L, "REFUSED",
                "stale version", login.hash(), update.hash(), AuditLog.HMAC, key.id()), update);
        assertTrue(sealed(update));
        assertEquals(new Verification(true, 2, null, null), audit.verify());
    }

    @Test
    void anEmptyLogVerifies() {
        assertEquals(new Verification(true, 0, null, null), audit.verify());
    }

    @Test
    void txCommitsTheChangeAndItsEntriesTogether() {
        long id = audit.tx(jdbc, c -> {
            long school = Jdbc.insert(c, "INSERT INTO core_school (name, created_at, updated_at) VALUES (?, ?, ?)", "大坪小学",
                    START, START);
            audit.append(c, Event.of("CREATE", "school", school).school(school));
            audit.append(c, Event.of("UPDATE", "school", school).school(school).detail("name"));
            return school;
        });
        assertEquals(1, TestSupport.count(db.dataSource, "SELECT COUNT(*) FROM core_school WHERE id = ?", id));
        List<Entry> entries = all();
        assertEquals(List.of(1L, 2L), entries.stream().map(Entry::seq).toList());
        assertEquals(List.of("CREATE", "UPDATE"), entries.stream().map(Entry::action).toList());
        assertEquals(Long.toString(id), entries.get(0).entityId());
        assertEquals(entries.get(0).hash(), entries.get(1).prevHash(), "the second entry sees the first, uncommitted");
        assertTrue(audit.verify().ok());
    }

    @Test
    void aRolledBackTxLeavesNoEntryAndTheChainGoesOn() {
        records(3);
        IllegalArgumentException refused = new IllegalArgumentException("refused");
        assertEquals(refused, assertThrows(IllegalArgumentException.class, () -> audit.tx(jdbc, c -> {
            Jdbc.insert(c, "INSERT INTO core_school (name, created_at, updated_at) VALUES (?, ?, ?)", "回滚小学", START, START);
            audit.append(c, Event.of("CREATE", "school", "?"));
            throw refused;
        })));
        assertEquals(0, db.count("core_school"));
        assertEquals(3, db.count("core_audit"));
        assertEquals(new Verification(true, 3, null, null), audit.verify());

        records(1);
        assertEquals(4, all().get(3).seq(), "the next entry takes the number the rolled-back one had");
        assertEquals(new Verification(true, 4, null, null), audit.verify());
    }

    @Test
    void appendOnlyInsideTxWithItsConnection() throws SQLException {
        try (Connection c = db.dataSource.getConnection()) {
            assertThrows(IllegalStateException.class, () -> audit.append(c, Event.of("READ")));
            assertThrows(IllegalStateException.class, () -> audit.tx(jdbc, own -> {
                audit.append(c, Event.of("READ"));
                return null;
            }), "another connection than the transaction's");
        }
        assertThrows(IllegalStateException.class, () -> audit.tx(jdbc, c -> audit.tx(jdbc, inner -> null)), "nested tx");
        assertThrows(IllegalStateException.class, () -> audit.tx(jdbc, c -> {
            audit.record(Event.of("READ"));
            return null;
        }), "record inside tx");
        assertEquals(0, db.count("core_audit"));
        // the lock is released after each refusal
        records(1);
        assertEquals(1, db.count("core_audit"));
    }

    @Test
    void codesAreCheckedAndTheDetailIsCut() {
        assertThrows(NullPointerException.class, () -> Event.of(null));
        assertThrows(NullPointerException.class, () -> Event.of("READ").outcome(null));
        assertThrows(IllegalArgumentException.class, () -> audit.record(Event.of("X".repeat(41))));
        assertThrows(IllegalArgumentException.class, () -> audit.record(Event.of(" ")));

        audit.record(Event.of("READ").detail("档".repeat(2500)));
        // a surrogate pair (𠀀, U+20000) across the limit is not split
        audit.record(Event.of("READ").detail("a".repeat(1999) + "\uD840\uDC00" + "b"));
        audit.record(Event.of("READ", "module", "x".repeat(300)).detail("nul\0inside"));
        List<Entry> entries = all();
        assertEquals("档".repeat(2000), entries.get(0).detail());
        assertEquals("a".repeat(1999), entries.get(1).detail());
        assertEquals(200, entries.get(2).entityId().length());
        assertEquals("nul\uFFFDinside", entries.get(2).detail());
        assertEquals(new Verification(true, 3, null, null), audit.verify());
    }

    @Test
    void theEncodingTellsNullFromEmptyAndKeepsFieldsApart() {
        Entry e = entry(START, "", "child", "1", "key1");
        for (Entry other : List.of(entry(START, null, "child", "1", "key1"), entry(START, "", "chil", "d1", "key1"),
                entry(START.plusNanos(1000), "", "child", "1", "key1"), entry(START, "", "child", "1", "key2"))) {
            assertNotEquals(key.seal(AuditLog.sealedContent(e)), key.seal(AuditLog.sealedContent(other)), other.toString());
        }
        assertNotEquals(AuditLog.legacyHash(e), AuditLog.legacyHash(entry(START, null, "child", "1", "key1")));
        assertNotEquals(AuditLog.legacyHash(e), AuditLog.legacyHash(entry(START, "", "chil", "d1", "key1")));
        assertNotEquals(AuditLog.legacyHash(e), AuditLog.legacyHash(entry(START.plusNanos(1000), "", "child", "1", "key1")));
        Entry withHash = new Entry(1, START, "a", "", "READ", "child", "1", null, null, "OK", null, AuditLog.GENESIS, "whatever",
                AuditLog.HMAC, "key1");
        assertEquals(key.seal(AuditLog.sealedContent(e)), key.seal(AuditLog.sealedContent(withHash)),
                "the entry's own hash is not part of it");
        assertEquals(AuditLog.legacyHash(e), AuditLog.legacyHash(withHash));
    }

    private static Entry entry(Instant at, String address, String entity, String entityId, String keyId) {
        return new Entry(1, at, "a", address, "READ", entity, entityId, null, null, "OK", null, AuditLog.GENESIS, null,
                AuditLog.HMAC, keyId);
    }

    @Test
    void aLongChainVerifiesInOnePass() {
        records(1234); // more than one fetch of rows
        assertEquals(new Verification(true, 1234, null, null), audit.verify());
    }

    @Test
    void aChangedFieldIsFound() {
        records(10);
        assertEquals(1, sql("UPDATE core_audit SET detail = ? WHERE seq = 5", "entry 5 "));
        Verification v = audit.verify();
        assertFalse(v.ok());
        assertEquals(5L, v.brokenAt());
        assertEquals(4, v.checked());
        assertTrue(v.reason().contains("does not match its seal"), v.reason());
    }

    @Test
    void aChangedTimeIsFound() {
        records(10);
        assertEquals(1, sql("UPDATE core_audit SET at = ? WHERE seq = 7", START.plusSeconds(1)));
        assertEquals(7L, audit.verify().brokenAt());
    }

    @Test
    void aRewrittenRowWithARecomputedHashBreaksTheNextLink() {
        records(10);
        Entry five = all().get(4);
        Entry forged = new Entry(5, five.at(), "someone-else", five.address(), five.action(), five.entity(), five.entityId(),
                five.childId(), five.schoolId(), five.outcome(), five.detail(), five.prevHash(), null, five.hashAlg(), five.keyId());
        // even sealed with the key itself
        sql("UPDATE core_audit SET actor = ?, hash = ? WHERE seq = 5", forged.actor(), key.seal(AuditLog.sealedContent(forged)));
        Verification v = audit.verify();
        assertEquals(6L, v.brokenAt());
        assertEquals(5, v.checked());
        assertTrue(v.reason().contains("link"), v.reason());
    }

    @Test
    void aRemovedRowInTheMiddleIsFound() {
        records(10);
        assertEquals(1, sql("DELETE FROM core_audit WHERE seq = 4"));
        Verification v = audit.verify();
        assertEquals(new Verification(false, 3, 4L, "entry 4 is missing (the next one is 5)"), v);
    }

    @Test
    void aRemovedFirstRowIsFound() {
        records(3);
        sql("DELETE FROM core_audit WHERE seq = 1");
        assertEquals(1L, audit.verify().brokenAt());
    }

    /** The chain alone cannot know that its newest entries are gone; the server that wrote them does. */
    @Test
    void aRemovedLastRowIsFoundWhileTheServerRuns() {
        records(5);
        sql("DELETE FROM core_audit WHERE seq = 5");
        assertEquals(new Verification(false, 4, 5L, "entry 5 is missing: this server wrote entry 5 last, but the newest entry is 4"),
                audit.verify());
        assertEquals("BROKEN at 5: entry 5 is missing: this server wrote entry 5 last, but the newest entry is 4",
                audit.status().text());
    }

    @Test
    void concurrentAppendsKeepOneChainWithoutGaps() throws Exception {
        int threads = 4;
        int each = 50;
        concurrently(threads, t -> {
            String who = "thread-" + t;
            boolean inTx = t % 2 == 0;
            for (int i = 0; i < each; i++) {
                int n = i;
                db.actor.as(who, () -> {
                    if (inTx) {
                        return audit.tx(jdbc, c -> {
                            audit.append(c, Event.of("UPDATE", "child", n));
                            return null;
                        });
                    }
                    audit.record(Event.of("READ", "child", n));
                    return null;
                });
            }
        });
        assertEquals(new Verification(true, threads * each, null, null), audit.verify());
        assertEquals(threads * each, TestSupport.count(db.dataSource, "SELECT MAX(seq) FROM core_audit"));
        for (int t = 0; t < threads; t++) {
            assertEquals(each, audit.find(new Query("thread-" + t, null, null, null, null, null, 0, 1)).total());
        }
    }

    @Test
    void concurrentRecordsShareTransactionsAndKeepTheirOwnActors() throws Exception {
        int threads = 8;
        int each = 40;
        concurrently(threads, t -> {
            String who = "reader-" + t;
            for (int i = 0; i < each; i++) {
                int n = i;
                db.actor.as(who, () -> {
                    audit.record(Event.of("READ", "child", n));
                    return null;
                });
                if (n == 7) {
                    // a bad entry is refused before it is queued, and takes no one else's entry with it
                    assertThrows(IllegalArgumentException.class, () -> audit.record(Event.of("X".repeat(41), "child", n)));
                }
            }
        });
        assertEquals(new Verification(true, threads * each, null, null), audit.verify());
        for (int t = 0; t < threads; t++) {
            assertEquals(each, audit.find(new Query("reader-" + t, null, null, null, null, null, 0, 1)).total());
        }
    }

    /** Runs {@code work(t)} on {@code threads} threads started together; fails with the first thread's failure. */
    private static void concurrently(int threads, java.util.function.IntConsumer work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    work.accept(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void findFiltersAndPagesNewestFirst() {
        // 2026-11-23 10:00 Beijing: three entries a minute apart; then the next day two more
        db.actor.as("teacher-li", () -> {
            audit.record(Event.of("READ", "child", 1).child(1L).school(10L));
            clock.advance(Duration.ofMinutes(1));
            audit.record(Event.of("UPDATE", "child", 1).child(1L).school(10L));
            clock.advance(Duration.ofMinutes(1));
            audit.record(Event.of("READ", "child", 2).child(2L).school(10L));
            return null;
        });
        clock.advance(Duration.ofDays(1));
        Instant nextDay = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        db.actor.as("admin", () -> {
            audit.record(Event.of("LOGIN"));
            audit.record(Event.of("READ", "child", 1).child(1L).school(10L));
            return null;
        });

        Page<Entry> everything = audit.find(new Query(null, null, null, null, null, null, 0, 20));
        assertEquals(5, everything.total());
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), everything.items().stream().map(Entry::seq).toList());

        assertEquals(List.of(3L, 2L, 1L), seqs(new Query("teacher-li", null, null, null, null, null, 0, 20)));
        assertEquals(List.of(5L, 2L, 1L), seqs(new Query(null, 1L, null, null, null, null, 0, 20)));
        assertEquals(List.of(5L, 3L, 1L), seqs(new Query(null, null, null, "READ", null, null, 0, 20)));
        assertEquals(List.of(3L, 1L), seqs(new Query("teacher-li", null, 10L, "READ", null, null, 0, 20)));
        assertEquals(List.of(), seqs(new Query(null, null, 11L, null, null, null, 0, 20)));
        assertEquals(List.of(5L, 4L), seqs(new Query(null, null, null, null, nextDay, null, 0, 20)), "from is inclusive");
        assertEquals(List.of(3L, 2L, 1L), seqs(new Query(null, null, null, null, null, nextDay, 0, 20)), "to is exclusive");
        Instant second = START.plus(Duration.ofMinutes(1)).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        assertEquals(List.of(2L), seqs(new Query(null, null, null, null, second, second.plusSeconds(60), 0, 20)));

        Page<Entry> page1 = audit.find(new Query(null, null, null, null, null, null, 1, 2));
        assertEquals(5, page1.total());
        assertEquals(1, page1.page());
        assertEquals(2, page1.size());
        assertEquals(List.of(3L, 2L), page1.items().stream().map(Entry::seq).toList());
        assertEquals(List.of(1L), seqs(new Query(null, null, null, null, null, null, 2, 2)));
        assertEquals(List.of(), seqs(new Query(null, null, null, null, null, null, 3, 2)));

        TestSupport.assertRefused("size", () -> audit.find(new Query(null, null, null, null, null, null, 0, 0)));
        TestSupport.assertRefused("page", () -> audit.find(new Query(null, null, null, null, null, null, -1, 20)));
    }

    private List<Long> seqs(Query q) {
        return audit.find(q).items().stream().map(Entry::seq).toList();
    }
}
