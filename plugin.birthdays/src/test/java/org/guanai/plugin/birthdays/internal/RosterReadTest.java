package org.guanai.plugin.birthdays.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.plugin.birthdays.internal.BirthdayStore.PersonKind;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The roster read with {@link GuardianService#forEachFamily} (issue 18: a school of 50,000 children took seconds to
 * read with two reads per child) holds exactly the people, in the same order, that the former reading held: each child
 * of the school ({@link ChildService#forEach}) with a date of birth, then its living parents and its guardians with a
 * date of birth, read one child at a time, each with the calendar the family chose; of the children who count as left
 * behind ({@link ChildService#eligibleAmong}: issue 19, a child who is 非留守 is on no birthday list, nor are its elders).
 */
class RosterReadTest {
    private final TestDatabase db = TestDatabase.forProgramme(BirthdaysProgramme.ID);
    private final BirthdayStore store = new BirthdayStore(db, TestCalendar.on(LocalDate.of(2026, 11, 23)));
    private final Map<Long, Child> registry = new LinkedHashMap<>();
    private final Map<Long, List<Parent>> parents = new HashMap<>();
    private final Map<Long, List<Guardian>> guardians = new HashMap<>();

    @AfterEach
    void close() {
        db.close();
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, a) -> answer.apply(m.getName(), a));
    }

    private List<Child> ofSchool(ChildQuery q) {
        return registry.values().stream().filter(c -> !c.archived() && q.schoolId().equals(c.schoolId())).sorted(Comparator.comparing(Child::id))
                .toList();
    }

    @Test
    void theRosterHoldsWhatTheFormerReadingHeld() throws Exception {
        long parentId = 1000;
        long guardianId = 5000;
        for (long id = 1; id <= 60; id++) {
            registry.put(id, new Child(id, 1, "学生" + id, Gender.MALE, id % 10 == 0 ? null : LocalDate.of(2015, 1, 1).plusDays(id * 17),
                    null, null, null, id % 8 == 0 ? 2L : 1L, id % 6 == 0 ? null : 10 + id % 2, null, null, null, LeftBehindType.BOTH_AWAY, null,
                    false, null, null, Set.of(), id % 15 == 0, null, null));
            List<Parent> ps = new ArrayList<>();
            for (ParentRole role : id % 3 == 0 ? List.<ParentRole>of() : List.of(ParentRole.FATHER, ParentRole.MOTHER)) {
                ps.add(new Parent(parentId++, 1, id, role, role.name() + id, null, id % 4 == 0 ? null : LocalDate.of(1988, 5, 1).plusDays(id),
                        true, null, null, null, null, null, null, null, null, true, id % 7 == 0 && role == ParentRole.MOTHER));
            }
            parents.put(id, ps);
            List<Guardian> gs = new ArrayList<>();
            if (id % 5 != 0) {
                gs.add(new Guardian(guardianId++, 1, id, GuardianKind.GRANDPARENTS, "奶奶" + id, id % 2 == 0 ? null : "奶奶", null, null, null, null,
                        66, id % 3 == 1 ? null : LocalDate.of(1958, 2, 1).plusDays(id), true));
                gs.add(new Guardian(guardianId++, 1, id, GuardianKind.MATERNAL_GRANDPARENTS, "外公" + id, "外公", null, null, null, null, 70,
                        LocalDate.of(1955, 9, 9).plusDays(id), false));
            }
            guardians.put(id, gs);
        }
        store.setCalendar(1, 2, PersonKind.CHILD, 2, CalendarKind.LUNAR, "t");
        store.setCalendar(1, 5, PersonKind.PARENT, parents.get(5L).get(0).id(), CalendarKind.LUNAR, "t");
        store.setCalendar(1, 7, PersonKind.GUARDIAN, guardians.get(7L).get(1).id(), CalendarKind.LUNAR, "t");

        @SuppressWarnings("unchecked")
        GuardianService gs = fake(GuardianService.class, (m, a) -> {
            if (m.equals("forEachFamily") && a[0] instanceof ChildQuery q) {
                ofSchool(q).forEach(c -> ((Consumer<GuardianService.Family>) a[1])
                        .accept(new GuardianService.Family(c, parents.get(c.id()), guardians.get(c.id()))));
                return null;
            }
            throw new UnsupportedOperationException(m);
        });
        SchoolService schools = fake(SchoolService.class, (m, a) -> switch (m) {
        case "classes" -> List.of(new SchoolClass(10L, 1, 1L, 3, "三年级(1)班", null), new SchoolClass(11L, 1, 1L, 4, "四年级(1)班", 77L));
        case "staff" -> List.of();
        default -> throw new UnsupportedOperationException(m);
        });
        // every ninth child does not count as left behind (parents home, or 16)
        List<Collection<Long>> asked = new ArrayList<>();
        @SuppressWarnings("unchecked")
        ChildService children = fake(ChildService.class, (m, a) -> {
            if (m.equals("eligibleAmong")) {
                Collection<Long> ids = (Collection<Long>) a[0];
                asked.add(ids);
                return Set.copyOf(ids.stream().filter(id -> id % 9 != 0).toList());
            }
            throw new UnsupportedOperationException(m);
        });
        RosterService service = new RosterService(gs, schools, children, store, new LunarService(),
                TestCalendar.on(LocalDate.of(2026, 11, 23)));
        try {
            Roster roster = service.roster(1);
            // the former reading, one child at a time
            Map<PersonKind, Map<Long, CalendarKind>> chosen = store.calendars(1);
            List<Roster.Person> kids = new ArrayList<>();
            List<Roster.Person> elders = new ArrayList<>();
            for (Child c : ofSchool(ChildQuery.ofSchool(1))) {
                if (c.id() % 9 == 0) {
                    continue;
                }
                if (c.birthDate() != null) {
                    kids.add(new Roster.Person(PersonKind.CHILD, c.id(), c.id(), c.classId(), c.name(), null, c.birthDate(),
                            chosen.get(PersonKind.CHILD).getOrDefault(c.id(), CalendarKind.SOLAR)));
                }
                for (Parent pa : parents.get(c.id())) {
                    if (pa.birthDate() != null && !pa.deceased()) {
                        elders.add(new Roster.Person(PersonKind.PARENT, pa.id(), c.id(), c.classId(), pa.name(), pa.role().name(), pa.birthDate(),
                                chosen.get(PersonKind.PARENT).getOrDefault(pa.id(), CalendarKind.SOLAR)));
                    }
                }
                for (Guardian g : guardians.get(c.id())) {
                    if (g.birthDate() != null) {
                        elders.add(new Roster.Person(PersonKind.GUARDIAN, g.id(), c.id(), c.classId(), g.name(),
                                g.relation() == null ? g.kind().name() : g.relation(), g.birthDate(),
                                chosen.get(PersonKind.GUARDIAN).getOrDefault(g.id(), CalendarKind.SOLAR)));
                    }
                }
            }
            assertEquals(kids, roster.children());
            assertEquals(elders, roster.elders());
            assertEquals(1, asked.size(), "one question for the whole school");
            assertTrue(roster.children().stream().noneMatch(p -> p.childId() % 9 == 0), "no child who is not left behind");
            assertTrue(roster.children().stream().anyMatch(p -> p.calendar() == CalendarKind.LUNAR));
            assertTrue(roster.elders().stream().filter(p -> p.calendar() == CalendarKind.LUNAR).count() == 2);
            assertTrue(roster.elders().stream().anyMatch(p -> p.relation().equals(GuardianKind.GRANDPARENTS.name())));
        } finally {
            service.deactivate();
        }
    }

    /**
     * Stopping the component while a roster is being read lets the read finish instead of interrupting it: an interrupt
     * during the database's file I/O makes an embedded H2 close the platform's database.
     */
    @Test
    void deactivatingDoesNotInterruptARosterBeingRead() throws Exception {
        registry.put(1L, new Child(1L, 1, "学生1", Gender.MALE, LocalDate.of(2016, 3, 1), null, null, null, 1L, 10L, null, null, null,
                LeftBehindType.BOTH_AWAY, null, false, null, null, Set.of(), false, null, null));
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        @SuppressWarnings("unchecked")
        GuardianService gs = fake(GuardianService.class, (m, a) -> {
            reading.countDown();
            // waits as a read of the database would, noting an interrupt instead of giving up on it
            while (release.getCount() > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                interrupted.compareAndSet(false, Thread.currentThread().isInterrupted());
            }
            ofSchool((ChildQuery) a[0]).forEach(c -> ((Consumer<GuardianService.Family>) a[1]).accept(new GuardianService.Family(c, List.of(), List.of())));
            return null;
        });
        SchoolService schools = fake(SchoolService.class, (m, a) -> m.equals("classes") || m.equals("staff") ? List.of() : null);
        @SuppressWarnings("unchecked")
        ChildService children = fake(ChildService.class, (m, a) -> Set.copyOf((Collection<Long>) a[0]));
        RosterService service = new RosterService(gs, schools, children, store, new LunarService(), TestCalendar.on(LocalDate.of(2026, 11, 23)));
        java.util.concurrent.CompletableFuture<Roster> asked = java.util.concurrent.CompletableFuture.supplyAsync(() -> service.roster(1));
        assertTrue(reading.await(10, java.util.concurrent.TimeUnit.SECONDS));
        service.deactivate();
        release.countDown();
        Roster roster = asked.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertFalse(interrupted.get(), "the read was interrupted");
        assertEquals(1, roster.children().size(), "the read finished");
    }
}
