package org.guanai.launcher;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server the end-to-end tests run against with {@code -Dguanai.test.postgres=jdbc:postgresql://…} (a
 * role that may create databases): each data folder gets a fresh database of its own, so that no run and no test sees
 * another's data. Without the property the tests run on the embedded H2 database.
 */
final class TestPostgres {
    static final String PROPERTY = "guanai.test.postgres";
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?");
    private static final AtomicInteger COUNT = new AtomicInteger();
    /** The database made for each data folder: a restart with the same folder finds its data again. */
    private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();

    private TestPostgres() {
    }

    /** @return the server's URL, or {@code null}: the tests run on H2 */
    static String server() {
        String url = System.getProperty(PROPERTY);
        return url == null || url.isBlank() ? null : url.strip();
    }

    /** @return the URL of the fresh database for this data folder, made at the first call */
    static String databaseFor(Path data) {
        return DATABASES.computeIfAbsent(data.toAbsolutePath().normalize(),
                d -> create("e2e_" + ProcessHandle.current().pid() + "_" + COUNT.incrementAndGet() + "_" + System.currentTimeMillis()));
    }

    /** Creates an empty database on the server; @return its URL (the server's, with the database's name) */
    static String create(String name) {
        String server = server();
        if (server == null) {
            throw new IllegalStateException(PROPERTY + " is not set");
        }
        String db = name.toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(server); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + db + " on " + server, e);
        }
        return withDatabase(server, db);
    }

    /** @return {@code url} naming the database {@code db} instead, its parameters kept */
    static String withDatabase(String url, String db) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException(PROPERTY + " must look like jdbc:postgresql://host:port/database?user=…: " + url);
        }
        return m.group(1) + db + (m.group(3) == null ? "" : m.group(3));
    }

    /** @return {@code url} without its parameters (user, password): what the platform is given in GUANAI_DB_URL */
    static String withoutParameters(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** @return the value of a parameter of the server's URL ({@code user}, {@code password}), or {@code null} */
    static String parameter(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
