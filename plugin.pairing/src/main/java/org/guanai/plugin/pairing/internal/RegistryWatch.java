package org.guanai.plugin.pairing.internal;

import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.guanai.core.api.RegistryEvents;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the registry: a staff member who leaves or moves to another school stops being a mentor here (their pairs
 * end with {@code MENTOR_LEFT}, the children are open again and the next proposal names a replacement); a child who
 * leaves the registry ends their pairs. Once a day (configurable) posts each newly overdue obligation as
 * {@code org/guanai/programmes/pairing/obligation/OVERDUE}.
 */
@Component(service = EventHandler.class, configurationPid = "org.guanai.plugin.pairing", property = {
        EventConstants.EVENT_TOPIC + "=" + RegistryEvents.STAFF_UPDATED,
        EventConstants.EVENT_TOPIC + "=" + RegistryEvents.CHILD_ARCHIVED })
public final class RegistryWatch implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatch.class);
    private final PairingService service;
    private final SchoolService schools;
    private final ScheduledExecutorService timer;

    @Activate
    public RegistryWatch(@Reference PairingService service, @Reference SchoolService schools, PairingConfig config) {
        this.service = service;
        this.schools = schools;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pairing-overdue");
            t.setDaemon(true);
            return t;
        });
        if (config.checkHours() > 0) {
            timer.scheduleWithFixedDelay(this::checkOverdue, 1, config.checkHours() * 60L, TimeUnit.MINUTES);
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    void checkOverdue() {
        try {
            for (long school : service.store().schoolsWithPairs()) {
                service.postOverdue(school);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("pairing: overdue check failed", e);
        }
    }

    @Override
    public void handleEvent(Event event) {
        Object id = event.getProperty(RegistryEvents.PROP_ID);
        if (!(id instanceof Long recordId)) {
            return;
        }
        String actor = String.valueOf(event.getProperty(RegistryEvents.PROP_ACTOR));
        try {
            if (event.getTopic().equals(RegistryEvents.CHILD_ARCHIVED)) {
                service.store().childLeft(recordId, PairingService.today(), actor);
                return;
            }
            Staff s = schools.staffMember(recordId).orElse(null);
            if (s == null) {
                return;
            }
            Long headed = null;
            for (SchoolClass c : schools.classes(s.schoolId())) {
                if (s.id().equals(c.headTeacherId())) {
                    headed = c.id();
                    break;
                }
            }
            if (!service.store().mentorsOfStaff(s.id()).isEmpty()) {
                service.syncStaffMember(s, headed, actor);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("pairing: could not follow {} {}", event.getTopic(), id, e);
        }
    }
}
