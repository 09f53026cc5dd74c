package org.guanai.core.registry.internal.registry;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.HealthStatus;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.registry.internal.Messages;

/**
 * Field rules of the registry records, checked before anything is written. Rules that need the database (the school
 * exists, the class belongs to it, the ID number is not registered twice) are checked by the services.
 */
public final class Validator {
    /** Mobile (1[3-9] + 9 digits) or landline (area code, number, optional extension). */
    private static final Pattern PHONE = Pattern.compile("1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8}(-\\d{1,6})?");
    /** Names in any script, with the middle dot of minority names (阿依古丽·买买提) and inner spaces. */
    private static final Pattern PERSON_NAME = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M}·• .'-]*");
    private static final Pattern SCHOOL_CODE = Pattern.compile("\\d{10}");
    private static final Pattern STUDENT_NUMBER = Pattern.compile("[0-9A-Za-z]{1,30}");
    /** The oldest pupil the archive accepts (senior school, repeaters). */
    private static final int MAX_CHILD_AGE = 21;

    private final Messages messages;

    Validator(Messages messages) {
        this.messages = messages;
    }

    /** Throws {@link ValidationException} if {@code errors} is not empty. */
    public static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    List<FieldError> child(Child c, LocalDate today) {
        List<FieldError> e = new ArrayList<>();
        personName(e, "name", c.name());
        required(e, "gender", c.gender());
        if (required(e, "birthDate", c.birthDate()) && past(e, "birthDate", c.birthDate(), today)
                && Period.between(c.birthDate(), today).getYears() > MAX_CHILD_AGE) {
            e.add(messages.error("birthDate", "error.child.tooOld", MAX_CHILD_AGE));
        }
        if (c.idNumber() != null) {
            IdNumber.check(c.idNumber()).ifPresentOrElse(
                    problem -> e.add(messages.error("idNumber", "error.idNumber." + problem.name())),
                    () -> {
                        if (c.birthDate() != null && !IdNumber.birthDate(c.idNumber()).orElseThrow().equals(c.birthDate())) {
                            e.add(messages.error("idNumber", "error.idNumber.birthMismatch",
                                    IdNumber.birthDate(c.idNumber()).orElseThrow().toString()));
                        }
                        if (c.gender() != null && IdNumber.gender(c.idNumber()) != c.gender()) {
                            e.add(messages.error("idNumber", "error.idNumber.genderMismatch"));
                        }
                    });
        }
        if (c.studentNumber() != null && !STUDENT_NUMBER.matcher(c.studentNumber()).matches()) {
            e.add(messages.error("studentNumber", "error.studentNumber"));
        }
        maxLength(e, "ethnicity", c.ethnicity(), 20);
        required(e, "schoolId", c.schoolId());
        required(e, "leftBehindType", c.leftBehindType());
        if (past(e, "leftBehindSince", c.leftBehindSince(), today) && c.birthDate() != null
                && c.leftBehindSince().isBefore(c.birthDate())) {
            e.add(messages.error("leftBehindSince", "error.date.beforeBirth"));
        }
        maxLength(e, "homeAddress", c.homeAddress(), 200);
        maxLength(e, "village", c.village(), 100);
        maxLength(e, "healthNote", c.healthNote(), 500);
        maxLength(e, "hobbies", c.hobbies(), 200);
        maxLength(e, "hukouPlace", c.hukouPlace(), 200);
        maxLength(e, "villageContact", c.villageContact(), 100);
        if (Boolean.FALSE.equals(c.hukouRegistered()) && c.hukouPlace() != null) {
            e.add(messages.error("hukouPlace", "error.hukou.unregistered"));
        }
        if ((c.health() == HealthStatus.DISABLED || c.health() == HealthStatus.ILL) && c.healthNote() == null) {
            e.add(messages.error("healthNote", c.health() == HealthStatus.DISABLED ? "error.health.disabledDetail"
                    : "error.health.illDetail"));
        }
        return e;
    }

    List<FieldError> parent(Parent p, LocalDate today) {
        List<FieldError> e = new ArrayList<>();
        required(e, "role", p.role());
        personName(e, "name", p.name());
        phone(e, "phone", p.phone());
        phone(e, "employerPhone", p.employerPhone());
        past(e, "birthDate", p.birthDate(), today);
        past(e, "awaySince", p.awaySince(), today);
        maxLength(e, "workProvince", p.workProvince(), 50);
        maxLength(e, "workCity", p.workCity(), 50);
        maxLength(e, "employer", p.employer(), 100);
        maxLength(e, "employerAddress", p.employerAddress(), 200);
        adultIdNumber(e, p.idNumber(), p.birthDate());
        return e;
    }

    List<FieldError> guardian(Guardian g, LocalDate today) {
        List<FieldError> e = new ArrayList<>();
        required(e, "kind", g.kind());
        personName(e, "name", g.name());
        phone(e, "phone", g.phone());
        past(e, "birthDate", g.birthDate(), today);
        if (g.age() != null && (g.age() < 14 || g.age() > 120)) {
            e.add(messages.error("age", "error.age.range", 14, 120));
        }
        maxLength(e, "relation", g.relation(), 30);
        maxLength(e, "occupation", g.occupation(), 50);
        maxLength(e, "address", g.address(), 200);
        maxLength(e, "health", g.health(), 200);
        past(e, "capacityAssessedOn", g.capacityAssessedOn(), today);
        maxLength(e, "capacityNote", g.capacityNote(), 200);
        adultIdNumber(e, g.idNumber(), g.birthDate());
        return e;
    }

    /** A parent's or guardian's 公民身份号码 (issue 20): well formed, and agreeing with the birth date when one is given. */
    private void adultIdNumber(List<FieldError> e, String idNumber, LocalDate birthDate) {
        if (idNumber == null) {
            return;
        }
        IdNumber.check(idNumber).ifPresentOrElse(
                problem -> e.add(messages.error("idNumber", "error.idNumber." + problem.name())),
                () -> {
                    if (birthDate != null && !IdNumber.birthDate(idNumber).orElseThrow().equals(birthDate)) {
                        e.add(messages.error("idNumber", "error.idNumber.birthMismatch",
                                IdNumber.birthDate(idNumber).orElseThrow().toString()));
                    }
                });
    }

    List<FieldError> school(School s) {
        List<FieldError> e = new ArrayList<>();
        text(e, "name", s.name(), 100);
        if (s.code() != null && !SCHOOL_CODE.matcher(s.code()).matches()) {
            e.add(messages.error("code", "error.school.code"));
        }
        phone(e, "phone", s.phone());
        maxLength(e, "county", s.county(), 100);
        maxLength(e, "township", s.township(), 100);
        maxLength(e, "address", s.address(), 200);
        return e;
    }

    List<FieldError> schoolClass(SchoolClass c) {
        List<FieldError> e = new ArrayList<>();
        if (c.gradeLevel() < 1 || c.gradeLevel() > 12) {
            e.add(messages.error("gradeLevel", "error.grade.range"));
        }
        text(e, "name", c.name(), 50);
        return e;
    }

    List<FieldError> staff(Staff s) {
        List<FieldError> e = new ArrayList<>();
        personName(e, "name", s.name());
        required(e, "role", s.role());
        phone(e, "phone", s.phone());
        maxLength(e, "subject", s.subject(), 50);
        return e;
    }

    private boolean required(List<FieldError> e, String field, Object value) {
        if (value == null) {
            e.add(messages.error(field, "error.required"));
            return false;
        }
        return true;
    }

    /** A required text of at most {@code max} characters; whether it is one. */
    private boolean text(List<FieldError> e, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            e.add(messages.error(field, "error.required"));
            return false;
        }
        return maxLength(e, field, value, max);
    }

    private void personName(List<FieldError> e, String field, String value) {
        if (text(e, field, value, 50) && !PERSON_NAME.matcher(value).matches()) {
            e.add(messages.error(field, "error.name.chars"));
        }
    }

    /** Whether {@code value} is absent or at most {@code max} characters long. */
    private boolean maxLength(List<FieldError> e, String field, String value, int max) {
        if (value != null && value.length() > max) {
            e.add(messages.error(field, "error.tooLong", max));
            return false;
        }
        return true;
    }

    private void phone(List<FieldError> e, String field, String value) {
        if (value != null && !PHONE.matcher(value).matches()) {
            e.add(messages.error(field, "error.phone"));
        }
    }

    /** Whether {@code value} is a date not after {@code today} (an absent one is neither refused nor one). */
    private boolean past(List<FieldError> e, String field, LocalDate value, LocalDate today) {
        if (value == null) {
            return false;
        }
        if (value.isAfter(today)) {
            e.add(messages.error(field, "error.date.future"));
            return false;
        }
        return true;
    }
}
