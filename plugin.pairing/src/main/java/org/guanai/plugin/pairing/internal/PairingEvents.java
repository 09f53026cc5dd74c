package org.guanai.plugin.pairing.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Posts the programme's events on {@code org/guanai/programmes/pairing/…} when an {@link EventAdmin} is there. */
@Component(service = PairingEvents.class)
public final class PairingEvents {
    static final String TOPIC = "org/guanai/programmes/" + PairingProgramme.ID + "/";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    /**
     * Posts {@code TOPIC + topic} with the property {@code programme} and the given ones.
     *
     * @param properties names and values in turn; a property whose value is {@code null} is left out
     */
    void post(String topic, Object... properties) {
        EventAdmin ea = events;
        if (ea == null) {
            return;
        }
        Map<String, Object> p = new HashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            if (properties[i + 1] != null) {
                p.put((String) properties[i], properties[i + 1]);
            }
        }
        p.put("programme", PairingProgramme.ID);
        ea.postEvent(new Event(TOPIC + topic, p));
    }
}
