package org.guanai.plugin.activities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Proxy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.sdk.jobs.Job;
import org.guanai.sdk.jobs.Jobs;
import org.guanai.sdk.testing.TestCalendar;
import org.junit.jupiter.api.Test;

/**
 * {@link CoverageService#names} (issue 18: an activity list names only its participants, read by id) gives, for any set
 * of ids, the names the whole school's list ({@link CoverageService#children}, what {@code visibleNames} read before)
 * gives for them: children not left behind, archived, of another school, not seen by the caller or unknown are left out
 * alike.
 */
class ParticipantNamesTest {
    private final Map<Long, Child> registry = new LinkedHashMap<>();
    private final Set<Long> hidden = Set.of(7L, 8L);

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, a) -> answer.apply(m.getName(), a));
    }

    @Test
    void theNamesOfTheIdsAsTheWholeSchoolHasThem() {
        LeftBehindType[] types = LeftBehindType.values();
        for (long id = 1; id <= 50; id++) {
            registry.put(id, new Child(id, 1, "学生" + id, Gender.FEMALE, LocalDate.of(2015, 3, 1), null, null, null, id % 9 == 0 ? 2L : 1L,
                    id % 5 == 0 ? null : 10 + id % 2, null, null, null, types[(int) (id % types.length)], null, false, null, null, Set.of(),
                    id % 13 == 0, null, null));
        }
        @SuppressWarnings("unchecked")
        ChildService children = fake(ChildService.class, (m, a) -> {
            ChildQuery q = (ChildQuery) a[0];
            java.util.function.Predicate<Child> selected = c -> !hidden.contains(c.id()) && !c.archived()
                    && q.schoolId().equals(c.schoolId()) && (q.classId() == null || q.classId().equals(c.classId()));
            if (m.equals("forEach")) {
                registry.values().stream().filter(selected).forEach((Consumer<Child>) a[1]);
            } else if (m.equals("forEachOf")) {
                ((Collection<Long>) a[1]).stream().distinct().sorted().map(registry::get).filter(c -> c != null && selected.test(c))
                        .forEach((Consumer<Child>) a[2]);
            } else {
                throw new UnsupportedOperationException(m);
            }
            return null;
        });
        SchoolService schools = fake(SchoolService.class, (m, a) -> List.of(new SchoolClass(10L, 1, 1L, 3, "三年级(1)班", null),
                new SchoolClass(11L, 1, 1L, 4, "四年级(1)班", null)));
        Job job = fake(Job.class, (m, a) -> null);
        Jobs jobs = fake(Jobs.class, (m, a) -> job);
        CoverageService coverage = new CoverageService(null, null, null, null, children, schools, null, null, null,
                TestCalendar.on(LocalDate.of(2026, 11, 20)), jobs, null);

        Map<Long, String> whole = new HashMap<>();
        coverage.children(1, null).forEach(c -> whole.put(c.id(), c.name()));
        assertFalse(whole.isEmpty());
        List<Long> ids = new ArrayList<>(registry.keySet());
        ids.add(404L);
        for (int from = 0; from < ids.size(); from += 5) {
            List<Long> some = ids.subList(from, Math.min(ids.size(), from + 11));
            Map<Long, String> expected = new HashMap<>();
            some.stream().filter(whole::containsKey).forEach(id -> expected.put(id, whole.get(id)));
            assertEquals(expected, coverage.names(1, some), "ids " + some);
        }
        assertEquals(whole, coverage.names(1, ids));
    }
}
