package org.guanai.plugin.health.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.plugin.health.internal.Model.Campaign;
import org.guanai.plugin.health.internal.Model.Check;
import org.guanai.plugin.health.internal.Model.FamilyService;
import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.plugin.health.internal.Model.Household;
import org.guanai.plugin.health.internal.Model.Measure;
import org.guanai.plugin.health.internal.Model.Notification;
import org.guanai.plugin.health.internal.Model.PubertyClass;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Sql;
import org.guanai.sdk.data.Where;
import org.guanai.sdk.data.Work;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's tables ({@code health_*}) on the platform's database (the SDK's {@link Database}); migrations
 * {@code db/health/V*.sql} run before first use. SQL that runs on H2 (PostgreSQL mode) and PostgreSQL. Callers check
 * reach and permissions; the store only reads and writes.
 */
@Component(service = HealthStore.class)
public final class HealthStore {
    private final Database db;
    private final CareCalendar calendar;

    @Activate
    public HealthStore(@Reference Database db, @Reference CareCalendar calendar) {
        db.migrate();
        this.db = db;
        this.calendar = calendar;
    }

    /** Runs {@code work} in one transaction. */
    <T> T tx(Work<T> work) {
        return db.tx(work);
    }

    /** Runs read-only {@code work}. */
    <T> T read(Work<T> work) {
        return db.read(work);
    }

    // ---------------------------------------------------------------- households

    private static Household household(ResultSet rs) throws SQLException {
        return new Household(rs.getLong("child_id"), rs.getLong("school_id"), rs.getLong("version"), rs.getBoolean("fp_household"),
                rs.getBoolean("one_child"), rs.getBoolean("girls_only"), rs.getBoolean("two_daughters_sterilised"),
                rs.getBoolean("hardship"), rs.getString("hardship_reason"), rs.getString("updated_by"),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    Optional<Household> household(Sql sql, long childId) throws SQLException {
        return sql.one("SELECT * FROM health_household WHERE child_id = ?", HealthStore::household, childId);
    }

    Map<Long, Household> households(Sql sql, long schoolId) throws SQLException {
        Map<Long, Household> out = new LinkedHashMap<>();
        for (Household h : sql.list("SELECT * FROM health_household WHERE school_id = ?", HealthStore::household, schoolId)) {
            out.put(h.childId(), h);
        }
        return out;
    }

    /** @return the households of the school recorded for these children (a page of a list), by child id */
    Map<Long, Household> householdsOf(Sql sql, long schoolId, List<Long> childIds) throws SQLException {
        Map<Long, Household> out = new LinkedHashMap<>();
        Where w = Where.of("school_id = ?", schoolId).in("child_id", childIds);
        for (Household h : sql.list("SELECT * FROM health_household " + w, HealthStore::household, w.args())) {
            out.put(h.childId(), h);
        }
        return out;
    }

    /** Inserts or updates at {@code expectedVersion} (0 for a new one); @return the stored record, empty if stale */
    Optional<Household> saveHousehold(Sql sql, Household h, long expectedVersion) throws SQLException {
        Optional<Household> old = household(sql, h.childId());
        if (old.isEmpty()) {
            if (expectedVersion != 0) {
                return Optional.empty();
            }
            sql.update("INSERT INTO health_household (child_id, school_id, version, fp_household, one_child, girls_only,"
                    + " two_daughters_sterilised, hardship, hardship_reason, updated_by, updated_at) VALUES (?,?,1,?,?,?,?,?,?,?,?)",
                    h.childId(), h.schoolId(), h.fpHousehold(), h.oneChild(), h.girlsOnly(), h.twoDaughtersSterilised(), h.hardship(),
                    h.hardshipReason(), h.updatedBy(), calendar.now());
        } else if (sql.update("UPDATE health_household SET school_id = ?, version = version + 1, fp_household = ?, one_child = ?,"
                + " girls_only = ?, two_daughters_sterilised = ?, hardship = ?, hardship_reason = ?, updated_by = ?, updated_at = ?"
                + " WHERE child_id = ? AND version = ?", h.schoolId(), h.fpHousehold(), h.oneChild(), h.girlsOnly(),
                h.twoDaughtersSterilised(), h.hardship(), h.hardshipReason(), h.updatedBy(), calendar.now(), h.childId(),
                expectedVersion) == 0) {
            return Optional.empty();
        }
        return household(sql, h.childId());
    }

    // ---------------------------------------------------------------- campaigns

    private static Campaign campaign(ResultSet rs) throws SQLException {
        return new Campaign(rs.getLong("id"), rs.getLong("school_id"), rs.getString("semester"), rs.getString("title"),
                rs.getObject("starts_on", LocalDate.class), rs.getObject("ends_on", LocalDate.class), rs.getInt("notify_within_days"),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class));
    }

    Campaign createCampaign(Sql sql, Campaign k) throws SQLException {
        long id = sql.insert("INSERT INTO health_campaign (school_id, semester, title, starts_on, ends_on, notify_within_days,"
                + " created_by, created_at) VALUES (?,?,?,?,?,?,?,?)", k.schoolId(), k.semester(), k.title(), k.startsOn(), k.endsOn(),
                k.notifyWithinDays(), k.createdBy(), calendar.now());
        return campaign(sql, id).orElseThrow();
    }

    Optional<Campaign> campaign(Sql sql, long id) throws SQLException {
        return sql.one("SELECT * FROM health_campaign WHERE id = ?", HealthStore::campaign, id);
    }

    List<Campaign> campaigns(Sql sql, long schoolId) throws SQLException {
        return sql.list("SELECT * FROM health_campaign WHERE school_id = ? ORDER BY starts_on DESC, id DESC", HealthStore::campaign,
                schoolId);
    }

    /** @return the schools that ran a campaign, by id */
    List<Long> campaignSchools(Sql sql) throws SQLException {
        return sql.list("SELECT DISTINCT school_id FROM health_campaign ORDER BY school_id", rs -> rs.getLong(1));
    }

    // ---------------------------------------------------------------- checks

    private static final String CHECK_COLUMNS = "campaign_id, child_id, school_id, class_id, gender, birth_date, measured_on,"
            + " age_months, height_cm, weight_kg, sbp, dbp, bmi, flagged, note, version, recorded_by, recorded_at";

    private Check checkRow(Sql sql, ResultSet rs, boolean details) throws SQLException {
        long id = rs.getLong("id");
        return new Check(id, rs.getLong("campaign_id"), rs.getLong("child_id"), rs.getLong("school_id"),
                rs.getObject("class_id", Long.class),
                rs.getString("gender"), rs.getObject("birth_date", LocalDate.class), rs.getObject("measured_on", LocalDate.class),
                rs.getBigDecimal("age_months"),
                rs.getBigDecimal("height_cm"), rs.getBigDecimal("weight_kg"), rs.getObject("sbp", Integer.class),
                rs.getObject("dbp", Integer.class),
                rs.getBigDecimal("bmi"), rs.getBoolean("flagged"), rs.getString("note"), rs.getLong("version"),
                rs.getString("recorded_by"), rs.getObject("recorded_at", OffsetDateTime.class), details ? measures(sql, id) : List.of(),
                details ? screening(sql, id) : List.of());
    }

    private List<Measure> measures(Sql sql, long checkId) throws SQLException {
        return sql.list("SELECT * FROM health_measure WHERE check_id = ? ORDER BY code", HealthStore::measure, checkId);
    }

    private static Measure measure(ResultSet rs) throws SQLException {
        return new Measure(rs.getString("code"), rs.getBigDecimal("value_num"), rs.getString("value_text"), rs.getString("unit"));
    }

    private List<Screening.Result> screening(Sql sql, long checkId) throws SQLException {
        return inOrder(sql.list("SELECT * FROM health_screening WHERE check_id = ?", HealthStore::screeningResult, checkId));
    }

    /** @return the results in the order the sheet shows the indicators */
    private static List<Screening.Result> inOrder(List<Screening.Result> results) {
        return results.stream().sorted(java.util.Comparator.comparing(r -> order(r.indicator()))).toList();
    }

    private static Screening.Result screeningResult(ResultSet rs) throws SQLException {
        return new Screening.Result(rs.getString("indicator"), rs.getBigDecimal("value_num"), rs.getString("category"),
                rs.getBoolean("flagged"), rs.getString("finding"), rs.getString("reference_id"), rs.getString("reference_version"),
                rs.getBoolean("provisional"), rs.getString("detail"));
    }

    private static int order(String indicator) {
        int i = List.of("AGE", "WST586", "WST456_WASTING", "WST456_STUNTING", "WHO_BFA", "WHO_HFA", "WST610_BP").indexOf(indicator);
        return i < 0 ? 99 : i;
    }

    Optional<Check> check(Sql sql, long id) throws SQLException {
        return sql.one("SELECT * FROM health_check WHERE id = ?", rs -> checkRow(sql, rs, true), id);
    }

    Optional<Check> check(Sql sql, long campaignId, long childId) throws SQLException {
        return sql.one("SELECT * FROM health_check WHERE campaign_id = ? AND child_id = ?", rs -> checkRow(sql, rs, true), campaignId,
                childId);
    }

    /** @return the checks of a campaign (with details) of one class */
    List<Check> checks(Sql sql, long campaignId, long classId) throws SQLException {
        return sql.list("SELECT * FROM health_check WHERE campaign_id = ? AND class_id = ? ORDER BY id", rs -> checkRow(sql, rs, true),
                campaignId, classId);
    }

    /**
     * @return the checks of a campaign of one class recorded for these children (a page of the sheet), with their
     *         measures and screening read for the whole page in two statements (not two per check)
     */
    List<Check> checksOf(Sql sql, long campaignId, long classId, List<Long> childIds) throws SQLException {
        Where w = Where.of("campaign_id = ? AND class_id = ?", campaignId, classId).in("child_id", childIds);
        List<Check> plain = sql.list("SELECT * FROM health_check " + w + " ORDER BY id", rs -> checkRow(sql, rs, false), w.args());
        List<Long> ids = plain.stream().map(Check::id).toList();
        Where ofChecks = Where.of("1 = 1").in("check_id", ids);
        Map<Long, List<Measure>> measures = new java.util.HashMap<>();
        for (Object[] r : sql.list("SELECT * FROM health_measure " + ofChecks + " ORDER BY check_id, code",
                rs -> new Object[] { rs.getLong("check_id"), measure(rs) }, ofChecks.args())) {
            measures.computeIfAbsent((Long) r[0], k -> new ArrayList<>()).add((Measure) r[1]);
        }
        Map<Long, List<Screening.Result>> screening = new java.util.HashMap<>();
        for (Object[] r : sql.list("SELECT * FROM health_screening " + ofChecks,
                rs -> new Object[] { rs.getLong("check_id"), screeningResult(rs) }, ofChecks.args())) {
            screening.computeIfAbsent((Long) r[0], k -> new ArrayList<>()).add((Screening.Result) r[1]);
        }
        return plain.stream().map(k -> k.withDetails(measures.getOrDefault(k.id(), List.of()),
                inOrder(screening.getOrDefault(k.id(), List.of())))).toList();
    }

    /** @return every check of a child, oldest first, with details */
    List<Check> childChecks(Sql sql, long childId) throws SQLException {
        return sql.list("SELECT * FROM health_check WHERE child_id = ? ORDER BY measured_on, id", rs -> checkRow(sql, rs, true), childId);
    }

    /** Inserts a new check or replaces the values of an existing one at its version; @return its id, or -1 if stale */
    long saveCheck(Sql sql, Check k) throws SQLException {
        long id;
        if (k.id() == null) {
            id = sql.insert("INSERT INTO health_check (" + CHECK_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)", k.campaignId(),
                    k.childId(), k.schoolId(), k.classId(), k.gender(), k.birthDate(), k.measuredOn(), k.ageMonths(), k.heightCm(),
                    k.weightKg(), k.sbp(), k.dbp(), k.bmi(), k.flagged(), k.note(), k.recordedBy(), calendar.now());
        } else {
            id = k.id();
            if (sql.update("UPDATE health_check SET class_id = ?, gender = ?, birth_date = ?, measured_on = ?, age_months = ?,"
                    + " height_cm = ?, weight_kg = ?, sbp = ?, dbp = ?, bmi = ?, flagged = ?, note = ?, version = version + 1,"
                    + " recorded_by = ?, recorded_at = ? WHERE id = ? AND version = ?", k.classId(), k.gender(), k.birthDate(),
                    k.measuredOn(), k.ageMonths(), k.heightCm(), k.weightKg(), k.sbp(), k.dbp(), k.bmi(), k.flagged(), k.note(),
                    k.recordedBy(), calendar.now(), id, k.version()) == 0) {
                return -1;
            }
            sql.update("DELETE FROM health_measure WHERE check_id = ?", id);
            sql.update("DELETE FROM health_screening WHERE check_id = ?", id);
        }
        List<Object[]> measures = new ArrayList<>();
        for (Measure m : k.measures()) {
            measures.add(new Object[] { id, m.code(), m.value(), m.text(), m.unit() });
        }
        sql.batch("INSERT INTO health_measure (check_id, code, value_num, value_text, unit) VALUES (?,?,?,?,?)", measures);
        List<Object[]> results = new ArrayList<>();
        for (Screening.Result r : k.screening()) {
            results.add(new Object[] { id, r.indicator(), r.value(), r.category(), r.flagged(), r.finding(), r.referenceId(),
                    r.referenceVersion(), r.provisional(), r.detail() });
        }
        sql.batch("INSERT INTO health_screening (check_id, indicator, value_num, category, flagged, finding, reference_id,"
                + " reference_version, provisional, detail) VALUES (?,?,?,?,?,?,?,?,?,?)", results);
        return id;
    }

    /** @return the latest check of the child measured before {@code before}, other than {@code except} */
    Optional<Check> previousCheck(Sql sql, long childId, LocalDate before, Long except) throws SQLException {
        return sql.one("SELECT * FROM health_check WHERE child_id = ? AND measured_on < ? AND id <> ? ORDER BY measured_on DESC, id DESC LIMIT 1",
                rs -> checkRow(sql, rs, false), childId, before, except == null ? -1L : except);
    }

    // ---------------------------------------------------------------- follow-ups

    private FollowUp followUp(Sql sql, ResultSet rs, LocalDate today) throws SQLException {
        long id = rs.getLong("id");
        String req = rs.getString("required_recipients");
        LocalDate due = rs.getObject("due_on", LocalDate.class);
        LocalDate notified = rs.getObject("notified_on", LocalDate.class);
        LocalDate closed = rs.getObject("closed_on", LocalDate.class);
        boolean overdue = closed == null && notified == null && today.isAfter(due);
        String status = closed != null ? "CLOSED" : rs.getString("referred_to") != null ? "REFERRED" : notified != null ? "NOTIFIED"
                : "OPEN";
        return new FollowUp(id, rs.getLong("child_id"), rs.getLong("school_id"), rs.getObject("check_id", Long.class),
                rs.getObject("campaign_id", Long.class),
                rs.getString("finding"), rs.getString("detail"), rs.getObject("opened_on", LocalDate.class), due,
                req.isEmpty() ? List.of() : Arrays.asList(req.split(",")), notified, rs.getString("referred_to"),
                rs.getObject("referred_on", LocalDate.class),
                rs.getString("outcome"), rs.getString("outcome_note"), closed, rs.getLong("version"), rs.getString("opened_by"),
                notifications(sql, id), status, overdue);
    }

    private List<Notification> notifications(Sql sql, long followupId) throws SQLException {
        return sql.list("SELECT * FROM health_notification WHERE followup_id = ? ORDER BY notified_on, id",
                rs -> new Notification(rs.getLong("id"), rs.getLong("followup_id"), rs.getString("recipient"),
                        rs.getString("recipient_name"), rs.getObject("notified_on", LocalDate.class), rs.getString("channel"),
                        rs.getString("note"), rs.getString("recorded_by"), rs.getObject("recorded_at", OffsetDateTime.class)),
                followupId);
    }

    Optional<FollowUp> followUp(Sql sql, long id, LocalDate today) throws SQLException {
        return sql.one("SELECT * FROM health_followup WHERE id = ?", rs -> followUp(sql, rs, today), id);
    }

    /**
     * @param filter {@code open} (not closed), {@code overdue}, {@code closed} or {@code all}
     * @return follow-ups of a school (or of one child), most urgent first
     */
    List<FollowUp> followUps(Sql sql, long schoolId, Long childId, String filter, LocalDate today) throws SQLException {
        Where where = switch (filter) {
            case "open" -> Where.of("school_id = ? AND closed_on IS NULL", schoolId);
            case "overdue" -> Where.of("school_id = ? AND closed_on IS NULL AND notified_on IS NULL AND due_on < ?", schoolId, today);
            case "closed" -> Where.of("school_id = ? AND closed_on IS NOT NULL", schoolId);
            default -> Where.of("school_id = ?", schoolId);
        };
        where.filter("child_id = ?", childId);
        return sql.list("SELECT * FROM health_followup " + where + " ORDER BY CASE WHEN closed_on IS NULL THEN 0 ELSE 1 END, due_on, id",
                rs -> followUp(sql, rs, today), where.args());
    }

    /** @return the id, or empty if the check already has a follow-up of this finding */
    Optional<Long> openFollowUp(Sql sql, FollowUp f) throws SQLException {
        if (f.checkId() != null && sql.one("SELECT id FROM health_followup WHERE check_id = ? AND finding = ?", rs -> rs.getLong(1),
                f.checkId(), f.finding()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(sql.insert("INSERT INTO health_followup (child_id, school_id, check_id, campaign_id, finding, detail, opened_on,"
                + " due_on, required_recipients, version, opened_by) VALUES (?,?,?,?,?,?,?,?,?,1,?)", f.childId(), f.schoolId(),
                f.checkId(), f.campaignId(), f.finding(), f.detail(), f.openedOn(), f.dueOn(), String.join(",", f.requiredRecipients()),
                f.openedBy()));
    }

    long addNotification(Sql sql, Notification n) throws SQLException {
        return sql.insert("INSERT INTO health_notification (followup_id, recipient, recipient_name, notified_on, channel, note,"
                + " recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?,?)", n.followupId(), n.recipient(), n.recipientName(), n.notifiedOn(),
                n.channel(), n.note(), n.recordedBy(), calendar.now());
    }

    /** Sets {@code notified_on} once every required recipient has been told: the latest of their first notifications. */
    void updateNotified(Sql sql, long followupId) throws SQLException {
        FollowUp f = followUp(sql, followupId, calendar.today()).orElseThrow();
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
        sql.update("UPDATE health_followup SET notified_on = ?, version = version + 1 WHERE id = ?", all, followupId);
    }

    /** @return false if the version is stale */
    boolean refer(Sql sql, long id, long version, String to, LocalDate on) throws SQLException {
        return sql.update("UPDATE health_followup SET referred_to = ?, referred_on = ?, version = version + 1 WHERE id = ? AND version = ?",
                to, on, id, version) == 1;
    }

    boolean close(Sql sql, long id, long version, String outcome, String note, LocalDate on) throws SQLException {
        return sql.update("UPDATE health_followup SET outcome = ?, outcome_note = ?, closed_on = ?, version = version + 1"
                + " WHERE id = ? AND version = ? AND closed_on IS NULL", outcome, note, on, id, version) == 1;
    }

    /** @return overdue follow-ups of every school not yet posted as an event */
    List<FollowUp> overdueNotPosted(Sql sql, LocalDate today) throws SQLException {
        return sql.list("SELECT * FROM health_followup WHERE closed_on IS NULL AND notified_on IS NULL AND due_on < ?"
                + " AND overdue_posted_at IS NULL ORDER BY id", rs -> followUp(sql, rs, today), today);
    }

    /** @return whether this call marked the follow-up as posted (false: another node or thread did first) */
    boolean markPosted(Sql sql, long id) throws SQLException {
        return sql.update("UPDATE health_followup SET overdue_posted_at = ? WHERE id = ? AND overdue_posted_at IS NULL", calendar.now(),
                id) == 1;
    }

    // ---------------------------------------------------------------- 四个一 and puberty classes

    long addFamilyService(Sql sql, FamilyService s) throws SQLException {
        return sql.insert("INSERT INTO health_family_service (child_id, school_id, kind, delivered_on, note, recorded_by, recorded_at)"
                + " VALUES (?,?,?,?,?,?,?)", s.childId(), s.schoolId(), s.kind(), s.deliveredOn(), s.note(), s.recordedBy(), calendar.now());
    }

    List<FamilyService> familyServices(Sql sql, long schoolId, long childId) throws SQLException {
        return sql.list("SELECT * FROM health_family_service WHERE school_id = ? AND child_id = ? ORDER BY delivered_on, id",
                rs -> new FamilyService(rs.getLong("id"), rs.getLong("child_id"), rs.getLong("school_id"), rs.getString("kind"),
                        rs.getObject("delivered_on", LocalDate.class), rs.getString("note"), rs.getString("recorded_by")),
                schoolId, childId);
    }

    long addPubertyClass(Sql sql, PubertyClass p, String by) throws SQLException {
        long id = sql.insert("INSERT INTO health_puberty_class (school_id, semester, held_on, topic, lecturer, recorded_by, recorded_at)"
                + " VALUES (?,?,?,?,?,?,?)", p.schoolId(), p.semester(), p.heldOn(), p.topic(), p.lecturer(), by, calendar.now());
        sql.batch("INSERT INTO health_puberty_attendance (class_id, child_id, present) VALUES (?,?,?)",
                p.attendance().stream().map(a -> new Object[] { id, a.childId(), a.present() }).toList());
        return id;
    }

    List<PubertyClass> pubertyClasses(Sql sql, long schoolId) throws SQLException {
        return sql.list("SELECT * FROM health_puberty_class WHERE school_id = ? ORDER BY held_on DESC, id DESC",
                rs -> new PubertyClass(rs.getLong("id"), rs.getLong("school_id"), rs.getString("semester"),
                        rs.getObject("held_on", LocalDate.class), rs.getString("topic"), rs.getString("lecturer"),
                        sql.list("SELECT child_id, present FROM health_puberty_attendance WHERE class_id = ? ORDER BY child_id",
                                a -> new Model.Attendance(a.getLong(1), a.getBoolean(2)), rs.getLong("id"))),
                schoolId);
    }

    /** @return how many puberty classes each child of the school attended */
    Map<Long, Integer> pubertyAttendance(Sql sql, long schoolId) throws SQLException {
        Map<Long, Integer> out = new LinkedHashMap<>();
        for (long[] r : sql.list("SELECT a.child_id, COUNT(*) FROM health_puberty_attendance a JOIN health_puberty_class p"
                + " ON p.id = a.class_id WHERE p.school_id = ? AND a.present = TRUE GROUP BY a.child_id",
                rs -> new long[] { rs.getLong(1), rs.getLong(2) }, schoolId)) {
            out.put(r[0], (int) r[1]);
        }
        return out;
    }

    /** @return how many puberty classes each of these children (a page of the population list) attended at the school */
    Map<Long, Integer> pubertyAttendanceOf(Sql sql, long schoolId, List<Long> childIds) throws SQLException {
        Map<Long, Integer> out = new LinkedHashMap<>();
        Where w = Where.of("p.school_id = ? AND a.present = TRUE", schoolId).in("a.child_id", childIds);
        for (long[] r : sql.list("SELECT a.child_id, COUNT(*) FROM health_puberty_attendance a JOIN health_puberty_class p"
                + " ON p.id = a.class_id " + w + " GROUP BY a.child_id", rs -> new long[] { rs.getLong(1), rs.getLong(2) }, w.args())) {
            out.put(r[0], (int) r[1]);
        }
        return out;
    }

    // ---------------------------------------------------------------- reports

    /** Report rows per campaign of a school: checks done, flagged, findings by type, notification and overdue counts. */
    List<Map<String, Object>> report(Sql sql, long schoolId, LocalDate today) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Campaign k : campaigns(sql, schoolId)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("campaignId", k.id());
            row.put("semester", k.semester());
            row.put("title", k.title());
            row.put("checks", sql.count("SELECT COUNT(*) FROM health_check WHERE campaign_id = ?", k.id()));
            row.put("flagged", sql.count("SELECT COUNT(*) FROM health_check WHERE campaign_id = ? AND flagged = TRUE", k.id()));
            Map<String, Long> byCategory = new LinkedHashMap<>();
            for (Object[] r : sql.list("SELECT s.indicator, s.category, COUNT(*) FROM health_screening s JOIN health_check k"
                    + " ON k.id = s.check_id WHERE k.campaign_id = ? AND s.flagged = TRUE GROUP BY s.indicator, s.category"
                    + " ORDER BY s.indicator, s.category", rs -> new Object[] { rs.getString(1) + ":" + rs.getString(2), rs.getLong(3) },
                    k.id())) {
                byCategory.put((String) r[0], (Long) r[1]);
            }
            row.put("flagsByIndicator", byCategory);
            Map<String, Long> findings = new LinkedHashMap<>();
            for (String f : Screening.FINDINGS) {
                findings.put(f, 0L);
            }
            for (Object[] r : sql.list("SELECT finding, COUNT(*) FROM health_followup WHERE campaign_id = ? GROUP BY finding",
                    rs -> new Object[] { rs.getString(1), rs.getLong(2) }, k.id())) {
                findings.put((String) r[0], (Long) r[1]);
            }
            row.put("findings", findings);
            List<FollowUp> fs = sql.list("SELECT * FROM health_followup WHERE campaign_id = ?", rs -> followUp(sql, rs, today), k.id());
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
            row.put("pubertyClasses", sql.count("SELECT COUNT(*) FROM health_puberty_class WHERE school_id = ? AND semester = ?", schoolId,
                    k.semester()));
            row.put("pubertyAttendees", sql.count("SELECT COUNT(DISTINCT a.child_id) FROM health_puberty_attendance a"
                    + " JOIN health_puberty_class p ON p.id = a.class_id WHERE p.school_id = ? AND p.semester = ? AND a.present = TRUE",
                    schoolId, k.semester()));
            out.add(row);
        }
        return out;
    }

    /** @return the latest check date of each of these children (a page of the population list) of the school */
    Map<Long, LocalDate> lastCheckedOf(Sql sql, long schoolId, List<Long> childIds) throws SQLException {
        Map<Long, LocalDate> out = new LinkedHashMap<>();
        Where w = Where.of("school_id = ?", schoolId).in("child_id", childIds);
        for (Object[] r : sql.list("SELECT child_id, MAX(measured_on) FROM health_check " + w + " GROUP BY child_id",
                rs -> new Object[] { rs.getLong(1), rs.getDate(2).toLocalDate() }, w.args())) {
            out.put((Long) r[0], (LocalDate) r[1]);
        }
        return out;
    }

    /** @return the latest check date per child of a school (for the population list) */
    Map<Long, LocalDate> lastChecked(Sql sql, long schoolId) throws SQLException {
        Map<Long, LocalDate> out = new LinkedHashMap<>();
        for (Object[] r : sql.list("SELECT child_id, MAX(measured_on) FROM health_check WHERE school_id = ? GROUP BY child_id",
                rs -> new Object[] { rs.getLong(1), rs.getDate(2).toLocalDate() }, schoolId)) {
            out.put((Long) r[0], (LocalDate) r[1]);
        }
        return out;
    }

    /** Counts only, no names: campaigns, checks, flagged checks, open and overdue follow-ups of the school. */
    Map<String, Object> summary(long schoolId) {
        return read(sql -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("campaigns", sql.count("SELECT COUNT(*) FROM health_campaign WHERE school_id = ?", schoolId));
            out.put("checks", sql.count("SELECT COUNT(*) FROM health_check WHERE school_id = ?", schoolId));
            out.put("flaggedChecks", sql.count("SELECT COUNT(*) FROM health_check WHERE school_id = ? AND flagged = TRUE", schoolId));
            out.put("openFollowUps", sql.count("SELECT COUNT(*) FROM health_followup WHERE school_id = ? AND closed_on IS NULL", schoolId));
            out.put("overdueFollowUps", sql.count("SELECT COUNT(*) FROM health_followup WHERE school_id = ? AND closed_on IS NULL"
                    + " AND notified_on IS NULL AND due_on < ?", schoolId, calendar.today()));
            return out;
        });
    }
}
