package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.todo.TodoItem;
import org.guanai.core.registry.internal.todo.IsoWeek;
import org.guanai.core.registry.internal.todo.TodoBoard;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * 本周待办: {@code GET /api/todo?school=<id>[&week=2026-W49]}, the caller's items of the week (default: this week, China
 * time) from every programme enabled for the school ({@link TodoBoard}), overdue first, then by due date. Each item:
 * {@code programme, kind, childId, childName} (only for a child the caller sees; an item about a child beyond the
 * caller's reach is left out), {@code due, overdue, title_zh, title_en, record} (the form to post to the programme's
 * route: {@code label_zh, label_en, method, path, values, fields}) and {@code link}. Also {@code week, monday, sunday,
 * today, previous, next, programmes} (those that contributed) and {@code failed} (those whose contributor failed).
 */
@Component(service = Servlet.class, property = "guanai.route=GET /api/todo")
@HttpWhiteboardServletName("guanai-todo")
@HttpWhiteboardServletPattern("/api/todo")
public final class TodoServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient TodoBoard board;
    private final transient CallerContext callers;
    private final transient ChildService children;
    private final transient CareCalendar calendar;

    @Activate
    public TodoServlet(@Reference TodoBoard board, @Reference CallerContext callers, @Reference ChildService children,
            @Reference CareCalendar calendar) {
        this.board = board;
        this.callers = callers;
        this.children = children;
        this.calendar = calendar;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        if (!path.isEmpty()) {
            throw notFound();
        }
        if (!rq.getMethod().equals("GET")) {
            throw methodNotAllowed(rs, "GET");
        }
        Caller caller = callers.current().orElseThrow(() -> new HttpError(401, "unauthenticated", List.of()));
        long school = caller.schoolId()
                .orElseThrow(() -> new HttpError(400, "validation", List.of(messages.error("school", "error.required"))));
        LocalDate today = calendar.today();
        String week = rq.getParameter("week");
        LocalDate monday = week == null || week.isBlank() ? IsoWeek.mondayOf(today)
                : IsoWeek.monday(week).orElseThrow(() -> new HttpError(400, "validation", List.of(messages.error("week", "error.week"))));
        TodoBoard.Week answer = board.week(caller, school, monday, today);
        Map<Long, String> names = new HashMap<>();
        List<Long> ids = answer.items().stream().map(TodoItem::childId).filter(Objects::nonNull).distinct().toList();
        if (!ids.isEmpty()) {
            // the caller's reach: a 班主任 gets her classes' children only, masked as a list is (no read audited)
            children.forEachOf(ChildQuery.ofSchool(school), ids, c -> names.put(c.id(), c.name()));
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (TodoItem i : answer.items()) {
            if (i.childId() != null && !names.containsKey(i.childId())) {
                continue;
            }
            items.add(item(i, i.childId() == null ? null : names.get(i.childId())));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("school", school);
        out.put("week", IsoWeek.of(monday));
        out.put("monday", monday.toString());
        out.put("sunday", monday.plusDays(6).toString());
        out.put("today", today.toString());
        out.put("previous", IsoWeek.of(monday.minusWeeks(1)));
        out.put("next", IsoWeek.of(monday.plusWeeks(1)));
        out.put("programmes", answer.programmes());
        out.put("failed", answer.failed());
        out.put("items", items);
        write(rs, 200, out);
    }

    /** One item in the API's names. */
    static Map<String, Object> item(TodoItem i, String childName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("programme", i.programme());
        m.put("kind", i.kind());
        m.put("childId", i.childId());
        m.put("childName", childName);
        m.put("due", i.due().toString());
        m.put("overdue", i.overdue());
        m.put("title_zh", i.titleZh());
        m.put("title_en", i.titleEn());
        m.put("record", i.action() == null ? null : action(i.programme(), i.action()));
        m.put("link", i.link());
        return m;
    }

    private static Map<String, Object> action(String programme, TodoItem.Action a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label_zh", a.labelZh());
        m.put("label_en", a.labelEn());
        m.put("method", "POST");
        m.put("path", "/api/programmes/" + programme + "/" + a.path().replaceFirst("^/+", ""));
        m.put("values", a.values());
        List<Map<String, Object>> fields = new ArrayList<>();
        for (TodoItem.Field f : a.fields()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("name", f.name());
            fm.put("type", f.type().name());
            fm.put("label_zh", f.labelZh());
            fm.put("label_en", f.labelEn());
            fm.put("required", f.required());
            fm.put("initial", f.initial() instanceof LocalDate d ? d.toString() : f.initial());
            fm.put("options", f.options().stream().map(o -> {
                Map<String, Object> om = new LinkedHashMap<>();
                om.put("value", o.value());
                om.put("label_zh", o.labelZh());
                om.put("label_en", o.labelEn());
                return om;
            }).toList());
            fields.add(fm);
        }
        m.put("fields", fields);
        return m;
    }
}
