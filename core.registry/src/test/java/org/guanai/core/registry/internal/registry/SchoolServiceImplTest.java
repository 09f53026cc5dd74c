package org.guanai.core.registry.internal.registry;

import static org.guanai.core.registry.internal.TestRegistry.inClass;
import static org.guanai.core.registry.internal.TestSupport.CLOCK;
import static org.guanai.core.registry.internal.TestSupport.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.RegistryEvents;
import org.guanai.core.api.StaleVersionException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Grade;
import org.guanai.core.api.dto.HistoryEntry;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.dto.StaffRole;
import org.guanai.core.registry.internal.RecordingEventAdmin;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class SchoolServiceImplTest {
    private TestRegistry r;

    @BeforeEach
    void setUp() {
        r = new TestRegistry("school");
    }

    @AfterEach
    void tearDown() {
        r.close();
    }

    private List<HistoryEntry> history(String entity, long id) {
        return TestSupport.rows(r.db, "SELECT action, field, old_value, new_value FROM core_history"
                + " WHERE entity_type = ? AND entity_id = ? ORDER BY id", entity, id).stream()
                .map(row -> new HistoryEntry(0, entity, id, null, (String) row.get(0), (String) row.get(1), (String) row.get(2),
                        (String) row.get(3), null, null))
                .toList();
    }

    // ---- schools

    @Test
    void createAndUpdateSchool() {
        School in = new School(null, 0, " 习水县温水镇中心小学 ", "2152033001", "贵州省遵义市习水县", "温水镇", "温水镇街上", "0851-2123456",
                false);
        School s = r.actor.as("教育局", () -> r.schools.createSchool(in));
        assertEquals(new School(s.id(), 0, "习水县温水镇中心小学", "2152033001", "贵州省遵义市习水县", "温水镇", "温水镇街上",
                "0851-2123456", false), s);
        assertEquals(s, r.schools.school(s.id()).orElseThrow());
        assertTrue(history("school", s.id()).stream().allMatch(h -> h.action().equals("CREATED")));
        assertTrue(history("school", s.id()).stream().anyMatch(h -> "code".equals(h.field()) && "2152033001".equals(h.newValue())));
        Event created = r.events.last();
        assertEquals(RegistryEvents.SCHOOL_CREATED, created.getTopic());
        assertEquals(s.id(), created.getProperty(RegistryEvents.PROP_SCHOOL_ID));
        assertNull(created.getProperty(RegistryEvents.PROP_CHILD_ID));
        assertEquals("教育局", created.getProperty(RegistryEvents.PROP_ACTOR));

        School renamed = r.schools.updateSchool(new School(s.id(), 0, "习水县温水镇第一小学", s.code(), s.county(), s.township(),
                s.address(), null, false));
        assertEquals(1, renamed.version());
        assertNull(renamed.phone());
        assertEquals(List.of("name", "phone"), history("school", s.id()).stream().filter(h -> h.action().equals("UPDATED"))
                .map(HistoryEntry::field).toList());
        assertEquals(List.of("name", "phone"), RecordingEventAdmin.fields(r.events.last()));
        assertThrows(StaleVersionException.class, () -> r.schools.updateSchool(s));
        assertEquals(renamed, r.schools.school(s.id()).orElseThrow());
        assertThrows(NotFoundException.class, () -> r.schools.updateSchool(new School(999_999L, 0, "不存在的学校", null, null,
                null, null, null, false)));
    }

    @Test
    void duplicateSchoolNameIsRefused() {
        School a = r.school("习水县温水镇中心小学");
        School b = r.school("习水县良村镇中心小学");
        assertRefused("name", () -> r.school("习水县温水镇中心小学"));
        assertRefused("name", () -> r.school("  习水县温水镇中心小学  "));
        assertRefused("name", () -> r.schools.updateSchool(new School(b.id(), 0, a.name(), null, null, null, null, null, false)));
        assertEquals(2, r.schools.schools(true, 0, 10).total());
        assertEquals("习水县良村镇中心小学", r.schools.school(b.id()).orElseThrow().name());
        // keeping one's own name is no duplicate
        assertEquals(1, r.schools.updateSchool(new School(a.id(), 0, a.name(), "2152033001", null, null, null, null, false)).version());
    }

    @Test
    void schoolsArePagedByNameAndArchivedOnesHidden() {
        School c = r.school("丙镇小学");
        r.school("甲镇小学");
        r.school("乙镇小学");
        r.schools.updateSchool(new School(c.id(), 0, c.name(), null, null, null, null, null, true));
        Page<School> open = r.schools.schools(false, 0, 10);
        assertEquals(2, open.total());
        Page<School> all = r.schools.schools(true, 0, 2);
        assertEquals(3, all.total());
        assertEquals(2, all.items().size());
        assertEquals(1, r.schools.schools(true, 1, 2).items().size());
        List<String> names = r.schools.schools(true, 0, 10).items().stream().map(School::name).toList();
        assertEquals(names.stream().sorted().toList(), names);
        assertRefused("size", () -> r.schools.schools(true, 0, 0));
    }

    // ---- classes

    @Test
    void classesAndGrades() {
        School s = r.school("习水县温水镇中心小学");
        SchoolClass c31 = r.schoolClass(s.id(), 3, "三年级(1)班");
        SchoolClass c11 = r.schoolClass(s.id(), 1, "一年级(1)班");
        SchoolClass c32 = r.schoolClass(s.id(), 3, "三年级(2)班");
        SchoolClass c10 = r.schoolClass(s.id(), 10, "高一(1)班");
        assertEquals(List.of(c11, c31, c32, c10), r.schools.classes(s.id()));
        assertEquals(List.of(new Grade(1, "一年级", "Grade 1"), new Grade(3, "三年级", "Grade 3"), new Grade(10, "高一", "Grade 10")),
                r.schools.grades(s.id()));
        assertEquals(c31, r.schools.schoolClass(c31.id()).orElseThrow());
        assertThrows(NotFoundException.class, () -> r.schools.classes(999_999L));
        assertThrows(NotFoundException.class, () -> r.schools.grades(999_999L));
        assertEquals(RegistryEvents.CLASS_CREATED, r.events.last().getTopic());
    }

    @Test
    void classNameIsUniqueWithinASchool() {
        School a = r.school("习水县温水镇中心小学");
        School b = r.school("习水县良村镇中心小学");
        SchoolClass first = r.schoolClass(a.id(), 3, "三年级(1)班");
        SchoolClass second = r.schoolClass(a.id(), 3, "三年级(2)班");
        assertRefused("name", () -> r.schoolClass(a.id(), 3, "三年级(1)班"));
        assertRefused("name", () -> r.schools.updateClass(new SchoolClass(second.id(), 0, a.id(), 3, first.name(), null)));
        r.schoolClass(b.id(), 3, "三年级(1)班");
        assertEquals(2, r.schools.classes(a.id()).size());
        assertThrows(NotFoundException.class, () -> r.schoolClass(999_999L, 3, "三年级(1)班"));
    }

    @Test
    void headTeacherMustBeStaffOfTheSameSchool() {
        School a = r.school("习水县温水镇中心小学");
        School b = r.school("习水县良村镇中心小学");
        Staff liu = r.teacher(a.id(), "刘芳");
        Staff zhang = r.teacher(b.id(), "张丽");

        assertRefused("headTeacherId", () -> r.schools.createClass(new SchoolClass(null, 0, a.id(), 2, "二年级(1)班", zhang.id())));
        assertRefused("headTeacherId", () -> r.schools.createClass(new SchoolClass(null, 0, a.id(), 2, "二年级(1)班", 999_999L)));
        assertEquals(List.of(), r.schools.classes(a.id()));

        SchoolClass c = r.schools.createClass(new SchoolClass(null, 0, a.id(), 2, "二年级(1)班", liu.id()));
        assertEquals(liu.id(), c.headTeacherId());
        assertRefused("headTeacherId", () -> r.schools.updateClass(new SchoolClass(c.id(), 0, a.id(), 2, c.name(), zhang.id())));
        SchoolClass none = r.schools.updateClass(new SchoolClass(c.id(), 0, a.id(), 2, c.name(), null));
        assertNull(none.headTeacherId());
        assertEquals(List.of("headTeacherId"), history("class", c.id()).stream().filter(h -> h.action().equals("UPDATED"))
                .map(HistoryEntry::field).toList());
        // a class cannot be moved to another school by an update
        assertThrows(NotFoundException.class, () -> r.schools.updateClass(new SchoolClass(c.id(), 1, b.id(), 2, c.name(), null)));
        assertThrows(StaleVersionException.class, () -> r.schools.updateClass(new SchoolClass(c.id(), 0, a.id(), 3, c.name(), null)));
    }

    @Test
    void classWithChildrenCannotBeRemoved() {
        School s = r.school("习水县温水镇中心小学");
        SchoolClass c = r.schoolClass(s.id(), 3, "三年级(1)班");
        Child child = r.child("王小明", Gender.MALE, LocalDate.of(2017, 3, 12), 1, s.id(), c.id(), LeftBehindType.BOTH_AWAY);

        assertRefused("id", () -> r.schools.removeClass(c.id(), c.version()));
        assertTrue(r.schools.schoolClass(c.id()).isPresent());
        assertTrue(history("class", c.id()).stream().noneMatch(h -> h.action().equals("REMOVED")));

        // archived children still point at the class: it stays
        Child archived = r.children.archive(child.id(), child.version());
        assertRefused("id", () -> r.schools.removeClass(c.id(), c.version()));

        // an archived archive is closed: the child cannot be moved out, so the class (of a past year) stays
        assertRefused("archived", () -> r.children.update(inClass(archived, s.id(), null)));
        assertTrue(r.schools.schoolClass(c.id()).isPresent());

        SchoolClass empty = r.schoolClass(s.id(), 4, "四年级(1)班");
        assertThrows(StaleVersionException.class, () -> r.schools.removeClass(empty.id(), 7));
        r.events.clear();
        r.schools.removeClass(empty.id(), empty.version());
        assertTrue(r.schools.schoolClass(empty.id()).isEmpty());
        assertTrue(history("class", empty.id()).stream().anyMatch(h -> h.action().equals("REMOVED") && "四年级(1)班".equals(h.oldValue())));
        assertEquals(RegistryEvents.CLASS_REMOVED, r.events.last().getTopic());
        assertEquals(s.id(), r.events.last().getProperty(RegistryEvents.PROP_SCHOOL_ID));
        assertThrows(NotFoundException.class, () -> r.schools.removeClass(empty.id(), empty.version()));
    }

    // ---- staff

    @Test
    void staffListsActiveByName() {
        School s = r.school("习水县温水镇中心小学");
        Staff zhang = r.teacher(s.id(), "张丽");
        Staff chen = r.teacher(s.id(), "陈红");
        Staff inactiveOnCreate = r.schools.createStaff(new Staff(null, 0, s.id(), "李娜", StaffRole.COUNSELLOR, null, null, null,
                false));
        assertTrue(inactiveOnCreate.active(), "new staff are always active");

        Staff left = r.schools.updateStaff(new Staff(chen.id(), 0, s.id(), chen.name(), chen.role(), chen.gender(), chen.phone(),
                chen.subject(), false));
        assertFalse(left.active());
        assertEquals(1, left.version());
        assertEquals(List.of("active"), RecordingEventAdmin.fields(r.events.last()));
        assertEquals(RegistryEvents.STAFF_UPDATED, r.events.last().getTopic());

        List<Staff> active = r.schools.staff(s.id(), false);
        assertEquals(2, active.size());
        assertFalse(active.stream().anyMatch(x -> x.id().equals(chen.id())));
        List<Staff> all = r.schools.staff(s.id(), true);
        assertEquals(3, all.size());
        List<String> names = all.stream().map(Staff::name).toList();
        assertEquals(names.stream().sorted().toList(), names);
        assertEquals(zhang, r.schools.staffMember(zhang.id()).orElseThrow());
        assertThrows(NotFoundException.class, () -> r.schools.staff(999_999L, true));
        assertThrows(NotFoundException.class, () -> r.schools.createStaff(new Staff(null, 0, 999_999L, "王老师", StaffRole.TEACHER,
                null, null, null, true)));
        assertThrows(StaleVersionException.class, () -> r.schools.updateStaff(chen));
        assertRefused("phone", () -> r.schools.createStaff(new Staff(null, 0, s.id(), "王老师", StaffRole.TEACHER, null, "110",
                null, true)));
    }

    @Test
    void staffCannotMoveToAnotherSchoolByUpdate() {
        School a = r.school("习水县温水镇中心小学");
        School b = r.school("习水县良村镇中心小学");
        Staff liu = r.teacher(a.id(), "刘芳");
        assertThrows(NotFoundException.class, () -> r.schools.updateStaff(new Staff(liu.id(), 0, b.id(), liu.name(), liu.role(),
                liu.gender(), liu.phone(), liu.subject(), true)));
        assertEquals(a.id(), r.schools.staffMember(liu.id()).orElseThrow().schoolId());
        assertEquals(CLOCK.instant(), TestSupport.rows(r.db, "SELECT at FROM core_history WHERE entity_type = 'staff'").stream()
                .map(row -> row.get(0) instanceof java.sql.Timestamp t ? t.toInstant() // PostgreSQL's driver
                        : ((java.time.OffsetDateTime) row.get(0)).toInstant()).distinct().findFirst().orElseThrow());
    }
}
