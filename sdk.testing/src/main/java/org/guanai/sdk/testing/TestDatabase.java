package org.guanai.sdk.testing;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.guanai.core.api.dto.MigrationReport;
import org.guanai.sdk.data.DataException;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Row;
import org.guanai.sdk.data.Sql;
import org.guanai.sdk.data.Work;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The SDK's {@link Database} for a programme's unit tests: a fresh database per instance, migrated with the programme's
 * real scripts ({@code db/<id>/V*.sql} on the test class path) by Flyway, as the platform migrates them. By default an
 * in-memory H2 in PostgreSQL mode with the platform's settings; with the system property {@value #POSTGRES} (a JDBC URL
 * with user and password, e.g. {@code jdbc:postgresql://127.0.0.1:5432/guanai?user=guanai&password=…}) a fresh schema
 * on that PostgreSQL server, dropped by {@link #close()}: the same tests then prove the SQL on both.
 * <pre>{@code
 * try (TestDatabase db = TestDatabase.forProgramme("calls")) {
 *     db.migrate();
 *     CallStore store = new CallStore(db);
 * }
 * }</pre>
 */
public final class TestDatabase implements Database, AutoCloseable {
    /** System property naming a PostgreSQL server to run the tests on instead of H2. */
    public static final String POSTGRES = "guanai.test.postgres";
    private static final Set<String> RETRY_STATES = Set.of("23505", "40001", "40P01");
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final String owner;
    private final DataSource dataSource;
    private final String schema;

    private TestDatabase(String owner, DataSource dataSource, String schema) {
        this.owner = owner;
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /** @return a fresh, empty database for the programme {@code id} (not migrated yet) */
    public static TestDatabase forProgramme(String id) {
        String name = id + "_" + COUNT.incrementAndGet() + "_" + System.nanoTime();
        String postgres = System.getProperty(POSTGRES);
        if (postgres != null && !postgres.isBlank()) {
            PGSimpleDataSource admin = new PGSimpleDataSource();
            admin.setURL(postgres.strip());
            String schema = "t_" + name;
            try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + schema);
            } catch (SQLException e) {
                throw new DataException(e);
            }
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(postgres.strip());
            ds.setCurrentSchema(schema);
            return new TestDatabase(id, ds, schema);
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        h2.setPassword("");
        return new TestDatabase(id, h2, null);
    }

    /** @return whether the tests run on PostgreSQL ({@value #POSTGRES} is set) */
    public boolean postgres() {
        return schema != null;
    }

    @Override
    public MigrationReport migrate() {
        Flyway flyway = Flyway.configure(TestDatabase.class.getClassLoader()).dataSource(dataSource).table(owner + "_schema_history")
                .locations("classpath:db/" + owner).baselineOnMigrate(true).baselineVersion("0").cleanDisabled(true)
                .failOnMissingLocations(true).load();
        MigrateResult r = flyway.migrate();
        return new MigrationReport(owner, r.initialSchemaVersion, r.targetSchemaVersion == null ? r.initialSchemaVersion : r.targetSchemaVersion,
                r.migrationsExecuted);
    }

    @Override
    public <T> T tx(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(new TestSql(c));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataException(e);
        }
    }

    @Override
    public <T> T txRetrying(Work<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return tx(work);
            } catch (DataException e) {
                if (attempt >= 3 || !RETRY_STATES.contains(e.sqlState())) {
                    throw e;
                }
            }
        }
    }

    @Override
    public <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(new TestSql(c));
        } catch (SQLException e) {
            throw new DataException(e);
        }
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    /** Drops the database (H2) or the schema (PostgreSQL). */
    @Override
    public void close() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(schema == null ? "SHUTDOWN" : "DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new DataException(e);
        }
    }

    /** Statements on one connection, bound as the platform binds them. */
    private static final class TestSql implements Sql {
        private final Connection c;

        TestSql(Connection c) {
            this.c = c;
        }

        @Override
        public Connection connection() {
            return c;
        }

        @Override
        public int update(String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                return ps.executeUpdate();
            }
        }

        @Override
        public long insert(String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql, new String[] { "id" })) {
                bind(ps, args);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("no generated key for: " + sql);
                    }
                    return keys.getLong(1);
                }
            }
        }

        @Override
        public int[] batch(String sql, List<Object[]> argLists) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] args : argLists) {
                    bind(ps, args);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        }

        @Override
        public <T> List<T> list(String sql, Row<T> row, Object... args) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(row.map(rs));
                    }
                    return out;
                }
            }
        }

        @Override
        public <T> Optional<T> one(String sql, Row<T> row, Object... args) throws SQLException {
            List<T> all = list(sql, row, args);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
        }

        @Override
        public long count(String sql, Object... args) throws SQLException {
            return one(sql, rs -> rs.getLong(1), args).orElse(0L);
        }

        private static void bind(PreparedStatement ps, Object... args) throws SQLException {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                int p = i + 1;
                if (a == null) {
                    ps.setNull(p, Types.NULL);
                } else if (a instanceof LocalDate d) {
                    ps.setDate(p, Date.valueOf(d));
                } else if (a instanceof Instant t) {
                    ps.setObject(p, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
                } else if (a instanceof Enum<?> e) {
                    ps.setString(p, e.name());
                } else {
                    ps.setObject(p, a);
                }
            }
        }
    }
}
