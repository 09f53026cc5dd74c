package org.guanai.plugin.activities.internal;

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
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.guanai.core.api.SchemaMigrator;
import org.guanai.plugin.activities.internal.Checklists.Cadence;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Checklists.Variant;
import org.guanai.plugin.activities.internal.Coverage.ChildEvidence;
import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.plugin.activities.internal.Model.ChildRecord;
import org.guanai.plugin.activities.internal.Model.EvidenceFile;
import org.guanai.plugin.activities.internal.Model.Home;
import org.guanai.plugin.activities.internal.Model.Resource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's tables ({@code activities_*}) on the platform's data source; migrations {@code db/activities/V*.sql}
 * run before anything else touches them. Plain JDBC, SQL that runs on H2 (PostgreSQL mode) and PostgreSQL.
 */
@Component(service = ActivityStore.class)
public final class ActivityStore {
    static final String ID = "activities";
    static final int DEFAULT_REMINDER_WEEKS = 3;

    private final DataSource db;

    @Activate
    public ActivityStore(@Reference(target = SchemaMigrator.DATA_SOURCE_TARGET) DataSource db, @Reference SchemaMigrator migrator) {
        migrator.migrate(ID, ActivityStore.class);
        this.db = db;
    }

    /** For tests: a store on a data source whose schema is already in place. */
    ActivityStore(DataSource db) {
        this.db = db;
    }

    private interface Tx<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T tx(Tx<T> work) throws SQLException {
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

    /**
     * A select-then-insert transaction, once more if a concurrent one inserted the same key first (SQLState 23505 on H2
     * and PostgreSQL alike): the second run then finds the row and updates it, or has nothing left to do.
     */
    private <T> T upsert(Tx<T> work) throws SQLException {
        try {
            return tx(work);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            return tx(work);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static LocalDate date(ResultSet rs, String col) throws SQLException {
        Date d = rs.getDate(col);
        return d == null ? null : d.toLocalDate();
    }

    private static void setDate(PreparedStatement ps, int i, LocalDate d) throws SQLException {
        if (d == null) {
            ps.setNull(i, Types.DATE);
        } else {
            ps.setDate(i, Date.valueOf(d));
        }
    }

    private static Long insert(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] { "id" })) {
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof LocalDate d) {
                setDate(ps, i + 1, d);
            } else if (a instanceof NullOf n) {
                ps.setNull(i + 1, n.type());
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    /** A typed SQL NULL argument. */
    private record NullOf(int type) {
    }

    private static Object orNull(Object v, int type) {
        return v == null ? new NullOf(type) : v;
    }

    // ---- checklist ----

    /** @return the school's checklist, every item (active or not), in order; the 九个一 on first use */
    List<Item> checklist(long school) throws SQLException {
        List<Item> items = readChecklist(school);
        if (!items.isEmpty()) {
            return items;
        }
        upsert(c -> {
            if (readChecklist(c, school).isEmpty()) {
                addItems(c, school, Checklists.seed(Variant.NINE_ONES));
            }
            return null;
        });
        return readChecklist(school);
    }

    private List<Item> readChecklist(long school) throws SQLException {
        try (Connection c = db.getConnection()) {
            return readChecklist(c, school);
        }
    }

    private static List<Item> readChecklist(Connection c, long school) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM activities_checklist_item WHERE school_id = ? ORDER BY position, id")) {
            ps.setLong(1, school);
            List<Item> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Item(rs.getString("code"), Variant.valueOf(rs.getString("variant")), rs.getString("name_zh"),
                            rs.getString("name_en"), Cadence.valueOf(rs.getString("cadence")), rs.getInt("times"), rs.getString("evidence"),
                            rs.getString("source"), rs.getBoolean("active")));
                }
            }
            return out;
        }
    }

    /** Adds the items that are new, activates those that exist (keeping their settings). */
    private static void addItems(Connection c, long school, List<Item> items) throws SQLException {
        Map<String, Item> existing = new HashMap<>();
        for (Item i : readChecklist(c, school)) {
            existing.put(i.code(), i);
        }
        int position = existing.size();
        for (Item i : items) {
            if (existing.containsKey(i.code())) {
                update(c, "UPDATE activities_checklist_item SET active = TRUE WHERE school_id = ? AND code = ?", school, i.code());
            } else {
                update(c, "INSERT INTO activities_checklist_item (school_id, code, variant, name_zh, name_en, cadence, times, evidence, source,"
                        + " position, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", school, i.code(), i.variant().name(), i.nameZh(),
                        i.nameEn(), i.cadence().name(), i.times(), i.evidence(), orNull(i.source(), Types.VARCHAR), position++, i.active());
            }
        }
    }

    /**
     * Applies a seed variant: {@code replace} switches to it (every other item becomes inactive, kept with its settings),
     * else its items are added to the active ones.
     */
    List<Item> applyVariant(long school, Variant variant, boolean replace) throws SQLException {
        checklist(school);
        upsert(c -> {
            if (replace) {
                update(c, "UPDATE activities_checklist_item SET active = FALSE WHERE school_id = ?", school);
            }
            addItems(c, school, Checklists.seed(variant));
            return null;
        });
        return readChecklist(school);
    }

    /** Creates or updates one item (by code). */
    List<Item> putItem(long school, Item item) throws SQLException {
        checklist(school);
        upsert(c -> {
            int n = update(c, "UPDATE activities_checklist_item SET name_zh = ?, name_en = ?, cadence = ?, times = ?, evidence = ?, active = ?"
                    + " WHERE school_id = ? AND code = ?", item.nameZh(), item.nameEn(), item.cadence().name(), item.times(), item.evidence(),
                    item.active(), school, item.code());
            if (n == 0) {
                addItems(c, school, List.of(item));
            }
            return null;
        });
        return readChecklist(school);
    }

    // ---- semesters and settings ----

    List<Semester> semesters(long school) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM activities_semester WHERE school_id = ? ORDER BY start_date")) {
            ps.setLong(1, school);
            List<Semester> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Semester(rs.getInt("school_year"), Semester.Term.valueOf(rs.getString("term")), date(rs, "start_date"),
                            date(rs, "end_date"), true));
                }
            }
            return out;
        }
    }

    /** @return the semester with the school's dates, or the default dates */
    Semester semester(long school, Semester.Key key) throws SQLException {
        for (Semester s : semesters(school)) {
            if (s.schoolYear() == key.schoolYear() && s.term() == key.term()) {
                return s;
            }
        }
        return Semester.defaults(key.schoolYear(), key.term());
    }

    /** @return the semester a day is in, or in a holiday the last one before it */
    Semester semesterOn(long school, LocalDate day) throws SQLException {
        List<Semester> configured = semesters(school);
        for (Semester s : configured) {
            if (s.contains(day)) {
                return s;
            }
        }
        Semester.Key key = Semester.keyFor(day);
        Semester s = semester(school, key);
        // a configured semester may start later than the default: then the day belongs to the one before
        while (s.start().isAfter(day)) {
            key = key.previous();
            s = semester(school, key);
        }
        // and a configured next semester may already have started
        Semester next = semester(school, key.next());
        return next.start().isAfter(day) ? s : next;
    }

    void putSemester(long school, Semester s) throws SQLException {
        upsert(c -> {
            int n = update(c, "UPDATE activities_semester SET start_date = ?, end_date = ? WHERE school_id = ? AND school_year = ? AND term = ?",
                    s.start(), s.end(), school, s.schoolYear(), s.term().name());
            if (n == 0) {
                update(c, "INSERT INTO activities_semester (school_id, school_year, term, start_date, end_date) VALUES (?, ?, ?, ?, ?)",
                        school, s.schoolYear(), s.term().name(), s.start(), s.end());
            }
            return null;
        });
    }

    int reminderWeeks(long school) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT reminder_weeks FROM activities_settings WHERE school_id = ?")) {
            ps.setLong(1, school);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : DEFAULT_REMINDER_WEEKS;
            }
        }
    }

    void setReminderWeeks(long school, int weeks) throws SQLException {
        upsert(c -> {
            if (update(c, "UPDATE activities_settings SET reminder_weeks = ? WHERE school_id = ?", weeks, school) == 0) {
                update(c, "INSERT INTO activities_settings (school_id, reminder_weeks) VALUES (?, ?)", school, weeks);
            }
            return null;
        });
    }

    /** Records that the reminder of a semester was posted; {@code false} if it already was. */
    boolean markReminded(long school, LocalDate semesterStart, int childrenWithGaps) throws SQLException {
        // a concurrent check that inserted first makes the retry find the row: posted once
        return upsert(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM activities_reminder WHERE school_id = ? AND semester_start = ?")) {
                bind(ps, school, semesterStart);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            update(c, "INSERT INTO activities_reminder (school_id, semester_start, posted_at, children_with_gaps) VALUES (?, ?, ?, ?)",
                    school, semesterStart, now(), childrenWithGaps);
            return true;
        });
    }

    /** @return the reminders posted for the school: semester start → [posted at, children with gaps] */
    List<Map<String, Object>> reminders(long school) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM activities_reminder WHERE school_id = ? ORDER BY semester_start DESC")) {
            ps.setLong(1, school);
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("semesterStart", date(rs, "semester_start"));
                    m.put("postedAt", rs.getObject("posted_at", OffsetDateTime.class));
                    m.put("childrenWithGaps", rs.getInt("children_with_gaps"));
                    out.add(m);
                }
            }
            return out;
        }
    }

    // ---- activities ----

    Activity createActivity(Activity a) throws SQLException {
        long id = tx(c -> {
            long key = insert(c, "INSERT INTO activities_activity (school_id, held_on, type, title, organiser, at_home, note, created_by, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", a.schoolId(), a.heldOn(), a.type(), a.title(), orNull(a.organiser(), Types.VARCHAR),
                    a.atHome(), orNull(a.note(), Types.VARCHAR), a.createdBy(), now());
            writeParticipants(c, key, a.participants());
            return key;
        });
        return activity(id).orElseThrow();
    }

    Activity updateActivity(Activity a) throws SQLException {
        tx(c -> {
            update(c, "UPDATE activities_activity SET held_on = ?, type = ?, title = ?, organiser = ?, at_home = ?, note = ? WHERE id = ?",
                    a.heldOn(), a.type(), a.title(), orNull(a.organiser(), Types.VARCHAR), a.atHome(), orNull(a.note(), Types.VARCHAR), a.id());
            update(c, "DELETE FROM activities_participant WHERE activity_id = ?", a.id());
            writeParticipants(c, a.id(), a.participants());
            return null;
        });
        return activity(a.id()).orElseThrow();
    }

    private static void writeParticipants(Connection c, long activity, Collection<Long> children) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO activities_participant (activity_id, child_id) VALUES (?, ?)")) {
            for (Long child : new java.util.LinkedHashSet<>(children)) {
                ps.setLong(1, activity);
                ps.setLong(2, child);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Deletes an activity with its participants and evidence rows; @return the evidence it had (to remove the files) */
    List<EvidenceFile> deleteActivity(long id) throws SQLException {
        List<EvidenceFile> files = evidence(id);
        tx(c -> {
            update(c, "DELETE FROM activities_evidence WHERE activity_id = ?", id);
            update(c, "DELETE FROM activities_participant WHERE activity_id = ?", id);
            update(c, "DELETE FROM activities_activity WHERE id = ?", id);
            return null;
        });
        return files;
    }

    Optional<Activity> activity(long id) throws SQLException {
        List<Activity> found = activities("a.id = ?", List.of(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** @return the school's activities held in [from, to], newest first; {@code homeOnly}: the 留守儿童之家 ledger */
    List<Activity> activities(long school, LocalDate from, LocalDate to, boolean homeOnly) throws SQLException {
        return activities("a.school_id = ? AND a.held_on >= ? AND a.held_on <= ?" + (homeOnly ? " AND a.at_home = TRUE" : ""),
                List.of(school, from, to));
    }

    private List<Activity> activities(String where, List<Object> args) throws SQLException {
        try (Connection c = db.getConnection()) {
            Map<Long, Activity> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM activities_activity a WHERE " + where
                    + " ORDER BY a.held_on DESC, a.id DESC")) {
                bind(ps, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong("id");
                        out.put(id, new Activity(id, rs.getLong("school_id"), date(rs, "held_on"), rs.getString("type"), rs.getString("title"),
                                rs.getString("organiser"), rs.getBoolean("at_home"), rs.getString("note"), new ArrayList<>(), new ArrayList<>(),
                                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class)));
                    }
                }
            }
            if (out.isEmpty()) {
                return List.of();
            }
            String ids = String.join(",", out.keySet().stream().map(String::valueOf).toList());
            try (PreparedStatement ps = c.prepareStatement("SELECT activity_id, child_id FROM activities_participant WHERE activity_id IN ("
                    + ids + ") ORDER BY child_id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.get(rs.getLong(1)).participants().add(rs.getLong(2));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM activities_evidence WHERE activity_id IN (" + ids + ") ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    EvidenceFile f = evidenceFile(rs);
                    out.get(f.activityId()).evidence().add(f);
                }
            }
            return new ArrayList<>(out.values());
        }
    }

    // ---- evidence ----

    EvidenceFile addEvidence(long activity, long school, String fileName, String mediaType, long size, String sha256, String user)
            throws SQLException {
        long id = tx(c -> insert(c, "INSERT INTO activities_evidence (activity_id, school_id, file_name, media_type, size_bytes, sha256,"
                + " uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", activity, school, fileName, mediaType, size, sha256, user, now()));
        return evidenceFile(id).orElseThrow();
    }

    Optional<EvidenceFile> evidenceFile(long id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM activities_evidence WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(evidenceFile(rs)) : Optional.empty();
            }
        }
    }

    List<EvidenceFile> evidence(long activity) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM activities_evidence WHERE activity_id = ? ORDER BY id")) {
            ps.setLong(1, activity);
            List<EvidenceFile> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(evidenceFile(rs));
                }
            }
            return out;
        }
    }

    void deleteEvidence(long id) throws SQLException {
        tx(c -> update(c, "DELETE FROM activities_evidence WHERE id = ?", id));
    }

    /** @return whether any evidence row still names the content */
    boolean evidenceInUse(String sha256) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM activities_evidence WHERE sha256 = ? LIMIT 1")) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** @return every content hash the evidence table names */
    Set<String> evidenceHashes() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT DISTINCT sha256 FROM activities_evidence");
                ResultSet rs = ps.executeQuery()) {
            Set<String> out = new java.util.HashSet<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static EvidenceFile evidenceFile(ResultSet rs) throws SQLException {
        return new EvidenceFile(rs.getLong("id"), rs.getLong("activity_id"), rs.getLong("school_id"), rs.getString("file_name"),
                rs.getString("media_type"), rs.getLong("size_bytes"), rs.getString("sha256"), rs.getString("uploaded_by"),
                rs.getObject("uploaded_at", OffsetDateTime.class));
    }

    // ---- per-child records ----

    ChildRecord createRecord(ChildRecord r) throws SQLException {
        long id = tx(c -> insert(c, "INSERT INTO activities_record (school_id, child_id, kind, occurred_on, until_on, scheme, counterpart,"
                + " occasion, minutes, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.schoolId(), r.childId(),
                r.kind(), r.occurredOn(), orNull(r.untilOn(), Types.DATE), orNull(r.scheme(), Types.VARCHAR),
                orNull(r.counterpart(), Types.VARCHAR), orNull(r.occasion(), Types.VARCHAR), orNull(r.minutes(), Types.INTEGER),
                orNull(r.note(), Types.VARCHAR), r.createdBy(), now()));
        return record(id).orElseThrow();
    }

    Optional<ChildRecord> record(long id) throws SQLException {
        List<ChildRecord> r = records("id = ?", List.of(id));
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** A child's records in [from, to] (a pair: when it overlaps the range), newest first. */
    List<ChildRecord> records(long child, LocalDate from, LocalDate to) throws SQLException {
        return records("child_id = ? AND occurred_on <= ? AND (occurred_on >= ? OR kind = 'PAIR' AND (until_on IS NULL OR until_on >= ?))",
                List.of(child, to, from, from));
    }

    /** The school's records in [from, to], of one kind or every kind ({@code null}). */
    List<ChildRecord> schoolRecords(long school, LocalDate from, LocalDate to, String kind) throws SQLException {
        List<Object> args = new ArrayList<>(List.of(school, to, from, from));
        String where = "school_id = ? AND occurred_on <= ? AND (occurred_on >= ? OR kind = 'PAIR' AND (until_on IS NULL OR until_on >= ?))";
        if (kind != null) {
            where += " AND kind = ?";
            args.add(kind);
        }
        return records(where, args);
    }

    private List<ChildRecord> records(String where, List<Object> args) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM activities_record WHERE " + where
                + " ORDER BY occurred_on DESC, id DESC")) {
            bind(ps, args.toArray());
            List<ChildRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int minutes = rs.getInt("minutes");
                    Integer m = rs.wasNull() ? null : minutes;
                    out.add(new ChildRecord(rs.getLong("id"), rs.getLong("school_id"), rs.getLong("child_id"), rs.getString("kind"),
                            date(rs, "occurred_on"), date(rs, "until_on"), rs.getString("scheme"), rs.getString("counterpart"),
                            rs.getString("occasion"), m, rs.getString("note"), rs.getString("created_by"),
                            rs.getObject("created_at", OffsetDateTime.class)));
                }
            }
            return out;
        }
    }

    void deleteRecord(long id) throws SQLException {
        tx(c -> update(c, "DELETE FROM activities_record WHERE id = ?", id));
    }

    /** Ends a pair recorded here on {@code until}. */
    void endPair(long id, LocalDate until) throws SQLException {
        tx(c -> update(c, "UPDATE activities_record SET until_on = ? WHERE id = ? AND kind = 'PAIR'", until, id));
    }

    // ---- evidence for coverage ----

    /**
     * Every child's evidence in the school between {@code from} and {@code to}: activities attended, records, and, when
     * {@code ownPairs}, the pairs and talks recorded here.
     */
    Map<Long, ChildEvidence> evidence(long school, LocalDate from, LocalDate to, boolean ownPairs) throws SQLException {
        Map<Long, Map<String, List<LocalDate>>> acts = new HashMap<>();
        Map<Long, List<LocalDate>> home = new HashMap<>();
        Map<Long, Map<String, List<LocalDate>>> recs = new HashMap<>();
        Map<Long, Map<String, List<LocalDate>>> pairs = new HashMap<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT p.child_id, a.type, a.held_on, a.at_home FROM activities_activity a"
                    + " JOIN activities_participant p ON p.activity_id = a.id WHERE a.school_id = ? AND a.held_on >= ? AND a.held_on <= ?")) {
                bind(ps, school, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long child = rs.getLong(1);
                        LocalDate d = rs.getDate(3).toLocalDate();
                        acts.computeIfAbsent(child, k -> new HashMap<>()).computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(d);
                        if (rs.getBoolean(4)) {
                            home.computeIfAbsent(child, k -> new ArrayList<>()).add(d);
                        }
                    }
                }
            }
            List<ChildRecord> talks = new ArrayList<>();
            for (ChildRecord r : schoolRecords(school, from, to, null)) {
                if (r.kind().equals("PAIR")) {
                    if (ownPairs && r.scheme() != null) {
                        pairs.computeIfAbsent(r.childId(), k -> new HashMap<>()).computeIfAbsent(r.scheme(), k -> new ArrayList<>());
                    }
                } else if (r.kind().equals("TALK") && r.scheme() != null) {
                    if (ownPairs) {
                        talks.add(r);
                    }
                    // a talk of a scheme also counts as a talk (谈心) for the items that count talks
                    recs.computeIfAbsent(r.childId(), k -> new HashMap<>()).computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r.occurredOn());
                } else {
                    recs.computeIfAbsent(r.childId(), k -> new HashMap<>()).computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r.occurredOn());
                }
            }
            for (ChildRecord t : talks) {
                Map<String, List<LocalDate>> p = pairs.get(t.childId());
                if (p != null && p.containsKey(t.scheme())) {
                    p.get(t.scheme()).add(t.occurredOn());
                }
            }
        }
        Set<Long> children = new java.util.HashSet<>(acts.keySet());
        children.addAll(home.keySet());
        children.addAll(recs.keySet());
        children.addAll(pairs.keySet());
        Map<Long, ChildEvidence> out = new HashMap<>();
        for (Long child : children) {
            out.put(child, new ChildEvidence(acts.getOrDefault(child, Map.of()), home.getOrDefault(child, List.of()),
                    recs.getOrDefault(child, Map.of()), pairs.getOrDefault(child, Map.of())));
        }
        return out;
    }

    // ---- 留守儿童之家 ----

    Optional<Home> home(long school) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM activities_home WHERE school_id = ?")) {
            ps.setLong(1, school);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Home(school, rs.getString("name"), date(rs, "opened_on"), rs.getString("manager"),
                        rs.getString("note"), rs.getObject("updated_at", OffsetDateTime.class))) : Optional.empty();
            }
        }
    }

    Home putHome(Home h) throws SQLException {
        upsert(c -> {
            Object[] args = { h.name(), orNull(h.openedOn(), Types.DATE), orNull(h.manager(), Types.VARCHAR), orNull(h.note(), Types.VARCHAR), now(),
                    h.schoolId() };
            if (update(c, "UPDATE activities_home SET name = ?, opened_on = ?, manager = ?, note = ?, updated_at = ? WHERE school_id = ?", args) == 0) {
                update(c, "INSERT INTO activities_home (name, opened_on, manager, note, updated_at, school_id) VALUES (?, ?, ?, ?, ?, ?)", args);
            }
            return null;
        });
        return home(h.schoolId()).orElseThrow();
    }

    List<Resource> resources(long school) throws SQLException {
        return resources("school_id = ?", school);
    }

    Optional<Resource> resource(long id) throws SQLException {
        List<Resource> r = resources("id = ?", id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    private List<Resource> resources(String where, long arg) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM activities_home_resource WHERE " + where + " ORDER BY kind, id")) {
            ps.setLong(1, arg);
            List<Resource> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Resource(rs.getLong("id"), rs.getLong("school_id"), rs.getString("kind"), rs.getString("name"),
                            rs.getInt("quantity"), rs.getString("note"), rs.getObject("updated_at", OffsetDateTime.class)));
                }
            }
            return out;
        }
    }

    Resource putResource(Resource r) throws SQLException {
        long id = tx(c -> {
            if (r.id() == null) {
                return insert(c, "INSERT INTO activities_home_resource (school_id, kind, name, quantity, note, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                        r.schoolId(), r.kind(), r.name(), r.quantity(), orNull(r.note(), Types.VARCHAR), now());
            }
            update(c, "UPDATE activities_home_resource SET kind = ?, name = ?, quantity = ?, note = ?, updated_at = ? WHERE id = ?", r.kind(),
                    r.name(), r.quantity(), orNull(r.note(), Types.VARCHAR), now(), r.id());
            return r.id();
        });
        return resource(id).orElseThrow();
    }

    void deleteResource(long id) throws SQLException {
        tx(c -> update(c, "DELETE FROM activities_home_resource WHERE id = ?", id));
    }

    /** @return the number of activities and records of the school in [from, to] */
    Map<String, Long> counts(long school, LocalDate from, LocalDate to) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT type, COUNT(*) FROM activities_activity WHERE school_id = ? AND held_on >= ?"
                    + " AND held_on <= ? GROUP BY type ORDER BY type")) {
                bind(ps, school, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put("activity:" + rs.getString(1), rs.getLong(2));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, COUNT(*) FROM activities_record WHERE school_id = ? AND occurred_on >= ?"
                    + " AND occurred_on <= ? GROUP BY kind ORDER BY kind")) {
                bind(ps, school, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put("record:" + rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        return out;
    }
}
