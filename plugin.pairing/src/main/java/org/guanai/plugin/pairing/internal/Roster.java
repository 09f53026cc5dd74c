package org.guanai.plugin.pairing.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.sdk.http.Paging;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The children and schools the programme works on, as the registry gives them to the current caller (a 班主任 sees the
 * children of their classes; background jobs and demo loading see all).
 */
@Component(service = Roster.class)
public final class Roster {
    private final ChildService children;
    private final SchoolService schools;
    private final ProgrammeRegistry programmes;

    @Activate
    public Roster(@Reference ChildService children, @Reference SchoolService schools, @Reference ProgrammeRegistry programmes) {
        this.children = children;
        this.schools = schools;
        this.programmes = programmes;
    }

    /** The school's children the caller sees, not archived, by class and name. */
    List<Child> children(long school) {
        List<Child> out = new ArrayList<>();
        forEach(school, out::add);
        out.sort(Comparator.comparing(Child::classId, Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Child::name)
                .thenComparing(Child::id));
        return out;
    }

    /**
     * The school's children the caller sees who count as 留守儿童 today under the platform's rule, by class and name: the
     * ones mentors are proposed for (a child who is 非留守, or past the rule's age, gets none).
     */
    List<Child> leftBehind(long school) {
        List<Child> all = children(school);
        java.util.Set<Long> eligible = children.eligibleAmong(all.stream().map(Child::id).toList());
        return all.stream().filter(c -> eligible.contains(c.id())).toList();
    }

    /** Each of the school's children the caller sees, not archived, in no particular order (read 500 at a time). */
    void forEach(long school, java.util.function.Consumer<Child> action) {
        children.forEach(ChildQuery.ofSchool(school), action);
    }

    /** A page of the school's children the caller sees, not archived, in the order of {@link #children}. */
    Page<Child> page(long school, Paging paging) {
        return children.find(ChildQuery.ofSchool(school).toBuilder().page(paging.page()).size(paging.size()).build());
    }

    /**
     * How many of the school's children the caller sees (not archived) are in each of these classes, and without a class
     * ({@link PairingReports#NO_CLASS}): from the registry's list totals, without reading a child.
     */
    Map<Long, Long> countsByClass(long school, java.util.Collection<Long> classIds) {
        Map<Long, Long> out = new LinkedHashMap<>();
        long inClasses = 0;
        for (long classId : classIds) {
            long n = children.find(ChildQuery.ofSchool(school).toBuilder().classId(classId).size(1).build()).total();
            out.put(classId, n);
            inClasses += n;
        }
        out.put(PairingReports.NO_CLASS, Math.max(0, count(school) - inClasses));
        return out;
    }

    /** How many of the school's children the caller sees (not archived): the registry's list total. */
    long count(long school) {
        return children.find(ChildQuery.ofSchool(school).toBuilder().size(1).build()).total();
    }

    /** The school's children the caller sees, by id, in the order of {@link #children}. */
    Map<Long, Child> visible(long school) {
        Map<Long, Child> m = new LinkedHashMap<>();
        children(school).forEach(c -> m.put(c.id(), c));
        return m;
    }

    /**
     * The children of these ids the caller sees, of the school and not archived (as {@link #visible} has them), by id:
     * read by id instead of going through the whole school.
     */
    Map<Long, Child> visibleOf(long school, java.util.Collection<Long> ids) {
        Map<Long, Child> m = new java.util.HashMap<>();
        children.forEachOf(ChildQuery.ofSchool(school), ids, c -> m.put(c.id(), c));
        return m;
    }

    /** The child if the caller sees it and it is of the school. */
    Optional<Child> child(long id, long school) {
        return children.get(id).filter(c -> c.schoolId() != null && c.schoolId() == school && !c.archived());
    }

    /** The schools of a county proposal or report: every school the programme is enabled for. */
    List<Long> countySchools() {
        List<Long> out = new ArrayList<>();
        for (int page = 0;; page++) {
            var p = schools.schools(false, page, 500);
            p.items().stream().map(s -> s.id()).filter(id -> programmes.isEnabled(id, PairingProgramme.ID)).forEach(out::add);
            if (p.items().size() < 500) {
                return out;
            }
        }
    }
}
