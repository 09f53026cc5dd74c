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
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.SchoolClass;
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
 * Reads a school's roster from the registry and keeps it until a registry event or a calendar choice changes it, on
 * any node: the node that sees the event raises the school's version in {@code birthdays_roster_version}
 * ({@link BirthdayStore#rosterChanged}, off the event thread, a batch of schools per transaction), and every node
 * compares the version its roster was read at with the stored one (a primary-key read) before it serves the roster.
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
    private static final Logger LOG = LoggerFactory.getLogger(RosterService.class);
    private final GuardianService guardians;
    private final SchoolService schools;
    private final BirthdayStore store;
    private final LunarCalendar lunar;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "birthdays-roster"));
    private final Map<Long, Kept> cache = new ConcurrentHashMap<>();
    /** Schools whose version is to be raised (0: every school); written by {@link #versions}. */
    private final Set<Long> changed = ConcurrentHashMap.newKeySet();
    private final ExecutorService versions = Executors.newSingleThreadExecutor(r -> new Thread(r, "birthdays-roster-version"));
    private final ChildService children;
    private final CareCalendar calendar;

    /**
     * A roster being read or read, the version of its school when the reading started, and the day it was read for (who
     * counts as left behind changes with the day: a child turns 16).
     */
    private record Kept(long version, java.time.LocalDate day, Future<Roster> roster) {
    }

    @Activate
    public RosterService(@Reference GuardianService guardians, @Reference SchoolService schools, @Reference ChildService children,
            @Reference BirthdayStore store, @Reference LunarService lunar, @Reference CareCalendar calendar) {
        this.guardians = guardians;
        this.schools = schools;
        this.children = children;
        this.store = store;
        this.lunar = lunar.calendar();
        this.calendar = calendar;
    }

    @Deactivate
    void deactivate() {
        versions.shutdown(); // raises what is pending
        try {
            versions.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // not shutdownNow(): interrupting a read in progress interrupts the database's file I/O, and an embedded H2 then
        // closes its file and the whole platform's database with it ("The database has been closed"; seen when a module
        // update stopped this bundle while the reminder job read a roster of 50,000). A read in progress finishes and is
        // dropped; none starts after this.
        reader.shutdown();
        cache.clear();
    }

    /** @return the school's roster, read now if none is kept at the school's current version */
    Roster roster(long schoolId) {
        long version = store.rosterVersion(schoolId);
        java.time.LocalDate today = calendar.today();
        Kept kept = cache.compute(schoolId, (s, k) -> k != null && k.version() == version && k.day().equals(today) ? k
                : new Kept(version, today, reader.submit(() -> read(s))));
        Future<Roster> f = kept.roster();
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            cache.remove(schoolId, kept);
            throw new IllegalStateException("reading the roster of school " + schoolId + " failed", e.getCause());
        }
    }

    /** Forgets a school's roster on every node (after a calendar choice changed); returns once that is stored. */
    void invalidate(long schoolId) {
        cache.remove(schoolId);
        store.rosterChanged(Set.of(schoolId));
    }

    @Override
    public void handleEvent(Event event) {
        Object school = event.getProperty(RegistryEvents.PROP_SCHOOL_ID);
        long s = school instanceof Long l ? l : 0;
        if (s == 0) {
            cache.clear();
        } else {
            cache.remove(s);
        }
        if (changed.add(s)) {
            try {
                versions.execute(this::raiseVersions);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // deactivated: the versions of what is pending are raised by the task already queued, or not needed
            }
        }
    }

    /** Raises the versions of the schools whose events were seen since the last time, in one transaction. */
    private void raiseVersions() {
        Set<Long> batch = new HashSet<>(changed);
        changed.removeAll(batch);
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.rosterChanged(batch);
        } catch (RuntimeException e) {
            changed.addAll(batch); // the next event tries again
            LOG.warn("Cannot record that rosters changed: {}", e.toString());
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
        List<Long> ids = new ArrayList<>();
        // the children with their parents and guardians in batches: two reads per child made a school of 50,000 take
        // seconds to read
        guardians.forEachFamily(new ChildQuery(schoolId, null, null, null, null, false, 0, 500), family -> {
            Child c = family.child();
            ids.add(c.id());
            if (c.birthDate() != null) {
                CalendarKind cal = chosen.get(BirthdayStore.PersonKind.CHILD).getOrDefault(c.id(), CalendarKind.SOLAR);
                kids.add(new Roster.Person(BirthdayStore.PersonKind.CHILD, c.id(), c.id(), c.classId(), c.name(), null, c.birthDate(), cal));
            }
            for (Parent pa : family.parents()) {
                if (pa.birthDate() != null && !pa.deceased()) {
                    CalendarKind cal = chosen.get(BirthdayStore.PersonKind.PARENT).getOrDefault(pa.id(), CalendarKind.SOLAR);
                    elders.add(new Roster.Person(BirthdayStore.PersonKind.PARENT, pa.id(), c.id(), c.classId(), pa.name(), pa.role().name(),
                            pa.birthDate(), cal));
                }
            }
            for (Guardian g : family.guardians()) {
                if (g.birthDate() != null) {
                    CalendarKind cal = chosen.get(BirthdayStore.PersonKind.GUARDIAN).getOrDefault(g.id(), CalendarKind.SOLAR);
                    elders.add(new Roster.Person(BirthdayStore.PersonKind.GUARDIAN, g.id(), c.id(), c.classId(), g.name(),
                            g.relation() == null ? g.kind().name() : g.relation(), g.birthDate(), cal));
                }
            }
        });
        // only children who count as left behind today (the platform's rule), and their elders: a child who is 非留守 or
        // past the rule's age has no birthday on the lists
        Set<Long> eligible = children.eligibleAmong(ids);
        kids.removeIf(p -> !eligible.contains(p.childId()));
        elders.removeIf(p -> !eligible.contains(p.childId()));
        BirthdayIndex.Builder kidIndex = new BirthdayIndex.Builder(lunar);
        BirthdayIndex.Builder elderIndex = new BirthdayIndex.Builder(lunar);
        kids.forEach(p -> kidIndex.add(p.birth(), p.calendar()));
        elders.forEach(p -> elderIndex.add(p.birth(), p.calendar()));
        return new Roster(schoolId, List.copyOf(kids), kidIndex.build(), List.copyOf(elders), elderIndex.build(), Map.copyOf(classes),
                Set.copyOf(staff));
    }
}
