package org.guanai.plugin.awards.internal;

import java.util.List;

import org.guanai.core.api.Caller;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.todo.TodoContributor;
import org.guanai.core.api.todo.TodoItem;
import org.guanai.core.api.todo.TodoQuery;
import org.guanai.plugin.awards.internal.Model.State;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This programme's part of the week's to-do list (本周待办): the nominations waiting for the caller's decision — those
 * nominated, for a caller of the school holding {@code awards.approve}; those the school approved, for a county caller
 * holding it. Not dated: they are due now.
 */
@Component(service = TodoContributor.class, property = Programme.ID_PROPERTY + "=" + AwardsProgramme.ID)
public final class AwardsTodo implements TodoContributor {
    private final NominationStore store;
    private final Texts texts;

    @Activate
    public AwardsTodo(@Reference NominationStore store, @Reference Texts texts) {
        this.store = store;
        this.texts = texts;
    }

    @Override
    public List<TodoItem> items(TodoQuery q) {
        Caller c = q.caller();
        if (!c.has(AwardsProgramme.ID + ".approve")) {
            return List.of();
        }
        State waiting = c.allSchools() ? State.SCHOOL_APPROVED : State.NOMINATED;
        String key = c.allSchools() ? "todo.county" : "todo.school";
        return store.list(q.schoolId(), null, waiting).stream()
                .map(n -> {
                    String award = "award." + n.award();
                    return TodoItem.builder(AwardsProgramme.ID, "DECISION").due(q.today()).overdue(false)
                            .title(texts.zh(key, texts.zh(award), n.nominee().name()), texts.en(key, texts.en(award), n.nominee().name()))
                            .link("p/" + AwardsProgramme.ID).build();
                }).toList();
    }
}
