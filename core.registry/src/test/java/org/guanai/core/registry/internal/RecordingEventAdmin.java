package org.guanai.core.registry.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Test double of Event Admin: keeps every posted or sent event, in order. */
public final class RecordingEventAdmin implements EventAdmin {
    public final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void postEvent(Event event) {
        events.add(event);
    }

    @Override
    public synchronized void sendEvent(Event event) {
        events.add(event);
    }

    public synchronized List<Event> topic(String topic) {
        return events.stream().filter(e -> e.getTopic().equals(topic)).toList();
    }

    public synchronized Event last() {
        if (events.isEmpty()) {
            throw new AssertionError("no event was posted");
        }
        return events.get(events.size() - 1);
    }

    public synchronized void clear() {
        events.clear();
    }

    /** @return the {@code fields} property of an event as a list, or {@code null} when it has none */
    public static List<String> fields(Event e) {
        Object f = e.getProperty("fields");
        return f == null ? null : Arrays.asList((String[]) f);
    }
}
