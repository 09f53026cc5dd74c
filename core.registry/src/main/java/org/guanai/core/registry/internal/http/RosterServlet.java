package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.util.List;

import org.guanai.core.registry.internal.registry.RosterExport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The county's 花名册: {@code GET /api/roster.xlsx}, every school's children in the columns of the import template, for
 * county roles; others get the schools they reach ({@link RosterExport#county()}). A school's is
 * {@code /api/schools/{id}/roster.xlsx}.
 */
@Component(service = Servlet.class, property = "guanai.route=GET /api/roster.xlsx")
@HttpWhiteboardServletName("guanai-roster")
@HttpWhiteboardServletPattern("/api/roster.xlsx")
public final class RosterServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient RosterExport roster;

    @Activate
    public RosterServlet(@Reference RosterExport roster) {
        this.roster = roster;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        if (!path.isEmpty()) {
            throw notFound();
        }
        if (!rq.getMethod().equals("GET") && !rq.getMethod().equals("HEAD")) {
            throw methodNotAllowed(rs, "GET");
        }
        Responses.download(rq, rs, 200, roster.county());
    }
}
