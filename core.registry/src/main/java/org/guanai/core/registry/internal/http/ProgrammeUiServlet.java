package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.programmes.ProgrammeFileCaching;
import org.guanai.core.registry.internal.programmes.ProgrammeRegistryImpl;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves a programme's page files, {@code /ui/programmes/<id>/<file>}, from the {@code /ui} folder of the programme's
 * bundle, so that no programme writes a resource servlet of its own. The programme gate has already checked that the
 * programme is running and that the caller holds its read permission; {@link ProgrammeFileCaching} makes browsers
 * revalidate the files ({@code no-cache}, an ETag of the programme's bundle, {@code 304}).
 */
// guanai.route: the file every programme page has, for the platform's route listing (authorisation matrix)
@Component(service = Servlet.class, property = "guanai.route=GET /ui/programmes/{programme}/main.js")
@HttpWhiteboardServletName("guanai-programme-ui")
@HttpWhiteboardServletPattern("/ui/programmes/*")
public final class ProgrammeUiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final Map<String, String> TYPES = Map.of("js", "text/javascript;charset=UTF-8", "mjs", "text/javascript;charset=UTF-8", "css",
            "text/css;charset=UTF-8", "json", "application/json;charset=UTF-8", "svg", "image/svg+xml", "png", "image/png", "jpg",
            "image/jpeg", "woff2", "font/woff2", "html", "text/html;charset=UTF-8");

    private final transient ProgrammeRegistryImpl registry;
    private final transient Responses responses = new Responses(new Messages());

    @Activate
    public ProgrammeUiServlet(@Reference ProgrammeRegistryImpl registry) {
        this.registry = registry;
    }

    @Override
    protected void service(HttpServletRequest rq, HttpServletResponse rs) throws IOException {
        if (!rq.getMethod().equals("GET") && !rq.getMethod().equals("HEAD")) {
            rs.setHeader("Allow", "GET, HEAD");
            responses.error(rs, 405, "method", "error.method");
            return;
        }
        String info = rq.getPathInfo() == null ? "" : rq.getPathInfo();
        int slash = info.indexOf('/', 1);
        if (slash < 0 || info.length() <= slash + 1) {
            responses.error(rs, 404, "not_found", "error.notFound");
            return;
        }
        String id = info.substring(1, slash);
        String file = info.substring(slash + 1);
        if (file.contains("..") || file.contains("\\") || file.startsWith("/")) {
            responses.error(rs, 404, "not_found", "error.notFound");
            return;
        }
        Optional<Bundle> bundle = registry.service(id).map(p -> FrameworkUtil.getBundle(p.getClass()));
        URL entry = bundle.map(b -> b.getEntry("ui/" + file)).orElse(null);
        if (entry == null || file.endsWith("/")) {
            responses.error(rs, 404, "not_found", "error.notFound");
            return;
        }
        int dot = file.lastIndexOf('.');
        String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
        rs.setContentType(TYPES.getOrDefault(ext, "application/octet-stream"));
        try (InputStream in = entry.openStream()) {
            byte[] bytes = in.readAllBytes();
            rs.setContentLength(bytes.length);
            if (rq.getMethod().equals("GET")) {
                rs.getOutputStream().write(bytes);
            }
        }
    }
}
