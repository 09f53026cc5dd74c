package org.guanai.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database files of a stopped platform, opened directly with H2 as someone with a copy of the data folder would:
 * the H2 file under {@code <data>/db}, the password from {@code <data>/secrets/db.password}.
 */
final class StoredDatabase {
    /** The H2 settings the platform opens its database with (PooledDataSource.H2_SETTINGS). */
    static final String SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;TRACE_LEVEL_FILE=0;IFEXISTS=TRUE";

    private StoredDatabase() {
    }

    static Path file(Path data) {
        return data.resolve("db/guanai.mv.db");
    }

    static String url(Path data) {
        return "jdbc:h2:file:" + data.resolve("db/guanai") + SETTINGS;
    }

    static String password(Path data) throws IOException {
        return Files.readString(data.resolve("secrets/db.password"), StandardCharsets.UTF_8).strip();
    }

    /** Opens the stored database with the password its data folder keeps (on PostgreSQL: the data folder's database). */
    static Connection open(Path data) throws IOException, SQLException {
        if (TestPostgres.server() != null) {
            return DriverManager.getConnection(TestPostgres.databaseFor(data));
        }
        return DriverManager.getConnection(url(data), "sa", password(data));
    }

    /** Opens an encrypted stored database. */
    static Connection open(Path data, String key) throws IOException, SQLException {
        return DriverManager.getConnection(url(data) + ";CIPHER=AES", "sa", key + " " + password(data));
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
