package org.guanai.plugin.health.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.plugin.health.internal.Model.Campaign;
import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The records a request may reach: children, campaigns and follow-ups of the school the request acts for (which the core
 * has checked the caller may act for), children within the caller's reach ({@link ChildService}); anything else is
 * {@code 404}.
 */
@Component(service = Lookups.class)
public final class Lookups {
    private final HealthStore store;
    private final ChildService children;
    private final CareCalendar calendar;

    @Activate
    public Lookups(@Reference HealthStore store, @Reference ChildService children, @Reference CareCalendar calendar) {
        this.store = store;
        this.children = children;
        this.calendar = calendar;
    }

    /** @return the child, if in the caller's reach, of the school and not archived; otherwise 404 */
    Child child(long childId, long school) {
        return schoolChild(childId, school).orElseThrow(() -> new NotFoundException("child", childId));
    }

    /** @return the child, if in the caller's reach, of the school and not archived */
    Optional<Child> schoolChild(long childId, long school) {
        return children.get(childId).filter(c -> c.schoolId() != null && c.schoolId() == school && !c.archived());
    }

    Campaign campaign(long id, long school) {
        return store.read(sql -> store.campaign(sql, id)).filter(k -> k.schoolId() == school)
                .orElseThrow(() -> new NotFoundException("campaign", id));
    }

    FollowUp followUp(long id, long school) {
        FollowUp f = store.read(sql -> store.followUp(sql, id, calendar.today())).filter(x -> x.schoolId() == school)
                .orElseThrow(() -> new NotFoundException("followup", id));
        // the child must be within the caller's reach too (an archived child's follow-ups stay readable and closable)
        children.get(f.childId()).filter(c -> c.schoolId() != null && c.schoolId() == school)
                .orElseThrow(() -> new NotFoundException("followup", id));
        return f;
    }

    /**
     * @return the children of these ids that are of the school, not archived and in the caller's reach (as
     *         {@link #schoolChildren(long, Long)} has them), by id: read by id, not by going through the school
     */
    Map<Long, Child> schoolChildrenOf(long school, java.util.Collection<Long> ids) {
        Map<Long, Child> out = new java.util.HashMap<>();
        children.forEachOf(ChildQuery.ofSchool(school), ids, c -> out.put(c.id(), c));
        return out;
    }

    /** @return every (non-archived) child of the school (or of one class) in the caller's reach, by class, name and id */
    Map<Long, Child> schoolChildren(long school, Long classId) {
        List<Child> all = new ArrayList<>();
        children.forEach(new ChildQuery(school, classId, null, null, null, false, 0, 500), all::add);
        all.sort(Comparator.comparing(Child::classId, Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Child::name)
                .thenComparing(Child::id));
        Map<Long, Child> out = new LinkedHashMap<>();
        all.forEach(k -> out.put(k.id(), k));
        return out;
    }
}
