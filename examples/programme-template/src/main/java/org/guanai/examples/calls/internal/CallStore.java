package org.guanai.examples.calls.internal;

import java.time.Instant;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.guanai.sdk.data.Database;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's table {@code calls_call} on the platform's database. Its migrations ({@code db/calls/V*.sql} in this
 * bundle) run before the store is used; an updated bundle brings new scripts and they run forward.
 */
@Component(service = CallStore.class)
public final class CallStore {
    /** The calls of one month and their minutes. */
    public record Month(long calls, long minutes) {
    }

    private final Database db;

    @Activate
    public CallStore(@Reference Database db) {
        db.migrate();
        this.db = db;
    }

    /** @return the call, stored, with its id */
    Call record(Call c) {
        long id = db.tx(sql -> sql.insert("INSERT INTO calls_call (child_id, school_id, parent_role, called_at, minutes, note, recorded_by)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", c.childId(), c.schoolId(), c.parentRole(), c.calledAt(), c.minutes(), c.note(), c.recordedBy()));
        return new Call(id, c.childId(), c.schoolId(), c.parentRole(), c.calledAt(), c.minutes(), c.note(), c.recordedBy());
    }

    /** @return a child's calls, the latest first */
    List<Call> forChild(long childId) {
        return db.read(sql -> sql.list("SELECT * FROM calls_call WHERE child_id = ? ORDER BY called_at DESC, id DESC", Call::of, childId));
    }

    /** @return for each month of the year, in China time ({@code 2026-03}), a school's calls and their minutes */
    Map<String, Month> monthly(long schoolId, int year) {
        Map<String, Month> out = new LinkedHashMap<>();
        for (int m = 1; m <= 12; m++) {
            out.put(YearMonth.of(year, m).toString(), new Month(0, 0));
        }
        Instant from = YearMonth.of(year, 1).atDay(1).atStartOfDay(CareCalendar.ZONE).toInstant();
        Instant to = YearMonth.of(year + 1, 1).atDay(1).atStartOfDay(CareCalendar.ZONE).toInstant();
        db.read(sql -> sql.list("SELECT * FROM calls_call WHERE school_id = ? AND called_at >= ? AND called_at < ?", Call::of, schoolId, from, to))
                .forEach(c -> out.merge(YearMonth.from(c.calledAt().atZone(CareCalendar.ZONE)).toString(), new Month(1, c.minutes()),
                        (a, b) -> new Month(a.calls() + b.calls(), a.minutes() + b.minutes())));
        return out;
    }
}
