package org.guanai.plugin.health.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.guanai.core.api.SchemaMigrator;
import org.guanai.plugin.health.internal.Model.Campaign;
import org.guanai.plugin.health.internal.Model.Check;
import org.guanai.plugin.health.internal.Model.FamilyService;
import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.plugin.health.internal.Model.Household;
import org.guanai.plugin.health.internal.Model.Measure;
import org.guanai.plugin.health.internal.Model.Notification;
import org.guanai.plugin.health.internal.Model.PubertyClass;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's tables ({@code health_*}) on the platform's data source; migrations {@code db/health/V*.sql} run
 * before first use. Plain JDBC, SQL that runs on H2 (PostgreSQL mode) and PostgreSQL. Callers check reach and
 * permissions; the store only reads and writes.
 */
@Component(service = HealthStore.class)
public final class HealthStore {
    /** A unit of work on one connection, committed as a whole. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource db;

    @Activate
    public HealthStore(@Reference(target = SchemaMigrator.DATA_SOURCE_TARGET) DataSource db, @Reference SchemaMigrator migrator) {
        migrator.migrate(HealthProgramme.ID, HealthStore.class);
        this.db = db;
    }

    /** For unit tests: a data source whose schema is already in place. */
    HealthStore(DataSource db) {
        this.db = db;
    }

    <T> T tx(Work<T> work) throws SQLException {
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T out = work.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    <T> T read(Work<T> work) throws SQLException {
        try (Connection c = db.getConnection()) {
            return work.run(c);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static PreparedStatement bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof LocalDate d) {
                ps.setDate(i + 1, Date.valueOf(d));
            } else if (a instanceof OffsetDateTime t) {
                ps.setObject(i + 1, t.withOffsetSameInstant(ZoneOffset.UTC));
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = bind(c.prepareStatement(sql), args)) {
            return ps.executeUpdate();
        }
    }

    static long insert(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = bind(c.prepareStatement(sql, new String[] { "id" }), args)) {
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = bind(c.prepareStatement(sql), args); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.map(rs));
            }
            return out;
        }
    }

    static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        List<T> l = list(c, sql, row, args);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    private static LocalDate date(ResultSet rs, String col) throws SQLException {
        Date d = rs.getDate(col);
        return d == null ? null : d.toLocalDate();
    }

    private static Integer integer(ResultSet rs, String col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    private static Long longOrNull(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static OffsetDateTime time(ResultSet rs, String col) throws SQLException {
        return rs.getObject(col, OffsetDateTime.class);
    }

    static String in(Collection<Long> ids) {
        return ids.isEmpty() ? "(NULL)" : "(" + String.join(",", ids.stream().map(String::valueOf).toList()) + ")";
    }

    // ---------------------------------------------------------------- households

    private static Household household(ResultSet rs) throws SQLException {
        return new Household(rs.getLong("child_id"), rs.getLong("school_id"), rs.getLong("version"), rs.getBoolean("fp_household"),
                rs.getBoolean("one_child"), rs.getBoolean("girls_only"), rs.getBoolean("two_daughters_sterilised"),
                rs.getBoolean("hardship"), rs.getString("hardship_reason"), rs.getString("updated_by"), time(rs, "updated_at"));
    }

    Optional<Household> household(Connection c, long childId) throws SQLException {
        return one(c, "SELECT * FROM health_household WHERE child_id = ?", HealthStore::household, childId);
    }

    Map<Long, Household> households(Connection c, long schoolId) throws SQLException {
        Map<Long, Household> out = new LinkedHashMap<>();
        for (Household h : list(c, "SELECT * FROM health_household WHERE school_id = ?", HealthStore::household, schoolId)) {
            out.put(h.childId(), h);
        }
        return out;
    }

    /** Inserts or updates at {@code expectedVersion} (0 for a new one); @return the stored record, empty if stale */
    Optional<Household> saveHousehold(Connection c, Household h, long expectedVersion) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Optional<Household> old = household(c, h.childId());
        if (old.isEmpty()) {
            if (expectedVersion != 0) {
                return Optional.empty();
            }
            update(c, "INSERT INTO health_household (child_id, school_id, version, fp_household, one_child, girls_only,"
                    + " two_daughters_sterilised, hardship, hardship_reason, updated_by, updated_at) VALUES (?,?,1,?,?,?,?,?,?,?,?)",
                    h.childId(), h.schoolId(), h.fpHousehold(), h.oneChild(), h.girlsOnly(), h.twoDaughtersSterilised(), h.hardship(),
                    h.hardshipReason(), h.updatedBy(), now);
        } else if (update(c, "UPDATE health_household SET school_id = ?, version = version + 1, fp_household = ?, one_child = ?,"
                + " girls_only = ?, two_daughters_sterilised = ?, hardship = ?, hardship_reason = ?, updated_by = ?, updated_at = ?"
                + " WHERE child_id = ? AND version = ?", h.schoolId(), h.fpHousehold(), h.oneChild(), h.girlsOnly(),
                h.twoDaughtersSterilised(), h.hardship(), h.hardshipReason(), h.updatedBy(), now, h.childId(), expectedVersion) == 0) {
            return Optional.empty();
        }
        return household(c, h.childId());
    }

    // ---------------------------------------------------------------- campaigns

    private static Campaign campaign(ResultSet rs) throws SQLException {
        return new Campaign(rs.getLong("id"), rs.getLong("school_id"), rs.getString("semester"), rs.getString("title"),
                date(rs, "starts_on"), date(rs, "ends_on"), rs.getInt("notify_within_days"), rs.getString("created_by"),
                time(rs, "created_at"));
    }

    Campaign createCampaign(Connection c, Campaign k) throws SQLException {
        long id = insert(c, "INSERT INTO health_campaign (school_id, semester, title, starts_on, ends_on, notify_within_days,"
                + " created_by, created_at) VALUES (?,?,?,?,?,?,?,?)", k.schoolId(), k.semester(), k.title(), k.startsOn(), k.endsOn(),
                k.notifyWithinDays(), k.createdBy(), OffsetDateTime.now(ZoneOffset.UTC));
        return campaign(c, id).orElseThrow();
    }

    Optional<Campaign> campaign(Connection c, long id) throws SQLException {
        return one(c, "SELECT * FROM health_campaign WHERE id = ?", HealthStore::campaign, id);
    }

    List<Campaign> campaigns(Connection c, long schoolId) throws SQLException {
        return list(c, "SELECT * FROM health_campaign WHERE school_id = ? ORDER BY starts_on DESC, id DESC", HealthStore::campaign,
                schoolId);
    }

    // ---------------------------------------------------------------- checks

    private static final String CHECK_COLUMNS = "campaign_id, child_id, school_id, class_id, gender, birth_date, measured_on,"
            + " age_months, height_cm, weight_kg, sbp, dbp, bmi, flagged, note, version, recorded_by, recorded_at";

    private Check checkRow(Connection c, ResultSet rs, boolean details) throws SQLException {
        long id = rs.getLong("id");
        return new Check(id, rs.getLong("campaign_id"), rs.getLong("child_id"), rs.getLong("school_id"), longOrNull(rs, "class_id"),
                rs.getString("gender"), date(rs, "birth_date"), date(rs, "measured_on"), rs.getBigDecimal("age_months"),
                rs.getBigDecimal("height_cm"), rs.getBigDecimal("weight_kg"), integer(rs, "sbp"), integer(rs, "dbp"),
                rs.getBigDecimal("bmi"), rs.getBoolean("flagged"), rs.getString("note"), rs.getLong("version"),
                rs.getString("recorded_by"), time(rs, "recorded_at"), details ? measures(c, id) : List.of(),
                details ? screening(c, id) : List.of());
    }

    private List<Measure> measures(Connection c, long checkId) throws SQLException {
        return list(c, "SELECT * FROM health_measure WHERE check_id = ? ORDER BY code",
                rs -> new Measure(rs.getString("code"), rs.getBigDecimal("value_num"), rs.getString("value_text"), rs.getString("unit")),
                checkId);
    }

    private List<Screening.Result> screening(Connection c, long checkId) throws SQLException {
        return list(c, "SELECT * FROM health_screening WHERE check_id = ?",
                rs -> new Screening.Result(rs.getString("indicator"), rs.getBigDecimal("value_num"), rs.getString("category"),
                        rs.getBoolean("flagged"), rs.getString("finding"), rs.getString("reference_id"),
                        rs.getString("reference_version"), rs.getBoolean("provisional"), rs.getString("detail")),
                checkId).stream().sorted(java.util.Comparator.comparing(r -> order(r.indicator()))).toList();
    }

    private static int order(String indicator) {
        int i = List.of("AGE", "WST586", "WST456_WASTING", "WST456_STUNTING", "WHO_BFA", "WHO_HFA", "WST610_BP").indexOf(indicator);
        return i < 0 ? 99 : i;
    }

    Optional<Check> check(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = bind(c.prepareStatement("SELECT * FROM health_check WHERE id = ?"), id);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(checkRow(c, rs, true)) : Optional.empty();
        }
    }

    Optional<Check> check(Connection c, long campaignId, long childId) throws SQLException {
        Optional<Long> id = one(c, "SELECT id FROM health_check WHERE campaign_id = ? AND child_id = ?", rs -> rs.getLong(1), campaignId,
                childId);
        return id.isEmpty() ? Optional.empty() : check(c, id.get());
    }

    /** @return the checks of a campaign (with details), optionally of one class */
    List<Check> checks(Connection c, long campaignId, Long classId) throws SQLException {
        List<Long> ids = list(c, "SELECT id FROM health_check WHERE campaign_id = ?" + (classId == null ? "" : " AND class_id = " + classId)
                + " ORDER BY id", rs -> rs.getLong(1), campaignId);
        List<Check> out = new ArrayList<>();
        for (long id : ids) {
            out.add(check(c, id).orElseThrow());
        }
        return out;
    }

    /** @return every check of a child, oldest first, with details */
    List<Check> childChecks(Connection c, long childId) throws SQLException {
        List<Check> out = new ArrayList<>();
        for (long id : list(c, "SELECT id FROM health_check WHERE child_id = ? ORDER BY measured_on, id", rs -> rs.getLong(1), childId)) {
            out.add(check(c, id).orElseThrow());
        }
        return out;
    }

    /** Inserts a new check or replaces the values of an existing one (version checked by the caller); @return its id */
    long saveCheck(Connection c, Check k) throws SQLException {
        long id;
        if (k.id() == null) {
            id = insert(c, "INSERT INTO health_check (" + CHECK_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)", k.campaignId(),
                    k.childId(), k.schoolId(), k.classId(), k.gender(), k.birthDate(), k.measuredOn(), k.ageMonths(), k.heightCm(),
                    k.weightKg(), k.sbp(), k.dbp(), k.bmi(), k.flagged(), k.note(), k.recordedBy(), OffsetDateTime.now(ZoneOffset.UTC));
        } else {
            id = k.id();
            if (update(c, "UPDATE health_check SET class_id = ?, gender = ?, birth_date = ?, measured_on = ?, age_months = ?,"
                    + " height_cm = ?, weight_kg = ?, sbp = ?, dbp = ?, bmi = ?, flagged = ?, note = ?, version = version + 1,"
                    + " recorded_by = ?, recorded_at = ? WHERE id = ? AND version = ?", k.classId(), k.gender(), k.birthDate(),
                    k.measuredOn(), k.ageMonths(), k.heightCm(), k.weightKg(), k.sbp(), k.dbp(), k.bmi(), k.flagged(), k.note(),
                    k.recordedBy(), OffsetDateTime.now(ZoneOffset.UTC), id, k.version()) == 0) {
                return -1;
            }
            update(c, "DELETE FROM health_measure WHERE check_id = ?", id);
            update(c, "DELETE FROM health_screening WHERE check_id = ?", id);
        }
        for (Measure m : k.measures()) {
            update(c, "INSERT INTO health_measure (check_id, code, value_num, value_text, unit) VALUES (?,?,?,?,?)", id, m.code(),
                    m.value(), m.text(), m.unit());
        }
        for (Screening.Result r : k.screening()) {
            update(c, "INSERT INTO health_screening (check_id, indicator, value_num, category, flagged, finding, reference_id,"
                    + " reference_version, provisional, detail) VALUES (?,?,?,?,?,?,?,?,?,?)", id, r.indicator(), r.value(), r.category(),
                    r.flagged(), r.finding(), r.referenceId(), r.referenceVersion(), r.provisional(), r.detail());
        }
        return id;
    }

    /** @return the latest check of the child measured before {@code before}, other than {@code except} */
    Optional<Check> previousCheck(Connection c, long childId, LocalDate before, Long except) throws SQLException {
        try (PreparedStatement ps = bind(c.prepareStatement("SELECT * FROM health_check WHERE child_id = ? AND measured_on < ? AND id <> ?"
                + " ORDER BY measured_on DESC, id DESC"), childId, before, except == null ? -1L : except); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(checkRow(c, rs, false)) : Optional.empty();
        }
    }

    // ---------------------------------------------------------------- follow-ups

    private FollowUp followUp(Connection c, ResultSet rs, LocalDate today) throws SQLException {
        long id = rs.getLong("id");
        String req = rs.getString("required_recipients");
        LocalDate due = date(rs, "due_on");
        LocalDate notified = date(rs, "notified_on");
        LocalDate closed = date(rs, "closed_on");
        boolean overdue = closed == null && notified == null && today.isAfter(due);
        String status = closed != null ? "CLOSED" : rs.getString("referred_to") != null ? "REFERRED" : notified != null ? "NOTIFIED"
                : "OPEN";
        return new FollowUp(id, rs.getLong("child_id"), rs.getLong("school_id"), longOrNull(rs, "check_id"), longOrNull(rs, "campaign_id"),
                rs.getString("finding"), rs.getString("detail"), date(rs, "opened_on"), due,
                req.isEmpty() ? List.of() : Arrays.asList(req.split(",")), notified, rs.getString("referred_to"), date(rs, "referred_on"),
                rs.getString("outcome"), rs.getString("outcome_note"), closed, rs.getLong("version"), rs.getString("opened_by"),
                notifications(c, id), status, overdue);
    }

    private List<Notification> notifications(Connection c, long followupId) throws SQLException {
        return list(c, "SELECT * FROM health_notification WHERE followup_id = ? ORDER BY notified_on, id",
                rs -> new Notification(rs.getLong("id"), rs.getLong("followup_id"), rs.getString("recipient"),
                        rs.getString("recipient_name"), date(rs, "notified_on"), rs.getString("channel"), rs.getString("note"),
                        rs.getString("recorded_by"), time(rs, "recorded_at")),
                followupId);
    }

    Optional<FollowUp> followUp(Connection c, long id, LocalDate today) throws SQLException {
        try (PreparedStatement ps = bind(c.prepareStatement("SELECT * FROM health_followup WHERE id = ?"), id);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(followUp(c, rs, today)) : Optional.empty();
        }
    }

    /**
     * @param filter {@code open} (not closed), {@code overdue}, {@code closed} or {@code all}
     * @return follow-ups of a school (or of one child), most urgent first
     */
    List<FollowUp> followUps(Connection c, long schoolId, Long childId, String filter, LocalDate today) throws SQLException {
        String where = switch (filter) {
            case "open" -> " AND closed_on IS NULL";
            case "overdue" -> " AND closed_on IS NULL AND notified_on IS NULL AND due_on < ?";
            case "closed" -> " AND closed_on IS NOT NULL";
            default -> "";
        };
        List<Object> args = new ArrayList<>(List.of(schoolId));
        if (filter.equals("overdue")) {
            args.add(today);
        }
        if (childId != null) {
            where += " AND child_id = ?";
            args.add(childId);
        }
        List<FollowUp> out = new ArrayList<>();
        try (PreparedStatement ps = bind(c.prepareStatement("SELECT * FROM health_followup WHERE school_id = ?" + where
                + " ORDER BY CASE WHEN closed_on IS NULL THEN 0 ELSE 1 END, due_on, id"), args.toArray()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(followUp(c, rs, today));
            }
        }
        return out;
    }

    /** @return the id, or empty if the check already has a follow-up of this finding */
    Optional<Long> openFollowUp(Connection c, FollowUp f) throws SQLException {
        if (f.checkId() != null && one(c, "SELECT id FROM health_followup WHERE check_id = ? AND finding = ?", rs -> rs.getLong(1),
                f.checkId(), f.finding()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(insert(c, "INSERT INTO health_followup (child_id, school_id, check_id, campaign_id, finding, detail, opened_on,"
                + " due_on, required_recipients, version, opened_by) VALUES (?,?,?,?,?,?,?,?,?,1,?)", f.childId(), f.schoolId(),
                f.checkId(), f.campaignId(), f.finding(), f.detail(), f.openedOn(), f.dueOn(), String.join(",", f.requiredRecipients()),
                f.openedBy()));
    }

    long addNotification(Connection c, Notification n) throws SQLException {
        return insert(c, "INSERT INTO health_notification (followup_id, recipient, recipient_name, notified_on, channel, note,"
                + " recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?,?)", n.followupId(), n.recipient(), n.recipientName(), n.notifiedOn(),
                n.channel(), n.note(), n.recordedBy(), OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** Sets {@code notified_on} once every required recipient has been told: the latest of their first notifications. */
    void updateNotified(Connection c, long followupId) throws SQLException {
        FollowUp f = followUp(c, followupId, LocalDate.now()).orElseThrow();
        LocalDate all = null;
        for (String who : f.requiredRecipients()) {
            LocalDate first = f.notifications().stream().filter(n -> n.recipient().equals(who)).map(Notification::notifiedOn)
                    .min(LocalDate::compareTo).orElse(null);
            if (first == null) {
                all = null;
                break;
            }
            all = all == null || first.isAfter(all) ? first : all;
        }
        if (f.requiredRecipients().isEmpty() && !f.notifications().isEmpty()) {
            all = f.notifications().get(0).notifiedOn();
        }
        update(c, "UPDATE health_followup SET notified_on = ?, version = version + 1 WHERE id = ?", all, followupId);
    }

    /** @return false if the version is stale */
    boolean refer(Connection c, long id, long version, String to, LocalDate on) throws SQLException {
        return update(c, "UPDATE health_followup SET referred_to = ?, referred_on = ?, version = version + 1 WHERE id = ? AND version = ?",
                to, on, id, version) == 1;
    }

    boolean close(Connection c, long id, long version, String outcome, String note, LocalDate on) throws SQLException {
        return update(c, "UPDATE health_followup SET outcome = ?, outcome_note = ?, closed_on = ?, version = version + 1"
                + " WHERE id = ? AND version = ? AND closed_on IS NULL", outcome, note, on, id, version) == 1;
    }

    /** @return overdue follow-ups of every school not yet posted as an event */
    List<FollowUp> overdueNotPosted(Connection c, LocalDate today) throws SQLException {
        List<FollowUp> out = new ArrayList<>();
        try (PreparedStatement ps = bind(c.prepareStatement("SELECT * FROM health_followup WHERE closed_on IS NULL AND notified_on IS NULL"
                + " AND due_on < ? AND overdue_posted_at IS NULL ORDER BY id"), today); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(followUp(c, rs, today));
            }
        }
        return out;
    }

    void markPosted(Connection c, long id) throws SQLException {
        update(c, "UPDATE health_followup SET overdue_posted_at = ? WHERE id = ?", OffsetDateTime.now(ZoneOffset.UTC), id);
    }

    // ---------------------------------------------------------------- 四个一 and puberty classes

    long addFamilyService(Connection c, FamilyService s) throws SQLException {
        return insert(c, "INSERT INTO health_family_service (child_id, school_id, kind, delivered_on, note, recorded_by, recorded_at)"
                + " VALUES (?,?,?,?,?,?,?)", s.childId(), s.schoolId(), s.kind(), s.deliveredOn(), s.note(), s.recordedBy(),
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    List<FamilyService> familyServices(Connection c, long schoolId, Long childId) throws SQLException {
        return list(c, "SELECT * FROM health_family_service WHERE school_id = ?" + (childId == null ? "" : " AND child_id = " + childId)
                + " ORDER BY delivered_on, id", rs -> new FamilyService(rs.getLong("id"), rs.getLong("child_id"), rs.getLong("school_id"),
                        rs.getString("kind"), date(rs, "delivered_on"), rs.getString("note"), rs.getString("recorded_by")), schoolId);
    }

    long addPubertyClass(Connection c, PubertyClass p, String by) throws SQLException {
        long id = insert(c, "INSERT INTO health_puberty_class (school_id, semester, held_on, topic, lecturer, recorded_by, recorded_at)"
                + " VALUES (?,?,?,?,?,?,?)", p.schoolId(), p.semester(), p.heldOn(), p.topic(), p.lecturer(), by,
                OffsetDateTime.now(ZoneOffset.UTC));
        for (Model.Attendance a : p.attendance()) {
            update(c, "INSERT INTO health_puberty_attendance (class_id, child_id, present) VALUES (?,?,?)", id, a.childId(), a.present());
        }
        return id;
    }

    List<PubertyClass> pubertyClasses(Connection c, long schoolId) throws SQLException {
        List<PubertyClass> out = new ArrayList<>();
        for (PubertyClass p : list(c, "SELECT * FROM health_puberty_class WHERE school_id = ? ORDER BY held_on DESC, id DESC",
                rs -> new PubertyClass(rs.getLong("id"), rs.getLong("school_id"), rs.getString("semester"), date(rs, "held_on"),
                        rs.getString("topic"), rs.getString("lecturer"), List.of()), schoolId)) {
            out.add(new PubertyClass(p.id(), p.schoolId(), p.semester(), p.heldOn(), p.topic(), p.lecturer(),
                    list(c, "SELECT child_id, present FROM health_puberty_attendance WHERE class_id = ? ORDER BY child_id",
                            rs -> new Model.Attendance(rs.getLong(1), rs.getBoolean(2)), p.id())));
        }
        return out;
    }

    /** @return how many puberty classes each child of the school attended */
    Map<Long, Integer> pubertyAttendance(Connection c, long schoolId) throws SQLException {
        Map<Long, Integer> out = new LinkedHashMap<>();
        for (long[] r : list(c, "SELECT a.child_id, COUNT(*) FROM health_puberty_attendance a JOIN health_puberty_class p ON p.id = a.class_id"
                + " WHERE p.school_id = ? AND a.present = TRUE GROUP BY a.child_id", rs -> new long[] { rs.getLong(1), rs.getLong(2) },
                schoolId)) {
            out.put(r[0], (int) r[1]);
        }
        return out;
    }

    // ---------------------------------------------------------------- reports

    /** Report rows per campaign of a school: checks done, flagged, findings by type, notification and overdue counts. */
    List<Map<String, Object>> report(Connection c, long schoolId, LocalDate today) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Campaign k : campaigns(c, schoolId)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("campaignId", k.id());
            row.put("semester", k.semester());
            row.put("title", k.title());
            row.put("checks", count(c, "SELECT COUNT(*) FROM health_check WHERE campaign_id = ?", k.id()));
            row.put("flagged", count(c, "SELECT COUNT(*) FROM health_check WHERE campaign_id = ? AND flagged = TRUE", k.id()));
            Map<String, Long> byCategory = new LinkedHashMap<>();
            for (Object[] r : list(c, "SELECT s.indicator, s.category, COUNT(*) FROM health_screening s JOIN health_check k ON k.id = s.check_id"
                    + " WHERE k.campaign_id = ? AND s.flagged = TRUE GROUP BY s.indicator, s.category ORDER BY s.indicator, s.category",
                    rs -> new Object[] { rs.getString(1) + ":" + rs.getString(2), rs.getLong(3) }, k.id())) {
                byCategory.put((String) r[0], (Long) r[1]);
            }
            row.put("flagsByIndicator", byCategory);
            Map<String, Long> findings = new LinkedHashMap<>();
            for (String f : List.of(Screening.OBESITY, Screening.STUNTING, Screening.WASTING, Screening.HIGH_BP)) {
                findings.put(f, 0L);
            }
            for (Object[] r : list(c, "SELECT finding, COUNT(*) FROM health_followup WHERE campaign_id = ? GROUP BY finding",
                    rs -> new Object[] { rs.getString(1), rs.getLong(2) }, k.id())) {
                findings.put((String) r[0], (Long) r[1]);
            }
            row.put("findings", findings);
            List<FollowUp> fs = new ArrayList<>();
            try (PreparedStatement ps = bind(c.prepareStatement("SELECT * FROM health_followup WHERE campaign_id = ?"), k.id());
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fs.add(followUp(c, rs, today));
                }
            }
            long withParents = 0;
            long parentsTold = 0;
            long inTime = 0;
            for (FollowUp f : fs) {
                List<String> parents = f.requiredRecipients().stream().filter(r -> !r.equals("GUARDIAN")).toList();
                if (parents.isEmpty()) {
                    continue;
                }
                withParents++;
                List<Notification> told = f.notifications().stream().filter(n -> parents.contains(n.recipient())).toList();
                if (parents.stream().allMatch(p -> told.stream().anyMatch(n -> n.recipient().equals(p)))) {
                    parentsTold++;
                    LocalDate last = parents.stream().map(p -> told.stream().filter(n -> n.recipient().equals(p))
                            .map(Notification::notifiedOn).min(LocalDate::compareTo).orElseThrow()).max(LocalDate::compareTo).orElseThrow();
                    if (!last.isAfter(f.dueOn())) {
                        inTime++;
                    }
                }
            }
            row.put("followUps", (long) fs.size());
            row.put("followUpsWithParents", withParents);
            row.put("parentsNotified", parentsTold);
            row.put("parentsNotifiedInTime", inTime);
            row.put("parentsNotifiedRate", withParents == 0 ? null
                    : BigDecimal.valueOf(parentsTold).divide(BigDecimal.valueOf(withParents), 3, java.math.RoundingMode.HALF_UP));
            row.put("overdue", fs.stream().filter(FollowUp::overdue).count());
            row.put("closed", fs.stream().filter(f -> f.closedOn() != null).count());
            // the semester's puberty classes (每学期一节青春期健康教育课) and the children who attended one
            row.put("pubertyClasses", count(c, "SELECT COUNT(*) FROM health_puberty_class WHERE school_id = ? AND semester = ?", schoolId,
                    k.semester()));
            row.put("pubertyAttendees", count(c, "SELECT COUNT(DISTINCT a.child_id) FROM health_puberty_attendance a"
                    + " JOIN health_puberty_class p ON p.id = a.class_id WHERE p.school_id = ? AND p.semester = ? AND a.present = TRUE",
                    schoolId, k.semester()));
            out.add(row);
        }
        return out;
    }

    private static long count(Connection c, String sql, Object... args) throws SQLException {
        return one(c, sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    /** @return the latest check date per child of a school (for the population list) */
    Map<Long, LocalDate> lastChecked(Connection c, long schoolId) throws SQLException {
        Map<Long, LocalDate> out = new LinkedHashMap<>();
        for (Object[] r : list(c, "SELECT child_id, MAX(measured_on) FROM health_check WHERE school_id = ? GROUP BY child_id",
                rs -> new Object[] { rs.getLong(1), rs.getDate(2).toLocalDate() }, schoolId)) {
            out.put((Long) r[0], (LocalDate) r[1]);
        }
        return out;
    }
}
