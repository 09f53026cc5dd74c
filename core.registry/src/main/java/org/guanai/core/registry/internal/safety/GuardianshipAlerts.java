package org.guanai.core.registry.internal.safety;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.registry.ChildServiceImpl;
import org.guanai.core.registry.internal.registry.GuardianServiceImpl;
import org.guanai.sdk.time.CareCalendar;

/**
 * Opens and closes the guardianship alerts of one child ({@code core_guardianship_alert}) in the caller's transaction:
 * the registry services call it in the transaction that changes the child or its guardians, and the daily sweep for
 * the children whose age (or whose guardians' age) changes the outcome. The child's row is locked first (an
 * {@code UPDATE} that changes nothing), so two nodes that change the same child one after the other see each other's alerts;
 * the unique {@code open_key} keeps one open alert per child and reason in any case. Notifications and the mandatory
 * report of a new alert follow after the commit ({@link SafetyService#sweep}).
 */
public final class GuardianshipAlerts {
    /** Why an alert was closed. */
    public static final String RESOLVED = "RESOLVED";
    public static final String AGED_OUT = "AGED_OUT";
    public static final String ARCHIVED = "ARCHIVED";

    private GuardianshipAlerts() {
    }

    /** Brings the child's open alerts in line with the rules at {@code now} (the day in China time). */
    public static void reassess(Connection c, long childId, Instant now) throws SQLException {
        // the row lock of an UPDATE that changes no key (as GuardianKinds takes it): on PostgreSQL a SELECT … FOR UPDATE
        // would wait for the key-share lock that another transaction's new guardian (its foreign key) holds: a deadlock
        Jdbc.update(c, "UPDATE core_child SET guardian_kinds = guardian_kinds WHERE id = ?", childId);
        Optional<Child> found = ChildServiceImpl.find(c, childId);
        if (found.isEmpty()) {
            return;
        }
        Child child = found.get();
        LocalDate day = LocalDate.ofInstant(now, CareCalendar.ZONE);
        List<Guardian> guardians = GuardianServiceImpl.guardians(c, childId);
        Set<AlertReason> want = GuardianshipRules.reasons(child, guardians, day);
        Set<AlertReason> open = EnumSet.noneOf(AlertReason.class);
        for (String r : Jdbc.list(c, "SELECT reason FROM core_guardianship_alert WHERE child_id = ? AND closed_at IS NULL",
                rs -> rs.getString(1), childId)) {
            open.add(AlertReason.valueOf(r));
        }
        for (AlertReason r : want) {
            if (!open.contains(r)) {
                Jdbc.insert(c, "INSERT INTO core_guardianship_alert (child_id, school_id, reason, open_key, opened_at)"
                        + " VALUES (?, ?, ?, ?, ?)", childId, child.schoolId(), r, childId + ":" + r, now);
            }
        }
        String why = child.archived() ? ARCHIVED : !GuardianshipRules.underAge(child, day) ? AGED_OUT : RESOLVED;
        for (AlertReason r : open) {
            if (!want.contains(r)) {
                Jdbc.update(c, "UPDATE core_guardianship_alert SET closed_at = ?, close_reason = ?, open_key = NULL"
                        + " WHERE child_id = ? AND reason = ? AND closed_at IS NULL", now, why, childId, r);
            }
        }
        // a child that moved school: its open alerts go with it
        Jdbc.update(c, "UPDATE core_guardianship_alert SET school_id = ? WHERE child_id = ? AND closed_at IS NULL"
                + " AND school_id <> ?", child.schoolId(), childId, child.schoolId());
    }
}
