package org.guanai.plugin.health.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The programme's events on {@code org/guanai/programmes/health/...}, posted through {@link EventAdmin} when the platform
 * has one (optional, dynamic). Callers post a change after it is committed.
 */
@Component(service = HealthEvents.class)
public final class HealthEvents {
    static final String TOPIC = "org/guanai/programmes/" + HealthProgramme.ID + "/";
    static final String CHECK_RECORDED = TOPIC + "check/RECORDED";
    static final String FOLLOWUP_OPENED = TOPIC + "followup/OPENED";
    static final String FOLLOWUP_NOTIFIED = TOPIC + "followup/NOTIFIED";
    static final String FOLLOWUP_CLOSED = TOPIC + "followup/CLOSED";
    static final String FOLLOWUP_OVERDUE = TOPIC + "followup/OVERDUE";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    void post(String topic, Map<String, Object> props) {
        EventAdmin ea = events;
        if (ea != null) {
            ea.postEvent(new Event(topic, props));
        }
    }
}
