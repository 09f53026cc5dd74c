package org.guanai.plugin.pairing.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.dto.Child;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.Compliance;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Period;

/**
 * Which obligation periods belong to a week's to-do list (本周待办), from the periods {@link Obligations} computes:
 * the periods not met that overlap the week (due on their last day, overdue once that day has passed), and, in the
 * current week, the period just before the one the week starts in when it was not met (overdue). Older misses are the
 * overdue list's ({@code GET overdue}), not the week's.
 */
final class WeekDuties {

    private WeekDuties() {
    }

    /** One period of the list: due on {@code due}, overdue or not. */
    record Due(Compliance.Item item, LocalDate due, boolean overdue) {
    }

    /**
     * @param periods the periods from before the previous one to after the week
     * @param monday  the week's Monday
     * @param today   today
     * @return the periods of the week's list, not met
     */
    static List<Due> select(List<Compliance.Item> periods, LocalDate monday, LocalDate today) {
        LocalDate sunday = monday.plusDays(6);
        boolean current = !today.isBefore(monday) && !today.isAfter(sunday);
        List<Due> out = new ArrayList<>();
        for (Compliance.Item i : periods) {
            if (i.met()) {
                continue;
            }
            LocalDate last = i.end().minusDays(1);
            Period p = i.obligation().period();
            boolean overlaps = !i.start().isAfter(sunday) && !last.isBefore(monday);
            // the period before the one holding Monday: it ended by Monday, and the next one holds Monday
            boolean previous = !i.end().isAfter(monday) && p.next(i.end()).isAfter(monday);
            if (overlaps || current && previous) {
                out.add(new Due(i, last, last.isBefore(today)));
            }
        }
        return out;
    }

    /**
     * The class teacher as default mentor (班主任默认帮扶): a span per child of the caller's classes who has no pair in
     * force in the week, with the active staff mentor heading the child's class, under the staff scheme, from
     * {@code anchor} (the semester's first day: the two-week windows are counted from it). Its pair id is the child's id,
     * negated, which no stored pair has.
     *
     * @param children the children the caller sees
     * @param pairs    the school's pairs
     * @param mentors  the school's mentors
     */
    static List<Compliance.PairSpan> defaults(List<Child> children, List<Pair> pairs, List<Mentor> mentors, String scheme,
            LocalDate monday, LocalDate anchor) {
        Map<Long, Mentor> heads = new HashMap<>();
        for (Mentor m : mentors) {
            if (m.kind() == MentorKind.TEACHER && m.active() && m.classId() != null) {
                heads.putIfAbsent(m.classId(), m);
            }
        }
        LocalDate sunday = monday.plusDays(6);
        Set<Long> paired = new java.util.HashSet<>();
        for (Pair p : pairs) {
            if (p.status() != Status.PENDING && !p.startsOn().isAfter(sunday) && (p.endsOn() == null || !p.endsOn().isBefore(monday))) {
                paired.add(p.childId());
            }
        }
        List<Compliance.PairSpan> out = new ArrayList<>();
        for (Child c : children) {
            Mentor head = c.classId() == null ? null : heads.get(c.classId());
            if (head != null && !paired.contains(c.id())) {
                out.add(new Compliance.PairSpan(-c.id(), c.id(), head.id(), scheme, anchor, null));
            }
        }
        return out;
    }
}
