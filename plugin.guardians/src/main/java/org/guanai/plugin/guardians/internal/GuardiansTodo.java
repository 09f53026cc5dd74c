package org.guanai.plugin.guardians.internal;

import java.time.LocalDate;
import java.util.List;

import org.guanai.core.api.Caller;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.todo.TodoContributor;
import org.guanai.core.api.todo.TodoItem;
import org.guanai.core.api.todo.TodoQuery;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This programme's part of the week's to-do list (本周待办): the sessions of the week without any attendance recorded
 * (and, in the current week, those of the last 60 days), for the caller who may record it: the sessions the caller
 * entered, and those of a class the caller reaches (all of them for a school administrator).
 */
@Component(service = TodoContributor.class, property = Programme.ID_PROPERTY + "=" + GuardiansProgramme.ID)
public final class GuardiansTodo implements TodoContributor {
    private final SessionStore store;
    private final Texts texts;

    @Activate
    public GuardiansTodo(@Reference SessionStore store, @Reference Texts texts) {
        this.store = store;
        this.texts = texts;
    }

    @Override
    public List<TodoItem> items(TodoQuery q) {
        Caller c = q.caller();
        if (!c.has(GuardiansProgramme.ID + ".write")) {
            return List.of();
        }
        LocalDate from = q.isCurrentWeek() ? q.today().minusDays(60) : q.monday();
        return store.unmarked(q.schoolId(), from, q.sunday()).stream()
                .filter(s -> c.user().equals(s.createdBy()) || c.maySee(q.schoolId(), s.classId()))
                .map(s -> TodoItem.builder(GuardiansProgramme.ID, "ATTENDANCE").due(s.heldOn()).overdue(s.heldOn().isBefore(q.today()))
                        .title(texts.zh("todo.mark", s.topic()), texts.en("todo.mark", s.topic())).link("p/" + GuardiansProgramme.ID).build())
                .toList();
    }
}
