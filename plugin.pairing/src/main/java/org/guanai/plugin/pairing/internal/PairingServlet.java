package org.guanai.plugin.pairing.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.dto.Child;
import org.guanai.plugin.pairing.internal.Model.Assessment;
import org.guanai.plugin.pairing.internal.Model.EndReason;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.MentorRecord;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.PreconditionRecord;
import org.guanai.plugin.pairing.internal.Model.Proposal;
import org.guanai.plugin.pairing.internal.Model.ProposalItem;
import org.guanai.plugin.pairing.internal.Model.Status;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The programme's JSON API under {@code /api/programmes/pairing/}. The core has signed the caller in, checked
 * {@code pairing.read} (GET) or {@code pairing.write} (others) and that the programme is enabled for the school the
 * request acts for; this servlet serves that school's records only (another school's child, mentor, pair or proposal
 * answers 404), and the changes of set-up (mentors, pairs, schemes, accepting a proposal) need {@code pairing.manage}.
 */
@Component(service = Servlet.class, property = { //
        "guanai.route=GET /api/programmes/pairing/schemes", //
        "guanai.route=PUT /api/programmes/pairing/schemes/{scheme}", //
        "guanai.route=GET /api/programmes/pairing/rules", //
        "guanai.route=GET /api/programmes/pairing/mentors", //
        "guanai.route=POST /api/programmes/pairing/mentors", //
        "guanai.route=PUT /api/programmes/pairing/mentors/{mentor}", //
        "guanai.route=POST /api/programmes/pairing/mentors/{mentor}/leave", //
        "guanai.route=GET /api/programmes/pairing/pairs", //
        "guanai.route=POST /api/programmes/pairing/pairs", //
        "guanai.route=POST /api/programmes/pairing/pairs/{pair}/end", //
        "guanai.route=GET /api/programmes/pairing/board", //
        "guanai.route=GET /api/programmes/pairing/children/{child}", //
        "guanai.route=POST /api/programmes/pairing/children/{child}/assessments", //
        "guanai.route=POST /api/programmes/pairing/preconditions", //
        "guanai.route=GET /api/programmes/pairing/records", //
        "guanai.route=POST /api/programmes/pairing/records", //
        "guanai.route=GET /api/programmes/pairing/overdue", //
        "guanai.route=POST /api/programmes/pairing/overdue/notify", //
        "guanai.route=POST /api/programmes/pairing/proposals", //
        "guanai.route=GET /api/programmes/pairing/proposals/{proposal}", //
        "guanai.route=POST /api/programmes/pairing/proposals/{proposal}/accept", //
        "guanai.route=GET /api/programmes/pairing/reports/coverage", //
        "guanai.route=GET /api/programmes/pairing/reports/load", //
        "guanai.route=GET /api/programmes/pairing/reports/compliance", //
        "guanai.route=GET /api/programmes/pairing/reports/levels" })
@HttpWhiteboardServletPattern("/api/programmes/" + PairingProgramme.ID + "/*")
public final class PairingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
    static final String MANAGE = PairingProgramme.ID + ".manage";

    private final transient ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final transient PairingService service;
    private final transient PairingStore store;
    private final transient CallerContext callers;
    private final transient Messages messages;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile AuditTrail audit;

    @Activate
    public PairingServlet(@Reference PairingService service, @Reference CallerContext callers) {
        this.service = service;
        this.store = service.store();
        this.callers = callers;
        this.messages = service.messages();
    }

    /** One request: the caller, its school and the path. */
    private record Rq(HttpServletRequest http, Caller caller, long school, String[] path, String method) {
        boolean is(String m, String... p) {
            if (!method.equals(m) || path.length != p.length) {
                return false;
            }
            for (int i = 0; i < p.length; i++) {
                if (!p[i].equals("*") && !p[i].equals(path[i])) {
                    return false;
                }
            }
            return true;
        }

        String user() {
            return caller.user();
        }
    }

    @Override
    protected void service(HttpServletRequest http, HttpServletResponse rs) throws IOException {
        String info = http.getPathInfo() == null ? "" : http.getPathInfo();
        String[] path = info.replaceAll("^/+|/+$", "").isEmpty() ? new String[0] : info.replaceAll("^/+|/+$", "").split("/");
        Caller caller = callers.current().orElse(null);
        if (caller == null || caller.schoolId().isEmpty()) {
            error(rs, new Invalid(404, null, "notFound"));
            return;
        }
        Rq rq = new Rq(http, caller, caller.schoolId().get(), path, http.getMethod());
        try {
            route(rq, rs);
        } catch (Invalid e) {
            error(rs, e);
        } catch (SQLException | RuntimeException e) {
            log("pairing: " + http.getMethod() + " " + info + " failed", e);
            error(rs, new Invalid(500, null, "internal"));
        }
    }

    private void route(Rq rq, HttpServletResponse rs) throws IOException, SQLException {
        if (rq.is("GET", "schemes")) {
            write(rs, 200, Map.of("items", schemesJson(store.schemes(rq.school(), Schemes.defaults()))));
        } else if (rq.is("PUT", "schemes", "*")) {
            putScheme(rq, rs);
        } else if (rq.is("GET", "rules")) {
            write(rs, 200, rulesJson());
        } else if (rq.is("GET", "mentors")) {
            listMentors(rq, rs);
        } else if (rq.is("POST", "mentors")) {
            saveMentor(rq, rs, null);
        } else if (rq.is("PUT", "mentors", "*")) {
            saveMentor(rq, rs, mentorOf(rq, rq.path()[1]));
        } else if (rq.is("POST", "mentors", "*", "leave")) {
            leave(rq, rs, mentorOf(rq, rq.path()[1]));
        } else if (rq.is("GET", "pairs")) {
            listPairs(rq, rs);
        } else if (rq.is("POST", "pairs")) {
            createPair(rq, rs);
        } else if (rq.is("POST", "pairs", "*", "end")) {
            endPair(rq, rs);
        } else if (rq.is("GET", "board")) {
            board(rq, rs);
        } else if (rq.is("GET", "children", "*")) {
            childView(rq, rs, childOf(rq, rq.path()[1]));
        } else if (rq.is("POST", "children", "*", "assessments")) {
            assess(rq, rs, childOf(rq, rq.path()[1]));
        } else if (rq.is("POST", "preconditions")) {
            precondition(rq, rs);
        } else if (rq.is("GET", "records")) {
            listRecords(rq, rs);
        } else if (rq.is("POST", "records")) {
            createRecord(rq, rs);
        } else if (rq.is("GET", "overdue")) {
            LocalDate asOf = queryDate(rq, "asOf", PairingService.today());
            write(rs, 200, Map.of("asOf", asOf, "items", service.overdue(rq.school(), asOf, visible(rq))));
        } else if (rq.is("POST", "overdue", "notify")) {
            // posts each overdue period not yet posted as org/guanai/programmes/pairing/obligation/OVERDUE (the daily check does the same)
            write(rs, 200, Map.of("posted", service.postOverdue(rq.school())));
        } else if (rq.is("POST", "proposals")) {
            propose(rq, rs);
        } else if (rq.is("GET", "proposals", "*")) {
            write(rs, 200, proposalJson(rq, proposalOf(rq, rq.path()[1])));
        } else if (rq.is("POST", "proposals", "*", "accept")) {
            accept(rq, rs, proposalOf(rq, rq.path()[1]));
        } else if (rq.path().length == 2 && rq.path()[0].equals("reports") && rq.method().equals("GET")) {
            report(rq, rs, rq.path()[1]);
        } else {
            throw Invalid.notFound();
        }
    }

    // ---- lookups scoped to the school

    private static long id(String s) {
        if (!ID.matcher(s).matches()) {
            throw Invalid.notFound(); // Long.parseLong also reads other scripts' digits (١٢): plain ASCII ids only
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw Invalid.notFound();
        }
    }

    private Child childOf(Rq rq, String id) {
        return service.child(id(id), rq.school()).orElseThrow(Invalid::notFound);
    }

    private Mentor mentorOf(Rq rq, String id) throws SQLException {
        return store.mentor(id(id)).filter(m -> m.schoolId() == rq.school()).orElseThrow(Invalid::notFound);
    }

    private Proposal proposalOf(Rq rq, String id) throws SQLException {
        Proposal p = store.proposal(id(id)).filter(x -> x.schoolId() == rq.school()).orElseThrow(Invalid::notFound);
        if (p.county() && !rq.caller().allSchools()) {
            throw Invalid.notFound();
        }
        return p;
    }

    /** The children of the school the caller sees, by id. */
    private Map<Long, Child> visible(Rq rq) {
        Map<Long, Child> m = new LinkedHashMap<>();
        service.children(rq.school()).forEach(c -> m.put(c.id(), c));
        return m;
    }

    private void requireManage(Rq rq) {
        if (!rq.caller().has(MANAGE)) {
            throw new Invalid(403, null, "forbidden");
        }
    }

    // ---- body parsing

    private JsonNode body(Rq rq) throws IOException {
        try {
            JsonNode b = json.readTree(rq.http().getInputStream());
            if (b == null || !b.isObject()) {
                throw Invalid.field("body", "malformed");
            }
            return b;
        } catch (JsonProcessingException e) {
            throw Invalid.field("body", "malformed");
        }
    }

    private static String text(JsonNode b, String field, int max, boolean required) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull() || n.isTextual() && n.asText().isBlank()) {
            if (required) {
                throw Invalid.field(field, "required");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw Invalid.field(field, "badValue");
        }
        String s = n.asText().strip();
        if (s.length() > max) {
            throw Invalid.field(field, "tooLong");
        }
        return s;
    }

    private static Long number(JsonNode b, String field, boolean required) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw Invalid.field(field, "required");
            }
            return null;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber()) {
            throw Invalid.field(field, "badValue");
        }
        return n.asLong();
    }

    private static LocalDate date(JsonNode b, String field, LocalDate fallback, boolean notFuture) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) {
            if (fallback == null) {
                throw Invalid.field(field, "required");
            }
            return fallback;
        }
        try {
            LocalDate d = LocalDate.parse(n.asText());
            if (notFuture && d.isAfter(PairingService.today())) {
                throw Invalid.field(field, "future");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw Invalid.field(field, "badDate");
        }
    }

    private static <E extends Enum<E>> E enumValue(JsonNode b, String field, Class<E> type, String key) {
        String s = text(b, field, 40, true);
        try {
            return Enum.valueOf(type, s);
        } catch (IllegalArgumentException e) {
            throw Invalid.field(field, key);
        }
    }

    private static LocalDate queryDate(Rq rq, String name, LocalDate fallback) {
        String v = rq.http().getParameter(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw Invalid.field(name, "badDate");
        }
    }

    private static Long queryLong(Rq rq, String name) {
        String v = rq.http().getParameter(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw Invalid.field(name, "badValue");
        }
    }

    // ---- schemes and rules

    private List<Map<String, Object>> schemesJson(List<Scheme> schemes) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Scheme s : schemes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", s.code());
            m.put("nameZh", s.nameZh());
            m.put("nameEn", s.nameEn());
            m.put("slots", s.slots().stream().map(slot -> slot.stream().map(Enum::name).sorted().toList()).toList());
            m.put("capacity", s.capacity());
            m.put("preconditions", s.preconditions().stream().map(Enum::name).sorted().toList());
            m.put("obligations", s.obligations());
            m.put("levels", s.levels().stream().sorted().toList());
            m.put("enabled", s.enabled());
            m.put("source", s.source());
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> rulesJson() {
        var r = service.rules();
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, String>> dims = new ArrayList<>();
        for (Dimension d : r.dimensions()) {
            dims.add(Map.of("code", d.name(), "zh", d == Dimension.EXTRA ? r.extraLabelZh() : d.zh(),
                    "en", d == Dimension.EXTRA && r.extraLabelEn() != null ? r.extraLabelEn() : d.en()));
        }
        m.put("dimensions", dims);
        m.put("maxScore", org.guanai.plugin.pairing.internal.rules.AssessmentRules.MAX_SCORE);
        m.put("critical", r.critical().stream().map(Enum::name).sorted().toList());
        m.put("criticalScore", r.criticalScore());
        m.put("level2Total", r.level2Total());
        m.put("level3Total", r.level3Total());
        m.put("level4Total", r.level4Total());
        m.put("source", "[002 L371]");
        return m;
    }

    private void putScheme(Rq rq, HttpServletResponse rs) throws IOException, SQLException {
        Scheme template = Schemes.defaults().stream().filter(s -> s.code().equals(rq.path()[1])).findFirst().orElseThrow(Invalid::notFound);
        JsonNode b = body(rq);
        JsonNode en = b.get("enabled");
        if (en == null || !en.isBoolean()) {
            throw Invalid.field("enabled", en == null ? "required" : "badValue");
        }
        Long cap = number(b, "capacity", true);
        if (cap < 1 || cap > 50) {
            throw Invalid.field("capacity", "capacity");
        }
        JsonNode obs = b.get("obligations");
        List<Obligation> obligations = new ArrayList<>();
        if (obs != null && !obs.isNull()) {
            if (!obs.isArray()) {
                throw Invalid.field("obligations", "obligation");
            }
            for (int i = 0; i < obs.size(); i++) {
                JsonNode o = obs.get(i);
                String f = "obligations[" + i + "]";
                if (!o.isObject()) {
                    throw Invalid.field(f, "obligation");
                }
                try {
                    RecordKind kind = RecordKind.valueOf(o.path("kind").asText());
                    Period period = Period.valueOf(o.path("period").asText());
                    Basis basis = Basis.valueOf(o.path("basis").asText("PAIR"));
                    if (!o.path("min").isInt()) {
                        throw Invalid.field(f + ".min", "obligation");
                    }
                    String source = template.obligations().stream().filter(t -> t.kind() == kind && t.period() == period && t.basis() == basis)
                            .map(Obligation::source).findFirst().orElse("");
                    obligations.add(new Obligation(kind, period, o.path("min").asInt(), basis, source));
                } catch (IllegalArgumentException e) {
                    throw Invalid.field(f, "obligation");
                }
            }
        } else {
            obligations.addAll(template.obligations());
        }
        requireManage(rq);
        store.saveScheme(rq.school(), template.with(en.asBoolean(), cap.intValue(), obligations), rq.user());
        Scheme saved = store.schemes(rq.school(), Schemes.defaults()).stream().filter(s -> s.code().equals(template.code())).findFirst()
                .orElseThrow();
        write(rs, 200, schemesJson(List.of(saved)).get(0));
    }

    // ---- mentors

    private void listMentors(Rq rq, HttpServletResponse rs) throws IOException, SQLException {
        boolean all = "true".equals(rq.http().getParameter("all"));
        service.syncStaff(rq.school(), rq.user());
        List<Mentor> ms = store.mentors(rq.school(), all);
        Map<Long, Integer> loads = store.loads(ms.stream().map(Mentor::id).toList());
        Schemes schemes = service.schemes(rq.school());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Mentor m : ms) {
            Map<String, Object> v = json.convertValue(m, Map.class);
            v.put("load", loads.getOrDefault(m.id(), 0));
            v.put("effectiveCapacity", service.capacity(m, schemes));
            out.add(v);
        }
        write(rs, 200, Map.of("items", out));
    }

    private void saveMentor(Rq rq, HttpServletResponse rs, Mentor existing) throws IOException, SQLException {
        JsonNode b = body(rq);
        MentorKind kind = existing != null ? existing.kind() : enumValue(b, "kind", MentorKind.class, "unknownKind");
        if (existing == null && kind == MentorKind.TEACHER) {
            throw Invalid.field("kind", "staffMentor");
        }
        Long childId = existing != null ? existing.childId() : kind == MentorKind.PEER ? number(b, "childId", true) : null;
        Long classId = existing != null && existing.kind() == MentorKind.TEACHER ? existing.classId() : null;
        String name;
        if (childId != null) {
            Child pupil = service.child(childId, rq.school()).orElseThrow(() -> Invalid.field("childId", "unknownChild"));
            name = pupil.name();
            classId = pupil.classId();
        } else {
            name = existing != null && existing.kind() == MentorKind.TEACHER ? existing.name() : text(b, "name", 100, true);
        }
        String phone = text(b, "phone", 30, false);
        String village = text(b, "village", 100, false);
        Long cap = number(b, "capacity", false);
        if (cap != null && (cap < 1 || cap > 50)) {
            throw Invalid.field("capacity", "capacity");
        }
        LocalDate vetted = b.hasNonNull("vettedOn") ? date(b, "vettedOn", null, true) : null;
        String note = text(b, "note", 500, false);
        requireManage(rq);
        Mentor saved;
        if (existing == null) {
            saved = store.insertMentor(new Mentor(null, rq.school(), kind, null, childId, name, phone, village, classId,
                    cap == null ? null : cap.intValue(), vetted, true, null, note), rq.user());
            audit("CREATE", "pairing.mentor", saved.id(), null, rq.school());
            rs.setHeader("Location", "/api/programmes/pairing/mentors/" + saved.id());
            write(rs, 201, saved);
        } else {
            saved = store.updateMentor(new Mentor(existing.id(), existing.schoolId(), kind, existing.staffId(), childId, name, phone, village,
                    classId, cap == null ? null : cap.intValue(), vetted, existing.active(), existing.leftOn(), note));
            audit("UPDATE", "pairing.mentor", saved.id(), null, rq.school());
            service.activatePending(rq.school());
            write(rs, 200, saved);
        }
    }

    private void leave(Rq rq, HttpServletResponse rs, Mentor m) throws IOException, SQLException {
        JsonNode b = body(rq);
        LocalDate on = date(b, "on", PairingService.today(), false);
        requireManage(rq);
        List<Pair> ended = service.mentorLeft(m, on, rq.user());
        audit("UPDATE", "pairing.mentor", m.id(), null, rq.school());
        write(rs, 200, Map.of("mentor", store.mentor(m.id()).orElseThrow(), "endedPairs", ended));
    }

    // ---- pairs

    private void listPairs(Rq rq, HttpServletResponse rs) throws IOException, SQLException {
        boolean history = "true".equals(rq.http().getParameter("history"));
        Map<Long, Child> visible = visible(rq);
        List<Pair> pairs = store.pairsOfSchool(rq.school(), !history).stream().filter(p -> visible.containsKey(p.childId())).toList();
        Map<Long, Mentor> mentors = PairingService.byId(store.mentors(pairs.stream().map(Pair::mentorId).distinct().toList()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Pair p : pairs) {
            out.add(pairJson(p, visible.get(p.childId()), mentors.get(p.mentorId())));
        }
        write(rs, 200, Map.of("items", out));
    }

    private Map<String, Object> pairJson(Pair p, Child c, Mentor m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> v = json.convertValue(p, Map.class);
        v.put("childName", c == null ? null : c.name());
        v.put("classId", c == null ? null : c.classId());
        v.put("mentorName", m == null ? null : m.name());
        v.put("mentorKind", m == null ? null : m.kind().name());
        return v;
    }

    private void createPair(Rq rq, HttpServletResponse rs) throws IOException, SQLException {
        JsonNode b = body(rq);
        long childId = number(b, "childId", true);
        long mentorId = number(b, "mentorId", true);
        String scheme = text(b, "scheme", 30, true);
        LocalDate start = date(b, "startsOn", PairingService.today(), false);
        String note = text(b, "note", 500, false);
        Child child = service.child(childId, rq.school()).orElseThrow(() -> Invalid.field("childId", "unknownChild"));
        Mentor mentor = store.mentor(mentorId).filter(m -> m.schoolId() == rq.school()
                || m.kind() == MentorKind.CADRE && m.village() != null && m.village().equals(child.village()))
                .orElseThrow(() -> Invalid.field("mentorId", "unknownMentor"));
        requireManage(rq);
        Pair p = service.createPair(child, mentor, scheme, start, note, rq.user());
        audit("CREATE", "pairing.pair", p.id(), child.id(), rq.school());
        Map<String, Object> v = pairJson(p, child, mentor);
        Scheme s = service.schemes(rq.school()).get(scheme).orElseThrow();
        v.put("missing", service.missing(s, child, mentor).stream().map(Enum::name).sorted().toList());
        rs.setHeader("Location", "/api/programmes/pairing/pairs/" + p.id());
        write(rs, 201, v);
    }

    private void endPair(Rq rq, HttpServletResponse rs) throws IOException, SQLException {
        Pair p = store.pair(id(rq.path()[1])).filter(x -> x.schoolId() == rq.school()).orElseThrow(Invalid::notFound);
        Child c = service.child(p.childId(), rq.school()).orElse(null);
        if (c == null && !rq.caller().allClasses()) {
            throw Invalid.notFound();
        }
        JsonNode b = body(rq);
        LocalDate on = date(b, "on", PairingService.today(), false);
        if (on.isBefore(p.startsOn())) {
            throw Invalid.field("on", "badDate");
        }
        requireManage(rq);
        if (!store.endPair(p.id(), on, EndReason.ENDED, rq.user())) {
            throw new Invalid(409, null, "pairEnded");
        }
        service.post("pair/ENDED", Map.of("id", p.id(), "childId", p.childId(), "schoolId", p.schoolId(), "actor", rq.user(), "reason", "ENDED"));
        audit("UPDATE", "pairing.pair", p.id(), p.childId(), rq.school());
        write(rs, 200, store.pair(p.id()).orElseThrow());
    }

    // ---- board and child

    private void board(Rq rq, HttpServletResponse rs) throws IOException, SQLException {
        Map<Long, Child> visible = visible(rq);
        Map<Long, Integer> levels = store.levels(rq.school());
        List<Pair> all = store.pairsOfSchool(rq.school(), false);
        Map<Long, List<Pair>> pairs = all.stream().filter(p -> p.status() != Status.ENDED).collect(Collectors.groupingBy(Pair::childId));
        Map<Long, Mentor> mentors = PairingService.byId(store.mentors(all.stream().map(Pair::mentorId).distinct().toList()));
        // 帮扶人离岗: a child whose mentor left, and who has no open pair with a mentor of that kind yet, is flagged
        Map<Long, List<String>> flagged = new HashMap<>();
        for (Pair p : all) {
            if (p.endReason() == EndReason.MENTOR_LEFT) {
                MentorKind kind = mentors.get(p.mentorId()).kind();
                boolean replaced = pairs.getOrDefault(p.childId(), List.of()).stream().anyMatch(o -> mentors.get(o.mentorId()).kind() == kind
                        && !o.startsOn().isBefore(p.endsOn()));
                if (!replaced) {
                    flagged.computeIfAbsent(p.childId(), k -> new ArrayList<>()).add(mentors.get(p.mentorId()).name());
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Child c : visible.values()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("childId", c.id());
            v.put("name", c.name());
            v.put("classId", c.classId());
            v.put("village", c.village());
            v.put("level", levels.get(c.id()));
            List<Map<String, Object>> ps = new ArrayList<>();
            for (Pair p : pairs.getOrDefault(c.id(), List.of())) {
                Mentor m = mentors.get(p.mentorId());
                ps.add(Map.of("pairId", p.id(), "scheme", p.scheme(), "status", p.status().name(), "mentorId", m.id(), "mentorName", m.name(),
                        "mentorKind", m.kind().name()));
            }
            v.put("pairs", ps);
            v.put("mentorLeft", flagged.getOrDefault(c.id(), List.of()));
            out.add(v);
        }
        write(rs, 200, Map.of("items", out));
    }

    private void childView(Rq rq, HttpServletResponse rs, Child c) throws IOException, SQLException {
        List<Pair> pairs = store.pairsOfChild(c.id());
        Map<Long, Mentor> mentors = PairingService.byId(store.mentors(pairs.stream().map(Pair::mentorId).distinct().toList()));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("childId", c.id());
        v.put("name", c.name());
        v.put("classId", c.classId());
        v.put("pairs", pairs.stream().map(p -> pairJson(p, c, mentors.get(p.mentorId()))).toList());
        v.put("assessments", store.assessments(c.id()));
        v.put("records", store.records(rq.school(), LocalDate.of(2000, 1, 1), PairingService.today().plusDays(1), null, c.id()));
        audit("READ", "pairing.child", c.id(), c.id(), rq.school());
        write(rs, 200, v);
    }

    private void assess(Rq rq, HttpServletResponse rs, Child c) throws IOException, SQLException {
        JsonNode b = body(rq);
        JsonNode scores = b.get("scores");
        if (scores == null || !scores.isObject()) {
            throw Invalid.field("scores", "required");
        }
        Map<Dimension, Integer> s = new EnumMap<>(Dimension.class);
        for (Dimension d : service.rules().dimensions()) {
            JsonNode n = scores.get(d.name());
            if (n == null || !n.isInt()) {
                throw Invalid.field("scores." + d.name(), "score");
            }
            s.put(d, n.asInt());
        }
        LocalDate on = date(b, "assessedOn", PairingService.today(), true);
        String note = text(b, "note", 1000, false);
        Assessment a = service.assess(c, s, on, note, rq.user());
        audit("CREATE", "pairing.assessment", a.id(), c.id(), rq.school());
        write(rs, 201, a);
    }

    private void precondition(Rq rq, HttpServletResponse rs) throws IOException, SQLException {
        JsonNode b = body(rq);
        Precondition kind = enumValue(b, "kind", Precondition.class, "badValue");
        LocalDate on = date(b, "recordedOn", PairingService.today(), true);
        String note = text(b, "note", 500, false);
        Long child = null;
        Long mentor = null;
        Long klass = null;
        switch (kind.subject()) {
            case CHILD -> child = service.child(number(b, "childId", true), rq.school())
                    .orElseThrow(() -> Invalid.field("childId", "unknownChild")).id();
            case MENTOR -> mentor = store.mentor(number(b, "mentorId", true)).filter(m -> m.schoolId() == rq.school())
                    .orElseThrow(() -> Invalid.field("mentorId", "unknownMentor")).id();
            case CLASS -> {
                long k = number(b, "classId", true);
                // the class must be one of the school's classes the caller sees
                if (!rq.caller().maySee(rq.school(), k) || !service.classOf(rq.school(), k)) {
                    throw Invalid.field("classId", "badValue");
                }
                klass = k;
            }
        }
        PreconditionRecord saved = store.insertPrecondition(new PreconditionRecord(null, rq.school(), kind, child, mentor, klass, on, note,
                rq.user()));
        int activated = service.activatePending(rq.school());
        audit("CREATE", "pairing.precondition", saved.id(), child, rq.school());
        write(rs, 201, Map.of("precondition", saved, "activatedPairs", activated));
    }

    // ---- records

    private void listRecords(Rq rq, HttpServletResponse rs) throws IOException, SQLException {
        LocalDate to = queryDate(rq, "to", PairingService.today());
        LocalDate from = queryDate(rq, "from", to.minusDays(92));
        Map<Long, Child> visible = visible(rq);
        List<MentorRecord> recs = store.records(rq.school(), from, to, queryLong(rq, "mentor"), queryLong(rq, "child")).stream()
                .filter(r -> r.childId() == null || visible.containsKey(r.childId())).toList();
        Map<Long, Mentor> mentors = PairingService.byId(store.mentors(recs.stream().map(MentorRecord::mentorId).distinct().toList()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (MentorRecord r : recs) {
            @SuppressWarnings("unchecked")
            Map<String, Object> v = json.convertValue(r, Map.class);
            v.put("mentorName", Optional.ofNullable(mentors.get(r.mentorId())).map(Mentor::name).orElse(null));
            v.put("childName", r.childId() == null ? null : visible.get(r.childId()).name());
            out.add(v);
        }
        write(rs, 200, Map.of("from", from, "to", to, "items", out));
    }

    private void createRecord(Rq rq, HttpServletResponse rs) throws IOException, SQLException {
        JsonNode b = body(rq);
        RecordKind kind = enumValue(b, "kind", RecordKind.class, "badValue");
        long mentorId = number(b, "mentorId", true);
        long childId = number(b, "childId", true);
        LocalDate on = date(b, "occurredOn", PairingService.today(), true);
        List<Topic> topics = new ArrayList<>();
        JsonNode t = b.get("topics");
        if (t != null && !t.isNull()) {
            if (!t.isArray()) {
                throw Invalid.field("topics", "unknownTopic");
            }
            for (JsonNode x : t) {
                try {
                    Topic topic = Topic.valueOf(x.asText());
                    if (!topics.contains(topic)) {
                        topics.add(topic);
                    }
                } catch (IllegalArgumentException e) {
                    throw Invalid.field("topics", "unknownTopic");
                }
            }
        }
        if (kind == RecordKind.TALK && topics.isEmpty()) {
            throw Invalid.field("topics", "required");
        }
        String notes = text(b, "notes", 2000, false);
        String followUp = text(b, "followUp", 1000, false);
        Child child = service.child(childId, rq.school()).orElseThrow(() -> Invalid.field("childId", "unknownChild"));
        List<Pair> pairs = store.pairsOfChild(child.id()).stream().filter(p -> p.mentorId() == mentorId && p.status() != Status.PENDING
                && !on.isBefore(p.startsOn()) && (p.endsOn() == null || !on.isAfter(p.endsOn()))).toList();
        if (pairs.isEmpty()) {
            throw Invalid.field("mentorId", "noPair");
        }
        MentorRecord saved = store.insertRecord(new MentorRecord(null, rq.school(), mentorId, child.id(), kind, on, topics, notes, followUp,
                rq.user()));
        service.post("record/CREATED", Map.of("id", saved.id(), "childId", child.id(), "schoolId", rq.school(), "actor", rq.user(), "kind",
                kind.name()));
        audit("CREATE", "pairing.record", saved.id(), child.id(), rq.school());
        rs.setHeader("Location", "/api/programmes/pairing/records/" + saved.id());
        write(rs, 201, saved);
    }

    // ---- proposals

    private void propose(Rq rq, HttpServletResponse rs) throws IOException, SQLException {
        JsonNode b = body(rq);
        String scope = b.path("scope").asText("school");
        if (!scope.equals("school") && !scope.equals("county")) {
            throw Invalid.field("scope", "badValue");
        }
        boolean county = scope.equals("county");
        if (county && !rq.caller().allSchools()) {
            throw Invalid.field("scope", "county");
        }
        List<Long> schools = county ? service.countySchools() : List.of(rq.school());
        Proposal p = service.propose(rq.school(), schools, county, rq.user());
        rs.setHeader("Location", "/api/programmes/pairing/proposals/" + p.id());
        write(rs, 201, proposalJson(rq, p));
    }

    private Map<String, Object> proposalJson(Rq rq, Proposal p) throws SQLException {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.id());
        v.put("schoolId", p.schoolId());
        v.put("county", p.county());
        v.put("children", p.children());
        v.put("slots", p.slots());
        v.put("assigned", p.assigned());
        v.put("cost", p.cost());
        v.put("millis", p.millis());
        v.put("createdBy", p.createdBy());
        Set<Long> ids = new HashSet<>();
        p.items().stream().map(ProposalItem::mentorId).filter(java.util.Objects::nonNull).forEach(ids::add);
        Map<Long, Mentor> mentors = PairingService.byId(store.mentors(ids));
        // a teacher's proposal covers the children they see; the county's, every school's
        Function<ProposalItem, Boolean> shown;
        if (p.county() || rq.caller().allClasses()) {
            shown = i -> true;
        } else {
            Map<Long, Child> visible = visible(rq);
            shown = i -> visible.containsKey(i.childId());
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (ProposalItem i : p.items()) {
            if (!shown.apply(i)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = json.convertValue(i, Map.class);
            Mentor mentor = i.mentorId() == null ? null : mentors.get(i.mentorId());
            m.put("mentorName", mentor == null ? null : mentor.name());
            m.put("mentorKind", mentor == null ? null : mentor.kind().name());
            items.add(m);
        }
        v.put("items", items);
        return v;
    }

    private void accept(Rq rq, HttpServletResponse rs, Proposal p) throws IOException, SQLException {
        JsonNode b = body(rq);
        Set<Long> items = null;
        JsonNode list = b.get("items");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw Invalid.field("items", "badValue");
            }
            items = new HashSet<>();
            Set<Long> known = p.items().stream().map(ProposalItem::id).collect(Collectors.toSet());
            for (JsonNode n : list) {
                if (!n.canConvertToLong() || !known.contains(n.asLong())) {
                    throw Invalid.field("items", "badValue");
                }
                items.add(n.asLong());
            }
        } else if (!b.path("all").asBoolean(false)) {
            throw Invalid.field("items", "required");
        }
        requireManage(rq);
        if (p.county() && !rq.caller().allSchools()) {
            throw new Invalid(403, null, "county");
        }
        PairingService.Acceptance a = service.accept(p, items, rq.user());
        for (Pair pair : a.accepted()) {
            audit("CREATE", "pairing.pair", pair.id(), pair.childId(), pair.schoolId());
        }
        write(rs, 200, Map.of("accepted", a.accepted(), "skipped", a.skipped()));
    }

    // ---- reports

    private void report(Rq rq, HttpServletResponse rs, String which) throws IOException, SQLException {
        boolean csv = "csv".equals(rq.http().getParameter("format"));
        List<Map<String, Object>> rows;
        switch (which) {
            case "coverage" -> {
                if ("county".equals(rq.http().getParameter("scope")) && rq.caller().allSchools()) {
                    rows = new ArrayList<>();
                    for (long school : service.countySchools()) {
                        List<Map<String, Object>> per = service.coverage(school, service.children(school));
                        Map<String, Object> total = new LinkedHashMap<>(per.get(per.size() - 1));
                        total.put("schoolId", school);
                        total.remove("classId");
                        total.remove("className");
                        rows.add(total);
                    }
                } else {
                    rows = service.coverage(rq.school(), new ArrayList<>(visible(rq).values()));
                }
            }
            case "load" -> rows = service.load(rq.school());
            case "compliance" -> {
                YearMonth month;
                try {
                    String m = rq.http().getParameter("month");
                    month = m == null || m.isBlank() ? YearMonth.from(PairingService.today()) : YearMonth.parse(m);
                } catch (DateTimeParseException e) {
                    throw Invalid.field("month", "badDate");
                }
                rows = service.compliance(rq.school(), month, visible(rq));
            }
            case "levels" -> {
                rows = new ArrayList<>();
                for (Map.Entry<String, Long> e : service.levels(rq.school(), new ArrayList<>(visible(rq).values())).entrySet()) {
                    rows.add(new LinkedHashMap<>(Map.of("level", e.getKey(), "children", e.getValue())));
                }
            }
            default -> throw Invalid.notFound();
        }
        if (csv) {
            rs.setStatus(200);
            rs.setContentType("text/csv;charset=UTF-8");
            rs.setHeader("Content-Disposition", "attachment; filename=\"pairing-" + which + ".csv\"");
            rs.setCharacterEncoding("UTF-8");
            PrintWriter w = rs.getWriter();
            w.write('\uFEFF'); // so that spreadsheet programs read UTF-8
            if (!rows.isEmpty()) {
                w.println(String.join(",", rows.get(0).keySet()));
                for (Map<String, Object> r : rows) {
                    w.println(r.values().stream().map(PairingServlet::csvCell).collect(Collectors.joining(",")));
                }
            }
            w.flush();
        } else {
            write(rs, 200, Map.of("report", which, "items", rows));
        }
    }

    static String csvCell(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !(v instanceof Number)) {
            s = "'" + s; // no formulas from cell text
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    // ---- output

    private void audit(String action, String entity, Long id, Long child, Long school) {
        AuditTrail a = audit;
        if (a != null) {
            a.record(action, entity, String.valueOf(id), child, school, null);
        }
    }

    private void write(HttpServletResponse rs, int status, Object body) throws IOException {
        rs.setStatus(status);
        rs.setContentType("application/json;charset=UTF-8");
        rs.getOutputStream().write(json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }

    private void error(HttpServletResponse rs, Invalid e) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.status == 400 && e.field != null ? "validation" : e.key);
        body.put("message_zh", messages.zh(e.key));
        body.put("message_en", messages.en(e.key));
        if (e.field != null) {
            Map<String, Object> f = new HashMap<>();
            f.put("field", e.field);
            f.put("message_zh", messages.zh(e.key));
            f.put("message_en", messages.en(e.key));
            body.put("errors", List.of(f));
        }
        write(rs, e.status, body);
    }
}
