package org.guanai.plugin.subsidies.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.plugin.subsidies.internal.Model.Application;
import org.guanai.plugin.subsidies.internal.Model.Entry;
import org.guanai.plugin.subsidies.internal.Model.EntryKind;
import org.guanai.plugin.subsidies.internal.Model.Fund;
import org.guanai.plugin.subsidies.internal.Model.FundKind;
import org.guanai.plugin.subsidies.internal.Model.Level;
import org.guanai.plugin.subsidies.internal.Model.Status;
import org.guanai.plugin.subsidies.internal.Model.Total;
import org.guanai.sdk.data.ConflictException;
import org.guanai.sdk.export.Column;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.http.ProgrammeApi;
import org.guanai.sdk.http.Reply;
import org.guanai.sdk.http.Request;
import org.guanai.sdk.http.Routes;
import org.guanai.sdk.i18n.FieldErrors;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Semester;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The routes under {@code /api/programmes/subsidies/}, declared once: the funds and their amounts, applications with
 * the school's and the county's decisions, payments and 民政 allowances into the ledger, reversals, a child's ledger
 * (audited), a school's totals per semester and fund, and their xlsx. Amounts are JSON numbers in yuan with at most two
 * decimals, above 0 and at most {@link #CEILING}.
 */
@Component(service = ProgrammeApi.class)
public final class SubsidiesApi implements ProgrammeApi {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** The largest amount of one application or entry, in yuan. */
    static final BigDecimal CEILING = new BigDecimal("100000.00");

    public record ApplicationInput(Long childId, String fund, String semester, BigDecimal amount, String reason) {
    }

    /** A decision: {@code approve} true, or false with a {@code reason}. */
    public record Decision(Boolean approve, String reason) {
    }

    public record PaymentInput(LocalDate paidOn, BigDecimal amount, String reference) {
    }

    /** A 民政 allowance a child received, recorded as a fact. */
    public record AllowanceInput(String fund, LocalDate paidOn, BigDecimal amount, String reference, String note) {
    }

    public record ReversalInput(String reason) {
    }

    public record RateInput(Level level, Integer fromYear, BigDecimal amount) {
    }

    public record Applications(String semester, List<Application> items) {
    }

    /** A child's ledger: every entry, and the net amount received. */
    public record Ledger(long childId, String childName, List<Entry> items, BigDecimal total) {
    }

    /** A school's totals for a semester, per fund, and over all funds. */
    public record Totals(String semester, String semesterZh, String semesterEn, List<Total> items, BigDecimal amount) {
    }

    private final SubsidyStore store;
    private final ChildService children;
    private final AuditTrail audit;
    private final Exports exports;
    private final CareCalendar calendar;

    @Activate
    public SubsidiesApi(@Reference SubsidyStore store, @Reference ChildService children, @Reference AuditTrail audit, @Reference Exports exports,
            @Reference CareCalendar calendar) {
        this.store = store;
        this.children = children;
        this.audit = audit;
        this.exports = exports;
        this.calendar = calendar;
    }

    @Override
    public void routes(Routes r) {
        r.get("funds", rq -> store.funds()).summary("资助项目及其标准", "The funds and their amounts").returns(Fund.class);
        r.put("funds/{fund}/rates", this::rate).permission("county").summary("设置某学段自某学年起的资助标准", "Set a level's amount from a school year on")
                .body(RateInput.class).returns(Fund.class);
        r.get("applications", rq -> {
            Semester s = semester(rq);
            return new Applications(s.id(), named(rq, store.applications(rq.school(), s.id(), rq.enumQuery("status", Status.class).orElse(null))));
        }).summary("学校某学期的资助申请", "The school's applications of a semester").returns(Applications.class)
                .query("semester", String.class, "学期，如 2026-AUTUMN（默认本学期）", "Semester, e.g. 2026-AUTUMN (default: this one)")
                .query("status", Status.class, "状态", "Status");
        r.post("applications", this::apply).summary("为一名儿童申请资助", "Apply for a child").body(ApplicationInput.class).returns(Application.class);
        r.get("applications/{application}", rq -> named(rq, List.of(application(rq))).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("subsidies_application", rq.id("application"))))
                .summary("一份资助申请", "An application").returns(Application.class);
        r.post("applications/{application}/school", rq -> decide(rq, false)).permission("approve")
                .summary("学校审核：同意或不同意（说明理由）", "The school's decision: approve, or refuse with a reason").body(Decision.class).returns(Application.class);
        r.post("applications/{application}/county", rq -> decide(rq, true)).permission("county")
                .summary("县级审批：同意或不同意（说明理由）", "The county's decision: approve, or refuse with a reason").body(Decision.class).returns(Application.class);
        r.post("applications/{application}/payment", this::pay).summary("登记发放", "Record the payment").body(PaymentInput.class).returns(Entry.class);
        r.post("children/{child}/allowances", this::allowance).summary("登记儿童领取的民政救助", "Record a 民政 allowance the child received")
                .body(AllowanceInput.class).returns(Entry.class);
        r.get("children/{child}/ledger", this::ledger).summary("一名儿童的资助台账（记入审计日志）", "A child's ledger (audited)").returns(Ledger.class);
        r.post("entries/{entry}/reversal", this::reverse).summary("冲正一笔记录（说明原因）", "Reverse an entry, saying why").body(ReversalInput.class)
                .returns(Entry.class);
        r.get("totals", rq -> totals(rq, semester(rq))).summary("学校某学期按资助项目的合计", "The school's totals of a semester per fund")
                .returns(Totals.class).query("semester", String.class, "学期（默认本学期）", "Semester (default: this one)");
        r.get("totals.xlsx", rq -> Reply.file(export(rq, semester(rq)))).summary("学校某学期的资助合计与台账（xlsx，中文）",
                "The school's totals and ledger of a semester (xlsx, in 中文)").produces(XLSX)
                .query("semester", String.class, "学期（默认本学期）", "Semester (default: this one)");
    }

    private Semester semester(Request rq) {
        return rq.query("semester").map(id -> calendar.semester(id).orElseThrow(() -> rq.texts().invalid("semester", "error.semester")))
                .orElseGet(() -> calendar.semester(calendar.today()));
    }

    private Application application(Request rq) {
        return store.application(rq.school(), rq.id("application"))
                .orElseThrow(() -> new NotFoundException("subsidies_application", rq.id("application")));
    }

    /** The applications of the children the caller reaches, with their names. */
    private List<Application> named(Request rq, List<Application> list) {
        Map<Long, String> names = names(rq.school(), list.stream().map(Application::childId).toList());
        return list.stream().filter(a -> names.containsKey(a.childId())).map(a -> a.named(names.get(a.childId()))).toList();
    }

    private Map<Long, String> names(long school, List<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        if (!ids.isEmpty()) {
            children.forEachOf(ChildQuery.builder().schoolId(school).includeArchived(true).size(ChildQuery.MAX_SIZE).build(), ids.stream().distinct()
                    .toList(), c -> names.put(c.id(), c.name()));
        }
        return names;
    }

    /** Runs a change, answering the store's conflicts with 409 and their text. */
    private static <T> T guarded(Request rq, Supplier<T> change) {
        try {
            return change.get();
        } catch (ConflictException c) {
            if (c.code().equals("notFound")) {
                throw new NotFoundException("subsidies", 0);
            }
            throw rq.texts().refuse(409, c.code(), "conflict." + c.code());
        }
    }

    /** Checks an amount: above 0, at most two decimals, at most the ceiling; @return it with two places, or null when wrong */
    static BigDecimal amount(FieldErrors e, String field, BigDecimal a) {
        if (a == null || a.signum() <= 0 || a.stripTrailingZeros().scale() > 2 || a.compareTo(CEILING) > 0) {
            e.add(field, "error.amount", CEILING.toPlainString());
            return null;
        }
        return a.setScale(2, RoundingMode.UNNECESSARY);
    }

    private Object apply(Request rq) {
        ApplicationInput in = rq.body(ApplicationInput.class);
        FieldErrors e = rq.texts().errors();
        Fund fund = in.fund() == null ? null : store.fund(in.fund()).orElse(null);
        if (fund == null || fund.kind() == FundKind.CIVIL_AFFAIRS) {
            e.add("fund", fund == null ? "error.fund" : "error.fundFact");
        }
        Semester semester = in.semester() == null ? calendar.semester(calendar.today()) : calendar.semester(in.semester()).orElse(null);
        if (semester == null) {
            e.add("semester", "error.semester");
        }
        String reason = e.text(in.reason(), 500, true, "reason", "error.reason");
        Child child = null;
        if (in.childId() == null) {
            e.add("childId", "error.childId");
        } else {
            child = rq.childRef("childId", in.childId());
        }
        BigDecimal amount = in.amount() == null ? null : amount(e, "amount", in.amount());
        if (in.amount() == null && fund != null && semester != null && child != null) {
            amount = store.amount(fund.code(), level(child), semester.schoolYear()).orElse(null);
            if (amount == null) {
                e.add("amount", "error.amountNeeded");
            }
        }
        e.throwIfAny();
        Application a = new Application(0, rq.school(), child.id(), null, fund.code(), semester.id(), amount, reason, Status.SUBMITTED, rq.user(),
                calendar.now(), null, null, null, null, null);
        Application stored = guarded(rq, () -> store.apply(a, fund.perSemester())).named(child.name());
        audit.record("CREATE", "subsidies.application", String.valueOf(stored.id()), child.id(), rq.school(), fund.code());
        return Reply.created(rq.link("applications/" + stored.id()), stored);
    }

    /** 学段 from the child's 就学情况; none for other schooling (the amount is then entered). */
    static Level level(Child c) {
        if (c.schooling() == null) {
            return null;
        }
        return switch (c.schooling()) {
            case PRIMARY -> Level.PRIMARY;
            case JUNIOR -> Level.JUNIOR;
            case SENIOR -> Level.SENIOR;
            default -> null;
        };
    }

    private Application decide(Request rq, boolean county) {
        Application a = application(rq);
        Decision in = rq.body(Decision.class);
        FieldErrors e = rq.texts().errors();
        if (in.approve() == null) {
            e.add("approve", "error.approve");
        }
        String reason = e.text(in.reason(), 500, Boolean.FALSE.equals(in.approve()), "reason", "error.reason");
        e.throwIfAny();
        Application out = guarded(rq, () -> store.decide(rq.school(), a.id(), county, in.approve(), in.approve() ? null : reason, rq.user(),
                calendar.now()));
        audit.record("UPDATE", "subsidies.application", String.valueOf(a.id()), a.childId(), rq.school(),
                (county ? "county " : "school ") + (in.approve() ? "approved" : "refused"));
        return named(rq, List.of(out)).stream().findFirst().orElse(out);
    }

    private Object pay(Request rq) {
        Application a = application(rq);
        PaymentInput in = rq.body(PaymentInput.class);
        FieldErrors e = rq.texts().errors();
        BigDecimal amount = in.amount() == null ? a.amount() : amount(e, "amount", in.amount());
        LocalDate paidOn = paidOn(e, in.paidOn());
        String reference = e.text(in.reference(), 100, false, "reference", "error.reference");
        e.throwIfAny();
        Entry entry = guarded(rq, () -> store.pay(rq.school(), a.id(), amount, paidOn, reference, rq.user(), calendar.now()));
        audit.record("CREATE", "subsidies.entry", String.valueOf(entry.id()), a.childId(), rq.school(), "payment");
        return Reply.created(rq.link("children/" + a.childId() + "/ledger"), entry);
    }

    private LocalDate paidOn(FieldErrors e, LocalDate paidOn) {
        if (paidOn == null || paidOn.isAfter(calendar.today())) {
            e.add("paidOn", "error.paidOn");
        }
        return paidOn;
    }

    private Object allowance(Request rq) {
        Child child = rq.child("child");
        AllowanceInput in = rq.body(AllowanceInput.class);
        FieldErrors e = rq.texts().errors();
        Fund fund = in.fund() == null ? null : store.fund(in.fund()).orElse(null);
        if (fund == null || fund.kind() != FundKind.CIVIL_AFFAIRS) {
            e.add("fund", "error.fundAllowance");
        }
        BigDecimal amount = amount(e, "amount", in.amount());
        LocalDate paidOn = paidOn(e, in.paidOn());
        String reference = e.text(in.reference(), 100, false, "reference", "error.reference");
        String note = e.text(in.note(), 500, false, "note", "error.note");
        e.throwIfAny();
        Entry entry = store.fact(new Entry(0, rq.school(), child.id(), fund.code(), calendar.semester(paidOn).id(), EntryKind.FACT, null, null, null,
                amount, paidOn, reference, note, rq.user(), calendar.now()));
        audit.record("CREATE", "subsidies.entry", String.valueOf(entry.id()), child.id(), rq.school(), "allowance");
        return Reply.created(rq.link("children/" + child.id() + "/ledger"), entry);
    }

    private Ledger ledger(Request rq) {
        Child child = rq.child("child");
        List<Entry> entries = store.ledger(child.id());
        audit.record("READ", "subsidies.ledger", String.valueOf(child.id()), child.id(), rq.school(), entries.size() + " entries");
        return new Ledger(child.id(), child.name(), entries, entries.stream().map(Entry::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add));
    }

    private Object reverse(Request rq) {
        long id = rq.id("entry");
        Entry original = store.entry(id).filter(x -> x.schoolId() == rq.school()).orElseThrow(() -> new NotFoundException("subsidies_entry", id));
        rq.childRef("entry", original.childId());
        ReversalInput in = rq.body(ReversalInput.class);
        FieldErrors e = rq.texts().errors();
        String reason = e.text(in.reason(), 500, true, "reason", "error.reason");
        e.throwIfAny();
        Entry reversal = guarded(rq, () -> store.reverse(rq.school(), id, reason, calendar.today(), rq.user(), calendar.now()));
        audit.record("CREATE", "subsidies.entry", String.valueOf(reversal.id()), original.childId(), rq.school(), "reverses " + id);
        return Reply.created(rq.link("children/" + original.childId() + "/ledger"), reversal);
    }

    private Totals totals(Request rq, Semester s) {
        List<Total> items = store.totals(rq.school(), s.id());
        return new Totals(s.id(), s.labelZh(), s.labelEn(), items, items.stream().map(Total::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add));
    }

    /** The totals per fund, then the ledger of the children the caller reaches, in 中文: words not codes, amounts as numbers. */
    Download export(Request rq, Semester s) {
        Texts t = rq.texts();
        Map<String, String> funds = new HashMap<>();
        store.funds().forEach(f -> funds.put(f.code(), f.nameZh()));
        Totals totals = totals(rq, s);
        Table.Builder sums = Table.builder(t.zh("export.totals"), col(t, "fund"), col(t, "children"), col(t, "entries"), col(t, "amount"));
        totals.items().forEach(x -> sums.row(funds.get(x.fund()), x.children(), x.entries(), x.amount()));
        sums.row(t.zh("export.sum"), null, null, totals.amount());
        List<Entry> entries = store.entries(rq.school(), s.id());
        Map<Long, String> names = names(rq.school(), entries.stream().map(Entry::childId).toList());
        Table.Builder ledger = Table.builder(t.zh("export.ledger"), col(t, "child"), col(t, "fund"), col(t, "kind"), col(t, "amount"), col(t, "paidOn"),
                col(t, "reference"), col(t, "note"));
        List<Entry> shown = new ArrayList<>();
        for (Entry x : entries) {
            if (names.containsKey(x.childId())) {
                shown.add(x);
                ledger.row(names.get(x.childId()), funds.get(x.fund()), t.label("entryKind." + x.kind()), x.amount(), x.paidOn(), x.reference(),
                        x.note());
            }
        }
        audit.record("READ", "subsidies.ledger", s.id(), null, rq.school(), "export of " + shown.size() + " entries");
        return exports.xlsx(t.zh("export.file") + "-" + s.labelZh(), List.of(sums.build(), ledger.build()));
    }

    private Fund rate(Request rq) {
        Fund fund = store.fund(rq.path("fund")).orElseThrow(() -> new NotFoundException("subsidies_fund", 0));
        RateInput in = rq.body(RateInput.class);
        FieldErrors e = rq.texts().errors();
        if (in.level() == null) {
            e.add("level", "error.level");
        }
        if (in.fromYear() == null || in.fromYear() < 2000 || in.fromYear() > 2100) {
            e.add("fromYear", "error.fromYear");
        }
        BigDecimal amount = amount(e, "amount", in.amount());
        e.throwIfAny();
        store.setRate(fund.code(), in.level(), in.fromYear(), amount, rq.user());
        return store.fund(fund.code()).orElseThrow();
    }

    private static Column col(Texts t, String key) {
        return new Column(t.zh("export." + key), t.en("export." + key));
    }
}
