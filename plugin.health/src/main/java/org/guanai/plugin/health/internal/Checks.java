package org.guanai.plugin.health.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Parent;
import org.guanai.plugin.health.internal.Model.Campaign;
import org.guanai.plugin.health.internal.Model.Check;
import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Records a child's check in a campaign: held to {@link CheckValidation}, screened ({@link Screening}), stored at its
 * version, and each finding that calls for one opens a follow-up due {@code notifyWithinDays} after the measurement,
 * with who must be told fixed when it opens. Audited and posted as events after the commit.
 */
@Component(service = Checks.class)
public final class Checks {
    private final HealthStore store;
    private final HealthWrites writes;
    private final HealthEvents events;
    private final Lookups lookups;
    private final Screening screening;
    private final OverdueWatch overdue;
    private final GuardianService guardians;
    private final AuditTrail audit;
    private final CareCalendar calendar;
    private final CheckValidation validation;

    @Activate
    public Checks(@Reference HealthStore store, @Reference HealthWrites writes, @Reference HealthEvents events, @Reference Lookups lookups,
            @Reference Screening screening, @Reference OverdueWatch overdue, @Reference GuardianService guardians,
            @Reference AuditTrail audit, @Reference Texts texts, @Reference CareCalendar calendar) {
        this.store = store;
        this.writes = writes;
        this.events = events;
        this.lookups = lookups;
        this.screening = screening;
        this.overdue = overdue;
        this.guardians = guardians;
        this.audit = audit;
        this.calendar = calendar;
        this.validation = new CheckValidation(texts);
    }

    /** Records or corrects the check of a child in a campaign; @return the stored check and the follow-ups it opened */
    Map<String, Object> record(long school, long campaignId, long childId, Inputs.CheckInput in) {
        Campaign k = lookups.campaign(campaignId, school);
        Child child = lookups.child(childId, school);
        CheckValidation.Valid v = validation.validate(k, child, in, calendar.today());
        double h = in.heightCm().doubleValue();
        Screening.Outcome o = screening.screen(child.gender(), child.birthDate(), in.measuredOn(), h, in.weightKg().doubleValue(), v.sbp(),
                v.dbp());
        Optional<Check> existing = store.read(sql -> store.check(sql, campaignId, childId));
        if (existing.isPresent() && (in.version() == null || in.version() != existing.get().version())) {
            throw writes.stale();
        }
        if (existing.isEmpty() && in.version() != null && in.version() != 0) {
            throw writes.stale();
        }
        Long existingId = existing.map(Check::id).orElse(null);
        if (!in.confirm()) {
            validation.confirm(o, store.read(sql -> store.previousCheck(sql, childId, in.measuredOn(), existingId)), h);
        }
        Check check = new Check(existingId, campaignId, childId, school, child.classId(), child.gender().name(),
                child.birthDate(), in.measuredOn(), BigDecimal.valueOf(o.ageMonths()).setScale(2, RoundingMode.HALF_UP),
                in.heightCm().setScale(1, RoundingMode.HALF_UP), in.weightKg().setScale(1, RoundingMode.HALF_UP), v.sbp(), v.dbp(), v.bmi(),
                o.flagged(), Inputs.blank(in.note()), existing.map(Check::version).orElse(0L), writes.user(), null, v.measures(), o.results());
        List<String> recipients = requiredRecipients(childId);
        List<Long> opened = new ArrayList<>();
        long id = writes.write(sql -> {
            long saved = store.saveCheck(sql, check);
            if (saved < 0) {
                throw writes.stale();
            }
            for (String finding : o.findings()) {
                store.openFollowUp(sql, followUp(check, saved, k.notifyWithinDays(), finding, o, recipients)).ifPresent(opened::add);
            }
            return saved;
        });
        audit.record(existing.isPresent() ? "UPDATE" : "CREATE", "health.check", String.valueOf(id), childId, school,
                "campaign " + campaignId);
        events.post(HealthEvents.CHECK_RECORDED, Map.of("id", id, "childId", childId, "schoolId", school, "flagged", o.flagged(),
                "actor", writes.user()));
        for (long f : opened) {
            audit.record("CREATE", "health.followup", String.valueOf(f), childId, school, "opened by check " + id);
            events.post(HealthEvents.FOLLOWUP_OPENED, Map.of("id", f, "childId", childId, "schoolId", school, "actor", writes.user()));
        }
        if (!opened.isEmpty()) {
            overdue.postOverdue(); // a check entered late may open follow-ups already past their due date
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("check", store.read(sql -> store.check(sql, id)).orElseThrow());
        out.put("openedFollowUps", opened);
        return out;
    }

    /** @return the follow-up a finding of the check stored as {@code checkId} opens */
    private FollowUp followUp(Check check, long checkId, int notifyWithinDays, String finding, Screening.Outcome o,
            List<String> recipients) {
        Screening.Result r = o.results().stream().filter(x -> finding.equals(x.finding())).findFirst().orElseThrow();
        return new FollowUp(null, check.childId(), check.schoolId(), checkId, check.campaignId(), finding,
                r.indicator() + " " + r.category() + (r.value() == null ? "" : " " + r.value().toPlainString()) + "; " + r.detail(),
                check.measuredOn(), check.measuredOn().plusDays(notifyWithinDays), recipients, null, null, null, null, null, null, 1,
                writes.user(), List.of(), "OPEN", false);
    }

    /** Who must be told of a finding: the guardian(s) if the child has any, and each living parent. */
    List<String> requiredRecipients(long childId) {
        List<String> out = new ArrayList<>();
        if (!guardians.guardians(childId).isEmpty()) {
            out.add("GUARDIAN");
        }
        for (Parent p : guardians.parents(childId)) {
            if (!p.deceased() && !out.contains(p.role().name())) {
                out.add(p.role().name());
            }
        }
        return out;
    }
}
