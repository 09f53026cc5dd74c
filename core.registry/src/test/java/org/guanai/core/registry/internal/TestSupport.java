package org.guanai.core.registry.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.registry.internal.persistence.FlywaySchemaMigrator;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.function.Executable;

/** Shared fixtures of the unit tests: a fixed clock, fresh in-memory databases with the real migrations, assertions. */
public final class TestSupport {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** 2026-11-23 10:00 in Beijing time. */
    public static final Clock CLOCK = Clock.fixed(ZonedDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZONE).toInstant(), ZONE);
    public static final LocalDate TODAY = LocalDate.now(CLOCK);

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestSupport() {
    }

    /** System property naming a PostgreSQL server to run the tests on instead of H2 (as the SDK's {@code TestDatabase}). */
    public static final String POSTGRES = "guanai.test.postgres";

    /** @return the PostgreSQL server the suite runs on ({@code -Dguanai.test.postgres=jdbc:postgresql://…}), or null: H2 */
    public static String postgres() {
        String url = System.getProperty(POSTGRES);
        return url == null || url.isBlank() ? null : url.strip();
    }

    /**
     * A fresh, empty database without tables: in-memory H2 in PostgreSQL mode, or with {@value #POSTGRES} a schema of
     * its own on that PostgreSQL server, dropped by {@link #shutdown(DataSource)}.
     */
    public static DataSource freshDatabase(String purpose) {
        String postgres = postgres();
        if (postgres == null) {
            return emptyDatabase(purpose);
        }
        String schema = ("t_" + purpose + "_" + DATABASES.incrementAndGet() + "_" + System.nanoTime()).toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(postgres);
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(postgres);
        ds.setCurrentSchema(schema);
        return ds;
    }

    /** A fresh, empty in-memory H2 database in PostgreSQL mode, without schema (for tests of H2's own features). */
    public static JdbcDataSource emptyDatabase(String purpose) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + purpose + "_" + DATABASES.incrementAndGet() + "_" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    /** A fresh in-memory database with the core schema applied by the real {@link FlywaySchemaMigrator}. */
    public static DataSource migratedDatabase(String purpose) {
        DataSource ds = freshDatabase(purpose);
        new FlywaySchemaMigrator(ds); // migrates the core schema on construction, as on activation
        return ds;
    }

    /** Drops an in-memory database kept alive by {@code DB_CLOSE_DELAY=-1}, or the PostgreSQL schema of a fresh one. */
    public static void shutdown(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(ds instanceof PGSimpleDataSource pg ? "DROP SCHEMA " + pg.getCurrentSchema() + " CASCADE" : "SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection()) {
            return Jdbc.count(c, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of a query as a list of column values, for before/after comparisons. */
    public static List<List<Object>> rows(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection()) {
            return Jdbc.list(c, sql, TestSupport::row, args);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Object> row(ResultSet rs) throws SQLException {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.add(rs.getObject(i));
        }
        return row;
    }

    /** Asserts that {@code call} is refused with a {@link ValidationException} naming {@code field}; returns that error. */
    public static FieldError assertRefused(String field, Executable call) {
        try {
            call.execute();
        } catch (ValidationException e) {
            for (FieldError error : e.errors()) {
                assertBilingual(error);
            }
            return e.errors().stream().filter(err -> err.field().equals(field)).findFirst()
                    .orElseThrow(() -> new AssertionError("expected an error on '" + field + "', got " + e.errors()));
        } catch (Throwable t) {
            throw new AssertionError("expected ValidationException on '" + field + "', got " + t, t);
        }
        return fail("expected ValidationException on '" + field + "', but the call succeeded");
    }

    /** Asserts that the texts of an error are real translations, not missing keys. */
    public static void assertBilingual(FieldError error) {
        assertNotNull(error.field());
        assertNotNull(error.messageZh(), () -> "zh message of " + error);
        assertNotNull(error.messageEn(), () -> "en message of " + error);
        assertFalse(error.messageZh().isBlank(), () -> "zh message of " + error);
        assertFalse(error.messageEn().isBlank(), () -> "en message of " + error);
        assertFalse(error.messageZh().startsWith("error."), () -> "missing zh text: " + error);
        assertFalse(error.messageEn().startsWith("error."), () -> "missing en text: " + error);
        assertTrue(error.messageZh().codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN),
                () -> "zh message has no Chinese: " + error);
        assertTrue(error.messageEn().chars().allMatch(ch -> ch < 0x2E80), () -> "en message is not English: " + error);
        assertNotEquals(error.messageZh(), error.messageEn());
    }
}
