package org.guanai.core.registry.internal.programmes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.sdk.data.DataException;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Row;
import org.guanai.sdk.data.Sql;
import org.guanai.sdk.data.Work;

/**
 * The SDK's {@link Database} over a data source: transactions, retries and statements with the core's parameter
 * binding ({@link Jdbc}). The platform's {@link ProgrammeDatabase} (the pooled data source, the bundle's migrations) and
 * the test kit's {@code TestDatabase} (a fresh H2 or PostgreSQL schema) differ only in where the data source comes from
 * and how {@link #migrate()} finds the scripts, so a programme's tests run its SQL as the platform runs it.
 */
public abstract class SqlDatabase implements Database {
    /** The states in which {@link #txRetrying} tries again. */
    static final Set<String> RETRY_STATES = Set.of("23505", "40001", "40P01");
    static final int ATTEMPTS = 3;

    private final DataSource dataSource;
    private final Jdbc jdbc;

    protected SqlDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /** The core's transaction ({@link Jdbc#tx}), its SQL failures as the SDK's {@link DataException}. */
    @Override
    public final <T> T tx(Work<T> work) {
        return onJdbc(jdbc::tx, work);
    }

    @Override
    public final <T> T txRetrying(Work<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return tx(work);
            } catch (DataException e) {
                if (attempt >= ATTEMPTS || !RETRY_STATES.contains(e.sqlState())) {
                    throw e;
                }
            }
        }
    }

    @Override
    public final <T> T read(Work<T> work) {
        return onJdbc(jdbc::read, work);
    }

    /** Runs the SDK's work through one of {@link Jdbc}'s ways ({@code tx}, {@code read}); SQL failures as {@link DataException}. */
    private static <T> T onJdbc(Function<Jdbc.Work<T>, T> way, Work<T> work) {
        try {
            return way.apply(c -> work.run(new JdbcSql(c)));
        } catch (Jdbc.DataAccessException e) {
            throw new DataException((SQLException) e.getCause());
        }
    }

    @Override
    public final DataSource dataSource() {
        return dataSource;
    }

    /** Statements on one connection, with the core's parameter binding. */
    static final class JdbcSql implements Sql {
        private final Connection c;

        JdbcSql(Connection c) {
            this.c = c;
        }

        @Override
        public Connection connection() {
            return c;
        }

        @Override
        public int update(String sql, Object... args) throws SQLException {
            return Jdbc.update(c, sql, args);
        }

        @Override
        public long insert(String sql, Object... args) throws SQLException {
            return Jdbc.insert(c, sql, args);
        }

        @Override
        public int[] batch(String sql, List<Object[]> argLists) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] args : argLists) {
                    Jdbc.bind(ps, args);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        }

        @Override
        public <T> List<T> list(String sql, Row<T> row, Object... args) throws SQLException {
            return Jdbc.list(c, sql, row::map, args);
        }

        @Override
        public <T> Optional<T> one(String sql, Row<T> row, Object... args) throws SQLException {
            return Jdbc.one(c, sql, row::map, args);
        }

        @Override
        public long count(String sql, Object... args) throws SQLException {
            return Jdbc.count(c, sql, args);
        }
    }
}
