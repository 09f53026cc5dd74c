package org.guanai.core.registry.internal.registry;

import static org.guanai.core.registry.internal.TestRegistry.newGuardian;
import static org.guanai.core.registry.internal.TestRegistry.newParent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.programmes.ExportWriter;
import org.guanai.core.registry.internal.registry.RosterReader.Format;
import org.guanai.core.registry.internal.security.RolePermissions;
import org.guanai.sdk.http.Download;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * 花名册 (issue 16): the roster of a class, a school or the county as xlsx, read back from the file: the import template's
 * columns, values in words, masking by role as the API masks, a teacher's classes only, the county for county roles,
 * one audited read per export.
 */
class RosterExportTest {
    /** The import template's headers, exactly as issue 16 lists them. */
    static final List<String> TEMPLATE = List.of("姓名", "性别", "出生日期", "民族", "身份证件号", "全国学籍号", "年级", "班级", "就读方式",
            "现住址", "村（社区）", "留守类型", "父亲姓名", "父亲联系电话", "父亲务工地点", "母亲姓名", "母亲联系电话", "母亲务工地点", "监护人姓名",
            "与学生关系", "监护人联系电话");

    @TempDir
    Path dir;
    private TestRegistry r;
    private RosterExport export;
    private RosterImports imports;
    private School a;
    private School b;
    private SchoolClass a3;
    private SchoolClass a4;
    private Child wang;

    @BeforeEach
    void setUp() {
        r = new TestRegistry("roster");
        export = new RosterExport(r.db, r.callers, r.audit, new ExportWriter(), TestSupport.CLOCK);
        imports = new RosterImports(r.db, r.actor, r.callers, r.audit, r.events, TestSupport.CLOCK);
        a = r.school("温水镇中心小学");
        b = r.school("良村镇中心小学");
        a3 = r.schoolClass(a.id(), 3, "三年级(2)班");
        a4 = r.schoolClass(a.id(), 4, "四年级(1)班");
        wang = r.children.create(TestRegistry.newChild("王小明", Gender.MALE, LocalDate.of(2016, 3, 5), 1, a.id(), a3.id(),
                LeftBehindType.BOTH_AWAY).toBuilder().studentNumber("G" + "520330201603050039").build());
        r.guardians.addParent(newParent(wang.id(), ParentRole.FATHER, "王大山", true, LocalDate.of(2024, 2, 1), true).toBuilder()
                .phone("13812345678").build());
        r.guardians.addParent(newParent(wang.id(), ParentRole.MOTHER, "李小花", true, LocalDate.of(2024, 2, 1), true).toBuilder()
                .phone("13987654321").workProvince("浙江省").workCity(null).build());
        r.guardians.addGuardian(newGuardian(wang.id(), GuardianKind.GRANDPARENTS, "王奶奶", true));
        Child zhang = r.child("张小红", Gender.FEMALE, LocalDate.of(2015, 7, 9), 2, a.id(), a4.id(), LeftBehindType.MOTHER_AWAY);
        // a neighbour entrusted with her care: a relation the import would read as 其他 (OTHER), stored as 委托监护
        r.guardians.addGuardian(newGuardian(zhang.id(), GuardianKind.DELEGATED, "赵阿姨", true).toBuilder().relation("邻居").build());
        Child gone = r.child("赵已毕", Gender.MALE, LocalDate.of(2014, 1, 2), 3, a.id(), a4.id(), LeftBehindType.FATHER_AWAY);
        r.children.archive(gone.id(), gone.version());
        r.child("刘外校", Gender.FEMALE, LocalDate.of(2015, 5, 6), 4, b.id(), null, LeftBehindType.NONE);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        imports.deactivate();
        r.close();
    }

    private static Caller schoolAdmin(long school) {
        return new Caller("school", Set.of("SCHOOL_ADMIN"), false, Set.of(school), true, Set.of(), Optional.of(school),
                Set.of("registry.read", "registry.write", "registry.personal", "registry.contact", "registry.health"));
    }

    private static Caller teacher(long school, long classId) {
        return new Caller("teacher", Set.of("TEACHER"), false, Set.of(school), false, Set.of(classId), Optional.of(school),
                Set.of("registry.read", "registry.write", "registry.contact"));
    }

    private static Caller county() {
        return new Caller("county", Set.of("COUNTY_ADMIN"), true, Set.of(), true, Set.of(), Optional.empty(),
                Set.of("registry.read", "registry.write", "registry.personal", "registry.contact", "registry.health"));
    }

    /** The file's cells as text (dates as ISO dates), header first. */
    private static List<List<String>> read(Download d) throws IOException {
        assertTrue(d.fileName().startsWith("花名册-") && d.fileName().endsWith(".xlsx"), d.fileName());
        return RosterFiles.read(d, "花名册", TEMPLATE.size(), c -> false);
    }

    private static List<String> row(List<List<String>> rows, String name) {
        return rows.stream().filter(x -> x.get(0).equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + rows));
    }

    @Test
    void aSchoolsRosterHasTheTemplatesColumnsAndWordsNotCodes() throws IOException {
        List<List<String>> rows = read(r.as(schoolAdmin(a.id()), () -> export.school(a.id(), null)));
        assertEquals(TEMPLATE, rows.get(0), "the import template's headers, in its order");
        assertEquals(3, rows.size(), "two children of the school; the archived one and the other school's are not in it: " + rows);
        assertEquals(List.of("王小明", "男", "2016-03-05", "汉族", wang.idNumber(), "G520330201603050039", "三年级", "三年级(2)班", "走读",
                "贵州省遵义市习水县温水镇大坪村3组", "大坪村", "父母均外出", "王大山", "13812345678", "东莞市", "李小花", "13987654321",
                "", "王奶奶", "奶奶", "15912345678"), row(rows, "王小明"));
        List<String> zhang = row(rows, "张小红");
        assertEquals(List.of("女", "四年级", "四年级(1)班", "母亲外出", "", "赵阿姨", "邻居"), List.of(zhang.get(1), zhang.get(6),
                zhang.get(7), zhang.get(11), zhang.get(12), zhang.get(18), zhang.get(19)));
        assertEquals("王小明", rows.get(1).get(0), "ordered by grade and class");
        for (List<String> x : rows.subList(1, rows.size())) {
            for (String cell : x) {
                assertFalse(cell.matches(".*\\b(MALE|FEMALE|DAY|BOARDING|BOTH_AWAY|FATHER_AWAY|MOTHER_AWAY|NONE)\\b.*"), cell);
            }
        }
        assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit WHERE action = 'READ' AND entity = 'roster'"
                + " AND entity_id = ? AND school_id = ? AND detail = 'rows=2'", String.valueOf(a.id()), a.id()), "one audited read");
    }

    @Test
    void aTeachersRosterHasHerClassesOnlyAndMasksWhatHerRoleMasks() throws IOException {
        List<List<String>> rows = read(r.as(teacher(a.id(), a3.id()), () -> export.school(a.id(), null)));
        assertEquals(2, rows.size(), "her class only: " + rows);
        List<String> w = rows.get(1);
        assertEquals("520***********" + wang.idNumber().substring(14), w.get(4), "ID number masked (no registry.personal)");
        assertEquals("G520***********0039", w.get(5), "学籍号 masked like the ID number it holds");
        assertEquals("贵州省遵义市***", w.get(9), "address masked");
        assertEquals("13812345678", w.get(13), "phones in full: her role holds registry.contact");
        assertThrows(NotFoundException.class, () -> r.as(teacher(a.id(), a3.id()), () -> export.school(a.id(), a4.id())),
                "a class of her school that is not hers");
    }

    @Test
    void aClassesRosterAndTheCountysForCountyRolesOnly() throws IOException {
        List<List<String>> klass = read(r.as(schoolAdmin(a.id()), () -> export.school(a.id(), a4.id())));
        assertEquals(List.of("张小红"), klass.subList(1, klass.size()).stream().map(x -> x.get(0)).toList());
        assertThrows(NotFoundException.class, () -> r.as(schoolAdmin(a.id()), () -> export.school(a.id(), 999_999L)));
        assertThrows(NotFoundException.class, () -> r.as(schoolAdmin(b.id()), () -> export.school(b.id(), a3.id())),
                "a class of another school");
        assertThrows(NotFoundException.class, () -> r.as(schoolAdmin(b.id()), () -> export.school(a.id(), null)),
                "a school out of reach");

        List<List<String>> hers = read(r.as(schoolAdmin(a.id()), () -> export.county()));
        assertEquals(Set.of("王小明", "张小红"), Set.copyOf(hers.subList(1, hers.size()).stream().map(x -> x.get(0)).toList()),
                "a school administrator's 'county' roster: her school only");
        List<List<String>> all = read(r.as(county(), () -> export.county()));
        assertEquals(Set.of("王小明", "张小红", "刘外校"), Set.copyOf(all.subList(1, all.size()).stream().map(x -> x.get(0)).toList()));
        assertEquals(List.of("", "", "非留守"), List.of(row(all, "刘外校").get(6), row(all, "刘外校").get(7), row(all, "刘外校").get(11)),
                "no class: empty grade and class");
        assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit WHERE action = 'READ' AND entity = 'roster'"
                + " AND entity_id = 'county' AND detail = 'rows=3'"));
    }

    @Test
    void theValueWordsAreThoseTheImportReads() {
        // the import (issue 16) reads 性别 男/女, 就读方式 走读/住校, 留守类型 in these four words
        assertEquals("男", RosterWords.gender("MALE"));
        assertEquals("女", RosterWords.gender("FEMALE"));
        assertEquals("走读", RosterWords.boarding("DAY"));
        assertEquals("住校", RosterWords.boarding("BOARDING"));
        assertEquals(List.of("父亲外出", "母亲外出", "父母均外出", "非留守"),
                java.util.Arrays.stream(LeftBehindType.values()).map(t -> RosterWords.leftBehind(t.name())).toList());
        assertEquals(null, RosterWords.gender("X"), "an unknown code is left empty, never shown");
        // 务工地点 is the parent's city, the field the import stores the column in; a province alone is not written
        assertEquals("东莞市", RosterWords.workPlace("东莞市"));
        assertEquals(null, RosterWords.workPlace(" "));
        assertEquals(null, RosterWords.workPlace(null));
    }

    /** Imports {@code file} into school {@code a} as its administrator and waits for the end. */
    private ObjectNode reimport(Path file, boolean dryRun) throws InterruptedException {
        Caller admin = Caller.builder("admin").schoolIds(Set.of(a.id())).schoolId(a.id())
                .permissions(Set.of(RolePermissions.REGISTRY_IMPORT)).build();
        long id = r.as(admin, () -> imports.start(a.id(), dryRun, file.getFileName().toString(), file, Format.XLSX));
        return RosterImportsTest.await(imports, id);
    }

    /** The export as a file of its own (an import deletes its file when it ends, maybe after its status is final). */
    private Path exported(Download d) throws IOException {
        Path file = Files.createTempDirectory(dir, "export-").resolve(d.fileName());
        try (var out = Files.newOutputStream(file)) {
            d.writer().write(out);
        }
        return file;
    }

    @Test
    void aSchoolsRosterReimportsUnchanged() throws Exception {
        Download d = r.as(schoolAdmin(a.id()), () -> export.school(a.id(), null));
        long history = TestSupport.count(r.db, "SELECT COUNT(*) FROM core_history");
        List<List<Object>> before = TestSupport.rows(r.db, "SELECT id, version FROM core_child ORDER BY id");

        ObjectNode dry = reimport(exported(d), true);
        assertEquals("VALIDATED", dry.get("status").asText(), dry.toString());
        assertEquals(List.of(2, 0, 0, 2), List.of(dry.get("total").asInt(), dry.get("created").asInt(), dry.get("updated").asInt(),
                dry.get("unchanged").asInt()), "a dry run of the export: both children found, nothing to change: " + dry);
        assertEquals("[]", dry.get("classesCreated").toString());
        assertEquals("[]", dry.get("errors").toString());

        ObjectNode applied = reimport(exported(r.as(schoolAdmin(a.id()), () -> export.school(a.id(), null))), false);
        assertEquals("DONE", applied.get("status").asText(), applied.toString());
        assertEquals(2, applied.get("unchanged").asInt(), applied.toString());
        assertEquals(history, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_history"), "no change recorded");
        assertEquals(before, TestSupport.rows(r.db, "SELECT id, version FROM core_child ORDER BY id"), "no child's version moved");
    }
}
