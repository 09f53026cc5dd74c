package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.guanai.core.api.Caller;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.ForbiddenException;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.StaleVersionException;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.programmes.RouteTable;
import org.guanai.core.registry.internal.security.AuthPreprocessor;
import org.guanai.core.registry.internal.security.RequestCallerContext;
import org.guanai.sdk.data.DataException;
import org.guanai.sdk.http.ApiException;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.http.Reply;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves every route programmes declared with the SDK ({@link RouteTable}): builds the {@link org.guanai.sdk.http.Request},
 * calls the handler and writes its answer, and maps every exception to a status in one way for all programmes, with
 * the platform's JSON error body in 中文 and English. The caller is signed in, the route's permission checked and the
 * programme's gate passed (enabled for the school, running) before a request gets here.
 */
@Component(service = ProgrammeDispatcher.class)
public final class ProgrammeDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ProgrammeDispatcher.class);

    private final RouteTable routes;
    private final RequestCallerContext callers;
    private final ChildService children;
    private final SchoolService schools;
    private final Messages messages = new Messages();
    private final Responses responses = new Responses(messages);

    @Activate
    public ProgrammeDispatcher(@Reference RouteTable routes, @Reference RequestCallerContext callers, @Reference ChildService children,
            @Reference SchoolService schools) {
        this.routes = routes;
        this.callers = callers;
        this.children = children;
        this.schools = schools;
    }

    /**
     * @param programme the programme of the path
     * @param rest      the path below {@code /api/programmes/<id>/}
     * @return whether a declared route took the request (it is then answered); {@code false} if the programme
     *         declares no route for it
     */
    boolean serve(HttpServletRequest rq, HttpServletResponse rs, String programme, String rest) throws IOException {
        RouteTable.Resolution resolution = routes.resolve(programme, rq.getMethod(), rest);
        Optional<RouteTable.Match> match = resolution.match();
        if (match.isEmpty()) {
            List<String> allowed = resolution.methods();
            if (allowed.isEmpty()) {
                return false;
            }
            rs.setHeader("Allow", String.join(", ", allowed));
            responses.error(rs, 405, "method", "error.method");
            return true;
        }
        RouteTable.Match m = match.get();
        Caller caller = callers.current().orElseThrow(() -> new IllegalStateException("no caller: AuthPreprocessor did not run"));
        long school = caller.schoolId().orElseThrow(() -> new IllegalStateException("no school: the programme gate did not run"));
        SdkRequest request = new SdkRequest(rq, m, caller, school, children, schools, messages, m.endpoints().json(),
                m.endpoints().texts());
        rs.setHeader("Cache-Control", "no-store");
        Object answer;
        try {
            answer = m.route().handler().handle(request);
        } catch (Exception e) {
            refuse(rq, rs, m, e);
            return true;
        }
        try {
            write(rq, rs, m, answer);
        } catch (IOException | RuntimeException e) {
            if (rs.isCommitted()) {
                LOG.error("Programme '{}': writing the answer to {} {} failed", programme, rq.getMethod(), rq.getRequestURI(), e);
            } else {
                rs.reset(); // drops the answer's headers (a file's name …) with its body
                AuthPreprocessor.headers(rq, rs, AuthPreprocessor.path(rq));
                rs.setHeader("Cache-Control", "no-store");
                refuse(rq, rs, m, e);
            }
        }
        return true;
    }

    private void write(HttpServletRequest rq, HttpServletResponse rs, RouteTable.Match m, Object answer) throws IOException {
        if (answer == null) {
            rs.setStatus(204);
            return;
        }
        Reply reply = answer instanceof Reply r ? r : Reply.ok(answer);
        reply.headers().forEach(rs::setHeader);
        if (reply.body() == null) {
            rs.setStatus(reply.status());
            return;
        }
        if (reply.body() instanceof Download d) {
            Responses.download(rq, rs, reply.status(), d);
            return;
        }
        rs.setStatus(reply.status());
        rs.setContentType("application/json;charset=UTF-8");
        if (!rq.getMethod().equals("HEAD")) {
            m.endpoints().json().mapper().writeValue(rs.getOutputStream(), reply.body());
        }
    }

    /** The one mapping of exceptions to statuses for every programme. */
    private void refuse(HttpServletRequest rq, HttpServletResponse rs, RouteTable.Match m, Exception e) throws IOException {
        if (rs.isCommitted()) {
            LOG.error("Programme '{}' failed on {} {} after answering", m.route().programme(), rq.getMethod(), rq.getRequestURI(), e);
            return;
        }
        rs.resetBuffer();
        if (e instanceof ValidationException v) {
            responses.errors(rs, 400, "validation", v.errors());
        } else if (e instanceof ApiException a) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", a.code());
            body.put("message_zh", a.messageZh());
            body.put("message_en", a.messageEn());
            if (!a.errors().isEmpty()) {
                List<Map<String, String>> list = new ArrayList<>();
                for (FieldError f : a.errors()) {
                    list.add(Map.of("field", f.field(), "message_zh", f.messageZh(), "message_en", f.messageEn()));
                }
                body.put("errors", list);
            }
            responses.write(rs, a.status(), body);
        } else if (e instanceof NotFoundException) {
            responses.error(rs, 404, "not_found", "error.notFound");
        } else if (e instanceof ForbiddenException f) {
            responses.error(rs, 403, "forbidden", "error.forbidden", f.permission());
        } else if (e instanceof StaleVersionException s) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "stale_version");
            body.put("message_zh", messages.zh("error.stale", s.actual()));
            body.put("message_en", messages.en("error.stale", s.actual()));
            body.put("currentVersion", s.actual());
            responses.write(rs, 409, body);
        } else {
            String requestId = UUID.randomUUID().toString();
            if (e instanceof DataException) {
                LOG.error("Programme '{}': database failure on {} {} (request {})", m.route().programme(), rq.getMethod(),
                        rq.getRequestURI(), requestId, e);
            } else {
                LOG.error("Programme '{}' failed on {} {} (request {})", m.route().programme(), rq.getMethod(), rq.getRequestURI(),
                        requestId, e);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "internal");
            body.put("message_zh", messages.zh("error.internal"));
            body.put("message_en", messages.en("error.internal"));
            body.put("requestId", requestId);
            responses.write(rs, 500, body);
        }
    }
}
