package org.guanai.plugin.activities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.todo.TodoItem;
import org.guanai.plugin.activities.internal.Checklists.Variant;
import org.guanai.plugin.activities.internal.Coverage.ChildEvidence;
import org.guanai.plugin.activities.internal.Coverage.ChildRow;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.sdk.testing.TestTexts;
import org.guanai.sdk.time.Semester;
import org.guanai.sdk.time.Term;
import org.junit.jupiter.api.Test;

/** 九个一 items not done this semester on the week's to-do list (issue 19): one line per item, recorded for a child. */
class ActivitiesTodoTest {
    /** Wednesday 9 December 2026 in China. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-09T01:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final LocalDate TODAY = LocalDate.now(CLOCK);
    static final Semester AUTUMN = new Semester(2026, Term.AUTUMN, LocalDate.of(2026, 9, 1), LocalDate.of(2027, 1, 31));
    static final ChildRow A = new ChildRow(1, "王小一", 9L, "三年级(1)班");
    static final ChildRow B = new ChildRow(2, "王小二", 9L, "三年级(1)班");

    static Grid grid() {
        // 王小一 wrote a letter and did a deed; 王小二 neither; nobody called, nobody went to a lecture
        Map<Long, ChildEvidence> evidence = Map.of(1L, new ChildEvidence(Map.of(), List.of(LocalDate.of(2026, 10, 1)),
                Map.of("LETTER", List.of(LocalDate.of(2026, 10, 2)), "DEED", List.of(LocalDate.of(2026, 11, 2))), Map.of()));
        return Coverage.grid(Checklists.seed(Variant.NINE_ONES), AUTUMN, TODAY, List.of(A, B), evidence);
    }

    @Test
    void eachItemSomeChildrenHaveNotDoneIsOneLine() {
        List<TodoItem> items = ActivitiesTodo.items(grid(), TODAY, true, new TestTexts());
        // the pair items are the pairing programme's list when it is installed
        assertEquals(List.of("home", "phone", "lecture", "outing", "platform", "letter", "deed"),
                items.stream().map(TodoItem::kind).toList());
        TodoItem phone = items.get(1);
        assertEquals("开通一部亲情电话：本学期尚有 2 名儿童未完成", phone.titleZh());
        assertEquals("A family phone: 2 children not done this semester", phone.titleEn());
        assertEquals(AUTUMN.end(), phone.due());
        assertFalse(phone.overdue());
        assertNull(phone.childId(), "two children: the line is the item's");
        assertEquals("children/{childId}/records", phone.action().path());
        assertEquals(List.of("childId", "kind", "occurredOn"), phone.action().fields().stream().map(TodoItem.Field::name).toList());
        assertEquals(List.of(1L, 2L), phone.action().fields().get(0).options().stream().map(TodoItem.Option::value).toList());

        TodoItem home = items.get(0);
        assertEquals(2L, home.childId(), "only 王小二 was not at the home");
        assertNull(home.action(), "an activity is recorded on the programme's page");

        TodoItem letter = items.get(5);
        assertEquals(2L, letter.childId());
        assertEquals("LETTER", letter.action().values().get("kind"));
        assertEquals(List.of("childId", "occurredOn", "counterpart", "occasion"),
                letter.action().fields().stream().map(TodoItem.Field::name).toList());
        assertEquals(2L, letter.action().fields().get(0).initial());
    }

    @Test
    void withoutThePairingProgrammeThePairItemsAreListedHereAndAnEndedSemesterIsOverdue() {
        List<TodoItem> items = ActivitiesTodo.items(grid(), AUTUMN.end().plusDays(3), false, new TestTexts());
        assertTrue(items.stream().anyMatch(i -> i.kind().equals("loving_mother")));
        assertTrue(items.stream().allMatch(TodoItem::overdue));
    }
}
