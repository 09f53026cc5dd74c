package org.guanai.core.registry.internal.programmes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one database (issue 17, point 2): which programmes a school enabled, changed on one node, holds on the
 * other within about a second, both ways, and a purge (rows removed) too.
 */
class EnablementTest {
    private TestDb db;
    private Jdbc jdbc;
    private Enablement node1;
    private Enablement node2;
    private long school;

    @BeforeEach
    void setUp() {
        db = new TestDb();
        jdbc = new Jdbc(db.dataSource);
        Instant now = Instant.parse("2026-12-06T02:00:00Z");
        school = jdbc.tx(c -> Jdbc.insert(c, "INSERT INTO core_school (name, created_at, updated_at) VALUES (?, ?, ?)", "温水镇中心小学",
                now, now));
        node1 = new Enablement(jdbc, Duration.ofMillis(200));
        node2 = new Enablement(jdbc, Duration.ofMillis(200));
    }

    @AfterEach
    void tearDown() {
        node1.close();
        node2.close();
    }

    /** What {@link ProgrammeRegistryImpl#setEnabled} does on node 1: the row and the version in one transaction. */
    private void set(boolean on) {
        jdbc.tx(c -> {
            if (Jdbc.update(c, "UPDATE core_programme_school SET enabled = ? WHERE school_id = ? AND programme_id = 'health'", on,
                    school) == 0) {
                Jdbc.update(c, "INSERT INTO core_programme_school (school_id, programme_id, enabled, updated_at, updated_by)"
                        + " VALUES (?, 'health', ?, ?, 'admin')", school, on, Instant.now());
            }
            Enablement.changed(c);
            return null;
        });
        node1.reload();
    }

    private static void within(Duration limit, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not hold within " + limit);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aChangeOnOneNodeHoldsOnTheOtherWithinASecond() throws Exception {
        set(true);
        assertTrue(node1.isEnabled(school, "health"), "at once on the node that made it");
        within(Duration.ofSeconds(1), () -> node2.isEnabled(school, "health"), "enabled on node 2");
        set(false);
        assertFalse(node1.isEnabled(school, "health"));
        within(Duration.ofSeconds(1), () -> !node2.isEnabled(school, "health"), "disabled on node 2");
    }

    @Test
    void aPurgeOnOneNodeHoldsOnTheOther() throws Exception {
        set(true);
        within(Duration.ofSeconds(1), () -> node2.isEnabled(school, "health"), "enabled on node 2");
        jdbc.tx(c -> {
            Jdbc.update(c, "DELETE FROM core_programme_school WHERE programme_id = 'health'");
            ProgrammeRegistryImpl.enablementChanged(c);
            return null;
        });
        within(Duration.ofSeconds(1), () -> !node2.isEnabled(school, "health"), "purged on node 2");
    }
}
