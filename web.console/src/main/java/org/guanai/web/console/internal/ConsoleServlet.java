package org.guanai.web.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves the web console (管理控制台): the shell page at {@code /} and {@code /index.html}, and its static files under
 * {@code /console/} from this bundle's {@code console/} folder. The files hold no data (everything they show comes from
 * the API, behind a login), so the core's route policy leaves these paths open.
 * <p>
 * Registered for {@code /} (the servlet default: every path no other servlet serves) so that the shell answers at the
 * root; any other path reaching it answers {@code 404}. Answers carry a strong ETag made of the bundle's id and
 * install time, and {@code Cache-Control: no-cache}: browsers revalidate and so never keep a file of an older console
 * after an update. Text files are gzipped for clients that accept it (ECharts is 1 MB, a third of that gzipped).
 */
@Component(service = Servlet.class, property = { "guanai.route=GET /", "guanai.route=GET /index.html",
        "guanai.route=GET /console/app.js", "guanai.route=GET /console/console.css", "guanai.route=GET /console/lib/preact.js",
        "guanai.route=GET /console/lib/echarts.js", "guanai.route=GET /console/i18n/zh.json",
        "guanai.route=GET /console/i18n/en.json" })
@HttpWhiteboardServletName("guanai-console")
@HttpWhiteboardServletPattern({ "/", "/console/*" })
public final class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** File name extensions served, with their media types; anything else is not served. */
    static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "txt", "text/plain; charset=utf-8", "md", "text/plain; charset=utf-8");
    /** A relative path of a console file: segments of letters, digits, '.', '-', '_', no segment starting with '.'. */
    private static final Pattern SAFE = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*\\.[a-z]+");
    private static final int GZIP_MIN = 1024;

    private final transient ClassLoader files;
    private final String etag;
    private final transient Map<String, byte[]> gzipped = new ConcurrentHashMap<>();

    @Activate
    public ConsoleServlet(BundleContext context) {
        this(ConsoleServlet.class.getClassLoader(), context.getBundle().getBundleId() + "-" + context.getBundle().getLastModified());
    }

    ConsoleServlet(ClassLoader files, String version) {
        this.files = files;
        this.etag = "\"" + version + "\"";
    }

    /** @return the file under {@code console/} a request path names, if it is one the console serves */
    static Optional<String> file(String path) {
        if (path.equals("/") || path.equals("/index.html")) {
            return Optional.of("index.html");
        }
        if (!path.startsWith("/console/")) {
            return Optional.empty();
        }
        String rel = path.substring("/console/".length());
        if (!SAFE.matcher(rel).matches() || !TYPES.containsKey(extension(rel))) {
            return Optional.empty();
        }
        return Optional.of(rel);
    }

    static String extension(String name) {
        return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    @Override
    protected void doGet(HttpServletRequest rq, HttpServletResponse rs) throws IOException {
        serve(rq, rs, true);
    }

    @Override
    protected void doHead(HttpServletRequest rq, HttpServletResponse rs) throws IOException {
        serve(rq, rs, false);
    }

    private void serve(HttpServletRequest rq, HttpServletResponse rs, boolean body) throws IOException {
        String path = (rq.getServletPath() == null ? "" : rq.getServletPath()) + (rq.getPathInfo() == null ? "" : rq.getPathInfo());
        Optional<String> name = file(path.isEmpty() ? "/" : path);
        URL url = name.map(n -> files.getResource("console/" + n)).orElse(null);
        if (url == null) {
            rs.sendError(404);
            return;
        }
        rs.setHeader("ETag", etag);
        rs.setHeader("Cache-Control", "no-cache");
        rs.setHeader("Vary", "Accept-Encoding");
        if (etag.equals(rq.getHeader("If-None-Match"))) {
            rs.setStatus(304);
            return;
        }
        String type = TYPES.get(extension(name.get()));
        rs.setContentType(type);
        byte[] bytes;
        String accept = rq.getHeader("Accept-Encoding");
        boolean text = !type.startsWith("image/png");
        if (text && accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip")) {
            bytes = gzipped.get(name.get());
            if (bytes == null) {
                byte[] plain = read(url);
                bytes = plain.length < GZIP_MIN ? null : gzip(plain);
                if (bytes != null) {
                    gzipped.put(name.get(), bytes);
                } else {
                    bytes = plain;
                }
            }
            if (bytes.length > 0 && gzipped.get(name.get()) == bytes) {
                rs.setHeader("Content-Encoding", "gzip");
            }
        } else {
            bytes = read(url);
        }
        rs.setContentLength(bytes.length);
        if (body) {
            rs.getOutputStream().write(bytes);
        }
    }

    private static byte[] read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 3);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(plain);
        }
        return out.toByteArray();
    }
}
