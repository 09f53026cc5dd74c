package org.guanai.core.registry.internal.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.RegistryEvents;
import org.guanai.core.api.StaleVersionException;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.BoardingType;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.HistoryEntry;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.dto.StaffRole;
import org.guanai.core.registry.internal.persistence.TestDb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry services on in-memory H2 running the real migrations. */
class RegistryStoresTest {
    private TestDb db;
    private School school;
    private SchoolClass class3;
    private int sequence;

    @BeforeEach
    void setUp() {
        db = new TestDb();
        school = db.schools.createSchool(new School(null, 0, "习水县温水镇中心小学", "2152033001", "习水县", "温水镇", null, "0851-22223333", false));
        class3 = db.schools.createClass(new SchoolClass(null, 0, school.id(), 3, "三年级(1)班", null));
    }

    private Child draft(String name, LocalDate birth, Gender gender, long schoolId, Long classId) {
        String id = IdNumber.of("520330", birth, ++sequence * 2 + (gender == Gender.MALE ? 1 : 0));
        return new Child(null, 0, name, gender, birth, id, null, "汉族", schoolId, classId, BoardingType.DAY, "大坪村3组", "大坪村",
                LeftBehindType.BOTH_AWAY, null, false, "健康", "画画", Set.of(), false, null, null);
    }

    private static Child withHobbies(Child c, long version, String hobbies) {
        return new Child(c.id(), version, c.name(), c.gender(), c.birthDate(), c.idNumber(), c.studentNumber(), c.ethnicity(),
                c.schoolId(), c.classId(), c.boarding(), c.homeAddress(), c.village(), c.leftBehindType(), c.leftBehindSince(),
                c.unattended(), c.healthNote(), hobbies, c.flags(), false, null, null);
    }

    @Test
    void createReadUpdateWithHistoryAndEvents() {
        Child c = db.children.create(draft("袁小梅", LocalDate.of(2016, 4, 5), Gender.FEMALE, school.id(), class3.id()));
        assertEquals(0, c.version());
        assertEquals(c, db.children.get(c.id()).orElseThrow());
        assertEquals(TestDb.CLOCK.instant(), c.createdAt());

        Child u = db.actor.as("teacher-li", () -> db.children.update(withHobbies(c, 0, "跳绳")));
        assertEquals(1, u.version());
        List<HistoryEntry> history = db.children.history(c.id());
        List<HistoryEntry> updates = history.stream().filter(h -> h.action().equals("UPDATED")).toList();
        assertEquals(1, updates.size(), "only the changed field: " + updates);
        assertEquals("hobbies", updates.get(0).field());
        assertEquals("画画", updates.get(0).oldValue());
        assertEquals("跳绳", updates.get(0).newValue());
        assertEquals("teacher-li", updates.get(0).actor());
        assertTrue(history.stream().anyMatch(h -> h.action().equals("CREATED") && "idNumber".equals(h.field())));

        var updated = db.events.stream().filter(e -> e.getTopic().equals(RegistryEvents.CHILD_UPDATED)).findFirst().orElseThrow();
        assertEquals(c.id(), updated.getProperty(RegistryEvents.PROP_ID));
        assertArrayEquals(new String[] { "hobbies" }, (String[]) updated.getProperty(RegistryEvents.PROP_FIELDS));
    }

    @Test
    void anUpdateThatChangesNothingKeepsTheVersionAndRecordsNothing() {
        Child c = db.children.create(draft("周雨涵", LocalDate.of(2016, 8, 8), Gender.FEMALE, school.id(), class3.id()));
        long historyRows = db.count("core_history");
        int events = db.events.size();
        Child same = db.children.update(withHobbies(c, 0, c.hobbies()));
        assertEquals(0, same.version());
        assertEquals(historyRows, db.count("core_history"));
        assertEquals(events, db.events.size());
        Child archived = db.children.archive(c.id(), 0);
        assertEquals(archived, db.children.archive(c.id(), archived.version()), "archiving twice changes nothing");
        assertEquals(events + 1, db.events.size(), "one ARCHIVED event");
        assertEquals("archived", field(() -> db.children.update(withHobbies(archived, archived.version(), "跑步"))));
    }

    @Test
    void staleUpdateIsRefusedAndChangesNothing() {
        Child c = db.children.create(draft("母子豪", LocalDate.of(2015, 9, 1), Gender.MALE, school.id(), class3.id()));
        db.children.update(withHobbies(c, 0, "篮球"));
        long historyRows = db.count("core_history");
        StaleVersionException e = assertThrows(StaleVersionException.class, () -> db.children.update(withHobbies(c, 0, "跑步")));
        assertEquals(1, e.actual());
        assertEquals("篮球", db.children.get(c.id()).orElseThrow().hobbies());
        assertEquals(historyRows, db.count("core_history"));
    }

    @Test
    void invalidRecordsAreRefusedAndNothingIsStored() {
        Child good = draft("穆天宇", LocalDate.of(2017, 1, 20), Gender.MALE, school.id(), class3.id());
        String wrongCheck = good.idNumber().substring(0, 17) + (good.idNumber().charAt(17) == '1' ? '2' : '1');
        assertEquals("idNumber", field(() -> db.children.create(withId(good, wrongCheck))));
        String otherGender = IdNumber.of("520330", good.birthDate(), 998);
        assertEquals("idNumber", field(() -> db.children.create(withId(good, otherGender))), "gender disagrees");
        String otherBirth = IdNumber.of("520330", good.birthDate().plusDays(1), 999);
        assertEquals("idNumber", field(() -> db.children.create(withId(good, otherBirth))), "birth date disagrees");

        School other = db.schools.createSchool(new School(null, 0, "习水县良村镇中心小学", null, null, null, null, null, false));
        assertEquals("classId", field(() -> db.children.create(draft("龙思琪", LocalDate.of(2016, 6, 6), Gender.FEMALE, other.id(), class3.id()))));
        assertEquals("schoolId", field(() -> db.children.create(draft("龙思琪", LocalDate.of(2016, 6, 6), Gender.FEMALE, 999L, null))));
        assertEquals(0, db.count("core_child"));
        assertEquals(0, db.count("core_history WHERE entity_type = 'child'"));

        Child stored = db.children.create(good);
        assertEquals("idNumber", field(() -> db.children.create(withId(draft("王浩", LocalDate.of(2017, 1, 20), Gender.MALE, school.id(),
                null), stored.idNumber()))), "duplicate ID number");
        assertEquals(1, db.count("core_child"));
    }

    private static Child withId(Child c, String id) {
        return new Child(null, 0, c.name(), c.gender(), c.birthDate(), id, null, c.ethnicity(), c.schoolId(), c.classId(),
                c.boarding(), c.homeAddress(), c.village(), c.leftBehindType(), null, false, null, null, Set.of(), false, null, null);
    }

    private static String field(Runnable action) {
        ValidationException e = assertThrows(ValidationException.class, action::run);
        FieldError first = e.errors().get(0);
        assertFalse(first.messageZh().isBlank());
        assertFalse(first.messageEn().isBlank());
        return first.field();
    }

    @Test
    void findFiltersPagesAndSearches() {
        SchoolClass class4 = db.schools.createClass(new SchoolClass(null, 0, school.id(), 4, "四年级(1)班", null));
        for (int i = 0; i < 12; i++) {
            db.children.create(draft("杨" + (char) ('甲' + i), LocalDate.of(2016, 1, 1 + i), Gender.MALE, school.id(),
                    i % 2 == 0 ? class3.id() : class4.id()));
        }
        Child percent = db.children.create(draft("李明", LocalDate.of(2015, 2, 2), Gender.MALE, school.id(), class3.id()));
        assertEquals(13, db.children.find(new ChildQuery(school.id(), null, null, null, null, false, 0, 5)).total());
        assertEquals(5, db.children.find(new ChildQuery(school.id(), null, null, null, null, false, 0, 5)).items().size());
        assertEquals(3, db.children.find(new ChildQuery(school.id(), null, null, null, null, false, 2, 5)).items().size());
        assertEquals(6, db.children.find(new ChildQuery(null, class4.id(), null, null, null, false, 0, 50)).total());
        assertEquals(0, db.children.find(new ChildQuery(null, null, null, null, "%", false, 0, 50)).total(), "wildcards are literal");
        assertEquals(0, db.children.find(new ChildQuery(null, null, null, null, "杨_", false, 0, 50)).total(), "wildcards are literal");
        assertEquals(12, db.children.find(new ChildQuery(null, null, null, null, "杨", false, 0, 50)).total());
        assertEquals(1, db.children.find(new ChildQuery(null, null, null, null, percent.idNumber().substring(0, 14), false, 0, 50))
                .total(), "ID number prefix");
        assertEquals(0, db.children.find(new ChildQuery(null, null, LeftBehindType.MOTHER_AWAY, null, null, false, 0, 50)).total());

        db.guardians.addGuardian(new Guardian(null, 0, percent.id(), GuardianKind.GRANDPARENTS, "李奶奶", "奶奶", "务农", null,
                "13700137000", "良好", 68, null, true));
        assertEquals(1, db.children.find(new ChildQuery(null, null, null, GuardianKind.GRANDPARENTS, null, false, 0, 50)).total());

        db.children.archive(percent.id(), percent.version());
        assertEquals(12, db.children.find(new ChildQuery(school.id(), null, null, null, null, false, 0, 50)).total());
        assertEquals(13, db.children.find(new ChildQuery(school.id(), null, null, null, null, true, 0, 50)).total());
        assertTrue(db.children.history(percent.id()).stream().anyMatch(h -> h.action().equals("ARCHIVED")));
        assertThrows(ValidationException.class, () -> db.children.find(new ChildQuery(null, null, null, null, null, false, 0, 501)));
        assertThrows(NotFoundException.class, () -> db.children.history(424242));
    }

    @Test
    void guardiansParentsAndEligibility() {
        Child c = db.children.create(draft("冉家睿", LocalDate.of(2018, 3, 3), Gender.MALE, school.id(), class3.id()));
        Guardian grandma = db.guardians.addGuardian(new Guardian(null, 0, c.id(), GuardianKind.GRANDPARENTS, "冉奶奶", "奶奶", "务农",
                null, "13700137001", "高血压", 70, null, true));
        Guardian uncle = db.guardians.addGuardian(new Guardian(null, 0, c.id(), GuardianKind.RELATIVE, "冉伯伯", "伯父", null, null,
                "13700137002", null, 45, null, true));
        List<Guardian> now = db.guardians.guardians(c.id());
        assertEquals(uncle.id(), now.get(0).id(), "the new primary comes first");
        assertFalse(now.get(1).primary(), "the former primary is no longer primary");
        assertEquals(grandma.version() + 1, now.get(1).version());
        assertTrue(db.children.history(c.id()).stream().anyMatch(h -> h.entityId() == grandma.id() && "primary".equals(h.field())));
        assertEquals("phone", field(() -> db.guardians.addGuardian(new Guardian(null, 0, c.id(), GuardianKind.OTHER, "邻居", null, null,
                null, "12345", null, null, null, false))));

        Parent father = db.guardians.addParent(new Parent(null, 0, c.id(), ParentRole.FATHER, "冉建国", "13800138001", null, true,
                "广东省", "东莞市", "东莞宏达电子有限公司", null, null, LocalDate.of(2021, 2, 1), null, null, true, false));
        assertEquals("role", field(() -> db.guardians.addParent(new Parent(null, 0, c.id(), ParentRole.FATHER, "冉二", null, null,
                false, null, null, null, null, null, null, null, null, true, false))));
        assertTrue(db.children.eligibility(c.id()).eligible(), "one parent away, the other not recorded: the child's type (双留守) stands in");
        db.guardians.addParent(new Parent(null, 0, c.id(), ParentRole.MOTHER, "陈丽", null, null, true, "广东省", "东莞市", null, null,
                null, LocalDate.of(2021, 2, 1), null, null, true, false));
        assertTrue(db.children.eligibility(c.id()).eligible());
        db.guardians.removeParent(father.id(), father.version());
        assertEquals(1, db.guardians.parents(c.id()).size());
        assertTrue(db.children.history(c.id()).stream().anyMatch(h -> h.action().equals("REMOVED") && "employer".equals(h.field())));
    }

    @Test
    void schoolRules() {
        assertEquals("name", field(() -> db.schools.createSchool(new School(null, 0, school.name(), null, null, null, null, null, false))));
        assertEquals("code", field(() -> db.schools.createSchool(new School(null, 0, "另一所", "12", null, null, null, null, false))));
        School other = db.schools.createSchool(new School(null, 0, "另一所", null, null, null, null, null, false));
        Staff teacher = db.schools.createStaff(new Staff(null, 0, other.id(), "王老师", StaffRole.HEAD_TEACHER, Gender.FEMALE, null, "语文", true));
        assertEquals("headTeacherId", field(() -> db.schools.createClass(new SchoolClass(null, 0, school.id(), 2, "二年级(1)班", teacher.id()))));
        assertEquals("name", field(() -> db.schools.createClass(new SchoolClass(null, 0, school.id(), 3, "三年级(1)班", null))));
        assertEquals("gradeLevel", field(() -> db.schools.createClass(new SchoolClass(null, 0, school.id(), 13, "十三年级", null))));
        Child c = db.children.create(draft("黄欣怡", LocalDate.of(2017, 7, 7), Gender.FEMALE, school.id(), class3.id()));
        assertEquals("id", field(() -> db.schools.removeClass(class3.id(), class3.version())), "a class with children stays");
        assertEquals(List.of(3), db.schools.grades(school.id()).stream().map(g -> g.level()).toList());
        assertEquals("三年级", db.schools.grades(school.id()).get(0).nameZh());
        assertTrue(c.id() > 0);
    }
}
