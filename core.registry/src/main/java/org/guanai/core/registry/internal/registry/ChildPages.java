package org.guanai.core.registry.internal.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.guanai.core.api.dto.Child;
import org.guanai.core.registry.internal.persistence.Jdbc;

/**
 * A page deep into a list of children (order: school, class with classless children last, name, id) without
 * {@code OFFSET}: skipping n rows walks n index entries, 50 000 for the last page of a large school and 100 000 for the
 * county's list. Instead the list's keys are scanned once (one walk of the covering index, kept with the total in
 * {@link ListTotals}) and every {@link #ANCHOR_EVERY}-th key is kept; a page then seeks to the nearest anchor before it
 * on the index and reads at most {@code ANCHOR_EVERY + size} index entries. The seek is split into conditions an index
 * range can serve (same school, class and name with a larger id; same school and class, larger name; same school, a
 * larger class; same school, no class; a later school), each read in list order until the page is full, on H2 and
 * PostgreSQL alike. A page is the one {@code OFFSET} would give for the list as it was scanned; rows written since by
 * another node may shift it by as many rows (as with any concurrent write).
 */
final class ChildPages {
    /** Keep the key of every this many rows: a page reads at most this many index entries more than its size. */
    static final int ANCHOR_EVERY = 500;
    private static final String ORDER = " ORDER BY c.school_id, c.class_id, c.name, c.id";

    private ChildPages() {
    }

    /** One walk of the list's keys: its total and every {@link #ANCHOR_EVERY}-th key. */
    static ListTotals.Listing scan(Connection c, String where, List<Object> args) throws SQLException {
        List<ListTotals.Anchor> anchors = new ArrayList<>();
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT c.school_id, c.class_id, c.name, c.id FROM core_child c" + where + ORDER)) {
            Jdbc.bind(ps, args.toArray());
            ps.setFetchSize(ANCHOR_EVERY);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n % ANCHOR_EVERY == 0) {
                        long k = rs.getLong(2);
                        anchors.add(new ListTotals.Anchor(rs.getLong(1), rs.wasNull() ? null : k, rs.getString(3), rs.getLong(4)));
                    }
                    n++;
                }
            }
        }
        return new ListTotals.Listing(n, Collections.unmodifiableList(anchors));
    }

    /**
     * @return the ids of the rows at positions {@code offset … offset + size - 1} of the list (fewer at its end), in list
     *         order
     */
    static List<Long> ids(Connection c, String where, List<Object> args, ListTotals.Listing listing, long offset, int size)
            throws SQLException {
        int index = (int) (offset / ANCHOR_EVERY);
        if (index >= listing.anchors().size()) {
            return List.of();
        }
        ListTotals.Anchor from = listing.anchors().get(index);
        int skip = (int) (offset - (long) index * ANCHOR_EVERY);
        int need = skip + size;
        List<Long> ids = new ArrayList<>(need);
        for (Segment s : segments(from)) {
            if (ids.size() >= need) {
                break;
            }
            List<Object> a = new ArrayList<>(args);
            a.addAll(s.args);
            a.add(need - ids.size());
            ids.addAll(Jdbc.list(c, "SELECT c.id FROM core_child c" + where + s.condition + ORDER + " LIMIT ?", rs -> rs.getLong(1),
                    a.toArray()));
        }
        return ids.size() <= skip ? List.of() : ids.subList(skip, Math.min(ids.size(), need));
    }

    /** @return the children with these ids, in list order */
    static List<Child> rows(Connection c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        return Jdbc.list(c, "SELECT c.* FROM core_child c WHERE c.id IN (" + marks + ")" + ORDER, ChildServiceImpl::child,
                ids.toArray());
    }

    private record Segment(String condition, List<Object> args) {
    }

    /** The rows from {@code a} on, in list order, as conditions an index range serves (class null sorts last). */
    private static List<Segment> segments(ListTotals.Anchor a) {
        Long s = a.schoolId();
        if (a.classId() == null) {
            return List.of(new Segment(" AND c.school_id = ? AND c.class_id IS NULL AND c.name = ? AND c.id >= ?", List.of(s, a.name(), a.id())),
                    new Segment(" AND c.school_id = ? AND c.class_id IS NULL AND c.name > ?", List.of(s, a.name())),
                    new Segment(" AND c.school_id > ?", List.of(s)));
        }
        return List.of(new Segment(" AND c.school_id = ? AND c.class_id = ? AND c.name = ? AND c.id >= ?", List.of(s, a.classId(), a.name(), a.id())),
                new Segment(" AND c.school_id = ? AND c.class_id = ? AND c.name > ?", List.of(s, a.classId(), a.name())),
                new Segment(" AND c.school_id = ? AND c.class_id > ?", List.of(s, a.classId())),
                new Segment(" AND c.school_id = ? AND c.class_id IS NULL", List.of(s)),
                new Segment(" AND c.school_id > ?", List.of(s)));
    }
}
