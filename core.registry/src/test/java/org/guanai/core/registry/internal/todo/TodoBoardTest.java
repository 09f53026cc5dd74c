package org.guanai.core.registry.internal.todo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.guanai.core.api.todo.TodoContributor;
import org.guanai.core.api.todo.TodoItem;
import org.junit.jupiter.api.Test;

class TodoBoardTest {
    static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);
    static final Caller TEACHER = Caller.builder("teacher").roles(Set.of("TEACHER")).schoolIds(Set.of(1L)).schoolId(1L).build();

    /** Enabled: the pairs of (school, programme) in the set. */
    static final class Enabled implements ProgrammeRegistry {
        final Set<String> on = new HashSet<>();

        @Override public List<ProgrammeStatus> programmes() { return List.of(); }
        @Override public Optional<ProgrammeStatus> programme(String id) { return Optional.empty(); }
        @Override public boolean isEnabled(long schoolId, String programmeId) { return on.contains(schoolId + "/" + programmeId); }
        @Override public void setEnabled(long schoolId, String programmeId, boolean enabled, Map<String, String> settings) { }
        @Override public Map<String, String> settings(long schoolId, String programmeId) { return Map.of(); }
    }

    static TodoItem item(String programme, String kind, LocalDate due, boolean overdue) {
        return TodoItem.builder(programme, kind).due(due).overdue(overdue).title("事", "thing").build();
    }

    @Test
    void itemsOfEnabledProgrammesOverdueFirstThenByDueDate() {
        Enabled enabled = new Enabled();
        enabled.on.addAll(Set.of("1/a", "1/b"));
        TodoBoard board = new TodoBoard(enabled);
        board.addContributor(q -> List.of(item("a", "X", MONDAY.plusDays(3), false), item("a", "Y", MONDAY.minusDays(20), true)),
                Map.of("programme.id", "a"));
        board.addContributor(q -> List.of(item("b", "Z", MONDAY.plusDays(1), false), item("b", "W", MONDAY.minusDays(2), true)),
                Map.of("programme.id", "b"));
        board.addContributor(q -> List.of(item("c", "V", MONDAY, false)), Map.of("programme.id", "c")); // not enabled

        TodoBoard.Week week = board.week(TEACHER, 1, MONDAY, MONDAY.plusDays(2));
        assertEquals(List.of("Y", "W", "Z", "X"), week.items().stream().map(TodoItem::kind).toList());
        assertEquals(List.of("a", "b"), week.programmes());
        assertEquals(List.of(), board.week(TEACHER, 2, MONDAY, MONDAY).items(), "nothing enabled for school 2");
    }

    @Test
    void aContributorThatThrowsIsLeftOutAndTheOthersStillAnswer() {
        Enabled enabled = new Enabled();
        enabled.on.addAll(Set.of("1/a", "1/b"));
        TodoBoard board = new TodoBoard(enabled);
        TodoContributor broken = q -> {
            throw new IllegalStateException("database gone");
        };
        board.addContributor(broken, Map.of("programme.id", "a"));
        board.addContributor(q -> List.of(item("b", "Z", MONDAY, false), item("a", "FORGED", MONDAY, true)), Map.of("programme.id", "b"));

        TodoBoard.Week week = board.week(TEACHER, 1, MONDAY, MONDAY);
        assertEquals(List.of("Z"), week.items().stream().map(TodoItem::kind).toList(), "another programme's item is not taken");
        assertEquals(List.of("b"), week.programmes());
        assertEquals(List.of("a"), week.failed());

        board.removeContributor(broken);
        assertEquals(List.of(), board.week(TEACHER, 1, MONDAY, MONDAY).failed());
    }

    @Test
    void theQueryCarriesTheWeekAndToday() {
        Enabled enabled = new Enabled();
        enabled.on.add("1/a");
        TodoBoard board = new TodoBoard(enabled);
        board.addContributor(q -> List.of(item("a", q.sunday() + "/" + q.isCurrentWeek() + "/" + q.schoolId() + "/" + q.caller().user(),
                q.monday(), false)), Map.of("programme.id", "a"));
        assertEquals("2026-12-13/true/1/teacher", board.week(TEACHER, 1, MONDAY, MONDAY.plusDays(6)).items().get(0).kind());
        assertEquals("2026-12-13/false/1/teacher", board.week(TEACHER, 1, MONDAY, MONDAY.plusDays(7)).items().get(0).kind());
    }
}
