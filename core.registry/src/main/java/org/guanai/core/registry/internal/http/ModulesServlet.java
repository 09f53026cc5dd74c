package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.guanai.core.registry.internal.modules.ModuleException;
import org.guanai.core.registry.internal.modules.ModuleManager;
import org.guanai.core.registry.internal.modules.ModuleResult;
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
 * Module administration over HTTP: {@code GET /api/admin/bundles}; {@code POST /api/admin/bundles} (a jar as
 * {@code application/octet-stream}: install and start); {@code POST /api/admin/bundles/dry-run} (what would happen,
 * changing nothing); {@code PUT /api/admin/bundles/{bsn}} (update in place); {@code POST …/{bsn}/stop} and
 * {@code …/start}; {@code DELETE …/{bsn}} (uninstall, data kept); {@code GET /api/admin/bundles/log} (operations);
 * {@code POST /api/admin/programmes/{id}/purge} with {@code {"confirm":"<id>"}} (drop an uninstalled programme's data).
 */
@Component(service = Servlet.class, property = { "guanai.route=GET /api/admin/bundles", "guanai.route=POST /api/admin/bundles", "guanai.route=POST /api/admin/bundles/dry-run", "guanai.route=GET /api/admin/bundles/log", "guanai.route=GET /api/admin/bundles/{bsn}", "guanai.route=PUT /api/admin/bundles/{bsn}", "guanai.route=DELETE /api/admin/bundles/{bsn}", "guanai.route=POST /api/admin/bundles/{bsn}/stop", "guanai.route=POST /api/admin/bundles/{bsn}/start", "guanai.route=POST /api/admin/programmes/{programme}/purge" })
@HttpWhiteboardServletName("guanai-modules")
@HttpWhiteboardServletPattern({ "/api/admin/bundles", "/api/admin/bundles/*", "/api/admin/programmes/*" })
public final class ModulesServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;
    /** Largest bundle accepted. */
    static final int MAX_JAR = 64 << 20;

    private final transient ModuleManager modules;

    @Activate
    public ModulesServlet(@Reference ModuleManager modules) {
        this.modules = modules;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        String method = rq.getMethod();
        try {
            if (rq.getServletPath().equals("/api/admin/programmes")) {
                // POST /api/admin/programmes/{id}/purge {"confirm":"<id>"}: drop the data of an uninstalled programme
                if (path.size() != 2 || !path.get(1).equals("purge")) {
                    throw notFound();
                }
                if (!method.equals("POST")) {
                    throw methodNotAllowed(rs, "POST");
                }
                com.fasterxml.jackson.databind.JsonNode confirm = body(rq).get("confirm");
                write(rs, 200, modules.purge(path.get(0), confirm == null ? null : confirm.asText()));
                return;
            }
            if (path.isEmpty()) {
                switch (method) {
                    case "GET" -> write(rs, 200, Map.of("items", modules.list()));
                    case "POST" -> {
                        ModuleResult r = modules.install(jar(rq));
                        created(rq, rs, "/api/admin/bundles/" + r.bsn(), r);
                    }
                    default -> throw methodNotAllowed(rs, "GET, POST");
                }
                return;
            }
            String first = path.get(0);
            if (path.size() == 1 && first.equals("dry-run")) {
                if (!method.equals("POST")) {
                    throw methodNotAllowed(rs, "POST");
                }
                write(rs, 200, modules.dryRun(jar(rq)));
                return;
            }
            if (path.size() == 1 && first.equals("log")) {
                if (!method.equals("GET")) {
                    throw methodNotAllowed(rs, "GET");
                }
                write(rs, 200, Map.of("items", modules.operations(intParam(rq, "limit", 100, 1, 1000))));
                return;
            }
            if (path.size() == 1) {
                switch (method) {
                    case "GET" -> write(rs, 200, modules.list().stream().filter(m -> first.equals(m.bsn())).findFirst()
                            .orElseThrow(ApiServlet::notFound));
                    case "PUT" -> write(rs, 200, modules.update(first, jar(rq)));
                    case "DELETE" -> write(rs, 200, modules.uninstall(first));
                    default -> throw methodNotAllowed(rs, "GET, PUT, DELETE");
                }
                return;
            }
            if (path.size() == 2 && method.equals("POST")) {
                switch (path.get(1)) {
                    case "stop" -> write(rs, 200, modules.stop(first));
                    case "start" -> write(rs, 200, modules.start(first));
                    default -> throw notFound();
                }
                return;
            }
            throw notFound();
        } catch (ModuleException e) {
            // a refusal with a text of its own (signatures, jar checks) says why in both languages; others say what kind
            ObjectNode body = responses.errorBody(e.code, e.kind.textKey());
            body.put("message_en", e.messageEn(messages));
            body.put("message_zh", e.messageZh(messages));
            body.putPOJO("details", e.details);
            write(rs, status(e.kind), body);
        }
    }

    /** The HTTP status of each kind of module refusal. */
    static int status(ModuleException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case REFUSED -> 422;
            case UNAVAILABLE -> 503;
        };
    }

    /** The uploaded jar: the raw request body ({@code application/octet-stream}), at most {@value #MAX_JAR} bytes. */
    private byte[] jar(HttpServletRequest rq) throws IOException {
        if (rq.getContentLengthLong() > MAX_JAR) {
            throw new HttpError(413, "payload_too_large", List.of(messages.error("body", "error.tooLong", MAX_JAR)));
        }
        byte[] bytes;
        try (InputStream in = rq.getInputStream()) {
            bytes = in.readNBytes(MAX_JAR + 1);
        }
        if (bytes.length > MAX_JAR) {
            throw new HttpError(413, "payload_too_large", List.of(messages.error("body", "error.tooLong", MAX_JAR)));
        }
        if (bytes.length == 0) {
            throw new HttpError(400, "validation", List.of(messages.error("body", "error.body.required")));
        }
        return bytes;
    }
}
