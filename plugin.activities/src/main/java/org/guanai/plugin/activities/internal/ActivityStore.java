package org.guanai.plugin.activities.internal;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.plugin.activities.internal.Model.EvidenceFile;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Sql;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Activities ({@code activities_activity}) with the children who took part ({@code activities_participant}) and their
 * photos ({@link EvidenceStore}).
 */
@Component(service = ActivityStore.class)
public final class ActivityStore {
    private final Database db;
    private final EvidenceStore evidence;
    private final CareCalendar calendar;

    @Activate
    public ActivityStore(@Reference Tables tables, @Reference EvidenceStore evidence, @Reference CareCalendar calendar) {
        this.db = tables.db();
        this.evidence = evidence;
        this.calendar = calendar;
    }

    /** Stores an activity with its participants (each once); @return it as stored */
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

    /** Changes an activity and replaces its participants; @return it as stored */
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
            List<EvidenceFile> files = evidence.deleteOfActivity(sql, id);
            sql.update("DELETE FROM activities_participant WHERE activity_id = ?", id);
            sql.update("DELETE FROM activities_activity WHERE id = ?", id);
            return files;
        });
    }

    /** @return the activity with its participants and photos, if there is one */
    Optional<Activity> activity(long id) {
        return activities("a.id = ?", id).stream().findFirst();
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
            evidence.ofActivities(sql, out.keySet()).forEach(f -> out.get(f.activityId()).evidence().add(f));
            return new ArrayList<>(out.values());
        });
    }
}
