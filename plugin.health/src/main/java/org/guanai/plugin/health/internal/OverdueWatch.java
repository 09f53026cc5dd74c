package org.guanai.plugin.health.internal;

import java.time.LocalTime;
import java.util.Map;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.notify.Audience;
import org.guanai.core.api.notify.Notice;
import org.guanai.core.api.notify.Notifications;
import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.jobs.Job;
import org.guanai.sdk.jobs.Jobs;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Posts each overdue follow-up (parents and guardian not all told by the due date) once as the event
 * {@code org/guanai/programmes/health/followup/OVERDUE}: a daily job on the platform's {@link Jobs} at
 * 00:05 China time ({@link #AT}), just after follow-ups due the day before became overdue, and right after a check
 * entered late opened follow-ups ({@link Checks}). One node of the cluster runs the job; a run missed while the platform
 * was down is made at the next start. Each is also a notice ({@code FOLLOWUP_OVERDUE}, issue 19) to the school's health
 * workers and administrators through the platform's {@link Notifications} when it has one (optional, dynamic), once
 * (its de-duplication key is the follow-up's id).
 */
@Component(service = OverdueWatch.class, immediate = true)
public final class OverdueWatch {
    static final LocalTime AT = LocalTime.of(0, 5);

    private final HealthStore store;
    private final HealthEvents events;
    private final CareCalendar calendar;
    private final Texts texts;
    private final Job job;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Notifications notifications;

    @Activate
    public OverdueWatch(@Reference HealthStore store, @Reference HealthEvents events, @Reference CareCalendar calendar,
            @Reference Jobs jobs, @Reference Texts texts) {
        this.store = store;
        this.texts = texts;
        this.events = events;
        this.calendar = calendar;
        this.job = jobs.daily("overdue", AT, due -> postOverdue());
    }

    /**
     * Posts each overdue follow-up not yet posted, once: the follow-up is marked first, and only the caller that marked it
     * posts it (the daily job on one node, or a late check that opened an overdue follow-up).
     *
     * @return how many this call posted
     */
    int postOverdue() {
        int posted = 0;
        for (FollowUp f : store.read(sql -> store.overdueNotPosted(sql, calendar.today()))) {
            if (store.tx(sql -> store.markPosted(sql, f.id()))) {
                Notifications n = notifications;
                if (n != null) {
                    n.send(notice(texts, f)); // before the event: a listener of it finds the notice stored
                }
                events.post(HealthEvents.FOLLOWUP_OVERDUE, Map.of("id", f.id(), "childId", f.childId(), "schoolId", f.schoolId(),
                        "finding", f.finding(), "dueOn", f.dueOn().toString()));
                posted++;
            }
        }
        return posted;
    }

    /** The overdue follow-up as a notice to the school's health workers and administrators. */
    static Notice notice(Texts texts, FollowUp f) {
        String finding = "finding." + f.finding();
        return Notice.builder(HealthProgramme.ID, "FOLLOWUP_OVERDUE").about(f.schoolId(), f.childId())
                .kindLabel(texts.zh("notice.overdue.kind"), texts.en("notice.overdue.kind"))
                .to(Audience.roles(Role.HEALTH_WORKER, Role.SCHOOL_ADMIN))
                .subject(texts.zh("notice.overdue.subject", texts.zh(finding)), texts.en("notice.overdue.subject", texts.en(finding)))
                .body(texts.zh("notice.overdue.body", texts.zh(finding), f.dueOn().toString()),
                        texts.en("notice.overdue.body", texts.en(finding), f.dueOn().toString()))
                .link("/#/p/" + HealthProgramme.ID).dedupKey(HealthProgramme.ID + ":followup-overdue:" + f.id()).build();
    }

    @Deactivate
    void deactivate() {
        job.cancel();
    }
}
