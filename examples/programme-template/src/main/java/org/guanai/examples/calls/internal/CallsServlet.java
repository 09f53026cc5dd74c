package org.guanai.examples.calls.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.dto.Child;
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
 * The programme's routes, under {@code /api/programmes/calls/}: {@code GET|POST children/{id}/calls} and
 * {@code GET monthly?year=2026}. The core has already checked, before this servlet runs, that the programme is enabled for
 * the school the request acts for; this servlet only serves children of that school.
 */
// guanai.route: every route this servlet serves, for the platform's authorisation matrix test
@Component(service = Servlet.class, property = { "guanai.route=GET /api/programmes/calls/children/{child}/calls",
        "guanai.route=POST /api/programmes/calls/children/{child}/calls", "guanai.route=GET /api/programmes/calls/monthly" })
@HttpWhiteboardServletPattern("/api/programmes/" + CallsProgramme.ID + "/*")
public final class CallsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final transient CallStore store;
    private final transient ChildService children;
    private final transient CallerContext callers;
    private final transient ResourceBundle zh = ResourceBundle.getBundle("org.guanai.examples.calls.internal.messages", Locale.CHINESE,
            CallsServlet.class.getClassLoader(), ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    private final transient ResourceBundle en = ResourceBundle.getBundle("org.guanai.examples.calls.internal.messages", Locale.ENGLISH,
            CallsServlet.class.getClassLoader(), ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));

    @Activate
    public CallsServlet(@Reference CallStore store, @Reference ChildService children, @Reference CallerContext callers) {
        this.store = store;
        this.children = children;
        this.callers = callers;
    }

    @Override
    protected void service(HttpServletRequest rq, HttpServletResponse rs) throws IOException {
        String[] path = rq.getPathInfo() == null ? new String[0] : rq.getPathInfo().substring(1).split("/");
        long school = callers.current().flatMap(Caller::schoolId).orElseThrow();
        try {
            if (path.length == 3 && path[0].equals("children") && path[2].equals("calls")) {
                Child child = child(path[1], school);
                if (child == null) {
                    error(rs, 404, null, "notFound");
                } else if (rq.getMethod().equals("GET")) {
                    write(rs, 200, Map.of("items", store.forChild(child.id())));
                } else if (rq.getMethod().equals("POST")) {
                    record(rq, rs, child, school);
                } else {
                    error(rs, 405, null, "method");
                }
            } else if (path.length == 1 && path[0].equals("monthly") && rq.getMethod().equals("GET")) {
                String y = rq.getParameter("year");
                int year = y == null ? OffsetDateTime.now(ZoneOffset.ofHours(8)).getYear() : Integer.parseInt(y);
                write(rs, 200, Map.of("schoolId", school, "year", year, "months", store.monthly(school, year)));
            } else {
                error(rs, 404, null, "notFound");
            }
        } catch (NumberFormatException e) {
            error(rs, 400, "year", "badValue");
        } catch (SQLException e) {
            log("calls: database error", e);
            error(rs, 500, null, "internal");
        }
    }

    private Child child(String id, long school) {
        try {
            return children.get(Long.parseLong(id)).filter(c -> c.schoolId() != null && c.schoolId() == school).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void record(HttpServletRequest rq, HttpServletResponse rs, Child child, long school) throws IOException, SQLException {
        JsonNode body;
        try {
            body = json.readTree(rq.getInputStream());
        } catch (JsonProcessingException e) {
            error(rs, 400, "body", "malformed");
            return;
        }
        if (body == null || !body.isObject()) {
            error(rs, 400, "body", "malformed");
            return;
        }
        String role = body.path("parentRole").asText("");
        if (!role.equals("FATHER") && !role.equals("MOTHER")) {
            error(rs, 400, "parentRole", "parentRole");
            return;
        }
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(body.path("calledAt").asText());
        } catch (RuntimeException e) {
            error(rs, 400, "calledAt", "calledAt");
            return;
        }
        if (at.isAfter(OffsetDateTime.now().plusMinutes(5))) {
            error(rs, 400, "calledAt", "future");
            return;
        }
        JsonNode minutes = body.path("minutes");
        if (!minutes.isInt() || minutes.asInt() < 0 || minutes.asInt() > 600) {
            error(rs, 400, "minutes", "minutes");
            return;
        }
        String note = body.path("note").isTextual() ? body.get("note").asText().strip() : null;
        if (note != null && note.length() > 500) {
            error(rs, 400, "note", "note");
            return;
        }
        String who = callers.current().map(Caller::user).orElse("unknown");
        Call saved = store.record(new Call(null, child.id(), school, role, at, minutes.asInt(), note, who));
        rs.setHeader("Location", "/api/programmes/calls/children/" + child.id() + "/calls/" + saved.id());
        write(rs, 201, saved);
    }

    private void write(HttpServletResponse rs, int status, Object body) throws IOException {
        rs.setStatus(status);
        rs.setContentType("application/json;charset=UTF-8");
        json.writeValue(rs.getOutputStream(), body);
    }

    private void error(HttpServletResponse rs, int status, String field, String key) throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        if (field != null) {
            e.put("field", field);
        }
        e.put("message_zh", zh.getString(key));
        e.put("message_en", en.getString(key));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", key);
        List<Object> errors = new ArrayList<>();
        errors.add(e);
        body.put("errors", errors);
        write(rs, status, body);
    }
}
