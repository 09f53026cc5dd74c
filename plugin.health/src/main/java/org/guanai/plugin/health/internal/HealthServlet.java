package org.guanai.plugin.health.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.regex.Pattern;

import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
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
 * The programme's HTTP API under {@code /api/programmes/health/}. The core has signed the caller in, checked
 * {@code health.read} (GET) or {@code health.write} (other methods) and the school the request acts for; this servlet
 * serves only records of that school within the caller's reach (404 otherwise).
 */
@Component(service = Servlet.class, property = {
        "guanai.route=GET /api/programmes/health/references",
        "guanai.route=GET /api/programmes/health/campaigns",
        "guanai.route=POST /api/programmes/health/campaigns",
        "guanai.route=GET /api/programmes/health/campaigns/{campaign}",
        "guanai.route=GET /api/programmes/health/campaigns/{campaign}/classes/{class}/sheet",
        "guanai.route=PUT /api/programmes/health/campaigns/{campaign}/children/{child}/check",
        "guanai.route=GET /api/programmes/health/children/{child}/archive",
        "guanai.route=GET /api/programmes/health/children/{child}/contacts",
        "guanai.route=GET /api/programmes/health/children/{child}/household",
        "guanai.route=PUT /api/programmes/health/children/{child}/household",
        "guanai.route=POST /api/programmes/health/children/{child}/family-services",
        "guanai.route=GET /api/programmes/health/population",
        "guanai.route=GET /api/programmes/health/followups",
        "guanai.route=GET /api/programmes/health/followups/{followup}",
        "guanai.route=POST /api/programmes/health/followups/{followup}/notifications",
        "guanai.route=POST /api/programmes/health/followups/{followup}/referral",
        "guanai.route=POST /api/programmes/health/followups/{followup}/close",
        "guanai.route=GET /api/programmes/health/puberty-classes",
        "guanai.route=POST /api/programmes/health/puberty-classes",
        "guanai.route=GET /api/programmes/health/reports/summary",
        "guanai.route=GET /api/programmes/health/reports/export" })
@HttpWhiteboardServletPattern("/api/programmes/" + HealthProgramme.ID + "/*")
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
    private static final String MESSAGES = "org.guanai.plugin.health.internal.messages";

    private final transient ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final transient HealthService health;
    private final transient CallerContext callers;
    private final transient ResourceBundle zh = ResourceBundle.getBundle(MESSAGES, Locale.CHINESE, HealthServlet.class.getClassLoader(),
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    private final transient ResourceBundle en = ResourceBundle.getBundle(MESSAGES, Locale.ENGLISH, HealthServlet.class.getClassLoader(),
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));

    @Activate
    public HealthServlet(@Reference HealthService health, @Reference CallerContext callers) {
        this.health = health;
        this.callers = callers;
    }

    @Override
    protected void service(HttpServletRequest rq, HttpServletResponse rs) throws IOException {
        String info = rq.getPathInfo() == null ? "" : rq.getPathInfo();
        String[] p = info.isEmpty() || info.equals("/") ? new String[0] : info.substring(1).split("/");
        String m = rq.getMethod();
        try {
            long school = callers.current().flatMap(Caller::schoolId).orElseThrow(Problem::notFound);
            route(rq, rs, p, m, school);
        } catch (Problem e) {
            problem(rs, e);
        } catch (org.guanai.core.api.ForbiddenException e) {
            // a role given health.read without registry.read cannot look children up
            problem(rs, new Problem(403, "forbidden", List.of()));
        } catch (org.guanai.core.api.NotFoundException e) {
            problem(rs, Problem.notFound());
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                // a constraint (one check per child and campaign): someone saved the same record at the same time
                problem(rs, Problem.stale());
                return;
            }
            log("health: database error", e);
            problem(rs, new Problem(500, "internal", List.of()));
        }
    }

    private void route(HttpServletRequest rq, HttpServletResponse rs, String[] p, String m, long school) throws IOException, SQLException {
        int n = p.length;
        if (n == 1 && p[0].equals("references") && m.equals("GET")) {
            write(rs, 200, Map.of("references", health.screening().references().all()));
        } else if (n == 1 && p[0].equals("campaigns") && m.equals("GET")) {
            write(rs, 200, Map.of("items", health.store().read(c -> health.store().campaigns(c, school))));
        } else if (n == 1 && p[0].equals("campaigns") && m.equals("POST")) {
            JsonNode b = body(rq);
            Problem.Collector e = new Problem.Collector();
            LocalDate from = date(b, "startsOn", e);
            LocalDate to = date(b, "endsOn", e);
            Integer days = integer(b, "notifyWithinDays", e);
            e.throwIfAny();
            write(rs, 201, health.createCampaign(school, text(b, "semester"), text(b, "title"), from, to, days));
        } else if (n == 2 && p[0].equals("campaigns") && m.equals("GET")) {
            write(rs, 200, health.campaign(id(p[1]), school));
        } else if (n == 5 && p[0].equals("campaigns") && p[2].equals("classes") && p[4].equals("sheet") && m.equals("GET")) {
            write(rs, 200, health.sheet(school, id(p[1]), id(p[3])));
        } else if (n == 5 && p[0].equals("campaigns") && p[2].equals("children") && p[4].equals("check") && m.equals("PUT")) {
            long campaign = id(p[1]);
            long child = id(p[3]);
            health.campaign(campaign, school);
            health.child(child, school);
            JsonNode b = body(rq);
            Problem.Collector e = new Problem.Collector();
            LocalDate on = date(b, "measuredOn", e);
            BigDecimal h = decimal(b, "heightCm", e);
            BigDecimal w = decimal(b, "weightKg", e);
            Integer sbp = integer(b, "sbp", e);
            Integer dbp = integer(b, "dbp", e);
            Long version = b.hasNonNull("version") && b.get("version").canConvertToLong() ? b.get("version").asLong() : null;
            List<Model.Measure> measures = new ArrayList<>();
            JsonNode ms = b.path("measures");
            if (!ms.isMissingNode() && !ms.isNull() && !ms.isArray()) {
                e.add("measures", "list");
            }
            for (int i = 0; ms.isArray() && i < ms.size(); i++) {
                JsonNode x = ms.get(i);
                JsonNode v = x.path("value");
                if (!v.isMissingNode() && !v.isNull() && !v.isNumber()) {
                    e.add("measures[" + i + "].value", "number");
                    continue;
                }
                measures.add(new Model.Measure(x.path("code").isTextual() ? x.get("code").asText() : null,
                        v.isNumber() ? v.decimalValue() : null, x.path("text").isTextual() ? x.get("text").asText() : null,
                        x.path("unit").isTextual() ? x.get("unit").asText() : null));
            }
            // type errors are reported together with the rules' own
            write(rs, 200, health.recordCheck(school, campaign, child, new HealthService.CheckInput(on, h, w, sbp, dbp, text(b, "note"),
                    measures, version, b.path("confirm").asBoolean(false)), e));
        } else if (n == 3 && p[0].equals("children") && p[2].equals("archive") && m.equals("GET")) {
            write(rs, 200, health.archive(school, id(p[1])));
        } else if (n == 3 && p[0].equals("children") && p[2].equals("contacts") && m.equals("GET")) {
            write(rs, 200, Map.of("items", health.contacts(school, id(p[1]))));
        } else if (n == 3 && p[0].equals("children") && p[2].equals("household") && m.equals("GET")) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("household", health.household(school, id(p[1])).orElse(null));
            write(rs, 200, out);
        } else if (n == 3 && p[0].equals("children") && p[2].equals("household") && m.equals("PUT")) {
            long child = id(p[1]);
            health.child(child, school);
            JsonNode b = body(rq);
            Problem.Collector e = new Problem.Collector();
            Map<String, Boolean> flags = new LinkedHashMap<>();
            for (String f : List.of("fpHousehold", "oneChild", "girlsOnly", "twoDaughtersSterilised", "hardship")) {
                JsonNode v = b.path(f);
                if (!v.isMissingNode() && !v.isNull() && !v.isBoolean()) {
                    e.add(f, "boolean");
                }
                flags.put(f, v.isBoolean() ? v.asBoolean() : null);
            }
            Long version = b.path("version").canConvertToLong() && b.path("version").isIntegralNumber() ? b.get("version").asLong() : null;
            e.throwIfAny();
            write(rs, 200, health.saveHousehold(school, child, flags, text(b, "hardshipReason"), version));
        } else if (n == 3 && p[0].equals("children") && p[2].equals("family-services") && m.equals("POST")) {
            long child = id(p[1]);
            health.child(child, school);
            JsonNode b = body(rq);
            Problem.Collector e = new Problem.Collector();
            LocalDate on = date(b, "deliveredOn", e);
            e.throwIfAny();
            write(rs, 201, health.addFamilyService(school, child, text(b, "kind"), on, text(b, "note")));
        } else if (n == 1 && p[0].equals("population") && m.equals("GET")) {
            write(rs, 200, Map.of("items", health.population(school, !"all".equals(rq.getParameter("scope")))));
        } else if (n == 1 && p[0].equals("followups") && m.equals("GET")) {
            String status = rq.getParameter("status") == null ? "open" : rq.getParameter("status");
            write(rs, 200, Map.of("items", health.followUps(school, status)));
        } else if (n == 2 && p[0].equals("followups") && m.equals("GET")) {
            write(rs, 200, health.readFollowUp(id(p[1]), school));
        } else if (n == 3 && p[0].equals("followups") && m.equals("POST")) {
            long id = id(p[1]);
            health.followUp(id, school);
            JsonNode b = body(rq);
            Problem.Collector e = new Problem.Collector();
            switch (p[2]) {
                case "notifications" -> {
                    LocalDate on = date(b, "notifiedOn", e);
                    e.throwIfAny();
                    write(rs, 200, health.notify(school, id, text(b, "recipient"), text(b, "recipientName"), on, text(b, "channel"),
                            text(b, "note")));
                }
                case "referral" -> {
                    LocalDate on = date(b, "referredOn", e);
                    e.throwIfAny();
                    write(rs, 200, health.refer(school, id, version(b), text(b, "referredTo"), on));
                }
                case "close" -> {
                    LocalDate on = date(b, "closedOn", e);
                    e.throwIfAny();
                    write(rs, 200, health.close(school, id, version(b), text(b, "outcome"), text(b, "outcomeNote"), on));
                }
                default -> throw Problem.notFound();
            }
        } else if (n == 1 && p[0].equals("puberty-classes") && m.equals("GET")) {
            write(rs, 200, Map.of("items", health.pubertyClasses(school)));
        } else if (n == 1 && p[0].equals("puberty-classes") && m.equals("POST")) {
            JsonNode b = body(rq);
            Problem.Collector e = new Problem.Collector();
            LocalDate on = date(b, "heldOn", e);
            List<Model.Attendance> att = new ArrayList<>();
            JsonNode a = b.path("attendance");
            for (int i = 0; a.isArray() && i < a.size(); i++) {
                JsonNode x = a.get(i);
                if (!x.path("childId").canConvertToLong() || !x.path("childId").isIntegralNumber()) {
                    e.add("attendance[" + i + "].childId", "required");
                    continue;
                }
                att.add(new Model.Attendance(x.get("childId").asLong(), x.path("present").asBoolean(true)));
            }
            e.throwIfAny();
            write(rs, 201, health.addPubertyClass(school, text(b, "semester"), on, text(b, "topic"), text(b, "lecturer"), att));
        } else if (n == 2 && p[0].equals("reports") && p[1].equals("summary") && m.equals("GET")) {
            boolean county = "county".equals(rq.getParameter("scope"));
            write(rs, 200, Map.of("schoolId", school, "scope", county ? "county" : "school",
                    "rows", county ? health.countyReport() : health.report(school)));
        } else if (n == 2 && p[0].equals("reports") && p[1].equals("export") && m.equals("GET")) {
            export(rq, rs, school);
        } else if (n == 0 || !List.of("GET", "POST", "PUT").contains(m)) {
            throw new Problem(n == 0 ? 404 : 405, n == 0 ? "notFound" : "method", List.of());
        } else {
            throw Problem.notFound();
        }
    }

    private void export(HttpServletRequest rq, HttpServletResponse rs, long school) throws IOException, SQLException {
        String format = rq.getParameter("format") == null ? "csv" : rq.getParameter("format");
        String what = rq.getParameter("what") == null ? "summary" : rq.getParameter("what");
        ResourceBundle t = "en".equals(rq.getParameter("lang")) ? en : zh;
        if (!format.equals("csv") && !format.equals("xlsx")) {
            throw Problem.field("format", "format");
        }
        List<String> header = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        if (what.equals("summary")) {
            boolean county = "county".equals(rq.getParameter("scope"));
            for (String k : List.of("school", "semester", "title", "checks", "flagged", "OBESITY", "STUNTING", "WASTING", "HIGH_BP",
                    "followUps", "parentsNotified", "parentsNotifiedRate", "overdue", "closed", "pubertyAttendees")) {
                header.add(t.getString("col." + k));
            }
            for (Map<String, Object> r : county ? health.countyReport() : health.report(school)) {
                @SuppressWarnings("unchecked")
                Map<String, Long> f = (Map<String, Long>) r.get("findings");
                rows.add(java.util.Arrays.asList(county ? r.get("schoolName") : health.schoolName(school), r.get("semester"), r.get("title"), r.get("checks"),
                        r.get("flagged"), f.get("OBESITY"), f.get("STUNTING"), f.get("WASTING"), f.get("HIGH_BP"), r.get("followUps"),
                        r.get("parentsNotified"), r.get("parentsNotifiedRate"), r.get("overdue"), r.get("closed"), r.get("pubertyAttendees")));
            }
        } else if (what.equals("followups")) {
            for (String k : List.of("child", "finding", "openedOn", "dueOn", "status", "notifiedOn", "referredTo", "outcome", "overdueFlag")) {
                header.add(t.getString("col." + k));
            }
            for (Map<String, Object> r : health.followUps(school, "all")) {
                Model.FollowUp f = (Model.FollowUp) r.get("followUp");
                rows.add(java.util.Arrays.asList(r.get("childName"), f.finding(), f.openedOn(), f.dueOn(), f.status(), f.notifiedOn(),
                        f.referredTo(), f.outcome(), f.overdue() ? "!" : ""));
            }
        } else {
            throw Problem.field("what", "what");
        }
        String name = "health-" + what + "-" + school + "-" + HealthService.today();
        rs.setStatus(200);
        if (format.equals("csv")) {
            rs.setContentType("text/csv;charset=UTF-8");
            rs.setHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
            Exports.csv(rs.getOutputStream(), header, rows);
        } else {
            rs.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            rs.setHeader("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
            Exports.xlsx(rs.getOutputStream(), what, header, rows);
        }
    }

    // ---------------------------------------------------------------- input

    private static long id(String s) {
        if (!ID.matcher(s).matches()) {
            throw Problem.notFound(); // Long.parseLong also reads other scripts' digits (١٢): plain ASCII ids only
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw Problem.notFound();
        }
    }

    private JsonNode body(HttpServletRequest rq) throws IOException {
        try {
            JsonNode b = json.readTree(rq.getInputStream());
            if (b == null || !b.isObject()) {
                throw Problem.field("body", "malformed");
            }
            return b;
        } catch (JsonProcessingException e) {
            throw Problem.field("body", "malformed");
        }
    }

    private static String text(JsonNode b, String f) {
        JsonNode v = b.path(f);
        return v.isTextual() ? v.asText() : null;
    }

    private static Long version(JsonNode b) {
        JsonNode v = b.path("version");
        return v.isIntegralNumber() ? v.asLong() : null;
    }

    private static LocalDate date(JsonNode b, String f, Problem.Collector e) {
        JsonNode v = b.path(f);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        try {
            return LocalDate.parse(v.asText());
        } catch (DateTimeParseException x) {
            e.add(f, "date");
            return null;
        }
    }

    private static BigDecimal decimal(JsonNode b, String f, Problem.Collector e) {
        JsonNode v = b.path(f);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.asText().strip());
            } catch (NumberFormatException x) {
                // falls through
            }
        }
        e.add(f, "number");
        return null;
    }

    private static Integer integer(JsonNode b, String f, Problem.Collector e) {
        BigDecimal d = decimal(b, f, e);
        if (d == null) {
            return null;
        }
        try {
            return d.intValueExact();
        } catch (ArithmeticException x) {
            e.add(f, "integer");
            return null;
        }
    }

    // ---------------------------------------------------------------- output

    private void write(HttpServletResponse rs, int status, Object body) throws IOException {
        rs.setStatus(status);
        rs.setContentType("application/json;charset=UTF-8");
        rs.setHeader("Cache-Control", "no-store");
        json.writeValue(rs.getOutputStream(), body);
    }

    private String text(ResourceBundle b, String key, Object[] args) {
        String pattern = b.containsKey(key) ? b.getString(key) : key;
        return new MessageFormat(pattern, b.getLocale()).format(args == null ? new Object[0] : args);
    }

    private void problem(HttpServletResponse rs, Problem e) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code);
        body.put("message_zh", text(zh, e.code, null));
        body.put("message_en", text(en, e.code, null));
        if (!e.fields.isEmpty()) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (Problem.FieldProblem f : e.fields) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("field", f.field());
                x.put("code", f.key());
                x.put("message_zh", text(zh, f.key(), f.args()));
                x.put("message_en", text(en, f.key(), f.args()));
                errors.add(x);
            }
            body.put("errors", errors);
        }
        write(rs, e.status, body);
    }
}
