package org.guanai.plugin.birthdays.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.StaleVersionException;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Sql;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's tables ({@code birthdays_*}, migrations in {@code db/birthdays/}): calendar choices, party batches,
 * celebrations and the reminders already posted. Plain SQL that runs on H2 (PostgreSQL mode) and PostgreSQL, in the
 * SDK's transactions.
 */
@Component(service = BirthdayStore.class)
public final class BirthdayStore {
    /** Whose birthday a calendar choice is for. */
    public enum PersonKind {
        CHILD, PARENT, GUARDIAN
    }

    private static final String CELEBRATIONS = "SELECT * FROM birthdays_celebration WHERE ";
    private static final String BY_BIRTHDAY = " ORDER BY birthday, id";

    private final Database db;
    private final CareCalendar calendar;

    @Activate
    public BirthdayStore(@Reference Database db, @Reference CareCalendar calendar) {
        db.migrate();
        this.db = db;
        this.calendar = calendar;
    }

    /** @return the calendar choices of a school's people, by kind and person id (absent: 公历) */
    Map<PersonKind, Map<Long, CalendarKind>> calendars(long schoolId) {
        Map<PersonKind, Map<Long, CalendarKind>> out = new EnumMap<>(PersonKind.class);
        for (PersonKind k : PersonKind.values()) {
            out.put(k, new HashMap<>());
        }
        db.read(sql -> sql.list("SELECT person_kind, person_id, calendar FROM birthdays_calendar WHERE school_id = ?",
                rs -> out.get(PersonKind.valueOf(rs.getString(1))).put(rs.getLong(2), CalendarKind.valueOf(rs.getString(3))), schoolId));
        return out;
    }

    /**
     * @return the version of what a school's roster is built from (its own and the one of every school, 0): it moves
     *         whenever a node saw a change ({@link #rosterChanged})
     */
    long rosterVersion(long schoolId) {
        return db.read(sql -> sql.one("SELECT COALESCE(SUM(version), 0) FROM birthdays_roster_version WHERE school_id IN (?, 0)",
                rs -> rs.getLong(1), schoolId).orElse(0L));
    }

    /** Raises the roster version of the schools given (0: every school), so that every node reads their rosters again. */
    void rosterChanged(java.util.Collection<Long> schoolIds) {
        db.txRetrying(sql -> {
            for (long s : new java.util.TreeSet<>(schoolIds)) { // one order: no deadlock between two nodes
                if (sql.update("UPDATE birthdays_roster_version SET version = version + 1 WHERE school_id = ?", s) == 0) {
                    sql.update("INSERT INTO birthdays_roster_version (school_id, version) VALUES (?, 1)", s);
                }
            }
            return null;
        });
    }

    /** Sets the calendar a family keeps a person's birthday by. */
    void setCalendar(long schoolId, long childId, PersonKind kind, long personId, CalendarKind cal, String user) {
        Instant now = calendar.now();
        db.txRetrying(sql -> {
            if (sql.update("UPDATE birthdays_calendar SET calendar = ?, school_id = ?, child_id = ?, updated_by = ?, updated_at = ?"
                    + " WHERE person_kind = ? AND person_id = ?", cal, schoolId, childId, user, now, kind, personId) == 0) {
                sql.update("INSERT INTO birthdays_calendar (school_id, child_id, person_kind, person_id, calendar, updated_by, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", schoolId, childId, kind, personId, cal, user, now);
            }
            return null;
        });
    }

    /**
     * Creates a party and, for each birthday child, the celebration record it will fill (nothing done yet); a child
     * whose celebration of that birthday exists already is attached to the party if it had none.
     *
     * @return the party with its id
     */
    Party createParty(Party party, List<Celebration> planned) {
        return db.txRetrying(sql -> {
            long id = sql.insert("INSERT INTO birthdays_party (school_id, class_id, month_of, party_date, title, note, created_by, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", party.schoolId(), party.classId(), party.month(), party.partyDate(), party.title(),
                    party.note(), party.createdBy(), party.createdAt());
            for (Celebration p : planned) {
                Optional<Celebration> existing = sql.one(CELEBRATIONS + "child_id = ? AND birthday = ?", BirthdayStore::celebration,
                        p.childId(), p.birthday());
                if (existing.isEmpty()) {
                    insert(sql, p.inParty(id));
                } else if (existing.get().partyId() == null) {
                    sql.update("UPDATE birthdays_celebration SET party_id = ?, version = version + 1 WHERE id = ?", id, existing.get().id());
                }
            }
            return party.withId(id);
        });
    }

    /** @return the parties of a school whose month is in {@code [fromMonth, toMonth]} ("2026-09"), newest first */
    List<Party> parties(long schoolId, String fromMonth, String toMonth) {
        return db.read(sql -> sql.list("SELECT * FROM birthdays_party WHERE school_id = ? AND month_of >= ? AND month_of <= ?"
                + " ORDER BY party_date DESC, id DESC", BirthdayStore::party, schoolId, fromMonth, toMonth));
    }

    Optional<Party> party(long id) {
        return db.read(sql -> sql.one("SELECT * FROM birthdays_party WHERE id = ?", BirthdayStore::party, id));
    }

    private static Party party(ResultSet rs) throws SQLException {
        return new Party(rs.getLong("id"), rs.getLong("school_id"), rs.getObject("class_id", Long.class), rs.getString("month_of"),
                rs.getObject("party_date", LocalDate.class), rs.getString("title"), rs.getString("note"), rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    List<Celebration> partyCelebrations(long partyId) {
        return celebrations("party_id = ?", partyId);
    }

    List<Celebration> childCelebrations(long childId) {
        return celebrations("child_id = ?", childId);
    }

    Optional<Celebration> celebration(long id) {
        return celebrations("id = ?", id).stream().findFirst();
    }

    /** @return the school's celebrations of birthdays between the two days */
    List<Celebration> celebrations(long schoolId, LocalDate from, LocalDate to) {
        return celebrations("school_id = ? AND birthday >= ? AND birthday <= ?", schoolId, from, to);
    }

    private List<Celebration> celebrations(String where, Object... args) {
        return db.read(sql -> sql.list(CELEBRATIONS + where + BY_BIRTHDAY, BirthdayStore::celebration, args));
    }

    /** Records a celebration; @return it with its id, or empty when the child's celebration of that birthday exists */
    Optional<Celebration> record(Celebration cel) {
        return db.txRetrying(sql -> sql.count("SELECT COUNT(*) FROM birthdays_celebration WHERE child_id = ? AND birthday = ?",
                cel.childId(), cel.birthday()) > 0 ? Optional.empty() : Optional.of(insert(sql, cel)));
    }

    /**
     * Updates what happened, if the celebration is still at version {@code cel.version()}.
     *
     * @throws StaleVersionException if it changed meanwhile
     */
    Celebration update(Celebration cel) {
        return db.tx(sql -> {
            if (sql.update("UPDATE birthdays_celebration SET card = ?, reflection = ?, wish = ?, reflection_text = ?, wish_text = ?,"
                    + " note = ?, recorded_by = ?, recorded_at = ?, version = version + 1 WHERE id = ? AND version = ?", cel.card(),
                    cel.reflection(), cel.wish(), cel.reflectionText(), cel.wishText(), cel.note(), cel.recordedBy(), cel.recordedAt(),
                    cel.id(), cel.version()) == 0) {
                long actual = sql.one("SELECT version FROM birthdays_celebration WHERE id = ?", rs -> rs.getLong(1), cel.id())
                        .orElseThrow(() -> new NotFoundException("birthdays.celebration", cel.id()));
                throw new StaleVersionException("birthdays.celebration", cel.id(), cel.version(), actual);
            }
            return sql.one(CELEBRATIONS + "id = ?", BirthdayStore::celebration, cel.id()).orElseThrow();
        });
    }

    /** @return the ids of the school's children with a celebration (anything done) of a birthday between the days */
    Set<Long> celebratedChildren(long schoolId, LocalDate from, LocalDate to) {
        Set<Long> out = new HashSet<>();
        for (Celebration c : celebrations(schoolId, from, to)) {
            if (c.celebrated()) {
                out.add(c.childId());
            }
        }
        return out;
    }

    /** Notes a reminder as posted; @return {@code false} when it was posted before (by this node or another) */
    boolean markReminder(long schoolId, String key, LocalDate on) {
        Instant now = calendar.now();
        return db.txRetrying(sql -> sql.count("SELECT COUNT(*) FROM birthdays_reminder WHERE school_id = ? AND reminder_key = ?",
                schoolId, key) == 0 && sql.update("INSERT INTO birthdays_reminder (school_id, reminder_key, occasion_on, posted_at)"
                        + " VALUES (?, ?, ?, ?)", schoolId, key, on, now) == 1);
    }

    private static Celebration insert(Sql sql, Celebration cel) throws SQLException {
        long id = sql.insert("INSERT INTO birthdays_celebration (school_id, class_id, child_id, party_id, birthday, calendar, card,"
                + " reflection, wish, reflection_text, wish_text, note, version, recorded_by, recorded_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)", cel.schoolId(), cel.classId(), cel.childId(), cel.partyId(),
                cel.birthday(), cel.calendar(), cel.card(), cel.reflection(), cel.wish(), cel.reflectionText(), cel.wishText(), cel.note(),
                cel.recordedBy(), cel.recordedAt());
        return sql.one(CELEBRATIONS + "id = ?", BirthdayStore::celebration, id).orElseThrow();
    }

    private static Celebration celebration(ResultSet rs) throws SQLException {
        return new Celebration(rs.getLong("id"), rs.getLong("school_id"), rs.getObject("class_id", Long.class), rs.getLong("child_id"),
                rs.getObject("party_id", Long.class), rs.getObject("birthday", LocalDate.class), CalendarKind.valueOf(rs.getString("calendar")),
                rs.getBoolean("card"), rs.getBoolean("reflection"), rs.getBoolean("wish"), rs.getString("reflection_text"),
                rs.getString("wish_text"), rs.getString("note"), rs.getLong("version"), rs.getString("recorded_by"),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant());
    }
}
