package org.guanai.core.registry.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;

import org.guanai.core.api.dto.BoardingType;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.registry.RosterReader.Cell;
import org.guanai.core.registry.internal.registry.RosterValues.ClassRef;
import org.guanai.core.registry.internal.registry.RosterValues.XuejiLeftBehind;
import org.junit.jupiter.api.Test;

/** Every value form of a roster, as people write them (issue 16). */
class RosterValuesTest {
    private final RosterValues values = new RosterValues();

    private static Cell t(String s) {
        return new Cell(s, null, false);
    }

    private static RosterValues.Invalid refused(String key, RosterValuesTest.Call call) {
        RosterValues.Invalid e = assertThrows(RosterValues.Invalid.class, call::run);
        assertEquals(key, e.key);
        Messages m = new Messages();
        assertTrue(m.has(key), "both languages have " + key);
        return e;
    }

    interface Call {
        void run() throws RosterValues.Invalid;
    }

    @Test
    void fullWidthDigitsAndSpacesBecomeAscii() {
        assertEquals("13800138000", RosterValues.text("　１３８００１３８０００ "));
        assertEquals("(2)班", RosterValues.text("（２）班"));
        assertNull(RosterValues.text(" 　 "));
    }

    @Test
    void everyDateForm() throws Exception {
        LocalDate d = LocalDate.of(2015, 3, 5);
        for (String s : new String[] { "20150305", "2015-03-05", "2015/3/5", "2015年3月5日", "2015.03.05", "２０１５年３月５日",
                "2015-3-5", " 2015 年 3 月 5 日 " }) {
            assertEquals(d, RosterValues.date(t(s)), s);
        }
        assertEquals(d, RosterValues.date(new Cell("42068", d, true)), "an Excel date cell");
        refused("import.value.date", () -> RosterValues.date(t("三月五日")));
        refused("import.value.date", () -> RosterValues.date(t("2015-03")));
        refused("import.value.dateNotReal", () -> RosterValues.date(t("20150230")));
    }

    @Test
    void genderBoardingAndEthnicity() throws Exception {
        assertEquals(Gender.MALE, RosterValues.gender(t("男")));
        assertEquals(Gender.FEMALE, RosterValues.gender(t("女")));
        assertEquals(Gender.MALE, RosterValues.gender(t("1")));
        assertEquals(Gender.FEMALE, RosterValues.gender(t("２")));
        refused("import.value.gender", () -> RosterValues.gender(t("3")));
        assertEquals(BoardingType.DAY, RosterValues.boarding(t("走读")));
        assertEquals(BoardingType.BOARDING, RosterValues.boarding(t("住校")));
        assertEquals(BoardingType.DAY, RosterValues.boarding(t("1")));
        assertEquals(BoardingType.BOARDING, RosterValues.boarding(t("2")));
        refused("import.value.boarding", () -> RosterValues.boarding(t("半住")));
        assertEquals("汉族", values.ethnicity(t("汉族")));
        assertEquals("汉族", values.ethnicity(t("汉")));
        assertEquals("汉族", values.ethnicity(t("01")));
        assertEquals("苗族", values.ethnicity(t("06")));
        assertEquals("苗族", values.ethnicity(t("苗")));
        assertEquals("基诺族", values.ethnicity(t("56")));
        refused("import.value.ethnicity", () -> values.ethnicity(t("火星族")));
        refused("import.value.ethnicity", () -> values.ethnicity(t("60")));
    }

    @Test
    void gradesAndClassesInEveryForm() throws Exception {
        assertEquals(3, RosterValues.grade(t("3")));
        assertEquals(3, RosterValues.grade(t("三年级")));
        assertEquals(3, RosterValues.grade(t("３")));
        assertEquals(7, RosterValues.grade(t("初一")));
        assertEquals(7, RosterValues.grade(t("七年级")));
        refused("import.value.grade", () -> RosterValues.grade(t("13")));
        refused("import.value.grade", () -> RosterValues.grade(t("大班")));
        for (String s : new String[] { "2", "2班", "(2)班", "（2）班", "（２）班", "二班" }) {
            assertEquals(new ClassRef(null, 2), RosterValues.klass(t(s)), s);
        }
        assertEquals(new ClassRef(null, 12), RosterValues.klass(t("12")));
        assertEquals(new ClassRef(null, 12), RosterValues.klass(t("12班")));
        for (String s : new String[] { "三年级（2）班", "三年级(2)班", "3年级2班", "三年级二班", "三(2)班", "三年级（２）班" }) {
            assertEquals(new ClassRef(3, 2), RosterValues.klass(t(s)), s);
        }
        assertEquals(new ClassRef(7, 3), RosterValues.klass(t("初一(3)班")));
        refused("import.value.class", () -> RosterValues.klass(t("火箭班")));
        assertEquals("三年级(2)班", RosterValues.className(3, 2));
    }

    @Test
    void idNumbersAsWritten() throws Exception {
        String id = IdNumber.of("520330", LocalDate.of(2017, 3, 12), 123);
        String withX = "52033020170312" + "45" + "x";
        assertEquals(id, RosterValues.idNumber(t(id.substring(0, 6) + " " + id.substring(6, 14) + " " + id.substring(14))));
        assertEquals(withX.toUpperCase(), RosterValues.idNumber(t(withX)));
        // stored by Excel as a number: the last digits are lost, say so
        refused("import.value.idNumberAsNumber", () -> RosterValues.idNumber(new Cell("520330201703121000", null, true)));
        refused("import.value.idNumberAsNumber", () -> RosterValues.idNumber(t("5.20330201703121E+17")));
        assertNull(RosterValues.idNumber(t(" ")));
    }

    @Test
    void phones() {
        assertEquals("13800138000", RosterValues.phone(t("138 0013 8000")));
        assertEquals("13800138000", RosterValues.phone(t("+86 13800138000")));
        assertEquals("13800138000", RosterValues.phone(t("１３８００１３８０００")));
        assertEquals("0851-2123456", RosterValues.phone(t("0851-2123456")));
    }

    @Test
    void leftBehindTypesAndTheXuejiCodes() throws Exception {
        assertEquals(LeftBehindType.FATHER_AWAY, RosterValues.leftBehindType(t("父亲外出")));
        assertEquals(LeftBehindType.MOTHER_AWAY, RosterValues.leftBehindType(t("母亲外出")));
        assertEquals(LeftBehindType.BOTH_AWAY, RosterValues.leftBehindType(t("父母均外出")));
        assertEquals(LeftBehindType.NONE, RosterValues.leftBehindType(t("非留守")));
        refused("import.value.leftBehindType", () -> RosterValues.leftBehindType(t("2")));
        assertEquals(XuejiLeftBehind.NONE, RosterValues.xuejiLeftBehind(t("0")));
        assertEquals(XuejiLeftBehind.ONE_PARENT, RosterValues.xuejiLeftBehind(t("1")));
        assertEquals(XuejiLeftBehind.BOTH, RosterValues.xuejiLeftBehind(t("2")));
        assertEquals(XuejiLeftBehind.NONE, RosterValues.xuejiLeftBehind(t("非留守儿童")));
        assertEquals(XuejiLeftBehind.ONE_PARENT, RosterValues.xuejiLeftBehind(t("单亲留守儿童")));
        assertEquals(XuejiLeftBehind.BOTH, RosterValues.xuejiLeftBehind(t("双亲留守儿童")));
        refused("import.value.xuejiLeftBehind", () -> RosterValues.xuejiLeftBehind(t("3")));
    }

    @Test
    void guardianKindsFromTheRelation() {
        assertEquals(GuardianKind.GRANDPARENTS, RosterValues.guardianKind("祖母"));
        assertEquals(GuardianKind.GRANDPARENTS, RosterValues.guardianKind("奶奶"));
        assertEquals(GuardianKind.MATERNAL_GRANDPARENTS, RosterValues.guardianKind("外祖父"));
        assertEquals(GuardianKind.MATERNAL_GRANDPARENTS, RosterValues.guardianKind("外婆"));
        assertEquals(GuardianKind.PARENT, RosterValues.guardianKind("母亲"));
        assertEquals(GuardianKind.RELATIVE, RosterValues.guardianKind("姑姑"));
        assertEquals(GuardianKind.OTHER, RosterValues.guardianKind("邻居"));
    }

    @Test
    void headersByTheirNamesAndSynonyms() {
        assertEquals(Optional.of(RosterColumn.ID_NUMBER), RosterColumn.of("身份证号"));
        assertEquals(Optional.of(RosterColumn.ID_NUMBER), RosterColumn.of("公民身份号码"));
        assertEquals(Optional.of(RosterColumn.ID_NUMBER), RosterColumn.of("身份证件号★"));
        assertEquals(Optional.of(RosterColumn.STUDENT_NUMBER), RosterColumn.of("学籍号"));
        assertEquals(Optional.of(RosterColumn.HOME_ADDRESS), RosterColumn.of("家庭住址"));
        assertEquals(Optional.of(RosterColumn.VILLAGE), RosterColumn.of("村(社区)"));
        assertEquals(Optional.of(RosterColumn.VILLAGE), RosterColumn.of("村（社区）"));
        assertEquals(Optional.of(RosterColumn.LEFT_BEHIND_XUEJI), RosterColumn.of("是否留守儿童"));
        assertEquals(Optional.of(RosterColumn.NAME), RosterColumn.of(" 姓 名 "));
        assertEquals(Optional.empty(), RosterColumn.of("序号"));
    }
}
