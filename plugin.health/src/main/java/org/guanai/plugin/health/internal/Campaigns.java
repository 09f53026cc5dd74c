package org.guanai.plugin.health.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.plugin.health.internal.Model.Campaign;
import org.guanai.plugin.health.internal.Model.Check;
import org.guanai.sdk.http.Paging;
import org.guanai.sdk.i18n.FieldErrors;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Semester;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * 体检批次: a school's per-semester check campaigns, and a class's entry sheet of a campaign (each child with its
 * check). Creating a campaign and reading a sheet are audited.
 */
@Component(service = Campaigns.class)
public final class Campaigns {
    private final HealthStore store;
    private final HealthWrites writes;
    private final Lookups lookups;
    private final SchoolService schools;
    private final CallerContext callers;
    private final AuditTrail audit;
    private final Texts texts;
    private final CareCalendar calendar;
    private final ChildService children;

    @Activate
    public Campaigns(@Reference HealthStore store, @Reference HealthWrites writes, @Reference Lookups lookups, @Reference SchoolService schools,
            @Reference CallerContext callers, @Reference AuditTrail audit, @Reference Texts texts, @Reference CareCalendar calendar,
            @Reference ChildService children) {
        this.store = store;
        this.writes = writes;
        this.lookups = lookups;
        this.schools = schools;
        this.callers = callers;
        this.audit = audit;
        this.texts = texts;
        this.calendar = calendar;
        this.children = children;
    }

    List<Campaign> list(long school) {
        return store.read(sql -> store.campaigns(sql, school));
    }

    Campaign create(long school, Inputs.CampaignInput in) {
        Optional<Semester> semester = Semesters.of(calendar, in.semester());
        FieldErrors e = texts.errors().check(semester.isEmpty(), "semester", "semester");
        String title = in.title();
        if (title == null || title.isBlank() || title.length() > 100) {
            e.add("title", "title");
        }
        LocalDate startsOn = in.startsOn();
        LocalDate endsOn = in.endsOn();
        if (startsOn == null) {
            e.add("startsOn", "date");
        }
        if (endsOn == null) {
            e.add("endsOn", "date");
        } else if (startsOn != null && (endsOn.isBefore(startsOn) || endsOn.isAfter(startsOn.plusDays(200)))) {
            e.add("endsOn", "endsOn");
        }
        int days = in.notifyWithinDays() == null ? 7 : in.notifyWithinDays();
        if (days < 1 || days > 60) {
            e.add("notifyWithinDays", "notifyDays");
        }
        e.throwIfAny();
        Campaign k = writes.write(sql -> store.createCampaign(sql, new Campaign(null, school, Semesters.code(semester.get()), title.strip(),
                startsOn, endsOn, days, writes.user(), null)));
        audit.record("CREATE", "health.campaign", String.valueOf(k.id()), null, school, k.semester());
        return k;
    }

    /** The entry sheet of a class: every child with its check in the campaign (or none yet). */
    Map<String, Object> sheet(long school, long campaignId, long classId) {
        return sheet(school, campaignId, classId, null);
    }

    /**
     * The entry sheet of a class, or one page of it ({@code paging} not null): the page's children read through
     * {@link ChildService#find} (by name, as the whole sheet), their checks in three statements; the answer has
     * {@code total}, {@code page} and {@code size} beside the rows.
     */
    Map<String, Object> sheet(long school, long campaignId, long classId, Paging paging) {
        Campaign k = lookups.campaign(campaignId, school);
        SchoolClass sc = schools.schoolClass(classId).filter(x -> x.schoolId() == school)
                .orElseThrow(() -> new NotFoundException("class", classId));
        Caller caller = callers.current().orElseThrow();
        if (!caller.maySee(school, classId)) {
            throw new NotFoundException("class", classId);
        }
        Collection<Child> kids;
        Page<Child> page = null;
        Map<Long, Check> checks = new HashMap<>();
        if (paging == null) {
            kids = lookups.schoolChildren(school, classId).values();
            store.read(sql -> store.checks(sql, campaignId, classId)).forEach(c -> checks.put(c.childId(), c));
        } else {
            page = children.find(ChildQuery.builder().schoolId(school).classId(classId).page(paging.page()).size(paging.size()).build());
            kids = page.items();
            List<Long> ids = kids.stream().map(Child::id).toList();
            store.read(sql -> store.checksOf(sql, campaignId, classId, ids)).forEach(c -> checks.put(c.childId(), c));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Child c : kids) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("childId", c.id());
            row.put("name", c.name());
            row.put("gender", c.gender());
            row.put("birthDate", c.birthDate());
            row.put("check", checks.get(c.id()));
            rows.add(row);
        }
        audit.record("READ", "health.sheet", campaignId + "/" + classId, null, school, rows.size() + " children");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("campaign", k);
        out.put("class", sc);
        out.put("rows", rows);
        if (page != null) {
            out.put("total", page.total());
            out.put("page", page.page());
            out.put("size", page.size());
        }
        return out;
    }
}
