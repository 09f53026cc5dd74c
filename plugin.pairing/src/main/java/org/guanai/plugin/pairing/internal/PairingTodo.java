package org.guanai.plugin.pairing.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.todo.TodoContributor;
import org.guanai.core.api.todo.TodoItem;
import org.guanai.core.api.todo.TodoItem.Field;
import org.guanai.core.api.todo.TodoItem.FieldType;
import org.guanai.core.api.todo.TodoItem.Option;
import org.guanai.core.api.todo.TodoQuery;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.Compliance;
import org.guanai.plugin.pairing.internal.rules.RecordKind;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.plugin.pairing.internal.rules.Topic;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This programme's part of the week's to-do list (本周待办): the talks, home visits and calls to the parents due in the
 * week under the schemes' obligations ({@link Obligations}, {@link WeekDuties}), not yet met, for the pairs in force of
 * the children the caller sees and, for a class teacher, the children of her classes without a pair (she is their
 * default mentor, as {@link Recording#mayRecord} allows). Each is recorded from the list through {@code POST records}.
 */
@Component(service = TodoContributor.class, property = Programme.ID_PROPERTY + "=" + PairingProgramme.ID)
public final class PairingTodo implements TodoContributor {
    private final PairingStore store;
    private final PairingSettings settings;
    private final Obligations obligations;
    private final Roster roster;
    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public PairingTodo(@Reference PairingStore store, @Reference PairingSettings settings, @Reference Obligations obligations,
            @Reference Roster roster, @Reference Texts texts, @Reference CareCalendar calendar) {
        this.store = store;
        this.settings = settings;
        this.obligations = obligations;
        this.roster = roster;
        this.texts = texts;
        this.calendar = calendar;
    }

    @Override
    public List<TodoItem> items(TodoQuery q) {
        long school = q.schoolId();
        LocalDate monday = q.monday();
        List<Child> seen = roster.children(school);
        Map<Long, Child> visible = new HashMap<>();
        seen.forEach(c -> visible.put(c.id(), c));
        List<Pair> pairs = store.pairsOfSchool(school, false);
        List<Compliance.PairSpan> defaults = List.of();
        Schemes schemes = settings.schemes(school);
        if (!q.caller().allClasses() && schemes.get(Schemes.STAFF).map(Scheme::enabled).orElse(false)) {
            defaults = WeekDuties.defaults(seen, pairs, store.mentors(school, false), Schemes.STAFF, monday,
                    calendar.semester(monday).start());
        }
        // the pairs of the list: in force, of a child the caller sees; and the mentors among them
        Map<Long, Set<Long>> childrenOfMentor = new HashMap<>();
        Set<Long> pairIds = new HashSet<>();
        for (Pair p : pairs) {
            if (p.status() == Status.ACTIVE && visible.containsKey(p.childId())) {
                pairIds.add(p.id());
                childrenOfMentor.computeIfAbsent(p.mentorId(), k -> new java.util.TreeSet<>()).add(p.childId());
            }
        }
        for (Compliance.PairSpan s : defaults) {
            pairIds.add(s.pairId());
            childrenOfMentor.computeIfAbsent(s.mentorId(), k -> new java.util.TreeSet<>()).add(s.childId());
        }
        LocalDate from = monday.minusMonths(2).withDayOfMonth(1);
        List<Compliance.Item> periods = obligations.periods(school, from, monday.plusDays(6).plusMonths(1).plusDays(1), defaults);
        List<WeekDuties.Due> due = WeekDuties.select(periods, monday, q.today()).stream()
                .filter(d -> d.item().pairId() != null ? pairIds.contains(d.item().pairId())
                        : childrenOfMentor.containsKey(d.item().mentorId()))
                .toList();
        Map<Long, Mentor> mentors = store.mentorsById(due.stream().map(d -> d.item().mentorId()).distinct().toList());
        List<TodoItem> out = new ArrayList<>();
        for (WeekDuties.Due d : due) {
            Mentor m = mentors.get(d.item().mentorId());
            if (m == null || !m.active()) {
                continue;
            }
            out.add(item(d, m, q.today(), childrenOfMentor.getOrDefault(m.id(), Set.of()), visible));
        }
        return out;
    }

    private TodoItem item(WeekDuties.Due d, Mentor m, LocalDate today, Set<Long> mentorsChildren, Map<Long, Child> visible) {
        Compliance.Item i = d.item();
        RecordKind kind = i.obligation().kind();
        String kindKey = "recordKind." + kind;
        String periodKey = "period." + i.obligation().period();
        String mentorKind = "mentorKind." + m.kind();
        TodoItem.ActionBuilder action = TodoItem.Action.builder(texts.zh("todo.record." + kind), texts.en("todo.record." + kind), "records")
                .value("kind", kind.name()).value("mentorId", m.id());
        if (i.childId() != null) {
            action.value("childId", i.childId());
        } else {
            List<Option> children = mentorsChildren.stream().filter(visible::containsKey)
                    .map(id -> new Option(id, visible.get(id).name(), visible.get(id).name())).toList();
            action.field(new Field("childId", FieldType.CHOICE, texts.zh("todo.field.childId"), texts.en("todo.field.childId"), true,
                    children, null));
        }
        // the date a contact counts for: today, or the last day of a period that has ended (the form lets it be changed)
        LocalDate on = d.due().isBefore(today) ? d.due() : today;
        action.field(Field.of("occurredOn", FieldType.DATE, texts.zh("todo.field.occurredOn"), texts.en("todo.field.occurredOn"), true)
                .withInitial(on.toString()));
        if (kind == RecordKind.TALK) {
            List<Option> topics = java.util.Arrays.stream(Topic.values())
                    .map(t -> new Option(t.name(), texts.zh("topic." + t), texts.en("topic." + t))).toList();
            // the five topics of a talk's 记录卡 [000 L709], all ticked: the mentor unticks what the talk left out
            action.field(new Field("topics", FieldType.CHOICES, texts.zh("todo.field.topics"), texts.en("todo.field.topics"), true, topics,
                    java.util.Arrays.stream(Topic.values()).map(Topic::name).toList()));
        }
        action.field(Field.of("notes", FieldType.TEXT, texts.zh("todo.field.notes"), texts.en("todo.field.notes"), false));
        return TodoItem.builder(PairingProgramme.ID, kind.name()).childId(i.childId()).due(d.due()).overdue(d.overdue())
                .title(texts.zh("todo.title", texts.zh(kindKey), texts.zh(periodKey), i.obligation().min(), i.done(), m.name(),
                        texts.zh(mentorKind)),
                        texts.en("todo.title", texts.en(kindKey), texts.en(periodKey), i.obligation().min(), i.done(), m.name(),
                                texts.en(mentorKind)))
                .action(action.build()).link("p/" + PairingProgramme.ID).build();
    }
}
