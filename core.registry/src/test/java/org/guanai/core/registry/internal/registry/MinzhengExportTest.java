package org.guanai.core.registry.internal.registry;

import static org.guanai.core.registry.internal.TestRegistry.newGuardian;
import static org.guanai.core.registry.internal.TestRegistry.newParent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.Assistance;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.GuardianshipType;
import org.guanai.core.api.dto.HealthStatus;
import org.guanai.core.api.dto.IncomeSource;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Schooling;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.programmes.ExportWriter;
import org.guanai.core.registry.internal.registry.EligibilityConfig.ParentRule;
import org.guanai.sdk.http.Download;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The 民政 layout (issue 20): the 登记表's columns in order with their 中文 headers, one row per eligible child, values in
 * words, the scope of the caller and one audited read per export, read back from the file.
 */
class MinzhengExportTest {
    /** The headers as the 登记表's blocks list them (/work/shared/data/minzheng/README.md), in order. */
    static final List<String> HEADERS = List.of("序号", "姓名", "性别", "民族", "出生日期", "公民身份证号码", "是否登记户口", "户籍所在地",
            "现居住地", "身体情况", "残疾类别及等级或患病类型", "是否学校寄宿", "就学情况", "就读学校", "祖父姓名", "祖父出生日期", "祖母姓名",
            "祖母出生日期", "外祖父姓名", "外祖父出生日期", "外祖母姓名", "外祖母出生日期", "父亲姓名", "父亲出生日期", "父亲公民身份证号码",
            "父亲当前务工地点", "父亲联系电话", "母亲姓名", "母亲出生日期", "母亲公民身份证号码", "母亲当前务工地点", "母亲联系电话",
            "父母双方同时外出", "父母一方外出、另一方无监护能力", "无监护能力的一方", "有无委托其他监护人", "委托监护人姓名", "委托监护人联系电话",
            "委托监护人公民身份证号码", "与被监护人关系", "委托监护人居住地址", "监护类型",
            "家庭经济来源", "救助帮扶情况", "村（居）委会联系人及电话");

    private static final String FATHER_ID = IdNumber.of("520330", LocalDate.of(1988, 6, 1), 11);
    private static final String GRANDMOTHER_ID = IdNumber.of("520330", LocalDate.of(1960, 1, 2), 22);

    private TestRegistry r;
    private MinzhengExport export;
    private School a;
    private School b;
    private SchoolClass a3;
    private Child wang;

    @BeforeEach
    void setUp() {
        r = new TestRegistry("minzheng");
        export = new MinzhengExport(r.db, r.callers, r.audit, new ExportWriter(),
                new EligibilityPolicy(TestRegistry.eligibility(16, ParentRule.BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY, 0)),
                TestSupport.CLOCK);
        a = r.school("温水镇中心小学");
        b = r.school("良村镇中心小学");
        a3 = r.schoolClass(a.id(), 3, "三年级(2)班");
        SchoolClass b4 = r.schoolClass(b.id(), 4, "四年级(1)班");
        wang = r.children.create(TestRegistry.newChild("王小明", Gender.MALE, LocalDate.of(2016, 3, 5), 1, a.id(), a3.id(),
                LeftBehindType.BOTH_AWAY).toBuilder().hukouRegistered(true).hukouPlace("贵州省遵义市习水县温水镇大坪村")
                .health(HealthStatus.DISABLED).healthNote("听力残疾三级").schooling(Schooling.PRIMARY)
                .incomeSources(Set.of(IncomeSource.FARMING, IncomeSource.WAGES)).assistance(Set.of(Assistance.MINIMUM_LIVING))
                .guardianship(GuardianshipType.FAIR).villageContact("大坪村委会 0851-22345678").build());
        r.guardians.addParent(newParent(wang.id(), ParentRole.FATHER, "王大山", true, LocalDate.of(2024, 2, 1), true).toBuilder()
                .phone("13812345678").birthDate(LocalDate.of(1988, 6, 1)).idNumber(FATHER_ID).build());
        r.guardians.addParent(newParent(wang.id(), ParentRole.MOTHER, "李小花", true, LocalDate.of(2024, 2, 1), true).toBuilder()
                .phone("13987654321").workProvince("浙江省").workCity("杭州市").build());
        r.guardians.addGuardian(newGuardian(wang.id(), GuardianKind.GRANDPARENTS, "王奶奶", true).toBuilder()
                .birthDate(LocalDate.of(1960, 1, 2)).age(null).idNumber(GRANDMOTHER_ID).build());
        // not a 留守儿童: both parents at home
        r.child("刘在家", Gender.FEMALE, LocalDate.of(2015, 5, 6), 2, a.id(), a3.id(), LeftBehindType.NONE);
        Child gone = r.child("赵已毕", Gender.MALE, LocalDate.of(2014, 1, 2), 3, a.id(), a3.id(), LeftBehindType.BOTH_AWAY);
        r.guardians.addParent(newParent(gone.id(), ParentRole.FATHER, "赵父", true, LocalDate.of(2024, 2, 1), true));
        r.guardians.addParent(newParent(gone.id(), ParentRole.MOTHER, "赵母", true, LocalDate.of(2024, 2, 1), true));
        r.children.archive(gone.id(), r.children.get(gone.id()).orElseThrow().version());
        // father away, the mother at home without 监护能力: eligible, 父或母无监护能力
        Child zhang = r.child("张小红", Gender.FEMALE, LocalDate.of(2015, 7, 9), 4, b.id(), b4.id(), LeftBehindType.FATHER_AWAY);
        r.guardians.addParent(newParent(zhang.id(), ParentRole.FATHER, "张父", true, LocalDate.of(2024, 2, 1), true));
        r.guardians.addParent(newParent(zhang.id(), ParentRole.MOTHER, "张母", false, null, false));
    }

    @AfterEach
    void tearDown() {
        r.close();
    }

    private static Caller county() {
        return new Caller("county", Set.of("COUNTY_ADMIN"), true, Set.of(), true, Set.of(), Optional.empty(),
                Set.of("registry.read", "registry.write", "registry.personal", "registry.contact", "registry.health"));
    }

    private static Caller schoolAdmin(long school) {
        return new Caller("school", Set.of("SCHOOL_ADMIN"), false, Set.of(school), true, Set.of(), Optional.of(school),
                Set.of("registry.read", "registry.write", "registry.personal", "registry.contact", "registry.health"));
    }

    /** The file's cells as text (dates as ISO dates, the 序号 as an integer), header first. */
    private static List<List<String>> read(Download d) throws IOException {
        assertTrue(d.fileName().startsWith("民政登记表-") && d.fileName().endsWith(".xlsx"), d.fileName());
        return RosterFiles.read(d, "留守儿童登记表", HEADERS.size(), c -> c == 0);
    }

    private static List<String> row(List<List<String>> rows, String name) {
        return rows.stream().filter(x -> x.get(1).equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + rows));
    }

    @Test
    void theCountysFileHasTheFormsColumnsAndTheEligibleChildrenInWords() throws IOException {
        List<List<String>> rows = read(r.as(county(), () -> export.export(null)));
        assertEquals(HEADERS, rows.get(0), "the 登记表's headers in its order");
        assertEquals(Set.of("王小明", "张小红"), Set.copyOf(rows.subList(1, rows.size()).stream().map(x -> x.get(1)).toList()),
                "eligible children only: not the one whose parents are at home, not the archived one");
        assertEquals(List.of("1", "王小明", "男", "汉族", "2016-03-05", wang.idNumber(), "是", "贵州省遵义市习水县温水镇大坪村",
                wang.homeAddress(), "残疾", "听力残疾三级", "否", "小学", "温水镇中心小学", "", "", "王奶奶", "1960-01-02", "", "", "",
                "", "王大山", "1988-06-01", FATHER_ID, "广东省东莞市", "13812345678", "李小花", "", "", "浙江省杭州市",
                "13987654321", "是", "否", "", "是", "王奶奶", "15912345678", GRANDMOTHER_ID, "奶奶", "温水镇大坪村3组", "监护情况一般", "打工收入、种养殖业", "享受低保",
                "大坪村委会 0851-22345678"), row(rows, "王小明"));
        List<String> zhang = row(rows, "张小红");
        assertEquals(List.of("否", "是", "母亲", "否", "父或母无监护能力"),
                List.of(zhang.get(32), zhang.get(33), zhang.get(34), zhang.get(35), zhang.get(41)),
                "the guardianship follows from the parents when the archive says a parent at home has no capacity");
        for (List<String> x : rows.subList(1, rows.size())) {
            for (String cell : x) {
                assertFalse(cell.matches(".*\\b(MALE|FEMALE|DAY|BOARDING|HEALTHY|DISABLED|PRIMARY|WAGES|FARMING|FAIR|true|false)\\b.*"),
                        cell);
            }
        }
        assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit WHERE action = 'READ' AND entity = 'minzheng'"
                + " AND entity_id = 'county' AND detail = 'rows=2'"), "one audited read");
    }

    @Test
    void oneSchoolAndTheReachOfALimitedRole() throws IOException {
        List<List<String>> one = read(r.as(county(), () -> export.export(b.id())));
        assertEquals(List.of("张小红"), one.subList(1, one.size()).stream().map(x -> x.get(1)).toList());
        assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit WHERE action = 'READ' AND entity = 'minzheng'"
                + " AND entity_id = ? AND school_id = ? AND detail = 'rows=1'", String.valueOf(b.id()), b.id()));

        List<List<String>> hers = read(r.as(schoolAdmin(a.id()), () -> export.export(null)));
        assertEquals(List.of("王小明"), hers.subList(1, hers.size()).stream().map(x -> x.get(1)).toList(),
                "a school administrator gets her school only");
        assertThrows(NotFoundException.class, () -> r.as(schoolAdmin(a.id()), () -> export.export(b.id())),
                "a school out of reach");
        assertThrows(NotFoundException.class, () -> r.as(county(), () -> export.export(999_999L)));
    }

    @Test
    void theGuardianshipTypeFollowsTheArchiveBeforeTheAssessment() {
        Child k = wang.toBuilder().guardianship(GuardianshipType.GOOD).build();
        assertEquals(GuardianshipType.GOOD, MinzhengExport.guardianship(k, false, List.of()));
        assertEquals(GuardianshipType.PARENT_INCAPABLE, MinzhengExport.guardianship(k, true, List.of()));
        assertEquals(GuardianshipType.UNATTENDED, MinzhengExport.guardianship(k.toBuilder().unattended(true).build(), true, List.of()));
        assertEquals(GuardianshipType.GUARDIAN_INSUFFICIENT, MinzhengExport.guardianship(k, false,
                List.of(newGuardian(k.id(), GuardianKind.DELEGATED, "赵阿姨", true).toBuilder()
                        .capacity(org.guanai.core.api.dto.GuardianCapacity.INCAPABLE).build())));
        assertEquals("广东省深圳市", MinzhengWords.workPlace("广东省", "深圳市"));
        assertEquals("广东省深圳市", MinzhengWords.workPlace("广东省", "广东省深圳市"));
        assertEquals("浙江省", MinzhengWords.workPlace("浙江省", null));
    }
}
