package org.guanai.plugin.awards.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.care.MentoringRecords.Duty;
import org.guanai.core.api.care.MentoringRecords.MentorDuties;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.Staff;
import org.guanai.plugin.awards.internal.Model.Award;
import org.guanai.plugin.awards.internal.Model.Fact;
import org.guanai.plugin.awards.internal.Model.Nomination;
import org.guanai.plugin.awards.internal.Model.Nominee;
import org.guanai.plugin.awards.internal.Model.NomineeKind;
import org.guanai.plugin.awards.internal.Model.State;
import org.guanai.sdk.data.ConflictException;
import org.guanai.sdk.export.Column;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.export.Percent;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.http.Paging;
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
 * The routes under {@code /api/programmes/awards/}, declared once: the awards, nominations with their evidence
 * (previewed, then kept as a snapshot), the decisions of the school and the county (audited, once each), the certificate
 * of a granted award, and the 考评 figures per mentor with their xlsx.
 * <p>
 * Who decides: {@code awards.approve}, held by school and county administrators; a caller of one school decides the
 * school's step (a nomination {@code NOMINATED}), a caller of the whole county (all schools) the county's step (one
 * {@code SCHOOL_APPROVED}); the other step answers {@code 409}.
 */
@Component(service = ProgrammeApi.class)
public final class AwardsApi implements ProgrammeApi {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** A nomination as a client writes it. */
    public record NominationInput(Award award, Integer schoolYear, Nominee nominee, String reason) {
    }

    /** A decision: {@code approve} true, or false with a {@code reason}; {@code version} the one the caller saw (optional). */
    public record Decision(Boolean approve, String reason, Long version) {
    }

    /** The nominee and the evidence computed now, before submitting. */
    public record Preview(String name, List<Fact> evidence) {
    }

    /** An award, its names and whom it is for. */
    public record AwardInfo(Award code, String nameZh, String nameEn, Set<NomineeKind> nominees, Set<String> mentorKinds) {
    }

    /** The awards, the school years one may nominate for, the current one. */
    public record Awards(List<AwardInfo> items, List<Integer> years, int currentYear) {
    }

    /** The mentors of the school paired in a school year, for the nominee picker; {@code installed} false without pairing. */
    public record Mentors(boolean installed, List<MentorDuties> items) {
    }

    /** 考评: per mentor, the obligations due and met in a semester ({@code rate} of all kinds together, 0–1). */
    public record AppraisalRow(String mentorKind, long mentorId, String mentorName, int children, long pairedDays, List<Duty> duties,
            long due, long met, double rate) {
    }

    /** The 考评 figures of a semester; {@code installed} false when the pairing programme is not there. */
    public record Appraisal(String semester, String labelZh, String labelEn, LocalDate from, LocalDate to, boolean installed,
            List<AppraisalRow> items) {
    }

    private final NominationStore store;
    private final Evidence evidence;
    private final ChildService children;
    private final SchoolService schools;
    private final AuditTrail audit;
    private final Exports exports;
    private final CareCalendar calendar;

    @Activate
    public AwardsApi(@Reference NominationStore store, @Reference Evidence evidence, @Reference ChildService children,
            @Reference SchoolService schools, @Reference AuditTrail audit, @Reference Exports exports, @Reference CareCalendar calendar) {
        this.store = store;
        this.evidence = evidence;
        this.children = children;
        this.schools = schools;
        this.audit = audit;
        this.exports = exports;
        this.calendar = calendar;
    }

    @Override
    public void routes(Routes r) {
        r.get("awards", this::awards).summary("奖项及其表彰对象、可推荐的学年", "The awards, whom each is for, the school years").returns(Awards.class);
        r.get("nominations", this::list).summary("学校的推荐，最近的在前（分页）", "The school's nominations, the latest first (paged)").returns(Page.class)
                .query("page", Integer.class, "页码（从 0 起）", "Page (from 0)").query("size", Integer.class, "每页条数（1–500）", "Page size (1–500)")
                .query("year", Integer.class, "学年（如 2026 即 2026–2027 学年）", "School year (2026 for 2026–2027)")
                .query("state", State.class, "状态", "State");
        r.post("evidence", rq -> {
            Checked c = checked(rq, false);
            return new Preview(c.nominee.name(), evidence.of(rq.school(), c.year, c.nominee));
        }).permission("nominate").summary("推荐前预览事迹依据（不保存）", "The evidence, before nominating (nothing stored)")
                .body(NominationInput.class).returns(Preview.class);
        r.post("nominations", this::nominate).permission("nominate").summary("推荐一人获奖，事迹依据随之保存", "Nominate someone; the evidence is kept")
                .body(NominationInput.class).returns(Nomination.class);
        r.get("nominations/{nomination}", this::find).summary("一项推荐", "A nomination").returns(Nomination.class);
        r.post("nominations/{nomination}/decision", this::decide).permission("approve")
                .summary("审批：学校审核或县级审批（同意，或不同意并说明理由）", "Decide: the school's or the county's step (approve, or refuse with a reason)")
                .body(Decision.class).returns(Nomination.class);
        r.get("nominations/{nomination}/certificate", rq -> Reply.file(Certificate.html(rq.texts(), find(rq), schoolName(rq))))
                .summary("荣誉证书（A4，可打印的网页）", "The certificate (A4, a page to print)").produces("text/html");
        r.get("mentors", rq -> {
            LocalDate[] y = evidence.year(year(rq) == null ? calendar.schoolYear(calendar.today()) : year(rq));
            return evidence.duties(rq.school(), y[0], y[1]).map(l -> new Mentors(true, l)).orElse(new Mentors(false, List.of()));
        }).permission("nominate").summary("本学年结对的帮扶人（供选择被推荐人）", "Mentors paired in the school year (to choose a nominee)")
                .returns(Mentors.class).query("year", Integer.class, "学年", "School year");
        r.get("appraisal", rq -> appraisal(rq, semester(rq))).summary("考评：每名帮扶人本学期职责的应完成与已完成",
                "考评: per mentor, the obligations due and met in a semester").returns(Appraisal.class)
                .query("semester", String.class, "学期，如 2026-AUTUMN（默认本学期）", "Semester, e.g. 2026-AUTUMN (default: this one)");
        r.get("appraisal.xlsx", rq -> Reply.file(export(rq.texts(), appraisal(rq, semester(rq))))).summary("考评表（xlsx，中文）",
                "The appraisal (xlsx, in 中文)").produces(XLSX).query("semester", String.class, "学期", "Semester");
    }

    private Awards awards(Request rq) {
        Texts t = rq.texts();
        List<AwardInfo> items = new ArrayList<>();
        for (Award a : Award.values()) {
            items.add(new AwardInfo(a, t.zh("award." + a), t.en("award." + a), a.nominees, a.mentorKinds));
        }
        int now = calendar.schoolYear(calendar.today());
        return new Awards(items, List.of(now, now - 1), now);
    }

    private Integer year(Request rq) {
        Integer y = rq.longQuery("year").map(Long::intValue).orElse(null);
        if (y != null && (y < 2000 || y > calendar.schoolYear(calendar.today()))) {
            throw rq.texts().invalid("year", "error.schoolYear");
        }
        return y;
    }

    private Semester semester(Request rq) {
        String id = rq.query("semester").orElse(null);
        return id == null ? calendar.semester(calendar.today())
                : calendar.semester(id).orElseThrow(() -> rq.texts().invalid("semester", "error.semester"));
    }

    /** A page of the nominations the caller may see, of a year and state. */
    private Page<Nomination> list(Request rq) {
        Paging p = rq.paging();
        List<Nomination> all = visible(rq, store.list(rq.school(), year(rq), rq.enumQuery("state", State.class).orElse(null)));
        return new Page<>(all.stream().skip(p.offset()).limit(p.size()).toList(), all.size(), p.page(), p.size());
    }

    /** The nominations a caller may see: of a child only when the caller reaches the child. */
    private List<Nomination> visible(Request rq, List<Nomination> all) {
        Set<Long> ids = new HashSet<>();
        all.stream().filter(n -> n.nominee().childId() != null).forEach(n -> ids.add(n.nominee().childId()));
        Set<Long> reached = new HashSet<>();
        if (!ids.isEmpty()) {
            children.forEachOf(ChildQuery.builder().schoolId(rq.school()).includeArchived(true).size(ChildQuery.MAX_SIZE).build(), ids,
                    c -> reached.add(c.id()));
        }
        return all.stream().filter(n -> n.nominee().childId() == null || reached.contains(n.nominee().childId())).toList();
    }

    private Nomination find(Request rq) {
        long id = rq.id("nomination");
        Nomination n = store.get(rq.school(), id).orElseThrow(() -> new NotFoundException("awards_nomination", id));
        if (visible(rq, List.of(n)).isEmpty()) {
            throw new NotFoundException("awards_nomination", id);
        }
        return n;
    }

    private String schoolName(Request rq) {
        return schools.school(rq.school()).map(School::name).orElse("");
    }

    /** A nomination's input, checked: the award, the year, the nominee (of its kind, fitting the award, reached), the reason. */
    private record Checked(Award award, int year, Nominee nominee, String reason) {
    }

    private Checked checked(Request rq, boolean full) {
        NominationInput in = rq.body(NominationInput.class);
        FieldErrors e = rq.texts().errors();
        if (full && in.award() == null) {
            e.add("award", "error.award");
        }
        int now = calendar.schoolYear(calendar.today());
        if (in.schoolYear() == null || in.schoolYear() < now - 1 || in.schoolYear() > now) {
            e.add("schoolYear", "error.schoolYear");
        }
        Nominee n = in.nominee();
        if (n == null || n.kind() == null) {
            e.add("nominee", "error.nominee");
        } else if (in.award() != null && !in.award().fits(n.kind(), n.mentorKind())) {
            e.add("nominee", "error.nomineeFits", rq.texts().zh("award." + in.award()));
        }
        String reason = in.reason() == null || in.reason().isBlank() ? null : in.reason().strip();
        if (full && (reason == null || reason.length() > 2000)) {
            e.add("reason", "error.reason", 2000);
        }
        e.throwIfAny();
        return new Checked(in.award(), in.schoolYear(), nominee(rq, n, e), reason);
    }

    /** The nominee with its name from the registry or the pairing programme; only the ids of its kind are kept. */
    private Nominee nominee(Request rq, Nominee n, FieldErrors e) {
        Nominee out = switch (n.kind()) {
            case CHILD -> {
                if (n.childId() == null) {
                    e.add("nominee.childId", "error.childId");
                    yield null;
                }
                Child c = reached(rq, n.childId());
                yield new Nominee(NomineeKind.CHILD, c.id(), null, null, null, c.name(), null);
            }
            case STAFF -> {
                if (n.staffId() == null) {
                    e.add("nominee.staffId", "error.staffId");
                    yield null;
                }
                Staff s = rq.staffRef("nominee.staffId", n.staffId());
                yield new Nominee(NomineeKind.STAFF, null, s.id(), null, null, s.name(), s.role() == null ? null : rq.texts().zh("staffRole." + s.role()));
            }
            case MENTOR -> {
                MentorDuties m = n.mentorId() == null ? null : mentor(rq, n.mentorKind(), n.mentorId());
                if (m == null) {
                    e.add("nominee.mentorId", "error.mentorId");
                    yield null;
                }
                yield new Nominee(NomineeKind.MENTOR, null, null, m.mentorKind(), m.mentorId(), m.mentorName(), rq.texts().zh("mentorKind." + m.mentorKind()));
            }
            case PERSON -> {
                String name = n.name() == null || n.name().isBlank() ? null : n.name().strip();
                String role = n.role() == null || n.role().isBlank() ? null : n.role().strip();
                if (name == null || name.length() > 100) {
                    e.add("nominee.name", "error.name");
                }
                if (role == null || role.length() > 100) {
                    e.add("nominee.role", "error.role");
                }
                yield new Nominee(NomineeKind.PERSON, null, null, null, null, name, role);
            }
        };
        e.throwIfAny();
        return out;
    }

    /** A child of the request's school the caller reaches; {@code 404} for any other (as if it did not exist). */
    private Child reached(Request rq, long id) {
        Child[] found = new Child[1];
        children.forEachOf(ChildQuery.ofSchool(rq.school()), List.of(id), c -> found[0] = c);
        if (found[0] == null) {
            throw new NotFoundException("child", id);
        }
        return found[0];
    }

    /** A mentor of the school paired this or last school year, from the pairing programme. */
    private MentorDuties mentor(Request rq, String kind, long id) {
        LocalDate to = calendar.today();
        LocalDate from = evidence.year(calendar.schoolYear(to) - 1)[0];
        return evidence.duties(rq.school(), from, to).orElse(List.of()).stream()
                .filter(d -> d.mentorKind().equals(kind) && d.mentorId() == id).findFirst().orElse(null);
    }

    private Reply nominate(Request rq) {
        Checked c = checked(rq, true);
        List<Fact> facts = evidence.of(rq.school(), c.year, c.nominee);
        Nomination n = store.create(new Nomination(null, 0, rq.school(), c.award, c.year, c.nominee, c.reason, facts, State.NOMINATED, rq.user(),
                calendar.now(), null, null, null, null, null, null));
        audit.record("CREATE", "awards.nomination", String.valueOf(n.id()), c.nominee.childId(), rq.school(), c.award.name());
        return Reply.created(rq.link("nominations/" + n.id()), n);
    }

    private Nomination decide(Request rq) {
        Nomination n = find(rq);
        Decision in = rq.body(Decision.class);
        FieldErrors e = rq.texts().errors();
        if (in.approve() == null) {
            e.add("approve", "error.approve");
        }
        String reason = in.reason() == null || in.reason().isBlank() ? null : in.reason().strip();
        if (Boolean.FALSE.equals(in.approve()) && reason == null || reason != null && reason.length() > 500) {
            e.add("reason", "error.refusal", 500);
        }
        e.throwIfAny();
        boolean county = rq.caller().allSchools();
        Nomination out = guarded(rq, () -> store.decide(rq.school(), n.id(), in.version(), county, in.approve(), in.approve() ? null : reason,
                rq.user(), calendar.now(), calendar.today()));
        audit.record("UPDATE", "awards.nomination", String.valueOf(n.id()), n.nominee().childId(), rq.school(),
                (county ? "county " : "school ") + (in.approve() ? "approved" : "refused"));
        return out;
    }

    private static <T> T guarded(Request rq, Supplier<T> change) {
        try {
            return change.get();
        } catch (ConflictException c) {
            if (c.code().equals("notFound")) {
                throw new NotFoundException("awards_nomination", 0);
            }
            throw rq.texts().refuse(409, c.code(), "conflict." + c.code());
        }
    }

    private Appraisal appraisal(Request rq, Semester s) {
        LocalDate to = s.end().isAfter(calendar.today()) ? calendar.today() : s.end();
        var duties = evidence.duties(rq.school(), s.start(), to);
        List<AppraisalRow> rows = new ArrayList<>();
        for (MentorDuties d : duties.orElse(List.of())) {
            long due = d.duties().stream().mapToLong(Duty::due).sum();
            long met = d.duties().stream().mapToLong(Duty::met).sum();
            rows.add(new AppraisalRow(d.mentorKind(), d.mentorId(), d.mentorName(), d.children(), d.pairedDays(), d.duties(), due, met,
                    due == 0 ? 0.0 : Math.round(1000.0 * met / due) / 1000.0));
        }
        return new Appraisal(s.id(), s.labelZh(), s.labelEn(), s.start(), to, duties.isPresent(), rows);
    }

    private static final List<String> KINDS = List.of("TALK", "HOME_VISIT", "PARENT_CALL");

    /** The appraisal in 中文: one row per mentor, due and met per duty, the rate; words, not codes. */
    Download export(Texts t, Appraisal a) {
        List<Column> cols = new ArrayList<>(List.of(col(t, "mentor"), col(t, "kind"), col(t, "children"), col(t, "pairedDays")));
        for (String k : KINDS) {
            cols.add(new Column(t.zh("export.due", t.zh("contact." + k)), t.en("export.due", t.en("contact." + k))));
            cols.add(new Column(t.zh("export.met", t.zh("contact." + k)), t.en("export.met", t.en("contact." + k))));
        }
        cols.add(col(t, "rate"));
        Table.Builder b = Table.builder(t.zh("export.appraisal") + " " + a.labelZh(), cols.toArray(Column[]::new));
        for (AppraisalRow r : a.items()) {
            List<Object> row = new ArrayList<>(List.of(r.mentorName(), t.label("mentorKind." + r.mentorKind()), (long) r.children(), r.pairedDays()));
            Map<String, Duty> byKind = new java.util.HashMap<>();
            r.duties().forEach(d -> byKind.put(d.kind(), d));
            for (String k : KINDS) {
                Duty d = byKind.get(k);
                row.add(d == null ? null : d.due());
                row.add(d == null ? null : d.met());
            }
            row.add(Percent.of(r.met(), r.due()));
            b.row(row.toArray());
        }
        return exports.xlsx(t.zh("export.file") + " " + a.labelZh(), List.of(b.build()));
    }

    private static Column col(Texts t, String key) {
        return new Column(t.zh("export." + key), t.en("export." + key));
    }
}
