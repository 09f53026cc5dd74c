package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.guanai.plugin.activities.internal.Checklists.Cadence;
import org.guanai.plugin.activities.internal.Checklists.Evidence;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.sdk.time.Semester;

/**
 * 覆盖情况: which checklist items each child has done in a semester, computed from dated evidence. Pure: the caller
 * gathers the evidence (activities attended, records, pairs) and this class applies the cadences and the semester's
 * boundaries (first and last day inclusive; nothing outside counts, nothing after {@code asOf} either).
 */
final class Coverage {
    private Coverage() {
    }

    /** 完成状态 of one cell. */
    enum Status {
        /** 已完成: every period due so far is done. */
        DONE,
        /** 未完成: something due is not done (for a per-semester item: not done yet in this semester). */
        MISSING,
        /** 未到期: a weekly or monthly item whose first period is still running and not yet done. */
        PENDING
    }

    /** A child as the grid shows it. */
    record ChildRow(long id, String name, Long classId, String className) {
    }

    /**
     * The dated evidence of one child.
     *
     * @param activities per activity type, the days of the activities the child took part in
     * @param home       the days of activities in the 留守儿童之家 the child took part in
     * @param records    per record kind, the days of the child's records
     * @param pairs      per scheme for which the child has a pair active in the semester: since when, and its talks
     */
    record ChildEvidence(Map<String, List<LocalDate>> activities, List<LocalDate> home, Map<String, List<LocalDate>> records,
            Map<String, PairEvidence> pairs) {
        static ChildEvidence empty() {
            return new ChildEvidence(Map.of(), List.of(), Map.of(), Map.of());
        }
    }

    /**
     * A child's pair of one scheme: a weekly or monthly talk is due from the day it started (九个一 (4): the 爱心妈妈's
     * weekly talk [000 L709] is owed from the pairing, not from the start of the semester).
     *
     * @param since the first day of the earliest such pair in force in the range
     * @param talks the days of the talks of its mentors
     */
    record PairEvidence(LocalDate since, List<LocalDate> talks) {
        PairEvidence {
            talks = List.copyOf(talks);
        }
    }

    /** One cell: the item's status for the child, with the periods done and due (1/1 for a per-semester item). */
    record Cell(String item, Status status, int done, int required, LocalDate last) {
    }

    record Row(ChildRow child, List<Cell> cells, int missing) {
    }

    /** Counts for a class or the school. */
    record Summary(Long classId, String className, int children, int complete, int cellsDone, int cellsDue, double percent,
            Map<String, Integer> doneByItem) {
    }

    record Grid(Semester semester, LocalDate asOf, List<Item> items, List<Row> rows, List<Summary> classes, Summary school) {
    }

    /**
     * @param items    the active checklist items, in order
     * @param semester the semester
     * @param asOf     the day the grid is for (today, or a later day: capped at the semester's end)
     * @param children the children, ordered as they should appear
     * @param evidence per child id, its evidence (missing: none)
     */
    static Grid grid(List<Item> items, Semester semester, LocalDate asOf, List<ChildRow> children, Map<Long, ChildEvidence> evidence) {
        List<Row> rows = new ArrayList<>(children.size());
        // most children of a large school have no evidence at all: their cells are all alike, worked out once (each cell
        // walks the cadence's periods; 50,000 children × 9 items took seconds)
        List<Cell> none = null;
        int noneMissing = 0;
        for (ChildRow c : children) {
            ChildEvidence e = evidence.get(c.id());
            if (e == null) {
                if (none == null) {
                    none = cells(items, semester, asOf, ChildEvidence.empty());
                    noneMissing = missing(none);
                }
                rows.add(new Row(c, none, noneMissing));
            } else {
                List<Cell> cells = cells(items, semester, asOf, e);
                rows.add(new Row(c, cells, missing(cells)));
            }
        }
        Map<Long, List<Row>> byClass = new LinkedHashMap<>();
        for (Row r : rows) {
            byClass.computeIfAbsent(r.child().classId(), k -> new ArrayList<>()).add(r);
        }
        List<Summary> classes = new ArrayList<>();
        for (List<Row> rs : byClass.values()) {
            classes.add(summary(rs.get(0).child().classId(), rs.get(0).child().className(), rs, items));
        }
        return new Grid(semester, asOf, items, rows, classes, summary(null, null, rows, items));
    }

    private static List<Cell> cells(List<Item> items, Semester semester, LocalDate asOf, ChildEvidence e) {
        List<Cell> cells = new ArrayList<>(items.size());
        for (Item item : items) {
            cells.add(cell(item, semester, asOf, e));
        }
        return List.copyOf(cells);
    }

    private static int missing(List<Cell> cells) {
        int n = 0;
        for (Cell c : cells) {
            if (c.status() == Status.MISSING) {
                n++;
            }
        }
        return n;
    }

    static Summary summary(Long classId, String className, Collection<Row> rows, List<Item> items) {
        return summary(classId, className, rows, null, 0, items);
    }

    /**
     * The summary of {@code rows} and {@code copies} more rows like {@code copy} (the children without evidence, whose
     * rows are all alike): as {@link #summary(Long, String, Collection, List)} of them all, without making the copies.
     */
    static Summary summary(Long classId, String className, Collection<Row> rows, Row copy, long copies, List<Item> items) {
        int complete = 0;
        int done = 0;
        int due = 0;
        Map<String, Integer> byItem = new LinkedHashMap<>();
        for (Item i : items) {
            byItem.put(i.code(), 0);
        }
        for (Row r : rows) {
            if (r.missing() == 0) {
                complete++;
            }
            for (Cell c : r.cells()) {
                if (c.status() == Status.DONE) {
                    done++;
                    due++;
                    byItem.merge(c.item(), 1, Integer::sum);
                } else if (c.status() == Status.MISSING) {
                    due++;
                }
            }
        }
        if (copy != null && copies > 0) {
            int n = Math.toIntExact(copies);
            if (copy.missing() == 0) {
                complete += n;
            }
            for (Cell c : copy.cells()) {
                if (c.status() == Status.DONE) {
                    done += n;
                    due += n;
                    byItem.merge(c.item(), n, Integer::sum);
                } else if (c.status() == Status.MISSING) {
                    due += n;
                }
            }
        }
        double percent = due == 0 ? 100.0 : Math.round(1000.0 * done / due) / 10.0;
        return new Summary(classId, className, rows.size() + (copy == null ? 0 : Math.toIntExact(copies)), complete, done, due, percent, byItem);
    }

    /** The status of one item for one child. */
    static Cell cell(Item item, Semester semester, LocalDate asOf, ChildEvidence e) {
        Evidence ev = Evidence.parse(item.evidence());
        LocalDate until = asOf.isAfter(semester.end()) ? semester.end() : asOf;
        boolean pair = ev.source().equals("pair");
        String scheme = pair ? ev.values().iterator().next() : null;
        if (pair && !e.pairs().containsKey(scheme)) {
            // no pair active in the semester: nothing can count
            int required = item.cadence() == Cadence.SEMESTER ? item.times() : Math.max(1, completePeriods(item.cadence(), semester, until));
            return new Cell(item.code(), until.isBefore(semester.start()) ? Status.PENDING : Status.MISSING, 0, required, null);
        }
        List<LocalDate> dates = new ArrayList<>();
        switch (ev.source()) {
            case "home" -> dates.addAll(e.home());
            case "activity" -> ev.values().forEach(t -> dates.addAll(e.activities().getOrDefault(t, List.of())));
            case "record" -> ev.values().forEach(k -> dates.addAll(e.records().getOrDefault(k, List.of())));
            case "pair" -> dates.addAll(e.pairs().get(scheme).talks());
            default -> throw new IllegalArgumentException(item.evidence());
        }
        List<LocalDate> inside = dates.stream().filter(d -> !d.isBefore(semester.start()) && !d.isAfter(until)).sorted().toList();
        LocalDate last = inside.isEmpty() ? null : inside.get(inside.size() - 1);
        if (until.isBefore(semester.start())) {
            return new Cell(item.code(), Status.PENDING, 0, 0, null);
        }
        if (item.cadence() == Cadence.SEMESTER || pair && item.cadence() == Cadence.SEMESTER) {
            // a pair item per semester: the pair itself is the evidence
            int done = pair ? item.times() : Math.min(inside.size(), item.times());
            return new Cell(item.code(), done >= item.times() ? Status.DONE : Status.MISSING, done, item.times(), last);
        }
        // a pair's weekly or monthly talks are due from the day the pair started
        LocalDate since = pair ? e.pairs().get(scheme).since() : null;
        LocalDate from = since != null && since.isAfter(semester.start()) ? since : semester.start();
        if (until.isBefore(from)) {
            return new Cell(item.code(), Status.PENDING, 0, 0, null);
        }
        int done = 0;
        int required = 0;
        for (LocalDate[] p : periods(item.cadence(), from, semester.end(), until)) {
            long n = inside.stream().filter(d -> !d.isBefore(p[0]) && !d.isAfter(p[1])).count();
            boolean complete = p[1].isBefore(until) || until.equals(semester.end());
            if (n >= item.times()) {
                done++;
                required++;
            } else if (complete) {
                required++;
            }
        }
        Status s = required == 0 ? Status.PENDING : done >= required ? Status.DONE : Status.MISSING;
        return new Cell(item.code(), s, done, required, last);
    }

    private static int completePeriods(Cadence c, Semester semester, LocalDate until) {
        int n = 0;
        for (LocalDate[] p : periods(c, semester.start(), semester.end(), until)) {
            if (p[1].isBefore(until) || until.equals(semester.end())) {
                n++;
            }
        }
        return n;
    }

    /**
     * The periods of the cadence that started by {@code until}: [first, last] day, inclusive, clipped to
     * {@code [from, end]}; weeks count from {@code from}, months are calendar months.
     */
    static List<LocalDate[]> periods(Cadence c, LocalDate from, LocalDate end, LocalDate until) {
        List<LocalDate[]> out = new ArrayList<>();
        if (c == Cadence.WEEKLY) {
            for (LocalDate s = from; !s.isAfter(until); s = s.plusDays(7)) {
                LocalDate e = s.plusDays(6);
                out.add(new LocalDate[] { s, e.isAfter(end) ? end : e });
            }
        } else if (c == Cadence.MONTHLY) {
            for (YearMonth m = YearMonth.from(from); !m.atDay(1).isAfter(until); m = m.plusMonths(1)) {
                LocalDate s = m.atDay(1).isBefore(from) ? from : m.atDay(1);
                LocalDate e = m.atEndOfMonth().isAfter(end) ? end : m.atEndOfMonth();
                out.add(new LocalDate[] { s, e });
            }
        } else {
            out.add(new LocalDate[] { from, end });
        }
        return out;
    }
}
