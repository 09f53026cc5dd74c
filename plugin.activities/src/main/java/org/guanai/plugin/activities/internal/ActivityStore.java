package org.guanai.plugin.activities.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.guanai.plugin.activities.internal.Model.Activity;
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
}
