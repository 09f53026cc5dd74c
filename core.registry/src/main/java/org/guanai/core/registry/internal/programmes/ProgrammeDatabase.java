package org.guanai.core.registry.internal.programmes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import org.guanai.core.api.dto.MigrationReport;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.registry.internal.persistence.FlywaySchemaMigrator;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.sdk.data.DataException;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Row;
import org.guanai.sdk.data.Sql;
import org.guanai.sdk.data.Work;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The SDK's {@link Database} for one programme bundle (bundle-scoped: each bundle gets its own, bound to its programme
 * id), over the platform's pooled data source and schema migrator.
 */
@Component(service = Database.class, scope = ServiceScope.BUNDLE)
public final class ProgrammeDatabase implements Database {
    /** The states in which {@link #txRetrying} tries again. */
    static final Set<String> RETRY_STATES = Set.of("23505", "40001", "40P01");
    static final int ATTEMPTS = 3;

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final FlywaySchemaMigrator migrator;
    private final Bundle bundle;
    private final String owner;

    @Activate
    public ProgrammeDatabase(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference FlywaySchemaMigrator migrator, ComponentContext context) {
        this(dataSource, migrator, context.getUsingBundle(), ownerOf(context.getUsingBundle()));
    }

    ProgrammeDatabase(DataSource dataSource, FlywaySchemaMigrator migrator, Bundle bundle, String owner) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.migrator = migrator;
        this.bundle = bundle;
        this.owner = owner;
    }

    private static String ownerOf(Bundle b) {
        String id = b.getHeaders("").get(Programme.MANIFEST_HEADER);
        return id == null ? null : id.trim();
    }

    @Override
    public MigrationReport migrate() {
        if (owner == null) {
            throw new DataException("bundle " + bundle.getSymbolicName() + " is not a programme (no " + Programme.MANIFEST_HEADER
                    + " header): it has no migrations of its own", null);
        }
        try {
            return migrator.migrate(owner, bundle);
        } catch (IllegalStateException e) {
            throw new DataException(e.getMessage(), e);
        }
    }

    /** The core's transaction ({@link Jdbc#tx}), its SQL failures as the SDK's {@link DataException}. */
    @Override
    public <T> T tx(Work<T> work) {
        return onJdbc(jdbc::tx, work);
    }

    @Override
    public <T> T txRetrying(Work<T> work) {
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
    public <T> T read(Work<T> work) {
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
    public DataSource dataSource() {
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
