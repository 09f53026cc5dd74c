package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.LocalDate;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.RegistryEvents;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** Registry changes arrive as Event Admin events that a programme bundle can subscribe to. */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class RegistryEventsIT {
    private final Fixtures fixtures = new Fixtures();

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    ChildService children;

    @Test
    void createUpdateAndArchiveArePosted() throws InterruptedException {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, "org/guanai/registry/child/*");
        ServiceRegistration<EventHandler> reg = context.registerService(EventHandler.class, events::add, props);
        try {
            Fixtures.Place place = Fixtures.school(schools, "events");
            Child c = children.create(fixtures.child(place, "龙思琪", LocalDate.of(2016, 6, 6), Gender.FEMALE));
            Event created = next(events, c.id());
            assertEquals(RegistryEvents.CHILD_CREATED, created.getTopic());
            assertEquals(place.school().id(), created.getProperty(RegistryEvents.PROP_SCHOOL_ID));

            Child u = children.update(new Child(c.id(), c.version(), c.name(), c.gender(), c.birthDate(), c.idNumber(), null,
                    c.ethnicity(), c.schoolId(), c.classId(), c.boarding(), c.homeAddress(), c.village(), c.leftBehindType(),
                    c.leftBehindSince(), true, c.healthNote(), c.hobbies(), c.flags(), false, null, null));
            Event updated = next(events, c.id());
            assertEquals(RegistryEvents.CHILD_UPDATED, updated.getTopic());
            assertEquals(1L, updated.getProperty(RegistryEvents.PROP_VERSION));
            String[] fields = (String[]) updated.getProperty(RegistryEvents.PROP_FIELDS);
            assertArrayEquals(new String[] { "unattended" }, fields);

            children.archive(u.id(), u.version());
            assertEquals(RegistryEvents.CHILD_ARCHIVED, next(events, c.id()).getTopic());
        } finally {
            reg.unregister();
        }
    }

    /** The next event about this child; events about other children (other tests) are skipped. */
    private static Event next(BlockingQueue<Event> events, long childId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Event e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && Long.valueOf(childId).equals(e.getProperty(RegistryEvents.PROP_ID))) {
                return e;
            }
        }
        return fail("no event for child " + childId + " within 10 s");
    }
}
