package org.guanai.core.registry.internal.registry;

import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.guanai.core.api.dto.HistoryEntry;
import org.guanai.core.registry.internal.persistence.Jdbc;

/**
 * Writes and reads the field-level change history (变更记录) in {@code core_history}, inside the caller's transaction.
 */
public final class History {
    static final String CREATED = "CREATED";
    public static final String UPDATED = "UPDATED";
    static final String ARCHIVED = "ARCHIVED";
    static final String REMOVED = "REMOVED";
    /** 联系卡核对: checked with the family, nothing changed. */
    static final String CHECKED = "CHECKED";

    /** Bookkeeping components that are not part of what a user changes. */
    private static final Set<String> IGNORED = Set.of("id", "version", "createdAt", "updatedAt");

    /** One changed field. */
    public record Change(String field, String oldValue, String newValue) {
    }

    /** A record as stored after a change, with the fields that changed. */
    record Outcome<T>(T value, List<Change> changes) {
    }

    private History() {
    }

    /** @return the fields whose values differ between two records of the same type, in declaration order */
    static List<Change> diff(Record before, Record after) {
        if (before.getClass() != after.getClass()) {
            throw new IllegalArgumentException("cannot compare " + before.getClass() + " with " + after.getClass());
        }
        List<Change> changes = new ArrayList<>();
        for (RecordComponent rc : before.getClass().getRecordComponents()) {
            if (IGNORED.contains(rc.getName())) {
                continue;
            }
            try {
                Object a = rc.getAccessor().invoke(before);
                Object b = rc.getAccessor().invoke(after);
                if (!Objects.equals(a, b)) {
                    changes.add(new Change(rc.getName(), text(a), text(b)));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return changes;
    }

    /** @return every non-empty field of a new record, as changes from nothing */
    static List<Change> created(Record record) {
        return fields(record, false);
    }

    /** @return every non-empty field of a removed record, as changes to nothing */
    static List<Change> removed(Record record) {
        return fields(record, true);
    }

    private static List<Change> fields(Record record, boolean removed) {
        List<Change> changes = new ArrayList<>();
        for (RecordComponent rc : record.getClass().getRecordComponents()) {
            if (IGNORED.contains(rc.getName())) {
                continue;
            }
            try {
                String value = text(rc.getAccessor().invoke(record));
                if (value != null && !value.isEmpty() && !"false".equals(value)) {
                    changes.add(removed ? new Change(rc.getName(), value, null) : new Change(rc.getName(), null, value));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return changes;
    }

    /** Text form of a value as stored in the history: sets sorted, everything else by {@code toString}. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> c) {
            TreeSet<String> sorted = new TreeSet<>();
            c.forEach(v -> sorted.add(String.valueOf(v)));
            return String.join(",", sorted);
        }
        String s = value.toString();
        return s.length() > 1000 ? s.substring(0, 1000) : s;
    }

    static void record(Connection c, String entity, long entityId, Long childId, String action, String actor,
            Instant at, List<Change> changes) throws SQLException {
        String sql = "INSERT INTO core_history (entity_type, entity_id, child_id, action, field, old_value, new_value, actor, at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        if (changes.isEmpty() && UPDATED.equals(action)) {
            return; // nothing changed: nothing to record
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (changes.isEmpty()) {
                Jdbc.bind(ps, entity, entityId, childId, action, null, null, null, actor, at);
                ps.executeUpdate();
                return;
            }
            for (Change ch : changes) {
                Jdbc.bind(ps, entity, entityId, childId, action, ch.field(), ch.oldValue(), ch.newValue(), actor, at);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static List<HistoryEntry> forChild(Connection c, long childId) throws SQLException {
        return Jdbc.list(c, "SELECT * FROM core_history WHERE child_id = ? ORDER BY id", History::map, childId);
    }

    private static HistoryEntry map(java.sql.ResultSet rs) throws SQLException {
        return new HistoryEntry(rs.getLong("id"), rs.getString("entity_type"), rs.getLong("entity_id"),
                Jdbc.longOrNull(rs, "child_id"), rs.getString("action"), rs.getString("field"),
                rs.getString("old_value"), rs.getString("new_value"), rs.getString("actor"), Jdbc.instant(rs, "at"));
    }
}
