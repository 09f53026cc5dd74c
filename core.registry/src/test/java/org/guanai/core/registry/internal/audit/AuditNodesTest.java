package org.guanai.core.registry.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.audit.AuditLog.Event;
import org.guanai.core.registry.internal.audit.AuditLog.ReadBatching;
import org.guanai.core.registry.internal.audit.AuditLog.State;
import org.guanai.core.registry.internal.audit.AuditLog.Storage;
import org.guanai.core.registry.internal.persistence.FlywaySchemaMigrator;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two audit logs on one database, as two nodes run them (issue 17): one key file shared through
 * {@code GUANAI_AUDIT_KEY_FILE}, an anchor file each. On in-memory H2, or on a fresh schema of the PostgreSQL server named
 * by the system property {@code guanai.test.postgres}. Also the audited reads written off the request path (issue 18).
 */
class AuditNodesTest {
    private static final String POSTGRES = "guanai.test.postgres";

    @TempDir
    Path data;
    private DataSource dataSource;
    private String schema;
    private final CurrentActor actor = new CurrentActor();
    private final List<AuditLog> opened = new ArrayList<>();
    private Path keyFile;

    @BeforeEach
    void setUp() throws Exception {
        String postgres = System.getProperty(POSTGRES);
        if (postgres != null && !postgres.isBlank()) {
            schema = "t_audit_" + System.nanoTime();
            PGSimpleDataSource admin = new PGSimpleDataSource();
            admin.setURL(postgres.strip());
            try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + schema);
            }
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(postgres.strip());
            ds.setCurrentSchema(schema);
            new FlywaySchemaMigrator(ds);
            dataSource = ds;
        } else {
            dataSource = new TestDb().dataSource;
        }
        keyFile = Files.createDirectories(data.resolve("shared")).resolve("audit.key");
        AuditKey.create(keyFile, new SecureRandom());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AuditLog log : opened) {
            log.close();
        }
        if (schema != null) {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** A node: its own anchor file, the shared key. */
    private AuditLog node(String name, ReadBatching reads) throws Exception {
        AuditLog log = new AuditLog(dataSource, actor, Clock.systemUTC(), new Storage(keyFile, false,
                data.resolve(name).resolve("audit").resolve("anchor"), 50, Duration.ofHours(1)), reads);
        opened.add(log);
        log.awaitStartCheck();
        return log;
    }

    private long count(String action) {
        return new Jdbc(dataSource).read(c -> Jdbc.count(c, "SELECT COUNT(*) FROM core_audit WHERE action = ?", action));
    }

    @Test
    void twoNodesWritingAtOnceMakeOneVerifiableChain() throws Exception {
        AuditLog one = node("node1", null);
        AuditLog two = node("node2", null);
        int perThread = 40;
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                AuditLog log = t % 2 == 0 ? one : two;
                boolean inTx = t % 4 < 2;
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int n = 0; n < perThread; n++) {
                        int i = n;
                        try {
                            if (inTx) { // a write with its entry in its own transaction
                                log.tx(new Jdbc(dataSource), c -> {
                                    log.append(c, Event.of("UPDATE", "child", thread * 1000L + i));
                                    return null;
                                });
                            } else { // a login or module operation
                                log.record(Event.of("LOGIN", "user", "u" + thread + "-" + i));
                            }
                        } catch (RuntimeException e) {
                            synchronized (failures) {
                                failures.add(e.toString());
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), failures.subList(0, Math.min(3, failures.size())), failures.size() + " writes failed");
        assertEquals(8 * perThread, count("UPDATE") + count("LOGIN"));
        assertEquals(0, count(AuditActions.AUDIT_ALARM), "no node takes the other's entries for tampering");
        // each node checks its tail and anchors what it saw; the whole chain verifies from either
        one.checkpoint();
        two.checkpoint();
        for (AuditLog log : List.of(one, two)) {
            AuditLog.Verification v = log.verify();
            assertTrue(v.ok(), v.reason());
            assertEquals(State.VERIFIED, log.status().state(), log.status().text());
        }
        // the next entry of each node still finds what it wrote last
        one.record(Event.of("LOGOUT"));
        two.record(Event.of("LOGOUT"));
        assertEquals(State.VERIFIED, one.status().state());
        assertEquals(State.VERIFIED, two.status().state());
    }

    @Test
    void aRemovedEntryOfThisNodeIsStillFoundWhenTheOtherWroteAfterIt() throws Exception {
        AuditLog one = node("node1", null);
        AuditLog two = node("node2", null);
        one.record(Event.of("LOGIN", "user", "a"));
        long mine = new Jdbc(dataSource).read(c -> Jdbc.count(c, "SELECT MAX(seq) FROM core_audit"));
        two.record(Event.of("LOGIN", "user", "b"));
        two.record(Event.of("LOGIN", "user", "c"));
        new Jdbc(dataSource).tx(c -> Jdbc.update(c, "DELETE FROM core_audit WHERE seq = ?", mine));
        one.record(Event.of("LOGOUT"));
        assertEquals(State.BROKEN, one.status().state());
        assertTrue(one.status().text().contains("entry " + mine + " is missing"), one.status().text());
        assertEquals(State.VERIFIED, two.status().state(), "the other node saw nothing wrong with what it wrote");
    }

    @Test
    void readsAreWrittenOffTheRequestPathWithinTheFlushInterval() throws Exception {
        AuditLog node = node("node1", new ReadBatching(Duration.ofMillis(50), 1000));
        Set<String> readers = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int n = 0; n < 50; n++) {
                        int i = n;
                        String who = "reader" + thread;
                        actor.as(who, () -> {
                            node.recordRead(Event.of(AuditActions.READ, "child", i).child((long) i));
                            return null;
                        });
                        readers.add(who);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count(AuditActions.READ) < 200 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(200, count(AuditActions.READ));
        assertEquals(4L, (long) new Jdbc(dataSource).read(c -> Jdbc.count(c, "SELECT COUNT(DISTINCT actor) FROM core_audit WHERE action = 'READ'")),
                "each entry keeps the actor of its read");
        long transactions = new Jdbc(dataSource).read(c -> Jdbc.count(c, "SELECT COUNT(DISTINCT at) FROM core_audit WHERE action = 'READ'"));
        assertTrue(transactions > 1, "the time is the read's, not the batch's");
        assertTrue(node.verify().ok());
    }

    @Test
    void queuedReadsAreWrittenAtShutdown() throws Exception {
        AuditLog node = node("node1", new ReadBatching(Duration.ofHours(1), 1000));
        for (int i = 0; i < 25; i++) {
            node.recordRead(Event.of(AuditActions.READ, "child", i));
        }
        Thread.sleep(200);
        assertEquals(0, count(AuditActions.READ), "not written before the interval (an hour here)");
        assertEquals(25, node.find(new AuditLog.Query(null, null, null, AuditActions.READ, null, null, 0, 100)).total(),
                "the audit list waits for the reads answered before it");
        for (int i = 25; i < 30; i++) {
            node.recordRead(Event.of(AuditActions.READ, "child", i));
        }
        node.close();
        opened.remove(node);
        assertEquals(30, count(AuditActions.READ));
        AuditLog again = node("node1", null);
        assertTrue(again.verify().ok());
    }

    @Test
    void aFullQueueMakesReadersWaitAndLosesNothing() throws Exception {
        AuditLog node = node("node1", new ReadBatching(Duration.ofHours(1), 2));
        // the writer takes the first entry and holds it for the interval (an hour here); two more fill the queue
        node.recordRead(Event.of(AuditActions.READ, "child", 0));
        node.recordRead(Event.of(AuditActions.READ, "child", 1));
        node.recordRead(Event.of(AuditActions.READ, "child", 2));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> blocked = pool.submit(() -> {
                node.recordRead(Event.of(AuditActions.READ, "child", 3));
                node.recordRead(Event.of(AuditActions.READ, "child", 4));
            });
            Thread.sleep(500);
            assertFalse(blocked.isDone(), "the queue is full: the reader waits for room");
            assertEquals(0, count(AuditActions.READ));
            node.close();
            opened.remove(node);
            blocked.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(5, count(AuditActions.READ), "every acknowledged read is in the log");
    }
}
