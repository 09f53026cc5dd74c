package org.guanai.core.registry.internal.registry;

import static org.guanai.core.registry.internal.TestSupport.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.dto.Assistance;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.GuardianshipType;
import org.guanai.core.api.dto.HealthStatus;
import org.guanai.core.api.dto.IncomeSource;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.Schooling;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The 民政 登记表 fields of the archive (issue 20, V48): stored and read back on H2, changed with history, validated with
 * errors that name the field, the 户籍所在地 masked as an address.
 */
class ChildMinzhengFieldsTest {
    private TestRegistry r;
    private School school;

    @BeforeEach
    void setUp() {
        r = new TestRegistry("minzheng-fields");
        school = r.school("温水镇中心小学");
    }

    @AfterEach
    void tearDown() {
        r.close();
    }

    private Child.Builder child() {
        return TestRegistry.newChild("王小明", Gender.MALE, LocalDate.of(2016, 3, 5), 1, school.id(), null,
                LeftBehindType.BOTH_AWAY).toBuilder();
    }

    @Test
    void theFieldsAreStoredReadBackAndChangedWithHistory() {
        Child created = r.children.create(child().hukouRegistered(true).hukouPlace(" 贵州省遵义市习水县温水镇大坪村 ")
                .health(HealthStatus.ILL).healthNote("先天性心脏病").schooling(Schooling.PRIMARY)
                .incomeSources(Set.of(IncomeSource.WAGES, IncomeSource.RELATIVES))
                .assistance(Set.of(Assistance.MEDICAL, Assistance.TEMPORARY)).guardianship(GuardianshipType.GOOD)
                .villageContact("大坪村委会 0851-22345678").build());
        Child read = r.children.get(created.id()).orElseThrow();
        assertEquals(created, read);
        assertEquals(Boolean.TRUE, read.hukouRegistered());
        assertEquals("贵州省遵义市习水县温水镇大坪村", read.hukouPlace(), "trimmed");
        assertEquals(HealthStatus.ILL, read.health());
        assertEquals(Schooling.PRIMARY, read.schooling());
        assertEquals(Set.of(IncomeSource.WAGES, IncomeSource.RELATIVES), read.incomeSources());
        assertEquals(Set.of(Assistance.MEDICAL, Assistance.TEMPORARY), read.assistance());
        assertEquals(GuardianshipType.GOOD, read.guardianship());
        assertEquals("大坪村委会 0851-22345678", read.villageContact());

        Child changed = r.children.update(read.toBuilder().schooling(Schooling.JUNIOR).incomeSources(Set.of())
                .assistance(Set.of(Assistance.HOUSING)).hukouRegistered(null).hukouPlace(null).build());
        assertEquals(read.version() + 1, changed.version());
        Child again = r.children.get(created.id()).orElseThrow();
        assertEquals(Schooling.JUNIOR, again.schooling());
        assertEquals(Set.of(), again.incomeSources());
        assertEquals(Set.of(Assistance.HOUSING), again.assistance());
        assertNull(again.hukouRegistered(), "not recorded stays unknown, not 否");
        assertNull(again.hukouPlace());
        Set<String> fields = Set.copyOf(r.children.history(created.id()).stream().filter(h -> h.field() != null)
                .map(h -> h.field()).toList());
        assertTrue(fields.containsAll(Set.of("schooling", "incomeSources", "assistance", "hukouRegistered", "hukouPlace")),
                fields.toString());
    }

    @Test
    void aChildOfEarlierVersionsHasNoneOfThem() {
        Child old = r.child("李小红", Gender.FEMALE, LocalDate.of(2015, 7, 9), 2, school.id(), null, LeftBehindType.BOTH_AWAY);
        assertNull(old.health());
        assertNull(old.schooling());
        assertEquals(Set.of(), old.incomeSources());
        assertEquals(Set.of(), old.assistance());
        assertNull(old.guardianship());
        assertEquals(0, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_child WHERE health_status IS NOT NULL"));
    }

    @Test
    void refusedValuesNameTheFieldAndStoreNothing() {
        FieldError e = assertRefused("healthNote", () -> r.children.create(child().health(HealthStatus.DISABLED).healthNote(null)
                .build()));
        assertTrue(e.messageZh().contains("残疾类别"), e.messageZh());
        assertRefused("healthNote", () -> r.children.create(child().health(HealthStatus.ILL).healthNote(" ").build()));
        assertRefused("hukouPlace", () -> r.children.create(child().hukouRegistered(false).hukouPlace("大坪村").build()));
        assertRefused("hukouPlace", () -> r.children.create(child().hukouPlace("村".repeat(201)).build()));
        assertRefused("villageContact", () -> r.children.create(child().villageContact("村".repeat(101)).build()));
        assertEquals(0, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_child"));
    }

    @Test
    void theParentsAndTheGuardiansIdNumbersAreCheckedStoredAndMasked() {
        Child k = r.children.create(child().build());
        LocalDate fatherBorn = LocalDate.of(1988, 6, 1);
        String fatherId = IdNumber.of("520330", fatherBorn, 11);
        String grandmotherId = IdNumber.of("520330", LocalDate.of(1960, 1, 2), 22);
        Parent father = r.guardians.addParent(TestRegistry.newParent(k.id(), ParentRole.FATHER, "王大山", true,
                LocalDate.of(2024, 2, 1), true).toBuilder().birthDate(fatherBorn).idNumber(fatherId.toLowerCase()).build());
        assertEquals(fatherId, father.idNumber(), "normalised as the child's");
        Guardian grandmother = r.guardians.addGuardian(TestRegistry.newGuardian(k.id(), GuardianKind.GRANDPARENTS, "王奶奶", true)
                .toBuilder().idNumber(grandmotherId).build());
        assertEquals(grandmotherId, r.guardians.guardians(k.id()).get(0).idNumber());

        assertRefused("idNumber", () -> r.guardians.addParent(TestRegistry.newParent(k.id(), ParentRole.MOTHER, "李小花", true,
                LocalDate.of(2024, 2, 1), true).toBuilder().idNumber("52033019900101123").build()));
        assertRefused("idNumber", () -> r.guardians.updateParent(father.toBuilder().birthDate(fatherBorn.plusDays(1)).build()));
        assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_parent"), "nothing stored on error");

        Caller teacher = new Caller("teacher", Set.of("TEACHER"), false, Set.of(school.id()), true, Set.of(),
                Optional.of(school.id()), Set.of("registry.read", "registry.write", "registry.contact"));
        Guardian seen = r.as(teacher, () -> r.guardians.guardians(k.id()).get(0));
        assertEquals("520***********" + grandmotherId.substring(14), seen.idNumber());
        r.as(teacher, () -> r.guardians.updateGuardian(seen.toBuilder().occupation("务农").build()));
        assertEquals(grandmotherId, r.guardians.guardians(k.id()).get(0).idNumber(), "sent back masked: kept");
        assertEquals(grandmother.id(), seen.id());
    }

    @Test
    void thePlaceOfHukouIsMaskedAsAnAddress() {
        Child created = r.children.create(child().hukouPlace("贵州省遵义市习水县温水镇大坪村").build());
        Caller teacher = new Caller("teacher", Set.of("TEACHER"), false, Set.of(school.id()), true, Set.of(),
                Optional.of(school.id()), Set.of("registry.read", "registry.write"));
        Child seen = r.as(teacher, () -> r.children.get(created.id()).orElseThrow());
        assertEquals("贵州省遵义市***", seen.hukouPlace());
        // sent back masked and unchanged: the stored value stays
        r.as(teacher, () -> r.children.update(seen.toBuilder().schooling(Schooling.PRIMARY).build()));
        assertEquals("贵州省遵义市习水县温水镇大坪村", r.children.get(created.id()).orElseThrow().hukouPlace());
    }
}
