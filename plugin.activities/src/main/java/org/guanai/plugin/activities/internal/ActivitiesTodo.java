package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.todo.TodoContributor;
import org.guanai.core.api.todo.TodoItem;
import org.guanai.core.api.todo.TodoItem.Field;
import org.guanai.core.api.todo.TodoItem.FieldType;
import org.guanai.core.api.todo.TodoItem.Option;
import org.guanai.core.api.todo.TodoQuery;
import org.guanai.plugin.activities.internal.Checklists.Evidence;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Checklists.Occasion;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.plugin.activities.internal.Coverage.Row;
import org.guanai.plugin.activities.internal.Coverage.Status;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.Semester;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This programme's part of the week's to-do list (本周待办): each item of the school's checklist (九个一 by default) that
 * some of the caller's left-behind children have not done this semester (the coverage grid's 未完成 cells, as of today
 * or the week's Sunday), one line per item with how many children it concerns, due on the semester's last day. An item a
 * child's own record proves (亲情电话, 亲情书信, 有意义的事 …) is recorded from the list for one of those children through
 * {@code POST children/{child}/records}; an activity (讲座, 游览) or the home is recorded on the programme's page. The
 * 爱心妈妈 and 一帮一 items are left to the pairing programme's list when it is installed: it lists each pair's talks.
 */
@Component(service = TodoContributor.class, property = Programme.ID_PROPERTY + "=" + ActivitiesProgramme.ID)
public final class ActivitiesTodo implements TodoContributor {
    private final CoverageService coverage;
    private final SemesterStore semesters;
    private final Texts texts;

    @Activate
    public ActivitiesTodo(@Reference CoverageService coverage, @Reference SemesterStore semesters, @Reference Texts texts) {
        this.coverage = coverage;
        this.semesters = semesters;
        this.texts = texts;
    }

    @Override
    public List<TodoItem> items(TodoQuery q) {
        Semester s = semesters.semesterOn(q.schoolId(), q.monday());
        if (q.monday().isAfter(s.end()) || q.sunday().isBefore(s.start())) {
            return List.of(); // a week of the holidays
        }
        LocalDate asOf = q.isCurrentWeek() ? q.today() : q.sunday();
        Grid grid = coverage.grid(q.schoolId(), s, asOf.isAfter(s.end()) ? s.end() : asOf, (Long) null);
        return items(grid, q.today(), coverage.pairingInstalled(), texts);
    }

    /** One item per checklist item some children of the grid have not done. */
    static List<TodoItem> items(Grid grid, LocalDate today, boolean pairingInstalled, Texts texts) {
        List<TodoItem> out = new ArrayList<>();
        LocalDate end = grid.semester().end();
        for (int i = 0; i < grid.items().size(); i++) {
            Item item = grid.items().get(i);
            Evidence ev = Evidence.parse(item.evidence());
            if (ev.source().equals("pair") && pairingInstalled) {
                continue;
            }
            List<Row> missing = new ArrayList<>();
            for (Row r : grid.rows()) {
                if (r.cells().get(i).status() == Status.MISSING) {
                    missing.add(r);
                }
            }
            if (missing.isEmpty()) {
                continue;
            }
            TodoItem.Builder b = TodoItem.builder(ActivitiesProgramme.ID, item.code()).due(end).overdue(end.isBefore(today))
                    .title(texts.zh("todo.item", item.nameZh(), missing.size()), texts.en("todo.item", item.nameEn(), missing.size()))
                    .link("p/" + ActivitiesProgramme.ID);
            if (missing.size() == 1) {
                b.childId(missing.get(0).child().id());
            }
            if (ev.source().equals("record")) {
                b.action(record(ev, missing, today, texts));
            }
            out.add(b.build());
        }
        return out;
    }

    private static TodoItem.Action record(Evidence ev, List<Row> missing, LocalDate today, Texts texts) {
        List<String> kinds = ev.values().stream().sorted().toList();
        TodoItem.ActionBuilder a = TodoItem.Action.builder(texts.zh("todo.record"), texts.en("todo.record"), "children/{childId}/records")
                .field(new Field("childId", FieldType.CHOICE, texts.zh("todo.field.child"), texts.en("todo.field.child"), true,
                        missing.stream().map(r -> new Option(r.child().id(), r.child().name(), r.child().name())).toList(),
                        missing.size() == 1 ? missing.get(0).child().id() : null));
        if (kinds.size() == 1) {
            a.value("kind", kinds.get(0));
        } else {
            a.field(new Field("kind", FieldType.CHOICE, texts.zh("todo.field.kind"), texts.en("todo.field.kind"), true,
                    kinds.stream().map(k -> new Option(k, texts.zh("record." + k), texts.en("record." + k))).toList(), kinds.get(0)));
        }
        a.field(Field.of("occurredOn", FieldType.DATE, texts.zh("todo.field.occurredOn"), texts.en("todo.field.occurredOn"), true)
                .withInitial(today.toString()));
        if (kinds.contains("LETTER")) {
            a.field(Field.of("counterpart", FieldType.TEXT, texts.zh("todo.field.counterpart"), texts.en("todo.field.counterpart"), true));
            a.field(new Field("occasion", FieldType.CHOICE, texts.zh("todo.field.occasion"), texts.en("todo.field.occasion"), true,
                    Arrays.stream(Occasion.values()).map(o -> new Option(o.name(), texts.zh("todo.occasion." + o),
                            texts.en("todo.occasion." + o))).toList(), null));
        }
        return a.build();
    }
}
