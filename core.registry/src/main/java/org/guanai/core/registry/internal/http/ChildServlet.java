package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.archive.ArchiveSection;
import org.guanai.core.registry.internal.archive.ArchiveBoard;
import org.guanai.core.registry.internal.safety.SafetyService;
import org.guanai.sdk.time.CareCalendar;
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
 * The child archive over HTTP: {@code /api/children}, {@code /api/children/{id}} (GET, PUT, DELETE = archive),
 * {@code /api/children/{id}/guardians[/{gid}]}, {@code /api/children/{id}/parents[/{pid}]},
 * {@code /api/children/{id}/history}, {@code /api/children/{id}/eligibility}, {@code /api/children/{id}/incidents}
 * (GET, POST: {@link SafetyService}) and {@code /api/children/{id}/sections} (the programmes' sections of the archive
 * page: {@link ArchiveBoard}).
 */
@Component(service = Servlet.class, property = { "guanai.route=GET /api/children", "guanai.route=POST /api/children", "guanai.route=GET /api/children/{child}", "guanai.route=PUT /api/children/{child}", "guanai.route=DELETE /api/children/{child}", "guanai.route=GET /api/children/{child}/history", "guanai.route=GET /api/children/{child}/sections", "guanai.route=GET /api/children/{child}/eligibility", "guanai.route=POST /api/children/{child}/card-check", "guanai.route=GET /api/children/{child}/guardians", "guanai.route=POST /api/children/{child}/guardians", "guanai.route=GET /api/children/{child}/guardians/{guardian}", "guanai.route=PUT /api/children/{child}/guardians/{guardian}", "guanai.route=DELETE /api/children/{child}/guardians/{guardian}", "guanai.route=GET /api/children/{child}/parents", "guanai.route=POST /api/children/{child}/parents", "guanai.route=GET /api/children/{child}/parents/{parent}", "guanai.route=PUT /api/children/{child}/parents/{parent}", "guanai.route=DELETE /api/children/{child}/parents/{parent}", "guanai.route=GET /api/children/{child}/incidents", "guanai.route=POST /api/children/{child}/incidents" })
@HttpWhiteboardServletName("guanai-children")
@HttpWhiteboardServletPattern({ "/api/children", "/api/children/*" })
public final class ChildServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;
    static final int DEFAULT_PAGE_SIZE = 20;

    private final transient ChildService children;
    private final transient GuardianService guardians;
    private final transient SafetyService safety;
    private final transient ArchiveBoard sections;
    private final transient CallerContext callers;
    private final transient CareCalendar calendar;

    @Activate
    public ChildServlet(@Reference ChildService children, @Reference GuardianService guardians, @Reference SafetyService safety,
            @Reference ArchiveBoard sections, @Reference CallerContext callers, @Reference CareCalendar calendar) {
        this.children = children;
        this.guardians = guardians;
        this.safety = safety;
        this.sections = sections;
        this.callers = callers;
        this.calendar = calendar;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        String method = rq.getMethod();
        if (path.isEmpty()) {
            switch (method) {
                case "GET" -> write(rs, 200, children.find(query(rq)));
                case "POST" -> {
                    Child c = children.create(convert(withoutServerFields(body(rq)), Child.class));
                    created(rq, rs, "/api/children/" + c.id(), c);
                }
                default -> throw methodNotAllowed(rs, "GET, POST");
            }
            return;
        }
        long id = idSegment(path.get(0));
        if (path.size() == 1) {
            switch (method) {
                case "GET" -> write(rs, 200, children.get(id).orElseThrow(() -> new NotFoundException("child", id)));
                case "PUT" -> {
                    ObjectNode body = body(rq);
                    long version = version(body, rq);
                    ObjectNode fields = withoutServerFields(body);
                    fields.put("id", id);
                    fields.put("version", version);
                    write(rs, 200, children.update(convert(fields, Child.class)));
                }
                case "DELETE" -> {
                    Long version = longParam(rq, "version");
                    long v = version != null ? version
                            : children.get(id).orElseThrow(() -> new NotFoundException("child", id)).version();
                    write(rs, 200, children.archive(id, v));
                }
                default -> throw methodNotAllowed(rs, "GET, PUT, DELETE");
            }
            return;
        }
        String sub = path.get(1);
        switch (sub) {
            case "history" -> {
                only(rq, rs, path, 2, "GET");
                write(rs, 200, children.history(id));
            }
            case "sections" -> {
                only(rq, rs, path, 2, "GET");
                write(rs, 200, sections(id));
            }
            case "eligibility" -> {
                only(rq, rs, path, 2, "GET");
                write(rs, 200, children.eligibility(id));
            }
            case "card-check" -> {
                only(rq, rs, path, 2, "POST");
                write(rs, 200, Map.of("childId", id, "checkedAt", children.confirmContactCard(id)));
            }
            case "guardians" -> guardians(rq, rs, path, id);
            case "parents" -> parents(rq, rs, path, id);
            case "incidents" -> {
                if (path.size() != 2) {
                    throw notFound();
                }
                switch (rq.getMethod()) {
                    case "GET" -> write(rs, 200, Map.of("incidents", safety.incidentsOf(id)));
                    case "POST" -> {
                        Map<String, Object> incident = safety.recordIncident(id,
                                convert(body(rq), SafetyService.IncidentInput.class));
                        created(rq, rs, "/api/incidents/" + incident.get("id"), incident);
                    }
                    default -> throw methodNotAllowed(rs, "GET, POST");
                }
            }
            default -> throw notFound();
        }
    }

    private void guardians(HttpServletRequest rq, HttpServletResponse rs, List<String> path, long childId) throws IOException {
        String method = rq.getMethod();
        if (path.size() == 2) {
            switch (method) {
                case "GET" -> write(rs, 200, guardians.guardians(childId));
                case "POST" -> {
                    ObjectNode fields = withoutServerFields(body(rq));
                    fields.put("childId", childId);
                    Guardian g = guardians.addGuardian(convert(fields, Guardian.class));
                    created(rq, rs, "/api/children/" + childId + "/guardians/" + g.id(), g);
                }
                default -> throw methodNotAllowed(rs, "GET, POST");
            }
            return;
        }
        if (path.size() != 3) {
            throw notFound();
        }
        long gid = idSegment(path.get(2));
        switch (method) {
            case "GET" -> write(rs, 200, guardians.guardians(childId).stream().filter(g -> g.id() == gid).findFirst()
                    .orElseThrow(() -> new NotFoundException("guardian", gid)));
            case "PUT" -> {
                ObjectNode body = body(rq);
                long version = version(body, rq);
                ObjectNode fields = withoutServerFields(body);
                fields.put("id", gid);
                fields.put("version", version);
                fields.put("childId", childId);
                write(rs, 200, guardians.updateGuardian(convert(fields, Guardian.class)));
            }
            case "DELETE" -> {
                Guardian g = guardians.guardians(childId).stream().filter(x -> x.id() == gid).findFirst()
                        .orElseThrow(() -> new NotFoundException("guardian", gid));
                Long version = longParam(rq, "version");
                guardians.removeGuardian(gid, version != null ? version : g.version());
                rs.setStatus(204);
            }
            default -> throw methodNotAllowed(rs, "GET, PUT, DELETE");
        }
    }

    private void parents(HttpServletRequest rq, HttpServletResponse rs, List<String> path, long childId) throws IOException {
        String method = rq.getMethod();
        if (path.size() == 2) {
            switch (method) {
                case "GET" -> write(rs, 200, guardians.parents(childId));
                case "POST" -> {
                    ObjectNode fields = withoutServerFields(body(rq));
                    fields.put("childId", childId);
                    if (!fields.has("guardianshipCapacity")) {
                        fields.put("guardianshipCapacity", true);
                    }
                    Parent p = guardians.addParent(convert(fields, Parent.class));
                    created(rq, rs, "/api/children/" + childId + "/parents/" + p.id(), p);
                }
                default -> throw methodNotAllowed(rs, "GET, POST");
            }
            return;
        }
        if (path.size() != 3) {
            throw notFound();
        }
        long pid = idSegment(path.get(2));
        switch (method) {
            case "GET" -> write(rs, 200, guardians.parents(childId).stream().filter(p -> p.id() == pid).findFirst()
                    .orElseThrow(() -> new NotFoundException("parent", pid)));
            case "PUT" -> {
                ObjectNode body = body(rq);
                long version = version(body, rq);
                ObjectNode fields = withoutServerFields(body);
                fields.put("id", pid);
                fields.put("version", version);
                fields.put("childId", childId);
                write(rs, 200, guardians.updateParent(convert(fields, Parent.class)));
            }
            case "DELETE" -> {
                Parent p = guardians.parents(childId).stream().filter(x -> x.id() == pid).findFirst()
                        .orElseThrow(() -> new NotFoundException("parent", pid));
                Long version = longParam(rq, "version");
                guardians.removeParent(pid, version != null ? version : p.version());
                rs.setStatus(204);
            }
            default -> throw methodNotAllowed(rs, "GET, PUT, DELETE");
        }
    }

    /**
     * The programmes' sections of a child's archive page: {@code {"childId", "sections": [{programme, title_zh, title_en,
     * lines: [{date, text_zh, text_en}], more, link}], "failed": [programme ids]}}. The child is looked up as a list
     * shows it (no read audited: a section says what the programme holds, each programme audits what it must); a child
     * the caller does not reach answers 404 like the archive itself.
     */
    private Map<String, Object> sections(long id) {
        Caller caller = callers.current().orElseThrow(() -> new HttpError(401, "unauthenticated", List.of()));
        Child[] found = new Child[1];
        children.forEachOf(ChildQuery.builder().includeArchived(true).build(), List.of(id), c -> found[0] = c);
        if (found[0] == null) {
            throw new NotFoundException("child", id);
        }
        ArchiveBoard.Sections answer = sections.of(caller, found[0].schoolId(), id, calendar.today());
        List<Map<String, Object>> out = new ArrayList<>();
        for (ArchiveSection s : answer.sections()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("programme", s.programme());
            m.put("title_zh", s.titleZh());
            m.put("title_en", s.titleEn());
            m.put("lines", s.lines().stream().map(l -> {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("date", l.date() == null ? null : l.date().toString());
                line.put("text_zh", l.textZh());
                line.put("text_en", l.textEn());
                return line;
            }).toList());
            m.put("more", s.more());
            m.put("link", s.link());
            out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("childId", id);
        body.put("sections", out);
        body.put("failed", answer.failed());
        return body;
    }

    private void only(HttpServletRequest rq, HttpServletResponse rs, List<String> path, int size, String method) {
        if (path.size() != size) {
            throw notFound();
        }
        if (!rq.getMethod().equals(method)) {
            throw methodNotAllowed(rs, method);
        }
    }

    private ChildQuery query(HttpServletRequest rq) {
        return new ChildQuery(longParam(rq, "school"), longParam(rq, "class"),
                enumParam(rq, "leftBehindType", LeftBehindType.class), enumParam(rq, "guardianKind", GuardianKind.class),
                rq.getParameter("q"), boolParam(rq, "includeArchived"), intParam(rq, "page", 0),
                intParam(rq, "size", DEFAULT_PAGE_SIZE));
    }

    /** Fields the server owns: ignored when a client sends them back. */
    static ObjectNode withoutServerFields(ObjectNode node) {
        ObjectNode copy = node.deepCopy();
        copy.remove(List.of("id", "version", "createdAt", "updatedAt", "archived"));
        return copy;
    }
}
