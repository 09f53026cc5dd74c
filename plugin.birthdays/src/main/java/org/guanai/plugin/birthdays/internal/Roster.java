package org.guanai.plugin.birthdays.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A school's people with a known date of birth, as the registry had them when the roster was read: its children and
 * their elders (parents, and guardians with a date of birth: 祖父母 …), each with the calendar the family keeps and a
 * {@link BirthdayIndex} over them (positions are list indexes); its classes and the ids of its staff.
 */
record Roster(long schoolId, List<Person> children, BirthdayIndex childIndex, List<Person> elders, BirthdayIndex elderIndex,
        Map<Long, ClassInfo> classes, java.util.Set<Long> staff) {

    /**
     * A person whose birthday counts.
     *
     * @param kind     child, parent or guardian
     * @param id       the record id in the registry
     * @param childId  the child (the person itself for a child)
     * @param classId  the child's class
     * @param name     姓名
     * @param relation for an elder: 父亲/母亲 or the guardian's relation (奶奶 …)
     * @param birth    出生日期
     * @param calendar the calendar the family keeps
     */
    record Person(BirthdayStore.PersonKind kind, long id, long childId, Long classId, String name, String relation, LocalDate birth,
            CalendarKind calendar) {
    }

    /** A class: its name, grade and head teacher (班主任). */
    record ClassInfo(long id, String name, int gradeLevel, Long headTeacherId) {
    }
}
