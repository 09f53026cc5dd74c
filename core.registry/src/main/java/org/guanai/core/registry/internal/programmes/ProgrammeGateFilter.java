package org.guanai.core.registry.internal.programmes;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.guanai.core.api.Caller;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeState;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.http.Responses;
import org.guanai.core.registry.internal.security.AuthPreprocessor;
import org.guanai.core.registry.internal.security.RequestCallerContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

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
 * stopped or failed → 503; already serving as many requests as it may at once ({@link ProgrammeLimits}) → 503 with
 * {@code Retry-After}, at once. {@code GET /api/programmes/<id>/} is answered here with the programme's summary for the
 * school. Programmes never repeat these checks and cannot bypass them.
 * <p>
 * A programme that throws on a request fails that request only: {@code 500} with the JSON error body and a
 * {@code requestId} (also in {@code X-Request-Id}) under which the error is logged once; the programme stays
 * {@code ACTIVE} for every school. Only while it is being swapped or stopped does a failure answer {@code 503}.
 */
@Component(service = Filter.class, property = "service.ranking:Integer=500")
@HttpWhiteboardFilterName("guanai-programme-gate")
@HttpWhiteboardFilterPattern({ "/api/programmes/*", "/ui/programmes/*" })
public final class ProgrammeGateFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(ProgrammeGateFilter.class);
    /** Seconds a client should wait before retrying a programme that is being updated. */
    public static final String RETRY_AFTER = "2";
    /** Seconds a client should wait before retrying a programme that is at its limit of requests at once. */
    static final String BUSY_RETRY_AFTER = "1";
    static final String REQUEST_ID_HEADER = "X-Request-Id";

    private final ProgrammeRegistryImpl registry;
    private final RequestCallerContext callers;
    private final ProgrammeLimits limits;
    private final Messages messages = new Messages();
    private final Responses responses = new Responses(messages);

    @Activate
    public ProgrammeGateFilter(@Reference ProgrammeRegistryImpl registry, @Reference RequestCallerContext callers,
            @Reference ProgrammeLimits limits) {
        this.registry = registry;
        this.callers = callers;
        this.limits = limits;
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
            updating(responses, rs, id);
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
            admitted(rs, id, () -> run(rq, rs, chain, path, id));
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
            admitted(rs, id, () -> summary(rq, rs, path, id, status.get(), school.get()));
            return;
        }
        admitted(rs, id, () -> run(rq, rs, chain, path, id));
    }

    /** The answer while a programme is being updated, started or swapped: {@code 503} with {@code Retry-After}. */
    public static void updating(Responses responses, HttpServletResponse rs, String id) throws IOException {
        rs.setHeader("Retry-After", RETRY_AFTER);
        responses.error(rs, 503, "programme_updating", "error.programme.updating", id);
    }

    /** Work of a programme on a request. */
    @FunctionalInterface
    private interface Work {
        void run() throws IOException;
    }

    /** Runs {@code work} if the programme is below its limit of requests at once, else answers 503 at once. */
    private void admitted(HttpServletResponse rs, String id, Work work) throws IOException {
        if (!limits.tryEnter(id)) {
            rs.setHeader("Retry-After", BUSY_RETRY_AFTER);
            responses.error(rs, 503, "programme_busy", "error.programme.busy", id);
            return;
        }
        try {
            work.run();
        } finally {
            limits.leave(id);
        }
    }

    /** Hands the request to the programme; what it throws fails this request only. */
    private void run(HttpServletRequest rq, HttpServletResponse rs, FilterChain chain, String path, String id) throws IOException {
        try {
            chain.doFilter(rq, rs);
        } catch (Exception | LinkageError | StackOverflowError e) {
            failed(rq, rs, path, id, e);
        }
    }

    /**
     * A programme's request threw: {@code 503} inside the swap window (the programme was being updated or stopped while
     * the request ran; its classes may be gone), else {@code 500} for this request alone, logged once under a request
     * id that the answer carries. The programme is not marked failed: one bad request does not take it away from
     * every school.
     */
    private void failed(HttpServletRequest rq, HttpServletResponse rs, String path, String id, Throwable e) throws IOException {
        if (registry.programme(id).map(p -> p.state() != ProgrammeState.ACTIVE).orElse(true)) {
            if (!rs.isCommitted()) {
                rs.reset();
                AuthPreprocessor.headers(rq, rs, path);
                updating(responses, rs, id);
            }
            return;
        }
        String requestId = UUID.randomUUID().toString();
        if (e instanceof IOException && rs.isCommitted()) {
            // the answer was on its way: most likely the client went away while the programme wrote it
            LOG.warn("Programme '{}': {} {} ended while answering (request {}): {}", id, rq.getMethod(), rq.getRequestURI(),
                    requestId, e.toString());
            return;
        }
        LOG.error("Programme '{}' failed on {} {} (request {})", id, rq.getMethod(), rq.getRequestURI(), requestId, e);
        if (!rs.isCommitted()) {
            rs.reset();
            AuthPreprocessor.headers(rq, rs, path);
            rs.setHeader(REQUEST_ID_HEADER, requestId);
            ObjectNode body = responses.errorBody("programme_failed", "error.programme.failed", id, requestId);
            body.put("requestId", requestId);
            responses.write(rs, 500, body);
        }
    }

    private void summary(HttpServletRequest rq, HttpServletResponse rs, String path, String id, ProgrammeStatus status, long school)
            throws IOException {
        Programme programme = registry.service(id).orElse(null);
        if (programme == null) {
            updating(responses, rs, id);
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
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            failed(rq, rs, path, id, e);
            return;
        } finally {
            callers.restore(caller);
        }
        responses.write(rs, 200, body);
    }
}
