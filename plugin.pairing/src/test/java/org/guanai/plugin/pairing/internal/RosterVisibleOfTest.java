package org.guanai.plugin.pairing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.junit.jupiter.api.Test;

/**
 * {@link Roster#visibleOf} (issue 18: the pairs, records and overdue obligations read only the children they name) gives,
 * for any set of ids, what {@link Roster#visible} (the whole school the caller sees) gives for those ids: children the
 * caller does not see, archived ones, another school's and unknown ids are left out alike.
 */
class RosterVisibleOfTest {
    private final Map<Long, Child> registry = new LinkedHashMap<>();
    private final Set<Long> hidden = Set.of(5L, 6L);

    @SuppressWarnings("unchecked")
    private final ChildService children = (ChildService) Proxy.newProxyInstance(ChildService.class.getClassLoader(),
            new Class<?>[] { ChildService.class }, (p, m, a) -> {
                ChildQuery q = (ChildQuery) a[0];
                java.util.function.Predicate<Child> selected = c -> !hidden.contains(c.id()) && (q.includeArchived() || !c.archived())
                        && (q.schoolId() == null || q.schoolId().equals(c.schoolId()));
                switch (m.getName()) {
                case "forEach" -> registry.values().stream().filter(selected).forEach((Consumer<Child>) a[1]);
                case "forEachOf" -> ((Collection<Long>) a[1]).stream().distinct().sorted().map(registry::get)
                        .filter(c -> c != null && selected.test(c)).forEach((Consumer<Child>) a[2]);
                default -> throw new UnsupportedOperationException(m.getName());
                }
                return null;
            });

    private void child(long id, String name, long school, Long classId, boolean archived) {
        registry.put(id, new Child(id, 1, name, Gender.MALE, LocalDate.of(2015, 3, 1), null, null, null, school, classId, null, null, null,
                LeftBehindType.BOTH_AWAY, null, false, null, null, Set.of(), archived, null, null));
    }

    @Test
    void theChildrenOfTheIdsAsTheWholeSchoolHasThem() {
        for (long id = 1; id <= 40; id++) {
            child(id, "学生" + (id % 7), id % 9 == 0 ? 2 : 1, id % 4 == 0 ? null : 10 + id % 3, id % 11 == 0);
        }
        Roster roster = new Roster(children, null, null);
        Map<Long, Child> whole = roster.visible(1);
        List<Long> ids = new ArrayList<>(registry.keySet());
        ids.add(999L);
        ids.add(1L);
        for (int from = 0; from < ids.size(); from += 7) {
            List<Long> some = ids.subList(from, Math.min(ids.size(), from + 13));
            Map<Long, Child> expected = new LinkedHashMap<>();
            some.stream().filter(whole::containsKey).forEach(id -> expected.put(id, whole.get(id)));
            assertEquals(expected, roster.visibleOf(1, some), "ids " + some);
        }
        Map<Long, Child> all = roster.visibleOf(1, ids);
        assertEquals(whole, all);
        assertTrue(all.keySet().stream().noneMatch(id -> id == 5 || id == 9 || id == 11 || id == 999), "hidden, other school, archived, unknown");
        assertEquals(whole.values().stream().sorted(Comparator.comparing(Child::id)).toList(),
                all.values().stream().sorted(Comparator.comparing(Child::id)).toList());
    }
}
