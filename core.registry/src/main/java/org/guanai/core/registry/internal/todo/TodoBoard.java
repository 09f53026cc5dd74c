package org.guanai.core.registry.internal.todo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import org.guanai.core.api.Caller;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.todo.TodoContributor;
import org.guanai.core.api.todo.TodoItem;
import org.guanai.core.api.todo.TodoQuery;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 本周待办: the week's items of every {@link TodoContributor} whose programme ({@code programme.id}) is enabled for the
 * school, overdue first, then by due date. Contributors come and go with their programmes; one that throws is logged
 * and left out, the others still answer.
 */
@Component(service = TodoBoard.class)
public final class TodoBoard {
    private static final Logger LOG = LoggerFactory.getLogger(TodoBoard.class);

    /** Overdue first, then by due date, programme, kind and child (items without a child first). */
    static final Comparator<TodoItem> ORDER = Comparator.comparing((TodoItem i) -> !i.overdue()).thenComparing(TodoItem::due)
            .thenComparing(TodoItem::programme).thenComparing(TodoItem::kind)
            .thenComparing(i -> i.childId() == null ? Long.MIN_VALUE : i.childId());

    /** A contributor and its programme id. */
    private record Contributor(TodoContributor service, String programme) {
    }

    private final ProgrammeRegistry programmes;
    private final List<Contributor> contributors = new CopyOnWriteArrayList<>();

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
        Object id = props.get(Programme.ID_PROPERTY);
        if (id instanceof String s && !s.isBlank()) {
            contributors.add(new Contributor(c, s));
        } else {
            LOG.warn("A to-do contributor without the service property {} is ignored: {}", Programme.ID_PROPERTY, c);
        }
    }

    void removeContributor(TodoContributor c) {
        contributors.removeIf(x -> x.service() == c);
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
        TreeSet<String> answered = new TreeSet<>();
        TreeSet<String> failed = new TreeSet<>();
        List<Contributor> all = new ArrayList<>(contributors);
        all.sort(Comparator.comparing(Contributor::programme));
        for (Contributor c : all) {
            if (!programmes.isEnabled(school, c.programme())) {
                continue;
            }
            try {
                List<TodoItem> part = c.service().items(query);
                for (TodoItem i : part == null ? List.<TodoItem>of() : part) {
                    if (i != null && i.programme().equals(c.programme())) {
                        items.add(i);
                    } else if (i != null) {
                        LOG.warn("To-do item of programme {} answered by a contributor of {} left out", i.programme(), c.programme());
                    }
                }
                answered.add(c.programme());
            } catch (RuntimeException e) {
                // a contributor's failure must not take the others' items away: logged, left out, said in the answer
                LOG.error("To-do contributor of programme {} failed for school {}", c.programme(), school, e);
                failed.add(c.programme());
            }
        }
        items.sort(ORDER);
        return new Week(items, List.copyOf(answered), List.copyOf(failed));
    }
}
