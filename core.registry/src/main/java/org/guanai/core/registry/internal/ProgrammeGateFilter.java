package org.guanai.core.registry.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.Caller;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeState;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one place that decides whether a programme route answers, for every programme: unknown programme → 404; an API
 * route not enabled for the school the request acts for → 404 with the reason (a page's files under
 * {@code /ui/programmes/<id>/} hold no data and need no school); being updated → 503 with {@code Retry-After};
 * stopped or failed → 503. {@code GET /api/programmes/<id>/} is answered here with the programme's summary for the
 * school. Programmes never repeat these checks and cannot bypass them.
 */
@Component(service = Filter.class, property = "service.ranking:Integer=500")
@HttpWhiteboardFilterName("guanai-programme-gate")
@HttpWhiteboardFilterPattern({ "/api/programmes/*", "/ui/programmes/*" })
public final class ProgrammeGateFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(ProgrammeGateFilter.class);
    /** Seconds a client should wait before retrying a programme that is being updated. */
    static final String RETRY_AFTER = "2";

    private final ProgrammeRegistryImpl registry;
    private final RequestCallerContext callers;
    private final Messages messages = new Messages();
    private final Responses responses = new Responses(messages);

    @Activate
    public ProgrammeGateFilter(@Reference ProgrammeRegistryImpl registry, @Reference RequestCallerContext callers) {
        this.registry = registry;
        this.callers = callers;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest rq = (HttpServletRequest) request;
        HttpServletResponse rs = (HttpServletResponse) response;
        String path = rq.getRequestURI().substring(rq.getContextPath().length());
        String rest = path.startsWith("/api/programmes/") ? path.substring("/api/programmes/".length())
                : path.substring("/ui/programmes/".length());
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        if (id.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ProgrammeStatus> status = registry.programme(id);
        if (status.isEmpty()) {
            responses.error(rs, 404, "programme_unknown", "error.programme.unknown", id);
            return;
        }
        ProgrammeState state = status.get().state();
        if (state == ProgrammeState.UPDATING || state == ProgrammeState.STARTING) {
            rs.setHeader("Retry-After", RETRY_AFTER);
            responses.error(rs, 503, "programme_updating", "error.programme.updating", id);
            return;
        }
        if (state != ProgrammeState.ACTIVE) {
            rs.setHeader("Retry-After", "30");
            responses.error(rs, 503, "programme_" + state.name().toLowerCase(java.util.Locale.ROOT),
                    "error.programme.notRunning", id, state.name());
            return;
        }
        if (path.startsWith("/ui/programmes/")) {
            // the page's files hold no data (its API calls are gated per school): served to every caller with the
            // programme's read permission, so that a page module's own imports need no school
            chain.doFilter(request, response);
            return;
        }
        Caller caller = callers.current().orElseThrow(() -> new IllegalStateException("no caller: AuthPreprocessor did not run"));
        Optional<Long> school = caller.schoolId(); // a caller with one school acts for it (AuthPreprocessor)
        if (school.isEmpty()) {
            responses.errors(rs, 400, "school_required", List.of(messages.error("school", "error.programme.schoolRequired")));
            return;
        }
        if (!caller.mayActFor(school.get()) || !registry.isEnabled(school.get(), id)) {
            responses.error(rs, 404, "programme_disabled", "error.programme.disabled", id);
            return;
        }
        if (path.startsWith("/api/programmes/") && (slash < 0 || slash == rest.length() - 1) && "GET".equals(rq.getMethod())) {
            summary(rs, id, status.get(), school.get());
            return;
        }
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (registry.programme(id).map(p -> p.state() != ProgrammeState.ACTIVE).orElse(true)) {
                // The request was in flight while the programme was being swapped or stopped: the swap window.
                if (!rs.isCommitted()) {
                    rs.reset();
                    AuthPreprocessor.headers(rq, rs, path);
                    rs.setHeader("Retry-After", RETRY_AFTER);
                    responses.error(rs, 503, "programme_updating", "error.programme.updating", id);
                }
                return;
            }
            // A programme that throws is marked FAILED with its error (answers 503 until it is restarted or updated);
            // the core and the other programmes are not affected.
            LOG.error("Programme '{}' failed on {} {}", id, rq.getMethod(), rq.getRequestURI(), e);
            registry.failed(id, "request " + rq.getMethod() + " " + path + " failed: " + e);
            if (!rs.isCommitted()) {
                rs.reset();
                AuthPreprocessor.headers(rq, rs, path);
                responses.error(rs, 500, "programme_failed", "error.programme.failed", id);
            }
        }
    }

    private void summary(HttpServletResponse rs, String id, ProgrammeStatus status, long school) throws IOException {
        Programme programme = registry.service(id).orElse(null);
        if (programme == null) {
            rs.setHeader("Retry-After", RETRY_AFTER);
            responses.error(rs, 503, "programme_updating", "error.programme.updating", id);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("schoolId", school);
        body.put("version", status.info() == null ? status.bundleVersion() : status.info().version());
        // counts for a school the caller reaches: computed by the programme as the platform, without the caller's limits
        Caller caller = callers.enter(null);
        try {
            body.put("summary", programme.summary(school));
        } catch (RuntimeException e) {
            LOG.error("Summary of programme '{}' failed", id, e);
            responses.error(rs, 500, "programme_failed", "error.internal");
            return;
        } finally {
            callers.restore(caller);
        }
        responses.write(rs, 200, body);
    }
}
