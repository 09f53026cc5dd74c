package org.guanai.plugin.guardians.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.guanai.core.api.StaleVersionException;
import org.guanai.core.api.dto.Page;
import org.guanai.plugin.guardians.internal.Model.Attendee;
import org.guanai.plugin.guardians.internal.Model.HistoryItem;
import org.guanai.plugin.guardians.internal.Model.Kind;
import org.guanai.plugin.guardians.internal.Model.Person;
import org.guanai.plugin.guardians.internal.Model.Session;
import org.guanai.sdk.data.Columns;
import org.guanai.sdk.data.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The tables {@code guardians_session} and {@code guardians_attendance} on the programme's database. */
@Component(service = SessionStore.class)
public final class SessionStore {
    private static final String SELECT = "SELECT s.*, (SELECT COUNT(*) FROM guardians_attendance a WHERE a.session_id = s.id) AS marked,"
            + " (SELECT COUNT(*) FROM guardians_attendance a WHERE a.session_id = s.id AND a.attended) AS came FROM guardians_session s ";

    private final Database db;

    @Activate
    public SessionStore(@Reference Database db) {
        db.migrate();
        this.db = db;
    }

    /** @return the new session, stored */
    Session create(Session s) {
        long id = db.tx(sql -> sql.insert("INSERT INTO guardians_session (school_id, class_id, kind, topic, held_on, place, organiser_id,"
                + " organiser_name, materials, notes, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s.schoolId(), s.classId(), s.kind(),
                s.topic(), s.heldOn(), s.place(), s.organiserId(), s.organiserName(), String.join("\n", s.materials()), s.notes(), s.createdBy()));
        return get(s.schoolId(), id).orElseThrow();
    }

    /** @return the session at its next version; {@link StaleVersionException} when {@code s.version()} is not the stored one */
    Session update(Session s) {
        db.tx(sql -> {
            long stored = sql.one("SELECT version FROM guardians_session WHERE id = ? AND school_id = ? FOR UPDATE", rs -> rs.getLong(1), s.id(),
                    s.schoolId()).orElseThrow();
            if (stored != s.version()) {
                throw new StaleVersionException("guardians_session", s.id(), s.version(), stored);
            }
            return sql.update("UPDATE guardians_session SET version = version + 1, class_id = ?, kind = ?, topic = ?, held_on = ?, place = ?,"
                    + " organiser_id = ?, organiser_name = ?, materials = ?, notes = ? WHERE id = ?", s.classId(), s.kind(), s.topic(), s.heldOn(),
                    s.place(), s.organiserId(), s.organiserName(), String.join("\n", s.materials()), s.notes(), s.id());
        });
        return get(s.schoolId(), s.id()).orElseThrow();
    }

    /** Deletes a session of the school and its attendance; @return whether there was one */
    boolean delete(long school, long id) {
        return db.tx(sql -> sql.update("DELETE FROM guardians_session WHERE id = ? AND school_id = ?", id, school)) > 0;
    }

    Optional<Session> get(long school, long id) {
        return db.read(sql -> sql.one(SELECT + "WHERE s.id = ? AND s.school_id = ?", SessionStore::session, id, school));
    }

    /** @return a page of a school's sessions, the latest first, of one kind or all ({@code kind} null) */
    Page<Session> list(long school, Kind kind, int page, int size) {
        String where = "WHERE s.school_id = ?" + (kind == null ? "" : " AND s.kind = ?");
        Object[] args = kind == null ? new Object[] { school } : new Object[] { school, kind };
        return db.read(sql -> {
            long total = sql.count("SELECT COUNT(*) FROM guardians_session s " + where, args);
            Object[] paged = Arrays.copyOf(args, args.length + 2);
            paged[args.length] = size;
            paged[args.length + 1] = (long) page * size;
            return new Page<>(sql.list(SELECT + where + " ORDER BY s.held_on DESC, s.id DESC LIMIT ? OFFSET ?", SessionStore::session, paged),
                    total, page, size);
        });
    }

    /** @return a school's sessions held between two days (inclusive) without any attendance marked */
    List<Session> unmarked(long school, LocalDate from, LocalDate to) {
        return db.read(sql -> sql.list(SELECT + "WHERE s.school_id = ? AND s.held_on >= ? AND s.held_on <= ? AND NOT EXISTS"
                + " (SELECT 1 FROM guardians_attendance a WHERE a.session_id = s.id) ORDER BY s.held_on, s.id", SessionStore::session, school, from, to));
    }

    /** Marks attendance: a row per (child, person) replaces the one stored before. */
    void mark(long session, List<Attendee> marks, String user) {
        db.tx(sql -> {
            List<Object[]> gone = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            for (Attendee a : marks) {
                gone.add(new Object[] { session, a.person().name(), a.personId(), a.childId() });
                rows.add(new Object[] { session, a.childId(), a.person().name(), a.personId(), a.name(), a.relation(), a.attended(), user });
            }
            sql.batch("DELETE FROM guardians_attendance WHERE session_id = ? AND person_kind = ? AND person_id = ? AND child_id = ?", gone);
            sql.batch("INSERT INTO guardians_attendance (session_id, child_id, person_kind, person_id, name, relation, attended, recorded_by)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
            return null;
        });
    }

    /** @return the marked attendance of a session, by child and person (child names left empty) */
    List<Attendee> attendance(long session) {
        return db.read(sql -> sql.list("SELECT * FROM guardians_attendance WHERE session_id = ? ORDER BY child_id, person_kind, person_id",
                rs -> new Attendee(rs.getLong("child_id"), null, Person.valueOf(rs.getString("person_kind")), rs.getLong("person_id"),
                        rs.getString("name"), rs.getString("relation"), rs.getBoolean("attended")), session));
    }

    /** @return the sessions of a school a child's guardians and parents were marked for, the latest first */
    List<HistoryItem> history(long school, long child) {
        return db.read(sql -> sql.list("SELECT s.id AS sid, s.kind, s.topic, s.held_on, s.place, a.* FROM guardians_attendance a"
                + " JOIN guardians_session s ON s.id = a.session_id WHERE s.school_id = ? AND a.child_id = ? ORDER BY s.held_on DESC, s.id DESC,"
                + " a.person_kind, a.person_id", rs -> new HistoryItem(rs.getLong("sid"), Kind.valueOf(rs.getString("kind")), rs.getString("topic"),
                        rs.getObject("held_on", LocalDate.class), rs.getString("place"), Person.valueOf(rs.getString("person_kind")),
                        rs.getLong("person_id"), rs.getString("name"), rs.getString("relation"), rs.getBoolean("attended")), school, child));
    }

    /** 报表: sessions held (someone attended), people who attended, and the children they came for, between two days. */
    record Figures(long sessions, long people, List<Long> children) {
    }

    Figures figures(long school, LocalDate from, LocalDate to) {
        return db.read(sql -> {
            String attended = " FROM guardians_attendance a JOIN guardians_session s ON s.id = a.session_id WHERE s.school_id = ?"
                    + " AND s.held_on >= ? AND s.held_on <= ? AND a.attended";
            return new Figures(sql.count("SELECT COUNT(DISTINCT s.id)" + attended, school, from, to),
                    sql.count("SELECT COUNT(*) FROM (SELECT DISTINCT a.person_kind, a.person_id" + attended + ") p", school, from, to),
                    sql.list("SELECT DISTINCT a.child_id" + attended, rs -> rs.getLong(1), school, from, to));
        });
    }

    private static Session session(ResultSet rs) throws SQLException {
        String materials = rs.getString("materials");
        Long cls = Columns.longOrNull(rs, "class_id");
        Long org = Columns.longOrNull(rs, "organiser_id");
        return new Session(rs.getLong("id"), rs.getLong("version"), rs.getLong("school_id"), cls, Kind.valueOf(rs.getString("kind")),
                rs.getString("topic"), rs.getObject("held_on", LocalDate.class), rs.getString("place"), org, rs.getString("organiser_name"),
                materials == null || materials.isEmpty() ? List.of() : List.of(materials.split("\n")), rs.getString("notes"),
                rs.getString("created_by"), rs.getInt("marked"), rs.getInt("came"));
    }
}
