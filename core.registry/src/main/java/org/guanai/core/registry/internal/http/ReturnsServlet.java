package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.util.List;

import org.guanai.core.registry.internal.returns.ReturnsService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * 审核报送 (issue 20), the county's side: {@code GET /api/returns?period=2026Q4} every school in the caller's reach
 * with its status ({@code NOT_SUBMITTED}, {@code SUBMITTED}, {@code RETURNED}, {@code ACCEPTED}) and {@code late};
 * {@code GET /api/returns/{id}} a submission with its figures as submitted, its history and what moved since the
 * previous submission; {@code GET /api/returns/trends?to=2026Q4&count=8[&school=]} the figures over periods (the
 * latest submission of each school, added up over the caller's schools); {@code POST /api/returns/{id}/review} with {@code {"decision":"ACCEPT"|"RETURN","comment":…}}.
 * A school's own routes ({@code /api/schools/{sid}/returns/…}) are served by {@link SchoolServlet}.
 */
@Component(service = Servlet.class, property = { "guanai.route=GET /api/returns", "guanai.route=GET /api/returns/trends",
        "guanai.route=GET /api/returns/{submission}",
        "guanai.route=POST /api/returns/{submission}/review" })
@HttpWhiteboardServletName("guanai-returns")
@HttpWhiteboardServletPattern({ "/api/returns", "/api/returns/*" })
public final class ReturnsServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient ReturnsService returns;

    @Activate
    public ReturnsServlet(@Reference ReturnsService returns) {
        this.returns = returns;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        String method = rq.getMethod();
        try {
            if (path.isEmpty()) {
                if (!method.equals("GET")) {
                    throw methodNotAllowed(rs, "GET");
                }
                write(rs, 200, returns.list(returns.period(rq.getParameter("period"))));
                return;
            }
            if (path.size() == 1 && path.get(0).equals("trends")) {
                if (!method.equals("GET")) {
                    throw methodNotAllowed(rs, "GET");
                }
                String to = rq.getParameter("to");
                write(rs, 200, returns.trends(longParam(rq, "school"), to == null ? returns.currentQuarter() : returns.period(to),
                        intParam(rq, "count", 8, 1, 20)));
                return;
            }
            long id = idSegment(path.get(0));
            if (path.size() == 1) {
                if (!method.equals("GET")) {
                    throw methodNotAllowed(rs, "GET");
                }
                write(rs, 200, returns.submission(id));
            } else if (path.size() == 2 && path.get(1).equals("review")) {
                if (!method.equals("POST")) {
                    throw methodNotAllowed(rs, "POST");
                }
                ObjectNode body = body(rq);
                write(rs, 200, returns.review(id, text(body.get("decision")), text(body.get("comment"))));
            } else {
                throw notFound();
            }
        } catch (ReturnsService.Conflict e) {
            throw conflict(e);
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || !n.isValueNode() ? null : n.asText();
    }

    /** @return the 409 of a return refused in its state, naming the field */
    HttpError conflict(ReturnsService.Conflict e) {
        return new HttpError(409, "conflict", List.of(messages.error(e.field, e.key)));
    }
}
