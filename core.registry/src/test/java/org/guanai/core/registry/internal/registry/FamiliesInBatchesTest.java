package org.guanai.core.registry.internal.registry;

import static org.guanai.core.registry.internal.TestRegistry.newGuardian;
import static org.guanai.core.registry.internal.TestRegistry.newParent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.GuardianService.Family;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.security.Masker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GuardianService.forEachFamily} and {@code ChildService.forEachOf} (issue 18: a programme reads a school's
 * families in batches instead of two reads per child) give what the per-child reads give: the same children in the same
 * order, each child's parents (father first) and guardians (primary first), for the platform in full and for a caller as
 * list rows (contact fields masked, so no read is audited), only what the caller may see, across more than one batch.
 */
class FamiliesInBatchesTest {
    private static final LocalDate BIRTH = LocalDate.of(2016, 5, 20);

    private TestRegistry r;
    private School a;
    private School b;
    private SchoolClass a3;
    private SchoolClass a4;
    private Child archived;
    private Child ofB;
    private final List<Child> ofA = new ArrayList<>();

    @BeforeEach
    void setUp() {
        r = new TestRegistry("families");
        a = r.school("习水县温水镇中心小学");
        b = r.school("习水县良村镇中心小学");
        a3 = r.schoolClass(a.id(), 3, "三年级(1)班");
        a4 = r.schoolClass(a.id(), 4, "四年级(1)班");
        SchoolClass b3 = r.schoolClass(b.id(), 3, "三年级(1)班");
        int n = ChildServiceImpl.FOR_EACH_PAGE + 7; // two batches
        for (int i = 0; i < n; i++) {
            Child k = r.child("学生" + cn(i), i % 2 == 0 ? Gender.MALE : Gender.FEMALE, BIRTH.plusDays(i % 300), i + 1, a.id(),
                    i % 5 == 0 ? null : i % 3 == 0 ? a4.id() : a3.id(), LeftBehindType.BOTH_AWAY);
            ofA.add(k);
            if (i % 4 != 0) { // some without parents
                // the mother added first: the father still comes first
                Parent mother = newParent(k.id(), ParentRole.MOTHER, "母亲" + cn(i), i % 3 == 0, null, i % 7 != 0);
                r.guardians.addParent(withPhones(mother, "1391234" + String.format("%04d", i)));
                r.guardians.addParent(withPhones(newParent(k.id(), ParentRole.FATHER, "父亲" + cn(i), true, LocalDate.of(2020, 1, 1), true),
                        "1381234" + String.format("%04d", i)));
            }
            if (i % 3 != 1) { // two guardians, the primary added last
                r.guardians.addGuardian(newGuardian(k.id(), GuardianKind.GRANDPARENTS, "爷爷" + cn(i), false));
                r.guardians.addGuardian(newGuardian(k.id(), GuardianKind.MATERNAL_GRANDPARENTS, "外婆" + cn(i), true));
            }
        }
        Child leaving = ofA.remove(3);
        archived = r.children.archive(leaving.id(), leaving.version());
        ofB = r.child("别校学生", Gender.MALE, BIRTH, 901, b.id(), b3.id(), LeftBehindType.FATHER_AWAY);
        r.guardians.addParent(newParent(ofB.id(), ParentRole.FATHER, "别校父亲", true, null, true));
    }

    @AfterEach
    void tearDown() {
        r.close();
    }

    /** A number in 汉字 digits: names take no digits. */
    private static String cn(int i) {
        StringBuilder out = new StringBuilder();
        for (char d : Integer.toString(i).toCharArray()) {
            out.append("零一二三四五六七八九".charAt(d - '0'));
        }
        return out.toString();
    }

    private static Parent withPhones(Parent p, String phone) {
        return new Parent(p.id(), p.version(), p.childId(), p.role(), p.name(), phone, p.birthDate(), p.away(), p.workProvince(),
                p.workCity(), "东莞某电子厂", "广东省东莞市长安镇某工业区", "0769-81234567", p.awaySince(), p.returnFrequency(),
                p.callFrequency(), p.guardianshipCapacity(), p.deceased());
    }

    private static Caller county() {
        return new Caller("county", Set.of("COUNTY_ADMIN"), true, Set.of(), true, Set.of(), Optional.empty(),
                Set.of("registry.read", "registry.write", "registry.personal", "registry.contact", "registry.health"));
    }

    private static Caller teacher(long school, long classId) {
        return new Caller("teacher", Set.of("TEACHER"), false, Set.of(school), false, Set.of(classId), Optional.of(school),
                Set.of("registry.read", "registry.write", "registry.contact"));
    }

    /** What a programme computed before: forEach, then each child's parents and guardians read one at a time. */
    private List<Family> perChild(ChildQuery q, boolean listRows) {
        List<Family> out = new ArrayList<>();
        r.children.forEach(q, k -> out.add(new Family(k,
                r.guardians.parents(k.id()).stream().map(p -> listRows ? Masker.listRow(p) : p).toList(),
                r.guardians.guardians(k.id()).stream().map(g -> listRows ? Masker.listRow(g) : g).toList())));
        return out;
    }

    private List<Family> batched(ChildQuery q) {
        List<Family> out = new ArrayList<>();
        r.guardians.forEachFamily(q, out::add);
        return out;
    }

    private long audited() {
        return TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit WHERE action = 'READ'");
    }

    @Test
    void thePlatformGetsEveryFamilyInFullAsThePerChildReadsDo() {
        List<Family> got = batched(ChildQuery.ofSchool(a.id()));
        assertEquals(perChild(ChildQuery.ofSchool(a.id()), false), got);
        assertEquals(ofA.size(), got.size(), "the archived child and the other school's are left out");
        Family first = got.stream().filter(f -> f.parents().size() == 2).findFirst().orElseThrow();
        assertEquals(ParentRole.FATHER, first.parents().get(0).role(), "father first");
        assertTrue(first.parents().get(0).phone().startsWith("138123"), "in full for the platform");
        Family withGuardians = got.stream().filter(f -> f.guardians().size() == 2).findFirst().orElseThrow();
        assertTrue(withGuardians.guardians().get(0).primary(), "primary first");
        assertTrue(got.stream().anyMatch(f -> f.parents().isEmpty()) && got.stream().anyMatch(f -> f.guardians().isEmpty()));
        assertTrue(got.stream().anyMatch(f -> f.child().classId() == null), "children without a class too");
    }

    @Test
    void aCallerGetsListRowsAndNoReadIsAudited() {
        List<Family> expected = r.as(county(), () -> perChild(ChildQuery.ofSchool(a.id()), true));
        long before = audited();
        List<Family> got = r.as(county(), () -> batched(ChildQuery.ofSchool(a.id())));
        assertEquals(before, audited(), "nothing disclosed, nothing audited");
        assertEquals(expected, got);
        Parent father = got.stream().flatMap(f -> f.parents().stream()).filter(p -> p.role() == ParentRole.FATHER).findFirst().orElseThrow();
        assertEquals("138****0001", father.phone());
        assertTrue(father.employerAddress().endsWith("***") && father.employerPhone().contains("*"));
        Guardian g = got.stream().flatMap(f -> f.guardians().stream()).findFirst().orElseThrow();
        assertEquals("159****5678", g.phone());
        assertTrue(g.address().endsWith("***") && g.health().equals("***"));
        assertTrue(got.stream().allMatch(f -> f.child().idNumber().contains("*")), "the child masked as a list is");
        // the flags the programmes' rules read are not masked
        assertEquals(perChild(ChildQuery.ofSchool(a.id()), false).stream().flatMap(f -> f.parents().stream())
                .map(p -> p.away() + "/" + p.deceased() + "/" + p.guardianshipCapacity() + "/" + p.birthDate()).toList(),
                got.stream().flatMap(f -> f.parents().stream())
                        .map(p -> p.away() + "/" + p.deceased() + "/" + p.guardianshipCapacity() + "/" + p.birthDate()).toList());
    }

    @Test
    void aTeacherGetsTheFamiliesOfHerClassOnly() {
        List<Family> got = r.as(teacher(a.id(), a4.id()), () -> batched(ChildQuery.ofSchool(a.id())));
        assertEquals(r.as(teacher(a.id(), a4.id()), () -> perChild(ChildQuery.ofSchool(a.id()), true)), got);
        assertFalse(got.isEmpty());
        assertTrue(got.stream().allMatch(f -> a4.id().equals(f.child().classId())));
        // a class filter and the other filters are the query's, as forEach's
        ChildQuery klass = new ChildQuery(a.id(), a3.id(), null, null, null, false, 0, 500);
        assertEquals(perChild(klass, false), batched(klass));
        assertTrue(r.as(teacher(a.id(), a4.id()), () -> batched(klass)).isEmpty());
    }

    @Test
    void byIdsTheChildrenTheCallerSeesOfAnySchoolArchivedOrNotInIdOrder() {
        List<Long> ids = new ArrayList<>();
        ofA.forEach(k -> ids.add(0, k.id())); // reversed, with duplicates and unknown ids
        ids.add(ofA.get(0).id());
        ids.add(archived.id());
        ids.add(ofB.id());
        ids.add(999_999L);
        ChildQuery anySchoolArchivedToo = new ChildQuery(null, null, null, null, null, true, 0, 500);
        List<Family> all = new ArrayList<>();
        r.guardians.forEachFamily(anySchoolArchivedToo, ids, all::add);
        List<Family> expected = new ArrayList<>(perChild(new ChildQuery(null, null, null, null, null, true, 0, 500), false));
        assertEquals(expected, all, "every known child once, in id order, archived and other schools' too");
        assertTrue(all.stream().anyMatch(f -> f.child().archived()));

        List<Family> teachers = new ArrayList<>();
        r.as(teacher(a.id(), a4.id()), () -> {
            r.guardians.forEachFamily(anySchoolArchivedToo, ids, teachers::add);
            return null;
        });
        List<Family> seen = r.as(teacher(a.id(), a4.id()), () -> perChild(new ChildQuery(null, null, null, null, null, true, 0, 500), true));
        assertEquals(seen, teachers);
        assertTrue(teachers.stream().noneMatch(f -> f.child().id() == ofB.id()), "not the other school's child");

        List<Child> children = new ArrayList<>();
        Set<Long> some = new HashSet<>(List.of(ofA.get(1).id(), ofA.get(2).id(), ofB.id(), archived.id()));
        r.as(teacher(a.id(), a3.id()), () -> {
            r.children.forEachOf(anySchoolArchivedToo, some, children::add);
            return null;
        });
        List<Child> listed = new ArrayList<>();
        r.as(teacher(a.id(), a3.id()), () -> {
            r.children.forEach(new ChildQuery(null, null, null, null, null, true, 0, 500), k -> {
                if (some.contains(k.id())) {
                    listed.add(k);
                }
            });
            return null;
        });
        assertEquals(listed, children, "forEachOf: what forEach gives of those ids, masked as a list");
        assertNotEquals(0, children.size());
        assertTrue(children.stream().allMatch(k -> k.idNumber().contains("*")));
        List<Child> none = new ArrayList<>();
        r.children.forEachOf(anySchoolArchivedToo, List.of(), none::add);
        assertTrue(none.isEmpty());

        // the query's filters apply to the ids: of one school, not archived
        List<Long> ofSchoolA = new ArrayList<>();
        r.children.forEachOf(ChildQuery.ofSchool(a.id()), ids, k -> ofSchoolA.add(k.id()));
        List<Long> expectedOfA = ofA.stream().map(Child::id).sorted().toList(); // the archived one left ofA
        assertEquals(expectedOfA, ofSchoolA, "the ids of school A's children that are not archived");
        List<Long> familiesOfA = new ArrayList<>();
        r.guardians.forEachFamily(ChildQuery.ofSchool(a.id()), ids, f -> familiesOfA.add(f.child().id()));
        assertEquals(expectedOfA, familiesOfA);
    }
}
