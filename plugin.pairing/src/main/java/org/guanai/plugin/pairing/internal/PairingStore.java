package org.guanai.plugin.pairing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.guanai.plugin.pairing.internal.Model.Assessment;
import org.guanai.plugin.pairing.internal.Model.EndReason;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.MentorRecord;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.PreconditionRecord;
import org.guanai.plugin.pairing.internal.Model.Proposal;
import org.guanai.plugin.pairing.internal.Model.ProposalItem;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.Basis;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Obligation;
import org.guanai.plugin.pairing.internal.rules.Period;
import org.guanai.plugin.pairing.internal.rules.Precondition;
import org.guanai.plugin.pairing.internal.rules.RecordKind;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.plugin.pairing.internal.rules.Topic;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Sql;
import org.guanai.sdk.data.Work;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's own tables ({@code pairing_*}) on the platform's database; migrations {@code db/pairing/V*.sql} run
 * before first use. SQL that runs on H2 (PostgreSQL mode) and PostgreSQL. A database failure is the SDK's
 * {@link org.guanai.sdk.data.DataException}.
 */
@Component(service = PairingStore.class)
public final class PairingStore {
    private final Database db;
    private final CareCalendar calendar;

    @Activate
    public PairingStore(@Reference Database db, @Reference CareCalendar calendar) {
        db.migrate();
        this.db = db;
        this.calendar = calendar;
    }

    /** Runs {@code work} in one transaction, with the statements of this store that take an {@link Sql}. */
    <T> T tx(Work<T> work) {
        return db.tx(work);
    }

    private static String in(Collection<?> values) {
        return values.stream().map(v -> "?").collect(Collectors.joining(", "));
    }

    // ---- mentors

    private static Mentor mentor(ResultSet rs) throws SQLException {
        return new Mentor(rs.getLong("id"), rs.getLong("school_id"), MentorKind.valueOf(rs.getString("kind")),
                rs.getObject("staff_id", Long.class),
                rs.getObject("child_id", Long.class), rs.getString("name"), rs.getString("phone"), rs.getString("village"),
                rs.getObject("class_id", Long.class), rs.getObject("capacity", Integer.class), rs.getObject("vetted_on", LocalDate.class),
                rs.getBoolean("active"), rs.getObject("left_on", LocalDate.class), rs.getString("note"));
    }

    List<Mentor> mentors(long school, boolean includeInactive) {
        return db.read(sql -> sql.list("SELECT * FROM pairing_mentor WHERE school_id = ?" + (includeInactive ? "" : " AND active = TRUE")
                + " ORDER BY kind, name, id", PairingStore::mentor, school));
    }

    /** @return the mentors with these ids, by id */
    Map<Long, Mentor> mentorsById(Collection<Long> ids) {
        Map<Long, Mentor> out = new HashMap<>();
        if (!ids.isEmpty()) {
            db.read(sql -> sql.list("SELECT * FROM pairing_mentor WHERE id IN (" + in(ids) + ")", PairingStore::mentor, ids.toArray()))
                    .forEach(m -> out.put(m.id(), m));
        }
        return out;
    }

    /** @return the active cadres of the villages, whichever school registered them */
    List<Mentor> cadres(Collection<String> villages) {
        if (villages.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(villages);
        args.add(0, MentorKind.CADRE);
        return db.read(sql -> sql.list("SELECT * FROM pairing_mentor WHERE kind = ? AND active = TRUE AND village IN (" + in(villages) + ")",
                PairingStore::mentor, args.toArray()));
    }

    Optional<Mentor> mentor(long id) {
        return db.read(sql -> mentor(sql, id));
    }

    private static Optional<Mentor> mentor(Sql sql, long id) throws SQLException {
        return sql.one("SELECT * FROM pairing_mentor WHERE id = ?", PairingStore::mentor, id);
    }

    List<Mentor> mentorsOfStaff(long staffId) {
        return db.read(sql -> sql.list("SELECT * FROM pairing_mentor WHERE staff_id = ? ORDER BY id", PairingStore::mentor, staffId));
    }

    Mentor insertMentor(Mentor m, String by) {
        return db.tx(sql -> mentor(sql, sql.insert("INSERT INTO pairing_mentor (school_id, kind, staff_id, child_id, name, phone, village,"
                + " class_id, capacity, vetted_on, active, left_on, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?)", m.schoolId(), m.kind(), m.staffId(), m.childId(), m.name(), m.phone(), m.village(), m.classId(), m.capacity(),
                m.vettedOn(), m.active(), m.leftOn(), m.note(), by, calendar.now())).orElseThrow());
    }

    Mentor updateMentor(Mentor m) {
        return db.tx(sql -> {
            sql.update("UPDATE pairing_mentor SET name = ?, phone = ?, village = ?, class_id = ?, capacity = ?, vetted_on = ?, note = ?,"
                    + " school_id = ? WHERE id = ?", m.name(), m.phone(), m.village(), m.classId(), m.capacity(), m.vettedOn(), m.note(),
                    m.schoolId(), m.id());
            return mentor(sql, m.id()).orElseThrow();
        });
    }

    /** Marks the mentor as gone and ends its pairs; @return the pairs ended */
    List<Pair> mentorLeft(long mentorId, LocalDate on, String by) {
        return endAll("mentor_id", mentorId, on, EndReason.MENTOR_LEFT, by,
                sql -> sql.update("UPDATE pairing_mentor SET active = FALSE, left_on = ? WHERE id = ? AND active = TRUE", on, mentorId));
    }

    /** Ends the open pairs of a child who left; @return them */
    List<Pair> childLeft(long child, LocalDate on, String by) {
        return endAll("child_id", child, on, EndReason.CHILD_LEFT, by, sql -> 0);
    }

    /** In one transaction: {@code first}, then ends every open pair whose {@code column} is {@code id}; @return them */
    private List<Pair> endAll(String column, long id, LocalDate on, EndReason reason, String by, Work<Integer> first) {
        return db.tx(sql -> {
            first.run(sql);
            List<Pair> open = sql.list("SELECT * FROM pairing_pair WHERE " + column + " = ? AND status <> 'ENDED'", PairingStore::pair, id);
            for (Pair p : open) {
                endPair(sql, p.id(), on, reason, by);
            }
            return open;
        });
    }

    // ---- pairs

    private static Pair pair(ResultSet rs) throws SQLException {
        String reason = rs.getString("end_reason");
        return new Pair(rs.getLong("id"), rs.getLong("school_id"), rs.getLong("child_id"), rs.getLong("mentor_id"), rs.getString("scheme"),
                Status.valueOf(rs.getString("status")), rs.getObject("starts_on", LocalDate.class),
                rs.getObject("ends_on", LocalDate.class),
                reason == null ? null : EndReason.valueOf(reason), rs.getString("note"), rs.getString("created_by"));
    }

    /** @param open only pairs not ended */
    List<Pair> pairsOfSchool(long school, boolean open) {
        return db.read(sql -> sql.list("SELECT * FROM pairing_pair WHERE school_id = ?" + (open ? " AND status <> 'ENDED'" : "")
                + " ORDER BY child_id, id", PairingStore::pair, school));
    }

    /** @return the school's pairs (ended ones too) of these children, by child */
    List<Pair> pairsOfChildren(long school, Collection<Long> children) {
        List<Long> ids = new ArrayList<>(children);
        List<Pair> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            Object[] args = new Object[chunk.size() + 1];
            args[0] = school;
            for (int i = 0; i < chunk.size(); i++) {
                args[i + 1] = chunk.get(i);
            }
            out.addAll(db.read(sql -> sql.list("SELECT * FROM pairing_pair WHERE school_id = ? AND child_id IN (" + in(chunk)
                    + ") ORDER BY child_id, id", PairingStore::pair, args)));
        }
        return out;
    }

    List<Pair> pairsOfChild(long child) {
        return db.read(sql -> sql.list("SELECT * FROM pairing_pair WHERE child_id = ? ORDER BY starts_on, id", PairingStore::pair, child));
    }

    List<Pair> pairsOfMentor(long mentor) {
        return db.read(sql -> sql.list("SELECT * FROM pairing_pair WHERE mentor_id = ? ORDER BY starts_on, id", PairingStore::pair, mentor));
    }

    Optional<Pair> pair(long id) {
        return db.read(sql -> sql.one("SELECT * FROM pairing_pair WHERE id = ?", PairingStore::pair, id));
    }

    /** @return open pairs (active or pending) per mentor */
    Map<Long, Integer> loads(Collection<Long> mentorIds) {
        Map<Long, Integer> out = new HashMap<>();
        List<Long> ids = new ArrayList<>(mentorIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            for (long[] r : db.read(sql -> sql.list("SELECT mentor_id, COUNT(*) FROM pairing_pair WHERE status <> 'ENDED' AND mentor_id IN ("
                    + in(chunk) + ") GROUP BY mentor_id", rs -> new long[] { rs.getLong(1), rs.getLong(2) }, chunk.toArray()))) {
                out.put(r[0], (int) r[1]);
            }
        }
        return out;
    }

    long insertPair(Sql sql, Pair p) throws SQLException {
        return sql.insert("INSERT INTO pairing_pair (school_id, child_id, mentor_id, scheme, status, starts_on, ends_on, end_reason, note,"
                + " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", p.schoolId(), p.childId(), p.mentorId(), p.scheme(),
                p.status(), p.startsOn(), p.endsOn(), p.endReason(), p.note(), p.createdBy(), calendar.now());
    }

    Pair insertPair(Pair p) {
        return db.tx(sql -> sql.one("SELECT * FROM pairing_pair WHERE id = ?", PairingStore::pair, insertPair(sql, p)).orElseThrow());
    }

    private static boolean endPair(Sql sql, long id, LocalDate on, EndReason reason, String by) throws SQLException {
        return sql.update("UPDATE pairing_pair SET status = 'ENDED', ends_on = ?, end_reason = ?, ended_by = ? WHERE id = ?"
                + " AND status <> 'ENDED'", on, reason, by, id) == 1;
    }

    /** @return whether the pair was open (and is now ended) */
    boolean endPair(long id, LocalDate on, EndReason reason, String by) {
        return db.tx(sql -> endPair(sql, id, on, reason, by));
    }

    void activate(long pairId) {
        db.tx(sql -> sql.update("UPDATE pairing_pair SET status = 'ACTIVE' WHERE id = ? AND status = 'PENDING'", pairId));
    }

    // ---- assessments

    private static Assessment assessment(ResultSet rs) throws SQLException {
        return new Assessment(rs.getLong("id"), rs.getLong("school_id"), rs.getLong("child_id"),
                rs.getObject("assessed_on", LocalDate.class), rs.getInt("psych"),
                rs.getInt("physical"), rs.getInt("academic"), rs.getInt("guardianship"), rs.getObject("extra", Integer.class),
                rs.getInt("total"), rs.getInt("level"), rs.getString("rule"), rs.getString("note"), rs.getString("assessed_by"));
    }

    Assessment insertAssessment(Assessment a) {
        return db.tx(sql -> sql.one("SELECT * FROM pairing_assessment WHERE id = ?", PairingStore::assessment, sql.insert(
                "INSERT INTO pairing_assessment (school_id, child_id, assessed_on, psych, physical, academic, guardianship, extra, total,"
                        + " level, rule, note, assessed_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.schoolId(), a.childId(), a.assessedOn(), a.psych(), a.physical(), a.academic(), a.guardianship(), a.extra(), a.total(),
                a.level(), a.rule(), a.note(), a.assessedBy(), calendar.now())).orElseThrow());
    }

    /** @return the child's assessments, newest first */
    List<Assessment> assessments(long child) {
        return db.read(sql -> sql.list("SELECT * FROM pairing_assessment WHERE child_id = ? ORDER BY assessed_on DESC, id DESC",
                PairingStore::assessment, child));
    }

    /** @return each assessed child's current level (its latest assessment), for a school */
    Map<Long, Integer> levels(long school) {
        Map<Long, Integer> out = new HashMap<>();
        for (Assessment a : db.read(sql -> sql.list("SELECT * FROM pairing_assessment WHERE school_id = ? ORDER BY child_id, assessed_on, id",
                PairingStore::assessment, school))) {
            out.put(a.childId(), a.level());
        }
        return out;
    }

    /** @return the current level (the latest assessment) of each of these children that was assessed in the school */
    Map<Long, Integer> levelsOf(long school, Collection<Long> children) {
        Map<Long, Integer> out = new HashMap<>();
        List<Long> ids = new ArrayList<>(children);
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            for (Assessment a : db.read(sql -> sql.list("SELECT * FROM pairing_assessment WHERE child_id IN (" + in(chunk)
                    + ") ORDER BY child_id, assessed_on, id", PairingStore::assessment, chunk.toArray()))) {
                if (a.schoolId() == school) {
                    out.put(a.childId(), a.level());
                }
            }
        }
        return out;
    }

    // ---- records

    private static MentorRecord record(ResultSet rs) throws SQLException {
        String topics = rs.getString("topics");
        return new MentorRecord(rs.getLong("id"), rs.getLong("school_id"), rs.getLong("mentor_id"), rs.getObject("child_id", Long.class),
                RecordKind.valueOf(rs.getString("kind")), rs.getObject("occurred_on", LocalDate.class),
                topics == null || topics.isEmpty() ? List.of() : Arrays.stream(topics.split(",")).map(Topic::valueOf).toList(),
                rs.getString("notes"), rs.getString("follow_up"), rs.getString("recorded_by"));
    }

    MentorRecord insertRecord(MentorRecord r) {
        return db.tx(sql -> sql.one("SELECT * FROM pairing_record WHERE id = ?", PairingStore::record, sql.insert(
                "INSERT INTO pairing_record (school_id, mentor_id, child_id, kind, occurred_on, topics, notes, follow_up, recorded_by,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.schoolId(), r.mentorId(), r.childId(), r.kind(),
                r.occurredOn(), r.topics().stream().map(Topic::name).collect(Collectors.joining(",")), r.notes(), r.followUp(),
                r.recordedBy(), calendar.now())).orElseThrow());
    }

    /** @return a school's records from {@code from} to {@code to} inclusive, newest first; optional mentor and child */
    List<MentorRecord> records(long school, LocalDate from, LocalDate to, Long mentor, Long child) {
        StringBuilder sql = new StringBuilder("SELECT * FROM pairing_record WHERE school_id = ? AND occurred_on >= ? AND occurred_on <= ?");
        List<Object> args = new ArrayList<>(List.of(school, from, to));
        if (mentor != null) {
            sql.append(" AND mentor_id = ?");
            args.add(mentor);
        }
        if (child != null) {
            sql.append(" AND child_id = ?");
            args.add(child);
        }
        sql.append(" ORDER BY occurred_on DESC, id DESC");
        return db.read(s -> s.list(sql.toString(), PairingStore::record, args.toArray()));
    }

    // ---- preconditions

    private static PreconditionRecord precondition(ResultSet rs) throws SQLException {
        return new PreconditionRecord(rs.getLong("id"), rs.getLong("school_id"), Precondition.valueOf(rs.getString("kind")),
                rs.getObject("child_id", Long.class), rs.getObject("mentor_id", Long.class), rs.getObject("class_id", Long.class),
                rs.getObject("recorded_on", LocalDate.class), rs.getString("note"), rs.getString("recorded_by"));
    }

    PreconditionRecord insertPrecondition(PreconditionRecord p) {
        return db.tx(sql -> sql.one("SELECT * FROM pairing_precondition WHERE id = ?", PairingStore::precondition, sql.insert(
                "INSERT INTO pairing_precondition (school_id, kind, child_id, mentor_id, class_id, recorded_on, note, recorded_by,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", p.schoolId(), p.kind(), p.childId(), p.mentorId(),
                p.classId(), p.recordedOn(), p.note(), p.recordedBy(), calendar.now())).orElseThrow());
    }

    List<PreconditionRecord> preconditions(long school) {
        return db.read(sql -> sql.list("SELECT * FROM pairing_precondition WHERE school_id = ? ORDER BY recorded_on, id",
                PairingStore::precondition, school));
    }

    // ---- scheme settings

    /** @return the school's settings applied to the templates */
    List<Scheme> schemes(long school, List<Scheme> templates) {
        record Setting(String scheme, boolean enabled, int capacity, String obligations) {
        }
        Map<String, Scheme> out = new LinkedHashMap<>();
        templates.forEach(t -> out.put(t.code(), t));
        for (Setting s : db.read(sql -> sql.list("SELECT scheme, enabled, capacity, obligations FROM pairing_scheme_setting WHERE school_id = ?",
                rs -> new Setting(rs.getString(1), rs.getBoolean(2), rs.getInt(3), rs.getString(4)), school))) {
            Scheme t = out.get(s.scheme());
            if (t != null) {
                out.put(t.code(), t.with(s.enabled(), s.capacity(), parseObligations(s.obligations(), t)));
            }
        }
        return List.copyOf(out.values());
    }

    void saveScheme(long school, Scheme s, String by) {
        db.tx(sql -> {
            sql.update("DELETE FROM pairing_scheme_setting WHERE school_id = ? AND scheme = ?", school, s.code());
            return sql.update("INSERT INTO pairing_scheme_setting (school_id, scheme, enabled, capacity, obligations, updated_by, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", school, s.code(), s.enabled(), s.capacity(), formatObligations(s.obligations()), by,
                    calendar.now());
        });
    }

    static String formatObligations(List<Obligation> obligations) {
        return obligations.stream().map(o -> o.kind() + ":" + o.period() + ":" + o.min() + ":" + o.basis()).collect(Collectors.joining(";"));
    }

    static List<Obligation> parseObligations(String text, Scheme template) {
        List<Obligation> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(";")) {
            String[] f = part.split(":");
            out.add(template.obligation(RecordKind.valueOf(f[0]), Period.valueOf(f[1]), Integer.parseInt(f[2]), Basis.valueOf(f[3])));
        }
        return out;
    }

    // ---- proposals

    private static ProposalItem item(ResultSet rs) throws SQLException {
        return new ProposalItem(rs.getLong("id"), rs.getLong("school_id"), rs.getLong("child_id"), rs.getObject("class_id", Long.class),
                rs.getObject("level", Integer.class), rs.getObject("mentor_id", Long.class), rs.getString("scheme"),
                rs.getString("nearness"), rs.getObject("load_after", Integer.class), rs.getObject("capacity", Integer.class),
                rs.getObject("replaces_pair", Long.class), rs.getString("explain_zh"),
                rs.getString("explain_en"), rs.getObject("pair_id", Long.class));
    }

    Proposal insertProposal(Proposal p) {
        long id = db.tx(sql -> {
            long pid = sql.insert("INSERT INTO pairing_proposal (school_id, county, children, slots, assigned, cost, millis, created_by,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", p.schoolId(), p.county(), p.children(), p.slots(), p.assigned(),
                    p.cost(), p.millis(), p.createdBy(), calendar.now());
            sql.batch("INSERT INTO pairing_proposal_item (proposal_id, school_id, child_id, class_id, level, mentor_id, scheme, nearness,"
                    + " load_after, capacity, replaces_pair, explain_zh, explain_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    p.items().stream().map(i -> new Object[] { pid, i.schoolId(), i.childId(), i.classId(), i.level(), i.mentorId(), i.scheme(),
                            i.nearness(), i.loadAfter(), i.capacity(), i.replacesPair(), i.explainZh(), i.explainEn() }).toList());
            return pid;
        });
        return proposal(id).orElseThrow();
    }

    Optional<Proposal> proposal(long id) {
        return db.read(sql -> {
            List<ProposalItem> items = sql.list("SELECT * FROM pairing_proposal_item WHERE proposal_id = ? ORDER BY id", PairingStore::item, id);
            return sql.one("SELECT * FROM pairing_proposal WHERE id = ?", rs -> new Proposal(rs.getLong("id"), rs.getLong("school_id"),
                    rs.getBoolean("county"), rs.getInt("children"), rs.getInt("slots"), rs.getInt("assigned"), rs.getLong("cost"),
                    rs.getLong("millis"), rs.getString("created_by"), items), id);
        });
    }

    void itemAccepted(Sql sql, long itemId, long pairId) throws SQLException {
        sql.update("UPDATE pairing_proposal_item SET pair_id = ? WHERE id = ?", pairId, itemId);
    }

    /**
     * Open pairs of a mentor inside a transaction, for the capacity check before a new pair: locks the mentor's row
     * first, so that two transactions pairing the same mentor run one after the other and cannot both pass the check.
     */
    int load(Sql sql, long mentorId) throws SQLException {
        sql.list("SELECT id FROM pairing_mentor WHERE id = ? FOR UPDATE", rs -> rs.getLong(1), mentorId);
        return (int) sql.count("SELECT COUNT(*) FROM pairing_pair WHERE mentor_id = ? AND status <> 'ENDED'", mentorId);
    }

    List<Pair> openPairsOfChild(Sql sql, long child) throws SQLException {
        return sql.list("SELECT * FROM pairing_pair WHERE child_id = ? AND status <> 'ENDED'", PairingStore::pair, child);
    }

    // ---- overdue notices (each overdue period is posted as an event once)

    /** @return whether the notice is new (and now recorded) */
    boolean notice(String key) {
        return db.txRetrying(sql -> {
            if (sql.count("SELECT COUNT(*) FROM pairing_overdue_notice WHERE notice_key = ?", key) > 0) {
                return false;
            }
            sql.update("INSERT INTO pairing_overdue_notice (notice_key, posted_at) VALUES (?, ?)", key, calendar.now());
            return true;
        });
    }

    /** @return the schools that have open pairs */
    List<Long> schoolsWithPairs() {
        return db.read(sql -> sql.list("SELECT DISTINCT school_id FROM pairing_pair WHERE status <> 'ENDED' ORDER BY school_id",
                rs -> rs.getLong(1)));
    }
}
