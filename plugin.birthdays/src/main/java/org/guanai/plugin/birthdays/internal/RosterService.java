package org.guanai.plugin.birthdays.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.RegistryEvents;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.SchoolClass;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Reads a school's roster from the registry and keeps it until a registry event or a calendar choice changes it.
 * <p>
 * The roster is read on a thread of this component's own, outside any request, so that the registry answers for the
 * platform (the whole school) and one roster serves every caller; the HTTP routes then keep only what the caller may
 * see ({@link org.guanai.core.api.Caller#maySee}). Parents and guardians with a date of birth are the elders (长辈).
 */
@Component(service = { RosterService.class, EventHandler.class }, property = {
        EventConstants.EVENT_TOPIC + "=" + RegistryEvents.TOPIC_PREFIX + "child/*",
        EventConstants.EVENT_TOPIC + "=" + RegistryEvents.TOPIC_PREFIX + "parent/*",
        EventConstants.EVENT_TOPIC + "=" + RegistryEvents.TOPIC_PREFIX + "guardian/*",
        EventConstants.EVENT_TOPIC + "=" + RegistryEvents.TOPIC_PREFIX + "class/*",
        EventConstants.EVENT_TOPIC + "=" + RegistryEvents.TOPIC_PREFIX + "staff/*" })
public final class RosterService implements EventHandler {
    private final ChildService children;
    private final GuardianService guardians;
    private final SchoolService schools;
    private final BirthdayStore store;
    private final LunarCalendar lunar;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "birthdays-roster"));
    private final Map<Long, Future<Roster>> cache = new ConcurrentHashMap<>();

    @Activate
    public RosterService(@Reference ChildService children, @Reference GuardianService guardians, @Reference SchoolService schools,
            @Reference BirthdayStore store, @Reference LunarService lunar) {
        this.children = children;
        this.guardians = guardians;
        this.schools = schools;
        this.store = store;
        this.lunar = lunar.calendar();
    }

    @Deactivate
    void deactivate() {
        reader.shutdownNow();
        cache.clear();
    }

    /** @return the school's roster, read now if none is kept */
    Roster roster(long schoolId) {
        Future<Roster> f = cache.computeIfAbsent(schoolId, s -> reader.submit(() -> read(s)));
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            cache.remove(schoolId, f);
            throw new IllegalStateException("reading the roster of school " + schoolId + " failed", e.getCause());
        }
    }

    /** Forgets a school's roster (after a calendar choice changed). */
    void invalidate(long schoolId) {
        cache.remove(schoolId);
    }

    @Override
    public void handleEvent(Event event) {
        Object school = event.getProperty(RegistryEvents.PROP_SCHOOL_ID);
        if (school instanceof Long s) {
            cache.remove(s);
        } else {
            cache.clear();
        }
    }

    private Roster read(long schoolId) {
        Map<BirthdayStore.PersonKind, Map<Long, CalendarKind>> chosen = store.calendars(schoolId);
        Map<Long, Roster.ClassInfo> classes = new HashMap<>();
        for (SchoolClass c : schools.classes(schoolId)) {
            classes.put(c.id(), new Roster.ClassInfo(c.id(), c.name(), c.gradeLevel(), c.headTeacherId()));
        }
        Set<Long> staff = new HashSet<>();
        schools.staff(schoolId, true).forEach(x -> staff.add(x.id()));
        List<Roster.Person> kids = new ArrayList<>();
        List<Roster.Person> elders = new ArrayList<>();
        BirthdayIndex.Builder kidIndex = new BirthdayIndex.Builder(lunar);
        BirthdayIndex.Builder elderIndex = new BirthdayIndex.Builder(lunar);
        children.forEach(new ChildQuery(schoolId, null, null, null, null, false, 0, 500), c -> {
            if (c.birthDate() != null) {
                CalendarKind cal = chosen.get(BirthdayStore.PersonKind.CHILD).getOrDefault(c.id(), CalendarKind.SOLAR);
                kids.add(new Roster.Person(BirthdayStore.PersonKind.CHILD, c.id(), c.id(), c.classId(), c.name(), null, c.birthDate(), cal));
                kidIndex.add(c.birthDate(), cal);
            }
            for (Parent pa : guardians.parents(c.id())) {
                if (pa.birthDate() != null && !pa.deceased()) {
                    CalendarKind cal = chosen.get(BirthdayStore.PersonKind.PARENT).getOrDefault(pa.id(), CalendarKind.SOLAR);
                    elders.add(new Roster.Person(BirthdayStore.PersonKind.PARENT, pa.id(), c.id(), c.classId(), pa.name(), pa.role().name(),
                            pa.birthDate(), cal));
                    elderIndex.add(pa.birthDate(), cal);
                }
            }
            for (Guardian g : guardians.guardians(c.id())) {
                if (g.birthDate() != null) {
                    CalendarKind cal = chosen.get(BirthdayStore.PersonKind.GUARDIAN).getOrDefault(g.id(), CalendarKind.SOLAR);
                    elders.add(new Roster.Person(BirthdayStore.PersonKind.GUARDIAN, g.id(), c.id(), c.classId(), g.name(),
                            g.relation() == null ? g.kind().name() : g.relation(), g.birthDate(), cal));
                    elderIndex.add(g.birthDate(), cal);
                }
            }
        });
        return new Roster(schoolId, List.copyOf(kids), kidIndex.build(), List.copyOf(elders), elderIndex.build(), Map.copyOf(classes),
                Set.copyOf(staff));
    }
}
