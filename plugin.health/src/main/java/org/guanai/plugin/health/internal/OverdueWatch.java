package org.guanai.plugin.health.internal;

import java.time.LocalTime;
import java.util.Map;

import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.sdk.jobs.Job;
import org.guanai.sdk.jobs.Jobs;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Posts each overdue follow-up (parents and guardian not all told by the due date) once as the event
 * {@code org/guanai/programmes/health/followup/OVERDUE}: a daily job on the platform's {@link Jobs} at
 * 00:05 China time ({@link #AT}), just after follow-ups due the day before became overdue, and right after a check
 * entered late opened follow-ups ({@link Checks}). One node of the cluster runs the job; a run missed while the platform
 * was down is made at the next start.
 */
@Component(service = OverdueWatch.class, immediate = true)
public final class OverdueWatch {
    static final LocalTime AT = LocalTime.of(0, 5);

    private final HealthStore store;
    private final HealthEvents events;
    private final CareCalendar calendar;
    private final Job job;

    @Activate
    public OverdueWatch(@Reference HealthStore store, @Reference HealthEvents events, @Reference CareCalendar calendar,
            @Reference Jobs jobs) {
        this.store = store;
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
                events.post(HealthEvents.FOLLOWUP_OVERDUE, Map.of("id", f.id(), "childId", f.childId(), "schoolId", f.schoolId(),
                        "finding", f.finding(), "dueOn", f.dueOn().toString()));
                posted++;
            }
        }
        return posted;
    }

    @Deactivate
    void deactivate() {
        job.cancel();
    }
}
