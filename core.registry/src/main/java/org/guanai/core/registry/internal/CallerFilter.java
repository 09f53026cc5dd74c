package org.guanai.core.registry.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import org.guanai.core.api.Caller;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Establishes the caller of every API request, once, before any route runs (programme routes included), the actor
 * recorded in the history of the changes it makes, and the school
 * the request acts for: the {@code school} query parameter or the {@code X-Guanai-School} header. Until accounts exist
 * (security issue), every caller is an anonymous county-level user who may act for any school.
 */
@Component(service = Filter.class, property = "service.ranking:Integer=1000")
@HttpWhiteboardFilterName("guanai-caller")
@HttpWhiteboardFilterPattern({ "/api/*", "/ui/*" })
public final class CallerFilter implements Filter {
    static final String SCHOOL_HEADER = "X-Guanai-School";
    static final String SCHOOL_PARAM = "school";
    static final String ANONYMOUS = "anonymous";

    private final RequestCallerContext callers;
    private final CurrentActor actor;
    private final Messages messages = new Messages();
    private final Responses responses = new Responses(messages);

    @Activate
    public CallerFilter(@Reference RequestCallerContext callers, @Reference CurrentActor actor) {
        this.callers = callers;
        this.actor = actor;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest rq = (HttpServletRequest) request;
        HttpServletResponse rs = (HttpServletResponse) response;
        Optional<Long> school;
        try {
            school = school(rq);
        } catch (NumberFormatException e) {
            responses.errors(rs, 400, "validation", List.of(messages.error(SCHOOL_PARAM, "error.param.badValue")));
            return;
        }
        Caller caller = new Caller(ANONYMOUS, true, Set.of(), school, Set.of());
        Caller previous = callers.enter(caller);
        String previousActor = actor.enter("http:" + rq.getRemoteAddr());
        actor.address(rq.getRemoteAddr());
        try {
            chain.doFilter(request, response);
        } finally {
            actor.restore(previousActor);
            actor.address(null);
            callers.restore(previous);
        }
    }

    /** The school named by the header or, for GET-style routes, the {@code school} query parameter. */
    static Optional<Long> school(HttpServletRequest rq) {
        String v = rq.getHeader(SCHOOL_HEADER);
        if (v == null || v.isBlank()) {
            // read from the query string only: getParameter would consume a form body
            v = queryParam(rq.getQueryString(), SCHOOL_PARAM);
        }
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        long id = Long.parseLong(v.trim());
        if (id <= 0) {
            throw new NumberFormatException("school id must be positive");
        }
        return Optional.of(id);
    }

    static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
