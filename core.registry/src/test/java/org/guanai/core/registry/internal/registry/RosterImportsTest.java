package org.guanai.core.registry.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.guanai.core.api.Caller;
import org.guanai.core.api.ForbiddenException;
import org.guanai.core.api.RegistryEvents;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.School;
import org.guanai.core.registry.internal.RecordingEventAdmin;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.registry.RosterFiles.Kind;
import org.guanai.core.registry.internal.security.RolePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.osgi.service.event.Event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Roster imports against a real H2 database (issue 16): every format, a messy 学籍-style file, all or nothing. */
class RosterImportsTest {
    static final List<Object> HEADER = List.of("序号", "姓名", "性别", "出生日期", "民族", "身份证号", "学籍号", "年级", "班级",
            "就读方式", "家庭住址", "村(社区)", "是否留守儿童", "父亲姓名", "父亲联系电话", "父亲务工地点", "母亲姓名", "母亲联系电话",
            "母亲务工地点", "监护人姓名", "与学生关系", "监护人联系电话");

    @TempDir
    Path dir;
    private TestRegistry r;
    private School school;
    private School other;
    private RosterImports imports;

    @BeforeEach
    void setUp() {
        r = new TestRegistry("roster");
        school = r.school("习水县温水镇中心小学");
        other = r.school("习水县良村镇中心小学");
        r.events.clear();
        imports = new RosterImports(r.db, r.actor, r.callers, r.audit, r.events, TestSupport.CLOCK);
    }

    @AfterEach
    void tearDown() throws Exception {
        imports.deactivate();
        r.close();
    }

    static String id(LocalDate birth, int seq) {
        return IdNumber.of("520330", birth, seq);
    }

    static List<Object> row(Object... cells) {
        return new ArrayList<>(Arrays.asList(cells));
    }

    /** A 学籍-style sheet: a merged title, a note, a blank row, the header, rows in every date form, a blank row, footer. */
    static List<List<Object>> messy(boolean dateCell) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row("习水县温水镇中心小学2026年秋季学期学生名单"));
        rows.add(row("填报单位：温水镇中心小学", null, null, null, "填报日期：2026年11月"));
        rows.add(row());
        rows.add(new ArrayList<>(HEADER));
        rows.add(row("1", "张小明", "男", "20170312", "汉族", id(LocalDate.of(2017, 3, 12), 123), "G" + id(LocalDate.of(2017, 3, 12), 123),
                "3", "（2）班", "走读", "温水镇大坪村3组", "大坪村", "2", "张建国", "13800138001", "广东东莞", "李梅", "13800138002",
                "浙江义乌", "张大爷", "祖父", "13800138003"));
        rows.add(row("2", "李小红", "女", "2017-04-05", "01", id(LocalDate.of(2017, 4, 5), 124), null, "三年级", "2班", "住校",
                "温水镇大坪村4组", "大坪村", "单亲留守儿童", "李强", "13800138011", "福建泉州", "王芳", "13800138012", null,
                "王芳", "母亲", "13800138012"));
        rows.add(row("3", "王小芳", "2", "2017/5/6", "苗", id(LocalDate.of(2017, 5, 6), 226), null, null, "三年级（2）班", "1",
                null, null, "0", "王军", "13800138021", null, "刘丽", "13800138022", null, null, null, null));
        rows.add(row());
        rows.add(row("4", "赵刚", "1", "2016年7月8日", "06", id(LocalDate.of(2016, 7, 8), 331), null, "４", "1", "2",
                null, null, "2", "赵四", "１３８００１３８０３１", "广东深圳", "钱五", "13800138032", "广东深圳", "赵奶奶", "奶奶",
                "13800138033"));
        rows.add(row("5", "陈静", "女", dateCell ? LocalDate.of(2016, 9, 10) : "2016.09.10", "汉", id(LocalDate.of(2016, 9, 10), 442),
                null, "四年级", "(1)班", "走读", null, null, "1", "陈一", "13800138041", null, "孙二", "13800138042", "江苏苏州",
                "陈爷爷", "爷爷", "13800138043"));
        rows.add(row("6", "刘洋", "男", "２０１６年１０月１１日", "汉族", id(LocalDate.of(2016, 10, 11), 553), null, "4", "四年级1班",
                "走读", null, null, "0", "刘大", "13800138051", null, "周小", "13800138052", null, null, null, null));
        rows.add(row());
        rows.add(row("制表人：张老师", null, null, null, null, "审核人：李校长"));
        return rows;
    }

    /** The status of import {@code id} once it no longer runs (also RosterExportTest's). */
    static ObjectNode await(RosterImports on, long id) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            ObjectNode s = on.status(id).orElseThrow();
            if (!RosterImports.RUNNING.equals(s.get("status").asText())) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("import " + id + " still running");
    }

    private ObjectNode importFile(Path file, Kind kind, boolean dryRun) throws InterruptedException {
        long id = imports.start(school.id(), dryRun, file.getFileName().toString(), file, kind.format);
        return await(imports, id);
    }

    private List<List<Object>> rows(String sql, Object... args) {
        return TestSupport.rows(r.db, sql, args);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aMessyXuejiFileInEveryFormatCreatesTheChildrenParentsGuardiansAndClasses(Kind kind) throws Exception {
        Path file = RosterFiles.write(dir, kind, messy(kind == Kind.XLSX || kind == Kind.XLS), HEADER.size());
        ObjectNode s = importFile(file, kind, false);
        assertEquals("DONE", s.get("status").asText(), s.toString());
        assertEquals(6, s.get("total").asInt());
        assertEquals(6, s.get("processed").asInt());
        assertEquals(6, s.get("created").asInt());
        assertEquals(0, s.get("updated").asInt());
        assertEquals(0, s.get("unchanged").asInt());
        assertEquals("[\"三年级(2)班\",\"四年级(1)班\"]", s.get("classesCreated").toString());
        assertEquals(0, s.get("errors").size());
        assertEquals("序号", s.get("warnings").get(0).get("column").asText(), "the extra column is listed");
        assertFalse(Files.exists(file), "the uploaded file is removed when the import ends");

        assertEquals(6, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_child WHERE school_id = ?", school.id()));
        List<List<Object>> c = rows("SELECT c.name, c.gender, c.birth_date, c.ethnicity, k.name, c.boarding, c.left_behind_type"
                + " FROM core_child c LEFT JOIN core_class k ON k.id = c.class_id ORDER BY c.id");
        assertEquals(List.of("张小明", "MALE", LocalDate.of(2017, 3, 12), "汉族", "三年级(2)班", "DAY", "BOTH_AWAY"),
                normalise(c.get(0)));
        assertEquals(List.of("李小红", "FEMALE", LocalDate.of(2017, 4, 5), "汉族", "三年级(2)班", "BOARDING", "FATHER_AWAY"),
                normalise(c.get(1)), "单亲: the father has a 务工地点, so he is the one away");
        assertEquals(List.of("王小芳", "FEMALE", LocalDate.of(2017, 5, 6), "苗族", "三年级(2)班", "DAY", "NONE"), normalise(c.get(2)));
        assertEquals(List.of("赵刚", "MALE", LocalDate.of(2016, 7, 8), "苗族", "四年级(1)班", "BOARDING", "BOTH_AWAY"),
                normalise(c.get(3)));
        assertEquals(List.of("陈静", "FEMALE", LocalDate.of(2016, 9, 10), "汉族", "四年级(1)班", "DAY", "MOTHER_AWAY"),
                normalise(c.get(4)));
        assertEquals(List.of("刘洋", "MALE", LocalDate.of(2016, 10, 11), "汉族", "四年级(1)班", "DAY", "NONE"), normalise(c.get(5)));
        assertEquals("G" + id(LocalDate.of(2017, 3, 12), 123),
                rows("SELECT student_number FROM core_child WHERE name = '张小明'").get(0).get(0));
        assertEquals(List.of(List.of("FATHER", "赵四", "13800138031", true, "广东深圳"), List.of("MOTHER", "钱五", "13800138032", true,
                "广东深圳")), rows("SELECT p.role, p.name, p.phone, p.away, p.work_city FROM core_parent p JOIN core_child c"
                        + " ON c.id = p.child_id WHERE c.name = '赵刚' ORDER BY p.role"), "全角 digits in the phone");
        assertEquals(List.of(List.of("GRANDPARENTS", "赵奶奶", "奶奶", "13800138033", true)), rows("SELECT g.kind, g.name, g.relation,"
                + " g.phone, g.is_primary FROM core_guardian g JOIN core_child c ON c.id = g.child_id WHERE c.name = '赵刚'"));
        assertEquals(2, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_class WHERE school_id = ?", school.id()));
        assertEquals(6, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_history WHERE entity_type = 'child' AND action = 'CREATED'"));
        assertEquals(2, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit WHERE action = 'IMPORT'"), "start and end audited");
        assertTrue(rows("SELECT detail FROM core_audit WHERE action = 'IMPORT' ORDER BY seq DESC").get(0).get(0).toString()
                .contains("created=6"));
        // the programmes hear of it as of children created through the API (e.g. birthdays drops its cached roster)
        List<Event> created = r.events.topic(RegistryEvents.CHILD_CREATED);
        assertEquals(Set.copyOf(rows("SELECT id FROM core_child").stream().map(x -> x.get(0)).toList()),
                Set.copyOf(created.stream().map(e -> e.getProperty(RegistryEvents.PROP_ID)).toList()));
        assertTrue(created.stream().allMatch(e -> Long.valueOf(school.id()).equals(e.getProperty(RegistryEvents.PROP_SCHOOL_ID))));
        assertEquals(2, r.events.topic(RegistryEvents.CLASS_CREATED).size());
        List<List<Object>> createdChildren = new ArrayList<>();
        s.get("createdChildren").forEach(k -> createdChildren.add(List.of(k.get("id").asLong(), k.get("name").asText())));
        assertEquals(rows("SELECT id, name FROM core_child ORDER BY id"), createdChildren, "the new archives, for the summary's links");
    }

    private static List<Object> normalise(List<Object> row) {
        List<Object> out = new ArrayList<>();
        for (Object o : row) {
            out.add(o instanceof java.sql.Date d ? d.toLocalDate() : o);
        }
        return out;
    }

    @Test
    void theStatusDocumentHasExactlyTheContractsFields() throws Exception {
        Path file = RosterFiles.write(dir, Kind.XLSX, messy(true), HEADER.size());
        ObjectNode s = importFile(file, Kind.XLSX, true);
        Set<String> fields = new TreeSet<>();
        s.fieldNames().forEachRemaining(fields::add);
        assertEquals(new TreeSet<>(List.of("id", "status", "dryRun", "total", "processed", "created", "updated", "unchanged",
                "classesCreated", "errors", "warnings", "columns", "preview", "createdChildren")), fields,
                "the contract's fields, and what the wizard shows added");
        assertTrue(s.get("dryRun").asBoolean());
    }

    /**
     * The wizard shows the recognised columns and the first rows: each column as written in the file with the field it
     * fills in words (never a code), in the order of the file, the unrecognised 序号 left out; the first 5 data rows as
     * the file has them (全角 digits as written, a date cell as its date), by the column as written.
     */
    @Test
    void theStatusListsTheRecognisedColumnsAndTheFirstRowsAsTheFileHasThem() throws Exception {
        ObjectNode s = importFile(RosterFiles.write(dir, Kind.XLSX, messy(true), HEADER.size()), Kind.XLSX, true);
        assertEquals("VALIDATED", s.get("status").asText(), s.toString());
        JsonNode columns = s.get("columns");
        assertEquals(HEADER.subList(1, HEADER.size()), columns.findValuesAsText("column"), "every column but 序号, in order");
        assertEquals("{\"column\":\"身份证号\",\"field\":\"child.idNumber\",\"label_zh\":\"身份证件号\",\"label_en\":\"ID number\"}",
                columns.get(4).toString());
        assertEquals("{\"column\":\"是否留守儿童\",\"field\":\"child.leftBehindType\",\"label_zh\":\"留守类型\","
                + "\"label_en\":\"Left-behind type\"}", columns.get(11).toString());
        for (JsonNode c : columns) {
            for (String label : List.of("label_zh", "label_en")) {
                assertFalse(c.get(label).asText().isBlank() || c.get(label).asText().startsWith("import."), c.toString());
            }
        }
        JsonNode preview = s.get("preview");
        assertEquals(List.of("5", "6", "7", "9", "10"), preview.findValuesAsText("row"), "the first 5 data rows, as Excel numbers them");
        JsonNode first = preview.get(0).get("cells");
        assertEquals("张小明", first.get("姓名").asText());
        assertEquals("20170312", first.get("出生日期").asText());
        assertEquals(id(LocalDate.of(2017, 3, 12), 123), first.get("身份证号").asText());
        assertEquals("（2）班", first.get("班级").asText());
        assertFalse(first.has("序号"), "only the recognised columns");
        JsonNode zhao = preview.get(3).get("cells");
        assertEquals("４", zhao.get("年级").asText(), "as written");
        assertEquals("１３８００１３８０３１", zhao.get("父亲联系电话").asText());
        assertEquals("2016-09-10", preview.get(4).get("cells").get("出生日期").asText(), "a date cell as its date");
        assertFalse(preview.get(4).get("cells").has("学籍号"), "an empty cell is left out");
        assertEquals(0, s.get("createdChildren").size(), "a dry run creates nobody");

        List<List<Object>> bad = messy(true);
        bad.get(4).set(2, "未知");
        ObjectNode rejected = importFile(RosterFiles.write(dir, Kind.XLSX, bad, HEADER.size()), Kind.XLSX, false);
        assertEquals("REJECTED", rejected.get("status").asText());
        assertEquals(columns, rejected.get("columns"), "a rejected file shows its columns too");
        assertEquals("未知", rejected.get("preview").get(0).get("cells").get("性别").asText(), "and its rows, errors included");
        assertEquals(0, rejected.get("createdChildren").size());
    }

    /** A pupil of {@link #HEADER}'s sheet, all different: boys born 2014-01-01 + (i mod 1000) days. */
    private static List<Object> pupil(int i) {
        String chars = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬梅兰竹菊松柏桃李杏桂金木水火土山川河海";
        LocalDate birth = LocalDate.of(2014, 1, 1).plusDays(i % 1000);
        return row(String.valueOf(i + 1), "张" + chars.charAt(i / 50 % 50) + chars.charAt(i % 50), "男", birth.toString(), "汉族",
                id(birth, 101 + 2 * (i / 1000)), null, "3", "2", "走读", null, null, "0");
    }

    /**
     * All or nothing with one reading of the file: a bad last row, after more rows than the writer takes at a time
     * (so that rows were written before it was read), stores nothing; the clean file lists the first
     * {@value RosterImports#LISTED_CHILDREN} children it created, by id and name, and counts them all.
     */
    @Test
    void aBadRowAfterRowsAlreadyWrittenStoresNothingAndACleanFileListsTheChildrenCreated() throws Exception {
        int n = 2 * RosterImports.BATCH + 500;
        List<List<Object>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(HEADER));
        for (int i = 0; i < n; i++) {
            rows.add(pupil(i));
        }
        List<List<Object>> bad = new ArrayList<>(rows);
        bad.add(row(String.valueOf(n + 1), "孙悟", "男", "2017-02-30", "汉族", null, null, "3", "2", "走读", null, null, "0"));
        long history = TestSupport.count(r.db, "SELECT COUNT(*) FROM core_history");
        ObjectNode rejected = importFile(RosterFiles.write(dir, Kind.CSV_UTF8, bad, 0), Kind.CSV_UTF8, false);
        assertEquals("REJECTED", rejected.get("status").asText(), rejected.get("errors").toString());
        assertEquals(List.of(String.valueOf(n + 2)), rejected.get("errors").findValuesAsText("row"));
        assertEquals(n + 1, rejected.get("total").asInt());
        assertEquals(0, rejected.get("created").asInt());
        assertEquals("[]", rejected.get("classesCreated").toString(), "the class made for the written rows is not listed");
        assertEquals("[]", rejected.get("createdChildren").toString());
        assertEquals(0, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_child"), "nothing stored");
        assertEquals(0, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_class"));
        assertEquals(history, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_history"));
        assertEquals(List.of(), r.events.events, "nothing to announce");

        ObjectNode done = importFile(RosterFiles.write(dir, Kind.CSV_UTF8, rows, 0), Kind.CSV_UTF8, false);
        assertEquals("DONE", done.get("status").asText(), done.get("errors").toString());
        assertEquals(n, done.get("created").asInt());
        assertEquals(n, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_child"));
        List<List<Object>> first = rows("SELECT id, name FROM core_child ORDER BY id LIMIT " + RosterImports.LISTED_CHILDREN);
        List<List<Object>> listed = new ArrayList<>();
        for (JsonNode k : done.get("createdChildren")) {
            listed.add(List.of(k.get("id").asLong(), k.get("name").asText()));
        }
        assertEquals(first, listed, "the first children created, by id and name");
        assertEquals(pupil(0).get(1), listed.get(0).get(1));
    }

    @Test
    void aDryRunValidatesListsTheClassesToCreateAndStoresNothing() throws Exception {
        Path file = RosterFiles.write(dir, Kind.XLSX, messy(true), HEADER.size());
        ObjectNode s = importFile(file, Kind.XLSX, true);
        assertEquals("VALIDATED", s.get("status").asText(), s.toString());
        assertEquals(6, s.get("created").asInt());
        assertEquals("[\"三年级(2)班\",\"四年级(1)班\"]", s.get("classesCreated").toString());
        assertEquals(0, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_child"));
        assertEquals(0, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_class"));
        assertEquals(0, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_parent"));
        assertEquals(List.of(), r.events.events, "nothing to announce");
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = { "XLSX", "XLS", "CSV_GB18030" })
    void aFileWithBadRowsIsRejectedWholeWithEveryRowNamed(Kind kind) throws Exception {
        List<List<Object>> rows = messy(false);
        // row 5 (Excel numbering) stays good; every other kind of mistake, one per row
        rows.get(5).set(2, "未知"); // row 6: gender
        rows.get(6).set(5, id(LocalDate.of(2017, 5, 6), 226).substring(0, 17) + "0"); // row 7: check digit
        rows.get(8).set(5, rows.get(4).get(5)); // row 9: the ID number (and birth date) of row 5 again
        rows.get(8).set(3, "20170312");
        rows.get(9).set(14, "1380013"); // row 10: phone
        rows.get(10).set(12, "1"); // row 11: 单亲, but neither parent has a 务工地点
        rows.add(11, row("7", "孙悟", "男", "2017-02-30", "汉族", null, null, "3", "2", "走读", null, null, "0"));
        rows.add(12, row("8", "周八", "男", "2017-01-01", "汉族", 5.20330201701011E17, null, "3", "2", "走读", null, null, "0"));
        Path file = RosterFiles.write(dir, kind, rows, HEADER.size());
        ObjectNode s = importFile(file, kind, false);
        assertEquals("REJECTED", s.get("status").asText(), s.toString());
        Map<Integer, String> byRow = new HashMap<>();
        for (JsonNode e : s.get("errors")) {
            byRow.merge(e.get("row").asInt(), e.get("column").asText(), (a, b) -> a + "," + b);
            assertFalse(e.get("message_zh").asText().isBlank());
            assertFalse(e.get("message_en").asText().isBlank());
            assertTrue(e.has("field") && e.has("value"));
        }
        assertEquals("性别", byRow.get(6));
        assertEquals("身份证号", byRow.get(7), "the column header as written in the file");
        assertEquals("身份证号", byRow.get(9));
        assertEquals("父亲联系电话", byRow.get(10));
        assertEquals("是否留守儿童", byRow.get(11));
        assertEquals("出生日期", byRow.get(12));
        assertEquals("身份证号", byRow.get(13));
        assertEquals(Set.of(6, 7, 9, 10, 11, 12, 13), byRow.keySet(), s.get("errors").toString());
        JsonNode asNumber = find(s, 13);
        assertTrue(asNumber.get("message_zh").asText().contains("数字"), asNumber.toString());
        assertTrue(find(s, 9).get("message_en").asText().contains("row 5"), find(s, 9).toString());
        assertEquals(0, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_child"), "nothing stored");
        assertEquals(0, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_class"));
        assertEquals(0, s.get("created").asInt());
        assertEquals(List.of(), r.events.events, "nothing to announce");
    }

    private static JsonNode find(ObjectNode s, int row) {
        for (JsonNode e : s.get("errors")) {
            if (e.get("row").asInt() == row) {
                return e;
            }
        }
        throw new AssertionError("no error on row " + row);
    }

    /** The messy sheet plus a row without ID number and 学籍号 (matched by name and birth date on a re-import). */
    static List<List<Object>> messyWithoutIds() {
        List<List<Object>> rows = messy(true);
        rows.add(12, row("7", "钱多", "男", "20170101", "汉族", null, null, "3", "2", "走读", null, null, "0"));
        return rows;
    }

    @Test
    void importingTheSameFileAgainChangesNothing() throws Exception {
        assertEquals("DONE", importFile(RosterFiles.write(dir, Kind.XLSX, messyWithoutIds(), 22), Kind.XLSX, false).get("status")
                .asText());
        long history = TestSupport.count(r.db, "SELECT COUNT(*) FROM core_history");
        List<List<Object>> versions = rows("SELECT id, version FROM core_child ORDER BY id");
        r.events.clear();
        ObjectNode again = importFile(RosterFiles.write(dir, Kind.XLSX, messyWithoutIds(), 22), Kind.XLSX, false);
        assertEquals("DONE", again.get("status").asText(), again.toString());
        assertEquals(0, again.get("created").asInt());
        assertEquals(0, again.get("updated").asInt());
        assertEquals(7, again.get("unchanged").asInt());
        assertEquals("[]", again.get("classesCreated").toString());
        assertEquals(history, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_history"));
        assertEquals(versions, rows("SELECT id, version FROM core_child ORDER BY id"));
        assertEquals(List.of(), r.events.events, "nothing to announce");
    }

    @Test
    void aChangedPhoneUpdatesThatFieldOnlyWithHistory() throws Exception {
        importFile(RosterFiles.write(dir, Kind.XLSX, messy(true), 22), Kind.XLSX, false);
        List<List<Object>> before = rows("SELECT * FROM core_child ORDER BY id");
        r.events.clear();
        List<List<Object>> rows = messy(true);
        rows.get(4).set(14, "13900139001"); // 张小明's father
        ObjectNode s = importFile(RosterFiles.write(dir, Kind.XLSX, rows, 22), Kind.XLSX, false);
        assertEquals(1, s.get("updated").asInt(), s.toString());
        assertEquals(5, s.get("unchanged").asInt());
        assertEquals(before, rows("SELECT * FROM core_child ORDER BY id"), "the children themselves unchanged");
        assertEquals(List.of(List.of("13900139001", 1L)), rows("SELECT p.phone, p.version FROM core_parent p JOIN core_child c"
                + " ON c.id = p.child_id WHERE c.name = '张小明' AND p.role = 'FATHER'"));
        assertEquals(List.of(List.of("parent", "UPDATED", "phone", "13800138001", "13900139001")), rows("SELECT entity_type,"
                + " action, field, old_value, new_value FROM core_history WHERE action = 'UPDATED'"));
        Event changed = r.events.last();
        assertEquals(List.of(changed), r.events.events, "one event: the father's phone");
        assertEquals(RegistryEvents.PARENT_UPDATED, changed.getTopic());
        assertEquals(List.of("phone"), RecordingEventAdmin.fields(changed));
        assertEquals(1L, changed.getProperty(RegistryEvents.PROP_VERSION));
    }

    @Test
    void rowsMatchByIdNumberElseByStudentNumber() throws Exception {
        var existing = r.children.create(TestRegistry.newChild("王小芳", Gender.FEMALE, LocalDate.of(2017, 5, 6), 113, school.id(),
                null, LeftBehindType.NONE));
        var byNumber = r.children.create(org.guanai.core.api.dto.Child.builder().name("钱多").gender(Gender.MALE)
                .birthDate(LocalDate.of(2017, 1, 1)).studentNumber("L5203302017010100001").schoolId(school.id())
                .leftBehindType(LeftBehindType.NONE).build());
        List<List<Object>> rows = messy(true);
        rows.add(12, row("7", "钱多", "男", "20170101", "汉族", null, "L5203302017010100001", "3", "2", "走读", null, null, "0"));
        ObjectNode s = importFile(RosterFiles.write(dir, Kind.XLSX, rows, 22), Kind.XLSX, false);
        assertEquals("DONE", s.get("status").asText(), s.toString());
        assertEquals(5, s.get("created").asInt());
        assertEquals(2, s.get("updated").asInt(), "both matched children are put into their class");
        assertEquals(7, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_child"));
        assertEquals("三年级(2)班", rows("SELECT k.name FROM core_child c JOIN core_class k ON k.id = c.class_id WHERE c.id = ?",
                existing.id()).get(0).get(0));
        assertEquals("三年级(2)班", rows("SELECT k.name FROM core_child c JOIN core_class k ON k.id = c.class_id WHERE c.id = ?",
                byNumber.id()).get(0).get(0));
    }

    /**
     * The stored archives of a chunk's matched rows are read once for the chunk: two rows of one stored child (no ID
     * number, no 学籍号: matched by name and birth date) in one chunk apply in turn, the second over what the first wrote.
     */
    @Test
    void twoRowsOfOneStoredChildInOneChunkApplyInTurn() throws Exception {
        r.children.create(org.guanai.core.api.dto.Child.builder().name("钱多").gender(Gender.MALE).birthDate(LocalDate.of(2017, 1, 1))
                .schoolId(school.id()).leftBehindType(LeftBehindType.NONE).build());
        List<List<Object>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(HEADER));
        rows.add(row("1", "钱多", "男", "20170101", "汉族", null, null, null, null, "走读", null, null, "0", "钱父", "13800138061"));
        rows.add(row("2", "钱多", "男", "20170101", "汉族", null, null, null, null, "走读", null, null, "0", "钱父", "13900139061"));
        ObjectNode s = importFile(RosterFiles.write(dir, Kind.CSV_UTF8, rows, 0), Kind.CSV_UTF8, false);
        assertEquals("DONE", s.get("status").asText(), s.toString());
        assertEquals(0, s.get("created").asInt());
        assertEquals(2, s.get("updated").asInt());
        assertEquals(List.of(List.of("钱父", "13900139061", 1L)), rows("SELECT name, phone, version FROM core_parent"),
                "one father: created by the first row, his phone changed by the second");
    }

    @Test
    void anIdNumberOfAnotherSchoolIsAnError() throws Exception {
        r.children.create(TestRegistry.newChild("张小明", Gender.MALE, LocalDate.of(2017, 3, 12), 61, other.id(), null,
                LeftBehindType.NONE));
        ObjectNode s = importFile(RosterFiles.write(dir, Kind.XLSX, messy(true), 22), Kind.XLSX, false);
        assertEquals("REJECTED", s.get("status").asText());
        assertEquals(5, find(s, 5).get("row").asInt());
        assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_child"));
    }

    @Test
    void aFileWithoutAHeaderOrUnreadableIsRejected() throws Exception {
        Path junk = Files.write(dir.resolve("junk.xlsx"), "not a workbook".getBytes());
        ObjectNode s = importFile(junk, Kind.XLSX, false);
        assertEquals("REJECTED", s.get("status").asText());
        assertEquals("file", s.get("errors").get(0).get("field").asText());
        Path noHeader = RosterFiles.write(dir, Kind.CSV_UTF8, List.of(row("a", "b"), row("1", "2")), 0);
        ObjectNode t = importFile(noHeader, Kind.CSV_UTF8, false);
        assertEquals("REJECTED", t.get("status").asText());
        assertTrue(t.get("errors").get(0).get("message_zh").asText().contains("表头"));
    }

    @Test
    void permissionAndReach() throws Exception {
        Path file = RosterFiles.write(dir, Kind.XLSX, messy(true), 22);
        Caller teacher = Caller.builder("teacher").schoolIds(Set.of(school.id())).schoolId(school.id())
                .permissions(Set.of("registry.read", "registry.write")).build();
        assertThrows(ForbiddenException.class,
                () -> r.as(teacher, () -> imports.start(school.id(), false, "x.xlsx", file, Kind.XLSX.format)));
        Caller otherAdmin = Caller.builder("other").schoolIds(Set.of(other.id())).schoolId(other.id())
                .permissions(Set.of(RolePermissions.REGISTRY_IMPORT)).build();
        assertThrows(NotFoundException.class,
                () -> r.as(otherAdmin, () -> imports.start(school.id(), false, "x.xlsx", file, Kind.XLSX.format)));
        assertFalse(Files.exists(file), "a refused upload is removed");
        Caller admin = Caller.builder("admin").schoolIds(Set.of(school.id())).schoolId(school.id())
                .permissions(Set.of(RolePermissions.REGISTRY_IMPORT)).build();
        Path again = RosterFiles.write(dir, Kind.XLSX, messy(true), 22);
        long id = r.as(admin, () -> imports.start(school.id(), true, "x.xlsx", again, Kind.XLSX.format));
        await(imports, id);
        assertTrue(r.as(admin, () -> imports.status(id)).isPresent());
        assertTrue(r.as(otherAdmin, () -> imports.status(id)).isEmpty(), "an import of a school out of reach is absent");
        assertTrue(RolePermissions.DEFAULTS.get(org.guanai.core.api.dto.Role.SCHOOL_ADMIN).contains("registry.import"));
        assertTrue(RolePermissions.DEFAULTS.get(org.guanai.core.api.dto.Role.COUNTY_ADMIN).contains("registry.import"));
        assertFalse(RolePermissions.DEFAULTS.get(org.guanai.core.api.dto.Role.TEACHER).contains("registry.import"));
    }

    @Test
    void anotherNodeReadsTheStatusAndFailsAnImportWhoseNodeStopped() throws Exception {
        RosterImports nodeB = new RosterImports(r.db, r.actor, r.callers, r.audit, r.events, TestSupport.CLOCK);
        try {
            long id = imports.start(school.id(), false, "a.xlsx", RosterFiles.write(dir, Kind.XLSX, messy(true), 22),
                    Kind.XLSX.format);
            ObjectNode onA = await(imports, id);
            assertEquals(onA, nodeB.status(id).orElseThrow(), "node B answers from the database");
        } finally {
            nodeB.deactivate();
        }
        // an import whose node died: its row says RUNNING, its heartbeat stopped
        long dead = new org.guanai.core.registry.internal.persistence.Jdbc(r.db).tx(c -> org.guanai.core.registry.internal.persistence.Jdbc
                        .insert(c, "INSERT INTO core_roster_import (school_id, status, dry_run, actor, node, created_at, heartbeat_at)"
                                + " VALUES (?, 'RUNNING', FALSE, 'admin', 'dead-node', ?, ?)", school.id(), TestSupport.CLOCK.instant(),
                                TestSupport.CLOCK.instant()));
        assertEquals("RUNNING", imports.status(dead).orElseThrow().get("status").asText(), "within the timeout: still running");
        RosterImports later = new RosterImports(r.db, r.actor, r.callers, r.audit, r.events,
                Clock.offset(TestSupport.CLOCK, RosterImports.STALE.plusSeconds(1)));
        try {
            assertEquals("FAILED", later.status(dead).orElseThrow().get("status").asText());
            assertEquals("FAILED", imports.status(dead).orElseThrow().get("status").asText(), "recorded for every node");
        } finally {
            later.deactivate();
        }
    }
}
