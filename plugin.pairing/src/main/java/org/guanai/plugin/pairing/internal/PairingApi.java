package org.guanai.plugin.pairing.internal;

import static org.guanai.plugin.pairing.internal.PairingProgramme.MANAGE;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.plugin.pairing.internal.Model.Assessment;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.MentorRecord;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.PreconditionRecord;
import org.guanai.plugin.pairing.internal.Model.Proposal;
import org.guanai.plugin.pairing.internal.Model.ProposalItem;
import org.guanai.plugin.pairing.internal.PairingReports.Report;
import org.guanai.plugin.pairing.internal.PairingViews.SchemeView;
import org.guanai.plugin.pairing.internal.rules.Basis;
import org.guanai.plugin.pairing.internal.rules.Dimension;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Obligation;
import org.guanai.plugin.pairing.internal.rules.Period;
import org.guanai.plugin.pairing.internal.rules.Precondition;
import org.guanai.plugin.pairing.internal.rules.RecordKind;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.plugin.pairing.internal.rules.Topic;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.ProgrammeApi;
import org.guanai.sdk.http.Reply;
import org.guanai.sdk.http.Request;
import org.guanai.sdk.http.Route;
import org.guanai.sdk.http.Routes;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The programme's routes under {@code /api/programmes/pairing/}. The core has signed the caller in, checked the route's
 * permission ({@code pairing.read} for reading, {@code pairing.write} for recording, {@code pairing.manage} for the
 * set-up: mentors, pairs, schemes, accepting a proposal) and that the programme is enabled for the request's school,
 * and reads bodies under the platform's request contract. Only that school's records are served: another school's
 * child, mentor, pair or proposal answers 404.
 */
@Component(service = ProgrammeApi.class)
public final class PairingApi implements ProgrammeApi {
    private final PairingStore store;
    private final PairingViews views;
    private final PairingReports reports;
    private final Texts texts;
    private final Exports exports;
    private final CareCalendar calendar;
    private final PairingSettings settings;
    private final Roster roster;
    private final Pairs pairs;
    private final Recording recording;
    private final Obligations obligations;
    private final Proposals proposals;
    private final ProposalAcceptance acceptance;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AuditTrail audit;

    @Activate
    public PairingApi(@Reference PairingStore store, @Reference PairingViews views, @Reference PairingReports reports,
            @Reference Texts texts, @Reference Exports exports, @Reference CareCalendar calendar, @Reference PairingSettings settings,
            @Reference Roster roster, @Reference Pairs pairs, @Reference Recording recording, @Reference Obligations obligations,
            @Reference Proposals proposals, @Reference ProposalAcceptance acceptance) {
        this.store = store;
        this.views = views;
        this.reports = reports;
        this.texts = texts;
        this.exports = exports;
        this.calendar = calendar;
        this.settings = settings;
        this.roster = roster;
        this.pairs = pairs;
        this.recording = recording;
        this.obligations = obligations;
        this.proposals = proposals;
        this.acceptance = acceptance;
    }

    /** A school's settings of a scheme; without {@code obligations}, the template's. */
    public record SchemeInput(Boolean enabled, Integer capacity, List<ObligationInput> obligations) {
    }

    /** A duty of a scheme ({@code basis} PAIR when absent; {@code source} as answered, not changed). */
    public record ObligationInput(RecordKind kind, Period period, Integer min, Basis basis, String source) {
    }

    /** A mentor registered here; {@code childId} for a 小老师. On a change, kind, pupil and a staff mentor's name stay. */
    public record MentorInput(MentorKind kind, Long childId, String name, String phone, String village, Integer capacity,
            LocalDate vettedOn, String note) {
    }

    public record PairInput(Long childId, Long mentorId, String scheme, LocalDate startsOn, String note) {
    }

    /** The day a mentor left or a pair ended; today when absent. */
    public record DateInput(LocalDate on) {
    }

    /** Scores 0–3 by dimension code ({@code PSYCH} …). */
    public record AssessmentInput(Map<String, Integer> scores, LocalDate assessedOn, String note) {
    }

    /** A precondition for a child (consent), a mentor (vetting) or a class (test, survey). */
    public record PreconditionInput(Precondition kind, Long childId, Long mentorId, Long classId, LocalDate recordedOn, String note) {
    }

    /** A talk (topics required), home visit or call. */
    public record RecordInput(RecordKind kind, Long mentorId, Long childId, LocalDate occurredOn, List<String> topics, String notes,
            String followUp) {
    }

    /** {@code school} (default) or {@code county}. */
    public record ProposalInput(String scope) {
    }

    /** Some items, or {@code all}. */
    public record AcceptInput(List<Long> items, Boolean all) {
    }

    @Override
    public void routes(Routes r) {
        r.get("schemes", rq -> Map.of("items", views.schemes(rq.school()))).returns(SchemeView.class)
                .summary("本校的帮扶模式", "The school's schemes");
        r.put("schemes/{scheme}", this::putScheme).permission(MANAGE).body(SchemeInput.class).returns(SchemeView.class)
                .summary("设置帮扶模式：是否启用、帮扶上限、职责", "Set a scheme up: enabled, capacity, duties");
        r.get("rules", rq -> views.rules()).summary("心级评估的维度与分级标准", "The heart-level dimensions and thresholds");
        r.get("mentors", rq -> Map.of("items", views.mentors(rq.school(), rq.flag("all"), rq.user())))
                .query("all", Boolean.class, "含已离岗的帮扶人", "Include mentors who left").summary("帮扶人及其负担", "Mentors, load and capacity");
        r.post("mentors", rq -> saveMentor(rq, null)).permission(MANAGE).body(MentorInput.class).returns(Mentor.class)
                .summary("登记帮扶人", "Register a mentor");
        r.put("mentors/{mentor}", rq -> saveMentor(rq, mentor(rq))).permission(MANAGE).body(MentorInput.class).returns(Mentor.class)
                .summary("修改帮扶人", "Change a mentor");
        r.post("mentors/{mentor}/leave", this::leave).permission(MANAGE).body(DateInput.class)
                .summary("帮扶人离岗：其结对结束", "A mentor leaves: their pairs end");
        r.get("pairs", rq -> Map.of("items", views.pairs(rq.school(), rq.flag("history"))))
                .query("history", Boolean.class, "含已结束的结对", "Include ended pairs").summary("结对", "Pairs");
        r.post("pairs", this::createPair).permission(MANAGE).body(PairInput.class)
                .summary("手工结对（按帮扶模式的规则；前提条件齐全前待生效）", "Pair by hand under the scheme's rules (pending until its preconditions)");
        r.post("pairs/{pair}/end", this::endPair).permission(MANAGE).body(DateInput.class).returns(Pair.class)
                .summary("结束结对", "End a pair");
        r.get("board", rq -> views.board(rq.school(), rq.paging())).query("page", Integer.class, "页码（从 0 起）", "Page (from 0)")
                .query("size", Integer.class, "每页条数（1–500，默认 20）", "Rows a page (1–500, default 20)")
                .summary("每名儿童的心级与帮扶人，按页", "Each child's level and mentors, a page at a time");
        r.get("children/{child}", this::childView).summary("儿童的结对、心级评估与记录", "A child's pairs, assessments and records");
        r.post("children/{child}/assessments", this::assess).body(AssessmentInput.class).returns(Assessment.class)
                .summary("心级评估", "Assess a child's heart level");
        r.post("preconditions", this::precondition).body(PreconditionInput.class)
                .summary("登记前提条件，使待生效的结对生效", "Record a precondition; pending pairs it completes become active");
        r.get("records", this::records).query("from", LocalDate.class, "起始日期（默认截止日期前 92 天）", "First day (default: 92 days before the last)")
                .query("to", LocalDate.class, "截止日期（默认今天）", "Last day (default: today)").query("mentor", Long.class, "帮扶人", "Mentor")
                .query("child", Long.class, "儿童", "Child").summary("谈心、家访与电话记录", "Talks, home visits and calls");
        r.get("records/choices", rq -> Map.of("items", views.recordChoices(rq.school(), rq.caller().allClasses())))
                .summary("可登记的儿童与帮扶人：在效结对，及班主任名下未结对的本班儿童", "Who a record may be for: the pairs in force, and"
                        + " the unpaired children of a class teacher's classes, with her as their default mentor");
        r.post("records", this::createRecord).body(RecordInput.class).returns(MentorRecord.class)
                .summary("登记谈心、家访或电话联系", "Record a talk, home visit or call");
        r.get("overdue", this::overdue).query("asOf", LocalDate.class, "截至日期（默认今天）", "As of (default: today)")
                .summary("逾期未履行的职责", "Overdue duties");
        r.post("overdue/notify", rq -> Map.of("posted", obligations.postOverdue(rq.school())))
                .summary("将新逾期的职责发布为事件（每日也会自动发布）", "Post the newly overdue duties as events (also done daily)");
        r.post("proposals", this::propose).body(ProposalInput.class).summary("计算最优结对方案", "Compute the optimal pairing proposal");
        r.get("proposals/{proposal}", rq -> views.proposal(proposal(rq), rq.caller().allClasses())).summary("结对方案", "A proposal");
        r.post("proposals/{proposal}/accept", this::accept).permission(MANAGE).body(AcceptInput.class)
                .summary("接受结对方案的全部或部分", "Accept all or part of a proposal");
        report(r, "coverage", rq -> rq.query("scope").filter("county"::equals).isPresent() && rq.caller().allSchools()
                ? reports.countyCoverage() : reports.coverage(rq.school()))
                .query("scope", String.class, "county：全县各校", "county: every school of the county").summary("结对率", "Pairing coverage");
        report(r, "load", rq -> reports.load(rq.school())).summary("帮扶人负担", "Mentor load");
        report(r, "compliance", rq -> reports.compliance(rq.school(), month(rq)))
                .query("month", String.class, "月份，如 2026-11（默认本月）", "Month, e.g. 2026-11 (default: this month)").summary("职责履行率", "Duties met");
        report(r, "levels", rq -> reports.levels(rq.school())).summary("心级分布", "Heart levels");
    }

    /** A report as JSON, or with {@code format=csv|xlsx} as a file with 中文 headers and labels. */
    private Route report(Routes r, String which, Function<Request, Report> report) {
        return r.get("reports/" + which, rq -> {
            String format = rq.query("format").orElse("json");
            if (!List.of("json", "csv", "xlsx").contains(format)) {
                throw texts.invalid("format", "badValue");
            }
            Report answer = report.apply(rq);
            Table t = answer.table();
            return format.equals("json") ? Map.of("report", which, "items", answer.items())
                    : Reply.file(format.equals("csv") ? exports.csv(t.title(), t) : exports.xlsx(t.title(), List.of(t)));
        }).query("format", String.class, "csv 或 xlsx：下载文件", "csv or xlsx: a file to download");
    }

    // ---- handlers

    private Object putScheme(Request rq) {
        Scheme template = Schemes.defaults().stream().filter(s -> s.code().equals(rq.path("scheme"))).findFirst()
                .orElseThrow(() -> new NotFoundException("scheme", 0));
        SchemeInput in = rq.body(SchemeInput.class);
        boolean enabled = required("enabled", in.enabled());
        int capacity = capacity(required("capacity", in.capacity()));
        List<Obligation> obligations = new ArrayList<>(in.obligations() == null ? template.obligations() : List.of());
        for (int i = 0; in.obligations() != null && i < in.obligations().size(); i++) {
            ObligationInput o = in.obligations().get(i);
            if (o == null || o.kind() == null || o.period() == null || o.min() == null || o.min() < 1 || o.min() > 31) {
                throw texts.invalid("obligations." + i, "obligation");
            }
            obligations.add(template.obligation(o.kind(), o.period(), o.min(), o.basis() == null ? Basis.PAIR : o.basis()));
        }
        store.saveScheme(rq.school(), template.with(enabled, capacity, obligations), rq.user());
        return views.scheme(rq.school(), template.code()).orElseThrow();
    }

    private Object saveMentor(Request rq, Mentor existing) {
        MentorInput in = rq.body(MentorInput.class);
        MentorKind kind = existing != null ? existing.kind() : required("kind", in.kind());
        if (existing == null && kind == MentorKind.TEACHER) {
            throw texts.invalid("kind", "staffMentor");
        }
        Long childId = existing != null ? existing.childId() : kind == MentorKind.PEER ? required("childId", in.childId()) : null;
        boolean staff = existing != null && existing.kind() == MentorKind.TEACHER;
        Long classId = staff ? existing.classId() : null;
        String name = staff ? existing.name() : null;
        if (childId != null) {
            Child pupil = childRef(rq, "childId", childId);
            name = pupil.name();
            classId = pupil.classId();
        } else if (!staff) {
            name = text("name", in.name(), 100, true);
        }
        String phone = text("phone", in.phone(), 30, false);
        String village = text("village", in.village(), 100, false);
        Integer cap = in.capacity() == null ? null : capacity(in.capacity());
        LocalDate vetted = in.vettedOn() == null ? null : pastOrToday("vettedOn", in.vettedOn());
        String note = text("note", in.note(), 500, false);
        if (existing == null) {
            Mentor saved = store.insertMentor(new Mentor(null, rq.school(), kind, null, childId, name, phone, village, classId, cap, vetted, true,
                    null, note), rq.user());
            audit("CREATE", "pairing.mentor", saved.id(), null, rq.school());
            return Reply.created(rq.link("mentors/" + saved.id()), saved);
        }
        Mentor saved = store.updateMentor(new Mentor(existing.id(), existing.schoolId(), kind, existing.staffId(), childId, name, phone,
                village, classId, cap, vetted, existing.active(), existing.leftOn(), note));
        audit("UPDATE", "pairing.mentor", saved.id(), null, rq.school());
        pairs.activatePending(rq.school());
        return saved;
    }

    private Object leave(Request rq) {
        Mentor m = mentor(rq);
        LocalDate on = orToday(rq.body(DateInput.class).on());
        List<Pair> ended = pairs.mentorLeft(m, on, rq.user());
        audit("UPDATE", "pairing.mentor", m.id(), null, rq.school());
        return Map.of("mentor", store.mentor(m.id()).orElseThrow(), "endedPairs", ended);
    }

    private Object createPair(Request rq) {
        PairInput in = rq.body(PairInput.class);
        long childId = required("childId", in.childId());
        long mentorId = required("mentorId", in.mentorId());
        String scheme = text("scheme", in.scheme(), 30, true);
        LocalDate start = orToday(in.startsOn());
        String note = text("note", in.note(), 500, false);
        Child child = childRef(rq, "childId", childId);
        Mentor mentor = store.mentor(mentorId).filter(m -> m.schoolId() == rq.school()
                || m.kind() == MentorKind.CADRE && m.village() != null && m.village().equals(child.village()))
                .orElseThrow(() -> texts.invalid("mentorId", "unknownMentor"));
        Pair p = pairs.createPair(child, mentor, scheme, start, note, rq.user());
        audit("CREATE", "pairing.pair", p.id(), child.id(), rq.school());
        Map<String, Object> v = views.pair(p, child, mentor);
        v.put("missing", pairs.missing(child, mentor, scheme).stream().map(Enum::name).sorted().toList());
        return Reply.created(rq.link("pairs/" + p.id()), v);
    }

    private Object endPair(Request rq) {
        long id = rq.id("pair");
        Pair p = store.pair(id).filter(x -> x.schoolId() == rq.school()).orElseThrow(() -> new NotFoundException("pair", id));
        if (roster.child(p.childId(), rq.school()).isEmpty() && !rq.caller().allClasses()) {
            throw new NotFoundException("pair", id);
        }
        Pair ended = pairs.endPair(p, orToday(rq.body(DateInput.class).on()), rq.user());
        audit("UPDATE", "pairing.pair", p.id(), p.childId(), rq.school());
        return ended;
    }

    private Object childView(Request rq) {
        Child c = child(rq);
        audit("READ", "pairing.child", c.id(), c.id(), rq.school());
        return views.child(c, rq.school());
    }

    private Object assess(Request rq) {
        Child c = child(rq);
        AssessmentInput in = rq.body(AssessmentInput.class);
        Map<String, Integer> scores = required("scores", in.scores());
        Map<Dimension, Integer> s = new EnumMap<>(Dimension.class);
        for (Dimension d : settings.rules().dimensions()) {
            s.put(d, scores.get(d.name()));
            if (s.get(d) == null) {
                throw texts.invalid("scores." + d.name(), "score");
            }
        }
        Assessment a = recording.assess(c, s, pastOrToday("assessedOn", in.assessedOn()), text("note", in.note(), 1000, false), rq.user());
        audit("CREATE", "pairing.assessment", a.id(), c.id(), rq.school());
        return new Reply(201, null, a);
    }

    private Object precondition(Request rq) {
        PreconditionInput in = rq.body(PreconditionInput.class);
        Precondition kind = required("kind", in.kind());
        LocalDate on = pastOrToday("recordedOn", in.recordedOn());
        String note = text("note", in.note(), 500, false);
        Long child = null;
        Long mentor = null;
        Long klass = null;
        switch (kind.subject()) {
            case CHILD -> child = childRef(rq, "childId", required("childId", in.childId())).id();
            case MENTOR -> mentor = store.mentor(required("mentorId", in.mentorId())).filter(m -> m.schoolId() == rq.school())
                    .orElseThrow(() -> texts.invalid("mentorId", "unknownMentor")).id();
            case CLASS -> {
                SchoolClass k = rq.classRef("classId", required("classId", in.classId()));
                if (!rq.caller().maySee(rq.school(), k.id())) { // one of the school's classes the caller sees
                    throw texts.invalid("classId", "badValue");
                }
                klass = k.id();
            }
        }
        PreconditionRecord saved = store.insertPrecondition(new PreconditionRecord(null, rq.school(), kind, child, mentor, klass, on, note,
                rq.user()));
        int activated = pairs.activatePending(rq.school());
        audit("CREATE", "pairing.precondition", saved.id(), child, rq.school());
        return new Reply(201, null, Map.of("precondition", saved, "activatedPairs", activated));
    }

    private Object records(Request rq) {
        LocalDate to = rq.date("to").orElse(calendar.today());
        LocalDate from = rq.date("from").orElse(to.minusDays(92));
        return Map.of("from", from, "to", to, "items", views.records(rq.school(), from, to, rq.longQuery("mentor").orElse(null),
                rq.longQuery("child").orElse(null)));
    }

    private Object createRecord(Request rq) {
        RecordInput in = rq.body(RecordInput.class);
        RecordKind kind = required("kind", in.kind());
        long mentorId = required("mentorId", in.mentorId());
        long childId = required("childId", in.childId());
        LocalDate on = pastOrToday("occurredOn", in.occurredOn());
        List<Topic> topics = new ArrayList<>();
        for (String t : in.topics() == null ? List.<String>of() : in.topics()) {
            Topic topic = Arrays.stream(Topic.values()).filter(x -> x.name().equals(t)).findFirst()
                    .orElseThrow(() -> texts.invalid("topics", "unknownTopic"));
            if (!topics.contains(topic)) {
                topics.add(topic);
            }
        }
        String notes = text("notes", in.notes(), 2000, false);
        String followUp = text("followUp", in.followUp(), 1000, false);
        MentorRecord saved = recording.record(childRef(rq, "childId", childId), mentorId, kind, on, topics, notes, followUp, rq.user());
        audit("CREATE", "pairing.record", saved.id(), saved.childId(), rq.school());
        return Reply.created(rq.link("records/" + saved.id()), saved);
    }

    private Object overdue(Request rq) {
        LocalDate asOf = rq.date("asOf").orElse(calendar.today());
        return Map.of("asOf", asOf, "items", obligations.overdue(rq.school(), asOf, ids -> roster.visibleOf(rq.school(), ids)));
    }

    private Object propose(Request rq) {
        String scope = rq.body(ProposalInput.class).scope();
        if (scope != null && !scope.equals("school") && !scope.equals("county")) {
            throw texts.invalid("scope", "badValue");
        }
        boolean county = "county".equals(scope);
        if (county && !rq.caller().allSchools()) {
            throw texts.invalid("scope", "county");
        }
        Proposal p = proposals.propose(rq.school(), county ? roster.countySchools() : List.of(rq.school()), county, rq.user());
        return Reply.created(rq.link("proposals/" + p.id()), views.proposal(p, rq.caller().allClasses()));
    }

    private Object accept(Request rq) {
        Proposal p = proposal(rq);
        AcceptInput in = rq.body(AcceptInput.class);
        Set<Long> items = null;
        if (in.items() != null) {
            if (!p.items().stream().map(ProposalItem::id).toList().containsAll(in.items())) {
                throw texts.invalid("items", "badValue");
            }
            items = new HashSet<>(in.items());
        } else if (!Boolean.TRUE.equals(in.all())) {
            throw texts.invalid("items", "required");
        }
        ProposalAcceptance.Outcome a = acceptance.accept(p, items, rq.user());
        a.accepted().forEach(pair -> audit("CREATE", "pairing.pair", pair.id(), pair.childId(), pair.schoolId()));
        return Map.of("accepted", a.accepted(), "skipped", a.skipped());
    }

    // ---- the school's records, and fields

    /** A child of the request's school the caller sees, not archived; 404 otherwise. */
    private static Child child(Request rq) {
        Child c = rq.child("child");
        if (c.archived()) {
            throw new NotFoundException("child", c.id());
        }
        return c;
    }

    /** A child named by a body field: of the request's school, seen by the caller, not archived; 400 otherwise. */
    private Child childRef(Request rq, String field, long id) {
        Child c = rq.childRef(field, id);
        if (c.archived()) {
            throw texts.invalid(field, "unknownChild");
        }
        return c;
    }

    private Mentor mentor(Request rq) {
        long id = rq.id("mentor");
        return store.mentor(id).filter(m -> m.schoolId() == rq.school()).orElseThrow(() -> new NotFoundException("mentor", id));
    }

    /** A proposal of the request's school; a county proposal only for county users. */
    private Proposal proposal(Request rq) {
        long id = rq.id("proposal");
        return store.proposal(id).filter(p -> p.schoolId() == rq.school() && (!p.county() || rq.caller().allSchools()))
                .orElseThrow(() -> new NotFoundException("proposal", id));
    }

    private YearMonth month(Request rq) {
        try {
            YearMonth month = rq.query("month").map(YearMonth::parse).orElse(YearMonth.from(calendar.today()));
            if (month.atDay(1).isBefore(Request.MIN_DATE) || month.atEndOfMonth().isAfter(Request.MAX_DATE)) {
                throw texts.invalid("month", "badMonth");
            }
            return month;
        } catch (DateTimeParseException e) {
            throw texts.invalid("month", "badMonth");
        }
    }

    private <T> T required(String field, T value) {
        if (value == null) {
            throw texts.invalid(field, "required");
        }
        return value;
    }

    /** @return the text stripped, or {@code null} when blank and not required */
    private String text(String field, String value, int max, boolean required) {
        String s = value == null ? "" : value.strip();
        if (s.isEmpty() && required) {
            throw texts.invalid(field, "required");
        }
        if (s.length() > max) {
            throw texts.invalid(field, "tooLong");
        }
        return s.isEmpty() ? null : s;
    }

    private int capacity(int capacity) {
        if (capacity < 1 || capacity > 50) {
            throw texts.invalid("capacity", "capacity");
        }
        return capacity;
    }

    private LocalDate orToday(LocalDate date) {
        return date == null ? calendar.today() : date;
    }

    /** @return the date, today when absent; refused when later than today */
    private LocalDate pastOrToday(String field, LocalDate date) {
        if (date != null && date.isAfter(calendar.today())) {
            throw texts.invalid(field, "future");
        }
        return orToday(date);
    }

    private void audit(String action, String entity, Long id, Long child, Long school) {
        AuditTrail a = audit;
        if (a != null) {
            a.record(action, entity, String.valueOf(id), child, school, null);
        }
    }
}
