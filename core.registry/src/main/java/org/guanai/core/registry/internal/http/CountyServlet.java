package org.guanai.core.registry.internal.http;

import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.care.MentoringRecords;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.registry.MinzhengExport;
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
 * The county's view (issue 20). {@code GET /api/county/dashboard}: counts only, for officers too — the totals over the
 * schools in the caller's reach and one row per school (not archived): children (not archived), 无人监护, complete
 * archives and 建档率 (as {@link StatsServlet}), contact cards not checked this quarter (overdue: the county checks the
 * database once a quarter), and, when a programme publishes {@link MentoringRecords}, the children with a pair in force
 * today and the 结对率 ({@code null} without one), and the 监护预警 overdue ({@code overdueAlerts}: open, escalated once their
 * deadline passed). {@code GET /api/county/minzheng.xlsx[?school=]}: the 民政 layout
 * ({@link MinzhengExport}), for county roles.
 */
@Component(service = Servlet.class, property = { "guanai.route=GET /api/county/dashboard",
        "guanai.route=GET /api/county/minzheng.xlsx" })
@HttpWhiteboardServletName("guanai-county")
@HttpWhiteboardServletPattern("/api/county/*")
public final class CountyServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient Jdbc jdbc;
    private final transient CallerContext callers;
    private final transient MinzhengExport minzheng;
    private final transient Clock clock;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private transient volatile MentoringRecords mentoring;

    @Activate
    public CountyServlet(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference CallerContext callers, @Reference MinzhengExport minzheng) {
        this(dataSource, callers, minzheng, null, Clock.systemUTC());
    }

    CountyServlet(DataSource dataSource, CallerContext callers, MinzhengExport minzheng, MentoringRecords mentoring,
            Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.callers = callers;
        this.minzheng = minzheng;
        this.mentoring = mentoring;
        this.clock = clock;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        if (path.size() != 1) {
            throw notFound();
        }
        if (!rq.getMethod().equals("GET") && !rq.getMethod().equals("HEAD")) {
            throw methodNotAllowed(rs, "GET");
        }
        switch (path.get(0)) {
            case "dashboard" -> write(rs, 200, dashboard());
            case "minzheng.xlsx" -> Responses.download(rq, rs, 200, minzheng.export(longParam(rq, "school")));
            default -> throw notFound();
        }
    }

    Map<String, Object> dashboard() {
        Caller caller = callers.current().orElseThrow(() -> new HttpError(401, "unauthenticated", List.of()));
        StringBuilder where = new StringBuilder(" WHERE c.archived = FALSE AND s.archived = FALSE");
        List<Object> args = new ArrayList<>();
        Scope.restrict(caller, where, args, "c.school_id", "c.class_id");
        OffsetDateTime quarter = StatsServlet.quarterStart(clock);
        List<Object> withQuarter = new ArrayList<>(List.of(quarter, quarter, quarter, quarter));
        withQuarter.addAll(args);
        LocalDate today = LocalDate.now(clock.withZone(StatsServlet.CHINA));
        MentoringRecords pairs = mentoring;
        List<Map<String, Object>> schools = jdbc.read(c -> {
            StringBuilder reach = new StringBuilder(" WHERE s.archived = FALSE");
            List<Object> reachArgs = new ArrayList<>();
            Scope.restrict(caller, reach, reachArgs, "s.id", null);
            Map<Long, long[]> counts = new HashMap<>();
            for (long[] r : Jdbc.list(c, "SELECT c.school_id, COUNT(*),"
                    + " SUM(CASE WHEN c.unattended = TRUE THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN " + StatsServlet.COMPLETE_ARCHIVE + " THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN " + StatsServlet.CARD_NOT_CHECKED + " THEN 1 ELSE 0 END)"
                    + " FROM core_child c JOIN core_school s ON s.id = c.school_id" + where + " GROUP BY c.school_id",
                    rs2 -> new long[] { rs2.getLong(1), rs2.getLong(2), rs2.getLong(3), rs2.getLong(4), rs2.getLong(5) },
                    withQuarter.toArray())) {
                counts.put(r[0], r);
            }
            // 监护预警 overdue: open, and escalated by the safety sweep once their deadline passed
            Map<Long, Long> overdue = new HashMap<>();
            for (long[] r : Jdbc.list(c, "SELECT c.school_id, COUNT(*) FROM core_guardianship_alert a JOIN core_child c"
                    + " ON c.id = a.child_id JOIN core_school s ON s.id = c.school_id" + where
                    + " AND a.closed_at IS NULL AND a.escalated_at IS NOT NULL GROUP BY c.school_id",
                    rs2 -> new long[] { rs2.getLong(1), rs2.getLong(2) }, args.toArray())) {
                overdue.put(r[0], r[1]);
            }
            Map<Long, Set<Long>> ids = new HashMap<>();
            if (pairs != null) {
                for (long[] r : Jdbc.list(c, "SELECT c.school_id, c.id FROM core_child c JOIN core_school s ON s.id = c.school_id"
                        + where, rs2 -> new long[] { rs2.getLong(1), rs2.getLong(2) }, args.toArray())) {
                    ids.computeIfAbsent(r[0], k -> new HashSet<>()).add(r[1]);
                }
            }
            return Jdbc.list(c, "SELECT s.id, s.name FROM core_school s" + reach + " ORDER BY s.name, s.id", rs2 -> {
                long id = rs2.getLong(1);
                long[] n = counts.getOrDefault(id, new long[5]);
                Long paired = pairs == null ? null : paired(pairs, id, ids.getOrDefault(id, Set.of()), today);
                return row(id, rs2.getString(2), n[1], n[2], n[3], n[4], paired, overdue.getOrDefault(id, 0L));
            }, reachArgs.toArray());
        });
        long[] sum = new long[5];
        Long paired = pairs == null ? null : 0L;
        for (Map<String, Object> s : schools) {
            sum[0] += (Long) s.get("children");
            sum[1] += (Long) s.get("unattended");
            sum[2] += (Long) s.get("archivesComplete");
            sum[3] += (Long) s.get("contactCardsNotCheckedThisQuarter");
            sum[4] += (Long) s.get("overdueAlerts");
            if (paired != null) {
                paired += (Long) s.get("paired");
            }
        }
        Map<String, Object> totals = row(null, null, sum[0], sum[1], sum[2], sum[3], paired, sum[4]);
        totals.remove("schoolId");
        totals.remove("name");
        totals.put("schools", schools.size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("quarterStart", quarter.toLocalDate().toString());
        out.put("pairingAvailable", pairs != null);
        out.put("totals", totals);
        out.put("schools", schools);
        return out;
    }

    /** The school's children (of {@code children}) with a pair in force today. */
    private static long paired(MentoringRecords pairs, long schoolId, Set<Long> children, LocalDate today) {
        return pairs.forSchool(schoolId, today, today).stream().filter(m -> children.contains(m.childId()))
                .filter(m -> m.pairs().stream().anyMatch(p -> !p.start().isAfter(today) && (p.end() == null || !p.end().isBefore(today))))
                .count();
    }

    private static Map<String, Object> row(Long id, String name, long children, long unattended, long complete,
            long notChecked, Long paired, long overdueAlerts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schoolId", id);
        m.put("name", name);
        m.put("children", children);
        m.put("unattended", unattended);
        m.put("archivesComplete", complete);
        m.put("archiveCompleteness", rate(complete, children));
        m.put("contactCardsNotCheckedThisQuarter", notChecked);
        m.put("paired", paired);
        m.put("pairingRate", paired == null ? null : rate(paired, children));
        m.put("overdueAlerts", overdueAlerts);
        return m;
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : Math.round(1000.0 * part / whole) / 1000.0;
    }
}
