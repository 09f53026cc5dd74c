package org.guanai.plugin.pairing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Page;
import org.guanai.plugin.pairing.internal.Model.EndReason;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.PairingViews.BoardRow;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.sdk.http.Paging;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The board a page at a time (issue 18): each page holds the registry's page of children, in its order, with the levels,
 * open pairs and unreplaced mentors of those children alone, and the registry's total.
 */
class BoardTest {
    private static final LocalDate ON = LocalDate.of(2026, 11, 20);

    private final TestDatabase db = TestDatabase.forProgramme("pairing");
    private final PairingStore store = new PairingStore(db, TestCalendar.on(ON));
    private final List<Child> registry = new ArrayList<>();
    /** The registry's list: the school's children not archived, by class (none last), name and id, a page at a time. */
    private final ChildService children = (ChildService) Proxy.newProxyInstance(ChildService.class.getClassLoader(),
            new Class<?>[] { ChildService.class }, (p, m, a) -> {
                if (!m.getName().equals("find")) {
                    throw new UnsupportedOperationException(m.getName());
                }
                ChildQuery q = (ChildQuery) a[0];
                List<Child> all = registry.stream().filter(c -> q.schoolId().equals(c.schoolId()) && !c.archived())
                        .sorted(Comparator.comparing(Child::classId, Comparator.nullsLast(Comparator.naturalOrder()))
                                .thenComparing(Child::name).thenComparing(Child::id))
                        .toList();
                int from = Math.min(all.size(), q.page() * q.size());
                return new Page<>(all.subList(from, Math.min(all.size(), from + q.size())), all.size(), q.page(), q.size());
            });
    private final PairingViews views = new PairingViews(store, null, null, new Roster(children, null, null), null);

    @AfterEach
    void close() {
        db.close();
    }

    private void child(long id, long school, Long classId, boolean archived) {
        registry.add(new Child(id, 1, "学生" + (id % 9), Gender.FEMALE, LocalDate.of(2015, 3, 1), null, null, null, school, classId, null, null,
                "大坪村", LeftBehindType.BOTH_AWAY, null, false, null, null, Set.of(), archived, null, null));
    }

    private Mentor mentor(long school, MentorKind kind, String name) {
        return store.insertMentor(new Mentor(null, school, kind, null, null, name, null, "大坪村", null, null, null, true, null, null), "t");
    }

    private Pair pair(long school, long child, Mentor m, Status status, LocalDate from) {
        return store.insertPair(new Pair(null, school, child, m.id(), Schemes.LOVING_MOTHER_SCHEME, status, from, null, null, null, "t"));
    }

    private Pair pair(long school, long child, Mentor m, Status status) {
        return pair(school, child, m, status, LocalDate.of(2026, 9, 1));
    }

    private void assess(long school, long child, LocalDate on, int level) {
        store.insertAssessment(new Model.Assessment(null, school, child, on, 1, 1, 1, 1, null, 4, level, "total:4", null, "t"));
    }

    @Test
    void eachPageHoldsItsChildrenWithTheirOwnPairsLevelsAndMentorsWhoLeft() {
        for (long id = 1; id <= 47; id++) {
            child(id, 1, id % 5 == 0 ? null : 10 + id % 3, id == 13);
        }
        child(100, 2, 10L, false);
        Mentor mother = mentor(1, MentorKind.LOVING_MOTHER, "王妈妈");
        Mentor left = mentor(1, MentorKind.LOVING_MOTHER, "李妈妈");
        Mentor cadre = mentor(1, MentorKind.CADRE, "张书记");
        pair(1, 4, mother, Status.ACTIVE);
        pair(1, 4, cadre, Status.PENDING);
        pair(1, 30, left, Status.ACTIVE);
        pair(1, 31, left, Status.ACTIVE);
        store.mentorLeft(left.id(), LocalDate.of(2026, 10, 1), "t");
        pair(1, 31, mother, Status.ACTIVE, LocalDate.of(2026, 10, 8)); // 31's mother who left is replaced; 30's is not
        pair(2, 100, cadre, Status.ACTIVE); // another school's
        assess(1, 4, LocalDate.of(2026, 9, 1), 2);
        assess(1, 4, LocalDate.of(2026, 11, 1), 4);
        assess(1, 35, LocalDate.of(2026, 11, 1), 1);
        assess(2, 35, LocalDate.of(2026, 11, 2), 5); // an assessment made in another school does not count here

        List<BoardRow> rows = new ArrayList<>();
        for (int page = 0; page < 5; page++) {
            Page<BoardRow> p = views.board(1, new Paging(page, 10));
            assertEquals(46, p.total(), "47 children, one archived");
            assertEquals(page, p.page());
            assertEquals(page < 4 ? 10 : 6, p.items().size(), "page " + page);
            rows.addAll(p.items());
        }
        assertEquals(List.of(), views.board(1, new Paging(5, 10)).items());

        List<Long> order = registry.stream().filter(c -> c.schoolId() == 1 && !c.archived())
                .sorted(Comparator.comparing(Child::classId, Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Child::name)
                        .thenComparing(Child::id))
                .map(Child::id).toList();
        assertEquals(order, rows.stream().map(BoardRow::childId).toList(), "the registry's order, page after page");
        Map<Long, BoardRow> byChild = new java.util.HashMap<>();
        rows.forEach(r -> byChild.put(r.childId(), r));
        assertEquals(4, byChild.get(4L).level(), "the latest assessment");
        assertEquals(1, byChild.get(35L).level());
        assertEquals(null, byChild.get(5L).level());
        assertEquals(List.of("王妈妈", "张书记"), byChild.get(4L).pairs().stream().map(p -> p.get("mentorName")).toList());
        assertEquals("PENDING", byChild.get(4L).pairs().get(1).get("status"));
        assertEquals(List.of("李妈妈"), byChild.get(30L).mentorLeft(), "left and not replaced");
        assertEquals(List.of(), byChild.get(30L).pairs());
        assertEquals(List.of(), byChild.get(31L).mentorLeft(), "replaced by a mentor of the same kind");
        assertEquals(1, rows.stream().filter(r -> !r.mentorLeft().isEmpty()).count());
        assertEquals(EndReason.MENTOR_LEFT, store.pairsOfChildren(1, List.of(30L)).get(0).endReason());
        assertEquals(List.of(), store.pairsOfChildren(1, List.of(100L)), "another school's pairs are not this school's");
    }
}
