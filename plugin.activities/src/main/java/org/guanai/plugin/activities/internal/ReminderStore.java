package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.guanai.sdk.data.Database;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The semester-end reminders of a school: how many weeks before a semester ends they are due ({@code activities_settings})
 * and those posted, once per school and semester ({@code activities_reminder}).
 */
@Component(service = ReminderStore.class)
public final class ReminderStore {
    static final int DEFAULT_REMINDER_WEEKS = 3;

    private final Database db;
    private final CareCalendar calendar;

    @Activate
    public ReminderStore(@Reference Tables tables, @Reference CareCalendar calendar) {
        this.db = tables.db();
        this.calendar = calendar;
    }

    /** @return how many weeks before a semester ends its reminder is due ({@value #DEFAULT_REMINDER_WEEKS} unless set) */
    int reminderWeeks(long school) {
        return db.read(sql -> sql.one("SELECT reminder_weeks FROM activities_settings WHERE school_id = ?", rs -> rs.getInt(1), school))
                .orElse(DEFAULT_REMINDER_WEEKS);
    }

    void setReminderWeeks(long school, int weeks) {
        db.txRetrying(sql -> {
            if (sql.update("UPDATE activities_settings SET reminder_weeks = ? WHERE school_id = ?", weeks, school) == 0) {
                sql.update("INSERT INTO activities_settings (school_id, reminder_weeks) VALUES (?, ?)", school, weeks);
            }
            return null;
        });
    }

    /** Records that the reminder of a semester was posted; {@code false} if it already was. */
    boolean markReminded(long school, LocalDate semesterStart, int childrenWithGaps) {
        // a concurrent check that inserted first makes the retry find the row: posted once
        return db.txRetrying(sql -> {
            if (sql.count("SELECT COUNT(*) FROM activities_reminder WHERE school_id = ? AND semester_start = ?", school, semesterStart) > 0) {
                return false;
            }
            sql.update("INSERT INTO activities_reminder (school_id, semester_start, posted_at, children_with_gaps) VALUES (?, ?, ?, ?)",
                    school, semesterStart, calendar.now(), childrenWithGaps);
            return true;
        });
    }

    /** @return the reminders posted for the school: semester start, posted at, children with gaps */
    List<Map<String, Object>> reminders(long school) {
        return db.read(sql -> sql.list("SELECT * FROM activities_reminder WHERE school_id = ? ORDER BY semester_start DESC", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("semesterStart", rs.getObject("semester_start", LocalDate.class));
            m.put("postedAt", rs.getObject("posted_at", OffsetDateTime.class));
            m.put("childrenWithGaps", rs.getInt("children_with_gaps"));
            return m;
        }, school));
    }
}
