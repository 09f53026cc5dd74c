package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.guanai.core.registry.internal.registry.RosterImports;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Roster imports over HTTP (permission {@value RosterImports#PERMISSION}): {@code GET /api/roster/imports/{id}} (the
 * status document) and {@code GET /api/roster/template.xlsx} (the template, with exactly the recognised headers). The
 * upload, {@code POST /api/schools/{sid}/roster/imports}, is under the schools' servlet, which hands it to
 * {@link RosterUpload}.
 */
@Component(service = Servlet.class, property = { "guanai.route=GET /api/roster/imports/{import}",
        "guanai.route=GET /api/roster/template.xlsx" })
@HttpWhiteboardServletName("guanai-roster")
@HttpWhiteboardServletPattern("/api/roster/*")
public final class RosterImportServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final transient RosterImports imports;

    @Activate
    public RosterImportServlet(@Reference RosterImports imports) {
        this.imports = imports;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        if (path.size() == 1 && path.get(0).equals("template.xlsx")) {
            if (!rq.getMethod().equals("GET")) {
                throw methodNotAllowed(rs, "GET");
            }
            template(rs);
            return;
        }
        if (path.size() != 2 || !path.get(0).equals("imports")) {
            throw notFound();
        }
        if (!rq.getMethod().equals("GET")) {
            throw methodNotAllowed(rs, "GET");
        }
        long id = idSegment(path.get(1));
        write(rs, 200, imports.status(id).orElseThrow(ApiServlet::notFound));
    }

    private static void template(HttpServletResponse rs) throws IOException {
        rs.setStatus(200);
        rs.setContentType(XLSX);
        rs.setHeader("Content-Disposition", "attachment; filename=\"roster-template.xlsx\"; filename*=UTF-8''"
                + java.net.URLEncoder.encode("学生名单模板.xlsx", java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        List<String> headers = RosterImports.templateHeaders();
        try (OutputStream out = rs.getOutputStream()) {
            Workbook wb = new Workbook(out, "Guanai", "1.0");
            Worksheet ws = wb.newWorksheet("学生名单");
            for (int c = 0; c < headers.size(); c++) {
                ws.value(0, c, headers.get(c));
                ws.style(0, c).bold().fillColor("EEEEEE").set();
                ws.width(c, Math.max(10, headers.get(c).length() * 3));
            }
            // every cell text, so that Excel keeps ID numbers, 学籍号 and phone numbers as written
            ws.range(1, 0, 2000, headers.size() - 1).style().format("@").set();
            wb.finish();
        }
    }
}
