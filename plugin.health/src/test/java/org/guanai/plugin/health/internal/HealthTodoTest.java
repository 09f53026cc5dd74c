package org.guanai.plugin.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.todo.TodoItem;
import org.guanai.core.api.todo.TodoQuery;
import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.plugin.health.internal.Model.Notification;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.Test;

/** Open follow-ups on the week's to-do list (issue 19): who may see them, which week they belong to, telling from the list. */
class HealthTodoTest {
    /** Wednesday 9 December 2026 in China. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-09T01:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final LocalDate TODAY = LocalDate.now(CLOCK);
    static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);
    static final Caller WORKER = Caller.builder("health").roles(Set.of("HEALTH_WORKER")).schoolIds(Set.of(1L)).allClasses(true)
            .schoolId(1L).permissions(Set.of("registry.read", "health.read", "health.write")).build();

    static FollowUp followUp(long id, LocalDate due, LocalDate closed, boolean overdue, List<String> told) {
        List<Notification> notes = told.stream().map(r -> new Notification((long) r.length(), id, r, null, due.minusDays(1), "PHONE", null,
                "health", null)).toList();
        return new FollowUp(id, 100 + id, 1, 5L, 3L, "OBESITY", null, due.minusDays(7), due, List.of("GUARDIAN", "FATHER"), null, null,
                null, null, null, closed, 0, "health", notes, closed == null ? "OPEN" : "CLOSED", overdue);
    }

    @Test
    void theCurrentWeekHasEveryOpenFollowUpDueByItsSunday() {
        List<FollowUp> open = List.of(followUp(1, MONDAY.minusDays(3), null, true, List.of()), // overdue
                followUp(2, MONDAY.plusDays(4), null, false, List.of("GUARDIAN")), // due this week, the father not told
                followUp(3, MONDAY.plusDays(9), null, false, List.of()), // next week's
                followUp(4, MONDAY.minusDays(20), null, false, List.of("GUARDIAN", "FATHER")), // everybody told, not closed
                followUp(5, MONDAY.plusDays(1), MONDAY, false, List.of())); // closed
        List<TodoItem> items = HealthTodo.items(open, new TodoQuery(WORKER, 1, MONDAY, TODAY), new TestTexts());
        assertEquals(List.of(101L, 102L, 104L), items.stream().map(TodoItem::childId).toList());
        assertTrue(items.get(0).overdue());
        assertEquals("健康随访：肥胖，告知监护人和家长", items.get(0).titleZh());
        assertEquals("Health follow-up: Obesity; tell the guardian and parents", items.get(0).titleEn());
        TodoItem.Action tell = items.get(1).action();
        assertEquals("followups/2/notifications", tell.path());
        assertEquals(List.of("FATHER"), tell.fields().get(0).options().stream().map(TodoItem.Option::value).toList(),
                "only who was not told yet");
        assertEquals(TODAY.toString(), tell.fields().get(2).initial());
        assertNull(items.get(2).action(), "closing, with its outcome, is done on the programme's page");
        assertEquals("健康随访：肥胖，跟进并结案", items.get(2).titleZh());

        // next week: only what is due in it
        assertEquals(List.of(103L), HealthTodo.items(open, new TodoQuery(WORKER, 1, MONDAY.plusWeeks(1), TODAY), new TestTexts())
                .stream().map(TodoItem::childId).toList());
    }

    @Test
    void withoutTheWritePermissionThereIsNoFormAndWithoutReadNothing() {
        Caller reader = WORKER.toBuilder().permissions(Set.of("registry.read", "health.read")).build();
        List<TodoItem> items = HealthTodo.items(List.of(followUp(1, MONDAY, null, false, List.of())), new TodoQuery(reader, 1, MONDAY, TODAY),
                new TestTexts());
        assertEquals(1, items.size());
        assertNull(items.get(0).action());
        Caller teacher = WORKER.toBuilder().permissions(Set.of("registry.read")).build();
        assertEquals(List.of(), new HealthTodo(null, null, new TestTexts()).items(new TodoQuery(teacher, 1, MONDAY, TODAY)),
                "a caller without health.read gets none, and nothing is read");
    }
}
