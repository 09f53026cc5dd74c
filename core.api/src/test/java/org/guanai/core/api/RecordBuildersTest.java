package org.guanai.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.care.CareCoverage;
import org.guanai.core.api.care.MentoringRecords;
import org.guanai.core.api.care.MentoringRecords.Mentoring;
import org.guanai.core.api.care.Occasions;
import org.guanai.core.api.care.Occasions.Occasion;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The builders that let records of exported packages gain components without breaking the programmes that create them:
 * each carries every component of its record, and {@code toBuilder().build()} gives the record back unchanged.
 */
class RecordBuildersTest {

    @ParameterizedTest
    @ValueSource(classes = {Child.class, Parent.class, Guardian.class, School.class, Staff.class, SchoolClass.class,
            ChildQuery.class, Caller.class, ProgrammeInfo.class})
    void toBuilderKeepsEveryComponent(Class<? extends Record> type) throws Exception {
        for (int seed = 1; seed <= 2; seed++) { // every boolean component is true in one sample and false in the other
            Record original = sample(type, seed);
            Object builder = type.getMethod("toBuilder").invoke(original);
            Object copy = builder.getClass().getMethod("build").invoke(builder);

            assertEquals(original, copy, "a component is lost between toBuilder() and build()");
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {Child.class, Parent.class, Guardian.class, School.class, Staff.class, SchoolClass.class,
            ChildQuery.class, Caller.class})
    void everyComponentHasItsSetter(Class<? extends Record> type) throws Exception {
        Class<?> builder = Class.forName(type.getName() + "$Builder");
        for (RecordComponent c : type.getRecordComponents()) {
            if (type == Caller.class && c.getName().equals("user")) {
                continue; // given to Caller.builder(user)
            }
            Method setter = builder.getMethod(c.getName(), c.getType());
            assertEquals(builder, setter.getReturnType(), c.getName());
        }
    }

    @Test
    void unsetComponentsOfANewRecord() {
        Child child = Child.builder().name("王小明").schoolId(1L).build();
        assertEquals(new Child(null, 0, "王小明", null, null, null, null, null, 1L, null, null, null, null, null, null,
                false, null, null, Set.of(), false, null, null), child);

        assertTrue(Parent.builder().build().guardianshipCapacity(), "a parent is able to look after the child unless told");
        assertTrue(Staff.builder().build().active(), "a new staff member works at the school");
        assertFalse(Guardian.builder().build().primary());
    }

    @Test
    void childQueries() {
        assertEquals(new ChildQuery(null, null, null, null, null, false, 0, ChildQuery.DEFAULT_SIZE), ChildQuery.builder().build());
        assertEquals(new ChildQuery(7L, null, null, null, null, false, 0, ChildQuery.MAX_SIZE), ChildQuery.ofSchool(7));
        ChildQuery q = ChildQuery.builder().schoolId(7L).classId(3L).text("王").size(50).build();
        assertEquals(new ChildQuery(7L, 3L, null, null, "王", false, 1, 50), q.toBuilder().page(q.page() + 1).build());
    }

    @Test
    void aCallerHasTheLeastReachUntilGranted() {
        Caller nobody = Caller.builder("u").build();
        assertEquals(new Caller("u", Set.of(), false, Set.of(), false, Set.of(), Optional.empty(), Set.of()), nobody);
        assertFalse(nobody.mayActFor(1));

        Caller teacher = Caller.builder("t").roles(Set.of("TEACHER")).schoolIds(Set.of(1L)).classIds(Set.of(4L))
                .schoolId(1L).permissions(Set.of("registry.read")).build();
        assertTrue(teacher.maySee(1, 4L));
        assertFalse(teacher.maySee(1, 5L));
        assertEquals(Optional.of(2L), teacher.actingFor(Optional.of(2L)).schoolId());
        assertEquals(teacher, teacher.actingFor(Optional.of(2L)).actingFor(Optional.of(1L)));
        assertThrows(IllegalArgumentException.class, () -> Caller.builder("u").schoolId((Optional<Long>) null).build());
    }

    @Test
    void aProgrammeDescribesItselfWithoutTheConstructor() {
        ProgrammeInfo built = ProgrammeInfo.builder("calls").name("亲情电话", "Family calls")
                .description("记录通话", "Records calls").version("1.0.0").ui("亲情电话", "Family calls", "main.js")
                .permission("calls.read", "查看通话记录", "Read call records", Role.SCHOOL_ADMIN, Role.TEACHER)
                .permission("calls.write", "登记通话", "Record calls", Role.SCHOOL_ADMIN)
                .build();

        assertEquals(new ProgrammeInfo("calls", "亲情电话", "Family calls", "记录通话", "Records calls", "1.0.0",
                new ProgrammeInfo.UiEntry("亲情电话", "Family calls", "main.js"),
                List.of(new ProgrammeInfo.PermissionInfo("calls.read", "查看通话记录", "Read call records",
                                Set.of(Role.SCHOOL_ADMIN, Role.TEACHER)),
                        new ProgrammeInfo.PermissionInfo("calls.write", "登记通话", "Record calls", Set.of(Role.SCHOOL_ADMIN)))),
                built);
        assertEquals(List.of(), built.toBuilder().permissions(List.of()).build().permissions());
        assertThrows(IllegalArgumentException.class, () -> ProgrammeInfo.builder("Calls!").build());
    }

    @Test
    void careRecordsOfThePublishingProgrammes() {
        LocalDate day = LocalDate.of(2026, 9, 25);
        assertEquals(new Occasion(day, Occasions.FESTIVAL, "MID_AUTUMN", "中秋节", "Mid-Autumn", null, true),
                Occasion.festival(day, "MID_AUTUMN", "中秋节", "Mid-Autumn", true));
        assertEquals(new Occasion(day, Occasions.ELDER_BIRTHDAY, "PARENT", "父亲生日", "Father's birthday", 9L, false),
                Occasion.elderBirthday(day, "PARENT", "父亲生日", "Father's birthday", 9, false));
        assertEquals(new Mentoring(5, "STAFF", MentoringRecords.TEACHER, 8, day, null),
                Mentoring.builder(5).scheme("STAFF").mentor(MentoringRecords.TEACHER, 8).period(day, null).build());
        assertEquals(new MentoringRecords.MentorDuties(MentoringRecords.TEACHER, 8, "周老师", 40L, 2, 98,
                List.of(new MentoringRecords.Duty(MentoringRecords.TALK, 3, 2), new MentoringRecords.Duty(MentoringRecords.HOME_VISIT, 13, 10))),
                MentoringRecords.MentorDuties.builder(MentoringRecords.TEACHER, 8).name("周老师", 40L).paired(2, 98)
                        .duty(MentoringRecords.TALK, 3, 2).duty(MentoringRecords.HOME_VISIT, 13, 10).build());
        // an item is due when a period of it is, done when every period due is
        assertEquals(new CareCoverage.ChildCoverage(7, 1, 2, List.of(new CareCoverage.ItemCoverage("HOME", "留守儿童之家", "Home", 8, 9),
                new CareCoverage.ItemCoverage("CALL", "亲情电话", "Call", 1, 1), new CareCoverage.ItemCoverage("LETTER", "亲情信", "Letter", 0, 0))),
                CareCoverage.ChildCoverage.builder(7).item("HOME", "留守儿童之家", "Home", 8, 9).item("CALL", "亲情电话", "Call", 1, 1)
                        .item("LETTER", "亲情信", "Letter", 0, 0).build());
    }

    /** A record whose every component holds a value derived from {@code seed}, none of them a default. */
    private static Record sample(Class<? extends Record> type, int seed) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = value(components[i].getName(), components[i].getGenericType(), seed + i);
        }
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        return type.getDeclaredConstructor(types).newInstance(values);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object value(String name, Type type, int seed) throws Exception {
        if (type instanceof ParameterizedType p) {
            Object element = value(name, p.getActualTypeArguments()[0], seed);
            Class<?> raw = (Class<?>) p.getRawType();
            return raw == Set.class ? Set.of(element) : raw == List.class ? List.of(element) : Optional.of(element);
        }
        Class<?> c = (Class<?>) type;
        Map<Class<?>, Object> plain = Map.of(String.class, name.equals("id") ? "p" + seed : name + seed,
                Long.class, (long) seed, long.class, (long) seed, Integer.class, seed, int.class, seed,
                boolean.class, seed % 2 == 1, Boolean.class, seed % 2 == 0, LocalDate.class, LocalDate.of(2000, 1, 1).plusDays(seed),
                Instant.class, Instant.ofEpochSecond(seed));
        if (plain.containsKey(c)) {
            return plain.get(c);
        }
        if (c.isEnum()) {
            Object[] constants = c.getEnumConstants();
            return constants[seed % constants.length];
        }
        if (c.isRecord()) {
            return sample((Class<? extends Record>) c, seed);
        }
        throw new IllegalArgumentException("no sample value for " + c);
    }
}
