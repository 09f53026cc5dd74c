package org.guanai.plugin.health.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Posts each overdue follow-up (parents and guardian not all told by the due date) once as the event
 * {@code org/guanai/programmes/health/followup/OVERDUE}: a minute after start, then every hour.
 */
@Component(service = OverdueWatch.class, immediate = true)
public final class OverdueWatch {
    private static final Logger LOG = Logger.getLogger(OverdueWatch.class.getName());

    private final HealthService health;
    private final ScheduledExecutorService timer;

    @Activate
    public OverdueWatch(@Reference HealthService health) {
        this.health = health;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "health-overdue");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::run, 60, 3600, TimeUnit.SECONDS);
    }

    /** @return how many were posted */
    int run() {
        try {
            return health.postOverdue();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "health: posting overdue follow-ups failed", e);
            return 0;
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
