package org.guanai.core.registry.internal.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.guanai.core.api.Caller;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.http.Responses;
import org.guanai.core.registry.internal.programmes.RouteTable;
import org.guanai.core.registry.internal.security.Accounts.LoginOutcome;
import org.guanai.core.registry.internal.security.Accounts.Principal;
import org.guanai.core.registry.internal.security.RoutePolicy.Decision;
import org.guanai.core.registry.internal.security.RoutePolicy.Kind;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Authentication and authorisation, once, for every request the platform serves, core and programme routes alike and
 * before any servlet context is chosen (a Servlet Whiteboard {@link Preprocessor}).
 * <ol>
 * <li>Security headers on every response; {@code 413} for a declared body over the limit.</li>
 * <li>Open routes ({@code /api/health}, {@code /api/login}, {@code /api/logout}) pass.</li>
 * <li>Otherwise the caller proves who it is with a bearer token ({@code POST /api/tokens}), HTTP Basic, or the web
 * session cookie; a state-changing request on a session must carry its CSRF token in {@code X-CSRF-Token}. No proof:
 * {@code 401}.</li>
 * <li>The school the request acts for ({@code X-Guanai-School} or {@code ?school=}, or the caller's only school) and a
 * school in the path ({@code /api/schools/{id}/…}) must be the caller's: else {@code 404}, as if it did not exist.</li>
 * <li>The route's permission ({@link RoutePolicy}): else {@code 403}.</li>
 * </ol>
 * The {@link Caller} is then current for the rest of the request ({@link org.guanai.core.api.CallerContext}), and the
 * history and audit log record the user name and address. No exception or stack trace leaves: errors are JSON.
 * <p>
 * The client's address is the direct peer's, unless that peer is a trusted reverse proxy ({@link TrustedProxies},
 * {@code guanai.trusted.proxies}): then it comes from {@code X-Forwarded-For}, and {@code X-Forwarded-Proto: https}
 * counts as HTTPS (the session cookie's {@code Secure} flag, HSTS). It is current ({@link CurrentActor#address()})
 * from the start of the request, before authentication, so that logins and failed logins are audited with it and the
 * login throttle counts by it; the actor is {@code anonymous} until the caller is known.
 */
@Component(service = { Preprocessor.class, AuthPreprocessor.class }, property = "service.ranking:Integer=1000")
public final class AuthPreprocessor implements Preprocessor {
    public static final String SESSION_COOKIE = "guanai_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String SCHOOL_HEADER = "X-Guanai-School";
    static final String SCHOOL_PARAM = "school";
    /** Request attribute holding the {@link Principal} of an authenticated request, for the account routes. */
    public static final String PRINCIPAL = AuthPreprocessor.class.getName() + ".principal";
    /** Request attribute: the client's address (a String), as resolved from the peer and trusted proxies. */
    static final String CLIENT_ADDRESS = AuthPreprocessor.class.getName() + ".client";
    /** Request attribute: whether the client reached us over HTTPS (a Boolean), directly or through a trusted proxy. */
    static final String SECURE = AuthPreprocessor.class.getName() + ".secure";
    /** The actor of a request whose caller is not (yet) known. */
    static final String ANONYMOUS = "anonymous";
    /** Largest body of any request but a module upload (JSON, forms). */
    static final long MAX_BODY = 8L << 20;
    /** Request attribute set once a request passed the checks and went on to its servlet. */
    /** Largest file upload: a module, a roster import (issue 16; {@code RosterImports.MAX_FILE}). */
    static final long MAX_UPLOAD = 64L << 20;
    /** The paths whose body is a file of up to {@link #MAX_UPLOAD}. */
    private static final Pattern UPLOADS = Pattern
            .compile("/api/admin/bundles(/.*)?|/api/schools/[^/]+/roster/imports");
    private static final Logger LOG = LoggerFactory.getLogger(AuthPreprocessor.class);

    private final Accounts accounts;
    private final RolePermissions roles;
    private final RequestCallerContext callers;
    private final CurrentActor actor;
    private final TrustedProxies proxies;
    private final RoutePolicy policy;
    private final Messages messages = new Messages();
    private final Responses responses = new Responses(messages);

    /** @param context for the framework property {@value TrustedProxies#PROPERTY} (else the environment variable) */
    @Activate
    public AuthPreprocessor(@Reference Accounts accounts, @Reference RolePermissions roles,
            @Reference RequestCallerContext callers, @Reference CurrentActor actor, @Reference RouteTable routes,
            BundleContext context) {
        this(accounts, roles, callers, actor, TrustedProxies.configured(context.getProperty(TrustedProxies.PROPERTY)),
                new RoutePolicy(routes));
    }

    AuthPreprocessor(Accounts accounts, RolePermissions roles, RequestCallerContext callers, CurrentActor actor,
            TrustedProxies proxies, RoutePolicy policy) {
        this.policy = policy;
        this.accounts = accounts;
        this.roles = roles;
        this.callers = callers;
        this.actor = actor;
        this.proxies = proxies;
    }

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void destroy() {
        // nothing held
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest rq = (HttpServletRequest) request;
        HttpServletResponse rs = (HttpServletResponse) response;
        String client = proxies.client(rq.getRemoteAddr(), rq.getHeaders("X-Forwarded-For"));
        rq.setAttribute(CLIENT_ADDRESS, client);
        rq.setAttribute(SECURE, rq.isSecure() || proxies.https(rq.getRemoteAddr(), rq.getHeaders("X-Forwarded-Proto")));
        String previousActor = actor.enter(ANONYMOUS);
        String previousAddress = actor.address(client);
        try {
            filter(rq, rs, chain);
        } finally {
            discardBody(rq, bodyLimit(path(rq)));
            actor.address(previousAddress);
            actor.restore(previousActor);
        }
    }

    private void filter(HttpServletRequest rq, HttpServletResponse rs, FilterChain chain) throws IOException, ServletException {
        String path = path(rq);
        headers(rq, rs, path);
        long limit = bodyLimit(path);
        if (rq.getContentLengthLong() > limit) {
            responses.errors(rs, 413, "payload_too_large", List.of(messages.error("body", "error.tooLarge", limit >> 20)));
            return;
        }
        HttpServletResponse out = new JsonErrors(rs);
        try {
            Decision decision = policy.decide(rq.getMethod(), path);
            if (decision.requirement().kind() == Kind.OPEN) {
                run(rq, out, chain, null);
                return;
            }
            Principal principal = authenticate(rq, rs);
            if (principal == null) {
                return; // answered
            }
            if (principal.via() == Accounts.Via.SESSION && !RoutePolicy.safe(rq.getMethod())
                    && !constantTimeEquals(principal.csrfToken(), rq.getHeader(CSRF_HEADER))) {
                responses.error(rs, 403, "csrf", "error.csrf");
                return;
            }
            Optional<Long> school;
            try {
                school = school(rq);
            } catch (NumberFormatException e) {
                responses.errors(rs, 400, "validation", List.of(messages.error(SCHOOL_PARAM, "error.param.badValue")));
                return;
            }
            Caller caller = caller(principal, school);
            if (school.isPresent() && !caller.mayActFor(school.get())
                    || decision.pathSchool().isPresent() && !caller.mayActFor(decision.pathSchool().get())) {
                responses.error(rs, 404, "not_found", "error.notFound");
                return;
            }
            if (decision.programme().isPresent() && !roles.knows(decision.programme().get())) {
                responses.error(rs, 404, "programme_unknown", "error.programme.unknown", decision.programme().get());
                return;
            }
            switch (decision.requirement().kind()) {
                case NO_ROUTE -> {
                    responses.error(rs, 404, "not_found", "error.notFound");
                    return;
                }
                case PERMISSION -> {
                    if (decision.requirement().anyOf().stream().noneMatch(caller::has)) {
                        responses.error(rs, 403, "forbidden", "error.forbidden",
                                String.join(" / ", decision.requirement().anyOf().stream().sorted().toList()));
                        return;
                    }
                }
                default -> {
                    // signed in is enough
                }
            }
            rq.setAttribute(PRINCIPAL, principal);
            run(rq, out, chain, caller);
        } catch (RuntimeException e) {
            LOG.error("Request {} {} failed", rq.getMethod(), path, e);
            if (!rs.isCommitted()) {
                rs.reset();
                headers(rq, rs, path);
                responses.error(rs, 500, "internal", "error.internal");
            }
        }
    }

    private void run(HttpServletRequest rq, HttpServletResponse rs, FilterChain chain, Caller caller)
            throws IOException, ServletException {
        Caller previous = caller == null ? null : callers.enter(caller);
        String previousActor = actor.enter(caller == null ? ANONYMOUS : caller.user());
        try {
            chain.doFilter(rq, rs);
        } finally {
            actor.restore(previousActor);
            if (caller != null) {
                callers.restore(previous);
            }
        }
    }

    /** The largest body a request to this path may send. */
    private static long bodyLimit(String path) {
        return UPLOADS.matcher(path).matches() ? MAX_UPLOAD : MAX_BODY;
    }

    /**
     * Reads and drops what is left of a request's body once it is answered, up to the body limit of its path: a request
     * refused before its servlet read it (401, 403 …), one a route refused after reading part of it (a JSON body over
     * the 1 MiB a route reads answers 413), or one a route answered without reading it all (a 404 for a record that is
     * not there). The container would otherwise close the connection while the client is still sending; the client's
     * system then resets the connection and many clients report it broken instead of the answer waiting for them. A
     * body declared over the limit is refused before anything is read and not drained.
     */
    private static void discardBody(HttpServletRequest rq, long limit) {
        long length = rq.getContentLengthLong();
        if (length == 0 || length > limit || length < 0 && rq.getHeader("Transfer-Encoding") == null) {
            return; // no body (HTTP/1.1: neither a length nor chunked), or one refused before it was read
        }
        try {
            InputStream in = rq.getInputStream();
            byte[] buffer = new byte[16384];
            long left = limit; // chunked: whatever comes, up to the limit
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0;) {
                left -= n;
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away, or the servlet read the body through getReader: nothing to drop
        }
    }

    /** Bearer token, HTTP Basic, or the session cookie; {@code null} after answering 401 or 429. */
    private Principal authenticate(HttpServletRequest rq, HttpServletResponse rs) throws IOException {
        String auth = rq.getHeader("Authorization");
        if (auth != null && !auth.isBlank()) {
            if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                Optional<Principal> p = accounts.token(auth.substring(7).trim());
                if (p.isPresent()) {
                    return p.get();
                }
                return unauthorised(rq, rs, "error.token");
            }
            if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return unauthorised(rq, rs, "error.credentials");
                }
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    return unauthorised(rq, rs, "error.credentials");
                }
                LoginOutcome out = accounts.basic(decoded.substring(0, colon), decoded.substring(colon + 1), clientAddress(rq));
                return switch (out.status()) {
                    case OK -> out.principal();
                    case BAD_CREDENTIALS -> unauthorised(rq, rs, "error.credentials");
                    case THROTTLED -> {
                        tooMany(rs, out);
                        yield null;
                    }
                };
            }
            return unauthorised(rq, rs, "error.credentials");
        }
        String token = cookie(rq, SESSION_COOKIE);
        if (token != null) {
            Optional<Principal> p = accounts.session(token);
            if (p.isPresent()) {
                return p.get();
            }
            return unauthorised(rq, rs, "error.session");
        }
        return unauthorised(rq, rs, "error.unauthenticated");
    }

    private Principal unauthorised(HttpServletRequest rq, HttpServletResponse rs, String key) throws IOException {
        // Bearer, not Basic: a browser must not pop up its own login box (and then send the password on its own)
        rs.setHeader("WWW-Authenticate", "Bearer realm=\"guanai\"");
        if (calendarFeed(rq)) {
            // a calendar application subscribing to an iCalendar feed (.ics) sends its user's password only when asked
            rs.addHeader("WWW-Authenticate", "Basic realm=\"guanai\", charset=\"UTF-8\"");
        }
        responses.error(rs, 401, "unauthenticated", key);
        return null;
    }

    /** An iCalendar feed read by a calendar application: {@code GET} or {@code HEAD} of a path ending in {@code .ics}. */
    static boolean calendarFeed(HttpServletRequest rq) {
        return RoutePolicy.safe(rq.getMethod()) && !rq.getMethod().equals("OPTIONS") && path(rq).endsWith(".ics");
    }

    /** {@code 429} with {@code Retry-After}: the address must wait before it tries a password again. */
    public void tooMany(HttpServletResponse rs, LoginOutcome out) throws IOException {
        long wait = out.retryAfterSeconds();
        rs.setHeader("Retry-After", String.valueOf(wait));
        if (wait < 120) {
            responses.error(rs, 429, "throttled", "error.login.waitSeconds", wait);
        } else {
            responses.error(rs, 429, "throttled", "error.login.waitMinutes", (wait + 59) / 60);
        }
    }

    /** The client's address of a request this preprocessor saw (see {@link TrustedProxies}), else the peer's. */
    public static String clientAddress(HttpServletRequest rq) {
        return rq.getAttribute(CLIENT_ADDRESS) instanceof String a ? a : rq.getRemoteAddr();
    }

    /** Whether the client reached us over HTTPS, directly or through a trusted proxy's {@code X-Forwarded-Proto}. */
    public static boolean secure(HttpServletRequest rq) {
        return rq.getAttribute(SECURE) instanceof Boolean b ? b : rq.isSecure();
    }

    public Caller caller(Principal p, Optional<Long> school) {
        Account a = p.account();
        Optional<Long> acting = school;
        if (acting.isEmpty() && !a.allSchools() && a.schoolIds().size() == 1) {
            acting = Optional.of(a.schoolIds().iterator().next());
        }
        return new Caller(a.username(), a.roles().stream().map(Enum::name).collect(Collectors.toSet()), a.allSchools(),
                a.schoolIds(), a.allClasses(), p.classIds(), acting, roles.permissions(a.roles()));
    }

    /** The decoded path of the request within the platform. */
    public static String path(HttpServletRequest rq) {
        String sp = rq.getServletPath();
        String pi = rq.getPathInfo();
        String p = (sp == null ? "" : sp) + (pi == null ? "" : pi);
        return p.isEmpty() ? "/" : p;
    }

    public static void headers(HttpServletRequest rq, HttpServletResponse rs, String path) {
        rs.setHeader("X-Content-Type-Options", "nosniff");
        rs.setHeader("X-Frame-Options", "DENY");
        rs.setHeader("Referrer-Policy", "no-referrer");
        rs.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        rs.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        rs.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        rs.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline';"
                + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
        if (secure(rq)) {
            rs.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
        if (path.startsWith("/api/")) {
            rs.setHeader("Cache-Control", "no-store");
        }
    }

    /** The school named by the header or the {@code school} query parameter (never a form body). */
    static Optional<Long> school(HttpServletRequest rq) {
        String v = rq.getHeader(SCHOOL_HEADER);
        if (v == null || v.isBlank()) {
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
                return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    public static String cookie(HttpServletRequest rq, String name) {
        Cookie[] cookies = rq.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    static boolean constantTimeEquals(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** Turns the container's own error pages (404 for an unknown path or file, 405 …) into JSON, on every path. */
    private final class JsonErrors extends HttpServletResponseWrapper {
        JsonErrors(HttpServletResponse rs) {
            super(rs);
        }

        @Override
        public void sendError(int sc) throws IOException {
            sendError(sc, null);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            if (isCommitted()) {
                super.sendError(sc, msg);
                return;
            }
            resetBuffer();
            setHeader("Cache-Control", "no-store");
            String code = sc == 404 ? "not_found" : sc == 405 ? "method" : sc == 413 ? "payload_too_large" : sc >= 500 ? "internal" : "error";
            String key = sc == 404 ? "error.notFound" : sc == 405 ? "error.method" : sc == 413 ? "error.tooLarge"
                    : sc >= 500 ? "error.internal" : "error.request";
            responses.error((HttpServletResponse) getResponse(), sc, code, key, 64);
        }
    }
}
