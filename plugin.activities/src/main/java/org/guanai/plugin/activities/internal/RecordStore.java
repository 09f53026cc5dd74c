package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.guanai.plugin.activities.internal.Model.ChildRecord;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Per-child records ({@code activities_record}): calls, letters, deeds, talks, pairs recorded here … */
@Component(service = RecordStore.class)
public final class RecordStore {
    /** A record in [from, to]: one of its day, or a pair that started before {@code to} and had not ended by {@code from}. */
    private static final String IN_RANGE = "occurred_on <= ? AND (occurred_on >= ? OR kind = 'PAIR' AND (until_on IS NULL OR until_on >= ?))";

    private final Database db;
    private final CareCalendar calendar;

    @Activate
    public RecordStore(@Reference Tables tables, @Reference CareCalendar calendar) {
        this.db = tables.db();
        this.calendar = calendar;
    }

    /** Stores a record; @return it as stored */
    ChildRecord createRecord(ChildRecord r) {
        long id = db.tx(sql -> sql.insert("INSERT INTO activities_record (school_id, child_id, kind, occurred_on, until_on, scheme, counterpart,"
                + " occasion, minutes, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.schoolId(), r.childId(),
                r.kind(), r.occurredOn(), r.untilOn(), r.scheme(), r.counterpart(), r.occasion(), r.minutes(), r.note(), r.createdBy(),
                calendar.now()));
        return record(id).orElseThrow();
    }

    Optional<ChildRecord> record(long id) {
        return records("id = ?", id).stream().findFirst();
    }

    /** A child's records in [from, to] (a pair: when it overlaps the range), newest first. */
    List<ChildRecord> records(long child, LocalDate from, LocalDate to) {
        return records("child_id = ? AND " + IN_RANGE, child, to, from, from);
    }

    /** The school's records in [from, to] (a pair: when it overlaps the range), newest first. */
    List<ChildRecord> recordsOfSchool(long school, LocalDate from, LocalDate to) {
        return records("school_id = ? AND " + IN_RANGE, school, to, from, from);
    }

    private List<ChildRecord> records(String where, Object... args) {
        return db.read(sql -> sql.list("SELECT * FROM activities_record WHERE " + where + " ORDER BY occurred_on DESC, id DESC",
                rs -> new ChildRecord(rs.getLong("id"), rs.getLong("school_id"), rs.getLong("child_id"), rs.getString("kind"),
                        rs.getObject("occurred_on", LocalDate.class), rs.getObject("until_on", LocalDate.class), rs.getString("scheme"),
                        rs.getString("counterpart"), rs.getString("occasion"), rs.getObject("minutes", Integer.class), rs.getString("note"),
                        rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class)),
                args));
    }

    void deleteRecord(long id) {
        db.tx(sql -> sql.update("DELETE FROM activities_record WHERE id = ?", id));
    }

    /** Ends a pair recorded here on {@code until}. */
    void endPair(long id, LocalDate until) {
        db.tx(sql -> sql.update("UPDATE activities_record SET until_on = ? WHERE id = ? AND kind = 'PAIR'", until, id));
    }
}
