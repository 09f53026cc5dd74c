package org.guanai.plugin.activities.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.guanai.plugin.activities.internal.Coverage.ChildEvidence;
import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.plugin.activities.internal.Model.ChildRecord;
import org.guanai.plugin.activities.internal.Model.EvidenceFile;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Sql;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's tables ({@code activities_*}) on the platform's database, migrated by {@link Tables}. SQL that runs on
 * H2 (PostgreSQL mode) and PostgreSQL.
 */
@Component(service = ActivityStore.class)
public final class ActivityStore {
    private final Database db;
    private final CareCalendar calendar;

    @Activate
    public ActivityStore(@Reference Tables tables, @Reference CareCalendar calendar) {
        this.db = tables.db();
        this.calendar = calendar;
    }

    // ---- activities ----

    Activity createActivity(Activity a) {
        long id = db.tx(sql -> {
            long key = sql.insert("INSERT INTO activities_activity (school_id, held_on, type, title, organiser, at_home, note, created_by,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", a.schoolId(), a.heldOn(), a.type(), a.title(), a.organiser(),
                    a.atHome(), a.note(), a.createdBy(), calendar.now());
            writeParticipants(sql, key, a.participants());
            return key;
        });
        return activity(id).orElseThrow();
    }

    Activity updateActivity(Activity a) {
        db.tx(sql -> {
            sql.update("UPDATE activities_activity SET held_on = ?, type = ?, title = ?, organiser = ?, at_home = ?, note = ? WHERE id = ?",
                    a.heldOn(), a.type(), a.title(), a.organiser(), a.atHome(), a.note(), a.id());
            sql.update("DELETE FROM activities_participant WHERE activity_id = ?", a.id());
            writeParticipants(sql, a.id(), a.participants());
            return null;
        });
        return activity(a.id()).orElseThrow();
    }

    private static void writeParticipants(Sql sql, long activity, List<Long> children) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Long child : new LinkedHashSet<>(children)) {
            rows.add(new Object[] { activity, child });
        }
        if (!rows.isEmpty()) {
            sql.batch("INSERT INTO activities_participant (activity_id, child_id) VALUES (?, ?)", rows);
        }
    }

    /** Deletes an activity with its participants and evidence rows; @return the evidence it had (to remove the files) */
    List<EvidenceFile> deleteActivity(long id) {
        return db.tx(sql -> {
            List<EvidenceFile> files = sql.list("SELECT * FROM activities_evidence WHERE activity_id = ? ORDER BY id", ActivityStore::evidenceFile,
                    id);
            sql.update("DELETE FROM activities_evidence WHERE activity_id = ?", id);
            sql.update("DELETE FROM activities_participant WHERE activity_id = ?", id);
            sql.update("DELETE FROM activities_activity WHERE id = ?", id);
            return files;
        });
    }

    Optional<Activity> activity(long id) {
        List<Activity> found = activities("a.id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** @return the school's activities held in [from, to], newest first; {@code homeOnly}: the 留守儿童之家 ledger */
    List<Activity> activities(long school, LocalDate from, LocalDate to, boolean homeOnly) {
        return activities("a.school_id = ? AND a.held_on >= ? AND a.held_on <= ?" + (homeOnly ? " AND a.at_home = TRUE" : ""), school, from,
                to);
    }

    private List<Activity> activities(String where, Object... args) {
        return db.read(sql -> {
            Map<Long, Activity> out = new LinkedHashMap<>();
            for (Activity a : sql.list("SELECT * FROM activities_activity a WHERE " + where + " ORDER BY a.held_on DESC, a.id DESC",
                    rs -> new Activity(rs.getLong("id"), rs.getLong("school_id"), rs.getObject("held_on", LocalDate.class), rs.getString("type"),
                            rs.getString("title"), rs.getString("organiser"), rs.getBoolean("at_home"), rs.getString("note"), new ArrayList<>(),
                            new ArrayList<>(), rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class)),
                    args)) {
                out.put(a.id(), a);
            }
            if (out.isEmpty()) {
                return List.of();
            }
            String ids = String.join(",", out.keySet().stream().map(String::valueOf).toList());
            sql.list("SELECT activity_id, child_id FROM activities_participant WHERE activity_id IN (" + ids + ") ORDER BY child_id",
                    rs -> out.get(rs.getLong(1)).participants().add(rs.getLong(2)));
            sql.list("SELECT * FROM activities_evidence WHERE activity_id IN (" + ids + ") ORDER BY id", ActivityStore::evidenceFile)
                    .forEach(f -> out.get(f.activityId()).evidence().add(f));
            return new ArrayList<>(out.values());
        });
    }

    // ---- evidence ----

    EvidenceFile addEvidence(long activity, long school, String fileName, String mediaType, long size, String sha256, String user) {
        long id = db.tx(sql -> sql.insert("INSERT INTO activities_evidence (activity_id, school_id, file_name, media_type, size_bytes, sha256,"
                + " uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", activity, school, fileName, mediaType, size, sha256, user,
                calendar.now()));
        return evidenceFile(id).orElseThrow();
    }

    Optional<EvidenceFile> evidenceFile(long id) {
        return db.read(sql -> sql.one("SELECT * FROM activities_evidence WHERE id = ?", ActivityStore::evidenceFile, id));
    }

    void deleteEvidence(long id) {
        db.tx(sql -> sql.update("DELETE FROM activities_evidence WHERE id = ?", id));
    }

    /** @return whether any evidence row still names the content */
    boolean evidenceInUse(String sha256) {
        return db.read(sql -> sql.count("SELECT COUNT(*) FROM activities_evidence WHERE sha256 = ?", sha256)) > 0;
    }

    /** @return every content hash the evidence table names */
    Set<String> evidenceHashes() {
        return new HashSet<>(db.read(sql -> sql.list("SELECT DISTINCT sha256 FROM activities_evidence", rs -> rs.getString(1))));
    }

    private static EvidenceFile evidenceFile(ResultSet rs) throws SQLException {
        return new EvidenceFile(rs.getLong("id"), rs.getLong("activity_id"), rs.getLong("school_id"), rs.getString("file_name"),
                rs.getString("media_type"), rs.getLong("size_bytes"), rs.getString("sha256"), rs.getString("uploaded_by"),
                rs.getObject("uploaded_at", OffsetDateTime.class));
    }

    // ---- per-child records ----

    ChildRecord createRecord(ChildRecord r) {
        long id = db.tx(sql -> sql.insert("INSERT INTO activities_record (school_id, child_id, kind, occurred_on, until_on, scheme, counterpart,"
                + " occasion, minutes, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.schoolId(), r.childId(),
                r.kind(), r.occurredOn(), r.untilOn(), r.scheme(), r.counterpart(), r.occasion(), r.minutes(), r.note(), r.createdBy(),
                calendar.now()));
        return record(id).orElseThrow();
    }

    Optional<ChildRecord> record(long id) {
        List<ChildRecord> r = records("id = ?", id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    private static final String IN_RANGE = "occurred_on <= ? AND (occurred_on >= ? OR kind = 'PAIR' AND (until_on IS NULL OR until_on >= ?))";

    /** A child's records in [from, to] (a pair: when it overlaps the range), newest first. */
    List<ChildRecord> records(long child, LocalDate from, LocalDate to) {
        return records("child_id = ? AND " + IN_RANGE, child, to, from, from);
    }

    private List<ChildRecord> records(String where, Object... args) {
        return db.read(sql -> sql.list("SELECT * FROM activities_record WHERE " + where + " ORDER BY occurred_on DESC, id DESC", rs -> {
            int minutes = rs.getInt("minutes");
            Integer m = rs.wasNull() ? null : minutes;
            return new ChildRecord(rs.getLong("id"), rs.getLong("school_id"), rs.getLong("child_id"), rs.getString("kind"),
                    rs.getObject("occurred_on", LocalDate.class), rs.getObject("until_on", LocalDate.class), rs.getString("scheme"),
                    rs.getString("counterpart"), rs.getString("occasion"), m, rs.getString("note"), rs.getString("created_by"),
                    rs.getObject("created_at", OffsetDateTime.class));
        }, args));
    }

    void deleteRecord(long id) {
        db.tx(sql -> sql.update("DELETE FROM activities_record WHERE id = ?", id));
    }

    /** Ends a pair recorded here on {@code until}. */
    void endPair(long id, LocalDate until) {
        db.tx(sql -> sql.update("UPDATE activities_record SET until_on = ? WHERE id = ? AND kind = 'PAIR'", until, id));
    }

    // ---- evidence for coverage ----

    /**
     * Every child's evidence in the school between {@code from} and {@code to}: activities attended, records, and, when
     * {@code ownPairs}, the pairs and talks recorded here.
     */
    Map<Long, ChildEvidence> evidence(long school, LocalDate from, LocalDate to, boolean ownPairs) {
        Map<Long, Map<String, List<LocalDate>>> acts = new HashMap<>();
        Map<Long, List<LocalDate>> home = new HashMap<>();
        Map<Long, Map<String, List<LocalDate>>> recs = new HashMap<>();
        Map<Long, Map<String, List<LocalDate>>> pairs = new HashMap<>();
        db.read(sql -> sql.list("SELECT p.child_id, a.type, a.held_on, a.at_home FROM activities_activity a JOIN activities_participant p"
                + " ON p.activity_id = a.id WHERE a.school_id = ? AND a.held_on >= ? AND a.held_on <= ?", rs -> {
                    long child = rs.getLong(1);
                    LocalDate d = rs.getObject(3, LocalDate.class);
                    acts.computeIfAbsent(child, k -> new HashMap<>()).computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(d);
                    if (rs.getBoolean(4)) {
                        home.computeIfAbsent(child, k -> new ArrayList<>()).add(d);
                    }
                    return null;
                }, school, from, to));
        List<ChildRecord> talks = new ArrayList<>();
        for (ChildRecord r : records("school_id = ? AND " + IN_RANGE, school, to, from, from)) {
            if (r.kind().equals("PAIR")) {
                if (ownPairs && r.scheme() != null) {
                    pairs.computeIfAbsent(r.childId(), k -> new HashMap<>()).computeIfAbsent(r.scheme(), k -> new ArrayList<>());
                }
                continue;
            }
            if (r.kind().equals("TALK") && r.scheme() != null && ownPairs) {
                talks.add(r);
            }
            // a talk of a scheme also counts as a talk (谈心) for the items that count talks
            recs.computeIfAbsent(r.childId(), k -> new HashMap<>()).computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r.occurredOn());
        }
        for (ChildRecord t : talks) {
            Map<String, List<LocalDate>> p = pairs.get(t.childId());
            if (p != null && p.containsKey(t.scheme())) {
                p.get(t.scheme()).add(t.occurredOn());
            }
        }
        Set<Long> children = new HashSet<>(acts.keySet());
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

    // ---- totals ----

    /** How many activities of a type, or records of a kind, the school has in a range. */
    record Count(boolean activity, String type, long count) {
    }

    /** @return the number of activities per type and of records per kind of the school in [from, to] */
    List<Count> counts(long school, LocalDate from, LocalDate to) {
        return db.read(sql -> {
            List<Count> out = new ArrayList<>(sql.list("SELECT type, COUNT(*) FROM activities_activity WHERE school_id = ? AND held_on >= ?"
                    + " AND held_on <= ? GROUP BY type ORDER BY type", rs -> new Count(true, rs.getString(1), rs.getLong(2)), school, from, to));
            out.addAll(sql.list("SELECT kind, COUNT(*) FROM activities_record WHERE school_id = ? AND occurred_on >= ? AND occurred_on <= ?"
                    + " GROUP BY kind ORDER BY kind", rs -> new Count(false, rs.getString(1), rs.getLong(2)), school, from, to));
            return out;
        });
    }
}
