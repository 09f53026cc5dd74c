package org.guanai.plugin.home.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.dto.Page;
import org.guanai.plugin.home.internal.Model.Call;
import org.guanai.plugin.home.internal.Model.CallKind;
import org.guanai.plugin.home.internal.Model.Duty;
import org.guanai.plugin.home.internal.Model.Equipment;
import org.guanai.plugin.home.internal.Model.Hours;
import org.guanai.plugin.home.internal.Model.Item;
import org.guanai.plugin.home.internal.Model.Loan;
import org.guanai.plugin.home.internal.Model.Range;
import org.guanai.plugin.home.internal.Model.Seed;
import org.guanai.plugin.home.internal.Model.Standard;
import org.guanai.plugin.home.internal.Model.Talk;
import org.guanai.plugin.home.internal.Model.Tv;
import org.guanai.sdk.data.Columns;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Row;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's tables on its database: the 八有, equipment, hours, duty, and the logs. Rows of a log carry the child
 * id; names are the registry's, added by the API for the children the caller reaches. {@code only} (a list's children
 * ids) is {@code null} for the whole school.
 */
@Component(service = HomeStore.class)
public final class HomeStore {
    private final Database db;

    @Activate
    public HomeStore(@Reference Database db) {
        db.migrate();
        this.db = db;
    }

    // ---- 八有

    /** @return the eight items, in order, each as last checked (never checked: not met) */
    List<Standard> standard(long school) {
        Map<Item, Standard> found = new EnumMap<>(Item.class);
        db.read(sql -> sql.list("SELECT * FROM home_standard WHERE school_id = ?", rs -> found.put(Item.valueOf(rs.getString("item")),
                new Standard(Item.valueOf(rs.getString("item")), rs.getBoolean("met"), rs.getString("evidence"),
                        rs.getObject("checked_on", LocalDate.class), rs.getString("checked_by"))), school));
        return Arrays.stream(Item.values()).map(i -> found.getOrDefault(i, new Standard(i, false, null, null, null))).toList();
    }

    void check(long school, Standard s) {
        db.txRetrying(sql -> {
            sql.update("DELETE FROM home_standard WHERE school_id = ? AND item = ?", school, s.item());
            return sql.update("INSERT INTO home_standard (school_id, item, met, evidence, checked_on, checked_by) VALUES (?, ?, ?, ?, ?, ?)",
                    school, s.item(), s.met(), s.evidence(), s.checkedOn(), s.checkedBy());
        });
    }

    // ---- equipment

    /** @return the checklist's items (added for the school the first time) then the school's own, with shortfalls */
    List<Equipment> equipment(long school) {
        List<Equipment> found = equipmentRows(school);
        if (found.stream().filter(e -> e.code() != null).count() == Seed.values().length) {
            return found;
        }
        db.tx(sql -> {
            List<Object[]> seeds = new ArrayList<>();
            for (Seed s : Seed.values()) {
                seeds.add(new Object[] { school, s.name(), s.zh, s.required });
            }
            return sql.batch("INSERT INTO home_equipment (school_id, code, name, required) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", seeds);
        });
        return equipmentRows(school);
    }

    private List<Equipment> equipmentRows(long school) {
        return db.read(sql -> sql.list("SELECT * FROM home_equipment WHERE school_id = ? ORDER BY CASE WHEN code IS NULL THEN 1 ELSE 0 END, id",
                HomeStore::equipment, school));
    }

    Optional<Equipment> equipmentItem(long school, long id) {
        return db.read(sql -> sql.one("SELECT * FROM home_equipment WHERE school_id = ? AND id = ?", HomeStore::equipment, school, id));
    }

    Equipment addEquipment(long school, String name, int required, int present) {
        long id = db.tx(sql -> sql.insert("INSERT INTO home_equipment (school_id, name, required, present) VALUES (?, ?, ?, ?)", school, name,
                required, present));
        return equipmentItem(school, id).orElseThrow();
    }

    void setPresent(long school, long id, int present) {
        db.tx(sql -> sql.update("UPDATE home_equipment SET present = ? WHERE school_id = ? AND id = ?", present, school, id));
    }

    void deleteEquipment(long school, long id) {
        db.tx(sql -> sql.update("DELETE FROM home_equipment WHERE school_id = ? AND id = ? AND code IS NULL", school, id));
    }

    private static Equipment equipment(ResultSet rs) throws SQLException {
        int required = rs.getInt("required");
        int present = rs.getInt("present");
        return new Equipment(rs.getLong("id"), rs.getString("code"), rs.getString("name"), required, present, Math.max(0, required - present));
    }

    // ---- hours and duty

    Hours hours(long school) {
        return db.read(sql -> new Hours(sql.list("SELECT * FROM home_hours WHERE school_id = ? ORDER BY weekday, opens", rs -> new Range(
                rs.getInt("weekday"), rs.getString("opens"), rs.getString("closes")), school),
                sql.one("SELECT note FROM home_hours_note WHERE school_id = ?", rs -> rs.getString(1), school).orElse(null)));
    }

    /** Replaces the school's hours and note. */
    void setHours(long school, Hours h) {
        db.txRetrying(sql -> {
            sql.update("DELETE FROM home_hours WHERE school_id = ?", school);
            sql.update("DELETE FROM home_hours_note WHERE school_id = ?", school);
            sql.batch("INSERT INTO home_hours (school_id, weekday, opens, closes) VALUES (?, ?, ?, ?)",
                    h.ranges().stream().map(r -> new Object[] { school, r.weekday(), r.opens(), r.closes() }).toList());
            return h.note() == null ? 0 : sql.update("INSERT INTO home_hours_note (school_id, note) VALUES (?, ?)", school, h.note());
        });
    }

    /** @return the roster: dated turns first (by date), then the weekly ones (by weekday) */
    List<Duty> duties(long school) {
        return db.read(sql -> sql.list("SELECT * FROM home_duty WHERE school_id = ? ORDER BY on_date NULLS LAST, weekday, id", rs -> {
            int weekday = rs.getInt("weekday");
            Integer day = rs.wasNull() ? null : weekday;
            return new Duty(rs.getLong("id"), rs.getLong("staff_id"), rs.getString("staff_name"), rs.getObject("on_date", LocalDate.class), day,
                    Columns.longOrNull(rs, "class_id"), rs.getString("responsible"));
        }, school));
    }

    long addDuty(long school, Duty d) {
        return db.tx(sql -> sql.insert("INSERT INTO home_duty (school_id, staff_id, staff_name, on_date, weekday, class_id, responsible)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", school, d.staffId(), d.staffName(), d.onDate(), d.weekday(), d.classId(), d.responsible()));
    }

    boolean deleteDuty(long school, long id) {
        return db.tx(sql -> sql.update("DELETE FROM home_duty WHERE school_id = ? AND id = ?", school, id)) > 0;
    }

    // ---- logs

    private static String only(Collection<Long> children) {
        return children == null ? "" : children.isEmpty() ? " AND 1 = 0" : " AND child_id IN (" + String.join(",", children.stream()
                .map(c -> "?").toList()) + ")";
    }

    private static Object[] args(Collection<Long> children, Object... first) {
        List<Object> out = new ArrayList<>(Arrays.asList(first));
        if (children != null) {
            out.addAll(children);
        }
        return out.toArray();
    }

    private <T> Page<T> page(String table, String where, Object[] args, String order, Row<T> row, int page, int size) {
        return db.read(sql -> {
            Object[] paged = Arrays.copyOf(args, args.length + 2);
            paged[args.length] = size;
            paged[args.length + 1] = (long) page * size;
            return new Page<>(sql.list("SELECT * FROM " + table + " WHERE " + where + " ORDER BY " + order + " LIMIT ? OFFSET ?", row, paged),
                    sql.count("SELECT COUNT(*) FROM " + table + " WHERE " + where, args), page, size);
        });
    }

    long lend(long school, long child, String title, LocalDate lentOn, LocalDate dueOn, String user) {
        return db.tx(sql -> sql.insert("INSERT INTO home_loan (school_id, child_id, title, lent_on, due_on, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
                school, child, title, lentOn, dueOn, user));
    }

    /** @return a page of loans, the latest first; {@code overdue}: only those not returned and due before {@code today} */
    Page<Loan> loans(long school, Collection<Long> only, boolean overdue, LocalDate today, int page, int size) {
        String where = "school_id = ?" + (overdue ? " AND returned_on IS NULL AND due_on < ?" : "") + only(only);
        Object[] args = overdue ? args(only, school, today) : args(only, school);
        return page("home_loan", where, args, overdue ? "due_on, id" : "lent_on DESC, id DESC", rs -> loan(rs, today), page, size);
    }

    Optional<Loan> loan(long school, long id, LocalDate today) {
        return db.read(sql -> sql.one("SELECT * FROM home_loan WHERE school_id = ? AND id = ?", rs -> loan(rs, today), school, id));
    }

    /** @return whether the loan was still out (and is now returned) */
    boolean giveBack(long school, long id, LocalDate on) {
        return db.tx(sql -> sql.update("UPDATE home_loan SET returned_on = ? WHERE school_id = ? AND id = ? AND returned_on IS NULL", on, school,
                id)) > 0;
    }

    private static Loan loan(ResultSet rs, LocalDate today) throws SQLException {
        LocalDate due = rs.getObject("due_on", LocalDate.class);
        LocalDate back = rs.getObject("returned_on", LocalDate.class);
        return new Loan(rs.getLong("id"), rs.getLong("child_id"), null, rs.getString("title"), rs.getObject("lent_on", LocalDate.class), due, back,
                back == null && due.isBefore(today));
    }

    long call(long school, Call c, String user) {
        return db.tx(sql -> sql.insert("INSERT INTO home_call (school_id, child_id, kind, guardian_id, parent_id, whom, started_at, minutes,"
                + " recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", school, c.childId(), c.kind(), c.guardianId(), c.parentId(), c.whom(),
                c.startedAt(), c.minutes(), user));
    }

    Page<Call> calls(long school, Collection<Long> only, LocalDate from, LocalDate to, int page, int size) {
        return page("home_call", "school_id = ? AND started_at >= ? AND started_at < ?" + only(only), args(only, school, from.atStartOfDay(),
                to.plusDays(1).atStartOfDay()), "started_at DESC, id DESC", rs -> {
                    return new Call(rs.getLong("id"), rs.getLong("child_id"), null, CallKind.valueOf(rs.getString("kind")),
                            Columns.longOrNull(rs, "guardian_id"), Columns.longOrNull(rs, "parent_id"), rs.getString("whom"), rs.getObject("started_at", LocalDateTime.class), rs.getInt("minutes"));
                }, page, size);
    }

    long talk(long school, Talk t, String user) {
        return db.tx(sql -> sql.insert("INSERT INTO home_talk (school_id, child_id, staff_id, staff_name, held_on, summary, recorded_by)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", school, t.childId(), t.staffId(), t.staffName(), t.heldOn(), t.summary(), user));
    }

    Page<Talk> talks(long school, Collection<Long> only, int page, int size) {
        return page("home_talk", "school_id = ?" + only(only), args(only, school), "held_on DESC, id DESC", rs -> new Talk(rs.getLong("id"),
                rs.getLong("child_id"), null, rs.getLong("staff_id"), rs.getString("staff_name"), rs.getObject("held_on", LocalDate.class),
                rs.getString("summary")), page, size);
    }

    long tv(long school, Tv t, String user) {
        return db.tx(sql -> sql.insert("INSERT INTO home_tv (school_id, shown_on, title, minutes, children, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
                school, t.shownOn(), t.title(), t.minutes(), t.children(), user));
    }

    Page<Tv> tvs(long school, LocalDate from, LocalDate to, int page, int size) {
        return page("home_tv", "school_id = ? AND shown_on >= ? AND shown_on <= ?", new Object[] { school, from, to }, "shown_on DESC, id DESC",
                rs -> new Tv(rs.getLong("id"), rs.getObject("shown_on", LocalDate.class), rs.getString("title"), rs.getInt("minutes"),
                        rs.getInt("children")), page, size);
    }

    // ---- what others count

    /** One use of the home by a child: {@code kind} is LOAN, CALL, VIDEO_CALL or TALK. */
    record Use(long childId, String kind, LocalDate date) {
    }

    /** @return the uses of the home by the school's children in [from, to], by child then day */
    List<Use> uses(long school, LocalDate from, LocalDate to) {
        return db.read(sql -> sql.list("SELECT child_id, 'LOAN' AS kind, lent_on AS d FROM home_loan WHERE school_id = ? AND lent_on >= ?"
                + " AND lent_on <= ? UNION ALL SELECT child_id, kind, CAST(started_at AS DATE) FROM home_call WHERE school_id = ? AND started_at >= ?"
                + " AND started_at < ? UNION ALL SELECT child_id, 'TALK', held_on FROM home_talk WHERE school_id = ? AND held_on >= ? AND held_on <= ?"
                + " ORDER BY 1, 3, 2", rs -> new Use(rs.getLong(1), rs.getString(2), rs.getObject(3, LocalDate.class)), school, from, to, school,
                from.atStartOfDay(), to.plusDays(1).atStartOfDay(), school, from, to));
    }

    /** 报表: calls and videos, children who called, loans and talks in [from, to]. */
    record Figures(long calls, long callers, long loans, long talks) {
    }

    Figures figures(long school, LocalDate from, LocalDate to) {
        return db.read(sql -> {
            String calls = " FROM home_call WHERE school_id = ? AND started_at >= ? AND started_at < ?";
            Object[] c = { school, from.atStartOfDay(), to.plusDays(1).atStartOfDay() };
            return new Figures(sql.count("SELECT COUNT(*)" + calls, c), sql.count("SELECT COUNT(DISTINCT child_id)" + calls, c),
                    sql.count("SELECT COUNT(*) FROM home_loan WHERE school_id = ? AND lent_on >= ? AND lent_on <= ?", school, from, to),
                    sql.count("SELECT COUNT(*) FROM home_talk WHERE school_id = ? AND held_on >= ? AND held_on <= ?", school, from, to));
        });
    }

    /** @return how many of the 八有 were met as last checked on or before {@code day} */
    long metOn(long school, LocalDate day) {
        return db.read(sql -> sql.count("SELECT COUNT(*) FROM home_standard WHERE school_id = ? AND met AND checked_on <= ?", school, day));
    }
}
