package org.guanai.core.registry.internal.programmes;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.guanai.core.registry.internal.ClusterChange;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which school enabled which programme, as the programme gate reads it on every request: a copy in memory of the enabled
 * rows of {@code core_programme_school}, kept the same on every node. A change raises the version of
 * {@value #TOPIC} in {@code core_change} in its own transaction ({@link #changed}); a thread of this object reads that
 * version every {@code poll} and reloads the copy when it moved, so a change on another node holds here within about a
 * second (and at once on the node that made it, which reloads after its commit).
 */
final class Enablement implements AutoCloseable {
    static final String TOPIC = "programme.enablement";
    private static final Logger LOG = LoggerFactory.getLogger(Enablement.class);

    private final Jdbc jdbc;
    private final ScheduledExecutorService poller;
    /** programme id → enabled school ids; replaced as a whole. */
    private volatile Map<String, Set<Long>> enabled = Map.of();
    private volatile long version = -1;

    Enablement(Jdbc jdbc, Duration poll) {
        this.jdbc = jdbc;
        reload();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "guanai-programme-enablement");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isEnabled(long schoolId, String programmeId) {
        return enabled.getOrDefault(programmeId, Set.of()).contains(schoolId);
    }

    Set<Long> schools(String programmeId) {
        return enabled.getOrDefault(programmeId, Set.of());
    }

    /** In the transaction that changes {@code core_programme_school}: every node reloads after it commits. */
    static void changed(Connection c) throws SQLException {
        ClusterChange.raise(c, TOPIC);
    }

    /** Reads the version, then the enabled rows: a change between the two is read now and again at the next poll. */
    synchronized void reload() {
        jdbc.read(c -> {
            long v = ClusterChange.version(c, TOPIC);
            Map<String, Set<Long>> loaded = new HashMap<>();
            for (Object[] row : Jdbc.list(c, "SELECT programme_id, school_id FROM core_programme_school WHERE enabled = TRUE",
                    rs -> new Object[] { rs.getString(1), rs.getLong(2) })) {
                loaded.computeIfAbsent((String) row[0], k -> new HashSet<>()).add((Long) row[1]);
            }
            Map<String, Set<Long>> copy = new HashMap<>();
            loaded.forEach((k, s) -> copy.put(k, Set.copyOf(s)));
            enabled = Map.copyOf(copy);
            version = v;
            return null;
        });
    }

    private void poll() {
        try {
            long now = jdbc.read(c -> ClusterChange.version(c, TOPIC));
            if (now != version) {
                reload();
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot read which schools enabled which programme now: {}", e.toString()); // the next poll tries again
        }
    }

    @Override
    public void close() {
        poller.shutdown(); // not interrupted: an interrupt during H2's file I/O closes the database file
        try {
            poller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
