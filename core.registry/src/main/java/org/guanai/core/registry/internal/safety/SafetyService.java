package org.guanai.core.registry.internal.safety;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.notify.Notifications;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.Texts;
import org.guanai.core.registry.internal.audit.AuditActions;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.registry.ChildServiceImpl;
import org.guanai.core.registry.internal.security.RolePermissions;
import org.guanai.core.registry.internal.security.Scope;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Guardianship alerts, incidents with their notification clock, and the county's log of mandatory reports (监护预警、
 * 事件与强制报告, issue 19, domain §3.3 and §9.2). Alerts are opened and closed by {@link GuardianshipAlerts} in the
 * registry's own transactions; this service lists them with their owner and deadline, records incidents, the notices
 * given for them and the police reports. {@link SafetySweep} re-checks ages, notifies new alerts and escalates what is
 * late. Notices go through {@link SafetyNotices}: without the optional {@link Notifications} nothing is sent and nothing
 * fails.
 */
@Component(service = SafetyService.class, configurationPid = SafetyService.PID)
@Designate(ocd = SafetyConfig.class)
public final class SafetyService {
    static final String PID = "org.guanai.core.safety";

    private final Jdbc jdbc;
    private final Scope scope;
    private final AuditLog audit;
    private final CurrentActor actor;
    private final Clock clock;
    private final Duration alertDeadline;
    private final Messages messages = new Messages();
    private final SafetyNotices notices;

    @Activate
    public SafetyService(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference CallerContext callers, @Reference AuditLog audit,
            @Reference CurrentActor actor, @Reference SafetyNotices notices, SafetyConfig config) {
        this(dataSource, callers, audit, actor, notices, Clock.system(CareCalendar.ZONE), alertDeadline(config));
    }

    /**
     * For tests: a clock of their own. Not public: Declarative Services would take a public constructor of the same length
     * as the activation constructor for its own.
     */
    SafetyService(DataSource dataSource, CallerContext callers, AuditLog audit, CurrentActor actor, SafetyNotices notices,
            Clock clock, Duration alertDeadline) {
        this.jdbc = new Jdbc(dataSource);
        this.scope = new Scope(callers);
        this.audit = audit;
        this.actor = actor;
        this.clock = clock;
        this.alertDeadline = alertDeadline;
        this.notices = notices;
    }

    /** @return how long an alert may stay open before it is overdue, from the configuration */
    static Duration alertDeadline(SafetyConfig config) {
        return Duration.ofHours(Math.max(1, config.alertDeadlineHours()));
    }

    private Instant now() {
        return clock.instant();
    }

    // ---- alerts

    /**
     * The open alerts in the caller's reach (a teacher: her classes), of one school when {@code school} is given; each
     * read is audited as a read of the child's data.
     */
    public List<Map<String, Object>> alerts(Long school) {
        scope.require(RolePermissions.SAFETY_READ);
        StringBuilder where = new StringBuilder(" WHERE a.closed_at IS NULL");
        List<Object> args = new ArrayList<>();
        scope.restrict(where, args, "a.school_id", "k.class_id");
        if (school != null) {
            where.append(" AND a.school_id = ?");
            args.add(school);
        }
        Instant now = now();
        List<Map<String, Object>> out = jdbc.read(c -> Jdbc.list(c, "SELECT a.id, a.child_id, a.school_id, a.reason,"
                + " a.opened_at, a.escalated_at, k.name AS child_name, k.class_id, cl.name AS class_name, st.id AS staff_id,"
                + " st.name AS staff_name, (SELECT MIN(u.username) FROM core_user u WHERE u.staff_id = st.id"
                + " AND u.active = TRUE) AS staff_user FROM core_guardianship_alert a JOIN core_child k ON k.id = a.child_id"
                + " LEFT JOIN core_class cl ON cl.id = k.class_id"
                + " LEFT JOIN core_staff st ON st.id = cl.head_teacher_id AND st.active = TRUE" + where
                + " ORDER BY a.opened_at, a.id", rs -> alertRow(rs, now), args.toArray()));
        for (Map<String, Object> a : out) {
            readAudited("guardianship_alert", (Long) a.get("id"), (Long) a.get("childId"), (Long) a.get("schoolId"));
        }
        return out;
    }

    private Map<String, Object> alertRow(ResultSet rs, Instant now) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        AlertReason reason = AlertReason.valueOf(rs.getString("reason"));
        Instant opened = Jdbc.instant(rs, "opened_at");
        Instant deadline = opened.plus(alertDeadline);
        m.put("id", rs.getLong("id"));
        m.put("childId", rs.getLong("child_id"));
        m.put("childName", rs.getString("child_name"));
        m.put("schoolId", rs.getLong("school_id"));
        m.put("classId", Jdbc.longOrNull(rs, "class_id"));
        m.put("className", rs.getString("class_name"));
        m.put("reason", reason.name());
        m.put("reason_zh", messages.zh("safety.reason." + reason.name()));
        m.put("reason_en", messages.en("safety.reason." + reason.name()));
        m.put("owner", owner(Jdbc.longOrNull(rs, "staff_id"), rs.getString("staff_name"), rs.getString("staff_user")));
        m.put("openedAt", opened);
        m.put("deadline", deadline);
        m.put("overdue", now.isAfter(deadline));
        m.put("escalatedAt", Jdbc.instant(rs, "escalated_at"));
        return m;
    }

    /**
     * The owner of an alert (domain §8.1, §3.4: the head teacher is the school's contact with the child's family and
     * gives guardians her number): the head teacher of the child's class while the class has an active one, else the
     * school's administrators.
     */
    private Map<String, Object> owner(Long staffId, String staffName, String user) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (staffId != null) {
            o.put("kind", "HEAD_TEACHER");
            o.put("staffId", staffId);
            o.put("name", staffName);
            o.put("user", user);
            o.put("label_zh", messages.zh("safety.owner.HEAD_TEACHER", staffName));
            o.put("label_en", messages.en("safety.owner.HEAD_TEACHER", staffName));
        } else {
            o.put("kind", "SCHOOL_ADMIN");
            o.put("label_zh", messages.zh("safety.owner.SCHOOL_ADMIN"));
            o.put("label_en", messages.en("safety.owner.SCHOOL_ADMIN"));
        }
        return o;
    }

    /** Counts without names, for officers and dashboards: per school, open and overdue alerts, late incident deadlines. */
    public List<Map<String, Object>> counts() {
        StringBuilder where = new StringBuilder(" WHERE s.archived = FALSE");
        List<Object> args = new ArrayList<>();
        scope.restrict(where, args, "s.id", null);
        scope.caller().flatMap(Caller::schoolId).ifPresent(id -> {
            where.append(" AND s.id = ?");
            args.add(id);
        });
        Instant now = now();
        Instant overdueBefore = now.minus(alertDeadline);
        List<Object> all = new ArrayList<>(List.of(overdueBefore, now));
        all.addAll(args);
        return jdbc.read(c -> Jdbc.list(c, "SELECT s.id, s.name,"
                + " (SELECT COUNT(*) FROM core_guardianship_alert a WHERE a.school_id = s.id AND a.closed_at IS NULL) AS open_alerts,"
                + " (SELECT COUNT(*) FROM core_guardianship_alert a WHERE a.school_id = s.id AND a.closed_at IS NULL"
                + " AND a.opened_at < ?) AS overdue_alerts,"
                + " (SELECT COUNT(*) FROM core_incident_deadline d JOIN core_incident i ON i.id = d.incident_id"
                + " WHERE i.school_id = s.id AND d.due_at < ? AND (d.done_at IS NULL OR d.done_at > d.due_at)) AS late"
                + " FROM core_school s" + where + " ORDER BY s.name", rs -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("schoolId", rs.getLong("id"));
                    m.put("schoolName", rs.getString("name"));
                    m.put("openAlerts", rs.getLong("open_alerts"));
                    m.put("overdueAlerts", rs.getLong("overdue_alerts"));
                    m.put("lateIncidentDeadlines", rs.getLong("late"));
                    return m;
                }, all.toArray()));
    }

    // ---- incidents

    /** What a client sends to record an incident. */
    public record IncidentInput(IncidentKind kind, Instant occurredAt, String description) {
    }

    /** What a client sends to record a notice given for an incident. */
    public record NoticeInput(NoticeTarget target, Instant informedAt, String recipient, NoticeMethod method, Boolean reached,
            String note) {
    }

    /**
     * Records an incident of a child in the caller's reach: its three deadlines run from {@code occurredAt} (the
     * domain's clock starts at the incident, [002 L87]; an incident recorded late is late at once and says so), a
     * mandatory report is opened when the kind is a trigger, and the head teacher, the school's and the county's
     * administrators are told at once (urgent).
     */
    public Map<String, Object> recordIncident(long childId, IncidentInput in) {
        scope.require(RolePermissions.SAFETY_WRITE);
        Instant now = now();
        String description = Texts.clean(in.description());
        Checks check = new Checks(now);
        check.required("kind", in.kind());
        check.past("occurredAt", in.occurredAt(), true);
        check.text("description", description, 2000, true);
        check.done();
        String who = actor.get();
        long id = audit.tx(jdbc, c -> {
            Child child = reachableChild(c, childId);
            long incident = Jdbc.insert(c, "INSERT INTO core_incident (child_id, school_id, kind, occurred_at, description,"
                    + " recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)", childId, child.schoolId(), in.kind(),
                    in.occurredAt(), description, now, who);
            for (NoticeTarget t : NoticeTarget.values()) {
                Jdbc.update(c, "INSERT INTO core_incident_deadline (incident_id, target, due_at) VALUES (?, ?, ?)", incident, t,
                        in.occurredAt().plus(t.within()));
            }
            if (in.kind().trigger().isPresent()) {
                openReport(c, childId, child.schoolId(), in.kind().trigger().get(), "INCIDENT", incident, now, who);
            }
            audit.append(c, AuditLog.Event.of(AuditActions.CREATE, "incident", incident).child(childId).school(child.schoolId())
                    .detail(in.kind().name()));
            return incident;
        });
        Map<String, Object> view = incident(id, false);
        notices.notify("INCIDENT_RECORDED", true, (Long) view.get("schoolId"), childId, "safety.notice.incident",
                "incident:" + id + ":recorded", zh -> new Object[] { view.get("childName"), view.get(zh ? "kind_zh" : "kind_en") });
        return view;
    }

    /** Records a notice given for an incident; a notice that reached someone meets the target's deadline (on time or late). */
    public Map<String, Object> recordNotice(long incidentId, NoticeInput in) {
        scope.require(RolePermissions.SAFETY_WRITE);
        Instant now = now();
        String recipient = Texts.clean(in.recipient());
        String note = Texts.clean(in.note());
        Checks check = new Checks(now);
        check.required("target", in.target());
        check.past("informedAt", in.informedAt(), true);
        check.text("recipient", recipient, 100, true);
        check.required("method", in.method());
        check.required("reached", in.reached());
        check.text("note", note, 500, false);
        check.done();
        String who = actor.get();
        audit.tx(jdbc, c -> {
            long[] ids = reachableIncident(c, incidentId);
            Instant occurred = Jdbc.one(c, "SELECT occurred_at FROM core_incident WHERE id = ?", rs -> Jdbc.instant(rs, "occurred_at"),
                    incidentId).orElseThrow();
            if (in.informedAt().isBefore(occurred)) {
                throw new ValidationException(List.of(messages.error("informedAt", "error.safety.beforeIncident")));
            }
            long notice = Jdbc.insert(c, "INSERT INTO core_incident_notice (incident_id, target, informed_at, informed_by,"
                    + " recipient, method, reached, note, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    incidentId, in.target(), in.informedAt(), who, recipient, in.method(), in.reached(), note, now, who);
            if (in.reached()) {
                Jdbc.update(c, "UPDATE core_incident_deadline SET done_at = ? WHERE incident_id = ? AND target = ?"
                        + " AND (done_at IS NULL OR done_at > ?)", in.informedAt(), incidentId, in.target(), in.informedAt());
            }
            audit.append(c, AuditLog.Event.of(AuditActions.CREATE, "incident_notice", notice).child(ids[0]).school(ids[1])
                    .detail(in.target().name()));
            return null;
        });
        return incident(incidentId, true);
    }

    /** The incidents in the caller's reach (of one school when given), newest first, each read audited. */
    public List<Map<String, Object>> incidents(Long school) {
        return incidents(school, null);
    }

    /** The incidents of one child in the caller's reach (else {@link NotFoundException}), newest first, each read audited. */
    public List<Map<String, Object>> incidentsOf(long childId) {
        scope.require(RolePermissions.SAFETY_READ);
        jdbc.read(c -> reachableChild(c, childId));
        return incidents(null, childId);
    }

    private List<Map<String, Object>> incidents(Long school, Long child) {
        scope.require(RolePermissions.SAFETY_READ);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        scope.restrict(where, args, "i.school_id", "k.class_id");
        if (school != null) {
            where.append(" AND i.school_id = ?");
            args.add(school);
        }
        if (child != null) {
            where.append(" AND i.child_id = ?");
            args.add(child);
        }
        List<Long> ids = jdbc.read(c -> Jdbc.list(c, "SELECT i.id FROM core_incident i JOIN core_child k ON k.id = i.child_id"
                + where + " ORDER BY i.occurred_at DESC, i.id DESC", rs -> rs.getLong(1), args.toArray()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (long id : ids) {
            out.add(incident(id, true));
        }
        return out;
    }

    /** One incident in the caller's reach, else {@link NotFoundException}; the read is audited. */
    public Map<String, Object> incident(long id) {
        scope.require(RolePermissions.SAFETY_READ);
        jdbc.read(c -> reachableIncident(c, id));
        return incident(id, true);
    }

    private Map<String, Object> incident(long id, boolean audited) {
        Instant now = now();
        Map<String, Object> m = jdbc.read(c -> {
            Map<String, Object> row = Jdbc.one(c, "SELECT i.*, k.name AS child_name, k.class_id FROM core_incident i"
                    + " JOIN core_child k ON k.id = i.child_id WHERE i.id = ?", rs -> {
                        Map<String, Object> r = new LinkedHashMap<>();
                        IncidentKind kind = IncidentKind.valueOf(rs.getString("kind"));
                        r.put("id", rs.getLong("id"));
                        r.put("childId", rs.getLong("child_id"));
                        r.put("childName", rs.getString("child_name"));
                        r.put("schoolId", rs.getLong("school_id"));
                        r.put("classId", Jdbc.longOrNull(rs, "class_id"));
                        r.put("kind", kind.name());
                        r.put("kind_zh", messages.zh("safety.kind." + kind.name()));
                        r.put("kind_en", messages.en("safety.kind." + kind.name()));
                        r.put("occurredAt", Jdbc.instant(rs, "occurred_at"));
                        r.put("description", rs.getString("description"));
                        r.put("recordedAt", Jdbc.instant(rs, "recorded_at"));
                        r.put("recordedBy", rs.getString("recorded_by"));
                        return r;
                    }, id).orElseThrow(() -> new NotFoundException("incident", id));
            Map<String, List<Map<String, Object>>> notices = new LinkedHashMap<>();
            for (Map<String, Object> n : Jdbc.list(c, "SELECT * FROM core_incident_notice WHERE incident_id = ?"
                    + " ORDER BY informed_at, id", SafetyService.this::noticeRow, id)) {
                notices.computeIfAbsent((String) n.get("target"), k -> new ArrayList<>()).add(n);
            }
            row.put("deadlines", Jdbc.list(c, "SELECT * FROM core_incident_deadline WHERE incident_id = ?", rs -> {
                NoticeTarget t = NoticeTarget.valueOf(rs.getString("target"));
                Instant due = Jdbc.instant(rs, "due_at");
                Instant done = Jdbc.instant(rs, "done_at");
                String status = done != null ? (done.isAfter(due) ? "LATE" : "DONE") : now.isAfter(due) ? "LATE" : "PENDING";
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("target", t.name());
                d.put("target_zh", messages.zh("safety.target." + t.name()));
                d.put("target_en", messages.en("safety.target." + t.name()));
                d.put("withinMinutes", t.within().toMinutes());
                d.put("due", due);
                d.put("status", status);
                d.put("reachedAt", done);
                d.put("escalatedAt", Jdbc.instant(rs, "escalated_at"));
                d.put("notices", notices.getOrDefault(t.name(), List.of()));
                return d;
            }, id).stream().sorted((a, b) -> NoticeTarget.valueOf((String) a.get("target"))
                    .compareTo(NoticeTarget.valueOf((String) b.get("target")))).toList());
            row.put("mandatoryReport", Jdbc.one(c, "SELECT id, status FROM core_mandatory_report WHERE source = 'INCIDENT'"
                    + " AND source_id = ?", rs -> Map.of("id", rs.getLong(1), "status", rs.getString(2)), id).orElse(null));
            return row;
        });
        if (audited) {
            readAudited("incident", id, (Long) m.get("childId"), (Long) m.get("schoolId"));
        }
        return m;
    }

    private Map<String, Object> noticeRow(ResultSet rs) throws SQLException {
        Map<String, Object> n = new LinkedHashMap<>();
        NoticeMethod method = NoticeMethod.valueOf(rs.getString("method"));
        n.put("id", rs.getLong("id"));
        n.put("target", rs.getString("target"));
        n.put("informedAt", Jdbc.instant(rs, "informed_at"));
        n.put("informedBy", rs.getString("informed_by"));
        n.put("recipient", rs.getString("recipient"));
        n.put("method", method.name());
        n.put("method_zh", messages.zh("safety.method." + method.name()));
        n.put("method_en", messages.en("safety.method." + method.name()));
        n.put("reached", rs.getBoolean("reached"));
        n.put("note", rs.getString("note"));
        return n;
    }

    // ---- mandatory reports

    /** What a client sends to record the police report of a mandatory report. */
    public record ReportInput(ReportStatus status, Instant reportedAt, String policeStation, String reportedBy,
            String receiptNumber, String note) {
    }

    /** The county's log (强制报告台账): mandatory reports in reach, of one school or one county (by the school's county). */
    public List<Map<String, Object>> reports(Long school, String county) {
        scope.require(RolePermissions.SAFETY_READ);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        scope.restrict(where, args, "r.school_id", "k.class_id");
        if (school != null) {
            where.append(" AND r.school_id = ?");
            args.add(school);
        }
        if (county != null && !county.isBlank()) {
            where.append(" AND s.county = ?");
            args.add(county.trim());
        }
        List<Map<String, Object>> out = jdbc.read(c -> Jdbc.list(c, "SELECT r.*, k.name AS child_name, s.name AS school_name"
                + " FROM core_mandatory_report r JOIN core_child k ON k.id = r.child_id JOIN core_school s ON s.id = r.school_id"
                + where + " ORDER BY r.opened_at DESC, r.id DESC", this::reportRow, args.toArray()));
        for (Map<String, Object> r : out) {
            readAudited("mandatory_report", (Long) r.get("id"), (Long) r.get("childId"), (Long) r.get("schoolId"));
        }
        return out;
    }

    private Map<String, Object> reportRow(ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        ReportTrigger trigger = ReportTrigger.valueOf(rs.getString("trigger_code"));
        ReportStatus status = ReportStatus.valueOf(rs.getString("status"));
        m.put("id", rs.getLong("id"));
        m.put("version", rs.getLong("version"));
        m.put("childId", rs.getLong("child_id"));
        m.put("childName", rs.getString("child_name"));
        m.put("schoolId", rs.getLong("school_id"));
        m.put("schoolName", rs.getString("school_name"));
        m.put("trigger", trigger.name());
        m.put("trigger_zh", messages.zh("safety.trigger." + trigger.name()));
        m.put("trigger_en", messages.en("safety.trigger." + trigger.name()));
        m.put("source", rs.getString("source"));
        m.put("sourceId", rs.getLong("source_id"));
        m.put("openedAt", Jdbc.instant(rs, "opened_at"));
        m.put("status", status.name());
        m.put("status_zh", messages.zh("safety.status." + status.name()));
        m.put("status_en", messages.en("safety.status." + status.name()));
        m.put("reportedAt", Jdbc.instant(rs, "reported_at"));
        m.put("policeStation", rs.getString("police_station"));
        m.put("reportedBy", rs.getString("reported_by"));
        m.put("receiptNumber", rs.getString("receipt_number"));
        m.put("note", rs.getString("note"));
        return m;
    }

    /** Records the police report (or that none is needed) of a mandatory report in reach. */
    public Map<String, Object> recordReport(long id, ReportInput in) {
        scope.require(RolePermissions.SAFETY_WRITE);
        Instant now = now();
        String station = Texts.clean(in.policeStation());
        String by = Texts.clean(in.reportedBy());
        String receipt = Texts.clean(in.receiptNumber());
        String note = Texts.clean(in.note());
        Checks check = new Checks(now);
        check.required("status", in.status());
        boolean reported = in.status() == ReportStatus.REPORTED;
        check.past("reportedAt", in.reportedAt(), reported);
        check.text("policeStation", station, 100, reported);
        check.text("reportedBy", by, 50, reported);
        check.text("receiptNumber", receipt, 50, false);
        check.text("note", note, 500, in.status() == ReportStatus.NOT_REQUIRED);
        check.done();
        String who = actor.get();
        audit.tx(jdbc, c -> {
            long[] ids = Jdbc.one(c, "SELECT r.child_id, r.school_id FROM core_mandatory_report r WHERE r.id = ?",
                    rs -> new long[] { rs.getLong(1), rs.getLong(2) }, id).orElseThrow(() -> new NotFoundException("report", id));
            reachableChild(c, ids[0]);
            Jdbc.update(c, "UPDATE core_mandatory_report SET version = version + 1, status = ?, reported_at = ?,"
                    + " police_station = ?, reported_by = ?, receipt_number = ?, note = ?, updated_at = ?, updated_by = ?"
                    + " WHERE id = ?", in.status(), reported ? in.reportedAt() : null, reported ? station : null,
                    reported ? by : null, reported ? receipt : null, note, now, who, id);
            audit.append(c, AuditLog.Event.of(AuditActions.UPDATE, "mandatory_report", id).child(ids[0]).school(ids[1])
                    .detail(in.status().name()));
            return null;
        });
        return jdbc.read(c -> Jdbc.one(c, "SELECT r.*, k.name AS child_name, s.name AS school_name FROM core_mandatory_report r"
                + " JOIN core_child k ON k.id = r.child_id JOIN core_school s ON s.id = r.school_id WHERE r.id = ?",
                this::reportRow, id).orElseThrow());
    }

    /** The field errors of one request, in 中文 and English; {@link #done()} throws them, nothing being stored. */
    private final class Checks {
        private final Instant now;
        private final List<FieldError> errors = new ArrayList<>();

        Checks(Instant now) {
            this.now = now;
        }

        void required(String field, Object value) {
            if (value == null) {
                errors.add(messages.error(field, "error.required"));
            }
        }

        /** A moment not later than now (five minutes allowed for a clock that runs ahead). */
        void past(String field, Instant value, boolean required) {
            if (value == null) {
                if (required) {
                    errors.add(messages.error(field, "error.required"));
                }
            } else if (value.isAfter(now.plus(Duration.ofMinutes(5)))) {
                errors.add(messages.error(field, "error.safety.future"));
            }
        }

        /** A cleaned text of at most {@code max} characters. */
        void text(String field, String value, int max, boolean required) {
            if (value == null) {
                if (required) {
                    errors.add(messages.error(field, "error.required"));
                }
            } else if (value.length() > max) {
                errors.add(messages.error(field, "error.tooLong", max));
            }
        }

        void done() {
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
        }
    }

    /** Opens a mandatory report for a trigger from a source (an alert, an incident) unless that one is open already. */
    static void openReport(Connection c, long childId, long schoolId, ReportTrigger trigger, String source, long sourceId,
            Instant now, String who) throws SQLException {
        if (Jdbc.count(c, "SELECT COUNT(*) FROM core_mandatory_report WHERE source = ? AND source_id = ? AND trigger_code = ?",
                source, sourceId, trigger) == 0) {
            Jdbc.insert(c, "INSERT INTO core_mandatory_report (child_id, school_id, trigger_code, source, source_id, opened_at,"
                    + " status, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", childId, schoolId, trigger, source,
                    sourceId, now, ReportStatus.PENDING, now, who);
        }
    }

    // ---- scope and audit

    private Child reachableChild(Connection c, long childId) throws SQLException {
        Child child = ChildServiceImpl.find(c, childId).orElseThrow(() -> new NotFoundException("child", childId));
        if (!scope.sees(child.schoolId(), child.classId())) {
            throw new NotFoundException("child", childId);
        }
        return child;
    }

    /** @return {child, school} of an incident in the caller's reach, else {@link NotFoundException} */
    private long[] reachableIncident(Connection c, long incidentId) throws SQLException {
        long child = Jdbc.one(c, "SELECT child_id FROM core_incident WHERE id = ?", rs -> rs.getLong(1), incidentId)
                .orElseThrow(() -> new NotFoundException("incident", incidentId));
        Child k = reachableChild(c, child);
        return new long[] { child, k.schoolId() };
    }

    private void readAudited(String entity, long id, Long childId, Long schoolId) {
        if (scope.caller().isPresent()) {
            audit.recordRead(AuditLog.Event.of(AuditActions.READ, entity, id).child(childId).school(schoolId)
                    .outcome(AuditLog.OK));
        }
    }
}
