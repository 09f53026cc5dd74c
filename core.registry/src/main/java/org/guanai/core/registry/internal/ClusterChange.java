package org.guanai.core.registry.internal;

import java.sql.Connection;
import java.sql.SQLException;

import org.guanai.core.registry.internal.persistence.Jdbc;

/**
 * The versions of {@code core_change}: one per kind of state that nodes keep in memory or in their framework. The node
 * that changes such state raises its version in the same transaction ({@link #raise}); every node polls the version
 * ({@link #version}) and reloads or reconciles when it moved, so a change on one node holds on every node shortly after.
 */
public final class ClusterChange {
    private ClusterChange() {
    }

    /** Raises the version of {@code topic}, in the transaction of {@code c} that changes its state. */
    public static void raise(Connection c, String topic) throws SQLException {
        if (Jdbc.update(c, "UPDATE core_change SET version = version + 1 WHERE topic = ?", topic) == 0) {
            Jdbc.update(c, "INSERT INTO core_change (topic, version) VALUES (?, 1)", topic);
        }
    }

    /** @return the version of {@code topic}; 0 before its first change */
    public static long version(Connection c, String topic) throws SQLException {
        return Jdbc.one(c, "SELECT version FROM core_change WHERE topic = ?", rs -> rs.getLong(1), topic).orElse(0L);
    }
}
