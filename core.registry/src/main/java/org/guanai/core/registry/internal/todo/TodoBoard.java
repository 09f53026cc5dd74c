package org.guanai.core.registry.internal.todo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.Caller;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.todo.TodoContributor;
import org.guanai.core.api.todo.TodoItem;
import org.guanai.core.api.todo.TodoQuery;
import org.guanai.core.registry.internal.programmes.ProgrammeContributors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * 本周待办: the week's items of every {@link TodoContributor} whose programme ({@code programme.id}) is enabled for the
 * school, overdue first, then by due date. Contributors come and go with their programmes; one that throws is logged
 * and left out, the others still answer.
 */
@Component(service = TodoBoard.class)
public final class TodoBoard {
    /** Overdue first, then by due date, programme, kind and child (items without a child first). */
    static final Comparator<TodoItem> ORDER = Comparator.comparing((TodoItem i) -> !i.overdue()).thenComparing(TodoItem::due)
            .thenComparing(TodoItem::programme).thenComparing(TodoItem::kind)
            .thenComparing(i -> i.childId() == null ? Long.MIN_VALUE : i.childId());

    private final ProgrammeRegistry programmes;
    private final ProgrammeContributors<TodoContributor> contributors = new ProgrammeContributors<>("To-do");

    /** The answer: the items and the programmes that contributed (without error). */
    public record Week(List<TodoItem> items, List<String> programmes, List<String> failed) {
    }

    @Activate
    public TodoBoard(@Reference ProgrammeRegistry programmes) {
        this.programmes = programmes;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addContributor(TodoContributor c, Map<String, Object> props) {
        contributors.add(c, props);
    }

    void removeContributor(TodoContributor c) {
        contributors.remove(c);
    }

    /**
     * @param caller who asks, acting for {@code school}
     * @param school the school
     * @param monday the week's Monday
     * @param today  today in China
     * @return the items of the enabled programmes' contributors
     */
    public Week week(Caller caller, long school, LocalDate monday, LocalDate today) {
        TodoQuery query = new TodoQuery(caller, school, monday, today);
        List<TodoItem> items = new ArrayList<>();
        ProgrammeContributors.Outcome o = contributors.gather(programmes, school, c -> c.items(query), TodoItem::programme, items);
        items.sort(ORDER);
        return new Week(items, o.answered(), o.failed());
    }
}
