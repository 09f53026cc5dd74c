package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.StaleVersionException;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.HistoryEntry;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** The registry services, resolved and active inside Felix, against the H2 file database the bundle migrated. */
@ExtendWith(ServiceExtension.class)
class RegistryServicesIT {
    private final Fixtures fixtures = new Fixtures();

    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    ChildService children;
    @InjectService(timeout = 20_000)
    GuardianService guardians;
    @InjectService(timeout = 20_000)
    SchemaMigrator migrator;

    @Test
    void coreSchemaIsMigrated() {
        org.osgi.framework.Bundle registry = org.osgi.framework.FrameworkUtil.getBundle(migrator.getClass());
        // the newest script's version: numbers are assigned per part of the work, so there may be gaps while it is done
        int newest = java.util.Collections.list(registry.findEntries("db/core", "V*.sql", false)).stream()
                .map(u -> u.getPath().substring(u.getPath().lastIndexOf("/V") + 2, u.getPath().indexOf("__")))
                .mapToInt(Integer::parseInt).max().orElse(0);
        assertTrue(newest >= 1);
        assertEquals(Integer.toString(newest), migrator.currentVersion("core"), "every core script applied");
    }

    @Test
    void childArchiveLifecycle() {
        Fixtures.Place place = Fixtures.school(schools, "lifecycle");
        Child created = children.create(fixtures.child(place, "袁小梅", LocalDate.of(2016, 4, 5), Gender.FEMALE));
        assertEquals(0, created.version());
        assertEquals(created, children.get(created.id()).orElseThrow());

        Child moved = new Child(created.id(), created.version(), created.name(), created.gender(), created.birthDate(),
                created.idNumber(), created.studentNumber(), created.ethnicity(), created.schoolId(), created.classId(),
                created.boarding(), created.homeAddress(), created.village(), created.leftBehindType(),
                created.leftBehindSince(), created.unattended(), created.healthNote(), "跳绳、唱歌", created.flags(), false, null, null);
        Child updated = children.update(moved);
        assertEquals(1, updated.version());
        assertEquals("跳绳、唱歌", updated.hobbies());

        assertThrows(StaleVersionException.class, () -> children.update(moved));
        assertEquals("跳绳、唱歌", children.get(created.id()).orElseThrow().hobbies());

        List<HistoryEntry> history = children.history(created.id());
        assertTrue(history.stream().anyMatch(h -> h.action().equals("CREATED") && "name".equals(h.field())));
        HistoryEntry change = history.stream().filter(h -> h.action().equals("UPDATED")).findFirst().orElseThrow();
        assertEquals("hobbies", change.field());
        assertEquals("画画", change.oldValue());
        assertEquals("跳绳、唱歌", change.newValue());

        Page<Child> page = children.find(new ChildQuery(place.school().id(), null, null, null, "小梅", false, 0, 20));
        assertEquals(1, page.total());
    }

    @Test
    void invalidIdNumberIsRefusedAndNothingIsStored() {
        Fixtures.Place place = Fixtures.school(schools, "invalid");
        Child good = fixtures.child(place, "母子豪", LocalDate.of(2015, 9, 1), Gender.MALE);
        char last = good.idNumber().charAt(17);
        String wrong = good.idNumber().substring(0, 17) + (last == '1' ? '2' : '1');
        Child bad = new Child(null, 0, good.name(), good.gender(), good.birthDate(), wrong, null, null, good.schoolId(),
                good.classId(), null, null, null, good.leftBehindType(), null, false, null, null, null, false, null, null);
        ValidationException e = assertThrows(ValidationException.class, () -> children.create(bad));
        assertEquals("idNumber", e.errors().get(0).field());
        assertFalse(e.errors().get(0).messageZh().isBlank());
        assertEquals(0, children.find(new ChildQuery(place.school().id(), null, null, null, null, true, 0, 10)).total());
    }

    @Test
    void guardiansAndParentsDecideEligibility() {
        Fixtures.Place place = Fixtures.school(schools, "guardians");
        Child child = children.create(fixtures.child(place, "穆天宇", LocalDate.of(2017, 1, 20), Gender.MALE));
        guardians.addParent(new Parent(null, 0, child.id(), ParentRole.FATHER, "穆建国", "13800138000", null, true, "广东省",
                "东莞市", "东莞宏达电子有限公司", null, null, LocalDate.of(2021, 3, 1), null, null, true, false));
        guardians.addParent(new Parent(null, 0, child.id(), ParentRole.MOTHER, "陈丽", "13900139000", null, true, "广东省",
                "东莞市", null, null, null, LocalDate.of(2021, 3, 1), null, null, true, false));
        Guardian grandma = guardians.addGuardian(new Guardian(null, 0, child.id(), GuardianKind.GRANDPARENTS, "王秀英", "奶奶",
                "务农", "温水镇大坪村3组", "13700137000", "良好", 66, null, true));
        assertTrue(children.eligibility(child.id()).eligible());
        assertEquals(List.of(grandma), guardians.guardians(child.id()));
        assertEquals(1, children.find(new ChildQuery(place.school().id(), null, null, GuardianKind.GRANDPARENTS, null, false, 0, 10))
                .total());
    }
}
