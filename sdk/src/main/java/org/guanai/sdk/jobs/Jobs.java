package org.guanai.sdk.jobs;

import java.time.Duration;
import java.time.LocalTime;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Schedules a programme's jobs. Get it with {@code @Reference Jobs jobs} (a bundle-scoped service: job names are the
 * programme's own, and every job of a bundle is cancelled when the bundle releases the service, e.g. when it stops);
 * schedule in {@code @Activate}, cancel in {@code @Deactivate}.
 * <p>
 * A job runs once per due time in the whole cluster, whichever node takes the lease for it in the database; a run
 * that failed is logged and tried again at the next due time. A daily run that no node made (the platform was down)
 * is made once when a node is up again, the same day or later, with its original due time. Implemented by the core.
 */
@ProviderType
public interface Jobs {

    /**
     * @param name unique within the programme, e.g. {@code reminders}
     * @param at   the time of day, China time ({@link org.guanai.sdk.time.CareCalendar#ZONE})
     * @param task what to run
     * @return the scheduled job
     */
    Job daily(String name, LocalTime at, JobTask task);

    /**
     * @param name   unique within the programme
     * @param period how often, at least a minute
     * @param task   what to run
     * @return the scheduled job
     */
    Job every(String name, Duration period, JobTask task);
}
