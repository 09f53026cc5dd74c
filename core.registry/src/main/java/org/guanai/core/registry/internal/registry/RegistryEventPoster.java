package org.guanai.core.registry.internal.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.RegistryEvents;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Posts registry events asynchronously (or sends them, for bulk changes), after the change is committed. */
final class RegistryEventPoster {
    private final EventAdmin eventAdmin;

    RegistryEventPoster(EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    void post(String topic, String entity, long id, Long childId, Long schoolId, long version, String actor,
            List<History.Change> changes) {
        eventAdmin.postEvent(event(topic, entity, id, childId, schoolId, version, actor, changes));
    }

    /**
     * Delivers an event synchronously on the calling thread (which must hold no transaction): for a bulk change such as a
     * roster import, whose events must not pile up in Event Admin's queue faster than they are delivered.
     */
    void send(String topic, String entity, long id, Long childId, Long schoolId, long version, String actor,
            List<History.Change> changes) {
        eventAdmin.sendEvent(event(topic, entity, id, childId, schoolId, version, actor, changes));
    }

    private static Event event(String topic, String entity, long id, Long childId, Long schoolId, long version, String actor,
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
        return new Event(topic, props);
    }
}
