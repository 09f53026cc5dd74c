package org.guanai.core.registry.internal.registry;

import static org.guanai.core.registry.internal.TestRegistry.inClass;
import static org.guanai.core.registry.internal.TestRegistry.newChild;
import static org.guanai.core.registry.internal.TestRegistry.newGuardian;
import static org.guanai.core.registry.internal.TestRegistry.newParent;
import static org.guanai.core.registry.internal.TestRegistry.withFlagsAndHobbies;
import static org.guanai.core.registry.internal.TestRegistry.withIdNumber;
import static org.guanai.core.registry.internal.TestRegistry.withName;
import static org.guanai.core.registry.internal.TestSupport.CLOCK;
import static org.guanai.core.registry.internal.TestSupport.TODAY;
import static org.guanai.core.registry.internal.TestSupport.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.RegistryEvents;
import org.guanai.core.api.StaleVersionException;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.BoardingType;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildFlag;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.EligibilityReport;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.HistoryEntry;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.registry.internal.RecordingEventAdmin;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.security.RolePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class ChildServiceImplTest {
    private static final LocalDate GRADE3_BIRTH = LocalDate.of(2017, 3, 12);

    private TestRegistry r;
    private School schoolA;
    private School schoolB;
    private SchoolClass classA3;
    private SchoolClass classA4;
    private SchoolClass classB3;

    @BeforeEach
    void setUp() {
        r = new TestRegistry("child");
        schoolA = r.school("习水县温水镇中心小学");
        schoolB = r.school("习水县良村镇中心小学");
        classA3 = r.schoolClass(schoolA.id(), 3, "三年级(1)班");
        classA4 = r.schoolClass(schoolA.id(), 4, "四年级(1)班");
        classB3 = r.schoolClass(schoolB.id(), 3, "三年级(1)班");
        r.events.clear();
    }

    @AfterEach
    void tearDown() {
        r.close();
    }

    private Child fullChild() {
        LocalDate birth = GRADE3_BIRTH;
        return new Child(null, 0, "阿依古丽·买买提", Gender.FEMALE, birth, IdNumber.of("520330", birth, 124), "G5203302017031201",
                "苗族", schoolA.id(), classA3.id(), BoardingType.BOARDING, "贵州省遵义市习水县温水镇大坪村3组", "大坪村",
                LeftBehindType.BOTH_AWAY, LocalDate.of(2020, 2, 1), true, "轻度近视", "画画、跳绳",
                Set.of(ChildFlag.POOR, ChildFlag.SINGLE_PARENT), false, null, null);
    }

    private long rows(String table) {
        return TestSupport.count(r.db, "SELECT COUNT(*) FROM " + table);
    }

    private List<HistoryEntry> history(long childId, String action) {
        return r.children.history(childId).stream().filter(h -> h.action().equals(action) && h.entityType().equals("child"))
                .toList();
    }

    private static ChildQuery query(Long schoolId, Long classId, LeftBehindType type, GuardianKind kind, String text) {
        return new ChildQuery(schoolId, classId, type, kind, text, false, 0, 100);
    }

    private Set<String> names(ChildQuery q) {
        return r.children.find(q).items().stream().map(Child::name).collect(Collectors.toSet());
    }

    // ---- create

    @Test
    void createStoresEveryFieldAtVersion0() {
        Child in = fullChild();
        Child created = r.actor.as("班主任刘芳", () -> r.children.create(in));

        assertNotNull(created.id());
        assertEquals(0, created.version());
        assertEquals(CLOCK.instant(), created.createdAt());
        assertEquals(CLOCK.instant(), created.updatedAt());
        Child expected = new Child(created.id(), 0, in.name(), in.gender(), in.birthDate(), in.idNumber(), in.studentNumber(),
                in.ethnicity(), in.schoolId(), in.classId(), in.boarding(), in.homeAddress(), in.village(), in.leftBehindType(),
                in.leftBehindSince(), in.unattended(), in.healthNote(), in.hobbies(), in.flags(), false, CLOCK.instant(),
                CLOCK.instant());
        assertEquals(expected, created);
        assertEquals(expected, r.children.get(created.id()).orElseThrow(), "read back from the database");
    }

    @Test
    void createRecordsHistoryAndPostsAnEvent() {
        Child created = r.actor.as("班主任刘芳", () -> r.children.create(fullChild()));

        List<HistoryEntry> history = r.children.history(created.id());
        assertFalse(history.isEmpty());
        Map<String, HistoryEntry> byField = history.stream().collect(Collectors.toMap(HistoryEntry::field, Function.identity()));
        for (HistoryEntry h : history) {
            assertEquals("CREATED", h.action());
            assertEquals("child", h.entityType());
            assertEquals(created.id(), h.entityId());
            assertEquals(created.id(), h.childId());
            assertEquals("班主任刘芳", h.actor());
            assertEquals(CLOCK.instant(), h.at());
            assertNull(h.oldValue());
        }
        assertEquals("阿依古丽·买买提", byField.get("name").newValue());
        assertEquals("2017-03-12", byField.get("birthDate").newValue());
        assertEquals("POOR,SINGLE_PARENT", byField.get("flags").newValue());
        assertEquals("true", byField.get("unattended").newValue());
        assertFalse(byField.containsKey("archived"), "false is not recorded as created");
        assertFalse(byField.containsKey("id"));
        assertFalse(byField.containsKey("version"));

        Event e = r.events.last();
        assertEquals(RegistryEvents.CHILD_CREATED, e.getTopic());
        assertEquals(created.id(), e.getProperty(RegistryEvents.PROP_ID));
        assertEquals(created.id(), e.getProperty(RegistryEvents.PROP_CHILD_ID));
        assertEquals(schoolA.id(), e.getProperty(RegistryEvents.PROP_SCHOOL_ID));
        assertEquals(0L, e.getProperty(RegistryEvents.PROP_VERSION));
        assertEquals("child", e.getProperty(RegistryEvents.PROP_ENTITY));
        assertEquals("班主任刘芳", e.getProperty(RegistryEvents.PROP_ACTOR));
        assertEquals(1, r.events.events.size());
    }

    @Test
    void createNormalisesTextAndLowerCaseX() {
        LocalDate birth = LocalDate.of(2016, 7, 4);
        String withX = idEndingInX(birth, Gender.FEMALE);
        Child in = new Child(null, 0, "  王小红 ", Gender.FEMALE, birth, withX.toLowerCase(), "  ", " 汉族 ", schoolA.id(), null,
                null, "", null, LeftBehindType.MOTHER_AWAY, null, false, null, null, null, false, null, null);
        Child created = r.children.create(in);
        assertEquals("王小红", created.name());
        assertEquals(withX, created.idNumber());
        assertNull(created.studentNumber());
        assertEquals("汉族", created.ethnicity());
        assertNull(created.homeAddress());
        assertEquals(Set.of(), created.flags());
        assertNull(created.classId());
        assertEquals(withX, r.children.get(created.id()).orElseThrow().idNumber());
        // the same number in lower case is a duplicate
        Child twin = newChild("王小兰", Gender.FEMALE, birth, 1, schoolA.id(), null, LeftBehindType.MOTHER_AWAY);
        assertRefused("idNumber", () -> r.children.create(withIdNumber(twin, withX.toLowerCase())));
    }

    private static String idEndingInX(LocalDate birth, Gender gender) {
        for (int seq = gender == Gender.MALE ? 1 : 0; seq < 1000; seq += 2) {
            String id = IdNumber.of("520330", birth, seq);
            if (id.endsWith("X")) {
                return id;
            }
        }
        throw new AssertionError("no number ending in X");
    }

    @Test
    void invalidIdNumberIsRefusedAndNothingStored() {
        Child in = fullChild();
        String id = in.idNumber();
        String wrongCheck = id.substring(0, 17) + (id.charAt(17) == '1' ? '2' : '1');
        assertRefused("idNumber", () -> r.children.create(withIdNumber(in, wrongCheck)));
        // a boy's number for a girl
        assertRefused("idNumber", () -> r.children.create(withIdNumber(in, IdNumber.of("520330", GRADE3_BIRTH, 125))));
        // another birth date
        assertRefused("idNumber", () -> r.children.create(withIdNumber(in, IdNumber.of("520330", GRADE3_BIRTH.plusDays(1), 124))));
        assertEquals(0, rows("core_child"));
        assertEquals(0, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_history WHERE entity_type = 'child'"));
        assertTrue(r.events.events.isEmpty());
    }

    @Test
    void duplicateIdNumberIsRefused() {
        Child first = r.children.create(fullChild());
        Child other = newChild("王小明", Gender.MALE, GRADE3_BIRTH, 5, schoolA.id(), classA3.id(), LeftBehindType.BOTH_AWAY);
        assertRefused("idNumber", () -> r.children.create(withIdNumber(withName(fullChild(), "王小红"), first.idNumber())));
        assertEquals(1, rows("core_child"));

        Child second = r.children.create(other);
        assertRefused("idNumber", () -> r.children.update(withIdNumber(inGender(second, Gender.FEMALE), first.idNumber())));
        assertEquals(second, r.children.get(second.id()).orElseThrow());
        // keeping one's own number is no duplicate
        Child renamed = r.children.update(withName(second, "王晓明"));
        assertEquals(second.idNumber(), renamed.idNumber());
    }

    private static Child inGender(Child c, Gender g) {
        return new Child(c.id(), c.version(), c.name(), g, c.birthDate(), c.idNumber(), c.studentNumber(), c.ethnicity(),
                c.schoolId(), c.classId(), c.boarding(), c.homeAddress(), c.village(), c.leftBehindType(), c.leftBehindSince(),
                c.unattended(), c.healthNote(), c.hobbies(), c.flags(), c.archived(), c.createdAt(), c.updatedAt());
    }

    @Test
    void classMustBelongToTheSchool() {
        Child in = fullChild();
        assertRefused("classId", () -> r.children.create(inClass(in, schoolA.id(), classB3.id())));
        assertRefused("classId", () -> r.children.create(inClass(in, schoolA.id(), 999_999L)));
        assertEquals(0, rows("core_child"));

        Child created = r.children.create(in);
        assertRefused("classId", () -> r.children.update(inClass(created, schoolB.id(), classA3.id())));
        Child moved = r.children.update(inClass(created, schoolB.id(), classB3.id()));
        assertEquals(schoolB.id(), moved.schoolId());
        assertEquals(classB3.id(), moved.classId());
    }

    @Test
    void unknownSchoolIsRefused() {
        assertRefused("schoolId", () -> r.children.create(inClass(fullChild(), 999_999L, null)));
        assertRefused("schoolId", () -> r.children.create(inClass(fullChild(), null, null)));
        assertEquals(0, rows("core_child"));
    }

    // ---- update

    @Test
    void updateAtTheCurrentVersion() {
        Child created = r.children.create(fullChild());
        r.events.clear();
        Clock later = Clock.offset(CLOCK, Duration.ofDays(3));

        Child changed = withFlagsAndHobbies(withName(created, "阿依古丽·艾力"), Set.of(ChildFlag.POOR), "唱歌");
        Child updated = r.actor.as("校长", () -> r.at(later).children.update(changed));

        assertEquals(1, updated.version());
        assertEquals("阿依古丽·艾力", updated.name());
        assertEquals("唱歌", updated.hobbies());
        assertEquals(Set.of(ChildFlag.POOR), updated.flags());
        assertEquals(created.createdAt(), updated.createdAt());
        assertEquals(later.instant(), updated.updatedAt());
        assertEquals(updated, r.children.get(created.id()).orElseThrow());

        List<HistoryEntry> updates = history(created.id(), "UPDATED");
        assertEquals(List.of("name", "hobbies", "flags"), updates.stream().map(HistoryEntry::field).toList());
        assertEquals("阿依古丽·买买提", updates.get(0).oldValue());
        assertEquals("阿依古丽·艾力", updates.get(0).newValue());
        assertEquals("画画、跳绳", updates.get(1).oldValue());
        assertEquals("POOR,SINGLE_PARENT", updates.get(2).oldValue());
        assertEquals("POOR", updates.get(2).newValue());
        assertTrue(updates.stream().allMatch(h -> h.actor().equals("校长") && h.at().equals(later.instant())));

        Event e = r.events.last();
        assertEquals(RegistryEvents.CHILD_UPDATED, e.getTopic());
        assertEquals("org/guanai/registry/child/UPDATED", e.getTopic());
        assertEquals(List.of("name", "hobbies", "flags"), RecordingEventAdmin.fields(e));
        assertEquals(1L, e.getProperty(RegistryEvents.PROP_VERSION));
        assertEquals(created.id(), e.getProperty(RegistryEvents.PROP_ID));
        assertEquals("校长", e.getProperty(RegistryEvents.PROP_ACTOR));

        Child again = r.children.update(withName(updated, "阿依古丽"));
        assertEquals(2, again.version());
    }

    @Test
    void updateAtAStaleVersionChangesNothing() {
        Child created = r.children.create(fullChild());
        Child current = r.children.update(withName(created, "阿依古丽·艾力"));
        List<List<Object>> childRows = TestSupport.rows(r.db, "SELECT * FROM core_child ORDER BY id");
        List<List<Object>> historyRows = TestSupport.rows(r.db, "SELECT * FROM core_history ORDER BY id");
        r.events.clear();

        StaleVersionException e = assertThrows(StaleVersionException.class,
                () -> r.children.update(withName(created, "别人改的名字")));
        assertEquals(0, e.expected());
        assertEquals(1, e.actual());
        assertEquals(created.id(), e.id());
        assertEquals("child", e.entity());

        assertEquals(childRows, TestSupport.rows(r.db, "SELECT * FROM core_child ORDER BY id"));
        assertEquals(historyRows, TestSupport.rows(r.db, "SELECT * FROM core_history ORDER BY id"));
        assertEquals(current, r.children.get(created.id()).orElseThrow());
        assertTrue(r.events.events.isEmpty());
    }

    @Test
    void invalidUpdateChangesNothing() {
        Child created = r.children.create(fullChild());
        List<List<Object>> before = TestSupport.rows(r.db, "SELECT * FROM core_child ORDER BY id");
        long history = rows("core_history");
        assertRefused("idNumber", () -> r.children.update(withIdNumber(created, "520330201703121240")));
        assertRefused("name", () -> r.children.update(withName(created, "阿依古丽2")));
        assertEquals(before, TestSupport.rows(r.db, "SELECT * FROM core_child ORDER BY id"));
        assertEquals(history, rows("core_history"));
    }

    @Test
    void unknownChildIsNotFound() {
        Child ghost = new Child(424242L, 0, "王小明", Gender.MALE, GRADE3_BIRTH, null, null, null, schoolA.id(), null, null, null,
                null, LeftBehindType.BOTH_AWAY, null, false, null, null, null, false, null, null);
        assertEquals(424242L, assertThrows(NotFoundException.class, () -> r.children.update(ghost)).id());
        assertThrows(NotFoundException.class, () -> r.children.archive(424242L, 0));
        NotFoundException e = assertThrows(NotFoundException.class, () -> r.children.history(424242L));
        assertEquals("child", e.entity());
        assertThrows(NotFoundException.class, () -> r.children.eligibility(424242L));
        assertTrue(r.children.get(424242L).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> r.children.update(fullChild()), "an update needs the id");
    }

    // ---- find

    private void createClassOf(int n) {
        for (int i = 0; i < n; i++) {
            r.child("学生" + (char) ('甲' + i), i % 2 == 0 ? Gender.MALE : Gender.FEMALE, GRADE3_BIRTH.plusDays(i), i,
                    schoolA.id(), classA3.id(), LeftBehindType.BOTH_AWAY);
        }
    }

    @Test
    void findPages() {
        createClassOf(7);
        Page<Child> first = r.children.find(new ChildQuery(null, null, null, null, null, false, 0, 3));
        assertEquals(7, first.total());
        assertEquals(0, first.page());
        assertEquals(3, first.size());
        assertEquals(3, first.items().size());
        Page<Child> last = r.children.find(new ChildQuery(null, null, null, null, null, false, 2, 3));
        assertEquals(7, last.total());
        assertEquals(2, last.page());
        assertEquals(1, last.items().size());
        assertEquals(0, r.children.find(new ChildQuery(null, null, null, null, null, false, 3, 3)).items().size());

        List<String> all = r.children.find(new ChildQuery(null, null, null, null, null, false, 0, 500)).items().stream()
                .map(Child::name).toList();
        assertEquals(all.stream().sorted().toList(), all, "ordered by name within the class");
        List<String> paged = new java.util.ArrayList<>();
        for (int p = 0; p < 3; p++) {
            r.children.find(new ChildQuery(null, null, null, null, null, false, p, 3)).items().forEach(c -> paged.add(c.name()));
        }
        assertEquals(all, paged, "pages neither skip nor repeat");
    }

    @Test
    void forEachReadsEveryMatchingChildOnceInPages() {
        int n = ChildServiceImpl.FOR_EACH_PAGE * 2 + 3; // more than two pages
        for (int i = 0; i < n; i++) {
            String name = "学生" + Integer.toString(i).chars().mapToObj(d -> String.valueOf("零一二三四五六七八九".charAt(d - '0')))
                    .collect(Collectors.joining());
            r.child(name, i % 2 == 0 ? Gender.MALE : Gender.FEMALE, GRADE3_BIRTH.plusDays(i % 200), i / 200 * 2 + (i % 2 == 0 ? 1 : 0),
                    schoolA.id(), i % 3 == 0 ? classA4.id() : classA3.id(), LeftBehindType.BOTH_AWAY);
        }
        r.child("别校学生", Gender.MALE, GRADE3_BIRTH, 901, schoolB.id(), classB3.id(), LeftBehindType.BOTH_AWAY);
        List<Long> ids = new java.util.ArrayList<>();
        r.children.forEach(new ChildQuery(schoolA.id(), null, null, null, null, false, 0, 1), k -> ids.add(k.id()));
        assertEquals(n, ids.size(), "the query's page and size are ignored");
        assertEquals(ids.stream().sorted().distinct().toList(), ids, "in id order, none twice");

        List<Child> seen = new java.util.ArrayList<>();
        org.guanai.core.api.Caller teacher = new org.guanai.core.api.Caller("t", Set.of("TEACHER"), false, Set.of(schoolA.id()), false,
                Set.of(classA4.id()), java.util.Optional.of(schoolA.id()), RolePermissions.DEFAULTS.get(org.guanai.core.api.dto.Role.TEACHER));
        r.as(teacher, () -> {
            r.children.forEach(new ChildQuery(null, null, null, null, null, false, 0, 20), seen::add);
            return null;
        });
        assertEquals(n / 3 + 1, seen.size(), "a teacher: her class only");
        assertTrue(seen.stream().allMatch(k -> k.classId().equals(classA4.id())));
        assertTrue(seen.stream().allMatch(k -> k.idNumber().contains("*")), "masked as a list is");
    }

    @Test
    void findRefusesBadPaging() {
        assertRefused("size", () -> r.children.find(new ChildQuery(null, null, null, null, null, false, 0, 0)));
        assertRefused("size", () -> r.children.find(new ChildQuery(null, null, null, null, null, false, 0, 501)));
        assertRefused("page", () -> r.children.find(new ChildQuery(null, null, null, null, null, false, -1, 10)));
        assertEquals(0, r.children.find(new ChildQuery(null, null, null, null, null, false, 0, 500)).total());
    }

    @Test
    void findFilters() {
        Child a3 = r.child("王小明", Gender.MALE, GRADE3_BIRTH, 1, schoolA.id(), classA3.id(), LeftBehindType.BOTH_AWAY);
        Child a4 = r.child("李小红", Gender.FEMALE, GRADE3_BIRTH.minusYears(1), 2, schoolA.id(), classA4.id(),
                LeftBehindType.FATHER_AWAY);
        Child b3 = r.child("张小华", Gender.MALE, GRADE3_BIRTH.plusDays(9), 3, schoolB.id(), classB3.id(),
                LeftBehindType.MOTHER_AWAY);
        Child noClass = r.child("赵小兰", Gender.FEMALE, GRADE3_BIRTH.plusDays(20), 4, schoolB.id(), null,
                LeftBehindType.BOTH_AWAY);
        r.guardians.addGuardian(newGuardian(a3.id(), GuardianKind.GRANDPARENTS, "王奶奶", true));
        r.guardians.addGuardian(newGuardian(b3.id(), GuardianKind.PARENT, "张爸爸", true));
        r.guardians.addGuardian(newGuardian(b3.id(), GuardianKind.GRANDPARENTS, "张奶奶", false));
        r.guardians.addGuardian(newGuardian(noClass.id(), GuardianKind.MATERNAL_GRANDPARENTS, "赵外婆", true));

        assertEquals(Set.of("王小明", "李小红", "张小华", "赵小兰"), names(query(null, null, null, null, null)));
        assertEquals(Set.of("王小明", "李小红"), names(query(schoolA.id(), null, null, null, null)));
        assertEquals(Set.of("张小华", "赵小兰"), names(query(schoolB.id(), null, null, null, null)));
        assertEquals(Set.of("李小红"), names(query(null, classA4.id(), null, null, null)));
        assertEquals(Set.of("王小明", "赵小兰"), names(query(null, null, LeftBehindType.BOTH_AWAY, null, null)));
        assertEquals(Set.of("王小明"), names(query(schoolA.id(), null, LeftBehindType.BOTH_AWAY, null, null)));
        assertEquals(Set.of("王小明", "张小华"), names(query(null, null, null, GuardianKind.GRANDPARENTS, null)));
        assertEquals(2, r.children.find(query(null, null, null, GuardianKind.GRANDPARENTS, null)).total(),
                "a child with two matching guardians is counted once");
        assertEquals(Set.of("赵小兰"), names(query(null, null, null, GuardianKind.MATERNAL_GRANDPARENTS, null)));
        assertEquals(Set.of(), names(query(null, null, null, GuardianKind.DELEGATED, null)));
        assertEquals(Set.of("张小华"), names(query(schoolB.id(), classB3.id(), LeftBehindType.MOTHER_AWAY, GuardianKind.PARENT, null)));
        assertEquals(List.of(a3.id(), a4.id(), b3.id(), noClass.id()),
                r.children.find(query(null, null, null, null, null)).items().stream().map(Child::id).toList(),
                "ordered by school, class (none last), name");
    }

    @Test
    void findSearchesNameAndIdNumberPrefix() {
        Child ming = r.child("王小明", Gender.MALE, GRADE3_BIRTH, 1, schoolA.id(), classA3.id(), LeftBehindType.BOTH_AWAY);
        Child hong = r.child("李小红", Gender.FEMALE, LocalDate.of(2016, 7, 4), 2, schoolA.id(), classA4.id(),
                LeftBehindType.BOTH_AWAY);
        r.child("张明", Gender.MALE, LocalDate.of(2015, 1, 9), 3, schoolB.id(), classB3.id(), LeftBehindType.BOTH_AWAY);

        assertEquals(Set.of("王小明", "李小红"), names(query(null, null, null, null, "小")));
        assertEquals(Set.of("王小明", "张明"), names(query(null, null, null, null, "明")));
        assertEquals(Set.of("王小明"), names(query(null, null, null, null, " 王小明 ")));
        assertEquals(Set.of("王小明", "李小红", "张明"), names(query(null, null, null, null, "520330")));
        assertEquals(Set.of("王小明"), names(query(null, null, null, null, ming.idNumber().substring(0, 14))));
        assertEquals(Set.of("李小红"), names(query(null, null, null, null, hong.idNumber())));
        assertEquals(Set.of(), names(query(null, null, null, null, ming.idNumber().substring(6, 14))),
                "the ID number is searched by prefix only");
        assertEquals(Set.of(), names(query(null, null, null, null, "小明明")));
        assertEquals(Set.of("王小明", "李小红", "张明"), names(query(null, null, null, null, "   ")), "blank text is no filter");
    }

    @Test
    void findSearchesIdNumberEndingInLowerCaseX() {
        LocalDate birth = LocalDate.of(2016, 7, 4);
        String withX = idEndingInX(birth, Gender.MALE);
        Child boy = newChild("王小明", Gender.MALE, birth, 0, schoolA.id(), null, LeftBehindType.BOTH_AWAY);
        r.children.create(withIdNumber(boy, withX));
        assertEquals(Set.of("王小明"), names(query(null, null, null, null, withX.toLowerCase())));
    }

    @Test
    void likeWildcardsInTheSearchTextAreTakenLiterally() {
        createClassOf(3);
        r.child("王小明", Gender.MALE, GRADE3_BIRTH, 7, schoolA.id(), classA3.id(), LeftBehindType.BOTH_AWAY);
        assertEquals(4, r.children.find(query(null, null, null, null, null)).total());
        for (String wildcard : List.of("%", "_", "%%", "王_明", "王%", "5%", "_2", "\\", "\\%", "[学]")) {
            assertEquals(0, r.children.find(query(null, null, null, null, wildcard)).total(), wildcard);
        }
        assertEquals(1, r.children.find(query(null, null, null, null, "王小明")).total());
    }

    // ---- archive, history, eligibility

    @Test
    void archiveHidesFromFindAndKeepsHistory() {
        Child keep = r.child("王小明", Gender.MALE, GRADE3_BIRTH, 1, schoolA.id(), classA3.id(), LeftBehindType.BOTH_AWAY);
        Child leave = r.child("李小红", Gender.FEMALE, GRADE3_BIRTH, 2, schoolA.id(), classA3.id(), LeftBehindType.BOTH_AWAY);
        r.events.clear();

        assertThrows(StaleVersionException.class, () -> r.children.archive(leave.id(), 3));
        Child archived = r.actor.as("校长", () -> r.children.archive(leave.id(), leave.version()));
        assertTrue(archived.archived());
        assertEquals(1, archived.version());

        assertEquals(Set.of("王小明"), names(query(null, null, null, null, null)));
        assertEquals(Set.of(), names(query(null, null, null, null, "李小红")));
        Page<Child> withArchived = r.children.find(new ChildQuery(null, null, null, null, null, true, 0, 10));
        assertEquals(2, withArchived.total());
        assertTrue(r.children.get(leave.id()).orElseThrow().archived());
        assertFalse(r.children.get(keep.id()).orElseThrow().archived());

        List<HistoryEntry> history = r.children.history(leave.id());
        assertFalse(history_of(history, "CREATED").isEmpty(), "creation history kept");
        List<HistoryEntry> archivedRows = history_of(history, "ARCHIVED");
        assertEquals(1, archivedRows.size());
        assertEquals("archived", archivedRows.get(0).field());
        assertEquals("false", archivedRows.get(0).oldValue());
        assertEquals("true", archivedRows.get(0).newValue());
        assertEquals("校长", archivedRows.get(0).actor());
        assertEquals(RegistryEvents.CHILD_ARCHIVED, r.events.last().getTopic());
        assertEquals(1L, r.events.last().getProperty(RegistryEvents.PROP_VERSION));
    }

    private static List<HistoryEntry> history_of(List<HistoryEntry> history, String action) {
        return history.stream().filter(h -> h.action().equals(action)).toList();
    }

    @Test
    void historyCoversParentsAndGuardiansOldestFirst() {
        Child c = r.child("王小明", Gender.MALE, GRADE3_BIRTH, 1, schoolA.id(), classA3.id(), LeftBehindType.BOTH_AWAY);
        Child other = r.child("李小红", Gender.FEMALE, GRADE3_BIRTH, 2, schoolA.id(), classA3.id(), LeftBehindType.BOTH_AWAY);
        Parent father = r.guardians.addParent(newParent(c.id(), ParentRole.FATHER, "王建国", true, null, true));
        Guardian granny = r.guardians.addGuardian(newGuardian(c.id(), GuardianKind.GRANDPARENTS, "王奶奶", true));
        r.guardians.addGuardian(newGuardian(other.id(), GuardianKind.GRANDPARENTS, "李奶奶", true));
        r.children.update(withName(c, "王晓明"));
        r.guardians.removeGuardian(granny.id(), granny.version());

        List<HistoryEntry> history = r.children.history(c.id());
        List<Long> ids = history.stream().map(HistoryEntry::id).toList();
        assertEquals(ids.stream().sorted().toList(), ids, "oldest first");
        assertTrue(history.stream().allMatch(h -> h.childId() == c.id()), "only this child's records");
        List<String> sequence = history.stream().map(h -> h.entityType() + ":" + h.action()).distinct().toList();
        assertEquals(List.of("child:CREATED", "parent:CREATED", "guardian:CREATED", "child:UPDATED", "guardian:REMOVED"),
                sequence);
        assertTrue(history.stream().anyMatch(h -> h.entityType().equals("parent") && h.entityId() == father.id()
                && "name".equals(h.field()) && "王建国".equals(h.newValue())));
    }

    @Test
    void eligibilityUsesTheRecordedParents() {
        Child c = r.child("王小明", Gender.MALE, GRADE3_BIRTH, 1, schoolA.id(), classA3.id(), LeftBehindType.BOTH_AWAY);
        EligibilityReport byType = r.children.eligibility(c.id());
        assertTrue(byType.eligible(), "no parents recorded: the type BOTH_AWAY decides");
        assertEquals(c.id(), byType.childId());

        r.guardians.addParent(newParent(c.id(), ParentRole.FATHER, "王建国", true, LocalDate.of(2020, 2, 1), true));
        Parent mother = r.guardians.addParent(newParent(c.id(), ParentRole.MOTHER, "李梅", false, null, true));
        EligibilityReport motherHome = r.children.eligibility(c.id());
        assertFalse(motherHome.eligible(), "the recorded parents win over the type: the mother is at home");
        assertFalse(motherHome.criteria().stream().filter(k -> k.code().equals("PARENTS_AWAY")).findFirst().orElseThrow().met());

        r.guardians.updateParent(new Parent(mother.id(), mother.version(), c.id(), ParentRole.MOTHER, "李梅", null, null, false,
                null, null, null, null, null, null, null, null, false, false));
        assertTrue(r.children.eligibility(c.id()).eligible(), "the mother at home cannot look after the child");

        Child old = r.child("张大华", Gender.MALE, TODAY.minusYears(17), 2, schoolA.id(), null, LeftBehindType.BOTH_AWAY);
        assertFalse(r.children.eligibility(old.id()).eligible(), "17 is over the default cap of 16");
    }

    /**
     * The batch the programmes use to leave out children who are not left behind (issue 19): the same rule as
     * {@code eligibility(id)}, child by child, for any number of ids; archived children and unknown ids never.
     */
    @Test
    void eligibleAmongAgreesWithTheRuleChildByChild() {
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 700; i++) {
            LeftBehindType type = i % 4 == 0 ? LeftBehindType.NONE : LeftBehindType.BOTH_AWAY;
            LocalDate born = i % 5 == 0 ? TODAY.minusYears(16).plusDays(i % 3 - 1) : GRADE3_BIRTH.plusDays(i % 300);
            String name = "学生" + String.valueOf(i).chars().mapToObj(d -> String.valueOf("零一二三四五六七八九".charAt(d - '0')))
                    .collect(Collectors.joining());
            ids.add(r.child(name, Gender.FEMALE, born, i, schoolA.id(), classA3.id(), type).id());
        }
        Child home = r.child("王小明", Gender.MALE, GRADE3_BIRTH, 1_500, schoolA.id(), classA3.id(), LeftBehindType.BOTH_AWAY);
        r.guardians.addParent(newParent(home.id(), ParentRole.MOTHER, "李梅", false, null, true));
        ids.add(home.id());
        Child archived = r.child("张小华", Gender.MALE, GRADE3_BIRTH, 1_501, schoolA.id(), classA3.id(), LeftBehindType.BOTH_AWAY);
        r.children.archive(archived.id(), archived.version());
        ids.add(archived.id());
        ids.add(424_242L);
        java.util.Set<Long> expected = new java.util.HashSet<>();
        for (long id : ids) {
            if (id != archived.id() && id != 424_242L && r.children.eligibility(id).eligible()) {
                expected.add(id);
            }
        }
        java.util.Set<Long> found = r.children.eligibleAmong(ids);
        assertEquals(expected, found);
        assertFalse(found.contains(home.id()), "the mother is at home");
        assertTrue(found.size() > 300 && found.size() < 600, "some of each: " + found.size());
        assertEquals(java.util.Set.of(), r.children.eligibleAmong(List.of()));
    }

    @Test
    void historyOfCreationUsesTheSystemActorByDefault() {
        Child c = r.child("王小明", Gender.MALE, GRADE3_BIRTH, 1, schoolA.id(), classA3.id(), LeftBehindType.BOTH_AWAY);
        assertTrue(r.children.history(c.id()).stream().allMatch(h -> h.actor().equals("system")));
        assertEquals("system", r.events.last().getProperty(RegistryEvents.PROP_ACTOR));
        assertEquals(Instant.parse("2026-11-23T02:00:00Z"), r.children.history(c.id()).get(0).at());
    }

    @Test
    void refusedRequestsThrowValidationExceptionWithBilingualErrors() {
        ValidationException e = assertThrows(ValidationException.class, () -> r.children.create(new Child(null, 0, null, null,
                null, null, null, null, null, null, null, null, null, null, null, false, null, null, null, false, null, null)));
        assertTrue(e.errors().size() >= 5);
        e.errors().forEach(TestSupport::assertBilingual);
    }
}
