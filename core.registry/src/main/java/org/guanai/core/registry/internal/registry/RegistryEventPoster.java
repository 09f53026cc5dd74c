package org.guanai.core.registry.internal.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.RegistryEvents;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Posts registry events asynchronously, after the change is committed. */
final class RegistryEventPoster {
    private final EventAdmin eventAdmin;

    RegistryEventPoster(EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    void post(String topic, String entity, long id, Long childId, Long schoolId, long version, String actor,
            List<History.Change> changes) {
        Map<String, Object> props = new HashMap<>();
        props.put(RegistryEvents.PROP_ID, id);
        props.put(RegistryEvents.PROP_ENTITY, entity);
        props.put(RegistryEvents.PROP_VERSION, version);
        props.put(RegistryEvents.PROP_ACTOR, actor);
        if (childId != null) {
            props.put(RegistryEvents.PROP_CHILD_ID, childId);
        }
        if (schoolId != null) {
            props.put(RegistryEvents.PROP_SCHOOL_ID, schoolId);
        }
        if (changes != null && !changes.isEmpty()) {
            props.put(RegistryEvents.PROP_FIELDS, changes.stream().map(History.Change::field).toArray(String[]::new));
        }
        eventAdmin.postEvent(new Event(topic, props));
    }
}
