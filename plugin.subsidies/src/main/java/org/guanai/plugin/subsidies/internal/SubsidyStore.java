package org.guanai.plugin.subsidies.internal;

import static org.guanai.sdk.data.Columns.instant;
import static org.guanai.sdk.data.Columns.longOrNull;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.plugin.subsidies.internal.Model.Application;
import org.guanai.plugin.subsidies.internal.Model.Entry;
import org.guanai.plugin.subsidies.internal.Model.EntryKind;
import org.guanai.plugin.subsidies.internal.Model.Fund;
import org.guanai.plugin.subsidies.internal.Model.FundKind;
import org.guanai.plugin.subsidies.internal.Model.Level;
import org.guanai.plugin.subsidies.internal.Model.Rate;
import org.guanai.plugin.subsidies.internal.Model.Status;
import org.guanai.plugin.subsidies.internal.Model.Total;
import org.guanai.sdk.data.ConflictException;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Sql;
import org.guanai.sdk.data.Where;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The tables {@code subsidies_fund}, {@code subsidies_rate}, {@code subsidies_application} and the append-only ledger
 * {@code subsidies_entry} on the programme's database. Every state change checks the stored state in its transaction
 * (row locks), so two nodes cannot approve, pay or reverse the same record twice.
 */
@Component(service = SubsidyStore.class)
public final class SubsidyStore {
    private static final String ENTRY = "SELECT e.*, r.id AS reversed_by FROM subsidies_entry e LEFT JOIN subsidies_entry r ON r.reverses_id = e.id ";
    /** Entries that stand: payments and facts not reversed. */
    private static final String STANDING = " e.entry_kind <> 'REVERSAL' AND r.id IS NULL";

    private final Database db;

    @Activate
    public SubsidyStore(@Reference Database db) {
        db.migrate();
        this.db = db;
    }

    List<Fund> funds() {
        return db.read(sql -> {
            Map<String, List<Rate>> rates = new HashMap<>();
            sql.list("SELECT * FROM subsidies_rate ORDER BY school_level, from_year", rs -> rates.computeIfAbsent(rs.getString("fund_code"),
                    k -> new ArrayList<>()).add(new Rate(Level.valueOf(rs.getString("school_level")), rs.getInt("from_year"), rs.getBigDecimal("amount"))));
            return sql.list("SELECT * FROM subsidies_fund ORDER BY sort_order", rs -> new Fund(rs.getString("code"),
                    FundKind.valueOf(rs.getString("kind")), rs.getString("name_zh"), rs.getString("name_en"), rs.getBigDecimal("default_amount"),
                    rs.getBoolean("per_semester"), rates.getOrDefault(rs.getString("code"), List.of())));
        });
    }

    Optional<Fund> fund(String code) {
        return funds().stream().filter(f -> f.code().equals(code)).findFirst();
    }

    /** Sets a fund's amount for a level from a school year on (replacing one set for the same year). */
    void setRate(String fund, Level level, int fromYear, BigDecimal amount, String user) {
        db.tx(sql -> {
            sql.update("DELETE FROM subsidies_rate WHERE fund_code = ? AND school_level = ? AND from_year = ?", fund, level, fromYear);
            return sql.update("INSERT INTO subsidies_rate (fund_code, school_level, from_year, amount, set_by) VALUES (?, ?, ?, ?, ?)", fund, level,
                    fromYear, amount, user);
        });
    }

    /** @return the amount of a fund for a level in a school year: the rate set latest up to that year, else the fund's default */
    Optional<BigDecimal> amount(String fund, Level level, int schoolYear) {
        Optional<BigDecimal> rate = level == null ? Optional.empty()
                : db.read(sql -> sql.one("SELECT amount FROM subsidies_rate WHERE fund_code = ? AND school_level = ? AND from_year <= ?"
                        + " ORDER BY from_year DESC LIMIT 1", rs -> rs.getBigDecimal(1), fund, level, schoolYear));
        return rate.or(() -> fund(fund).map(Fund::defaultAmount));
    }

    /** Stores a submitted application; {@link ConflictException} {@code duplicate} when the child has one standing for the fund and semester. */
    Application apply(Application a, boolean perSemester) {
        String key = perSemester ? a.childId() + ":" + a.fund() + ":" + a.semester() : null;
        long id = db.txRetrying(sql -> {
            if (key != null && sql.count("SELECT COUNT(*) FROM subsidies_application WHERE open_key = ?", key) > 0) {
                throw new ConflictException("duplicate");
            }
            return sql.insert("INSERT INTO subsidies_application (school_id, child_id, fund_code, semester, amount, reason, status, applied_by,"
                    + " applied_at, open_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", a.schoolId(), a.childId(), a.fund(), a.semester(), a.amount(),
                    a.reason(), Status.SUBMITTED, a.appliedBy(), a.appliedAt(), key);
        });
        return application(a.schoolId(), id).orElseThrow();
    }

    Optional<Application> application(long school, long id) {
        return db.read(sql -> sql.one("SELECT * FROM subsidies_application WHERE id = ? AND school_id = ?", SubsidyStore::applicationOf, id, school));
    }

    /** @return a school's applications of a semester (or all, {@code semester} null), of a status or all, the latest first */
    List<Application> applications(long school, String semester, Status status) {
        Where where = Where.of("school_id = ?", school).filter("semester = ?", semester).filter("status = ?", status);
        return db.read(sql -> sql.list("SELECT * FROM subsidies_application " + where + " ORDER BY applied_at DESC, id DESC",
                SubsidyStore::applicationOf, where.args()));
    }

    /**
     * The school's decision ({@code county} false: on a submitted application) or the county's (on one the school
     * approved); a refusal keeps its reason and frees the child's semester for a new application.
     */
    Application decide(long school, long id, boolean county, boolean approve, String refusal, String user, Instant at) {
        db.tx(sql -> {
            Status now = status(sql, school, id);
            if (now != (county ? Status.SCHOOL_APPROVED : Status.SUBMITTED)) {
                throw new ConflictException(county ? "notSchoolApproved" : "notSubmitted");
            }
            Status next = !approve ? Status.REFUSED : county ? Status.APPROVED : Status.SCHOOL_APPROVED;
            String who = county ? "county" : "school";
            return sql.update("UPDATE subsidies_application SET status = ?, " + who + "_by = ?, " + who + "_at = ?, refusal = ?"
                    + (approve ? "" : ", open_key = NULL") + " WHERE id = ?", next, user, at, refusal, id);
        });
        return application(school, id).orElseThrow();
    }

    /** Pays an application the county approved: a PAYMENT entry in the ledger and the application PAID. */
    Entry pay(long school, long id, BigDecimal amount, LocalDate paidOn, String reference, String user, Instant at) {
        long entry = db.tx(sql -> {
            if (status(sql, school, id) != Status.APPROVED) {
                throw new ConflictException("notApproved");
            }
            Application a = sql.one("SELECT * FROM subsidies_application WHERE id = ?", SubsidyStore::applicationOf, id).orElseThrow();
            if (amount.compareTo(a.amount()) > 0) {
                throw new ConflictException("overApproved");
            }
            sql.update("UPDATE subsidies_application SET status = ? WHERE id = ?", Status.PAID, id);
            return insert(sql, new Entry(0, school, a.childId(), a.fund(), a.semester(), EntryKind.PAYMENT, id, null, null, amount, paidOn,
                    reference, null, user, at));
        });
        return entry(entry).orElseThrow();
    }

    /** Records an allowance a child received (a 民政 fact). */
    Entry fact(Entry e) {
        return entry(db.tx(sql -> insert(sql, e))).orElseThrow();
    }

    /**
     * Reverses an entry of the school that stands: a REVERSAL of the opposite amount in the same semester, naming it and
     * why; a reversed payment's application is APPROVED again, to be paid right.
     */
    Entry reverse(long school, long id, String reason, LocalDate on, String user, Instant at) {
        long reversal = db.tx(sql -> {
            Optional<Long> locked = sql.one("SELECT id FROM subsidies_entry WHERE id = ? AND school_id = ? FOR UPDATE", rs -> rs.getLong(1), id,
                    school);
            if (locked.isEmpty()) {
                throw new ConflictException("notFound");
            }
            Entry e = sql.one(ENTRY + "WHERE e.id = ?", SubsidyStore::entryOf, id).orElseThrow();
            if (e.kind() == EntryKind.REVERSAL || e.reversedBy() != null) {
                throw new ConflictException(e.kind() == EntryKind.REVERSAL ? "reversal" : "reversed");
            }
            if (e.applicationId() != null) {
                sql.update("UPDATE subsidies_application SET status = ? WHERE id = ?", Status.APPROVED, e.applicationId());
            }
            return insert(sql, new Entry(0, school, e.childId(), e.fund(), e.semester(), EntryKind.REVERSAL, e.applicationId(), e.id(), null,
                    e.amount().negate(), on, e.reference(), reason, user, at));
        });
        return entry(reversal).orElseThrow();
    }

    Optional<Entry> entry(long id) {
        return db.read(sql -> sql.one(ENTRY + "WHERE e.id = ?", SubsidyStore::entryOf, id));
    }

    /** @return what a child received, from every school, in the order paid (reversals after what they reverse) */
    List<Entry> ledger(long child) {
        return db.read(sql -> sql.list(ENTRY + "WHERE e.child_id = ? ORDER BY e.paid_on, e.id", SubsidyStore::entryOf, child));
    }

    /** @return a school's entries of a semester, in the order paid */
    List<Entry> entries(long school, String semester) {
        return db.read(sql -> sql.list(ENTRY + "WHERE e.school_id = ? AND e.semester = ? ORDER BY e.paid_on, e.id", SubsidyStore::entryOf, school,
                semester));
    }

    /** @return per fund with entries, in the funds' order: children and entries that stand, and the net amount (reversals included) */
    List<Total> totals(long school, String semester) {
        return db.read(sql -> sql.list("SELECT f.code, (SELECT COUNT(DISTINCT e.child_id) FROM subsidies_entry e LEFT JOIN subsidies_entry r"
                + " ON r.reverses_id = e.id WHERE e.school_id = ? AND e.semester = ? AND e.fund_code = f.code AND" + STANDING + ") AS children,"
                + " (SELECT COUNT(*) FROM subsidies_entry e LEFT JOIN subsidies_entry r ON r.reverses_id = e.id WHERE e.school_id = ?"
                + " AND e.semester = ? AND e.fund_code = f.code AND" + STANDING + ") AS entries, SUM(x.amount) AS amount FROM subsidies_fund f"
                + " JOIN subsidies_entry x ON x.fund_code = f.code AND x.school_id = ? AND x.semester = ? GROUP BY f.code, f.sort_order"
                + " ORDER BY f.sort_order", rs -> new Total(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4)), school, semester,
                school, semester, school, semester));
    }

    /** 报表: the children supported and the payments and allowances paid between two days that stand. */
    record Figures(long children, long payments) {
    }

    Figures figures(long school, LocalDate from, LocalDate to) {
        String standing = " FROM subsidies_entry e LEFT JOIN subsidies_entry r ON r.reverses_id = e.id WHERE e.school_id = ? AND e.paid_on >= ?"
                + " AND e.paid_on <= ? AND" + STANDING;
        return db.read(sql -> new Figures(sql.count("SELECT COUNT(DISTINCT e.child_id)" + standing, school, from, to),
                sql.count("SELECT COUNT(*)" + standing, school, from, to)));
    }

    /** @return counts for the summary: applications waiting for the school, for the county */
    long[] waiting(long school) {
        return db.read(sql -> new long[] { sql.count("SELECT COUNT(*) FROM subsidies_application WHERE school_id = ? AND status = ?", school,
                Status.SUBMITTED), sql.count("SELECT COUNT(*) FROM subsidies_application WHERE school_id = ? AND status = ?", school,
                        Status.SCHOOL_APPROVED) });
    }

    private static Status status(Sql sql, long school, long id) throws SQLException {
        return sql.one("SELECT status FROM subsidies_application WHERE id = ? AND school_id = ? FOR UPDATE", rs -> Status.valueOf(rs.getString(1)),
                id, school).orElseThrow(() -> new ConflictException("notFound"));
    }

    private static long insert(Sql sql, Entry e) throws SQLException {
        return sql.insert("INSERT INTO subsidies_entry (school_id, child_id, fund_code, semester, entry_kind, application_id, reverses_id, amount,"
                + " paid_on, payment_ref, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e.schoolId(), e.childId(),
                e.fund(), e.semester(), e.kind(), e.applicationId(), e.reversesId(), e.amount(), e.paidOn(), e.reference(), e.note(),
                e.recordedBy(), e.recordedAt());
    }


    private static Application applicationOf(ResultSet rs) throws SQLException {
        return new Application(rs.getLong("id"), rs.getLong("school_id"), rs.getLong("child_id"), null, rs.getString("fund_code"),
                rs.getString("semester"), rs.getBigDecimal("amount"), rs.getString("reason"), Status.valueOf(rs.getString("status")),
                rs.getString("applied_by"), instant(rs, "applied_at"), rs.getString("school_by"), instant(rs, "school_at"), rs.getString("county_by"),
                instant(rs, "county_at"), rs.getString("refusal"));
    }

    private static Entry entryOf(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getLong("school_id"), rs.getLong("child_id"), rs.getString("fund_code"), rs.getString("semester"),
                EntryKind.valueOf(rs.getString("entry_kind")), longOrNull(rs, "application_id"), longOrNull(rs, "reverses_id"),
                longOrNull(rs, "reversed_by"), rs.getBigDecimal("amount"), rs.getObject("paid_on", LocalDate.class), rs.getString("payment_ref"),
                rs.getString("note"), rs.getString("recorded_by"), instant(rs, "recorded_at"));
    }
}
