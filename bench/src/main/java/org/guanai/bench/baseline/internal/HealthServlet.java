package org.guanai.bench.baseline.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The baseline's hello servlet: {@code GET /api/health} answers {@code 200 {"status":"UP"}} as soon as it is registered. */
@RequireHttpWhiteboard
@Component(service = Servlet.class)
@HttpWhiteboardServletName("baseline-health")
@HttpWhiteboardServletPattern("/api/health")
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doGet(HttpServletRequest rq, HttpServletResponse rs) throws IOException {
        rs.setStatus(200);
        rs.setContentType("application/json;charset=UTF-8");
        rs.setHeader("Cache-Control", "no-store");
        rs.setContentLength(UP.length);
        rs.getOutputStream().write(UP);
    }
}
