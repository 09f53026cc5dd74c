package org.guanai.bench.baseline.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The bare counterpart of Guanai's {@code GET /api/children/{id}}: {@code GET /bare/children/{id}} reads the same
 * {@code core_child} row over plain JDBC (the H2 driver's {@link DataSourceFactory}, connections kept in a small
 * queue, one prepared statement) and writes the same JSON fields by hand. The JDBC URL comes from the framework or
 * system property {@code bench.jdbc.url}, set by the benchmark runner; without it the servlet answers 503. The password
 * is read from the file named by {@code bench.jdbc.password.file} (Guanai's {@code <data>/secrets/db.password}).
 * Connections are opened on first use so that the baseline's cold start does not include opening the database.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("baseline-bare-children")
@HttpWhiteboardServletPattern("/bare/children/*")
public final class BareChildServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(BareChildServlet.class);
    private static final long serialVersionUID = 1L;
    static final String URL_PROPERTY = "bench.jdbc.url";
    static final String PASSWORD_FILE_PROPERTY = "bench.jdbc.password.file";
    /** As many connections as Guanai's pool allows (HikariCP, maximumPoolSize 16). */
    static final int MAX_IDLE = 16;

    private final transient Driver driver;
    private final transient String url;
    private final transient String password;
    private final transient BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(MAX_IDLE);

    @Activate
    public BareChildServlet(BundleContext context,
            @Reference(target = "(osgi.jdbc.driver.class=org.h2.Driver)") DataSourceFactory h2) throws SQLException {
        this.driver = h2.createDriver(null);
        String u = context.getProperty(URL_PROPERTY);
        this.url = u == null || u.isBlank() ? null : u.trim();
        String f = context.getProperty(PASSWORD_FILE_PROPERTY);
        try {
            this.password = f == null || f.isBlank() ? "" : java.nio.file.Files.readString(java.nio.file.Path.of(f.trim())).strip();
        } catch (java.io.IOException e) {
            throw new SQLException("cannot read " + f, e);
        }
    }

    @Deactivate
    void deactivate() {
        Connection c;
        while ((c = idle.poll()) != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest rq, HttpServletResponse rs) throws IOException {
        if (url == null) {
            rs.sendError(503, URL_PROPERTY + " is not set");
            return;
        }
        long id = parseId(rq.getPathInfo());
        if (id <= 0) {
            rs.sendError(404);
            return;
        }
        String body;
        try {
            body = read(id);
        } catch (SQLException e) {
            LOG.error("reading child {} failed", id, e);
            rs.sendError(500);
            return;
        }
        if (body == null) {
            rs.sendError(404);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        rs.setStatus(200);
        rs.setContentType("application/json;charset=UTF-8");
        rs.setHeader("Cache-Control", "no-store");
        rs.setContentLength(bytes.length);
        rs.getOutputStream().write(bytes);
    }

    static long parseId(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2 || pathInfo.indexOf('/', 1) >= 0) {
            return -1;
        }
        try {
            return Long.parseLong(pathInfo.substring(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String read(long id) throws SQLException {
        Connection c = idle.poll();
        if (c == null) {
            Properties p = new Properties();
            p.setProperty("user", "sa");
            p.setProperty("password", password);
            c = driver.connect(url, p);
        }
        boolean ok = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM core_child WHERE id = ?")) {
            ps.setLong(1, id);
            String json;
            try (ResultSet r = ps.executeQuery()) {
                json = r.next() ? json(r) : null;
            }
            ok = true;
            return json;
        } finally {
            if (!ok || !idle.offer(c)) {
                c.close();
            }
        }
    }

    /** The fields and formats of Guanai's {@code Child} record as Jackson writes it. */
    static String json(ResultSet r) throws SQLException {
        StringBuilder b = new StringBuilder(640);
        b.append("{\"id\":").append(r.getLong("id"));
        b.append(",\"version\":").append(r.getLong("version"));
        str(b.append(",\"name\":"), r.getString("name"));
        str(b.append(",\"gender\":"), r.getString("gender"));
        date(b.append(",\"birthDate\":"), r.getDate("birth_date"));
        str(b.append(",\"idNumber\":"), r.getString("id_number"));
        str(b.append(",\"studentNumber\":"), r.getString("student_number"));
        str(b.append(",\"ethnicity\":"), r.getString("ethnicity"));
        b.append(",\"schoolId\":").append(r.getLong("school_id"));
        b.append(",\"classId\":").append(r.getObject("class_id", Long.class)); // null: "null"
        str(b.append(",\"boarding\":"), r.getString("boarding"));
        str(b.append(",\"homeAddress\":"), r.getString("home_address"));
        str(b.append(",\"village\":"), r.getString("village"));
        str(b.append(",\"leftBehindType\":"), r.getString("left_behind_type"));
        date(b.append(",\"leftBehindSince\":"), r.getDate("left_behind_since"));
        b.append(",\"unattended\":").append(r.getBoolean("unattended"));
        str(b.append(",\"healthNote\":"), r.getString("health_note"));
        str(b.append(",\"hobbies\":"), r.getString("hobbies"));
        list(b.append(",\"flags\":"), r.getString("flags"));
        b.append(",\"archived\":").append(r.getBoolean("archived"));
        instant(b.append(",\"createdAt\":"), r.getObject("created_at", OffsetDateTime.class));
        instant(b.append(",\"updatedAt\":"), r.getObject("updated_at", OffsetDateTime.class));
        b.append(",\"hukouRegistered\":").append(r.getObject("hukou_registered", Boolean.class));
        str(b.append(",\"hukouPlace\":"), r.getString("hukou_place"));
        str(b.append(",\"health\":"), r.getString("health_status"));
        str(b.append(",\"schooling\":"), r.getString("schooling"));
        list(b.append(",\"incomeSources\":"), r.getString("income_sources"));
        list(b.append(",\"assistance\":"), r.getString("assistance"));
        str(b.append(",\"guardianship\":"), r.getString("guardianship_type"));
        str(b.append(",\"villageContact\":"), r.getString("village_contact"));
        return b.append('}').toString();
    }

    /** A set of names stored comma-separated, as a JSON array of strings. */
    private static void list(StringBuilder b, String stored) {
        b.append('[');
        if (stored != null && !stored.isEmpty()) {
            String[] all = stored.split(",");
            for (int i = 0; i < all.length; i++) {
                str(b.append(i == 0 ? "" : ","), all[i]);
            }
        }
        b.append(']');
    }

    private static void date(StringBuilder b, Date d) {
        quoted(b, d == null ? null : d.toLocalDate());
    }

    private static void instant(StringBuilder b, OffsetDateTime t) {
        quoted(b, t == null ? null : t.toInstant());
    }

    /** A value whose text needs no escaping (a date, an instant) as a JSON string, or {@code null}. */
    private static void quoted(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else {
            b.append('"').append(v).append('"');
        }
    }

    static void str(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        b.append('"');
    }
}
