package org.guanai.plugin.birthdays.internal;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.guanai.core.api.SchemaMigrator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's tables ({@code birthdays_*}, migrations in {@code db/birthdays/}): calendar choices, party batches,
 * celebrations and the reminders already posted. Plain SQL that runs on H2 (PostgreSQL mode) and PostgreSQL.
 */
@Component(service = BirthdayStore.class)
public final class BirthdayStore {
    /** Whose birthday a calendar choice is for. */
    public enum PersonKind {
        CHILD, PARENT, GUARDIAN
    }

    /** Thrown when a celebration changed since the caller read it. */
    static final class StaleException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private final DataSource db;

    @Activate
    public BirthdayStore(@Reference(target = SchemaMigrator.DATA_SOURCE_TARGET) DataSource db, @Reference SchemaMigrator migrator) {
        migrator.migrate("birthdays", BirthdayStore.class);
        this.db = db;
    }

    /** For tests: a store on a data source whose schema is already in place. */
    BirthdayStore(DataSource db) {
        this.db = db;
    }

    /** @return the calendar choices of a school's people, by kind and person id (absent: 公历) */
    Map<PersonKind, Map<Long, CalendarKind>> calendars(long schoolId) throws SQLException {
        Map<PersonKind, Map<Long, CalendarKind>> out = new HashMap<>();
        for (PersonKind k : PersonKind.values()) {
            out.put(k, new HashMap<>());
        }
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT person_kind, person_id, calendar FROM birthdays_calendar WHERE school_id = ?")) {
            ps.setLong(1, schoolId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.get(PersonKind.valueOf(rs.getString(1))).put(rs.getLong(2), CalendarKind.valueOf(rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** Sets the calendar a family keeps a person's birthday by. */
    void setCalendar(long schoolId, long childId, PersonKind kind, long personId, CalendarKind calendar, String user) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n;
                try (PreparedStatement ps = c.prepareStatement("UPDATE birthdays_calendar SET calendar = ?, school_id = ?, child_id = ?,"
                        + " updated_by = ?, updated_at = ? WHERE person_kind = ? AND person_id = ?")) {
                    ps.setString(1, calendar.name());
                    ps.setLong(2, schoolId);
                    ps.setLong(3, childId);
                    ps.setString(4, user);
                    ps.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
                    ps.setString(6, kind.name());
                    ps.setLong(7, personId);
                    n = ps.executeUpdate();
                }
                if (n == 0) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO birthdays_calendar (school_id, child_id, person_kind,"
                            + " person_id, calendar, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        ps.setLong(1, schoolId);
                        ps.setLong(2, childId);
                        ps.setString(3, kind.name());
                        ps.setLong(4, personId);
                        ps.setString(5, calendar.name());
                        ps.setString(6, user);
                        ps.setObject(7, OffsetDateTime.now(ZoneOffset.UTC));
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Creates a party and, for each birthday child, the celebration record it will fill (nothing done yet); a child
     * whose celebration of that birthday exists already is attached to the party if it had none.
     *
     * @return the party with its id
     */
    Party createParty(Party party, List<Celebration> planned) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO birthdays_party (school_id, class_id, month_of, party_date,"
                        + " title, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", new String[] { "id" })) {
                    ps.setLong(1, party.schoolId());
                    setLong(ps, 2, party.classId());
                    ps.setString(3, party.month());
                    ps.setDate(4, Date.valueOf(party.partyDate()));
                    ps.setString(5, party.title());
                    ps.setString(6, party.note());
                    ps.setString(7, party.createdBy());
                    ps.setObject(8, party.createdAt().withOffsetSameInstant(ZoneOffset.UTC));
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                for (Celebration p : planned) {
                    Optional<Celebration> existing = find(c, "child_id = ? AND birthday = ?", p.childId(), p.birthday()).stream().findFirst();
                    if (existing.isPresent()) {
                        if (existing.get().partyId() == null) {
                            try (PreparedStatement ps = c.prepareStatement(
                                    "UPDATE birthdays_celebration SET party_id = ?, version = version + 1 WHERE id = ?")) {
                                ps.setLong(1, id);
                                ps.setLong(2, existing.get().id());
                                ps.executeUpdate();
                            }
                        }
                    } else {
                        insert(c, withParty(p, id));
                    }
                }
                c.commit();
                return new Party(id, party.schoolId(), party.classId(), party.month(), party.partyDate(), party.title(), party.note(),
                        party.createdBy(), party.createdAt());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Celebration withParty(Celebration p, long partyId) {
        return new Celebration(null, p.schoolId(), p.classId(), p.childId(), partyId, p.birthday(), p.calendar(), p.card(),
                p.reflection(), p.wish(), p.reflectionText(), p.wishText(), p.note(), 0, p.recordedBy(), p.recordedAt());
    }

    /** @return the parties of a school whose month is in {@code [fromMonth, toMonth]} ("2026-09"), newest first */
    List<Party> parties(long schoolId, String fromMonth, String toMonth) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM birthdays_party WHERE school_id = ?"
                + " AND month_of >= ? AND month_of <= ? ORDER BY party_date DESC, id DESC")) {
            ps.setLong(1, schoolId);
            ps.setString(2, fromMonth);
            ps.setString(3, toMonth);
            List<Party> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(party(rs));
                }
            }
            return out;
        }
    }

    Optional<Party> party(long id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM birthdays_party WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(party(rs)) : Optional.empty();
            }
        }
    }

    private static Party party(ResultSet rs) throws SQLException {
        long cls = rs.getLong("class_id");
        return new Party(rs.getLong("id"), rs.getLong("school_id"), rs.wasNull() ? null : cls, rs.getString("month_of"),
                rs.getDate("party_date").toLocalDate(), rs.getString("title"), rs.getString("note"), rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    List<Celebration> partyCelebrations(long partyId) throws SQLException {
        try (Connection c = db.getConnection()) {
            return find(c, "party_id = ?", partyId);
        }
    }

    List<Celebration> childCelebrations(long childId) throws SQLException {
        try (Connection c = db.getConnection()) {
            return find(c, "child_id = ?", childId);
        }
    }

    Optional<Celebration> celebration(long id) throws SQLException {
        try (Connection c = db.getConnection()) {
            return find(c, "id = ?", id).stream().findFirst();
        }
    }

    /** @return the school's celebrations of birthdays between the two days */
    List<Celebration> celebrations(long schoolId, LocalDate from, LocalDate to) throws SQLException {
        try (Connection c = db.getConnection()) {
            return find(c, "school_id = ? AND birthday >= ? AND birthday <= ?", schoolId, from, to);
        }
    }

    /** Records a celebration; @return it with its id, or empty when the child's celebration of that birthday exists */
    Optional<Celebration> record(Celebration cel) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!find(c, "child_id = ? AND birthday = ?", cel.childId(), cel.birthday()).isEmpty()) {
                    c.rollback();
                    return Optional.empty();
                }
                Celebration saved = insert(c, cel);
                c.commit();
                return Optional.of(saved);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Updates what happened at version {@code cel.version()}; {@link StaleException} if it changed meanwhile. */
    Celebration update(Celebration cel) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE birthdays_celebration SET card = ?,"
                + " reflection = ?, wish = ?, reflection_text = ?, wish_text = ?, note = ?, recorded_by = ?, recorded_at = ?,"
                + " version = version + 1 WHERE id = ? AND version = ?")) {
            ps.setBoolean(1, cel.card());
            ps.setBoolean(2, cel.reflection());
            ps.setBoolean(3, cel.wish());
            ps.setString(4, cel.reflectionText());
            ps.setString(5, cel.wishText());
            ps.setString(6, cel.note());
            ps.setString(7, cel.recordedBy());
            ps.setObject(8, cel.recordedAt().withOffsetSameInstant(ZoneOffset.UTC));
            ps.setLong(9, cel.id());
            ps.setLong(10, cel.version());
            if (ps.executeUpdate() == 0) {
                throw new StaleException();
            }
            return find(c, "id = ?", cel.id()).get(0);
        }
    }

    /** @return the ids of the school's children with a celebration (anything done) of a birthday between the days */
    Set<Long> celebratedChildren(long schoolId, LocalDate from, LocalDate to) throws SQLException {
        Set<Long> out = new HashSet<>();
        for (Celebration c : celebrations(schoolId, from, to)) {
            if (c.celebrated()) {
                out.add(c.childId());
            }
        }
        return out;
    }

    /** Notes a reminder as posted; @return {@code false} when it was posted before */
    boolean markReminder(long schoolId, String key, LocalDate on) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM birthdays_reminder WHERE school_id = ? AND reminder_key = ?")) {
                    ps.setLong(1, schoolId);
                    ps.setString(2, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            c.rollback();
                            return false;
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO birthdays_reminder (school_id, reminder_key, occasion_on, posted_at) VALUES (?, ?, ?, ?)")) {
                    ps.setLong(1, schoolId);
                    ps.setString(2, key);
                    ps.setDate(3, Date.valueOf(on));
                    ps.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
                    ps.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return false; // another node posted it at the same moment
                }
                throw e;
            }
        }
    }

    private static Celebration insert(Connection c, Celebration cel) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO birthdays_celebration (school_id, class_id, child_id, party_id, birthday,"
                + " calendar, card, reflection, wish, reflection_text, wish_text, note, version, recorded_by, recorded_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)", new String[] { "id" })) {
            ps.setLong(1, cel.schoolId());
            setLong(ps, 2, cel.classId());
            ps.setLong(3, cel.childId());
            setLong(ps, 4, cel.partyId());
            ps.setDate(5, Date.valueOf(cel.birthday()));
            ps.setString(6, cel.calendar().name());
            ps.setBoolean(7, cel.card());
            ps.setBoolean(8, cel.reflection());
            ps.setBoolean(9, cel.wish());
            ps.setString(10, cel.reflectionText());
            ps.setString(11, cel.wishText());
            ps.setString(12, cel.note());
            ps.setString(13, cel.recordedBy());
            ps.setObject(14, cel.recordedAt().withOffsetSameInstant(ZoneOffset.UTC));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return find(c, "id = ?", keys.getLong(1)).get(0);
            }
        }
    }

    private static List<Celebration> find(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM birthdays_celebration WHERE " + where + " ORDER BY birthday, id")) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof LocalDate d) {
                    ps.setDate(i + 1, Date.valueOf(d));
                } else {
                    ps.setObject(i + 1, args[i]);
                }
            }
            List<Celebration> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long cls = rs.getLong("class_id");
                    Long classId = rs.wasNull() ? null : cls;
                    long party = rs.getLong("party_id");
                    Long partyId = rs.wasNull() ? null : party;
                    out.add(new Celebration(rs.getLong("id"), rs.getLong("school_id"), classId, rs.getLong("child_id"), partyId,
                            rs.getDate("birthday").toLocalDate(), CalendarKind.valueOf(rs.getString("calendar")), rs.getBoolean("card"),
                            rs.getBoolean("reflection"), rs.getBoolean("wish"), rs.getString("reflection_text"), rs.getString("wish_text"),
                            rs.getString("note"), rs.getLong("version"), rs.getString("recorded_by"),
                            rs.getObject("recorded_at", OffsetDateTime.class)));
                }
            }
            return out;
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }
}
