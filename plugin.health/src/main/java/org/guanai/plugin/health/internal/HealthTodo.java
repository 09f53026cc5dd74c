package org.guanai.plugin.health.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.guanai.core.api.Caller;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.todo.TodoContributor;
import org.guanai.core.api.todo.TodoItem;
import org.guanai.core.api.todo.TodoItem.Field;
import org.guanai.core.api.todo.TodoItem.FieldType;
import org.guanai.core.api.todo.TodoItem.Option;
import org.guanai.core.api.todo.TodoQuery;
import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.plugin.health.internal.Model.Notification;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This programme's part of the week's to-do list (本周待办): the open follow-ups (findings not closed) of the children
 * the caller sees, for a caller who holds {@code health.read} (health data: not a teacher's by default). In the current
 * week every open one (overdue: not everybody told by its due date); in another week those due in it. Telling the
 * guardian or a parent is recorded from the list ({@code POST followups/{followup}/notifications}) by a caller with
 * {@code health.write}; closing, with its outcome, is done on the programme's page. Nothing here is an audited read of a
 * person: the finding's name only, as the follow-up list shows it.
 */
@Component(service = TodoContributor.class, property = Programme.ID_PROPERTY + "=" + HealthProgramme.ID)
public final class HealthTodo implements TodoContributor {
    static final String READ = HealthProgramme.ID + ".read";
    static final String WRITE = HealthProgramme.ID + ".write";

    private final HealthStore store;
    private final Lookups lookups;
    private final Texts texts;

    @Activate
    public HealthTodo(@Reference HealthStore store, @Reference Lookups lookups, @Reference Texts texts) {
        this.store = store;
        this.lookups = lookups;
        this.texts = texts;
    }

    @Override
    public List<TodoItem> items(TodoQuery q) {
        if (!q.caller().has(READ)) {
            return List.of();
        }
        List<FollowUp> open = store.read(sql -> store.followUps(sql, q.schoolId(), null, "open", q.today()));
        Map<Long, Child> seen = lookups.schoolChildrenOf(q.schoolId(), open.stream().map(FollowUp::childId).distinct().toList());
        return items(open.stream().filter(f -> seen.containsKey(f.childId())).toList(), q, texts);
    }

    /** The follow-ups of the week's list, as items. */
    static List<TodoItem> items(List<FollowUp> open, TodoQuery q, Texts texts) {
        Caller caller = q.caller();
        List<TodoItem> out = new ArrayList<>();
        for (FollowUp f : open) {
            if (f.closedOn() != null || !(q.isCurrentWeek() ? !f.dueOn().isAfter(q.sunday()) || f.overdue() : q.contains(f.dueOn()))) {
                continue;
            }
            Set<String> told = f.notifications() == null ? Set.of()
                    : f.notifications().stream().map(Notification::recipient).collect(Collectors.toSet());
            List<String> untold = f.requiredRecipients().stream().filter(r -> !told.contains(r)).toList();
            String findingZh = texts.zh("finding." + f.finding());
            String findingEn = texts.en("finding." + f.finding());
            TodoItem.Builder item = TodoItem.builder(HealthProgramme.ID, "FOLLOW_UP").childId(f.childId()).due(f.dueOn())
                    .overdue(f.overdue()).link("p/" + HealthProgramme.ID);
            if (untold.isEmpty()) {
                item.title(texts.zh("todo.followUp.close", findingZh), texts.en("todo.followUp.close", findingEn));
            } else {
                item.title(texts.zh("todo.followUp.tell", findingZh), texts.en("todo.followUp.tell", findingEn));
                if (caller.has(WRITE)) {
                    item.action(tell(f, untold, q.today(), texts));
                }
            }
            out.add(item.build());
        }
        return out;
    }

    private static TodoItem.Action tell(FollowUp f, List<String> untold, LocalDate today, Texts texts) {
        List<Option> recipients = untold.stream()
                .map(r -> new Option(r, texts.zh("todo.recipient." + r), texts.en("todo.recipient." + r))).toList();
        List<Option> channels = FollowUpSteps.CHANNELS.stream().sorted()
                .map(c -> new Option(c, texts.zh("todo.channel." + c), texts.en("todo.channel." + c))).toList();
        return TodoItem.Action.builder(texts.zh("todo.tell"), texts.en("todo.tell"), "followups/" + f.id() + "/notifications")
                .field(new Field("recipient", FieldType.CHOICE, texts.zh("todo.field.recipient"), texts.en("todo.field.recipient"), true,
                        recipients, untold.get(0)))
                .field(new Field("channel", FieldType.CHOICE, texts.zh("todo.field.channel"), texts.en("todo.field.channel"), true,
                        channels, "PHONE"))
                .field(Field.of("notifiedOn", FieldType.DATE, texts.zh("todo.field.notifiedOn"), texts.en("todo.field.notifiedOn"), true)
                        .withInitial(today.toString()))
                .build();
    }
}
