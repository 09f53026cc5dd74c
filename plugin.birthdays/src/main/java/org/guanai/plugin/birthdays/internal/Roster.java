package org.guanai.plugin.birthdays.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

import org.guanai.core.api.Caller;

/**
 * A school's people with a known date of birth, as the registry had them when the roster was read: its children and
 * their elders (parents, and guardians with a date of birth: 祖父母 …), each with the calendar the family keeps and a
 * {@link BirthdayIndex} over them (positions are list indexes); its classes and the ids of its staff.
 */
record Roster(long schoolId, List<Person> children, BirthdayIndex childIndex, List<Person> elders, BirthdayIndex elderIndex,
        Map<Long, ClassInfo> classes, Set<Long> staff) {

    /**
     * @param people  {@link #children()} or {@link #elders()}
     * @param only    only the people of these classes, or {@code null} for every class
     * @return which of the people (by position) the caller may see
     */
    IntPredicate visible(List<Person> people, Caller caller, Set<Long> only) {
        return p -> {
            Long cls = people.get(p).classId();
            return caller.maySee(schoolId, cls) && (only == null || cls != null && only.contains(cls));
        };
    }

    /** @return the filter of the occasions of the people the caller may see, of the given classes or every class */
    OccasionService.Filter visibleTo(Caller caller, Set<Long> only) {
        return new OccasionService.Filter(visible(children, caller, only), visible(elders, caller, only));
    }

    /** @return the class, if the caller may see it */
    Optional<ClassInfo> visibleClass(long id, Caller caller) {
        return Optional.ofNullable(classes.get(id)).filter(c -> caller.maySee(schoolId, c.id()));
    }

    /** @return the position of a child in {@link #children()}, or -1 */
    int position(long childId) {
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i).id() == childId) {
                return i;
            }
        }
        return -1;
    }

    /** @return the name of a class, or {@code null} */
    String className(Long classId) {
        ClassInfo c = classId == null ? null : classes.get(classId);
        return c == null ? null : c.name();
    }

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
