package org.guanai.sdk.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.guanai.core.api.dto.MigrationReport;
import org.guanai.core.registry.internal.programmes.SqlDatabase;
import org.guanai.sdk.data.DataException;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Work;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The SDK's {@link Database} for a programme's unit tests: a fresh database per instance, migrated with the programme's
 * real scripts ({@code db/<id>/V*.sql} on the test class path) by Flyway, as the platform migrates them. By default an
 * in-memory H2 in PostgreSQL mode with the platform's settings; with the system property {@value #POSTGRES} (a JDBC URL
 * with user and password, e.g. {@code jdbc:postgresql://127.0.0.1:5432/guanai?user=guanai&password=…}) a fresh schema
 * on that PostgreSQL server, dropped by {@link #close()}: the same tests then prove the SQL on both. Transactions,
 * retries and statements are the platform's own ({@code SqlDatabase} of {@code core.registry}).
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
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final String owner;
    private final DataSource dataSource;
    private final String schema;
    /** The platform's transactions, retries and statements over the same data source. */
    private final SqlDatabase sql;

    private TestDatabase(String owner, DataSource dataSource, String schema) {
        this.owner = owner;
        this.dataSource = dataSource;
        this.schema = schema;
        this.sql = new SqlDatabase(dataSource) {
            @Override
            public MigrationReport migrate() {
                return TestDatabase.this.migrate();
            }
        };
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
        return sql.tx(work);
    }

    @Override
    public <T> T txRetrying(Work<T> work) {
        return sql.txRetrying(work);
    }

    @Override
    public <T> T read(Work<T> work) {
        return sql.read(work);
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
}
