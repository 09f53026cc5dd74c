package org.guanai.core.registry.internal.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.registry.internal.persistence.Jdbc;

/**
 * The kinds of a child's guardians as {@code core_child.guardian_kinds} keeps them (V42), for the children page's
 * guardian filter: {@code |GRANDPARENTS|PARENT|} in the order of {@link GuardianKind}, {@code |} for none. Every write
 * of {@code core_guardian} writes it again in the same transaction.
 */
final class GuardianKinds {
    /** A child without guardians. */
    static final String NONE = "|";

    private GuardianKinds() {
    }

    /** @return the column's value for these kinds */
    static String of(Collection<GuardianKind> kinds) {
        Set<GuardianKind> sorted = kinds.isEmpty() ? EnumSet.noneOf(GuardianKind.class) : EnumSet.copyOf(kinds);
        StringBuilder out = new StringBuilder(NONE);
        sorted.forEach(k -> out.append(k.name()).append('|'));
        return out.toString();
    }

    /**
     * @return the {@code LIKE} pattern of the children with a guardian of this kind, escaped with a backslash (the kinds
     *         hold {@code _})
     */
    static String having(GuardianKind kind) {
        return "%|" + Jdbc.likeEscape(kind.name()) + "|%";
    }

    /**
     * Writes the child's column from its guardians as they are now in this transaction. The child's row is locked first:
     * two transactions that change the same child's guardians at once (two nodes, two clerks) write it one after the
     * other, and the second reads the first's guardian, committed by then (each statement reads what is committed when it
     * starts). Without the lock, each would read only its own, and the second write would drop the first's kind. A plain
     * update takes the lock on H2 and PostgreSQL alike, and on PostgreSQL does not conflict with the key-share lock that
     * inserting a guardian holds on its child.
     */
    static void refresh(Connection c, long childId) throws SQLException {
        Jdbc.update(c, "UPDATE core_child SET guardian_kinds = guardian_kinds WHERE id = ?", childId);
        Collection<GuardianKind> kinds = Jdbc.list(c, "SELECT DISTINCT kind FROM core_guardian WHERE child_id = ? AND kind IS NOT NULL",
                rs -> GuardianKind.valueOf(rs.getString(1)), childId);
        Jdbc.update(c, "UPDATE core_child SET guardian_kinds = ? WHERE id = ?", of(kinds), childId);
    }
}
