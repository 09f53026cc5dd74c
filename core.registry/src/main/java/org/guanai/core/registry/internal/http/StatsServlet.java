package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.security.Scope;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Counts without personal data (统计), for officers and dashboards: {@code GET /api/stats/children[?school=&class=]}
 * answers the number of children (not archived) in the caller's reach, by school, class, 留守类型 and kind of primary
 * guardian, the unattended (无人监护) count and the 建档率 (share of archives with ID number, address, a primary guardian
 * and a parent's phone), and the contact cards (联系卡) not checked this quarter: the archives that were neither
 * confirmed ({@code POST /api/children/{id}/card-check}) nor saved, child, parent or guardian, since the quarter began
 * (China time), the county's rule being that the database
 * is checked and updated once per quarter (一季度检查更新一次, domain §2.4), with {@code quarterStart}.
 */
@Component(service = Servlet.class, property = "guanai.route=GET /api/stats/children")
@HttpWhiteboardServletName("guanai-stats")
@HttpWhiteboardServletPattern("/api/stats/*")
public final class StatsServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient Jdbc jdbc;
    private final transient CallerContext callers;
    private final transient Clock clock;
    /** A complete archive (建档): ID number, address, a primary guardian and a parent's phone; {@code c} is the child. */
    static final String COMPLETE_ARCHIVE = "c.id_number IS NOT NULL AND c.home_address IS NOT NULL"
            + " AND EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = c.id AND g.is_primary = TRUE)"
            + " AND EXISTS (SELECT 1 FROM core_parent p WHERE p.child_id = c.id AND p.phone IS NOT NULL)";
    /**
     * A contact card not checked this quarter: neither confirmed nor saved (child, parent, guardian) since the quarter's
     * start, bound four times.
     */
    static final String CARD_NOT_CHECKED = "c.updated_at < ? AND (c.card_checked_at IS NULL OR c.card_checked_at < ?)"
            + " AND NOT EXISTS (SELECT 1 FROM core_parent p WHERE p.child_id = c.id AND p.updated_at >= ?)"
            + " AND NOT EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = c.id AND g.updated_at >= ?)";
    /** The time zone the quarters are counted in: China Standard Time. */
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    @Activate
    public StatsServlet(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference CallerContext callers) {
        this(dataSource, callers, Clock.systemUTC());
    }

    StatsServlet(DataSource dataSource, CallerContext callers, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.callers = callers;
        this.clock = clock;
    }

    /** @return the start of the quarter (季度) {@code clock} is in, in China time */
    static OffsetDateTime quarterStart(Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(CHINA));
        LocalDate first = LocalDate.of(today.getYear(), (today.getMonthValue() - 1) / 3 * 3 + 1, 1);
        return first.atStartOfDay(CHINA).toOffsetDateTime();
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        if (path.size() != 1 || !path.get(0).equals("children")) {
            throw notFound();
        }
        if (!rq.getMethod().equals("GET")) {
            throw methodNotAllowed(rs, "GET");
        }
        Caller caller = callers.current().orElseThrow(() -> new HttpError(401, "unauthenticated", List.of()));
        Long classId = longParam(rq, "class");
        StringBuilder where = new StringBuilder(" WHERE c.archived = FALSE");
        List<Object> args = new ArrayList<>();
        Scope.restrict(caller, where, args, "c.school_id", "c.class_id");
        if (caller.schoolId().isPresent()) {
            where.append(" AND c.school_id = ?");
            args.add(caller.schoolId().get());
        }
        if (classId != null) {
            where.append(" AND c.class_id = ?");
            args.add(classId);
        }
        Object[] a = args.toArray();
        Map<String, Object> out = jdbc.read(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            long total = Jdbc.count(c, "SELECT COUNT(*) FROM core_child c" + where, a);
            m.put("children", total);
            m.put("unattended", Jdbc.count(c, "SELECT COUNT(*) FROM core_child c" + where + " AND c.unattended = TRUE", a));
            long complete = Jdbc.count(c, "SELECT COUNT(*) FROM core_child c" + where + " AND " + COMPLETE_ARCHIVE, a);
            m.put("archivesComplete", complete);
            m.put("archiveCompleteness", total == 0 ? null : Math.round(1000.0 * complete / total) / 1000.0);
            OffsetDateTime quarter = quarterStart(clock);
            Object[] withQuarter = java.util.Arrays.copyOf(a, a.length + 4);
            java.util.Arrays.fill(withQuarter, a.length, a.length + 4, quarter);
            m.put("quarterStart", quarter.toLocalDate().toString());
            m.put("contactCardsNotCheckedThisQuarter", Jdbc.count(c, "SELECT COUNT(*) FROM core_child c" + where
                    + " AND " + CARD_NOT_CHECKED, withQuarter));
            m.put("byLeftBehindType", counts(c, "SELECT c.left_behind_type, COUNT(*) FROM core_child c" + where
                    + " GROUP BY c.left_behind_type ORDER BY c.left_behind_type", a));
            m.put("byPrimaryGuardianKind", counts(c, "SELECT COALESCE(g.kind, 'NONE'), COUNT(*) FROM core_child c"
                    + " LEFT JOIN core_guardian g ON g.child_id = c.id AND g.is_primary = TRUE" + where
                    + " GROUP BY COALESCE(g.kind, 'NONE') ORDER BY 1", a));
            // per school, the county's table: children, 无人监护, complete archives (the same test as above)
            m.put("bySchool", Jdbc.list(c, "SELECT s.id, s.name, COUNT(*) AS n,"
                    + " SUM(CASE WHEN c.unattended = TRUE THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN " + COMPLETE_ARCHIVE + " THEN 1 ELSE 0 END)"
                    + " FROM core_child c JOIN core_school s ON s.id = c.school_id" + where + " GROUP BY s.id, s.name ORDER BY s.name",
                    rs2 -> row("schoolId", rs2.getLong(1), "name", rs2.getString(2), "children", rs2.getLong(3), "unattended",
                            rs2.getLong(4), "archivesComplete", rs2.getLong(5), "archiveCompleteness",
                            rs2.getLong(3) == 0 ? null : Math.round(1000.0 * rs2.getLong(5) / rs2.getLong(3)) / 1000.0), a));
            m.put("byClass", Jdbc.list(c, "SELECT k.id, k.school_id, k.grade_level, k.name, COUNT(*) AS n FROM core_child c"
                    + " JOIN core_class k ON k.id = c.class_id" + where
                    + " GROUP BY k.id, k.school_id, k.grade_level, k.name ORDER BY k.school_id, k.grade_level, k.name",
                    rs2 -> row("classId", rs2.getLong(1), "schoolId", rs2.getLong(2), "gradeLevel", rs2.getInt(3),
                            "name", rs2.getString(4), "children", rs2.getLong(5)), a));
            return m;
        });
        write(rs, 200, out);
    }

    private static Map<String, Long> counts(Connection c, String sql, Object[] args) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Object[] r : Jdbc.list(c, sql, rs -> new Object[] { rs.getString(1), rs.getLong(2) }, args)) {
            out.put((String) r[0], (Long) r[1]);
        }
        return out;
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
