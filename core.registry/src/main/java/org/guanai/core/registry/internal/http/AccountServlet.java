package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.registry.internal.registry.Validator;
import org.guanai.core.registry.internal.security.Account;
import org.guanai.core.registry.internal.security.Accounts;
import org.guanai.core.registry.internal.security.Accounts.LoginOutcome;
import org.guanai.core.registry.internal.security.Accounts.Principal;
import org.guanai.core.registry.internal.security.AuthPreprocessor;
import org.guanai.core.registry.internal.security.LoginThrottle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Signing in and out, the signed-in user, their password and API tokens: {@code POST /api/login},
 * {@code POST /api/logout}, {@code GET /api/me}, {@code POST /api/me/password}, {@code GET|POST /api/tokens},
 * {@code DELETE /api/tokens/{id}}. Logins and password changes are counted and slowed down per (client address, user
 * name) by {@link LoginThrottle}: {@code 429} with {@code Retry-After} while the address waits. A token created with a
 * bearer token cannot outlive it and is revoked with it; changing one's password ends every other session and token.
 */
@Component(service = Servlet.class, property = { "guanai.route=POST /api/login", "guanai.route=POST /api/logout",
        "guanai.route=GET /api/me", "guanai.route=POST /api/me/password", "guanai.route=GET /api/tokens",
        "guanai.route=POST /api/tokens", "guanai.route=DELETE /api/tokens/{token}" })
@HttpWhiteboardServletName("guanai-accounts")
@HttpWhiteboardServletPattern({ "/api/login", "/api/logout", "/api/me", "/api/me/*", "/api/tokens", "/api/tokens/*" })
public final class AccountServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient Accounts accounts;
    private final transient AuthPreprocessor auth;
    private final transient CallerContext callers;

    @Activate
    public AccountServlet(@Reference Accounts accounts, @Reference AuthPreprocessor auth, @Reference CallerContext callers) {
        this.accounts = accounts;
        this.auth = auth;
        this.callers = callers;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        String route = rq.getServletPath() + (path.isEmpty() ? "" : "/" + String.join("/", path));
        String method = rq.getMethod();
        switch (route) {
            case "/api/login" -> {
                requireMethod(rs, method, "POST");
                login(rq, rs);
            }
            case "/api/logout" -> {
                requireMethod(rs, method, "POST");
                accounts.closeSession(AuthPreprocessor.cookie(rq, AuthPreprocessor.SESSION_COOKIE));
                rs.addHeader("Set-Cookie", cookie(rq, "", 0));
                rs.setStatus(204);
            }
            case "/api/me" -> {
                requireMethod(rs, method, "GET");
                write(rs, 200, me(principal(rq), caller()));
            }
            case "/api/me/password" -> {
                requireMethod(rs, method, "POST");
                ObjectNode body = body(rq);
                try {
                    accounts.changePassword(principal(rq), text(body, "currentPassword"), text(body, "newPassword"),
                            AuthPreprocessor.clientAddress(rq));
                } catch (Accounts.Throttled e) {
                    auth.tooMany(rs, e.outcome());
                    return;
                }
                rs.setStatus(204);
            }
            case "/api/tokens" -> {
                Principal p = principal(rq);
                switch (method) {
                    case "GET" -> write(rs, 200, Map.of("items", accounts.tokens(p.account().id())));
                    case "POST" -> {
                        ObjectNode body = rq.getContentLengthLong() == 0 ? responses.mapper().createObjectNode() : body(rq);
                        JsonNode days = body.get("expiresInDays");
                        if (days != null && !days.isNull() && !days.canConvertToInt()) {
                            throw new HttpError(400, "validation", List.of(messages.error("expiresInDays", "error.json.badValue")));
                        }
                        Accounts.NewToken t = accounts.createToken(p, text(body, "name"),
                                days == null || days.isNull() ? null : days.asInt());
                        created(rq, rs, "/api/tokens/" + t.id(), t);
                    }
                    default -> throw methodNotAllowed(rs, "GET, POST");
                }
            }
            default -> {
                if (path.size() == 1 && rq.getServletPath().equals("/api/tokens")) {
                    requireMethod(rs, method, "DELETE");
                    accounts.revokeToken(principal(rq).account().id(), idSegment(path.get(0)));
                    rs.setStatus(204);
                    return;
                }
                throw notFound();
            }
        }
    }

    private void login(HttpServletRequest rq, HttpServletResponse rs) throws IOException {
        String type = rq.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            // a JSON body cannot be sent cross-site without the browser asking first: no login CSRF
            throw new HttpError(415, "unsupported_media_type", List.of(messages.error("Content-Type", "error.json.required")));
        }
        ObjectNode body = body(rq);
        String username = text(body, "username");
        String password = text(body, "password");
        List<org.guanai.core.api.dto.FieldError> missing = new java.util.ArrayList<>();
        if (username == null || username.isBlank()) {
            missing.add(messages.error("username", "error.required"));
        }
        if (password == null || password.isEmpty()) {
            missing.add(messages.error("password", "error.required"));
        }
        Validator.throwIfAny(missing);
        String address = AuthPreprocessor.clientAddress(rq);
        LoginOutcome out = accounts.login(username, password, address);
        switch (out.status()) {
            case OK -> {
                Accounts.SessionTicket ticket = accounts.openSession(out.principal(), address);
                rs.addHeader("Set-Cookie", cookie(rq, ticket.token(), -1));
                Principal p = out.principal().via(Accounts.Via.SESSION, ticket.csrfToken(), null);
                write(rs, 200, me(p, auth.caller(p, Optional.empty())));
            }
            case BAD_CREDENTIALS -> {
                rs.setHeader("WWW-Authenticate", "Bearer realm=\"guanai\"");
                throw new HttpError(401, "bad_credentials", List.of(messages.error("password", "error.credentials")));
            }
            default -> auth.tooMany(rs, out);
        }
    }

    /**
     * The session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS (directly or behind a trusted proxy that says
     * {@code X-Forwarded-Proto: https}); {@code maxAge} 0 deletes it.
     */
    private static String cookie(HttpServletRequest rq, String value, int maxAge) {
        StringBuilder sb = new StringBuilder(AuthPreprocessor.SESSION_COOKIE).append('=').append(value)
                .append("; Path=/; HttpOnly; SameSite=Strict");
        if (maxAge >= 0) {
            sb.append("; Max-Age=").append(maxAge);
        }
        if (AuthPreprocessor.secure(rq)) {
            sb.append("; Secure");
        }
        return sb.toString();
    }

    private Map<String, Object> me(Principal p, Caller c) {
        Account a = p.account();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.id());
        out.put("username", a.username());
        out.put("displayName", a.displayName());
        out.put("roles", c.roles().stream().sorted().toList());
        out.put("allSchools", c.allSchools());
        out.put("schoolIds", c.schoolIds().stream().sorted().toList());
        out.put("allClasses", c.allClasses());
        out.put("classIds", c.classIds().stream().sorted().toList());
        out.put("schoolId", c.schoolId().orElse(null));
        out.put("permissions", c.permissions().stream().sorted().toList());
        if (p.csrfToken() != null) {
            out.put("csrfToken", p.csrfToken());
        }
        return out;
    }

    /** The principal the preprocessor authenticated (session, token or Basic), without authenticating again. */
    static Principal principal(HttpServletRequest rq) {
        if (rq.getAttribute(AuthPreprocessor.PRINCIPAL) instanceof Principal p) {
            return p;
        }
        throw new HttpError(401, "unauthenticated", List.of());
    }

    private Caller caller() {
        return callers.current().orElseThrow(() -> new HttpError(401, "unauthenticated", List.of()));
    }

    private void requireMethod(HttpServletResponse rs, String method, String allowed) {
        if (!method.equals(allowed)) {
            throw methodNotAllowed(rs, allowed);
        }
    }

    private static String text(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
