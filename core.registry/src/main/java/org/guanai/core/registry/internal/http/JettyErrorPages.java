package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.guanai.core.registry.internal.security.AuthPreprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The answers Jetty gives itself, before any handler of the platform runs: a request it cannot parse (bad
 * percent-encoding, {@code %00}, a request line or headers over its buffer: 400, 414, 431), a URI it refuses as
 * ambiguous ({@code %2f}, {@code %2e%2e}, {@code //} …: 400), a method it cannot read. Instead of Jetty's HTML page they
 * are the platform's JSON error body ({@code {"error","message_zh","message_en"}}) with the security headers of every
 * other answer ({@link AuthPreprocessor#headers}) and {@code Cache-Control: no-store}. A URI Jetty refuses is
 * {@code bad_uri}, as for {@link PathGuard}; anything else malformed {@code bad_request}.
 * <p>
 * Felix HTTP offers no setting for Jetty's server-wide error handler; {@link PathGuard} installs this one on the Jetty
 * {@link Server} behind the servlet context Felix HTTP gives the Servlet Whiteboard, and puts back the previous one
 * when the whiteboard lets go of it. Jetty's URI compliance stays at its default: what it refuses never reaches the
 * platform.
 */
final class JettyErrorPages extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JettyErrorPages.class);

    private final Server server;
    private final Request.Handler previous;
    private final Responses responses;

    private JettyErrorPages(Server server, Request.Handler previous, Responses responses) {
        this.server = server;
        this.previous = previous;
        this.responses = responses;
    }

    /**
     * Makes this the error handler of the Jetty server behind {@code container} (the servlet context of the
     * whiteboard); {@code null} when that is not Jetty's.
     */
    static JettyErrorPages install(ServletContext container, Responses responses) {
        ServletContextHandler context = ServletContextHandler.getServletContextHandler(container);
        Server server = context == null ? null : context.getServer();
        if (server == null) {
            LOG.warn("The servlet context {} is not Jetty's: Jetty's own error answers stay HTML", container);
            return null;
        }
        JettyErrorPages pages = new JettyErrorPages(server, server.getErrorHandler(), responses);
        server.setErrorHandler(pages);
        LOG.debug("JSON error answers installed on {}", server);
        return pages;
    }

    /** Puts back the error handler the server had, unless someone replaced this one since. */
    void uninstall() {
        if (server.getErrorHandler() == this) {
            server.setErrorHandler(previous);
        }
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true; // a PUT or a DELETE that Jetty refuses gets the JSON body as well
    }

    @Override
    protected void generateCacheControl(Response response) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        LOG.debug("Jetty refused {} {}: {} {}", request.getMethod(), request.getHttpURI(), code, message);
        HttpFields.Mutable headers = response.getHeaders();
        securityHeaders(request).forEach(headers::put);
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        boolean uri = message != null && message.matches("(?i).*\\b(uri|path)\\b.*"); // "Ambiguous URI path separator" …
        String[] codeAndKey = switch (code) {
            case 400 -> uri ? new String[] { "bad_uri", "error.uri.notCanonical" } : new String[] { "bad_request", "error.badRequest" };
            case 404 -> new String[] { "not_found", "error.notFound" };
            case 405 -> new String[] { "method", "error.method" };
            case 414 -> new String[] { "uri_too_long", "error.uri.tooLong" };
            case 431 -> new String[] { "headers_too_large", "error.headers.tooLarge" };
            default -> code >= 500 ? new String[] { "internal", "error.internal" } : new String[] { "error", "error.request" };
        };
        byte[] body = responses.mapper().writeValueAsBytes(responses.errorBody(codeAndKey[0], codeAndKey[1]));
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * The security headers {@link AuthPreprocessor#headers} gives every answer, for a request that never became a
     * servlet request: read off through stand-ins that answer from Jetty's request, so that the platform keeps one
     * list of them.
     */
    static Map<String, String> securityHeaders(Request request) {
        Map<String, String> out = new LinkedHashMap<>();
        HttpServletRequest rq = standIn(HttpServletRequest.class, (method, args) -> switch (method) {
            case "isSecure" -> request.isSecure();
            case "getHeader" -> request.getHeaders().get((String) args[0]);
            case "getRemoteAddr" -> Request.getRemoteAddr(request);
            case "getMethod" -> request.getMethod();
            case "getRequestURI" -> request.getHttpURI().getPath();
            case "getScheme" -> request.getHttpURI().getScheme();
            default -> null;
        });
        HttpServletResponse rs = standIn(HttpServletResponse.class, (method, args) -> {
            if ((method.equals("setHeader") || method.equals("addHeader")) && args[1] != null) {
                out.put((String) args[0], (String) args[1]);
            }
            return null;
        });
        AuthPreprocessor.headers(rq, rs, "/");
        return out;
    }

    /** An implementation of {@code type} whose methods answer through {@code answers} (else null, false or 0). */
    private static <T> T standIn(Class<T> type, BiFunction<String, Object[], Object> answers) {
        return type.cast(Proxy.newProxyInstance(JettyErrorPages.class.getClassLoader(), new Class<?>[] { type }, (proxy, m, args) -> {
            Object value = switch (m.getName()) {
                case "toString" -> type.getSimpleName() + " of a refused request";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> answers.apply(m.getName(), args);
            };
            Class<?> r = m.getReturnType();
            return value != null || !r.isPrimitive() || r == void.class ? value : Array.get(Array.newInstance(r, 1), 0);
        }));
    }
}
