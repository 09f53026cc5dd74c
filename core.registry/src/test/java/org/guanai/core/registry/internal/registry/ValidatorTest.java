package org.guanai.core.registry.internal.registry;

import static org.guanai.core.registry.internal.TestSupport.TODAY;
import static org.guanai.core.registry.internal.TestSupport.assertBilingual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.BoardingType;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildFlag;
import org.guanai.core.api.dto.ContactFrequency;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.dto.StaffRole;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidatorTest {
    private static final LocalDate BIRTH = LocalDate.of(2016, 3, 12);
    private static final String BOY_ID = IdNumber.of("520330", BIRTH, 123);

    private final Validator validator = new Validator(new Messages());

    // ---- fixtures: valid records, changed one field at a time through the helpers below

    private static Child child(String name, Gender gender, LocalDate birth, String id) {
        return new Child(null, 0, name, gender, birth, id, "G" + BOY_ID, "汉族", 1L, 2L, BoardingType.DAY, "温水镇大坪村3组",
                "大坪村", LeftBehindType.BOTH_AWAY, null, false, "健康", "画画", Set.of(ChildFlag.POOR),
                false, null, null);
    }

    private static Child validChild() {
        return child("王小明", Gender.MALE, BIRTH, BOY_ID);
    }

    private static Parent parent(String name, String phone, String employerPhone, LocalDate birth, LocalDate awaySince) {
        return new Parent(null, 0, 1, ParentRole.FATHER, name, phone, birth, true, "广东省", "东莞市", "东莞宏达电子有限公司",
                "广东省东莞市工业园区8号", employerPhone, awaySince, ContactFrequency.YEARLY, ContactFrequency.WEEKLY, true, false);
    }

    private static Parent validParent() {
        return parent("王建国", "13812345678", "0769-22345678", LocalDate.of(1988, 5, 1), LocalDate.of(2019, 2, 1));
    }

    private static Guardian guardian(GuardianKind kind, String name, String phone, Integer age, LocalDate birth) {
        return new Guardian(null, 0, 1, kind, name, "奶奶", "务农", "温水镇大坪村3组", phone, "良好", age, birth, true);
    }

    private static Guardian validGuardian() {
        return guardian(GuardianKind.GRANDPARENTS, "李秀兰", "15912345678", 66, null);
    }

    private static School school(String name, String code, String phone) {
        return new School(null, 0, name, code, "贵州省遵义市习水县", "温水镇", "温水镇街上", phone, false);
    }

    private static Staff staff(String name, StaffRole role, String phone) {
        return new Staff(null, 0, 1, name, role, Gender.FEMALE, phone, "语文", true);
    }

    private static List<String> fields(List<FieldError> errors) {
        errors.forEach(TestSupport::assertBilingual);
        return errors.stream().map(FieldError::field).toList();
    }

    private List<String> childErrors(Child c) {
        return fields(validator.child(c, TODAY));
    }

    // ---- child

    @Test
    void validChildPasses() {
        assertEquals(List.of(), validator.child(validChild(), TODAY));
        assertEquals(List.of(), validator.child(child("王小明", Gender.MALE, BIRTH, null), TODAY), "the ID number is optional");
    }

    @Test
    void requiredFieldsOfAChild() {
        Child c = new Child(null, 0, null, null, null, null, null, null, null, null, null, null, null, null, null, false, null,
                null, null, false, null, null);
        List<String> fields = childErrors(c);
        assertTrue(fields.containsAll(List.of("name", "gender", "birthDate", "schoolId", "leftBehindType")), fields.toString());
        assertFalse(fields.contains("idNumber"));
        assertFalse(fields.contains("classId"), "the class is optional");
        assertEquals(List.of("name"), childErrors(child("   ", Gender.MALE, BIRTH, BOY_ID)));
        assertEquals(List.of("name"), childErrors(child("", Gender.MALE, BIRTH, BOY_ID)));
    }

    @Test
    void birthDateInTheFutureIsRefused() {
        LocalDate tomorrow = TODAY.plusDays(1);
        assertEquals(List.of("birthDate"), childErrors(child("王小明", Gender.MALE, tomorrow, null)));
        FieldError e = validator.child(child("王小明", Gender.MALE, tomorrow, null), TODAY).get(0);
        assertEquals("日期不能晚于今天", e.messageZh());
        assertEquals(List.of(), childErrors(child("王小明", Gender.MALE, TODAY, null)), "born today is not in the future");
    }

    @Test
    void childOlderThan21IsRefused() {
        assertEquals(List.of("birthDate"), childErrors(child("王小明", Gender.MALE, TODAY.minusYears(22), null)),
                "22 today");
        assertEquals(List.of("birthDate"), childErrors(child("王小明", Gender.MALE, TODAY.minusYears(30), null)));
        FieldError e = validator.child(child("王小明", Gender.MALE, TODAY.minusYears(22), null), TODAY).get(0);
        assertTrue(e.messageZh().contains("21"), e.messageZh());
        assertTrue(e.messageEn().contains("21"), e.messageEn());
    }

    @Test
    void childOfAge21IsStillAccepted() {
        // MAX_CHILD_AGE is "the oldest pupil the archive accepts": a pupil aged 21 is in, one aged 22 is out
        assertEquals(List.of(), childErrors(child("王小明", Gender.MALE, TODAY.minusYears(21), null)), "21st birthday today");
        assertEquals(List.of(), childErrors(child("王小明", Gender.MALE, TODAY.minusYears(21).minusDays(1), null)),
                "21 and a day");
        assertEquals(List.of(), childErrors(child("王小明", Gender.MALE, TODAY.minusYears(22).plusDays(1), null)),
                "22nd birthday tomorrow");
    }

    @Test
    void idNumberDisagreeingWithBirthDateIsRefusedOnIdNumber() {
        List<FieldError> errors = validator.child(child("王小明", Gender.MALE, BIRTH.plusDays(1), BOY_ID), TODAY);
        assertEquals(List.of("idNumber"), fields(errors));
        assertTrue(errors.get(0).messageZh().contains("2016-03-12"), errors.get(0).messageZh());
        assertTrue(errors.get(0).messageEn().contains("2016-03-12"), errors.get(0).messageEn());
    }

    @Test
    void idNumberDisagreeingWithGenderIsRefusedOnIdNumber() {
        List<FieldError> errors = validator.child(child("王小红", Gender.FEMALE, BIRTH, BOY_ID), TODAY);
        assertEquals(List.of("idNumber"), fields(errors));
        assertTrue(errors.get(0).messageEn().toLowerCase().contains("gender"), errors.get(0).messageEn());
        String girlId = IdNumber.of("520330", BIRTH, 124);
        assertEquals(List.of(), childErrors(child("王小红", Gender.FEMALE, BIRTH, girlId)));
    }

    @Test
    void idNumberDisagreeingWithBothGivesTwoErrors() {
        assertEquals(List.of("idNumber", "idNumber"), childErrors(child("王小红", Gender.FEMALE, BIRTH.minusYears(1), BOY_ID)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "52033020160312012", "5203302016031201234", "52033020160312012Z", "002330201603120123",
            "520330201602300123" })
    void invalidIdNumbersAreRefusedOnIdNumber(String id) {
        assertEquals(List.of("idNumber"), childErrors(child("王小明", Gender.MALE, BIRTH, id)));
    }

    @Test
    void wrongCheckDigitIsRefusedWithItsOwnMessage() {
        char wrong = BOY_ID.charAt(17) == '0' ? '1' : '0';
        List<FieldError> errors = validator.child(child("王小明", Gender.MALE, BIRTH, BOY_ID.substring(0, 17) + wrong), TODAY);
        assertEquals(List.of("idNumber"), fields(errors));
        assertTrue(errors.get(0).messageZh().contains("校验码"), errors.get(0).messageZh());
    }

    @ParameterizedTest
    @ValueSource(strings = { "王小明2", "Li Ming 3", "张3", "1王", "王小明!", "·王明", "王@明" })
    void namesWithDigitsOrSymbolsAreRefused(String name) {
        assertEquals(List.of("name"), childErrors(child(name, Gender.MALE, BIRTH, BOY_ID)), name);
    }

    @ParameterizedTest
    @ValueSource(strings = { "阿依古丽·买买提", "买买提•艾力", "欧阳娜娜", "Wang Xiaoming", "O'Brien", "Jean-Luc", "ᠪᠠᠭᠠᠲᠤᠷ" })
    void namesInAnyScriptWithMiddleDotAreAccepted(String name) {
        assertEquals(List.of(), childErrors(child(name, Gender.MALE, BIRTH, BOY_ID)), name);
    }

    @Test
    void overlongNameIsRefused() {
        assertEquals(List.of(), childErrors(child("王".repeat(50), Gender.MALE, BIRTH, BOY_ID)));
        List<FieldError> errors = validator.child(child("王".repeat(51), Gender.MALE, BIRTH, BOY_ID), TODAY);
        assertEquals(List.of("name"), fields(errors));
        assertTrue(errors.get(0).messageEn().contains("50"), errors.get(0).messageEn());
    }

    @Test
    void otherChildFields() {
        Child c = validChild();
        Child badStudentNumber = new Child(null, 0, c.name(), c.gender(), c.birthDate(), c.idNumber(), "G-520330", c.ethnicity(),
                c.schoolId(), c.classId(), c.boarding(), c.homeAddress(), c.village(), c.leftBehindType(), c.leftBehindSince(),
                false, c.healthNote(), c.hobbies(), c.flags(), false, null, null);
        assertEquals(List.of("studentNumber"), childErrors(badStudentNumber));

        Child since = new Child(null, 0, c.name(), c.gender(), c.birthDate(), c.idNumber(), null, c.ethnicity(), c.schoolId(),
                c.classId(), c.boarding(), c.homeAddress(), c.village(), c.leftBehindType(), BIRTH.minusDays(1), false, null,
                null, null, false, null, null);
        assertEquals(List.of("leftBehindSince"), childErrors(since), "before birth");
        since = new Child(null, 0, c.name(), c.gender(), c.birthDate(), c.idNumber(), null, c.ethnicity(), c.schoolId(),
                c.classId(), c.boarding(), c.homeAddress(), c.village(), c.leftBehindType(), TODAY.plusDays(1), false, null,
                null, null, false, null, null);
        assertEquals(List.of("leftBehindSince"), childErrors(since), "in the future");

        Child longTexts = new Child(null, 0, c.name(), c.gender(), c.birthDate(), c.idNumber(), null, "族".repeat(21),
                c.schoolId(), c.classId(), c.boarding(), "址".repeat(201), "村".repeat(101), c.leftBehindType(), null, false,
                "康".repeat(501), "好".repeat(201), null, false, null, null);
        assertEquals(List.of("ethnicity", "homeAddress", "village", "healthNote", "hobbies"), childErrors(longTexts));
    }

    // ---- phones (parent, guardian, school, staff share one rule)

    @ParameterizedTest
    @ValueSource(strings = { "13812345678", "15912345678", "19900001111", "0851-2123456", "0851-21234567", "010-12345678",
            "08512123456", "0851-2123456-801" })
    void validPhonesAreAccepted(String phone) {
        assertEquals(List.of(), fields(validator.parent(parent("王建国", phone, phone, null, null), TODAY)), phone);
        assertEquals(List.of(), fields(validator.guardian(guardian(GuardianKind.RELATIVE, "李秀兰", phone, null, null), TODAY)));
        assertEquals(List.of(), fields(validator.school(school("温水镇中心小学", null, phone))));
        assertEquals(List.of(), fields(validator.staff(staff("刘老师", StaffRole.TEACHER, phone))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "12345678901", "11012345678", "1381234567", "138123456789", "23812345678", "0851-123",
            "851-2123456", "0851-212345678", "138-1234-5678", "abc", "1381234567a", "+8613812345678", "0851 2123456" })
    void invalidPhonesAreRefused(String phone) {
        assertEquals(List.of("phone", "employerPhone"),
                fields(validator.parent(parent("王建国", phone, phone, null, null), TODAY)), phone);
        assertEquals(List.of("phone"), fields(validator.guardian(guardian(GuardianKind.RELATIVE, "李秀兰", phone, null, null), TODAY)));
        assertEquals(List.of("phone"), fields(validator.school(school("温水镇中心小学", null, phone))));
        assertEquals(List.of("phone"), fields(validator.staff(staff("刘老师", StaffRole.TEACHER, phone))));
    }

    // ---- parent

    @Test
    void parentRules() {
        assertEquals(List.of(), validator.parent(validParent(), TODAY));
        assertEquals(List.of(), validator.parent(parent("王建国", null, null, null, null), TODAY), "phones and dates optional");
        Parent noRole = new Parent(null, 0, 1, null, null, null, null, false, null, null, null, null, null, null, null, null,
                true, false);
        assertEquals(List.of("role", "name"), fields(validator.parent(noRole, TODAY)));
        assertEquals(List.of("name"), fields(validator.parent(parent("王建国7", null, null, null, null), TODAY)));
        assertEquals(List.of("birthDate", "awaySince"),
                fields(validator.parent(parent("王建国", null, null, TODAY.plusDays(1), TODAY.plusMonths(1)), TODAY)));
        assertEquals(List.of(), validator.parent(parent("王建国", null, null, null, TODAY), TODAY), "left today");
        Parent p = validParent();
        Parent longTexts = new Parent(null, 0, 1, ParentRole.MOTHER, "李梅", null, null, true, "省".repeat(51), "市".repeat(51),
                "厂".repeat(101), "址".repeat(201), null, null, null, null, true, false);
        assertEquals(List.of("workProvince", "workCity", "employer", "employerAddress"), fields(validator.parent(longTexts, TODAY)));
        assertEquals(p, validParent());
    }

    // ---- guardian

    @Test
    void guardianRules() {
        assertEquals(List.of(), validator.guardian(validGuardian(), TODAY));
        assertEquals(List.of("kind", "name"), fields(validator.guardian(guardian(null, " ", null, null, null), TODAY)));
        assertEquals(List.of("name"), fields(validator.guardian(guardian(GuardianKind.OTHER, "邻居2号", null, null, null), TODAY)));
        assertEquals(List.of("birthDate"),
                fields(validator.guardian(guardian(GuardianKind.OTHER, "李秀兰", null, null, TODAY.plusDays(1)), TODAY)));
        Guardian longTexts = new Guardian(null, 0, 1, GuardianKind.RELATIVE, "李秀兰", "关".repeat(31), "职".repeat(51),
                "址".repeat(201), null, "康".repeat(201), null, null, false);
        assertEquals(List.of("relation", "occupation", "address", "health"), fields(validator.guardian(longTexts, TODAY)));
    }

    @Test
    void guardianAgeMustBe14To120() {
        assertEquals(List.of("age"), fields(validator.guardian(guardian(GuardianKind.RELATIVE, "李秀兰", null, 13, null), TODAY)));
        assertEquals(List.of(), validator.guardian(guardian(GuardianKind.RELATIVE, "李秀兰", null, 14, null), TODAY));
        assertEquals(List.of(), validator.guardian(guardian(GuardianKind.RELATIVE, "李秀兰", null, 120, null), TODAY));
        assertEquals(List.of("age"), fields(validator.guardian(guardian(GuardianKind.RELATIVE, "李秀兰", null, 121, null), TODAY)));
        assertEquals(List.of(), validator.guardian(guardian(GuardianKind.RELATIVE, "李秀兰", null, null, null), TODAY));
    }

    // ---- school, class, staff

    @Test
    void schoolRules() {
        assertEquals(List.of(), validator.school(school("习水县温水镇中心小学", "2152033001", "0851-2123456")));
        assertEquals(List.of(), validator.school(school("习水县温水镇中心小学", null, null)));
        assertEquals(List.of("name"), fields(validator.school(school(null, null, null))));
        assertEquals(List.of("name"), fields(validator.school(school("  ", null, null))));
        assertEquals(List.of("name"), fields(validator.school(school("校".repeat(101), null, null))));
        for (String code : List.of("215203300", "21520330011", "215203300A", "2152-33001")) {
            assertEquals(List.of("code"), fields(validator.school(school("习水县温水镇中心小学", code, null))), code);
        }
        School longTexts = new School(null, 0, "学校", null, "县".repeat(101), "镇".repeat(101), "址".repeat(201), null, false);
        assertEquals(List.of("county", "township", "address"), fields(validator.school(longTexts)));
    }

    @Test
    void classRules() {
        assertEquals(List.of(), validator.schoolClass(new SchoolClass(null, 0, 1, 1, "一年级(1)班", null)));
        assertEquals(List.of(), validator.schoolClass(new SchoolClass(null, 0, 1, 12, "高三(1)班", 5L)));
        assertEquals(List.of("gradeLevel"), fields(validator.schoolClass(new SchoolClass(null, 0, 1, 0, "学前班", null))));
        assertEquals(List.of("gradeLevel"), fields(validator.schoolClass(new SchoolClass(null, 0, 1, 13, "高四班", null))));
        assertEquals(List.of("name"), fields(validator.schoolClass(new SchoolClass(null, 0, 1, 3, null, null))));
        assertEquals(List.of("name"), fields(validator.schoolClass(new SchoolClass(null, 0, 1, 3, "班".repeat(51), null))));
    }

    @Test
    void staffRules() {
        assertEquals(List.of(), validator.staff(staff("刘芳", StaffRole.HEAD_TEACHER, "13812345678")));
        assertEquals(List.of(), validator.staff(new Staff(null, 0, 1, "刘芳", StaffRole.OTHER, null, null, null, true)));
        assertEquals(List.of("name", "role"), fields(validator.staff(staff(null, null, null))));
        assertEquals(List.of("name"), fields(validator.staff(staff("刘老师1", StaffRole.TEACHER, null))));
        assertEquals(List.of("subject"),
                fields(validator.staff(new Staff(null, 0, 1, "刘芳", StaffRole.TEACHER, null, null, "科".repeat(51), true))));
    }

    // ---- messages

    @Test
    void everyErrorCarriesChineseAndEnglish() {
        List<FieldError> all = new ArrayList<>();
        all.addAll(validator.child(new Child(null, 0, "王2", null, null, "123", "G-1", "族".repeat(21), null, null, null, null,
                null, null, TODAY.plusDays(1), false, null, null, null, false, null, null), TODAY));
        all.addAll(validator.child(child("王小红", Gender.FEMALE, TODAY.minusYears(40), BOY_ID), TODAY));
        all.addAll(validator.child(child("王小明", Gender.MALE, TODAY.plusDays(3), BOY_ID.substring(0, 17) + "Y"), TODAY));
        for (String bad : List.of("00" + BOY_ID.substring(2), BOY_ID.substring(0, 12) + "3" + BOY_ID.substring(13))) {
            all.addAll(validator.child(child("王小明", Gender.MALE, BIRTH, bad), TODAY));
        }
        all.addAll(validator.parent(new Parent(null, 0, 1, null, "", "1", TODAY.plusDays(1), true, null, null, null, null,
                "2", TODAY.plusDays(1), null, null, true, false), TODAY));
        all.addAll(validator.guardian(guardian(null, "李2", "3", 7, TODAY.plusDays(2)), TODAY));
        all.addAll(validator.school(school(null, "1", "4")));
        all.addAll(validator.schoolClass(new SchoolClass(null, 0, 1, 0, "", null)));
        all.addAll(validator.staff(staff("", null, "5")));
        assertTrue(all.size() >= 25, "collected " + all.size());
        all.forEach(TestSupport::assertBilingual);
        // every distinct message is a real text: no two fields with different rules share an English text by accident
        assertTrue(all.stream().map(FieldError::messageEn).distinct().count() >= 10);
    }

    @Test
    void throwIfAnyThrowsOnlyWithErrors() {
        Validator.throwIfAny(List.of());
        List<FieldError> errors = validator.school(school(null, null, null));
        ValidationException e = assertThrows(ValidationException.class, () -> Validator.throwIfAny(errors));
        assertEquals(errors, e.errors());
        e.errors().forEach(TestSupport::assertBilingual);
    }
}
