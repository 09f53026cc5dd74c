package org.guanai.plugin.health.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.Parent;
import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Reading follow-ups: the school's list by status (children out of the caller's reach left out), one follow-up with who
 * was told, and the guardian and parents a child's findings are told to. Reads of a person's follow-ups are audited.
 */
@Component(service = FollowUps.class)
public final class FollowUps {
    static final Set<String> FILTERS = Set.of("open", "overdue", "closed", "all");

    private final HealthStore store;
    private final Lookups lookups;
    private final GuardianService guardians;
    private final AuditTrail audit;
    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public FollowUps(@Reference HealthStore store, @Reference Lookups lookups, @Reference GuardianService guardians,
            @Reference AuditTrail audit, @Reference Texts texts, @Reference CareCalendar calendar) {
        this.store = store;
        this.lookups = lookups;
        this.guardians = guardians;
        this.audit = audit;
        this.texts = texts;
        this.calendar = calendar;
    }

    /** @return every follow-up of the school, most urgent first (for the demo data; not a read of a person) */
    List<FollowUp> all(long school) {
        return store.read(sql -> store.followUps(sql, school, null, "all", calendar.today()));
    }

    /** A follow-up read in full (its finding and who was told): audited. */
    FollowUp read(long id, long school) {
        FollowUp f = lookups.followUp(id, school);
        audit.record("READ", "health.followup", String.valueOf(id), f.childId(), school, f.finding());
        return f;
    }

    /** @return the school's follow-ups of a status ({@link #FILTERS}), each with the child's name and class */
    List<Map<String, Object>> list(long school, String filter) {
        if (!FILTERS.contains(filter)) {
            throw texts.invalid("status", "filter");
        }
        List<FollowUp> followUps = store.read(sql -> store.followUps(sql, school, null, filter, calendar.today()));
        Map<Long, Child> kids = lookups.schoolChildrenOf(school, followUps.stream().map(FollowUp::childId).toList());
        List<Map<String, Object>> out = new ArrayList<>();
        for (FollowUp f : followUps) {
            Child k = kids.get(f.childId());
            if (k == null) {
                continue; // out of the caller's reach, or archived
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("followUp", f);
            row.put("childName", k.name());
            row.put("classId", k.classId());
            out.add(row);
        }
        audit.record("READ", "health.followups", filter, null, school, out.size() + " follow-ups");
        return out;
    }

    /** For the guardians' names on the follow-up page. */
    List<Map<String, Object>> contacts(long school, long childId) {
        lookups.child(childId, school);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Guardian g : guardians.guardians(childId)) {
            out.add(Map.of("recipient", "GUARDIAN", "name", g.name() == null ? "" : g.name(), "relation",
                    g.relation() == null ? "" : g.relation()));
        }
        for (Parent p : guardians.parents(childId)) {
            if (!p.deceased()) {
                out.add(Map.of("recipient", p.role().name(), "name", p.name() == null ? "" : p.name(), "away", p.away()));
            }
        }
        return out;
    }
}
