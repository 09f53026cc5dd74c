package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.plugin.activities.internal.Coverage.ChildEvidence;
import org.guanai.plugin.activities.internal.Coverage.PairEvidence;
import org.guanai.plugin.activities.internal.Model.ChildRecord;
import org.guanai.sdk.data.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What the coverage grid and the semester ledger count, read across activities, their participants and per-child records:
 * each child's evidence in a range ({@link Coverage}) and the totals per type of activity and kind of record.
 */
@Component(service = CoverageStore.class)
public final class CoverageStore {
    private final Database db;
    private final RecordStore records;

    @Activate
    public CoverageStore(@Reference Tables tables, @Reference RecordStore records) {
        this.db = tables.db();
        this.records = records;
    }

    /**
     * Every child's evidence in the school between {@code from} and {@code to}: activities attended, records, and, when
     * {@code ownPairs}, the pairs and talks recorded here.
     */
    Map<Long, ChildEvidence> evidence(long school, LocalDate from, LocalDate to, boolean ownPairs) {
        Map<Long, Map<String, List<LocalDate>>> acts = new HashMap<>();
        Map<Long, List<LocalDate>> home = new HashMap<>();
        Map<Long, Map<String, List<LocalDate>>> recs = new HashMap<>();
        Map<Long, Map<String, List<LocalDate>>> pairs = new HashMap<>();
        Map<Long, Map<String, LocalDate>> since = new HashMap<>();
        db.read(sql -> sql.list("SELECT p.child_id, a.type, a.held_on, a.at_home FROM activities_activity a JOIN activities_participant p"
                + " ON p.activity_id = a.id WHERE a.school_id = ? AND a.held_on >= ? AND a.held_on <= ?", rs -> {
                    long child = rs.getLong(1);
                    LocalDate d = rs.getObject(3, LocalDate.class);
                    acts.computeIfAbsent(child, k -> new HashMap<>()).computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(d);
                    if (rs.getBoolean(4)) {
                        home.computeIfAbsent(child, k -> new ArrayList<>()).add(d);
                    }
                    return null;
                }, school, from, to));
        List<ChildRecord> talks = new ArrayList<>();
        for (ChildRecord r : records.recordsOfSchool(school, from, to)) {
            if (r.kind().equals("PAIR")) {
                if (ownPairs && r.scheme() != null) {
                    pairs.computeIfAbsent(r.childId(), k -> new HashMap<>()).computeIfAbsent(r.scheme(), k -> new ArrayList<>());
                    since.computeIfAbsent(r.childId(), k -> new HashMap<>()).merge(r.scheme(), r.occurredOn(),
                            (a, b) -> a.isBefore(b) ? a : b);
                }
                continue;
            }
            if (r.kind().equals("TALK") && r.scheme() != null && ownPairs) {
                talks.add(r);
            }
            // a talk of a scheme also counts as a talk (谈心) for the items that count talks
            recs.computeIfAbsent(r.childId(), k -> new HashMap<>()).computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r.occurredOn());
        }
        for (ChildRecord t : talks) {
            Map<String, List<LocalDate>> p = pairs.get(t.childId());
            if (p != null && p.containsKey(t.scheme())) {
                p.get(t.scheme()).add(t.occurredOn());
            }
        }
        Set<Long> children = new HashSet<>(acts.keySet());
        children.addAll(home.keySet());
        children.addAll(recs.keySet());
        children.addAll(pairs.keySet());
        Map<Long, ChildEvidence> out = new HashMap<>();
        for (Long child : children) {
            Map<String, PairEvidence> own = new HashMap<>();
            pairs.getOrDefault(child, Map.of()).forEach((scheme, days) -> own.put(scheme, new PairEvidence(since.get(child).get(scheme), days)));
            out.put(child, new ChildEvidence(acts.getOrDefault(child, Map.of()), home.getOrDefault(child, List.of()),
                    recs.getOrDefault(child, Map.of()), own));
        }
        return out;
    }

    /** How many activities of a type, or records of a kind, the school has in a range. */
    record Count(boolean activity, String type, long count) {
    }

    /** @return the number of activities per type and of records per kind of the school in [from, to] */
    List<Count> counts(long school, LocalDate from, LocalDate to) {
        return db.read(sql -> {
            List<Count> out = new ArrayList<>(sql.list("SELECT type, COUNT(*) FROM activities_activity WHERE school_id = ? AND held_on >= ?"
                    + " AND held_on <= ? GROUP BY type ORDER BY type", rs -> new Count(true, rs.getString(1), rs.getLong(2)), school, from, to));
            out.addAll(sql.list("SELECT kind, COUNT(*) FROM activities_record WHERE school_id = ? AND occurred_on >= ? AND occurred_on <= ?"
                    + " GROUP BY kind ORDER BY kind", rs -> new Count(false, rs.getString(1), rs.getLong(2)), school, from, to));
            return out;
        });
    }
}
