package org.guanai.core.registry.internal.programmes;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Optional;

import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A programme's page files ({@code /ui/programmes/<id>/…}: its {@code main.js}, styles and translations) are
 * revalidated on every use, so that a browser shows a programme's new page as soon as the programme is updated; done
 * here for every programme, which does nothing itself. The answers carry {@code Cache-Control: no-cache} and a strong
 * {@code ETag} made of the programme bundle's id and last modification (which an update or a reinstall changes), and a
 * matching {@code If-None-Match} ({@code W/} and Jetty's {@code --gzip} suffix ignored) is answered {@code 304} without
 * the programme being asked. Dates play no part: the files' {@code Last-Modified} (the jar entries' time, 1980 under
 * reproducible builds, the same in every version) is dropped, and {@code If-Modified-Since} is hidden from the
 * programme's servlet so that it never answers 304 for a file that changed.
 * <p>
 * Runs after the programme gate ({@link ProgrammeGateFilter}, ranked higher), so only for a known programme that is
 * running.
 */
@Component(service = Filter.class, property = "service.ranking:Integer=400")
@HttpWhiteboardFilterName("guanai-programme-files")
@HttpWhiteboardFilterPattern("/ui/programmes/*")
public final class ProgrammeFileCaching implements Filter {
    private static final String PREFIX = "/ui/programmes/";

    private final BundleContext context;
    private final ProgrammeRegistry registry;

    @Activate
    public ProgrammeFileCaching(BundleContext context, @Reference ProgrammeRegistry registry) {
        this.context = context;
        this.registry = registry;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest rq = (HttpServletRequest) request;
        HttpServletResponse rs = (HttpServletResponse) response;
        String path = rq.getRequestURI().substring(rq.getContextPath().length());
        String rest = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        String id = rest.indexOf('/') < 0 ? rest : rest.substring(0, rest.indexOf('/'));
        Optional<String> etag = registry.programme(id).flatMap(this::bundle)
                .map(b -> "\"" + id + "-" + b.getBundleId() + "-" + b.getLastModified() + "\"");
        if (etag.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        rs.setHeader("Cache-Control", "no-cache");
        rs.setHeader("ETag", etag.get());
        if (("GET".equals(rq.getMethod()) || "HEAD".equals(rq.getMethod())) && matches(rq.getHeader("If-None-Match"), etag.get())) {
            rs.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        chain.doFilter(new WithoutDates(rq), new WithoutLastModified(rs));
    }

    /** The installed bundle of the programme's status (name and version). */
    private Optional<Bundle> bundle(ProgrammeStatus status) {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().equals(status.bundle())
                    && b.getVersion().toString().equals(status.bundleVersion())) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** Whether an {@code If-None-Match} header names {@code etag} (weak comparison; {@code *} matches). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String t = candidate.trim();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.endsWith("--gzip\"")) { // Jetty's GzipHandler marks the ETag of the compressed answer
                t = t.substring(0, t.length() - "--gzip\"".length()) + "\"";
            }
            if (t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** The request without the date preconditions ({@code If-Modified-Since}, {@code If-Unmodified-Since}). */
    private static final class WithoutDates extends HttpServletRequestWrapper {
        WithoutDates(HttpServletRequest rq) {
            super(rq);
        }

        private static boolean date(String name) {
            return "If-Modified-Since".equalsIgnoreCase(name) || "If-Unmodified-Since".equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return date(name) ? null : super.getHeader(name);
        }

        @Override
        public long getDateHeader(String name) {
            return date(name) ? -1 : super.getDateHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return date(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream().filter(n -> !date(n)).toList());
        }
    }

    /**
     * The response without {@code Last-Modified}; an error answer without the file's {@code ETag} and with
     * {@code no-store} (also done by {@code Responses.write}, which writes the container's {@code sendError} too).
     */
    private static final class WithoutLastModified extends HttpServletResponseWrapper {
        WithoutLastModified(HttpServletResponse rs) {
            super(rs);
        }

        private static boolean lastModified(String name) {
            return "Last-Modified".equalsIgnoreCase(name);
        }

        @Override
        public void setStatus(int sc) {
            if (sc >= 400) {
                super.setHeader("ETag", null);
                super.setHeader("Cache-Control", "no-store");
            }
            super.setStatus(sc);
        }

        @Override
        public void setDateHeader(String name, long date) {
            if (!lastModified(name)) {
                super.setDateHeader(name, date);
            }
        }

        @Override
        public void addDateHeader(String name, long date) {
            if (!lastModified(name)) {
                super.addDateHeader(name, date);
            }
        }

        @Override
        public void setHeader(String name, String value) {
            if (!lastModified(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!lastModified(name)) {
                super.addHeader(name, value);
            }
        }
    }
}
