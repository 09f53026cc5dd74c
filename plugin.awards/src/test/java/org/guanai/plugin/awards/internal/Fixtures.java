package org.guanai.plugin.awards.internal;

import java.lang.reflect.Proxy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.care.CareCoverage;
import org.guanai.core.api.care.MentoringRecords;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.School;
import org.guanai.sdk.testing.TestRequest;

/**
 * What the tests answer for the registry and the other programmes, through the {@code core.api} services the programme
 * calls: children 5 (王小明) and 6 (李华) of school 1 and 9 (赵强) of school 2; the pairing programme's records of school 1
 * (周老师, staff 40, paired with 王小明 since 1 September 2026; 李妈妈, a 爱心妈妈, with 李华 since 1 November) and the
 * 九个一 coverage of 王小明 (one item of two done).
 */
final class Fixtures {
    private Fixtures() {
    }

    static final Map<Long, Child> KIDS = new TreeMap<>(Map.of(5L, TestRequest.child(5, 1, "王小明"), 6L, TestRequest.child(6, 1, "李华"), 9L,
            TestRequest.child(9, 2, "赵强")));

    /** The registry's children, all reached by the caller. */
    static ChildService children() {
        return children(KIDS.keySet());
    }

    /** The registry's children, of which the caller reaches {@code reached}. */
    @SuppressWarnings("unchecked")
    static ChildService children(java.util.Set<Long> reached) {
        return (ChildService) Proxy.newProxyInstance(Fixtures.class.getClassLoader(), new Class<?>[] { ChildService.class }, (p, m, a) -> {
            ChildQuery q = (ChildQuery) a[0];
            Collection<Long> ids = m.getName().equals("forEachOf") ? (Collection<Long>) a[1] : m.getName().equals("forEach") ? KIDS.keySet() : null;
            if (ids == null) {
                throw new UnsupportedOperationException(m.getName());
            }
            KIDS.values().stream().filter(c -> ids.contains(c.id()) && reached.contains(c.id()) && c.schoolId().equals(q.schoolId())).forEach((Consumer<Child>) a[a.length - 1]);
            return null;
        });
    }

    static SchoolService schools() {
        return (SchoolService) Proxy.newProxyInstance(Fixtures.class.getClassLoader(), new Class<?>[] { SchoolService.class }, (p, m, a) -> {
            if (!m.getName().equals("school")) {
                throw new UnsupportedOperationException(m.getName());
            }
            return java.util.Optional.of(School.builder().id((Long) a[0]).name("高桥镇中心小学").build());
        });
    }

    /** The pairing programme's records of school 1, as it would answer them. */
    static MentoringRecords pairing() {
        return new MentoringRecords() {
            @Override
            public List<ChildMentoring> forSchool(long school, LocalDate from, LocalDate to) {
                if (school != 1) {
                    return List.of();
                }
                List<Contact> contacts = new ArrayList<>(List.of(new Contact(TALK, LocalDate.of(2026, 9, 20), 1),
                        new Contact(TALK, LocalDate.of(2026, 10, 20), 1), new Contact(HOME_VISIT, LocalDate.of(2026, 10, 21), 1)));
                return List.of(new ChildMentoring(5, List.of(Mentoring.builder(11).scheme("STAFF").mentor(TEACHER, 1)
                        .period(LocalDate.of(2026, 9, 1), null).build()), contacts));
            }

            @Override
            public List<MentorDuties> duties(long school, LocalDate from, LocalDate to) {
                if (school != 1) {
                    return List.of();
                }
                return List.of(MentorDuties.builder(LOVING_MOTHER, 2).name("李妈妈", null).paired(1, 37).duty(TALK, 5, 5).build(),
                        MentorDuties.builder(TEACHER, 1).name("周老师", 40L).paired(1, 98).duty(TALK, 3, 2).duty(HOME_VISIT, 13, 10)
                                .duty(PARENT_CALL, 6, 6).build());
            }
        };
    }

    /** The activities' 九个一 of school 1: 王小明 has one item of two done. */
    static CareCoverage coverage() {
        return (school, from, to) -> school != 1 ? List.of()
                : List.of(CareCoverage.ChildCoverage.builder(5).item("HOME", "留守儿童之家", "Home", 8, 9).item("CALL", "亲情电话", "Call", 1, 1)
                        .build());
    }
}
