package org.guanai.core.registry.internal.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;

/**
 * The keys a child's name is found by ({@code core_child_name_key}, V41): each character of the name and each pair of
 * adjacent characters, with the child's school. A search by name looks up the first one or two characters of its text
 * (in the school searched, if one is) on this table's index and checks the whole text with {@code LIKE} on those
 * children only, instead of reading every child of a school. Every writer of {@code core_child.name} or
 * {@code core_child.school_id} calls {@link #write} in its transaction.
 * <p>
 * Characters are code points, as PostgreSQL counts them. H2 counts UTF-16 units, so for the rare name stored before V41
 * with a character outside the Basic Multilingual Plane its backfill keyed that character's two halves instead: keys of
 * characters of the plane are the same either way, and a search text with a character outside it is looked for with
 * {@code LIKE} alone ({@link #searchKey}), so such a child is found all the same.
 */
final class ChildNameKeys {
    private ChildNameKeys() {
    }

    /** @return the keys of a name: every character and every pair of adjacent characters, once each */
    static Set<String> of(String name) {
        int[] cps = name.codePoints().toArray();
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < cps.length; i++) {
            keys.add(new String(cps, i, 1));
            if (i + 1 < cps.length) {
                keys.add(new String(cps, i, 2));
            }
        }
        return keys;
    }

    /**
     * @return the key a search for {@code text} in names looks up (its first two characters, or its only one), or null
     *         when the text has a character outside the Basic Multilingual Plane (not keyed the same on every database)
     */
    static String searchKey(String text) {
        if (text.isEmpty() || text.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
            return null;
        }
        return text.length() == 1 ? text : text.substring(0, 2);
    }

    /** Replaces the keys of a child's name, in the transaction that writes the name or the school. */
    static void write(Connection c, long childId, String name, long schoolId) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM core_child_name_key WHERE child_id = ?")) {
            d.setLong(1, childId);
            d.executeUpdate();
        }
        insert(c, childId, name, schoolId);
    }

    /** Adds the keys of a new child's name, in the transaction that inserts the child. */
    static void insert(Connection c, long childId, String name, long schoolId) throws SQLException {
        insert(c, new long[] { childId }, i -> name, i -> schoolId);
    }

    /**
     * Adds the keys of new children's names in one batch (a roster import): {@code names} and {@code schools} give the
     * name and the school of {@code ids[i]}.
     */
    static void insert(Connection c, long[] ids, IntFunction<String> names, IntToLongFunction schools) throws SQLException {
        try (PreparedStatement i = c.prepareStatement("INSERT INTO core_child_name_key (name_key, school_id, child_id) VALUES (?, ?, ?)")) {
            for (int n = 0; n < ids.length; n++) {
                for (String key : of(names.apply(n))) {
                    i.setString(1, key);
                    i.setLong(2, schools.applyAsLong(n));
                    i.setLong(3, ids[n]);
                    i.addBatch();
                }
            }
            i.executeBatch();
        }
    }
}
