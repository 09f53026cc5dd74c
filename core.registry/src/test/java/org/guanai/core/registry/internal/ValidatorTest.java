package org.guanai.core.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.junit.jupiter.api.Test;

class ValidatorTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private final Validator validator = new Validator(new Messages());

    static Child child(String name, Gender gender, LocalDate birth, String id) {
        return new Child(null, 0, name, gender, birth, id, null, null, 1L, null, null, null, null, LeftBehindType.BOTH_AWAY, null,
                false, null, null, Set.of(), false, null, null);
    }

    private static List<String> fields(List<FieldError> errors) {
        errors.forEach(e -> {
            assertFalse(e.messageZh().isBlank());
            assertFalse(e.messageEn().isBlank());
            assertFalse(e.messageZh().startsWith("error."), "message resolved: " + e.messageZh());
        });
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void aValidChildPasses() {
        LocalDate birth = LocalDate.of(2016, 5, 4);
        assertEquals(List.of(), fields(validator.child(child("阿依古丽·买买提", Gender.FEMALE, birth,
                IdNumber.of("520330", birth, 124)), TODAY)));
    }

    @Test
    void requiredFieldsAndDates() {
        Child empty = new Child(null, 0, " ", null, null, null, null, null, null, null, null, null, null, null, null, false, null,
                null, Set.of(), false, null, null);
        assertEquals(List.of("name", "gender", "birthDate", "schoolId", "leftBehindType"), fields(validator.child(empty, TODAY)));
        assertEquals(List.of("birthDate"), fields(validator.child(child("王浩", Gender.MALE, TODAY.plusDays(1), null), TODAY)));
        assertEquals(List.of("birthDate"), fields(validator.child(child("王浩", Gender.MALE, TODAY.minusYears(22), null), TODAY)));
        assertEquals(List.of("name"), fields(validator.child(child("王浩2", Gender.MALE, LocalDate.of(2016, 1, 1), null), TODAY)));
    }

    @Test
    void idNumberMustAgreeWithBirthDateAndGender() {
        LocalDate birth = LocalDate.of(2016, 5, 4);
        String male = IdNumber.of("520330", birth, 123);
        assertEquals(List.of("idNumber"), fields(validator.child(child("王芳", Gender.FEMALE, birth, male), TODAY)));
        assertEquals(List.of("idNumber"), fields(validator.child(child("王浩", Gender.MALE, birth.plusDays(1), male), TODAY)));
        assertEquals(List.of("idNumber"), fields(validator.child(child("王浩", Gender.MALE, birth, male.substring(0, 17)), TODAY)));
    }

    @Test
    void phonesAndAges() {
        Parent p = new Parent(null, 0, 1L, ParentRole.MOTHER, "陈丽", "1380013800", null, true, null, null, null, null, "0851-2222333",
                null, null, null, true, false);
        assertEquals(List.of("phone"), fields(validator.parent(p, TODAY)));
        Guardian g = new Guardian(null, 0, 1L, GuardianKind.GRANDPARENTS, "王秀英", "奶奶", null, null, "13812345678", null, 130, null, true);
        assertEquals(List.of("age"), fields(validator.guardian(g, TODAY)));
        Guardian landline = new Guardian(null, 0, 1L, GuardianKind.RELATIVE, "王伯", null, null, null, "0851-22334455", null, 50, null, false);
        assertTrue(validator.guardian(landline, TODAY).isEmpty());
    }
}
