package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.guanai.core.registry.internal.registry.RosterExport;
import org.guanai.core.registry.internal.registry.RosterImports;
import org.guanai.core.registry.internal.returns.ReturnsService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Schools over HTTP: {@code /api/schools}, {@code /api/schools/{id}}, {@code /api/schools/{id}/grades},
 * {@code /api/schools/{id}/classes[/{cid}]}, {@code /api/schools/{id}/staff[/{sid}]} and the school's 花名册
 * {@code /api/schools/{id}/roster.xlsx[?class=]} ({@link RosterExport}), and the upload of a roster to import
 * {@code POST /api/schools/{id}/roster/imports} ({@link RosterUpload}).
 */
@Component(service = Servlet.class, property = { "guanai.route=GET /api/schools", "guanai.route=POST /api/schools", "guanai.route=GET /api/schools/{school}", "guanai.route=PUT /api/schools/{school}", "guanai.route=GET /api/schools/{school}/grades", "guanai.route=GET /api/schools/{school}/classes", "guanai.route=POST /api/schools/{school}/classes", "guanai.route=GET /api/schools/{school}/classes/{class}", "guanai.route=PUT /api/schools/{school}/classes/{class}", "guanai.route=DELETE /api/schools/{school}/classes/{class}", "guanai.route=GET /api/schools/{school}/staff", "guanai.route=POST /api/schools/{school}/staff", "guanai.route=GET /api/schools/{school}/staff/{staff}", "guanai.route=PUT /api/schools/{school}/staff/{staff}", "guanai.route=GET /api/schools/{school}/programmes", "guanai.route=GET /api/schools/{school}/programmes/{programme}", "guanai.route=PUT /api/schools/{school}/programmes/{programme}", "guanai.route=GET /api/schools/{school}/roster.xlsx", "guanai.route=POST /api/schools/{school}/roster/imports", "guanai.route=GET /api/schools/{school}/returns/{period}", "guanai.route=GET /api/schools/{school}/returns/{period}.xlsx", "guanai.route=POST /api/schools/{school}/returns/{period}/submit" })
@HttpWhiteboardServletName("guanai-schools")
@HttpWhiteboardServletPattern({ "/api/schools", "/api/schools/*" })
public final class SchoolServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient SchoolService schools;
    private final transient ProgrammeRegistry programmes;
    private final transient RosterExport rosterExport;
    private final transient RosterUpload rosterUpload;
    private final transient ReturnsService returns;

    @Activate
    public SchoolServlet(@Reference SchoolService schools, @Reference ProgrammeRegistry programmes,
            @Reference RosterExport rosterExport, @Reference RosterImports imports, @Reference ReturnsService returns) {
        this.returns = returns;
        this.schools = schools;
        this.programmes = programmes;
        this.rosterExport = rosterExport;
        this.rosterUpload = new RosterUpload(imports, messages, responses);
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        String method = rq.getMethod();
        if (path.isEmpty()) {
            switch (method) {
                case "GET" -> write(rs, 200, schools.schools(boolParam(rq, "includeArchived"), intParam(rq, "page", 0),
                        intParam(rq, "size", 100)));
                case "POST" -> {
                    School s = schools.createSchool(convert(ChildServlet.withoutServerFields(body(rq)), School.class));
                    created(rq, rs, "/api/schools/" + s.id(), s);
                }
                default -> throw methodNotAllowed(rs, "GET, POST");
            }
            return;
        }
        long id = idSegment(path.get(0));
        if (path.size() == 1) {
            switch (method) {
                case "GET" -> write(rs, 200, school(id));
                case "PUT" -> {
                    ObjectNode body = body(rq);
                    long version = version(body, rq);
                    ObjectNode fields = body.deepCopy();
                    fields.remove(List.of("id", "version"));
                    fields.put("id", id);
                    fields.put("version", version);
                    write(rs, 200, schools.updateSchool(convert(fields, School.class)));
                }
                default -> throw methodNotAllowed(rs, "GET, PUT");
            }
            return;
        }
        switch (path.get(1)) {
            case "grades" -> {
                if (path.size() != 2 || !method.equals("GET")) {
                    throw path.size() != 2 ? notFound() : methodNotAllowed(rs, "GET");
                }
                write(rs, 200, schools.grades(id));
            }
            case "classes" -> classes(rq, rs, path, id);
            case "staff" -> staff(rq, rs, path, id);
            case "programmes" -> programmes(rq, rs, path, id);
            case "roster.xlsx" -> {
                if (path.size() != 2 || !method.equals("GET")) {
                    throw path.size() != 2 ? notFound() : methodNotAllowed(rs, "GET");
                }
                Responses.download(rq, rs, 200, rosterExport.school(id, longParam(rq, "class")));
            }
            case "roster" -> {
                // issue 16: POST /api/schools/{id}/roster/imports (RosterUpload)
                if (path.size() != 3 || !path.get(2).equals("imports")) {
                    throw notFound();
                }
                if (!method.equals("POST")) {
                    throw methodNotAllowed(rs, "POST");
                }
                rosterUpload.upload(rq, rs, id, boolParam(rq, "dryRun"));
            }
            case "returns" -> returns(rq, rs, path, id);
            default -> throw notFound();
        }
    }

    /**
     * 报表 (issue 20): {@code GET returns/{period}} the school's return as it stands, {@code GET returns/{period}.xlsx}
     * the same in 中文 as a workbook, {@code POST returns/{period}/submit} its submission ({@link ReturnsService}).
     */
    private void returns(HttpServletRequest rq, HttpServletResponse rs, List<String> path, long schoolId) throws IOException {
        String method = rq.getMethod();
        try {
            if (path.size() == 3) {
                if (!method.equals("GET")) {
                    throw methodNotAllowed(rs, "GET");
                }
                String p = path.get(2);
                if (p.endsWith(".xlsx")) {
                    Responses.download(rq, rs, 200, returns.xlsx(returns.draw(schoolId, returns.period(p.substring(0, p.length() - 5)))));
                } else {
                    write(rs, 200, returns.view(returns.draw(schoolId, returns.period(p))));
                }
            } else if (path.size() == 4 && path.get(3).equals("submit")) {
                if (!method.equals("POST")) {
                    throw methodNotAllowed(rs, "POST");
                }
                Map<String, Object> s = returns.submit(schoolId, returns.period(path.get(2)));
                created(rq, rs, "/api/returns/" + s.get("id"), s);
            } else {
                throw notFound();
            }
        } catch (ReturnsService.Conflict e) {
            throw new HttpError(409, "conflict", List.of(messages.error(e.field, e.key)));
        }
    }

    private void classes(HttpServletRequest rq, HttpServletResponse rs, List<String> path, long schoolId) throws IOException {
        String method = rq.getMethod();
        if (path.size() == 2) {
            switch (method) {
                case "GET" -> write(rs, 200, schools.classes(schoolId));
                case "POST" -> {
                    school(schoolId);
                    ObjectNode fields = ChildServlet.withoutServerFields(body(rq));
                    fields.put("schoolId", schoolId);
                    SchoolClass k = schools.createClass(convert(fields, SchoolClass.class));
                    created(rq, rs, "/api/schools/" + schoolId + "/classes/" + k.id(), k);
                }
                default -> throw methodNotAllowed(rs, "GET, POST");
            }
            return;
        }
        if (path.size() != 3) {
            throw notFound();
        }
        long cid = idSegment(path.get(2));
        SchoolClass existing = schools.schoolClass(cid).filter(k -> k.schoolId() == schoolId)
                .orElseThrow(() -> new NotFoundException("class", cid));
        switch (method) {
            case "GET" -> write(rs, 200, existing);
            case "PUT" -> {
                ObjectNode body = body(rq);
                long version = version(body, rq);
                ObjectNode fields = ChildServlet.withoutServerFields(body);
                fields.put("id", cid);
                fields.put("version", version);
                fields.put("schoolId", schoolId);
                write(rs, 200, schools.updateClass(convert(fields, SchoolClass.class)));
            }
            case "DELETE" -> {
                Long version = longParam(rq, "version");
                schools.removeClass(cid, version != null ? version : existing.version());
                rs.setStatus(204);
            }
            default -> throw methodNotAllowed(rs, "GET, PUT, DELETE");
        }
    }

    private void staff(HttpServletRequest rq, HttpServletResponse rs, List<String> path, long schoolId) throws IOException {
        String method = rq.getMethod();
        if (path.size() == 2) {
            switch (method) {
                case "GET" -> write(rs, 200, schools.staff(schoolId, boolParam(rq, "includeInactive")));
                case "POST" -> {
                    school(schoolId);
                    ObjectNode fields = ChildServlet.withoutServerFields(body(rq));
                    fields.put("schoolId", schoolId);
                    fields.remove("active");
                    Staff s = schools.createStaff(convert(fields, Staff.class));
                    created(rq, rs, "/api/schools/" + schoolId + "/staff/" + s.id(), s);
                }
                default -> throw methodNotAllowed(rs, "GET, POST");
            }
            return;
        }
        if (path.size() != 3) {
            throw notFound();
        }
        long sid = idSegment(path.get(2));
        Staff existing = schools.staffMember(sid).filter(s -> s.schoolId() == schoolId)
                .orElseThrow(() -> new NotFoundException("staff", sid));
        switch (method) {
            case "GET" -> write(rs, 200, existing);
            case "PUT" -> {
                ObjectNode body = body(rq);
                long version = version(body, rq);
                ObjectNode fields = body.deepCopy();
                fields.remove(List.of("id", "version"));
                fields.put("id", sid);
                fields.put("version", version);
                fields.put("schoolId", schoolId);
                if (!fields.has("active")) {
                    fields.put("active", existing.active());
                }
                write(rs, 200, schools.updateStaff(convert(fields, Staff.class)));
            }
            default -> throw methodNotAllowed(rs, "GET, PUT");
        }
    }

    /**
     * {@code GET /api/schools/{sid}/programmes}: every installed programme with {@code enabled} for the school;
     * {@code PUT /api/schools/{sid}/programmes/{pid}} with {@code {"enabled":true|false,"settings":{…}}}.
     */
    private void programmes(HttpServletRequest rq, HttpServletResponse rs, List<String> path, long schoolId) throws IOException {
        school(schoolId);
        String method = rq.getMethod();
        if (path.size() == 2) {
            if (!method.equals("GET")) {
                throw methodNotAllowed(rs, "GET");
            }
            write(rs, 200, programmes.programmes().stream()
                    .map(p -> ProgrammesServlet.view(p, java.util.Optional.of(schoolId))).toList());
            return;
        }
        if (path.size() != 3) {
            throw notFound();
        }
        String pid = path.get(2);
        ProgrammeStatus status = programmes.programme(pid).orElseThrow(ApiServlet::notFound);
        switch (method) {
            case "GET" -> write(rs, 200, ProgrammesServlet.view(status, java.util.Optional.of(schoolId)));
            case "PUT" -> {
                ObjectNode body = body(rq);
                com.fasterxml.jackson.databind.JsonNode enabled = body.get("enabled");
                if (enabled == null || !enabled.isBoolean()) {
                    throw new HttpError(400, "validation", List.of(messages.error("enabled", "error.programme.enabledRequired")));
                }
                java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
                com.fasterxml.jackson.databind.JsonNode s = body.get("settings");
                if (s != null && !s.isNull()) {
                    if (!s.isObject()) {
                        throw new HttpError(400, "validation", List.of(messages.error("settings", "error.json.badValue")));
                    }
                    s.fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                            : e.getValue().toString()));
                }
                for (String field : (Iterable<String>) body::fieldNames) {
                    if (!field.equals("enabled") && !field.equals("settings")) {
                        throw new HttpError(400, "validation", List.of(messages.error(field, "error.json.unknownField")));
                    }
                }
                programmes.setEnabled(schoolId, pid, enabled.asBoolean(), settings);
                ProgrammeStatus after = programmes.programme(pid).orElseThrow(ApiServlet::notFound);
                java.util.Map<String, Object> view = new java.util.LinkedHashMap<>(ProgrammesServlet.view(after,
                        java.util.Optional.of(schoolId)));
                view.put("settings", programmes.settings(schoolId, pid));
                write(rs, 200, view);
            }
            default -> throw methodNotAllowed(rs, "GET, PUT");
        }
    }

    private School school(long id) {
        return schools.school(id).orElseThrow(() -> new NotFoundException("school", id));
    }
}
