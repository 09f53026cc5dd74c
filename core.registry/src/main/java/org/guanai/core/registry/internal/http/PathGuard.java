package org.guanai.core.registry.internal.http;

import java.io.IOException;

import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.security.AuthPreprocessor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The first thing every request meets in the platform (a Servlet Whiteboard {@link Preprocessor} ranked above
 * {@link AuthPreprocessor}): a path that is not in canonical form ({@link CanonicalPath}: {@code ;} path parameters,
 * percent-encoded ASCII, {@code .} and {@code ..} segments …) is refused with {@code 400 bad_uri}, the JSON error body
 * and the security headers, before any routing or authorisation decision; the route policy, the programme gate and the
 * servlets only ever see canonical paths. What Jetty refuses before the whiteboard runs (ambiguous or malformed URIs,
 * request lines and headers over its buffers) is answered by {@link JettyErrorPages}, installed here.
 */
@Component(service = Preprocessor.class, property = "service.ranking:Integer=2000")
public final class PathGuard implements Preprocessor {
    private static final Logger LOG = LoggerFactory.getLogger(PathGuard.class);

    private final Responses responses = new Responses(new Messages());
    private volatile JettyErrorPages errorPages;

    @Override
    public void init(FilterConfig config) {
        try {
            errorPages = JettyErrorPages.install(config.getServletContext(), responses);
        } catch (LinkageError e) {
            LOG.warn("Jetty's own error answers stay HTML: Jetty's classes are not wired to this bundle ({})", e.toString());
        }
    }

    @Override
    public void destroy() {
        JettyErrorPages pages = errorPages;
        errorPages = null;
        if (pages != null) {
            pages.uninstall();
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest rq = (HttpServletRequest) request;
        String problem = CanonicalPath.problem(rq.getRequestURI());
        if (problem == null) {
            chain.doFilter(request, response);
            return;
        }
        LOG.debug("Refused {} {}: {}", rq.getMethod(), rq.getRequestURI(), problem);
        HttpServletResponse rs = (HttpServletResponse) response;
        AuthPreprocessor.headers(rq, rs, "/");
        rs.setHeader("Cache-Control", "no-store");
        responses.error(rs, 400, "bad_uri", "error.uri.notCanonical");
    }
}
