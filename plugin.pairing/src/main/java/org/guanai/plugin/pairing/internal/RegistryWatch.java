package org.guanai.plugin.pairing.internal;

import java.time.Duration;

import org.guanai.core.api.RegistryEvents;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.sdk.jobs.Job;
import org.guanai.sdk.jobs.Jobs;
import org.guanai.sdk.time.CareCalendar;
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
 * leaves the registry ends their pairs. Every {@code checkHours} (a job that runs once in the cluster) posts each newly
 * overdue obligation as {@code org/guanai/programmes/pairing/obligation/OVERDUE}.
 */
@Component(service = EventHandler.class, configurationPid = "org.guanai.plugin.pairing", property = {
        EventConstants.EVENT_TOPIC + "=" + RegistryEvents.STAFF_UPDATED,
        EventConstants.EVENT_TOPIC + "=" + RegistryEvents.CHILD_ARCHIVED })
public final class RegistryWatch implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatch.class);
    private final PairingStore store;
    private final Obligations obligations;
    private final SchoolService schools;
    private final CareCalendar calendar;
    private final StaffMentors staff;
    private final Job overdueCheck;

    @Activate
    public RegistryWatch(@Reference PairingStore store, @Reference Obligations obligations, @Reference SchoolService schools,
            @Reference CareCalendar calendar, @Reference StaffMentors staff, @Reference Jobs jobs, PairingConfig config) {
        this.store = store;
        this.obligations = obligations;
        this.schools = schools;
        this.calendar = calendar;
        this.staff = staff;
        this.overdueCheck = config.checkHours() > 0 ? jobs.every("overdue", Duration.ofHours(config.checkHours()), due -> checkOverdue())
                : null;
    }

    @Deactivate
    void deactivate() {
        if (overdueCheck != null) {
            overdueCheck.cancel();
        }
    }

    void checkOverdue() {
        for (long school : store.schoolsWithPairs()) {
            obligations.postOverdue(school);
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
                store.childLeft(recordId, calendar.today(), actor);
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
            if (!store.mentorsOfStaff(s.id()).isEmpty()) {
                staff.syncStaffMember(s, headed, actor);
            }
        } catch (RuntimeException e) {
            LOG.warn("pairing: could not follow {} {}", event.getTopic(), id, e);
        }
    }
}
