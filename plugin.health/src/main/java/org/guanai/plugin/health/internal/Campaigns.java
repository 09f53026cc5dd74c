package org.guanai.plugin.health.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.plugin.health.internal.Model.Campaign;
import org.guanai.plugin.health.internal.Model.Check;
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

    @Activate
    public Campaigns(@Reference HealthStore store, @Reference HealthWrites writes, @Reference Lookups lookups, @Reference SchoolService schools,
            @Reference CallerContext callers, @Reference AuditTrail audit, @Reference Texts texts, @Reference CareCalendar calendar) {
        this.store = store;
        this.writes = writes;
        this.lookups = lookups;
        this.schools = schools;
        this.callers = callers;
        this.audit = audit;
        this.texts = texts;
        this.calendar = calendar;
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
        Campaign k = lookups.campaign(campaignId, school);
        SchoolClass sc = schools.schoolClass(classId).filter(x -> x.schoolId() == school)
                .orElseThrow(() -> new NotFoundException("class", classId));
        Map<Long, Child> kids = lookups.schoolChildren(school, classId);
        Caller caller = callers.current().orElseThrow();
        if (!caller.maySee(school, classId)) {
            throw new NotFoundException("class", classId);
        }
        Map<Long, Check> checks = new HashMap<>();
        for (Check c : store.read(sql -> store.checks(sql, campaignId, classId))) {
            checks.put(c.childId(), c);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Child c : kids.values()) {
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
        return out;
    }
}
