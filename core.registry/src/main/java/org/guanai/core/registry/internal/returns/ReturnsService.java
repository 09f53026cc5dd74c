package org.guanai.core.registry.internal.returns;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.guanai.core.api.CallerContext;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.Permissions;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.returns.ReturnContributor;
import org.guanai.core.api.returns.ReturnFigure;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.audit.AuditActions;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.programmes.ProgrammeContributors;
import org.guanai.core.registry.internal.security.RolePermissions;
import org.guanai.core.registry.internal.security.Scope;
import org.guanai.sdk.export.Column;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.export.Percent;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * 报表与审核报送 (issue 20): a school's return for a period (the core's figures, {@link CoreFigures}, and those of the
 * programmes enabled for the school, gathered by {@link ProgrammeContributors}), its submission as a snapshot that never changes, the county's
 * review (accept, or return with a comment), the school's resubmission after a return, and every school's status of a
 * period with its deadline.
 * <p>
 * Deadlines (domain §9.2, "before the 15th of the quarter's last month"): a quarter's return is due before the 15th of
 * its last month (2026Q4: submitted by 14 December 2026, late from the 15th, China time). A year's return (年报) has no
 * date in the sources; it is due before 15 January of the next year, once the year's last quarter is over.
 * <p>
 * Statuses: {@code NOT_SUBMITTED} (no submission), {@code SUBMITTED} (the latest under review), {@code RETURNED} (sent
 * back; the school submits again: a new submission with the next {@code seq}), {@code ACCEPTED} (final: no further
 * submission). Each step is written to the audit log and to the submission's history ({@code core_return_event}).
 */
@Component(service = ReturnsService.class)
public final class ReturnsService {
    public static final String NOT_SUBMITTED = "NOT_SUBMITTED";
    public static final String SUBMITTED = "SUBMITTED";
    public static final String RETURNED = "RETURNED";
    public static final String ACCEPTED = "ACCEPTED";

    /** A submission refused in its state (409), with the message key saying why. */
    public static final class Conflict extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final transient String field;
        public final transient String key;

        Conflict(String field, String key) {
            super(key);
            this.field = field;
            this.key = key;
        }
    }

    /** A return: the figures in order, the programmes that answered and those that failed (missing). */
    public record Return(long schoolId, ReturnPeriod period, List<ReturnFigure> figures, List<String> programmes,
            List<String> missing) {
    }


    private final Jdbc jdbc;
    private final Scope scope;
    private final AuditLog audit;
    private final CurrentActor actor;
    private final Clock clock;
    private final CoreFigures core;
    private final ProgrammeContributors<ReturnContributor> contributors = new ProgrammeContributors<>("Return");
    private final ProgrammeRegistry programmes;
    private final Exports exports;
    private final Messages messages = new Messages();
    /** The snapshots' JSON; per instance, so that nothing static holds Jackson's caches over an update of the bundle. */
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Activate
    public ReturnsService(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference CallerContext callers, @Reference AuditLog audit,
            @Reference CurrentActor actor, @Reference ProgrammeRegistry programmes, @Reference CareCalendar calendar,
            @Reference Exports exports) {
        this(dataSource, callers, audit, actor, programmes, exports, calendar.clock());
    }

    /** For tests: a clock of their own. */
    ReturnsService(DataSource dataSource, CallerContext callers, AuditLog audit, CurrentActor actor,
            ProgrammeRegistry programmes, Exports exports, Clock clock) {
        this.programmes = programmes;
        this.exports = exports;
        this.jdbc = new Jdbc(dataSource);
        this.scope = new Scope(callers);
        this.audit = audit;
        this.actor = actor;
        this.clock = clock;
        this.core = new CoreFigures(jdbc);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addContributor(ReturnContributor c, Map<String, Object> props) {
        contributors.add(c, props);
    }

    public void removeContributor(ReturnContributor c) {
        contributors.remove(c);
    }

    /**
     * @param text {@code 2026Q4} or {@code 2026}
     * @return the period
     * @throws ValidationException naming {@code period} when it is neither
     */
    public ReturnPeriod period(String text) {
        try {
            return ReturnPeriod.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(List.of(messages.error("period", "error.period")));
        }
    }

    /** @return the last day a return of the period is on time: the 14th of the quarter's last month, 14 January after a year */
    public static LocalDate lastDay(ReturnPeriod p) {
        return p.isQuarter() ? LocalDate.of(p.year(), p.quarter() * 3, 14) : LocalDate.of(p.year() + 1, 1, 14);
    }

    /** @return the quarter today is in, China time */
    public ReturnPeriod currentQuarter() {
        return ReturnPeriod.quarterOf(today());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), CareCalendar.ZONE);
    }

    private void reach(long school) {
        scope.require(Permissions.REGISTRY_AGGREGATE);
        if (!scope.reaches(school)) {
            throw new NotFoundException("school", school);
        }
        jdbc.read(c -> Jdbc.one(c, "SELECT id FROM core_school WHERE id = ?", rs -> rs.getLong(1), school))
                .orElseThrow(() -> new NotFoundException("school", school));
    }

    /** @return the school's return for the period as it stands now */
    public Return draw(long school, ReturnPeriod period) {
        reach(school);
        List<ReturnFigure> figures = new ArrayList<>(core.figures(school, period));
        // the programmes enabled for the school, in the order of their ids; one that throws is named missing
        ProgrammeContributors.Outcome o = contributors.gather(programmes, school, c -> c.figures(school, period),
                ReturnFigure::programme, figures);
        return new Return(school, period, List.copyOf(figures), o.answered(), o.failed());
    }

    /** @return a figure in the API's names */
    public static Map<String, Object> figure(ReturnFigure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", f.key());
        m.put("programme", f.programme());
        m.put("label_zh", f.labelZh());
        m.put("label_en", f.labelEn());
        m.put("value", f.value());
        m.put("unit", f.unit());
        m.put("definition_zh", f.definitionZh());
        m.put("definition_en", f.definitionEn());
        return m;
    }

    /** @return a return in the API's names */
    public Map<String, Object> view(Return r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schoolId", r.schoolId());
        m.put("school", schoolName(r.schoolId()));
        m.put("period", r.period().toString());
        m.put("first", r.period().first().toString());
        m.put("last", r.period().last().toString());
        m.put("deadline", lastDay(r.period()).toString());
        m.put("figures", r.figures().stream().map(ReturnsService::figure).toList());
        m.put("programmes", r.programmes());
        m.put("missing", r.missing());
        m.put("programmeNames", programmeNames(java.util.stream.Stream.concat(r.figures().stream().map(ReturnFigure::programme),
                r.missing().stream())));
        m.put("submission", latest(r.schoolId(), r.period().toString()).map(s -> summary(s)).orElse(null));
        return m;
    }

    /** @return the programme's name, 中文 and English; the core's own figures are those of the child archive */
    public String[] programmeName(String id) {
        if (CoreFigures.CORE.equals(id)) {
            return new String[] { messages.zh("return.programme.core"), messages.en("return.programme.core") };
        }
        return programmes.programme(id).filter(p -> p.info() != null).map(p -> new String[] { p.info().nameZh(), p.info().nameEn() })
                .orElse(new String[] { id, id });
    }

    private Map<String, Object> programmeNames(java.util.stream.Stream<String> ids) {
        Map<String, Object> out = new LinkedHashMap<>();
        ids.distinct().forEach(id -> {
            String[] n = programmeName(id);
            out.put(id, Map.of("name_zh", n[0], "name_en", n[1]));
        });
        return out;
    }

    /**
     * @return the return as an xlsx workbook in 中文: one sheet, a row per figure with its programme, name, value (a
     *         rate as a percentage) and definition, named 报表-学校-期间
     */
    public Download xlsx(Return r) {
        String school = schoolName(r.schoolId());
        String title = r.period().isQuarter() ? r.period().year() + "年第" + r.period().quarter() + "季度" : r.period().year() + "年度";
        Table.Builder t = Table.builder(title, new Column("项目", "Programme"), new Column("指标", "Figure"),
                new Column("数值", "Value"), new Column("口径", "Definition"));
        for (ReturnFigure f : r.figures()) {
            Object value = f.value() == null ? null
                    : ReturnFigure.RATE.equals(f.unit()) ? new Percent(f.value().doubleValue()) : (Object) f.value().longValue();
            t.row(programmeName(f.programme())[0], f.labelZh(), value, f.definitionZh());
        }
        for (String m : r.missing()) {
            t.row(programmeName(m)[0], messages.zh("return.missing"), null, null);
        }
        return exports.xlsx("报表-" + school + "-" + r.period(), List.of(t.build()));
    }

    private String schoolName(long school) {
        return jdbc.read(c -> Jdbc.one(c, "SELECT name FROM core_school WHERE id = ?", rs -> rs.getString(1), school)).orElse(null);
    }

    /** One row of {@code core_return_submission}, without the snapshot. */
    private record Row(long id, long schoolId, String period, int seq, String status, String submittedBy, Instant submittedAt,
            String reviewedBy, Instant reviewedAt, String comment) {
    }

    private static final String ROW = "SELECT id, school_id, period, seq, status, submitted_by, submitted_at, reviewed_by,"
            + " reviewed_at, review_comment FROM core_return_submission";

    private static Row row(java.sql.ResultSet rs) throws SQLException {
        return new Row(rs.getLong("id"), rs.getLong("school_id"), rs.getString("period"), rs.getInt("seq"), rs.getString("status"),
                rs.getString("submitted_by"), Jdbc.instant(rs, "submitted_at"), rs.getString("reviewed_by"),
                Jdbc.instant(rs, "reviewed_at"), rs.getString("review_comment"));
    }

    private Optional<Row> latest(long school, String period) {
        return jdbc.read(c -> latest(c, school, period));
    }

    private static Optional<Row> latest(Connection c, long school, String period) throws SQLException {
        return Jdbc.list(c, ROW + " WHERE school_id = ? AND period = ? ORDER BY seq DESC", ReturnsService::row, school, period)
                .stream().findFirst();
    }

    private Map<String, Object> summary(Row s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("schoolId", s.schoolId());
        m.put("period", s.period());
        m.put("seq", s.seq());
        m.put("status", s.status());
        m.put("submittedBy", s.submittedBy());
        m.put("submittedAt", s.submittedAt().toString());
        m.put("reviewedBy", s.reviewedBy());
        m.put("reviewedAt", s.reviewedAt() == null ? null : s.reviewedAt().toString());
        m.put("comment", s.comment());
        m.put("late", LocalDate.ofInstant(s.submittedAt(), CareCalendar.ZONE).isAfter(lastDay(ReturnPeriod.parse(s.period()))));
        return m;
    }

    /**
     * Submits the school's return for the period: a snapshot of its figures and children, status {@code SUBMITTED}.
     *
     * @throws Conflict when the period's return is under review or accepted
     */
    public Map<String, Object> submit(long school, ReturnPeriod period) {
        scope.require(RolePermissions.RETURNS_SUBMIT);
        Return r = draw(school, period);
        String figures = json(r.figures().stream().map(ReturnsService::figure).toList());
        String who = actor.get();
        Instant now = clock.instant();
        long id = audit.tx(jdbc, c -> {
            Optional<Row> last = latest(c, school, period.toString());
            if (last.isPresent() && last.get().status().equals(ACCEPTED)) {
                throw new Conflict("period", "error.returns.accepted");
            }
            if (last.isPresent() && last.get().status().equals(SUBMITTED)) {
                throw new Conflict("period", "error.returns.submitted");
            }
            String children = json(Jdbc.list(c, "SELECT id, left_behind_type, guardian_kinds FROM core_child"
                    + " WHERE school_id = ? AND archived = FALSE ORDER BY id",
                    rs -> List.of(rs.getLong(1), rs.getString(2), rs.getString(3)), school));
            int seq = last.map(x -> x.seq() + 1).orElse(1);
            long sid = Jdbc.insert(c, "INSERT INTO core_return_submission (school_id, period, seq, status, figures, children,"
                    + " submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", school, period.toString(), seq, SUBMITTED,
                    figures, children, who, now);
            event(c, sid, SUBMITTED, who, now, null);
            audit.append(c, AuditLog.Event.of(AuditActions.CREATE, "return_submission", sid).school(school)
                    .detail(period + " #" + seq));
            return sid;
        });
        return submission(id);
    }

    private static void event(Connection c, long submission, String action, String who, Instant at, String comment)
            throws SQLException {
        Jdbc.update(c, "INSERT INTO core_return_event (submission_id, action, actor, at, comment) VALUES (?, ?, ?, ?, ?)",
                submission, action, who, at, comment);
    }

    /**
     * The county's review of a submission under review.
     *
     * @param decision {@code ACCEPT} or {@code RETURN}
     * @param comment  the review's comment; required to return
     * @throws ValidationException naming {@code decision} or {@code comment}
     * @throws Conflict            when the submission is not under review
     */
    public Map<String, Object> review(long id, String decision, String comment) {
        scope.require(RolePermissions.RETURNS_REVIEW);
        String text = comment == null ? null : comment.strip();
        if (text != null && text.isEmpty()) {
            text = null;
        }
        if (!"ACCEPT".equals(decision) && !"RETURN".equals(decision)) {
            throw new ValidationException(List.of(messages.error("decision", "error.returns.decision")));
        }
        if ("RETURN".equals(decision) && text == null) {
            throw new ValidationException(List.of(messages.error("comment", "error.returns.comment")));
        }
        if (text != null && text.length() > 1000) {
            throw new ValidationException(List.of(messages.error("comment", "error.tooLong", 1000)));
        }
        String status = "ACCEPT".equals(decision) ? ACCEPTED : RETURNED;
        String note = text;
        String who = actor.get();
        Instant now = clock.instant();
        audit.tx(jdbc, c -> {
            Row s = Jdbc.one(c, ROW + " WHERE id = ?", ReturnsService::row, id)
                    .filter(x -> scope.reaches(x.schoolId())).orElseThrow(() -> new NotFoundException("return_submission", id));
            int n = Jdbc.update(c, "UPDATE core_return_submission SET status = ?, reviewed_by = ?, reviewed_at = ?,"
                    + " review_comment = ? WHERE id = ? AND status = ?", status, who, now, note, id, SUBMITTED);
            if (n == 0) {
                throw new Conflict("id", "error.returns.state");
            }
            event(c, id, status, who, now, note);
            audit.append(c, AuditLog.Event.of(AuditActions.UPDATE, "return_submission", id).school(s.schoolId())
                    .detail(s.period() + " #" + s.seq() + " " + status));
            return null;
        });
        return submission(id);
    }

    /**
     * @return the submission with its figures (as submitted), its history (all the school's submissions of the period)
     *         and what moved since the school's previous submission of the period
     */
    public Map<String, Object> submission(long id) {
        scope.require(Permissions.REGISTRY_AGGREGATE);
        Map<String, Object> out = jdbc.read(c -> {
            Row s = Jdbc.one(c, ROW + " WHERE id = ?", ReturnsService::row, id).filter(x -> scope.reaches(x.schoolId()))
                    .orElseThrow(() -> new NotFoundException("return_submission", id));
            Map<String, Object> m = summary(s);
            m.put("school", Jdbc.one(c, "SELECT name FROM core_school WHERE id = ?", rs -> rs.getString(1), s.schoolId()).orElse(null));
            m.put("deadline", lastDay(ReturnPeriod.parse(s.period())).toString());
            String figures = Jdbc.one(c, "SELECT figures FROM core_return_submission WHERE id = ?", rs -> rs.getString(1), id)
                    .orElseThrow();
            List<Map<String, Object>> snapshot = parse(figures, new TypeReference<List<Map<String, Object>>>() { });
            m.put("figures", snapshot);
            m.put("programmeNames", programmeNames(snapshot.stream().map(f -> (String) f.get("programme"))));
            m.put("history", Jdbc.list(c, "SELECT e.action, e.actor, e.at, e.comment, s.seq, s.id FROM core_return_event e"
                    + " JOIN core_return_submission s ON s.id = e.submission_id WHERE s.school_id = ? AND s.period = ?"
                    + " ORDER BY e.id", rs -> {
                        Map<String, Object> h = new LinkedHashMap<>();
                        h.put("action", rs.getString(1));
                        h.put("actor", rs.getString(2));
                        h.put("at", Jdbc.instant(rs, "at").toString());
                        h.put("comment", rs.getString(4));
                        h.put("seq", rs.getInt(5));
                        h.put("submissionId", rs.getLong(6));
                        return h;
                    }, s.schoolId(), s.period()));
            m.put("changes", changes(c, s));
            return m;
        });
        if (out.get("changes") instanceof Map<?, ?> ch && ch.get("children") instanceof List<?> named && !named.isEmpty()
                && scope.caller().isPresent()) {
            // the children who moved are named: a read of their archive, audited like any other
            audit.recordRead(AuditLog.Event.of(AuditActions.READ, "return_submission", id).school((Long) out.get("schoolId"))
                    .outcome(AuditLog.OK));
        }
        return out;
    }

    /**
     * Figures over periods: for each of the {@code count} periods ending with {@code to} (quarters, or years when
     * {@code to} is a year), the latest submission of each school in the caller's reach, or of {@code school} alone.
     * Counts add up over the schools; a rate is the mean of the schools' rates weighted by their children. A figure
     * absent from a period's submissions has no value ({@code null}) there.
     */
    public Map<String, Object> trends(Long school, ReturnPeriod to, int count) {
        if (school != null) {
            reach(school);
        } else {
            scope.require(Permissions.REGISTRY_AGGREGATE);
        }
        List<ReturnPeriod> periods = new ArrayList<>();
        for (ReturnPeriod p = to; periods.size() < count; p = before(p)) {
            periods.add(0, p);
            if (before(p).equals(p)) {
                break; // the first period there is
            }
        }
        StringBuilder where = new StringBuilder(" WHERE sc.archived = FALSE AND s.period IN ("
                + String.join(", ", Collections.nCopies(periods.size(), "?")) + ")"
                + " AND s.seq = (SELECT MAX(t.seq) FROM core_return_submission t WHERE t.school_id = s.school_id AND t.period = s.period)");
        List<Object> args = new ArrayList<>(periods.stream().map(ReturnPeriod::toString).toList());
        if (school != null) {
            where.append(" AND s.school_id = ?");
            args.add(school);
        }
        scope.restrict(where, args, "s.school_id", null);
        List<String[]> rows = jdbc.read(c -> Jdbc.list(c, "SELECT s.period, s.figures FROM core_return_submission s"
                + " JOIN core_school sc ON sc.id = s.school_id" + where, rs -> new String[] { rs.getString(1), rs.getString(2) },
                args.toArray()));
        List<String> names = periods.stream().map(ReturnPeriod::toString).toList();
        ReturnTrends t = ReturnTrends.of(names, rows.stream().map(r -> Map.entry(r[0],
                parse(r[1], new TypeReference<List<Map<String, Object>>>() { }))).toList());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schoolId", school);
        m.put("periods", names);
        m.put("submissions", t.submissions());
        m.put("figures", t.figures());
        m.put("programmeNames", programmeNames(t.figures().stream().map(f -> (String) f.get("programme"))));
        return m;
    }

    /**
     * What moved since the school's submission before this one: the previous one of the same period (after a return),
     * else the latest one of the period before (the quarter before, the year before). Children added, departed, whose
     * 留守类型 or guardians changed: counts for everyone who may read the return, and the children by name for those
     * who may read the archive of the school (an officer sees counts only).
     */
    private Map<String, Object> changes(Connection c, Row s) throws SQLException {
        ReturnPeriod before = before(ReturnPeriod.parse(s.period()));
        Optional<Row> previous = s.seq() > 1
                ? Jdbc.one(c, ROW + " WHERE school_id = ? AND period = ? AND seq = ?", ReturnsService::row, s.schoolId(), s.period(),
                        s.seq() - 1)
                : before.toString().equals(s.period()) ? Optional.empty() : latest(c, s.schoolId(), before.toString());
        if (previous.isEmpty()) {
            return null;
        }
        Row p = previous.get();
        Map<String, Object> about = Map.of("id", p.id(), "period", p.period(), "seq", p.seq());
        return ReturnChanges.between(c, scope, s.schoolId(), about, p.id(), s.id(), this::children);
    }

    /** @return the period before: the quarter before a quarter, the year before a year */
    static ReturnPeriod before(ReturnPeriod p) {
        if (p.year() == 2000 && p.quarter() <= 1) {
            return p; // the first period there is: nothing before it (its own latest submission is never older)
        }
        if (!p.isQuarter()) {
            return new ReturnPeriod(p.year() - 1, 0);
        }
        return p.quarter() == 1 ? new ReturnPeriod(p.year() - 1, 4) : new ReturnPeriod(p.year(), p.quarter() - 1);
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a snapshot's children, {@code [id, left_behind_type, guardian_kinds]} each */
    private List<List<Object>> children(String text) {
        return parse(text, new TypeReference<List<List<Object>>>() { });
    }

    private <T> T parse(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored return snapshot is not JSON", e);
        }
    }

    /**
     * @return every school in the caller's reach with its status for the period ({@code NOT_SUBMITTED}, {@code SUBMITTED},
     *         {@code RETURNED}, {@code ACCEPTED}) and whether it is late: not submitted (or returned and not yet
     *         resubmitted) after the last day, or its latest submission made after it
     */
    public Map<String, Object> list(ReturnPeriod period) {
        scope.require(Permissions.REGISTRY_AGGREGATE);
        LocalDate lastDay = lastDay(period);
        boolean overdue = today().isAfter(lastDay);
        StringBuilder where = new StringBuilder(" WHERE s.archived = FALSE");
        List<Object> args = new ArrayList<>();
        scope.restrict(where, args, "s.id", null);
        List<Map<String, Object>> rows = jdbc.read(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object[] school : Jdbc.list(c, "SELECT s.id, s.name FROM core_school s" + where + " ORDER BY s.name, s.id",
                    rs -> new Object[] { rs.getLong(1), rs.getString(2) }, args.toArray())) {
                long id = (Long) school[0];
                Optional<Row> last = latest(c, id, period.toString());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("schoolId", id);
                m.put("school", school[1]);
                String status = last.map(Row::status).orElse(NOT_SUBMITTED);
                m.put("status", status);
                boolean late = switch (status) {
                    case NOT_SUBMITTED, RETURNED -> overdue;
                    default -> LocalDate.ofInstant(last.get().submittedAt(), CareCalendar.ZONE).isAfter(lastDay);
                };
                m.put("late", late);
                m.put("submissionId", last.map(Row::id).orElse(null));
                m.put("seq", last.map(Row::seq).orElse(null));
                m.put("submittedAt", last.map(r -> r.submittedAt().toString()).orElse(null));
                m.put("comment", last.map(Row::comment).orElse(null));
                out.add(m);
            }
            return out;
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("period", period.toString());
        m.put("deadline", lastDay.toString());
        m.put("today", today().toString());
        m.put("schools", rows);
        return m;
    }
}
