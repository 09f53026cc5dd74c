package org.guanai.plugin.home.internal;

import java.util.List;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.todo.TodoContributor;
import org.guanai.core.api.todo.TodoItem;
import org.guanai.core.api.todo.TodoQuery;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This programme's part of the week's to-do list (本周待办): the books lent from the home and not back by their day, as
 * one line with their number and the earliest day due, for a caller holding {@code home.write}, in the current week. The
 * home lends to the whole school, so the line counts the school's loans (whoever is on duty collects them).
 */
@Component(service = TodoContributor.class, property = Programme.ID_PROPERTY + "=" + HomeProgramme.ID)
public final class HomeTodo implements TodoContributor {
    private final HomeStore store;
    private final Texts texts;

    @Activate
    public HomeTodo(@Reference HomeStore store, @Reference Texts texts) {
        this.store = store;
        this.texts = texts;
    }

    @Override
    public List<TodoItem> items(TodoQuery q) {
        if (!q.caller().has(HomeProgramme.ID + ".write") || !q.isCurrentWeek()) {
            return List.of();
        }
        List<Model.Loan> overdue = store.loans(q.schoolId(), null, true, q.today(), 0, 500).items();
        if (overdue.isEmpty()) {
            return List.of();
        }
        return List.of(TodoItem.builder(HomeProgramme.ID, "OVERDUE_LOANS").due(overdue.get(0).dueOn()).overdue(true)
                .title(texts.zh("todo.overdue", overdue.size()), texts.en("todo.overdue", overdue.size())).link("p/" + HomeProgramme.ID).build());
    }
}
