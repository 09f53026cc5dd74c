package org.guanai.plugin.activities.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.regex.Pattern;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.School;
import org.guanai.plugin.activities.internal.Checklists.ActivityType;
import org.guanai.plugin.activities.internal.Checklists.Cadence;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Checklists.Occasion;
import org.guanai.plugin.activities.internal.Checklists.RecordKind;
import org.guanai.plugin.activities.internal.Checklists.ResourceKind;
import org.guanai.plugin.activities.internal.Checklists.Scheme;
import org.guanai.plugin.activities.internal.Checklists.Variant;
import org.guanai.plugin.activities.internal.Coverage.ChildRow;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.plugin.activities.internal.Model.ChildRecord;
import org.guanai.plugin.activities.internal.Model.EvidenceFile;
import org.guanai.plugin.activities.internal.Model.Home;
import org.guanai.plugin.activities.internal.Model.Resource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
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
 * The programme's HTTP API under {@code /api/programmes/activities/}. The core has checked the caller, the permission
 * ({@code activities.read} for GET, {@code activities.write} otherwise) and that the school the request acts for enabled
 * the programme; this servlet serves only that school's records and only the children the caller may see (through
 * {@link ChildService}, which scopes a 班主任 to their classes): anything else answers 404.
 */
@Component(service = Servlet.class, property = {
        "guanai.route=GET /api/programmes/activities/checklist",
        "guanai.route=POST /api/programmes/activities/checklist/variants",
        "guanai.route=PUT /api/programmes/activities/checklist/items/{item}",
        "guanai.route=GET /api/programmes/activities/semesters",
        "guanai.route=PUT /api/programmes/activities/semesters/{semester}",
        "guanai.route=GET /api/programmes/activities/settings",
        "guanai.route=PUT /api/programmes/activities/settings",
        "guanai.route=GET /api/programmes/activities/activities",
        "guanai.route=POST /api/programmes/activities/activities",
        "guanai.route=GET /api/programmes/activities/activities/{activity}",
        "guanai.route=PUT /api/programmes/activities/activities/{activity}",
        "guanai.route=DELETE /api/programmes/activities/activities/{activity}",
        "guanai.route=POST /api/programmes/activities/activities/{activity}/evidence",
        "guanai.route=GET /api/programmes/activities/activities/{activity}/evidence/{evidence}",
        "guanai.route=DELETE /api/programmes/activities/activities/{activity}/evidence/{evidence}",
        "guanai.route=GET /api/programmes/activities/children/{child}/records",
        "guanai.route=POST /api/programmes/activities/children/{child}/records",
        "guanai.route=PUT /api/programmes/activities/children/{child}/records/{record}",
        "guanai.route=DELETE /api/programmes/activities/children/{child}/records/{record}",
        "guanai.route=GET /api/programmes/activities/children/{child}/coverage",
        "guanai.route=GET /api/programmes/activities/coverage",
        "guanai.route=GET /api/programmes/activities/coverage/export",
        "guanai.route=GET /api/programmes/activities/home",
        "guanai.route=PUT /api/programmes/activities/home",
        "guanai.route=POST /api/programmes/activities/home/resources",
        "guanai.route=PUT /api/programmes/activities/home/resources/{resource}",
        "guanai.route=DELETE /api/programmes/activities/home/resources/{resource}",
        "guanai.route=GET /api/programmes/activities/reminders",
        "guanai.route=POST /api/programmes/activities/reminders/check" })
@HttpWhiteboardServletPattern("/api/programmes/" + ActivityStore.ID + "/*")
public final class ActivitiesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{1,39}");
    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final transient ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final transient ActivityStore store;
    private final transient CoverageService coverage;
    private final transient EvidenceFiles files;
    private final transient ChildService children;
    private final transient SchoolService schools;
    private final transient CallerContext callers;
    private final transient AuditTrail audit;
    private final transient ResourceBundle zh = bundle(Locale.CHINESE);
    private final transient ResourceBundle en = bundle(Locale.ENGLISH);

    @Activate
    public ActivitiesServlet(@Reference ActivityStore store, @Reference CoverageService coverage, @Reference EvidenceFiles files,
            @Reference ChildService children, @Reference SchoolService schools, @Reference CallerContext callers,
            @Reference AuditTrail audit) {
        this.store = store;
        this.coverage = coverage;
        this.files = files;
        this.children = children;
        this.schools = schools;
        this.callers = callers;
        this.audit = audit;
    }

    private static ResourceBundle bundle(Locale l) {
        return ResourceBundle.getBundle("org.guanai.plugin.activities.internal.messages", l, ActivitiesServlet.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** An answer already decided (404, 400 …), thrown from deep inside a handler. */
    private static final class Answer extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;
        final Map<String, String> fields;

        Answer(int status, String code, Map<String, String> fields) {
            super(code, null, false, false);
            this.status = status;
            this.code = code;
            this.fields = fields;
        }
    }

    private static Answer notFound() {
        return new Answer(404, "notFound", Map.of());
    }

    private static Answer invalid(Map<String, String> fields) {
        return new Answer(400, "validation", fields);
    }

    private static Answer invalid(String field, String key) {
        return invalid(Map.of(field, key));
    }

    @Override
    protected void service(HttpServletRequest rq, HttpServletResponse rs) throws IOException {
        String info = rq.getPathInfo() == null ? "" : rq.getPathInfo();
        String[] p = info.isEmpty() || info.equals("/") ? new String[0] : info.substring(1).split("/");
        String m = rq.getMethod();
        try {
            Optional<Caller> caller = callers.current();
            if (caller.isEmpty() || caller.get().schoolId().isEmpty()) {
                throw new Answer(400, "school_required", Map.of("school", "schoolRequired"));
            }
            long school = caller.get().schoolId().get();
            String user = caller.get().user();
            route(rq, rs, p, m, school, user);
        } catch (Answer a) {
            if (!a.fields.isEmpty()) {
                errors(rs, a.status, a.code, a.fields);
            } else {
                error(rs, a.status, a.code);
            }
        } catch (SQLException | RuntimeException e) {
            log("activities: " + m + " " + info + " failed", e);
            if (!rs.isCommitted()) {
                rs.reset();
                error(rs, 500, "internal");
            }
        }
    }

    private void route(HttpServletRequest rq, HttpServletResponse rs, String[] p, String m, long school, String user)
            throws IOException, SQLException, Answer {
        int n = p.length;
        String first = n > 0 ? p[0] : "";
        switch (first) {
            case "checklist" -> {
                if (n == 1 && m.equals("GET")) {
                    write(rs, 200, checklistJson(school));
                } else if (n == 2 && p[1].equals("variants") && m.equals("POST")) {
                    Input in = input(rq, Set.of("variant", "replace"));
                    Variant v = in.choice("variant", Variant.class, true, "variant");
                    if (v == Variant.CUSTOM) {
                        in.error("variant", "variant");
                    }
                    boolean replace = in.bool("replace", false);
                    check(in);
                    requireManage();
                    store.applyVariant(school, v, replace);
                    audit.record("UPDATE", "activities.checklist", v.name(), null, school, replace ? "switch" : "add");
                    write(rs, 200, checklistJson(school));
                } else if (n == 3 && p[1].equals("items") && m.equals("PUT")) {
                    putItem(rq, rs, school, p[2]);
                } else {
                    throw notFound();
                }
            }
            case "semesters" -> {
                if (n == 1 && m.equals("GET")) {
                    write(rs, 200, semestersJson(school));
                } else if (n == 2 && m.equals("PUT")) {
                    putSemester(rq, rs, school, p[1]);
                } else {
                    throw notFound();
                }
            }
            case "settings" -> {
                if (n != 1) {
                    throw notFound();
                }
                if (m.equals("PUT")) {
                    Input in = input(rq, Set.of("reminderWeeks"));
                    Integer w = in.integer("reminderWeeks", true, 0, 20);
                    check(in);
                    requireManage();
                    store.setReminderWeeks(school, w);
                } else if (!m.equals("GET")) {
                    throw new Answer(405, "method", Map.of());
                }
                write(rs, 200, Map.of("reminderWeeks", store.reminderWeeks(school), "mentoringSource", coverage.mentoringSource()));
            }
            case "activities" -> activities(rq, rs, p, m, school, user);
            case "children" -> {
                if (n < 3) {
                    throw notFound();
                }
                Child child = child(p[1], school);
                childRoutes(rq, rs, p, m, school, user, child);
            }
            case "coverage" -> {
                if (n == 1 && m.equals("GET")) {
                    Semester s = semesterParam(rq, school);
                    Long classId = longParam(rq, "class");
                    write(rs, 200, gridJson(coverage.grid(school, s, asOf(rq), classId)));
                } else if (n == 2 && p[1].equals("export") && m.equals("GET")) {
                    export(rq, rs, school);
                } else {
                    throw notFound();
                }
            }
            case "home" -> home(rq, rs, p, m, school);
            case "reminders" -> {
                if (n == 1 && m.equals("GET")) {
                    Semester s = store.semesterOn(school, CoverageService.today());
                    int weeks = store.reminderWeeks(school);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("reminderWeeks", weeks);
                    out.put("semester", semesterJson(s));
                    out.put("remindFrom", s.end().minusWeeks(weeks));
                    out.put("posted", store.reminders(school));
                    write(rs, 200, out);
                } else if (n == 2 && p[1].equals("check") && m.equals("POST")) {
                    Map<String, Object> posted = coverage.remindNow(school);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("posted", posted != null);
                    if (posted != null) {
                        out.put("event", posted);
                    }
                    write(rs, 200, out);
                } else {
                    throw notFound();
                }
            }
            default -> throw notFound();
        }
    }

    // ---- checklist ----

    private Map<String, Object> checklistJson(long school) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", store.checklist(school));
        out.put("variants", List.of(Variant.NINE_ONES, Variant.SEVENTEEN, Variant.FIVE_ONES, Variant.HOME_THREE_ONES));
        out.put("mentoringSource", coverage.mentoringSource());
        return out;
    }

    private void putItem(HttpServletRequest rq, HttpServletResponse rs, long school, String code) throws IOException, SQLException, Answer {
        if (!CODE.matcher(code).matches()) {
            throw notFound();
        }
        Input in = input(rq, Set.of("nameZh", "nameEn", "cadence", "times", "evidence", "active"));
        Item existing = store.checklist(school).stream().filter(i -> i.code().equals(code)).findFirst().orElse(null);
        boolean create = existing == null;
        String nameZh = in.text("nameZh", create, 100);
        String nameEn = in.text("nameEn", create, 120);
        Cadence cadence = in.choice("cadence", Cadence.class, create, "cadence");
        Integer times = in.integer("times", false, 1, 10);
        String evidence = in.text("evidence", create, 100);
        if (evidence != null) {
            try {
                Checklists.Evidence.parse(evidence);
            } catch (IllegalArgumentException e) {
                in.error("evidence", "evidence");
            }
        }
        boolean active = in.bool("active", create || existing.active());
        check(in);
        requireManage();
        Item item = new Item(code, create ? Variant.CUSTOM : existing.variant(), nameZh != null ? nameZh : existing.nameZh(),
                nameEn != null ? nameEn : existing.nameEn(), cadence != null ? cadence : existing.cadence(),
                times != null ? times : create ? 1 : existing.times(), evidence != null ? evidence : existing.evidence(),
                create ? null : existing.source(), active);
        store.putItem(school, item);
        audit.record("UPDATE", "activities.checklist", code, null, school, null);
        write(rs, 200, checklistJson(school));
    }

    // ---- semesters ----

    private Map<String, Object> semesterJson(Semester s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("schoolYear", s.schoolYear());
        m.put("term", s.term());
        m.put("start", s.start());
        m.put("end", s.end());
        m.put("configured", s.configured());
        m.put("labelZh", s.labelZh());
        m.put("labelEn", s.labelEn());
        return m;
    }

    private Map<String, Object> semestersJson(long school) throws SQLException {
        Semester current = store.semesterOn(school, CoverageService.today());
        Semester.Key k = new Semester.Key(current.schoolYear(), current.term());
        List<Object> list = new ArrayList<>();
        for (Semester.Key key : List.of(k.previous().previous(), k.previous(), k, k.next(), k.next().next())) {
            list.add(semesterJson(store.semester(school, key)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("current", current.id());
        out.put("items", list);
        return out;
    }

    private void putSemester(HttpServletRequest rq, HttpServletResponse rs, long school, String id) throws IOException, SQLException, Answer {
        Semester.Key key;
        try {
            key = Semester.Key.parse(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
        Input in = input(rq, Set.of("start", "end"));
        LocalDate start = in.date("start", true);
        LocalDate end = in.date("end", true);
        check(in);
        if (!start.isBefore(end) || end.toEpochDay() - start.toEpochDay() > 230) {
            throw invalid("end", "semesterDates");
        }
        Semester dflt = Semester.defaults(key.schoolYear(), key.term());
        if (Math.abs(start.toEpochDay() - dflt.start().toEpochDay()) > 75) {
            throw invalid("start", "semesterYear");
        }
        Semester prev = store.semester(school, key.previous());
        Semester next = store.semester(school, key.next());
        if (!start.isAfter(prev.end())) {
            throw invalid("start", "semesterOverlap");
        }
        if (!end.isBefore(next.start())) {
            throw invalid("end", "semesterOverlap");
        }
        requireManage();
        Semester s = new Semester(key.schoolYear(), key.term(), start, end, true);
        store.putSemester(school, s);
        audit.record("UPDATE", "activities.semester", s.id(), null, school, start + ".." + end);
        write(rs, 200, semesterJson(store.semester(school, key)));
    }

    private Semester semesterParam(HttpServletRequest rq, long school) throws SQLException, Answer {
        String s = rq.getParameter("semester");
        if (s == null || s.isBlank()) {
            return store.semesterOn(school, CoverageService.today());
        }
        try {
            return store.semester(school, Semester.Key.parse(s.strip()));
        } catch (IllegalArgumentException e) {
            throw invalid("semester", "semesterId");
        }
    }

    /** The day the grid is for: {@code ?asOf=} (for a look back), else today. */
    private static LocalDate asOf(HttpServletRequest rq) throws Answer {
        String s = rq.getParameter("asOf");
        if (s == null || s.isBlank()) {
            return CoverageService.today();
        }
        try {
            return LocalDate.parse(s.strip());
        } catch (RuntimeException e) {
            throw invalid("asOf", "badDate");
        }
    }

    private static Long longParam(HttpServletRequest rq, String name) throws Answer {
        String s = rq.getParameter(name);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw invalid(name, "badValue");
        }
    }

    // ---- activities ----

    private void activities(HttpServletRequest rq, HttpServletResponse rs, String[] p, String m, long school, String user)
            throws IOException, SQLException, Answer {
        int n = p.length;
        if (n == 1) {
            if (m.equals("GET")) {
                LocalDate from;
                LocalDate to;
                if (rq.getParameter("from") != null || rq.getParameter("to") != null) {
                    from = dateParam(rq, "from");
                    to = dateParam(rq, "to");
                    if (to.isBefore(from) || to.toEpochDay() - from.toEpochDay() > 400) {
                        throw invalid("to", "range");
                    }
                } else {
                    Semester s = semesterParam(rq, school);
                    from = s.start();
                    to = s.end();
                }
                Map<Long, String> visible = visibleNames(school);
                List<Object> items = new ArrayList<>();
                for (Activity a : store.activities(school, from, to, "true".equals(rq.getParameter("home")))) {
                    items.add(activityJson(a, visible));
                }
                write(rs, 200, Map.of("items", items, "from", from, "to", to));
            } else if (m.equals("POST")) {
                Activity a = activityInput(rq, school, user, null);
                Activity saved = store.createActivity(a);
                audit.record("CREATE", "activities.activity", String.valueOf(saved.id()), null, school, saved.type());
                coverage.post("ACTIVITY_CREATED", Map.of("schoolId", school, "activityId", saved.id(), "type", saved.type(),
                        "heldOn", saved.heldOn().toString(), "participants", saved.participants().size()));
                rs.setHeader("Location", "/api/programmes/activities/activities/" + saved.id());
                write(rs, 201, activityJson(saved, visibleNames(school)));
            } else {
                throw new Answer(405, "method", Map.of());
            }
            return;
        }
        Activity a = activity(p[1], school);
        if (n == 2) {
            switch (m) {
                case "GET" -> write(rs, 200, activityJson(a, visibleNames(school)));
                case "PUT" -> {
                    Activity changed = activityInput(rq, school, user, a);
                    Activity saved = store.updateActivity(changed);
                    audit.record("UPDATE", "activities.activity", String.valueOf(a.id()), null, school, null);
                    write(rs, 200, activityJson(saved, visibleNames(school)));
                }
                case "DELETE" -> {
                    for (EvidenceFile f : store.deleteActivity(a.id())) {
                        if (!store.evidenceInUse(f.sha256())) {
                            files.remove(f.sha256());
                        }
                    }
                    audit.record("DELETE", "activities.activity", String.valueOf(a.id()), null, school, null);
                    rs.setStatus(204);
                }
                default -> throw new Answer(405, "method", Map.of());
            }
            return;
        }
        if (!p[2].equals("evidence")) {
            throw notFound();
        }
        if (n == 3 && m.equals("POST")) {
            EvidenceFiles.Stored stored;
            try (InputStream body = rq.getInputStream()) {
                stored = files.store(body);
            } catch (EvidenceFiles.Refused r) {
                throw r.status == 400 ? invalid("file", r.key)
                        : new Answer(r.status, r.status == 413 ? "payload_too_large" : "unsupported_media_type", Map.of("file", r.key));
            }
            String name = EvidenceFiles.safeName(rq.getParameter("name"));
            EvidenceFile f = store.addEvidence(a.id(), school, name, stored.mediaType(), stored.size(), stored.sha256(), user);
            audit.record("CREATE", "activities.evidence", String.valueOf(f.id()), null, school, stored.mediaType());
            rs.setHeader("Location", "/api/programmes/activities/activities/" + a.id() + "/evidence/" + f.id());
            write(rs, 201, f);
            return;
        }
        if (n != 4) {
            throw notFound();
        }
        EvidenceFile f;
        try {
            f = store.evidenceFile(pathId(p[3])).filter(e -> e.activityId() == a.id()).orElseThrow(ActivitiesServlet::notFound);
        } catch (NumberFormatException e) {
            throw notFound();
        }
        if (m.equals("GET")) {
            Path file = files.file(f.sha256()).orElseThrow(ActivitiesServlet::notFound);
            rs.setStatus(200);
            rs.setContentType(f.mediaType());
            rs.setContentLengthLong(Files.size(file));
            rs.setHeader("Content-Disposition", "attachment; filename*=UTF-8''" + URLEncoder.encode(f.fileName(), StandardCharsets.UTF_8)
                    .replace("+", "%20"));
            rs.setHeader("Cache-Control", "private, max-age=3600");
            Files.copy(file, rs.getOutputStream());
        } else if (m.equals("DELETE")) {
            store.deleteEvidence(f.id());
            if (!store.evidenceInUse(f.sha256())) {
                files.remove(f.sha256());
            }
            audit.record("DELETE", "activities.evidence", String.valueOf(f.id()), null, school, null);
            rs.setStatus(204);
        } else {
            throw new Answer(405, "method", Map.of());
        }
    }

    /**
     * A record id in the path: plain ASCII digits ({@link Long#parseLong} also reads other scripts' digits, {@code ١٢});
     * anything else, or beyond a long, throws {@link NumberFormatException}, which the callers answer with 404.
     */
    private static long pathId(String s) {
        if (!ID.matcher(s).matches()) {
            throw new NumberFormatException("not an id: " + s);
        }
        return Long.parseLong(s);
    }

    private static LocalDate dateParam(HttpServletRequest rq, String name) throws Answer {
        String s = rq.getParameter(name);
        if (s == null || s.isBlank()) {
            throw invalid(name, "required");
        }
        try {
            return LocalDate.parse(s.strip());
        } catch (RuntimeException e) {
            throw invalid(name, "badDate");
        }
    }

    private Activity activity(String id, long school) throws SQLException, Answer {
        try {
            return store.activity(pathId(id)).filter(a -> a.schoolId() == school).orElseThrow(ActivitiesServlet::notFound);
        } catch (NumberFormatException e) {
            throw notFound();
        }
    }

    private Activity activityInput(HttpServletRequest rq, long school, String user, Activity existing) throws IOException, SQLException, Answer {
        Input in = input(rq, Set.of("heldOn", "type", "title", "organiser", "atHome", "note", "participants"));
        LocalDate heldOn = in.date("heldOn", true);
        if (heldOn != null && heldOn.isAfter(CoverageService.today().plusYears(1))) {
            in.error("heldOn", "range");
        }
        ActivityType type = in.choice("type", ActivityType.class, true, "type");
        String title = in.text("title", true, 100);
        String organiser = in.text("organiser", false, 100);
        boolean atHome = in.bool("atHome", false);
        String note = in.text("note", false, 1000);
        List<Long> participants = in.ids("participants", 3000);
        check(in);
        Map<Long, String> visible = visibleNames(school);
        for (Long c : participants) {
            if (!visible.containsKey(c)) {
                throw invalid("participants", "participants");
            }
        }
        List<Long> all = new ArrayList<>(participants);
        if (existing != null) {
            // keep the participants the caller cannot see (children of other classes): they were entered by someone who could
            for (Long c : existing.participants()) {
                if (!visible.containsKey(c) && !all.contains(c)) {
                    all.add(c);
                }
            }
        }
        return new Activity(existing == null ? null : existing.id(), school, heldOn, type.name(), title, organiser, atHome, note, all,
                List.of(), existing == null ? user : existing.createdBy(), null);
    }

    /** Child id → name of the school's children the caller may see (a 班主任: their classes). */
    private Map<Long, String> visibleNames(long school) {
        Map<Long, String> out = new HashMap<>();
        for (ChildRow c : coverage.children(school, null)) {
            out.put(c.id(), c.name());
        }
        return out;
    }

    private Map<String, Object> activityJson(Activity a, Map<Long, String> visible) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("heldOn", a.heldOn());
        m.put("type", a.type());
        m.put("title", a.title());
        m.put("organiser", a.organiser());
        m.put("atHome", a.atHome());
        m.put("note", a.note());
        List<Map<String, Object>> ps = new ArrayList<>();
        for (Long c : a.participants()) {
            if (visible.containsKey(c)) {
                ps.add(Map.of("id", c, "name", visible.get(c)));
            }
        }
        m.put("participants", ps);
        m.put("participantCount", a.participants().size());
        m.put("evidence", a.evidence());
        m.put("createdBy", a.createdBy());
        m.put("createdAt", a.createdAt());
        return m;
    }

    // ---- per-child records and coverage ----

    /** The child, if it is a child of the school the caller may see; else 404. */
    private Child child(String id, long school) throws Answer {
        try {
            return children.get(pathId(id)).filter(c -> c.schoolId() != null && c.schoolId() == school)
                    .orElseThrow(ActivitiesServlet::notFound);
        } catch (NumberFormatException e) {
            throw notFound();
        }
    }

    private ChildRow row(Child c) {
        String className = c.classId() == null ? null : schools.schoolClass(c.classId()).map(k -> k.name()).orElse(null);
        return new ChildRow(c.id(), c.name(), c.classId(), className);
    }

    private void childRoutes(HttpServletRequest rq, HttpServletResponse rs, String[] p, String m, long school, String user, Child child)
            throws IOException, SQLException, Answer {
        int n = p.length;
        if (n == 3 && p[2].equals("coverage") && m.equals("GET")) {
            Semester s = semesterParam(rq, school);
            Grid g = coverage.grid(school, s, asOf(rq), row(child));
            Map<String, Object> out = gridJson(g);
            out.put("child", Map.of("id", child.id(), "name", child.name(), "leftBehind", child.leftBehindType() != LeftBehindType.NONE));
            write(rs, 200, out);
            return;
        }
        if (!p[2].equals("records")) {
            throw notFound();
        }
        if (n == 3) {
            if (m.equals("GET")) {
                Semester s = semesterParam(rq, school);
                write(rs, 200, Map.of("items", store.records(child.id(), s.start(), s.end()), "semester", semesterJson(s),
                        "mentoringSource", coverage.mentoringSource()));
            } else if (m.equals("POST")) {
                ChildRecord r = recordInput(rq, school, child, user);
                ChildRecord saved = store.createRecord(r);
                audit.record("CREATE", "activities.record", String.valueOf(saved.id()), child.id(), school, saved.kind());
                coverage.post("RECORD_CREATED", Map.of("schoolId", school, "childId", child.id(), "recordId", saved.id(), "kind",
                        saved.kind(), "occurredOn", saved.occurredOn().toString()));
                rs.setHeader("Location", "/api/programmes/activities/children/" + child.id() + "/records/" + saved.id());
                write(rs, 201, saved);
            } else {
                throw new Answer(405, "method", Map.of());
            }
            return;
        }
        if (n != 4) {
            throw notFound();
        }
        ChildRecord r;
        try {
            r = store.record(pathId(p[3])).filter(x -> x.childId() == child.id() && x.schoolId() == school)
                    .orElseThrow(ActivitiesServlet::notFound);
        } catch (NumberFormatException e) {
            throw notFound();
        }
        if (m.equals("DELETE")) {
            store.deleteRecord(r.id());
            audit.record("DELETE", "activities.record", String.valueOf(r.id()), child.id(), school, r.kind());
            rs.setStatus(204);
        } else if (m.equals("PUT")) {
            // ends a pair recorded here: {"untilOn": "2026-12-31"}
            Input in = input(rq, Set.of("untilOn"));
            LocalDate until = in.date("untilOn", true);
            check(in);
            if (!r.kind().equals(RecordKind.PAIR.name())) {
                throw invalid("untilOn", "notPair");
            }
            if (until.isBefore(r.occurredOn())) {
                throw invalid("untilOn", "untilBeforeStart");
            }
            store.endPair(r.id(), until);
            audit.record("UPDATE", "activities.record", String.valueOf(r.id()), child.id(), school, "until " + until);
            write(rs, 200, store.record(r.id()).orElseThrow());
        } else {
            throw new Answer(405, "method", Map.of());
        }
    }

    private ChildRecord recordInput(HttpServletRequest rq, long school, Child child, String user) throws IOException, Answer {
        Input in = input(rq, Set.of("kind", "occurredOn", "untilOn", "scheme", "counterpart", "occasion", "minutes", "note"));
        RecordKind kind = in.choice("kind", RecordKind.class, true, "kind");
        LocalDate on = in.date("occurredOn", true);
        if (on != null && on.isAfter(CoverageService.today())) {
            in.error("occurredOn", "future");
        }
        LocalDate until = in.date("untilOn", false);
        Scheme scheme = in.choice("scheme", Scheme.class, kind == RecordKind.PAIR, "scheme");
        String counterpart = in.text("counterpart", kind == RecordKind.PAIR || kind == RecordKind.LETTER, 100);
        Occasion occasion = in.choice("occasion", Occasion.class, kind == RecordKind.LETTER, "occasion");
        Integer minutes = in.integer("minutes", false, 0, 600);
        String note = in.text("note", false, 500);
        if (kind != null) {
            if (kind != RecordKind.PAIR && until != null) {
                in.error("untilOn", "notPair");
            }
            if (kind != RecordKind.PAIR && kind != RecordKind.TALK && scheme != null) {
                in.error("scheme", "badValue");
            }
            if (kind != RecordKind.LETTER && occasion != null) {
                in.error("occasion", "badValue");
            }
            if (kind != RecordKind.CALL && kind != RecordKind.VIDEO_CALL && minutes != null) {
                in.error("minutes", "badValue");
            }
        }
        if (on != null && until != null && until.isBefore(on)) {
            in.error("untilOn", "untilBeforeStart");
        }
        check(in);
        if (scheme != null && coverage.pairingInstalled()) {
            // the pairing programme keeps 一帮一 and 爱心妈妈: one place for each fact
            throw new Answer(409, "pairingProgramme", Map.of());
        }
        return new ChildRecord(null, school, child.id(), kind.name(), on, until, scheme == null ? null : scheme.name(), counterpart,
                occasion == null ? null : occasion.name(), minutes, note, user, null);
    }

    private Map<String, Object> gridJson(Grid g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("semester", semesterJson(g.semester()));
        out.put("asOf", g.asOf());
        out.put("mentoringSource", coverage.mentoringSource());
        out.put("items", g.items());
        List<Object> rows = new ArrayList<>();
        for (Coverage.Row r : g.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("childId", r.child().id());
            row.put("name", r.child().name());
            row.put("classId", r.child().classId());
            row.put("className", r.child().className());
            row.put("missing", r.missing());
            List<Object> cells = new ArrayList<>();
            for (int i = 0; i < r.cells().size(); i++) {
                Coverage.Cell c = r.cells().get(i);
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("item", c.item());
                cell.put("status", c.status());
                cell.put("done", c.done());
                cell.put("required", c.required());
                cell.put("last", c.last());
                cell.put("text", LedgerExport.cellText(g.items().get(i), c));
                cells.add(cell);
            }
            row.put("cells", cells);
            rows.add(row);
        }
        out.put("rows", rows);
        out.put("classes", g.classes());
        out.put("school", g.school());
        out.put("childrenWithGaps", g.rows().stream().filter(r -> r.missing() > 0)
                .map(r -> Map.of("childId", r.child().id(), "name", r.child().name(), "missing", r.missing())).toList());
        return out;
    }

    private void export(HttpServletRequest rq, HttpServletResponse rs, long school) throws IOException, SQLException, Answer {
        Semester s = semesterParam(rq, school);
        Grid g = coverage.grid(school, s, asOf(rq), longParam(rq, "class"));
        Map<Long, String> names = new HashMap<>();
        g.rows().forEach(r -> names.put(r.child().id(), r.child().name()));
        Map<String, String> types = new HashMap<>();
        for (ActivityType t : ActivityType.values()) {
            types.put(t.name(), zh.getString("activity." + t.name()) + " " + en.getString("activity." + t.name()));
        }
        String schoolName = schools.school(school).map(School::name).orElse(String.valueOf(school));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        LedgerExport.write(buf, schoolName, g, store.activities(school, s.start(), s.end(), false), store.counts(school, s.start(), s.end()),
                types, names);
        audit.record("READ", "activities.ledger", s.id(), null, school, "xlsx");
        rs.setStatus(200);
        rs.setContentType(XLSX);
        rs.setHeader("Content-Disposition", "attachment; filename=\"activities-" + s.id() + ".xlsx\"");
        rs.setContentLength(buf.size());
        buf.writeTo(rs.getOutputStream());
    }

    // ---- 留守儿童之家 ----

    private void home(HttpServletRequest rq, HttpServletResponse rs, String[] p, String m, long school) throws IOException, SQLException, Answer {
        int n = p.length;
        if (n == 1) {
            if (m.equals("PUT")) {
                Input in = input(rq, Set.of("name", "openedOn", "manager", "note"));
                String name = in.text("name", true, 100);
                LocalDate opened = in.date("openedOn", false);
                String manager = in.text("manager", false, 100);
                String note = in.text("note", false, 500);
                check(in);
                requireManage();
                store.putHome(new Home(school, name, opened, manager, note, null));
                audit.record("UPDATE", "activities.home", String.valueOf(school), null, school, null);
            } else if (!m.equals("GET")) {
                throw new Answer(405, "method", Map.of());
            }
            Semester s = semesterParam(rq, school);
            Map<Long, String> visible = visibleNames(school);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("home", store.home(school).orElse(null));
            out.put("resources", store.resources(school));
            out.put("semester", semesterJson(s));
            out.put("ledger", store.activities(school, s.start(), s.end(), true).stream().map(a -> activityJson(a, visible)).toList());
            write(rs, 200, out);
            return;
        }
        if (!p[1].equals("resources")) {
            throw notFound();
        }
        if (n == 2 && m.equals("POST")) {
            Resource input = resourceInput(rq, school, null);
            requireManage();
            Resource r = store.putResource(input);
            audit.record("CREATE", "activities.resource", String.valueOf(r.id()), null, school, r.kind());
            write(rs, 201, r);
            return;
        }
        if (n != 3) {
            throw notFound();
        }
        Resource existing;
        try {
            existing = store.resource(pathId(p[2])).filter(r -> r.schoolId() == school).orElseThrow(ActivitiesServlet::notFound);
        } catch (NumberFormatException e) {
            throw notFound();
        }
        if (m.equals("PUT")) {
            Resource input = resourceInput(rq, school, existing.id());
            requireManage();
            write(rs, 200, store.putResource(input));
            audit.record("UPDATE", "activities.resource", String.valueOf(existing.id()), null, school, null);
        } else if (m.equals("DELETE")) {
            requireManage();
            store.deleteResource(existing.id());
            audit.record("DELETE", "activities.resource", String.valueOf(existing.id()), null, school, null);
            rs.setStatus(204);
        } else {
            throw new Answer(405, "method", Map.of());
        }
    }

    private Resource resourceInput(HttpServletRequest rq, long school, Long id) throws IOException, Answer {
        Input in = input(rq, Set.of("kind", "name", "quantity", "note"));
        ResourceKind kind = in.choice("kind", ResourceKind.class, true, "badValue");
        String name = in.text("name", true, 100);
        Integer quantity = in.integer("quantity", true, 0, 100000);
        String note = in.text("note", false, 500);
        check(in);
        return new Resource(id, school, kind.name(), name, quantity, note, null);
    }

    // ---- JSON in and out ----

    private Input input(HttpServletRequest rq, Set<String> allowed) throws IOException, Answer {
        JsonNode body;
        try (InputStream in = rq.getInputStream()) {
            byte[] bytes = in.readNBytes(1 << 20);
            body = bytes.length == 0 ? null : json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw invalid("body", "malformed");
        }
        if (body == null || !body.isObject()) {
            throw invalid("body", "malformed");
        }
        return new Input(body, allowed);
    }

    /**
     * The school's set-up (checklist, semester dates, settings, the home and its resources) needs {@code activities.manage}
     * besides {@code activities.write}. Checked after the request is validated and its record found.
     */
    private void requireManage() throws Answer {
        if (callers.current().map(c -> !c.has(ActivitiesProgramme.MANAGE)).orElse(true)) {
            throw new Answer(403, "forbidden", Map.of());
        }
    }

    private static void check(Input in) throws Answer {
        if (!in.ok()) {
            throw invalid(in.errors);
        }
    }

    private void write(HttpServletResponse rs, int status, Object body) throws IOException {
        rs.setStatus(status);
        rs.setContentType("application/json;charset=UTF-8");
        json.writeValue(rs.getOutputStream(), body);
    }

    private void errors(HttpServletResponse rs, int status, String code, Map<String, String> fields) throws IOException {
        List<Object> list = new ArrayList<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("field", f.getKey());
            e.put("message_zh", zh.getString(f.getValue()));
            e.put("message_en", en.getString(f.getValue()));
            list.add(e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        String first = fields.values().iterator().next();
        body.put("message_zh", zh.getString(first));
        body.put("message_en", en.getString(first));
        body.put("errors", list);
        write(rs, status, body);
    }

    private void error(HttpServletResponse rs, int status, String key) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", key.equals("notFound") ? "not_found" : key);
        body.put("message_zh", zh.getString(key));
        body.put("message_en", en.getString(key));
        write(rs, status, body);
    }
}
