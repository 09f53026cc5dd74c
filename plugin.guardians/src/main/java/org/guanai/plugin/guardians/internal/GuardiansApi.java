package org.guanai.plugin.guardians.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.Staff;
import org.guanai.plugin.guardians.internal.Model.Attendee;
import org.guanai.plugin.guardians.internal.Model.HistoryItem;
import org.guanai.plugin.guardians.internal.Model.Kind;
import org.guanai.plugin.guardians.internal.Model.Person;
import org.guanai.plugin.guardians.internal.Model.Session;
import org.guanai.sdk.export.Column;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.ProgrammeApi;
import org.guanai.sdk.http.Reply;
import org.guanai.sdk.http.Request;
import org.guanai.sdk.http.Routes;
import org.guanai.sdk.i18n.FieldErrors;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The routes under {@code /api/programmes/guardians/}, declared once: a school's sessions, their attendance sheet (the
 * guardians and parents of the children the caller reaches, from the registry) and its xlsx, and a child's guardians'
 * training history.
 */
@Component(service = ProgrammeApi.class)
public final class GuardiansApi implements ProgrammeApi {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** A session as a client writes it; {@code version} only for an update. */
    public record SessionInput(Kind kind, String topic, LocalDate heldOn, String place, Long classId, Long organiserId, List<String> materials,
            String notes, Long version) {
    }

    /** One person's attendance: a child and one of its guardians or parents (by registry id), attended or not. */
    public record Mark(Long childId, Long guardianId, Long parentId, Boolean attended) {
    }

    /** The marks of a sheet. */
    public record Marks(List<Mark> marks) {
    }

    /** A session with its sheet. */
    public record Sheet(Session session, List<Attendee> items) {
    }

    /** A child's guardians' training history. */
    public record History(long childId, List<HistoryItem> items) {
    }

    private final SessionStore store;
    private final GuardianService families;
    private final ChildService children;
    private final Exports exports;
    private final CareCalendar calendar;

    @Activate
    public GuardiansApi(@Reference SessionStore store, @Reference GuardianService families, @Reference ChildService children,
            @Reference Exports exports, @Reference CareCalendar calendar) {
        this.store = store;
        this.families = families;
        this.children = children;
        this.exports = exports;
        this.calendar = calendar;
    }

    @Override
    public void routes(Routes r) {
        r.get("sessions", rq -> store.list(rq.school(), rq.enumQuery("kind", Kind.class).orElse(null), rq.paging().page(), rq.paging().size()))
                .summary("学校的家长学校活动，最近的在前（分页）", "The school's sessions, the latest first (paged)").returns(Page.class)
                .query("kind", Kind.class, "活动类型", "The kind").query("page", Integer.class, "页码（从 0 起）", "Page (from 0)")
                .query("size", Integer.class, "每页条数（1–500）", "Page size (1–500)");
        r.post("sessions", rq -> {
            Session s = store.create(session(rq, null));
            return Reply.created(rq.link("sessions/" + s.id()), s);
        }).summary("登记一次活动", "Record a session").body(SessionInput.class).returns(Session.class);
        r.get("sessions/{session}", this::find).summary("一次活动", "A session").returns(Session.class);
        r.put("sessions/{session}", rq -> store.update(session(rq, find(rq))))
                .summary("修改一次活动（带版本号）", "Change a session (with its version)").body(SessionInput.class).returns(Session.class);
        r.delete("sessions/{session}", rq -> {
            store.delete(rq.school(), find(rq).id());
            return null;
        }).summary("删除一次活动及其出勤", "Delete a session and its attendance");
        r.get("sessions/{session}/attendance", rq -> sheet(rq, find(rq)))
                .summary("签到表：所及儿童的监护人和家长及其出勤", "The sheet: the reached children's guardians and parents, and their attendance")
                .returns(Sheet.class);
        r.put("sessions/{session}/attendance", this::mark).summary("登记出勤", "Record attendance").body(Marks.class).returns(Sheet.class);
        r.get("sessions/{session}/attendance.xlsx", rq -> Reply.file(export(rq.texts(), sheet(rq, find(rq)))))
                .summary("签到表（xlsx，中文）", "The attendance sheet (xlsx, in 中文)").produces(XLSX);
        r.get("children/{child}/history", rq -> new History(rq.child("child").id(), store.history(rq.school(), rq.child("child").id())))
                .summary("一名儿童的监护人和家长参加家长学校的记录", "A child's guardians' and parents' sessions").returns(History.class);
    }

    private Session find(Request rq) {
        return store.get(rq.school(), rq.id("session")).orElseThrow(() -> new NotFoundException("guardians_session", rq.id("session")));
    }

    /** The input of a create or an update, checked: every field at fault named at once. */
    private Session session(Request rq, Session old) {
        SessionInput in = rq.body(SessionInput.class);
        FieldErrors e = rq.texts().errors();
        if (in.kind() == null) {
            e.add("kind", "error.kind");
        }
        String topic = text(in.topic());
        if (topic == null || topic.length() > 200) {
            e.add("topic", "error.topic");
        }
        if (in.heldOn() == null) {
            e.add("heldOn", "error.heldOn");
        }
        String place = text(in.place());
        if (place == null || place.length() > 200) {
            e.add("place", "error.place");
        }
        List<String> materials = new ArrayList<>();
        List<String> given = in.materials() == null ? List.of() : in.materials();
        for (int i = 0; i < given.size(); i++) {
            String m = text(given.get(i));
            if (m != null && (m.length() > 300 || m.contains("\n") || m.contains("\r"))) {
                e.add("materials[" + i + "]", "error.material");
            } else if (m != null) {
                materials.add(m);
            }
        }
        if (materials.size() > 20) {
            e.add("materials", "error.materials");
        }
        String notes = text(in.notes());
        if (notes != null && notes.length() > 2000) {
            e.add("notes", "error.notes");
        }
        if (old != null && in.version() == null) {
            e.add("version", "error.version");
        }
        e.throwIfAny();
        Long cls = in.classId() == null ? null : rq.classRef("classId", in.classId()).id();
        Staff organiser = in.organiserId() == null ? null : rq.staffRef("organiserId", in.organiserId());
        return new Session(old == null ? null : old.id(), old == null ? 0 : in.version(), rq.school(), cls, in.kind(), topic, in.heldOn(), place,
                organiser == null ? null : organiser.id(), organiser == null ? null : organiser.name(), materials, notes,
                old == null ? rq.user() : old.createdBy(), 0, 0);
    }

    private static String text(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String key(long child, Person p, long id) {
        return child + "/" + p + "/" + id;
    }

    /** The guardians and parents of the children of the session's school (or class) the caller reaches, with the marks. */
    private Sheet sheet(Request rq, Session s) {
        Map<String, Attendee> marked = new LinkedHashMap<>();
        store.attendance(s.id()).forEach(a -> marked.put(key(a.childId(), a.person(), a.personId()), a));
        List<Attendee> out = new ArrayList<>();
        families.forEachFamily(ChildQuery.builder().schoolId(s.schoolId()).classId(s.classId()).size(ChildQuery.MAX_SIZE).build(),
                f -> people(rq.texts(), f).forEach(p -> {
                    Attendee m = marked.remove(key(p.childId(), p.person(), p.personId()));
                    out.add(m == null ? p : new Attendee(p.childId(), p.childName(), p.person(), p.personId(), m.name(), m.relation(), m.attended()));
                }));
        // marks of people no longer on the child's card, or of children the caller reaches but who left the class
        Map<Long, String> names = new HashMap<>();
        children.forEachOf(ChildQuery.builder().schoolId(s.schoolId()).includeArchived(true).size(ChildQuery.MAX_SIZE).build(),
                marked.values().stream().map(Attendee::childId).distinct().toList(), c -> names.put(c.id(), c.name()));
        marked.values().stream().filter(m -> names.containsKey(m.childId())).forEach(m -> out.add(new Attendee(m.childId(), names.get(m.childId()),
                m.person(), m.personId(), m.name(), m.relation(), m.attended())));
        return new Sheet(s, out);
    }

    /** A family's guardians, then its living parents, with their relation to the child in words. */
    static List<Attendee> people(Texts t, GuardianService.Family f) {
        List<Attendee> out = new ArrayList<>();
        for (Guardian g : f.guardians()) {
            String relation = g.relation() == null || g.relation().isBlank() ? t.zh("guardianKind." + g.kind()) : g.relation().strip();
            out.add(new Attendee(f.child().id(), f.child().name(), Person.GUARDIAN, g.id(), g.name(), relation, null));
        }
        for (Parent p : f.parents()) {
            if (!p.deceased()) {
                out.add(new Attendee(f.child().id(), f.child().name(), Person.PARENT, p.id(), p.name(), t.zh("parent." + p.role()), null));
            }
        }
        return out;
    }

    private Sheet mark(Request rq) {
        Session s = find(rq);
        Marks in = rq.body(Marks.class);
        Texts t = rq.texts();
        if (s.heldOn().isAfter(calendar.today())) {
            throw t.refuse(409, "not_held", "error.notHeld");
        }
        FieldErrors e = t.errors();
        List<Mark> marks = in.marks() == null ? List.of() : in.marks();
        if (marks.isEmpty()) {
            e.add("marks", "error.marks");
        }
        Map<Long, Child> reached = new HashMap<>();
        for (int i = 0; i < marks.size(); i++) {
            Mark m = marks.get(i);
            String f = "marks[" + i + "].";
            if (m.childId() == null) {
                e.add(f + "childId", "error.person");
            } else {
                reached.put(m.childId(), rq.childRef(f + "childId", m.childId()));
            }
            if ((m.guardianId() == null) == (m.parentId() == null)) {
                e.add(f + "guardianId", "error.person");
            }
            if (m.attended() == null) {
                e.add(f + "attended", "error.attended");
            }
        }
        e.throwIfAny();
        Map<String, Attendee> known = new HashMap<>();
        families.forEachFamily(ChildQuery.builder().schoolId(s.schoolId()).size(ChildQuery.MAX_SIZE).build(), reached.keySet(),
                fam -> people(t, fam).forEach(p -> known.put(key(p.childId(), p.person(), p.personId()), p)));
        List<Attendee> rows = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) {
            Mark m = marks.get(i);
            Person p = m.guardianId() != null ? Person.GUARDIAN : Person.PARENT;
            Attendee a = known.get(key(m.childId(), p, p == Person.GUARDIAN ? m.guardianId() : m.parentId()));
            if (a == null) {
                e.add("marks[" + i + "]." + (p == Person.GUARDIAN ? "guardianId" : "parentId"), "error.notGuardian");
            } else {
                rows.add(new Attendee(a.childId(), a.childName(), a.person(), a.personId(), a.name(), a.relation(), m.attended()));
            }
        }
        e.throwIfAny();
        store.mark(s.id(), rows, rq.user());
        return sheet(rq, store.get(s.schoolId(), s.id()).orElseThrow());
    }

    /** The sheet as an xlsx in 中文: the session, then one row per guardian or parent, words not codes. */
    org.guanai.sdk.http.Download export(Texts t, Sheet sheet) {
        Session s = sheet.session();
        Table about = Table.builder(t.zh("export.session"), col(t, "item"), col(t, "value"))
                .row(t.zh("export.kind"), t.label("kind." + s.kind())).row(t.zh("export.topic"), s.topic()).row(t.zh("export.heldOn"), s.heldOn())
                .row(t.zh("export.place"), s.place()).row(t.zh("export.organiser"), s.organiserName())
                .row(t.zh("export.materials"), String.join("；", s.materials())).row(t.zh("export.notes"), s.notes())
                .row(t.zh("export.marked"), (long) s.marked()).row(t.zh("export.attended"), (long) s.attended()).build();
        Table.Builder rows = Table.builder(t.zh("export.sheet"), col(t, "child"), col(t, "name"), col(t, "relation"), col(t, "present"));
        for (Attendee a : sheet.items()) {
            rows.row(a.childName(), a.name(), a.relation(), a.attended() == null ? t.zh("export.unmarked") : a.attended());
        }
        return exports.xlsx(t.zh("export.file") + " " + s.heldOn(), List.of(about, rows.build()));
    }

    private static Column col(Texts t, String key) {
        return new Column(t.zh("export." + key), t.en("export." + key));
    }
}
