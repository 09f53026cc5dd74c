package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.guanai.core.registry.internal.persistence.Backups;
import org.guanai.core.registry.internal.security.RolePermissions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Backups over HTTP (permission {@value RolePermissions#SYSTEM_BACKUP}, the county administrator's):
 * {@code POST /api/admin/backup} makes one now and answers {@code 201 {"name","size","createdAt"}} with its
 * {@code Location}; {@code GET /api/admin/backup} lists them, newest first; {@code GET /api/admin/backup/{name}}
 * downloads one ({@code application/zip}). A backup holds the database password and the audit key: keep it as safe as
 * the server.
 */
@Component(service = Servlet.class, property = { "guanai.route=POST /api/admin/backup", "guanai.route=GET /api/admin/backup",
        "guanai.route=GET /api/admin/backup/{backup}" })
@HttpWhiteboardServletName("guanai-backup")
@HttpWhiteboardServletPattern({ "/api/admin/backup", "/api/admin/backup/*" })
public final class BackupServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient Backups backups;

    @Activate
    public BackupServlet(@Reference Backups backups) {
        this.backups = backups;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        if (path.isEmpty()) {
            switch (rq.getMethod()) {
                case "POST" -> create(rs);
                case "GET" -> write(rs, 200, Map.of("items", backups.list().stream().map(BackupServlet::view).toList()));
                default -> throw methodNotAllowed(rs, "GET, POST");
            }
            return;
        }
        if (path.size() != 1) {
            throw notFound();
        }
        if (!rq.getMethod().equals("GET")) {
            throw methodNotAllowed(rs, "GET");
        }
        Path file = backups.file(path.get(0)).orElseThrow(BackupServlet::notFound);
        rs.setStatus(200);
        rs.setContentType("application/zip");
        rs.setHeader("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"");
        rs.setContentLengthLong(Files.size(file));
        Backups.copy(file, rs.getOutputStream());
    }

    private void create(HttpServletResponse rs) throws IOException {
        Backups.Backup b;
        try {
            b = backups.create();
        } catch (Backups.Refused e) {
            throw new HttpError(e.status, e.code, List.of());
        }
        rs.setHeader("Location", "/api/admin/backup/" + b.name());
        write(rs, 201, view(b));
    }

    private static Map<String, Object> view(Backups.Backup b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.name());
        m.put("size", b.size());
        m.put("createdAt", b.createdAt().toString());
        return m;
    }
}
