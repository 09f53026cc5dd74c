package org.guanai.plugin.home.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.dto.Staff;
import org.guanai.plugin.home.internal.Model.Call;
import org.guanai.plugin.home.internal.Model.CallKind;
import org.guanai.plugin.home.internal.Model.Duty;
import org.guanai.plugin.home.internal.Model.Equipment;
import org.guanai.plugin.home.internal.Model.Hours;
import org.guanai.plugin.home.internal.Model.Item;
import org.guanai.plugin.home.internal.Model.Loan;
import org.guanai.plugin.home.internal.Model.Range;
import org.guanai.plugin.home.internal.Model.Standard;
import org.guanai.plugin.home.internal.Model.Talk;
import org.guanai.plugin.home.internal.Model.Tv;
import org.guanai.sdk.export.Column;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.ProgrammeApi;
import org.guanai.sdk.http.Reply;
import org.guanai.sdk.http.Request;
import org.guanai.sdk.http.Route;
import org.guanai.sdk.http.Routes;
import org.guanai.sdk.i18n.FieldErrors;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The routes under {@code /api/programmes/home/}, declared once: the home's 八有, equipment, hours and duty roster
 * ({@code home.manage}), and its logs — loans, calls and videos, talks (read audited), the TV log — and their xlsx. A log
 * shows only the children the caller reaches (a teacher: her classes).
 */
@Component(service = ProgrammeApi.class)
public final class HomeApi implements ProgrammeApi {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

    /** A check of one item of the 八有. */
    public record Check(Boolean met, String evidence, LocalDate checkedOn) {
    }

    /** The 八有, with the items not met. */
    public record StandardView(List<Standard> items, int met, List<Item> missing) {
    }

    /** An item of the school's own equipment, or (only {@code present}) a count. */
    public record EquipmentInput(String name, Integer required, Integer present) {
    }

    /** The equipment, with the items short of the checklist. */
    public record EquipmentView(List<Equipment> items, int shortItems) {
    }

    /** A turn on duty: a date or a weekday; a class or the children named. */
    public record DutyInput(Long staffId, LocalDate onDate, Integer weekday, Long classId, String responsible) {
    }

    /** A loan; {@code returnedOn} when it is given back. */
    public record LoanInput(Long childId, String title, LocalDate lentOn, LocalDate dueOn) {
    }

    /** The day a book came back. */
    public record ReturnInput(LocalDate returnedOn) {
    }

    /** A call or video: whom as one of the child's guardians or parents (by id), or a name. */
    public record CallInput(Long childId, CallKind kind, Long guardianId, Long parentId, String whom, LocalDateTime startedAt, Integer minutes) {
    }

    /** A guardian ({@code guardianId}) or parent ({@code parentId}) of a child; {@code kind} its GuardianKind or ParentRole. */
    public record Person(Long guardianId, Long parentId, String name, String relation, String kind) {
    }

    /** Whom a child may call: its guardians and living parents. */
    public record Family(long childId, List<Person> items) {
    }

    /** A talk. */
    public record TalkInput(Long childId, Long staffId, LocalDate heldOn, String summary) {
    }

    /** A programme shown on the TV. */
    public record TvInput(LocalDate shownOn, String title, Integer minutes, Integer children) {
    }

    private final HomeStore store;
    private final ChildService children;
    private final GuardianService families;
    private final AuditTrail audit;
    private final Exports exports;
    private final CareCalendar calendar;

    @Activate
    public HomeApi(@Reference HomeStore store, @Reference ChildService children, @Reference GuardianService families, @Reference AuditTrail audit,
            @Reference Exports exports, @Reference CareCalendar calendar) {
        this.store = store;
        this.children = children;
        this.families = families;
        this.audit = audit;
        this.exports = exports;
        this.calendar = calendar;
    }

    @Override
    public void routes(Routes r) {
        r.get("standard", rq -> standard(rq.school())).summary("八有达标情况", "The 八有 (eight haves): met or not, with evidence")
                .returns(StandardView.class);
        r.put("standard/{item}", this::check).permission("manage").summary("检查八有中的一项", "Check one item of the 八有").body(Check.class)
                .returns(Standard.class);
        r.get("equipment", rq -> equipment(rq.school())).summary("设备与清单对照（缺口）", "Equipment against the checklist (shortfalls)")
                .returns(EquipmentView.class);
        r.post("equipment", this::addEquipment).permission("manage").summary("添加学校自有设备", "Add an item of the school's own")
                .body(EquipmentInput.class).returns(Equipment.class);
        r.put("equipment/{item}", this::count).permission("manage").summary("登记现有数量", "Record the quantity present")
                .body(EquipmentInput.class).returns(Equipment.class);
        r.delete("equipment/{item}", rq -> {
            if (equipmentItem(rq).code() != null) {
                throw rq.texts().refuse(409, "seeded", "error.seeded");
            }
            store.deleteEquipment(rq.school(), rq.id("item"));
            return null;
        }).permission("manage").summary("删除学校自有设备", "Delete an item of the school's own");
        r.get("hours", rq -> store.hours(rq.school())).summary("开放时间", "Opening hours").returns(Hours.class);
        r.put("hours", this::hours).permission("manage").summary("设置开放时间", "Set the opening hours").body(Hours.class).returns(Hours.class);
        r.get("duty", rq -> Map.of("items", store.duties(rq.school()))).summary("值班表（包保责任制）", "The duty roster (包保责任制)")
                .returns(Duty.class);
        r.post("duty", this::duty).permission("manage").summary("安排值班", "Put a staff member on duty").body(DutyInput.class).returns(Duty.class);
        r.delete("duty/{duty}", rq -> {
            if (!store.deleteDuty(rq.school(), rq.id("duty"))) {
                throw new NotFoundException("home_duty", rq.id("duty"));
            }
            return null;
        }).permission("manage").summary("取消值班", "Remove a turn on duty");
        paged(r.get("loans", rq -> named(rq, store.loans(rq.school(), reach(rq), rq.flag("overdue"), calendar.today(), rq.paging().page(),
                rq.paging().size()), Loan::childId, (l, n) -> new Loan(l.id(), l.childId(), n, l.title(), l.lentOn(), l.dueOn(), l.returnedOn(),
                        l.overdue()))).summary("图书借阅登记（最近的在前；overdue=true 逾期未还）", "Book loans (the latest first; overdue=true: overdue)")
                .returns(Page.class).query("overdue", Boolean.class, "只看逾期未还", "Overdue only"));
        r.post("loans", this::lend).summary("登记借书", "Lend a book").body(LoanInput.class).returns(Loan.class);
        r.put("loans/{loan}/return", this::giveBack).summary("登记还书", "Record a book returned").body(ReturnInput.class).returns(Loan.class);
        range(paged(r.get("calls", rq -> named(rq, store.calls(rq.school(), reach(rq), from(rq), to(rq), rq.paging().page(), rq.paging().size()),
                Call::childId, (c, n) -> new Call(c.id(), c.childId(), n, c.kind(), c.guardianId(), c.parentId(), c.whom(), c.startedAt(),
                        c.minutes()))).summary("亲情电话和视频记录", "Family calls and videos").returns(Page.class)));
        r.get("children/{child}/family", rq -> family(rq.school(), rq.child("child").id()))
                .summary("一名儿童的监护人和家长（通话对象）", "A child's guardians and parents, to call").returns(Family.class);
        r.post("calls", this::call).summary("登记一次亲情电话或视频", "Record a family call or video").body(CallInput.class).returns(Call.class);
        paged(r.get("talks", this::talks).summary("谈心记录（记入审计日志）", "Talks (audited)").returns(Page.class));
        r.post("talks", this::talk).summary("登记一次谈心", "Record a talk").body(TalkInput.class).returns(Talk.class);
        range(paged(r.get("tv", rq -> store.tvs(rq.school(), from(rq), to(rq), rq.paging().page(), rq.paging().size()))
                .summary("电视播放节目记录", "The TV log").returns(Page.class)));
        r.post("tv", this::tv).summary("登记一次电视节目", "Record a programme shown").body(TvInput.class).returns(Tv.class);
        range(r.get("logs.xlsx", this::export).summary("借阅、通话和电视记录（xlsx，中文）", "Loans, calls and the TV log (xlsx, in 中文)")
                .produces(XLSX));
    }

    private static Route paged(Route r) {
        return r.query("page", Integer.class, "页码（从 0 起）", "Page (from 0)").query("size", Integer.class, "每页条数（1–500）", "Page size (1–500)");
    }

    private static Route range(Route r) {
        return r.query("from", LocalDate.class, "起始日期（默认本学期第一天）", "First day (default: the semester's first)")
                .query("to", LocalDate.class, "截止日期（默认学期末，之后的假期里为今天）", "Last day (default: the semester's last; in the holidays after it, today)");
    }

    StandardView standard(long school) {
        List<Standard> items = store.standard(school);
        List<Item> missing = items.stream().filter(s -> !s.met()).map(Standard::item).toList();
        return new StandardView(items, items.size() - missing.size(), missing);
    }

    EquipmentView equipment(long school) {
        List<Equipment> items = store.equipment(school);
        return new EquipmentView(items, (int) items.stream().filter(e -> e.shortfall() > 0).count());
    }

    private Standard check(Request rq) {
        Item item = java.util.Arrays.stream(Item.values()).filter(i -> i.name().equals(rq.path("item"))).findFirst()
                .orElseThrow(() -> new NotFoundException("home_standard", 0));
        Check in = rq.body(Check.class);
        FieldErrors e = rq.texts().errors();
        e.check(in.met() == null, "met", "error.met");
        String evidence = e.text(in.evidence(), 2000, false, "evidence", "error.evidence");
        e.check(in.checkedOn() == null || in.checkedOn().isAfter(calendar.today()), "checkedOn", "error.checkedOn");
        e.throwIfAny();
        Standard s = new Standard(item, in.met(), evidence, in.checkedOn(), rq.user());
        store.check(rq.school(), s);
        return s;
    }

    private Equipment equipmentItem(Request rq) {
        return store.equipmentItem(rq.school(), rq.id("item")).orElseThrow(() -> new NotFoundException("home_equipment", rq.id("item")));
    }

    private Object addEquipment(Request rq) {
        EquipmentInput in = rq.body(EquipmentInput.class);
        FieldErrors e = rq.texts().errors();
        String name = e.text(in.name(), 100, true, "name", "error.name");
        quantity(in.required(), "required", e, true);
        quantity(in.present(), "present", e, false);
        e.throwIfAny();
        Equipment saved = store.addEquipment(rq.school(), name, in.required(), in.present() == null ? 0 : in.present());
        return Reply.created(rq.link("equipment/" + saved.id()), saved);
    }

    private Equipment count(Request rq) {
        Equipment old = equipmentItem(rq);
        EquipmentInput in = rq.body(EquipmentInput.class);
        FieldErrors e = rq.texts().errors();
        quantity(in.present(), "present", e, true);
        if (in.name() != null || in.required() != null) {
            e.add(in.name() != null ? "name" : "required", "error.onlyPresent");
        }
        e.throwIfAny();
        store.setPresent(rq.school(), old.id(), in.present());
        return equipmentItem(rq);
    }

    private static void quantity(Integer n, String field, FieldErrors e, boolean needed) {
        if (n == null ? needed : n < 0 || n > 100_000) {
            e.add(field, "error.quantity");
        }
    }

    private Hours hours(Request rq) {
        Hours in = rq.body(Hours.class);
        FieldErrors e = rq.texts().errors();
        List<Range> ranges = in.ranges() == null ? List.of() : in.ranges();
        e.check(ranges.size() > 28, "ranges", "error.ranges");
        for (int i = 0; i < ranges.size(); i++) {
            Range g = ranges.get(i);
            String f = "ranges[" + i + "].";
            e.check(g.weekday() == null || g.weekday() < 1 || g.weekday() > 7, f + "weekday", "error.weekday");
            if (g.opens() == null || !TIME.matcher(g.opens()).matches()) {
                e.add(f + "opens", "error.time");
            } else {
                boolean closes = g.closes() != null && TIME.matcher(g.closes()).matches() && g.closes().compareTo(g.opens()) > 0;
                e.check(!closes, f + "closes", "error.closes");
            }
        }
        String note = e.text(in.note(), 500, false, "note", "error.note");
        e.throwIfAny();
        store.setHours(rq.school(), new Hours(ranges, note));
        return store.hours(rq.school());
    }

    private Object duty(Request rq) {
        DutyInput in = rq.body(DutyInput.class);
        FieldErrors e = rq.texts().errors();
        e.check(in.staffId() == null, "staffId", "error.staff");
        if ((in.onDate() == null) == (in.weekday() == null)) {
            e.add("onDate", "error.dutyDay");
        } else {
            e.check(in.weekday() != null && (in.weekday() < 1 || in.weekday() > 7), "weekday", "error.weekday");
        }
        String responsible = e.text(in.responsible(), 200, false, "responsible", "error.responsible");
        e.throwIfAny();
        Staff staff = rq.staffRef("staffId", in.staffId());
        Long cls = in.classId() == null ? null : rq.classRef("classId", in.classId()).id();
        Duty d = new Duty(null, staff.id(), staff.name(), in.onDate(), in.weekday(), cls, responsible);
        long id = store.addDuty(rq.school(), d);
        return Reply.created(rq.link("duty/" + id), new Duty(id, d.staffId(), d.staffName(), d.onDate(), d.weekday(), d.classId(), responsible));
    }

    private Object lend(Request rq) {
        LoanInput in = rq.body(LoanInput.class);
        FieldErrors e = rq.texts().errors();
        e.check(in.childId() == null, "childId", "error.child");
        String title = e.text(in.title(), 200, true, "title", "error.title");
        e.check(in.lentOn() == null || in.lentOn().isAfter(calendar.today()), "lentOn", "error.lentOn");
        e.check(in.dueOn() == null || in.lentOn() != null && in.dueOn().isBefore(in.lentOn()), "dueOn", "error.dueOn");
        e.throwIfAny();
        String child = rq.childRef("childId", in.childId()).name();
        long id = store.lend(rq.school(), in.childId(), title, in.lentOn(), in.dueOn(), rq.user());
        Loan l = store.loan(rq.school(), id, calendar.today()).orElseThrow();
        return Reply.created(rq.link("loans/" + id), withName(l, child));
    }

    private static Loan withName(Loan l, String name) {
        return new Loan(l.id(), l.childId(), name, l.title(), l.lentOn(), l.dueOn(), l.returnedOn(), l.overdue());
    }

    private Loan giveBack(Request rq) {
        Loan l = store.loan(rq.school(), rq.id("loan"), calendar.today()).filter(x -> !names(rq, List.of(x.childId())).isEmpty())
                .orElseThrow(() -> new NotFoundException("home_loan", rq.id("loan")));
        ReturnInput in = rq.body(ReturnInput.class);
        if (in.returnedOn() == null || in.returnedOn().isBefore(l.lentOn()) || in.returnedOn().isAfter(calendar.today())) {
            throw rq.texts().invalid("returnedOn", "error.returnedOn");
        }
        if (!store.giveBack(rq.school(), l.id(), in.returnedOn())) {
            throw rq.texts().refuse(409, "returned", "error.returned");
        }
        return withName(store.loan(rq.school(), l.id(), calendar.today()).orElseThrow(), names(rq, List.of(l.childId())).get(l.childId()));
    }

    private Object call(Request rq) {
        CallInput in = rq.body(CallInput.class);
        FieldErrors e = rq.texts().errors();
        e.check(in.childId() == null, "childId", "error.child");
        e.check(in.kind() == null, "kind", "error.callKind");
        String whom = e.text(in.whom(), 100, false, "whom", "error.whom");
        int given = (in.guardianId() == null ? 0 : 1) + (in.parentId() == null ? 0 : 1) + (whom == null ? 0 : 1);
        e.check(given != 1, "whom", "error.whom");
        e.check(in.startedAt() == null || in.startedAt().isAfter(LocalDateTime.now(calendar.clock())), "startedAt", "error.startedAt");
        e.check(in.minutes() == null || in.minutes() < 1 || in.minutes() > 240, "minutes", "error.minutes");
        e.throwIfAny();
        String child = rq.childRef("childId", in.childId()).name();
        if (whom == null) {
            whom = family(rq.school(), in.childId()).items().stream().filter(p -> in.guardianId() != null ? in.guardianId().equals(p.guardianId())
                    : in.parentId().equals(p.parentId())).map(Person::name).findFirst()
                    .orElseThrow(() -> rq.texts().invalid(in.guardianId() != null ? "guardianId" : "parentId", "error.notFamily"));
        }
        Call c = new Call(null, in.childId(), child, in.kind(), in.guardianId(), in.parentId(), whom, in.startedAt().withSecond(0).withNano(0),
                in.minutes());
        long id = store.call(rq.school(), c, rq.user());
        return Reply.created(rq.link("calls/" + id), new Call(id, c.childId(), child, c.kind(), c.guardianId(), c.parentId(), whom, c.startedAt(),
                c.minutes()));
    }

    /** The child's guardians, then its living parents, as the registry keeps them (contacts not read, no audited read). */
    Family family(long school, long child) {
        List<Person> out = new ArrayList<>();
        families.forEachFamily(ChildQuery.ofSchool(school), List.of(child), f -> {
            f.guardians().forEach(g -> out.add(new Person(g.id(), null, g.name(), g.relation() == null || g.relation().isBlank() ? null
                    : g.relation().strip(), g.kind().name())));
            f.parents().stream().filter(p -> !p.deceased()).forEach(p -> out.add(new Person(null, p.id(), p.name(), null, p.role().name())));
        });
        return new Family(child, out);
    }

    private Object talks(Request rq) {
        Page<Talk> page = named(rq, store.talks(rq.school(), reach(rq), rq.paging().page(), rq.paging().size()), Talk::childId,
                (t, n) -> new Talk(t.id(), t.childId(), n, t.staffId(), t.staffName(), t.heldOn(), t.summary()));
        Map<Long, Integer> perChild = new HashMap<>();
        page.items().forEach(t -> perChild.merge(t.childId(), 1, Integer::sum));
        perChild.forEach((child, n) -> audit.record("READ", "home.talk", String.valueOf(child), child, rq.school(), n + " talks"));
        return page;
    }

    private Object talk(Request rq) {
        TalkInput in = rq.body(TalkInput.class);
        FieldErrors e = rq.texts().errors();
        e.check(in.childId() == null, "childId", "error.child");
        e.check(in.staffId() == null, "staffId", "error.staff");
        e.check(in.heldOn() == null || in.heldOn().isAfter(calendar.today()), "heldOn", "error.heldOn");
        String summary = e.text(in.summary(), 2000, true, "summary", "error.summary");
        e.throwIfAny();
        String child = rq.childRef("childId", in.childId()).name();
        Staff staff = rq.staffRef("staffId", in.staffId());
        Talk t = new Talk(null, in.childId(), child, staff.id(), staff.name(), in.heldOn(), summary);
        long id = store.talk(rq.school(), t, rq.user());
        audit.record("CREATE", "home.talk", String.valueOf(id), in.childId(), rq.school(), null);
        return Reply.created(rq.link("talks/" + id), new Talk(id, t.childId(), child, t.staffId(), t.staffName(), t.heldOn(), summary));
    }

    private Object tv(Request rq) {
        TvInput in = rq.body(TvInput.class);
        FieldErrors e = rq.texts().errors();
        e.check(in.shownOn() == null || in.shownOn().isAfter(calendar.today()), "shownOn", "error.shownOn");
        String title = e.text(in.title(), 200, true, "title", "error.title");
        e.check(in.minutes() == null || in.minutes() < 1 || in.minutes() > 600, "minutes", "error.tvMinutes");
        e.check(in.children() == null || in.children() < 0 || in.children() > 2000, "children", "error.children");
        e.throwIfAny();
        Tv t = new Tv(null, in.shownOn(), title, in.minutes(), in.children());
        long id = store.tv(rq.school(), t, rq.user());
        return Reply.created(rq.link("tv/" + id), new Tv(id, t.shownOn(), title, t.minutes(), t.children()));
    }

    // ---- helpers

    private LocalDate from(Request rq) {
        return rq.date("from").orElseGet(() -> calendar.semester(calendar.today()).start());
    }

    /** The last day asked, by default the semester's last day or, in the holidays after it, today. */
    private LocalDate to(Request rq) {
        LocalDate today = calendar.today();
        LocalDate end = calendar.semester(today).end();
        LocalDate to = rq.date("to").orElse(end.isBefore(today) ? today : end);
        if (to.isBefore(from(rq))) {
            throw rq.texts().invalid("to", "error.to");
        }
        return to;
    }

    /** @return the children of the school the caller reaches, or {@code null} when it reaches them all */
    private Collection<Long> reach(Request rq) {
        if (rq.caller().allClasses()) {
            return null;
        }
        List<Long> ids = new ArrayList<>();
        children.forEach(ChildQuery.builder().schoolId(rq.school()).includeArchived(true).size(ChildQuery.MAX_SIZE).build(), c -> ids.add(c.id()));
        return ids;
    }

    /** @return the names of the children of these ids the caller reaches (archived ones too) */
    private Map<Long, String> names(Request rq, Collection<Long> ids) {
        Map<Long, String> out = new HashMap<>();
        children.forEachOf(ChildQuery.builder().schoolId(rq.school()).includeArchived(true).size(ChildQuery.MAX_SIZE).build(),
                new LinkedHashSet<>(ids), c -> out.put(c.id(), c.name()));
        return out;
    }

    /** A page of log rows with the children's names; a row of a child the caller does not reach is left out. */
    private <T> Page<T> named(Request rq, Page<T> page, ToLongFunction<T> child, java.util.function.BiFunction<T, String, T> name) {
        Map<Long, String> names = names(rq, page.items().stream().map(child::applyAsLong).toList());
        return new Page<>(page.items().stream().filter(t -> names.containsKey(child.applyAsLong(t))).map(t -> name.apply(t, names.get(
                child.applyAsLong(t)))).toList(), page.total(), page.page(), page.size());
    }

    /** The logs of a range as an xlsx in 中文: loans, calls and videos, the TV log; words, not codes. */
    private Reply export(Request rq) {
        Texts t = rq.texts();
        LocalDate from = from(rq);
        LocalDate to = to(rq);
        DateTimeFormatter minute = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        Table.Builder loans = Table.builder(t.zh("export.loans"), col(t, "child"), col(t, "title"), col(t, "lentOn"), col(t, "dueOn"),
                col(t, "returnedOn"), col(t, "overdue"));
        all(p -> named(rq, store.loans(rq.school(), reach(rq), false, calendar.today(), p, 500), Loan::childId, HomeApi::withName)).stream()
                .filter(l -> !l.lentOn().isBefore(from) && !l.lentOn().isAfter(to))
                .forEach(l -> loans.row(l.childName(), l.title(), l.lentOn(), l.dueOn(), l.returnedOn(), l.overdue()));
        Table.Builder calls = Table.builder(t.zh("export.calls"), col(t, "child"), col(t, "kind"), col(t, "whom"), col(t, "startedAt"),
                col(t, "minutes"));
        all(p -> named(rq, store.calls(rq.school(), reach(rq), from, to, p, 500), Call::childId, (c, n) -> new Call(c.id(), c.childId(), n,
                c.kind(), c.guardianId(), c.parentId(), c.whom(), c.startedAt(), c.minutes())))
                .forEach(c -> calls.row(c.childName(), t.label("kind." + c.kind()), c.whom(), minute.format(c.startedAt()), (long) c.minutes()));
        Table.Builder tv = Table.builder(t.zh("export.tv"), col(t, "shownOn"), col(t, "programme"), col(t, "minutes"), col(t, "present"));
        all(p -> store.tvs(rq.school(), from, to, p, 500)).forEach(v -> tv.row(v.shownOn(), v.title(), (long) v.minutes(), (long) v.children()));
        return Reply.file(exports.xlsx(t.zh("export.file") + " " + from + "至" + to, List.of(loans.build(), calls.build(), tv.build())));
    }

    private static <T> List<T> all(Function<Integer, Page<T>> pages) {
        List<T> out = new ArrayList<>();
        for (int p = 0;; p++) {
            Page<T> page = pages.apply(p);
            out.addAll(page.items());
            if ((long) (p + 1) * page.size() >= page.total()) {
                return out;
            }
        }
    }

    private static Column col(Texts t, String key) {
        return new Column(t.zh("export." + key), t.en("export." + key));
    }
}
