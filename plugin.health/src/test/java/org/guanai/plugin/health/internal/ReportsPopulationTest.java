package org.guanai.plugin.health.internal;

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

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildFlag;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.plugin.health.internal.Model.Household;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The population (服务对象) read in batches (issue 18: {@link GuardianService#forEachFamily}, and for the key targets only
 * the surveyed households' children) gives exactly what the former computation gave: every child of the school the
 * caller sees read with {@link ChildService#forEach}, each one's parents read with {@link GuardianService#parents}, the
 * rules of {@link Population}. Edge cases: children the caller does not see, archived, moved to another school since
 * their household was surveyed, households not on the family-planning ledger, no household, no class, no parents, the
 * same name twice, every rule.
 */
class ReportsPopulationTest {
    private static final long SCHOOL = 1;
    private static final long OTHER = 2;
    private final LocalDate today = LocalDate.of(2026, 11, 20);
    private final TestDatabase db = TestDatabase.forProgramme("health");
    private final HealthStore store = new HealthStore(db, TestCalendar.on(today));
    /** The registry's children by id, with whether the caller sees them and their parents. */
    private final Map<Long, Child> registry = new LinkedHashMap<>();
    private final Set<Long> hidden = new java.util.HashSet<>();
    private final Map<Long, List<Parent>> parents = new HashMap<>();
    private final List<SchoolClass> classes = List.of(new SchoolClass(10L, 1, SCHOOL, 3, "三年级(1)班", null),
            new SchoolClass(11L, 1, SCHOOL, 5, "五年级(1)班", null), new SchoolClass(12L, 1, SCHOOL, 6, "六年级(1)班", null));
    private static final Comparator<Child> LIST_ORDER = Comparator.comparing(Child::schoolId)
            .thenComparing(Child::classId, Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Child::name).thenComparing(Child::id);
    private ChildService children;
    private GuardianService guardians;
    private Reports reports;

    @BeforeEach
    void setUp() throws Exception {
        children = fake(ChildService.class, (m, a) -> {
            ChildQuery q = (ChildQuery) a[0];
            java.util.function.Predicate<Child> selected = c -> !hidden.contains(c.id()) && (q.includeArchived() || !c.archived())
                    && (q.schoolId() == null || q.schoolId().equals(c.schoolId())) && (q.classId() == null || q.classId().equals(c.classId()));
            if (m.equals("forEach")) {
                @SuppressWarnings("unchecked")
                Consumer<Child> action = (Consumer<Child>) a[1];
                registry.values().stream().filter(selected).sorted(Comparator.comparing(Child::id)).forEach(action);
                return null;
            }
            if (m.equals("forEachOf")) {
                @SuppressWarnings("unchecked")
                Consumer<Child> action = (Consumer<Child>) a[2];
                ((Collection<?>) a[1]).stream().map(registry::get).filter(c -> c != null && selected.test(c)).distinct()
                        .sorted(Comparator.comparing(Child::id)).forEach(action);
                return null;
            }
            if (m.equals("find")) {
                // the registry's list: by school, class (none last), name and id
                List<Child> all = registry.values().stream().filter(selected).sorted(LIST_ORDER).toList();
                int from = Math.min(all.size(), q.page() * q.size());
                return new Page<>(all.subList(from, Math.min(all.size(), from + q.size())), all.size(), q.page(), q.size());
            }
            throw new UnsupportedOperationException(m);
        });
        guardians = fake(GuardianService.class, (m, a) -> {
            switch (m) {
            case "parents":
                return parents.getOrDefault((Long) a[0], List.of());
            case "forEachFamily": {
                @SuppressWarnings("unchecked")
                Consumer<GuardianService.Family> action = (Consumer<GuardianService.Family>) a[a.length - 1];
                List<Child> found = new ArrayList<>();
                if (a.length == 2) {
                    children.forEach((ChildQuery) a[0], found::add);
                } else {
                    // by id: what the query selects of those ids, in id order
                    children.forEachOf((ChildQuery) a[0], (Collection<Long>) a[1], found::add);
                }
                found.forEach(c -> action.accept(new GuardianService.Family(c, parents.getOrDefault(c.id(), List.of()), List.of())));
                return null;
            }
            default:
                throw new UnsupportedOperationException(m);
            }
        });
        SchoolService schools = fake(SchoolService.class, (m, a) -> {
            if (m.equals("classes")) {
                return classes;
            }
            throw new UnsupportedOperationException(m);
        });
        AuditTrail audit = fake(AuditTrail.class, (m, a) -> null);
        reports = new Reports(store, schools, children, guardians, null, null, audit, TestCalendar.on(today));

        long id = 100;
        // every combination of the household flags, the child's gender and type, its parents, class and grade
        for (int i = 0; i < 96; i++) {
            long childId = id++;
            Long classId = i % 7 == 0 ? null : classes.get(i % 3).id();
            LeftBehindType type = LeftBehindType.values()[i % LeftBehindType.values().length];
            Set<ChildFlag> flags = i % 11 == 0 ? Set.of(ChildFlag.DISABLED) : Set.of();
            child(childId, i % 13 == 0 ? "同名" : "学生" + (95 - i), i % 2 == 0 ? Gender.FEMALE : Gender.MALE, SCHOOL, classId, type, flags,
                    false);
            List<Parent> ps = new ArrayList<>();
            if (i % 5 != 0) {
                ps.add(parent(childId, ParentRole.FATHER, i % 3 != 0, i % 17 != 0, i % 19 == 0));
                if (i % 4 != 0) {
                    ps.add(parent(childId, ParentRole.MOTHER, i % 2 == 0, true, false));
                }
            }
            parents.put(childId, ps);
            if (i % 6 != 5) { // some never surveyed
                household(childId, SCHOOL, i % 8 != 7, i % 3 == 0, i % 4 == 1, i % 9 == 2, i % 10 == 3);
            }
        }
        // the caller does not see this one (another teacher's class)
        child(90, "看不见", Gender.FEMALE, SCHOOL, 12L, LeftBehindType.BOTH_AWAY, Set.of(), false);
        hidden.add(90L);
        household(90, SCHOOL, true, true, true, false, false);
        // archived
        child(91, "已归档", Gender.FEMALE, SCHOOL, 11L, LeftBehindType.BOTH_AWAY, Set.of(), true);
        household(91, SCHOOL, true, true, true, false, false);
        // surveyed here, moved to another school since
        child(92, "转学", Gender.FEMALE, OTHER, null, LeftBehindType.BOTH_AWAY, Set.of(), false);
        household(92, SCHOOL, true, true, true, false, false);
        // a household of the other school, and a child of it
        child(93, "别校", Gender.MALE, OTHER, null, LeftBehindType.BOTH_AWAY, Set.of(), false);
        household(93, OTHER, true, true, false, false, false);
        // a household whose child the registry does not know (any more)
        household(94, SCHOOL, true, true, true, false, false);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, a) -> {
            if (m.getDeclaringClass() == Object.class) {
                return m.getName().equals("equals") ? p == a[0] : m.getName().equals("hashCode") ? System.identityHashCode(p) : type.getName();
            }
            return answer.apply(m.getName(), a == null ? new Object[0] : a);
        });
    }

    private void child(long id, String name, Gender gender, long school, Long classId, LeftBehindType type, Set<ChildFlag> flags,
            boolean archived) {
        registry.put(id, new Child(id, 1, name, gender, LocalDate.of(2015, 3, 1), "520***********1234", null, "汉族", school, classId, null,
                null, "大坪村", type, null, false, null, null, flags, archived, null, null));
    }

    private static Parent parent(long childId, ParentRole role, boolean away, boolean capacity, boolean deceased) {
        return new Parent(childId * 10 + role.ordinal(), 1, childId, role, role.name(), "138****0000", null, away, null, null, null, null,
                null, null, null, null, capacity, deceased);
    }

    private void household(long childId, long school, boolean fp, boolean oneChild, boolean girlsOnly, boolean sterilised,
            boolean hardship) throws Exception {
        store.tx(sql -> store.saveHousehold(sql, new Household(childId, school, 0, fp, oneChild, girlsOnly, sterilised && !oneChild,
                hardship, hardship ? "病残" : null, "t", null), 0));
    }

    /** The former computation, as Reports.population was before issue 18. */
    private List<Reports.PopulationRow> before(boolean targetsOnly) throws Exception {
        List<Child> all = new ArrayList<>();
        children.forEach(new ChildQuery(SCHOOL, null, null, null, null, false, 0, 500), all::add);
        all.sort(Comparator.comparing(Child::classId, Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Child::name)
                .thenComparing(Child::id));
        Map<Long, Household> households = store.read(sql -> store.households(sql, SCHOOL));
        Map<Long, LocalDate> checked = store.read(sql -> store.lastChecked(sql, SCHOOL));
        Map<Long, Integer> puberty = store.read(sql -> store.pubertyAttendance(sql, SCHOOL));
        Map<Long, Integer> grades = new HashMap<>();
        classes.forEach(sc -> grades.put(sc.id(), sc.gradeLevel()));
        List<Reports.PopulationRow> out = new ArrayList<>();
        for (Child k : all) {
            Population.Assessment a = Population.assess(k, households.get(k.id()), guardians.parents(k.id()),
                    k.classId() == null ? null : grades.get(k.classId()));
            if (targetsOnly && !a.inPopulation()) {
                continue;
            }
            out.add(new Reports.PopulationRow(k.id(), k.name(), k.gender(), k.classId(), k.classId() == null ? null : grades.get(k.classId()),
                    a.keyTarget(), a.inPopulation(), a.reasons(), a.pubertyClassEligible(), puberty.getOrDefault(k.id(), 0),
                    households.get(k.id()), checked.get(k.id())));
        }
        out.sort((x, y) -> Boolean.compare(y.keyTarget(), x.keyTarget()) != 0 ? Boolean.compare(y.keyTarget(), x.keyTarget())
                : Boolean.compare(y.inPopulation(), x.inPopulation()));
        return out;
    }

    @Test
    void theKeyTargetsAndReasonsAreThoseOfTheFormerComputation() throws Exception {
        List<Reports.PopulationRow> expected = before(true);
        List<Reports.PopulationRow> got = reports.population(SCHOOL, true);
        assertEquals(expected, got);
        // the data set reaches every rule and leaves children out
        Set<Object> reasons = new java.util.HashSet<>();
        got.forEach(r -> reasons.addAll(r.reasons()));
        assertEquals(Set.of(Population.KEY_TARGET, Population.FP_LEFT_BEHIND, Population.GIRL_HOUSEHOLD, Population.HARDSHIP, Population.AID),
                reasons);
        assertTrue(got.stream().anyMatch(r -> r.classId() == null));
        assertTrue(got.stream().anyMatch(Reports.PopulationRow::keyTarget) && got.stream().anyMatch(r -> !r.keyTarget()));
        List<Object> ids = got.stream().map(r -> (Object) r.childId()).toList();
        for (long out : List.of(90L, 91L, 92L, 93L, 94L)) {
            assertFalse(ids.contains(out), "child " + out + " is not in the school's population for this caller");
        }
    }

    /** The follow-ups' children, read by id (issue 18), are those the whole school's list had. */
    @Test
    void theChildrenOfIdsAreThoseOfTheWholeSchool() {
        Lookups lookups = new Lookups(store, children, TestCalendar.on(today));
        Map<Long, Child> whole = lookups.schoolChildren(SCHOOL, null);
        List<Long> ids = new ArrayList<>(registry.keySet());
        ids.add(94L);
        for (int from = 0; from < ids.size(); from += 9) {
            List<Long> some = ids.subList(from, Math.min(ids.size(), from + 20));
            Map<Long, Child> expected = new HashMap<>();
            some.stream().filter(whole::containsKey).forEach(id -> expected.put(id, whole.get(id)));
            assertEquals(expected, lookups.schoolChildrenOf(SCHOOL, some), "ids " + some);
        }
        assertEquals(whole, lookups.schoolChildrenOf(SCHOOL, ids));
    }

    /**
     * Issue 18: page for page, the population is the whole list cut into pages, and every child ({@code scope=all}) is the
     * registry's list, each row the whole list's row of that child (its reasons from the parents of a surveyed household,
     * its last check and puberty classes read for the page only); with a class, that class's rows.
     */
    @Test
    void pagesAreTheWholeListCutIntoPages() throws Exception {
        // checks and a puberty class for some children, so that the rows' last check and classes attended are read too
        long campaign = store.tx(sql -> store.createCampaign(sql, new Model.Campaign(null, SCHOOL, "2026-2027-1", "体检", today.minusDays(10),
                today, 7, "t", null))).id();
        for (long child : List.of(100L, 103L, 111L)) {
            store.tx(sql -> store.saveCheck(sql, new Model.Check(null, campaign, child, SCHOOL, registry.get(child).classId(), "MALE",
                    LocalDate.of(2015, 3, 1), today.minusDays(child % 5), java.math.BigDecimal.valueOf(140), java.math.BigDecimal.valueOf(130),
                    java.math.BigDecimal.valueOf(30), null, null, java.math.BigDecimal.valueOf(17.8), false, null, 0, "t", null, List.of(), List.of())));
        }
        store.tx(sql -> store.addPubertyClass(sql, new Model.PubertyClass(null, SCHOOL, "2026-2027-1", today, "青春期", null,
                List.of(new Model.Attendance(101, true), new Model.Attendance(104, true), new Model.Attendance(105, false))), "t"));
        List<Reports.PopulationRow> targets = reports.population(SCHOOL, true);
        List<Reports.PopulationRow> all = reports.population(SCHOOL, false);
        Map<Long, Reports.PopulationRow> byId = new HashMap<>();
        all.forEach(r -> byId.put(r.childId(), r));
        List<Reports.PopulationRow> roster = registry.values().stream().filter(c -> !hidden.contains(c.id()) && !c.archived()
                && c.schoolId() == SCHOOL).sorted(LIST_ORDER).map(c -> byId.get(c.id())).toList();
        assertEquals(all.size(), roster.size());
        assertTrue(all.stream().anyMatch(r -> r.lastChecked() != null) && all.stream().anyMatch(r -> r.pubertyClassesAttended() > 0));
        for (int size : new int[] { 1, 7, 20, 500 }) {
            assertEquals(targets, pages(true, null, size, targets.size()), "size " + size);
            assertEquals(roster, pages(false, null, size, roster.size()), "size " + size);
            for (SchoolClass k : classes) {
                List<Reports.PopulationRow> of = roster.stream().filter(r -> k.id().equals(r.classId())).toList();
                assertEquals(of, pages(false, k.id(), size, of.size()), "class " + k.id() + ", size " + size);
                List<Reports.PopulationRow> targetsOf = targets.stream().filter(r -> k.id().equals(r.classId())).toList();
                assertEquals(targetsOf, pages(true, k.id(), size, targetsOf.size()), "class " + k.id() + ", size " + size);
            }
        }
    }

    private List<Reports.PopulationRow> pages(boolean targetsOnly, Long classId, int size, int total) {
        List<Reports.PopulationRow> out = new ArrayList<>();
        for (int page = 0; page * size < total + size; page++) {
            Page<Reports.PopulationRow> p = reports.population(SCHOOL, targetsOnly, classId, page, size);
            assertEquals(total, p.total());
            assertTrue(p.items().size() <= size);
            out.addAll(p.items());
        }
        return out;
    }

    @Test
    void everyChildWithReasonsIsThatOfTheFormerComputation() throws Exception {
        List<Reports.PopulationRow> expected = before(false);
        assertEquals(expected, reports.population(SCHOOL, false));
        assertEquals(96, expected.size());
    }
}
