package org.guanai.core.registry.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.guanai.core.registry.internal.persistence.Jdbc;

/**
 * A named lock shared by every node on one database: the row {@code name} of {@code core_cluster_lock}, locked with
 * {@code SELECT … FOR UPDATE} in a transaction of a connection of its own that stays open while the work runs (the work
 * uses other connections and commits on its own), and ended after it. A node that asks for the same lock meanwhile
 * waits, then runs its work, which must look again whether there is still something to do.
 */
public final class ClusterLock {
    private ClusterLock() {
    }

    /** Runs {@code work} while holding the lock {@code name} (a row of {@code core_cluster_lock}). */
    public static <T> T holding(DataSource dataSource, String name, Supplier<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT name FROM core_cluster_lock WHERE name = ? FOR UPDATE")) {
                    ps.setString(1, name);
                    ps.executeQuery().close();
                }
                return work.get();
            } finally {
                c.rollback(); // nothing was written on this connection: ending the transaction releases the lock
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new Jdbc.DataAccessException(e);
        }
    }
}
