package org.guanai.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database side of {@code bench/run --postgres}: the benchmark's own database on a PostgreSQL server (made and
 * dropped by the runner), the bulk load's connection, {@code VACUUM ANALYZE}, what the requests draw from (child ids,
 * the largest class), a description of the server for the report, and the request paths the console sends.
 */
final class PgBench {
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?$");

    /** Where to connect as the role that may create the benchmark's database: a JDBC URL, user and password (null: in the URL). */
    record Admin(String url, String user, String password) {
        Connection connect(String database, boolean rewriteBatches) throws SQLException {
            String u = withDatabase(url, database);
            if (rewriteBatches) {
                u += (u.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
            }
            return user == null ? DriverManager.getConnection(u) : DriverManager.getConnection(u, user, password);
        }
    }

    /** The largest class: its school, id and children (not archived). */
    record BigClass(long school, long id, long children) {
    }

    private PgBench() {
    }

    /** {@code url} (a {@code jdbc:postgresql://host:port/db?…} URL) naming {@code database} instead, its parameters kept. */
    static String withDatabase(String url, String database) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/database URL: " + url);
        }
        return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
    }

    /** The database the runner makes on {@code admin}'s server, named after this process so that runs never share one. */
    static String databaseName() {
        return "guanai_bench_" + ProcessHandle.current().pid();
    }

    static void createDatabase(Admin admin, String database) throws SQLException {
        try (Connection c = admin.connect(maintenanceDatabase(admin.url()), false); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " ENCODING 'UTF8' TEMPLATE template0");
        }
    }

    /** Drops the benchmark's database (closing any connection left to it). */
    static void dropDatabase(Admin admin, String database) throws SQLException {
        try (Connection c = admin.connect(maintenanceDatabase(admin.url()), false); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** The database the admin URL names ({@code postgres} when it names none). */
    static String maintenanceDatabase(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/database URL: " + url);
        }
        return m.group(2) == null || m.group(2).length() <= 1 ? "postgres" : m.group(2).substring(1);
    }

    /** {@code VACUUM ANALYZE} of the whole database, then a checkpoint; milliseconds taken. */
    static long vacuumAnalyze(Connection c) throws SQLException {
        long t0 = System.nanoTime();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE");
            try {
                s.execute("CHECKPOINT");
            } catch (SQLException notAllowed) {
                // CHECKPOINT needs a superuser (or pg_checkpoint): without it the next one comes on PostgreSQL's schedule
            }
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Every child's id, ascending. */
    static long[] childIds(Connection c) throws SQLException {
        Stats.LongList ids = new Stats.LongList();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM core_child ORDER BY id")) {
            while (r.next()) {
                ids.add(r.getLong(1));
            }
        }
        return Stats.LongList.sortedUnion(List.of(ids));
    }

    static BigClass biggestClass(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT school_id, class_id, COUNT(*) FROM core_child"
                + " WHERE archived = FALSE GROUP BY school_id, class_id ORDER BY COUNT(*) DESC, class_id LIMIT 1")) {
            if (!r.next()) {
                throw new SQLException("no children in any class");
            }
            return new BigClass(r.getLong(1), r.getLong(2), r.getLong(3));
        }
    }

    /** The server's version, the settings that matter for reading, and the sizes of the registry's largest tables. */
    static List<String> describe(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT version()")) {
                r.next();
                out.add("PostgreSQL: " + r.getString(1));
            }
            StringBuilder settings = new StringBuilder("PostgreSQL settings:");
            try (ResultSet r = s.executeQuery("SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers',"
                    + " 'effective_cache_size', 'work_mem', 'max_connections', 'fsync', 'synchronous_commit', 'random_page_cost',"
                    + " 'jit', 'max_parallel_workers_per_gather', 'lc_collate') ORDER BY name")) {
                while (r.next()) {
                    settings.append(' ').append(r.getString(1)).append('=').append(r.getString(2))
                            .append(r.getString(3) == null ? "" : r.getString(3));
                }
            }
            out.add(settings.toString());
            StringBuilder sizes = new StringBuilder("database size ");
            try (ResultSet r = s.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
                r.next();
                sizes.append(r.getString(1));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT COUNT(*) FROM core_child),"
                    + " pg_size_pretty(pg_table_size(?::regclass)), pg_size_pretty(pg_indexes_size(?::regclass))")) {
                for (String table : List.of("core_child", "core_parent", "core_guardian")) {
                    ps.setString(1, table);
                    ps.setString(2, table);
                    try (ResultSet r = ps.executeQuery()) {
                        r.next();
                        sizes.append("; ").append(table).append(' ').append(r.getString(2)).append(" + indexes ").append(r.getString(3));
                    }
                }
            }
            out.add(sizes.toString());
        }
        return out;
    }

    /** The children list's search as the console sends it: {@code q}, the school it acts for, the first page of 20. */
    static String searchPath(String text, long school, int size) {
        return "/api/children?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&school=" + school + "&page=0&size=" + size;
    }

    /** A page of a class list as the console asks for it (the class filter and the school it acts for). */
    static String classPagePath(BigClass k, long page, int size) {
        return "/api/children?school=" + k.school() + "&class=" + k.id() + "&page=" + page + "&size=" + size;
    }

    /** The deep pages of a list of {@code children} in pages of {@code size}: from its middle to its last page, as {from, to}. */
    static long[] deepPages(long children, int size) {
        long pages = Math.max(1, (children + size - 1) / size);
        return new long[] { pages / 2, pages - 1 };
    }

    /** The report's file: {@code postgres-1m.md} for a million children, {@code postgres-50k.md}, {@code postgres-1234.md}. */
    static String resultFile(int children) {
        String n = children % 1_000_000 == 0 ? children / 1_000_000 + "m"
                : children % 1000 == 0 ? children / 1000 + "k" : Integer.toString(children);
        return String.format(Locale.ROOT, "postgres-%s.md", n);
    }
}
