package org.guanai.core.registry.internal.returns;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.guanai.core.api.Permissions;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.security.Scope;

/**
 * What moved between two submissions of a school's return, from their snapshots of the children ({@code [id,
 * left_behind_type, guardian_kinds]}, V46): children added, departed, whose 留守类型 or guardians changed. Counts for
 * everyone who may read the return; the children by name for those who may read the archive, each within the caller's
 * classes (an officer sees the counts only).
 */
final class ReturnChanges {
    static final String ADDED = "ADDED";
    static final String DEPARTED = "DEPARTED";
    static final String TYPE = "TYPE";
    static final String GUARDIAN = "GUARDIAN";

    private ReturnChanges() {
    }

    /** One child who moved: {@code before} or {@code after} is {@code null} when the child was not in that snapshot. */
    private record Moved(long childId, String change, List<Object> before, List<Object> after) {
    }

    /**
     * @param previous what the answer says of the earlier submission ({@code id}, {@code period}, {@code seq})
     * @return {@code previous}, the counts {@code added}, {@code departed}, {@code typeChanged}, {@code guardianChanged} and,
     *         for archive readers, {@code children}
     */
    static Map<String, Object> between(Connection c, Scope scope, long schoolId, Map<String, Object> previous, long earlier,
            long later, Function<String, List<List<Object>>> parse) throws SQLException {
        Map<Long, List<Object>> a = byId(parse.apply(snapshot(c, earlier)));
        Map<Long, List<Object>> b = byId(parse.apply(snapshot(c, later)));
        List<Moved> moved = new ArrayList<>();
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(k -> moved.add(new Moved(k, ADDED, null, b.get(k))));
        a.keySet().stream().filter(k -> !b.containsKey(k)).forEach(k -> moved.add(new Moved(k, DEPARTED, a.get(k), null)));
        for (Map.Entry<Long, List<Object>> e : b.entrySet()) {
            List<Object> was = a.get(e.getKey());
            if (was == null) {
                continue;
            }
            if (!Objects.equals(was.get(1), e.getValue().get(1))) {
                moved.add(new Moved(e.getKey(), TYPE, was, e.getValue()));
            }
            if (!Objects.equals(was.get(2), e.getValue().get(2))) {
                moved.add(new Moved(e.getKey(), GUARDIAN, was, e.getValue()));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("previous", previous);
        m.put("added", count(moved, ADDED));
        m.put("departed", count(moved, DEPARTED));
        m.put("typeChanged", count(moved, TYPE));
        m.put("guardianChanged", count(moved, GUARDIAN));
        if (scope.allows(Permissions.REGISTRY_READ)) {
            m.put("children", named(c, scope, schoolId, moved));
        }
        return m;
    }

    private static int count(List<Moved> moved, String change) {
        return (int) moved.stream().filter(x -> x.change().equals(change)).count();
    }

    private static List<Map<String, Object>> named(Connection c, Scope scope, long schoolId, List<Moved> moved) throws SQLException {
        Map<Long, Object[]> names = names(c, moved.stream().map(Moved::childId).distinct().toList());
        List<Map<String, Object>> children = new ArrayList<>();
        for (Moved x : moved) {
            Object[] n = names.get(x.childId());
            if (n == null || !scope.sees(schoolId, (Long) n[2])) {
                continue; // a child of a class out of the caller's reach: counted, not named
            }
            Map<String, Object> child = new LinkedHashMap<>();
            child.put("childId", x.childId());
            child.put("name", n[0]);
            child.put("className", n[1]);
            child.put("change", x.change());
            child.put("typeBefore", x.before() == null ? null : x.before().get(1));
            child.put("typeAfter", x.after() == null ? null : x.after().get(1));
            child.put("guardiansBefore", x.before() == null ? null : kinds(x.before().get(2)));
            child.put("guardiansAfter", x.after() == null ? null : kinds(x.after().get(2)));
            children.add(child);
        }
        return children;
    }

    private static String snapshot(Connection c, long id) throws SQLException {
        return Jdbc.one(c, "SELECT children FROM core_return_submission WHERE id = ?", rs -> rs.getString(1), id).orElseThrow();
    }

    private static Map<Long, List<Object>> byId(List<List<Object>> rows) {
        Map<Long, List<Object>> out = new LinkedHashMap<>();
        for (List<Object> r : rows) {
            out.put(((Number) r.get(0)).longValue(), r);
        }
        return out;
    }

    /** @return the guardian kinds of a snapshot's {@code |A|B|} column as a list */
    private static List<String> kinds(Object column) {
        return column == null ? List.of() : Arrays.stream(column.toString().split("\\|")).filter(k -> !k.isEmpty()).toList();
    }

    /** @return name, class name and class id of each child (the archive keeps departed children), in batches of 500 */
    private static Map<Long, Object[]> names(Connection c, List<Long> ids) throws SQLException {
        Map<Long, Object[]> out = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i += 500) {
            List<Long> batch = ids.subList(i, Math.min(ids.size(), i + 500));
            String marks = String.join(", ", Collections.nCopies(batch.size(), "?"));
            for (Object[] r : Jdbc.list(c, "SELECT ch.id, ch.name, cl.name, ch.class_id FROM core_child ch LEFT JOIN core_class cl"
                    + " ON cl.id = ch.class_id WHERE ch.id IN (" + marks + ")", rs -> new Object[] { rs.getLong(1), rs.getString(2),
                            rs.getString(3), rs.getObject(4, Long.class) }, batch.toArray())) {
                out.put((Long) r[0], new Object[] { r[1], r[2], r[3] });
            }
        }
        return out;
    }
}
