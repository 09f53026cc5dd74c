package org.guanai.plugin.awards.internal;

import static org.guanai.sdk.data.Columns.instant;
import static org.guanai.sdk.data.Columns.longOrNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.plugin.awards.internal.Model.Award;
import org.guanai.plugin.awards.internal.Model.Fact;
import org.guanai.plugin.awards.internal.Model.Nomination;
import org.guanai.plugin.awards.internal.Model.Nominee;
import org.guanai.plugin.awards.internal.Model.NomineeKind;
import org.guanai.plugin.awards.internal.Model.State;
import org.guanai.sdk.data.ConflictException;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Where;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The table {@code awards_nomination} on the programme's database. A decision reads the row {@code FOR UPDATE} and
 * checks its state and version in the same transaction, so two nodes cannot decide one nomination twice.
 */
@Component(service = NominationStore.class)
public final class NominationStore {
    private final Database db;

    @Activate
    public NominationStore(@Reference Database db) {
        db.migrate();
        this.db = db;
    }

    /** @return the new nomination, stored as {@link State#NOMINATED} */
    Nomination create(Nomination n) {
        Nominee p = n.nominee();
        long id = db.tx(sql -> sql.insert("INSERT INTO awards_nomination (school_id, award, school_year, nominee_kind, child_id, staff_id,"
                + " mentor_kind, mentor_id, nominee_name, nominee_role, reason, evidence_zh, evidence_en, state, nominated_by, nominated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", n.schoolId(), n.award(), n.schoolYear(), p.kind(), p.childId(),
                p.staffId(), p.mentorKind(), p.mentorId(), p.name(), p.role(), n.reason(), lines(n.evidence(), true), lines(n.evidence(), false),
                State.NOMINATED, n.nominatedBy(), n.nominatedAt()));
        return get(n.schoolId(), id).orElseThrow();
    }

    private static String lines(List<Fact> facts, boolean zh) {
        return String.join("\n", facts.stream().map(f -> zh ? f.zh() : f.en()).toList());
    }

    /**
     * The school's decision (on a nominated one) or the county's (on one the school approved), at the version the caller
     * saw ({@code null}: the stored one); a refusal keeps its reason. The county's approval grants the award on {@code today}.
     */
    Nomination decide(long school, long id, Long version, boolean county, boolean approve, String refusal, String user, Instant at,
            LocalDate today) {
        db.tx(sql -> {
            Object[] row = sql.one("SELECT state, version FROM awards_nomination WHERE id = ? AND school_id = ? FOR UPDATE",
                    rs -> new Object[] { State.valueOf(rs.getString(1)), rs.getLong(2) }, id, school).orElseThrow(() -> new ConflictException("notFound"));
            if (version != null && version != (long) row[1]) {
                throw new ConflictException("stale");
            }
            if (row[0] != (county ? State.SCHOOL_APPROVED : State.NOMINATED)) {
                throw new ConflictException(county ? "notSchoolApproved" : "notNominated");
            }
            State next = !approve ? State.REFUSED : county ? State.APPROVED : State.SCHOOL_APPROVED;
            String who = county ? "county" : "school";
            return sql.update("UPDATE awards_nomination SET version = version + 1, state = ?, " + who + "_by = ?, " + who + "_at = ?, refusal = ?,"
                    + " granted_on = ? WHERE id = ?", next, user, at, refusal, county && approve ? today : null, id);
        });
        return get(school, id).orElseThrow();
    }

    Optional<Nomination> get(long school, long id) {
        return db.read(sql -> sql.one("SELECT * FROM awards_nomination WHERE id = ? AND school_id = ?", NominationStore::nomination, id, school));
    }

    /** @return a school's nominations of a year and state (either {@code null}: all), the latest first */
    List<Nomination> list(long school, Integer year, State state) {
        Where where = Where.of("school_id = ?", school).filter("school_year = ?", year).filter("state = ?", state);
        return db.read(sql -> sql.list("SELECT * FROM awards_nomination " + where + " ORDER BY nominated_at DESC, id DESC",
                NominationStore::nomination, where.args()));
    }

    /** @return the awards a child of the school was granted (the county approved), the latest first */
    List<Nomination> grantedTo(long school, long child) {
        return db.read(sql -> sql.list("SELECT * FROM awards_nomination WHERE school_id = ? AND child_id = ? AND state = ?"
                + " ORDER BY granted_on DESC, id DESC", NominationStore::nomination, school, child, State.APPROVED));
    }

    /** 报表: per award, the nominations the county approved with {@code granted_on} between two days (inclusive). */
    Map<Award, Long> granted(long school, LocalDate from, LocalDate to) {
        Map<Award, Long> out = new EnumMap<>(Award.class);
        Arrays.stream(Award.values()).forEach(a -> out.put(a, 0L));
        db.read(sql -> sql.list("SELECT award, COUNT(*) FROM awards_nomination WHERE school_id = ? AND state = ? AND granted_on >= ?"
                + " AND granted_on <= ? GROUP BY award", rs -> out.put(Award.valueOf(rs.getString(1)), rs.getLong(2)), school, State.APPROVED, from, to));
        return out;
    }

    private static Nomination nomination(ResultSet rs) throws SQLException {
        String[] zh = rs.getString("evidence_zh").split("\n", -1);
        String[] en = rs.getString("evidence_en").split("\n", -1);
        List<Fact> facts = new ArrayList<>();
        for (int i = 0; i < zh.length && !zh[i].isEmpty(); i++) {
            facts.add(new Fact(zh[i], i < en.length ? en[i] : zh[i]));
        }
        Nominee who = new Nominee(NomineeKind.valueOf(rs.getString("nominee_kind")), longOrNull(rs, "child_id"), longOrNull(rs, "staff_id"),
                rs.getString("mentor_kind"), longOrNull(rs, "mentor_id"), rs.getString("nominee_name"), rs.getString("nominee_role"));
        return new Nomination(rs.getLong("id"), rs.getLong("version"), rs.getLong("school_id"), Award.valueOf(rs.getString("award")),
                rs.getInt("school_year"), who, rs.getString("reason"), facts, State.valueOf(rs.getString("state")), rs.getString("nominated_by"),
                instant(rs, "nominated_at"), rs.getString("school_by"), instant(rs, "school_at"), rs.getString("county_by"), instant(rs, "county_at"),
                rs.getObject("granted_on", LocalDate.class), rs.getString("refusal"));
    }
}
