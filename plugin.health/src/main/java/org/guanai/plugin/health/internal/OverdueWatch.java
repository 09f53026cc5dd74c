package org.guanai.plugin.health.internal;

import java.time.LocalTime;

import org.guanai.sdk.jobs.Job;
import org.guanai.sdk.jobs.Jobs;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Posts each overdue follow-up (parents and guardian not all told by the due date) once as the event
 * {@code org/guanai/programmes/health/followup/OVERDUE}: a daily job on the platform's {@link Jobs} at
 * 00:05 China time ({@link #AT}), just after follow-ups due the day before became overdue. One node of the
 * cluster runs it; a run missed while the platform was down is made at the next start.
 */
@Component(service = OverdueWatch.class, immediate = true)
public final class OverdueWatch {
    static final LocalTime AT = LocalTime.of(0, 5);

    private final Job job;

    @Activate
    public OverdueWatch(@Reference HealthService health, @Reference Jobs jobs) {
        this.job = jobs.daily("overdue", AT, due -> health.postOverdue());
    }

    @Deactivate
    void deactivate() {
        job.cancel();
    }
}
