package org.guanai.plugin.birthdays.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.todo.TodoContributor;
import org.guanai.core.api.todo.TodoItem;
import org.guanai.core.api.todo.TodoItem.Field;
import org.guanai.core.api.todo.TodoItem.FieldType;
import org.guanai.core.api.todo.TodoQuery;
import org.guanai.plugin.birthdays.internal.Views.Upcoming;
import org.guanai.plugin.birthdays.internal.Views.UpcomingItem;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This programme's part of the week's to-do list (本周待办): the birthdays of the week of the children the caller sees,
 * on the day the family keeps (公历 or 农历, as {@link BirthdayViews#upcoming} computes it), not celebrated yet (让每位
 * 留守学生过一个快乐的生日, domain §6.1). Recorded from the list as celebrated with a card and a wish through
 * {@code POST children/{child}/celebrations}; a birthday already in a party batch is done on the programme's page.
 */
@Component(service = TodoContributor.class, property = Programme.ID_PROPERTY + "=" + BirthdaysProgramme.ID)
public final class BirthdaysTodo implements TodoContributor {
    private final BirthdayViews views;
    private final Texts texts;

    @Activate
    public BirthdaysTodo(@Reference BirthdayViews views, @Reference Texts texts) {
        this.views = views;
        this.texts = texts;
    }

    @Override
    public List<TodoItem> items(TodoQuery q) {
        return items(views.upcoming(q.caller(), q.schoolId(), q.monday(), q.sunday(), BirthdayIndex.Mode.FAMILY, null, q.today()),
                q.today(), texts);
    }

    /** The week's birthdays not celebrated, as items: due on the birthday, overdue once it has passed. */
    static List<TodoItem> items(Upcoming week, LocalDate today, Texts texts) {
        List<TodoItem> out = new ArrayList<>();
        for (UpcomingItem b : week.items()) {
            if (b.celebration() != null && b.celebration().celebrated()) {
                continue;
            }
            String zh = b.age() == null ? texts.zh("todo.birthday") : texts.zh("todo.birthday.age", b.age());
            String en = b.age() == null ? texts.en("todo.birthday") : texts.en("todo.birthday.age", b.age());
            if (b.keptBy() == CalendarKind.LUNAR) {
                zh = texts.zh("todo.lunar", zh, b.dateLunar());
                en = texts.en("todo.lunar", en, b.dateLunar());
            }
            TodoItem.Builder item = TodoItem.builder(BirthdaysProgramme.ID, "BIRTHDAY").childId(b.childId()).due(b.date())
                    .overdue(b.date().isBefore(today)).title(zh, en)
                    .link("p/" + BirthdaysProgramme.ID);
            if (b.celebration() == null) {
                // one card and one wish (赠一张生日贺卡, 送一句生日祝福, [000 L839-841]); the wish's words may be written
                item.action(TodoItem.Action.builder(texts.zh("todo.celebrate"), texts.en("todo.celebrate"),
                        "children/" + b.childId() + "/celebrations").value("birthday", b.date().toString()).value("card", true)
                        .value("wish", true)
                        .field(Field.of("wishText", FieldType.TEXT, texts.zh("todo.wishText"), texts.en("todo.wishText"), false))
                        .build());
            }
            out.add(item.build());
        }
        return out;
    }
}
