package org.guanai.core.registry.internal.demo;

import static org.guanai.core.registry.internal.TestSupport.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.HistoryEntry;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.registry.IdNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoCountyTest {
    private static final long SEED = 20261123L;
    private static final int CHILDREN = 300;

    private static TestRegistry county;
    private static DemoCounty.Summary summary;
    private static List<Child> children;

    @BeforeAll
    static void loadTheDemoCounty() {
        county = new TestRegistry("demo");
        summary = county.actor.as("demo", () -> new DemoCounty(SEED, TODAY).load(county.schools, county.children,
                county.guardians, CHILDREN));
        children = allChildren(county);
    }

    @AfterAll
    static void dropTheDatabase() {
        county.close();
    }

    private static List<Child> allChildren(TestRegistry r) {
        List<Child> all = new ArrayList<>(r.children.find(new ChildQuery(null, null, null, null, null, true, 0, 500)).items());
        all.sort(Comparator.comparing(Child::id));
        return all;
    }

    private static long withGuardian(GuardianKind kind) {
        return county.children.find(new ChildQuery(null, null, null, kind, null, false, 0, 1)).total();
    }

    @Test
    void loadsTwoSchoolsTwelveClassesAnd300Children() {
        assertEquals(2, summary.schools());
        assertEquals(12, summary.classes());
        assertEquals(CHILDREN, summary.children());
        assertEquals(CHILDREN, children.size());
        assertEquals(CHILDREN, TestSupport.count(county.db, "SELECT COUNT(*) FROM core_child"));

        List<School> schools = county.schools.schools(true, 0, 10).items();
        assertEquals(2, schools.size());
        int classes = 0;
        for (School s : schools) {
            List<SchoolClass> cls = county.schools.classes(s.id());
            assertEquals(6, cls.size(), s.name());
            assertEquals(List.of(1, 2, 3, 4, 5, 6), county.schools.grades(s.id()).stream().map(g -> g.level()).toList());
            classes += cls.size();
            assertEquals(CHILDREN / 2, county.children.find(new ChildQuery(s.id(), null, null, null, null, false, 0, 1)).total());
            for (SchoolClass c : cls) {
                assertTrue(c.headTeacherId() != null, c.name());
                assertEquals(s.id(), county.schools.staffMember(c.headTeacherId()).orElseThrow().schoolId());
            }
        }
        assertEquals(12, classes);
        assertEquals(summary.parents(), TestSupport.count(county.db, "SELECT COUNT(*) FROM core_parent"));
        assertEquals(summary.guardians(), TestSupport.count(county.db, "SELECT COUNT(*) FROM core_guardian"));
        assertTrue(summary.parents() >= CHILDREN && summary.parents() <= 2 * CHILDREN);
    }

    @Test
    void everyIdNumberIsValidAndAgreesWithBirthDateAndGender() {
        Set<String> ids = new HashSet<>();
        for (Child c : children) {
            String id = c.idNumber();
            assertEquals(Optional.empty(), IdNumber.check(id), id);
            assertTrue(id.startsWith(DemoCounty.REGION), id);
            assertEquals(c.birthDate(), IdNumber.birthDate(id).orElseThrow(), c.name());
            assertEquals(c.gender(), IdNumber.gender(id), c.name());
            assertTrue(ids.add(id), "unique: " + id);
            int age = Period.between(c.birthDate(), TODAY).getYears();
            SchoolClass klass = county.schools.schoolClass(c.classId()).orElseThrow();
            assertEquals(c.schoolId(), klass.schoolId());
            assertTrue(age == klass.gradeLevel() + 5 || age == klass.gradeLevel() + 6,
                    c.name() + " is " + age + " in grade " + klass.gradeLevel());
            assertTrue(c.name().length() >= 2 && c.name().length() <= 3, c.name());
        }
    }

    @Test
    void everyChildHasParentsAndExactlyOnePrimaryGuardian() {
        for (Child c : children) {
            assertFalse(county.guardians.parents(c.id()).isEmpty(), c.name());
            List<Guardian> guardians = county.guardians.guardians(c.id());
            assertEquals(1, guardians.stream().filter(Guardian::primary).count(), c.name());
            assertTrue(guardians.get(0).primary(), "primary first");
        }
    }

    @Test
    void aboutHalfOfTheChildrenAreLookedAfterByGrandparents() {
        long grandparents = withGuardian(GuardianKind.GRANDPARENTS);
        long maternal = withGuardian(GuardianKind.MATERNAL_GRANDPARENTS);
        long either = TestSupport.count(county.db, "SELECT COUNT(DISTINCT child_id) FROM core_guardian WHERE kind IN (?, ?)",
                "GRANDPARENTS", "MATERNAL_GRANDPARENTS");
        assertEquals(either, grandparents + maternal, "no child has both kinds");
        double share = (double) either / CHILDREN;
        assertTrue(share >= 0.35 && share <= 0.65, "share of children with grandparents: " + share);
        assertTrue(grandparents > maternal, grandparents + " paternal vs " + maternal + " maternal");
        long primaryGrandparents = TestSupport.count(county.db, "SELECT COUNT(*) FROM core_guardian WHERE is_primary"
                + " AND kind IN ('GRANDPARENTS', 'MATERNAL_GRANDPARENTS')");
        // the carer who mainly looks after the child (with seed 20261123: 144 of 300, and 192 with any grandparent)
        assertTrue(primaryGrandparents >= CHILDREN * 0.35 && primaryGrandparents <= CHILDREN * 0.65,
                "primary guardian a grandparent: " + primaryGrandparents);
        assertTrue(withGuardian(GuardianKind.PARENT) > 0);
        assertTrue(withGuardian(GuardianKind.RELATIVE) > 0);
    }

    @Test
    void everyRecordHasHistoryByTheDemoActor() {
        Child first = children.get(0);
        List<HistoryEntry> history = county.children.history(first.id());
        assertTrue(history.stream().anyMatch(h -> h.entityType().equals("child")));
        assertTrue(history.stream().anyMatch(h -> h.entityType().equals("parent")));
        assertTrue(history.stream().anyMatch(h -> h.entityType().equals("guardian")));
        assertTrue(history.stream().allMatch(h -> h.actor().equals("demo")));
    }

    @Test
    void theSameSeedGivesTheSameCounty() {
        TestRegistry again = new TestRegistry("demo_again");
        TestRegistry other = new TestRegistry("demo_other");
        try {
            new DemoCounty(SEED, TODAY).load(again.schools, again.children, again.guardians, CHILDREN);
            List<Child> replay = allChildren(again);
            assertEquals(children.get(0).name(), replay.get(0).name());
            assertEquals(children.get(0).idNumber(), replay.get(0).idNumber());
            assertEquals(children.stream().map(c -> c.name() + " " + c.idNumber()).toList(),
                    replay.stream().map(c -> c.name() + " " + c.idNumber()).toList());

            new DemoCounty(SEED + 1, TODAY).load(other.schools, other.children, other.guardians, 12);
            Child otherFirst = allChildren(other).get(0);
            assertNotEquals(children.get(0).name() + children.get(0).idNumber(), otherFirst.name() + otherFirst.idNumber());
        } finally {
            again.close();
            other.close();
        }
    }
}
