package org.guanai.core.registry.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.Masks;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.HistoryEntry;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.audit.AuditActions;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.security.Account;
import org.guanai.core.registry.internal.security.RolePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The 全国学籍号 is {@code G} + the child's ID number: it is masked with the same permission ({@code registry.personal})
 * and in the same shape as the ID number wherever the ID number is, and searching by it (or by an ID number prefix) is
 * no oracle for a caller who may not see them.
 */
class StudentNumberMaskingTest {
    private TestRegistry r;
    private School a;
    private SchoolClass a1;
    private Child child;

    @BeforeEach
    void setUp() {
        r = new TestRegistry("student-number");
        a = r.school("温水镇中心小学");
        a1 = r.schoolClass(a.id(), 3, "三年级(1)班");
        Child c = TestRegistry.newChild("王小明", Gender.MALE, LocalDate.of(2016, 3, 1), 11, a.id(), a1.id(), LeftBehindType.BOTH_AWAY);
        child = r.children.create(withStudentNumber(c, "G" + c.idNumber()));
    }

    @AfterEach
    void tearDown() {
        r.close();
    }

    private static Child withStudentNumber(Child c, String studentNumber) {
        return new Child(c.id(), c.version(), c.name(), c.gender(), c.birthDate(), c.idNumber(), studentNumber, c.ethnicity(),
                c.schoolId(), c.classId(), c.boarding(), c.homeAddress(), c.village(), c.leftBehindType(), c.leftBehindSince(),
                c.unattended(), c.healthNote(), c.hobbies(), c.flags(), c.archived(), c.createdAt(), c.updatedAt());
    }

    private Caller caller(Role role, Set<Long> classes) {
        return new Caller("u-" + role.name().toLowerCase(), Set.of(role.name()), false, Set.of(a.id()),
                Account.ALL_CLASS_ROLES.contains(role), classes, Optional.empty(), RolePermissions.DEFAULTS.get(role));
    }

    private Caller teacher() {
        return caller(Role.TEACHER, Set.of(a1.id()));
    }

    private Caller healthWorker() {
        return caller(Role.HEALTH_WORKER, Set.of());
    }

    private Caller schoolAdmin() {
        return caller(Role.SCHOOL_ADMIN, Set.of());
    }

    private List<Child> search(Caller caller, String text) {
        return r.as(caller, () -> r.children.find(new ChildQuery(null, null, null, null, text, false, 0, 50)).items());
    }

    @Test
    void theMaskHasTheShapeOfTheIdNumbers() {
        assertEquals("G520***********0012", Masks.studentNumber("G520330201605040012"));
        assertEquals("G" + Masks.idNumber("52033020160504001X"), Masks.studentNumber("G52033020160504001X"));
        assertEquals(Masks.idNumber("520330201605040012"), Masks.studentNumber("520330201605040012"), "without the letter");
        assertEquals("L******", Masks.studentNumber("L123456"));
        assertNull(Masks.studentNumber(null));
        assertEquals("", Masks.studentNumber(""));
        assertTrue(Masks.isMasked(Masks.studentNumber(child.studentNumber())));
    }

    @Test
    void maskedInTheArchiveAndTheListsWithoutRegistryPersonal() {
        String masked = "G" + Masks.idNumber(child.idNumber());
        for (Caller c : List.of(teacher(), healthWorker())) {
            Child seen = r.as(c, () -> r.children.get(child.id())).orElseThrow();
            assertEquals(masked, seen.studentNumber(), c.user());
            assertEquals(Masks.idNumber(child.idNumber()), seen.idNumber(), c.user());
        }
        Child full = r.as(schoolAdmin(), () -> r.children.get(child.id())).orElseThrow();
        assertEquals(child.studentNumber(), full.studentNumber());
        // lists mask for everyone: a list never needs an audited full read
        for (Caller c : List.of(teacher(), schoolAdmin())) {
            Child row = r.as(c, () -> r.children.find(new ChildQuery(a.id(), null, null, null, null, false, 0, 5))).items().get(0);
            assertEquals(masked, row.studentNumber(), c.user());
        }
    }

    @Test
    void aFullReadOfTheStudentNumberAloneIsAudited() {
        // a child whose only personal field is its 学籍号
        Child c = TestRegistry.newChild("李小红", Gender.FEMALE, LocalDate.of(2016, 4, 1), 12, a.id(), a1.id(), LeftBehindType.BOTH_AWAY);
        Child bare = r.children.create(new Child(null, 0, c.name(), c.gender(), c.birthDate(), null, "G520330201604010024",
                c.ethnicity(), a.id(), a1.id(), c.boarding(), null, c.village(), c.leftBehindType(), null, false, null, null,
                Set.of(), false, null, null));
        long before = reads(bare.id());
        assertEquals("G520330201604010024", r.as(schoolAdmin(), () -> r.children.get(bare.id())).orElseThrow().studentNumber());
        assertEquals(before + 1, reads(bare.id()), "reading a 学籍号 in full is reading the ID number in full");
        r.as(teacher(), () -> r.children.get(bare.id()));
        assertEquals(before + 1, reads(bare.id()), "a masked read is not audited");
    }

    private long reads(long childId) {
        return r.audit.find(new AuditLog.Query(null, childId, null, AuditActions.READ, null, null, 0, 50)).total();
    }

    @Test
    void maskedInTheHistoryWithoutRegistryPersonal() {
        Child other = TestRegistry.newChild("王小明", Gender.MALE, LocalDate.of(2016, 3, 1), 21, a.id(), a1.id(), LeftBehindType.BOTH_AWAY);
        Child changed = r.children.update(withStudentNumber(TestRegistry.withIdNumber(child, other.idNumber()), "G" + other.idNumber()));
        assertEquals("G" + other.idNumber(), changed.studentNumber());

        for (Caller c : List.of(teacher(), healthWorker())) {
            List<HistoryEntry> history = r.as(c, () -> r.children.history(child.id()));
            List<HistoryEntry> numbers = history.stream()
                    .filter(h -> "studentNumber".equals(h.field()) || "idNumber".equals(h.field())).toList();
            assertEquals(4, numbers.size(), "created and changed, both fields: " + numbers);
            for (HistoryEntry h : numbers) {
                for (String v : new String[] { h.oldValue(), h.newValue() }) {
                    assertTrue(v == null || Masks.isMasked(v), c.user() + " sees " + h);
                }
            }
            HistoryEntry update = numbers.stream().filter(h -> h.field().equals("studentNumber") && h.oldValue() != null)
                    .findFirst().orElseThrow();
            assertEquals("G" + Masks.idNumber(child.idNumber()), update.oldValue());
            assertEquals("G" + Masks.idNumber(other.idNumber()), update.newValue());
        }
        List<HistoryEntry> full = r.as(schoolAdmin(), () -> r.children.history(child.id()));
        assertTrue(full.stream().anyMatch(h -> ("G" + other.idNumber()).equals(h.newValue())));
    }

    @Test
    void aMaskedStudentNumberSentBackUnchangedKeepsTheStoredOne() {
        Child masked = r.as(teacher(), () -> r.children.get(child.id())).orElseThrow();
        Child renamed = r.as(teacher(), () -> r.children.update(TestRegistry.withName(masked, "王晓明")));
        assertEquals("王晓明", renamed.name());
        Child stored = r.children.get(child.id()).orElseThrow();
        assertEquals(child.studentNumber(), stored.studentNumber());
        assertEquals(child.idNumber(), stored.idNumber());
        assertFalse(r.as(schoolAdmin(), () -> r.children.history(child.id())).stream()
                .anyMatch(h -> "studentNumber".equals(h.field()) && h.oldValue() != null), "no change recorded");
    }

    @Test
    void searchingByStudentNumberOrIdNumberIsNoOracleWithoutRegistryPersonal() {
        String id = child.idNumber();
        String sn = child.studentNumber();
        for (String q : List.of(sn, sn.substring(0, 9), sn.toLowerCase(), id, id.substring(0, 8))) {
            assertEquals(List.of(), search(teacher(), q), "teacher searching " + q);
            assertEquals(List.of(), search(healthWorker(), q), "health worker searching " + q);
        }
        assertEquals(List.of(child.id()), search(teacher(), "王小").stream().map(Child::id).toList(), "by name");
        // with registry.personal: by the 学籍号 (any case) or an ID number prefix
        for (String q : List.of(sn, sn.substring(0, 9), sn.toLowerCase(), id.substring(0, 8))) {
            assertEquals(List.of(child.id()), search(schoolAdmin(), q).stream().map(Child::id).toList(), "school admin searching " + q);
        }
    }
}
