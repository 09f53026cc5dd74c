package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.registry.internal.safety.SafetyService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Guardianship alerts, incidents and mandatory reports over HTTP (issue 19): {@code GET /api/alerts[?school=]},
 * {@code GET /api/alerts/counts}, {@code GET /api/incidents[?school=]}, {@code GET /api/incidents/{id}},
 * {@code POST /api/incidents/{id}/notices}, {@code GET /api/mandatory-reports[?school=|?county=]} and
 * {@code PUT /api/mandatory-reports/{id}}. An incident is recorded on its child: {@code POST /api/children/{id}/incidents}
 * ({@link ChildServlet}).
 */
@Component(service = Servlet.class, property = { "guanai.route=GET /api/alerts", "guanai.route=GET /api/alerts/counts",
        "guanai.route=GET /api/incidents", "guanai.route=GET /api/incidents/{incident}",
        "guanai.route=POST /api/incidents/{incident}/notices", "guanai.route=GET /api/mandatory-reports",
        "guanai.route=PUT /api/mandatory-reports/{report}" })
@HttpWhiteboardServletName("guanai-safety")
@HttpWhiteboardServletPattern({ "/api/alerts", "/api/alerts/*", "/api/incidents", "/api/incidents/*", "/api/mandatory-reports",
        "/api/mandatory-reports/*" })
public final class SafetyServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient SafetyService safety;
    private final transient CallerContext callers;

    @Activate
    public SafetyServlet(@Reference SafetyService safety, @Reference CallerContext callers) {
        this.safety = safety;
        this.callers = callers;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        Long school = callers.current().flatMap(Caller::schoolId).orElse(null);
        switch (rq.getServletPath()) {
            case "/api/alerts" -> {
                if (path.isEmpty()) {
                    get(rq, rs);
                    write(rs, 200, Map.of("alerts", safety.alerts(school)));
                } else if (path.size() == 1 && path.get(0).equals("counts")) {
                    get(rq, rs);
                    write(rs, 200, Map.of("schools", safety.counts()));
                } else {
                    throw notFound();
                }
            }
            case "/api/incidents" -> {
                if (path.isEmpty()) {
                    get(rq, rs);
                    write(rs, 200, Map.of("incidents", safety.incidents(school)));
                    return;
                }
                long id = idSegment(path.get(0));
                if (path.size() == 1) {
                    get(rq, rs);
                    write(rs, 200, safety.incident(id));
                } else if (path.size() == 2 && path.get(1).equals("notices")) {
                    if (!rq.getMethod().equals("POST")) {
                        throw methodNotAllowed(rs, "POST");
                    }
                    write(rs, 201, safety.recordNotice(id, convert(body(rq), SafetyService.NoticeInput.class)));
                } else {
                    throw notFound();
                }
            }
            case "/api/mandatory-reports" -> {
                if (path.isEmpty()) {
                    get(rq, rs);
                    write(rs, 200, Map.of("reports", safety.reports(school, rq.getParameter("county"))));
                } else if (path.size() == 1) {
                    long id = idSegment(path.get(0));
                    if (!rq.getMethod().equals("PUT")) {
                        throw methodNotAllowed(rs, "PUT");
                    }
                    write(rs, 200, safety.recordReport(id, convert(body(rq), SafetyService.ReportInput.class)));
                } else {
                    throw notFound();
                }
            }
            default -> throw notFound();
        }
    }

    private void get(HttpServletRequest rq, HttpServletResponse rs) {
        if (!rq.getMethod().equals("GET") && !rq.getMethod().equals("HEAD")) {
            throw methodNotAllowed(rs, "GET");
        }
    }
}
