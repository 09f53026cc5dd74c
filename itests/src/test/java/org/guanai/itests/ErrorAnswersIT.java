package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Every error answer is the platform's JSON error body with its security headers, whoever gives it: Jetty for a
 * request it refuses before any handler runs (ambiguous or malformed URIs, a request line or headers too long, a bad
 * method), the platform for a path that is not in canonical form, and the containers behind it (a console file or a
 * programme file that does not exist). Sent over a raw socket: HTTP clients normalise these targets. None of the
 * refused requests reaches a servlet: a filter in front of every servlet records what arrives.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class ErrorAnswersIT {
    /** Targets the platform must refuse before any routing or authorisation decision. */
    static final List<String> REFUSED = List.of(
            "/api/children%2f55", // encoded separator: /api/children/55 after decoding
            "/api/children%2F55",
            "/api/children/%2e%2e/schools", // encoded dot segment: /api/schools after decoding
            "/api/children/%2e",
            "/api/children/%2E%2E/admin/bundles",
            "/api/children%5c55", // encoded backslash
            "/api/children;x=1/55", // path parameters: /api/children/55 once removed
            "/api/children/55;jsessionid=1",
            "/api/children/..;/admin/bundles",
            "/api/children/55/;/history",
            "/api//children", // empty segment
            "/api/children/x/../55", // dot segments sent as they are
            "/api/./children/55",
            "/api/children%00", // encoded NUL
            "/api/children%zz", // bad percent-encoding
            "/api/children%2", // truncated percent-encoding
            "/api/children/%252f", // double encoding
            "/api/children/%E4%B8", // truncated UTF-8
            "/api/children/%C0%AF", // overlong UTF-8 for '/'
            "/api/children/%41", // encoded ASCII letter: not canonical
            "/ui/programmes/pairing%2fmain.js",
            "/console/..%2fapi/children",
            "/api/" + "a".repeat(20_000)); // request line too long


    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;

    private final ObjectMapper json = new ObjectMapper();

    /** Records the path of every request that reaches a servlet of the default context. */
    static final class Recorder implements Filter {
        final Set<String> seen = ConcurrentHashMap.newKeySet();

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            seen.add(((HttpServletRequest) request).getRequestURI());
            chain.doFilter(request, response);
        }
    }

    @Test
    void refusedTargetsAnswerJsonWithTheSecurityHeadersAndNeverReachAServlet() throws Exception {
        Api api = Api.ready(runtime);
        Recorder recorder = new Recorder();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN, "/*");
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_NAME, "itest-recorder");
        props.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        ServiceRegistration<Filter> registration = context.registerService(Filter.class, recorder, props);
        try {
            // the recorder is in place: a canonical request reaches the servlets and is answered
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!recorder.seen.contains("/api/health")) {
                assertTrue(System.nanoTime() < deadline, "the recording filter never saw /api/health");
                assertEquals(200, RawTarget.get(api.base, "/api/health").status());
                Thread.sleep(50);
            }
            assertEquals(200, RawTarget.get(api.base, "/api/schools", RawTarget.ADMIN).status());
            assertTrue(recorder.seen.contains("/api/schools"), recorder.seen.toString());

            List<String> failures = new ArrayList<>();
            for (String target : REFUSED) {
                RawTarget.Answer a = RawTarget.get(api.base, target, RawTarget.ADMIN, "Accept: text/html");
                String problem = problem(a);
                if (problem != null) {
                    failures.add(shorten(target) + " → " + problem + ": " + a);
                }
            }
            assertEquals(List.of(), failures);
            // Jetty's refusal and the platform's say the same
            assertEquals("bad_uri", json.readTree(RawTarget.get(api.base, "/api/children%2f55", RawTarget.ADMIN).body()).get("error").asText());
            assertEquals("bad_uri", json.readTree(RawTarget.get(api.base, "/api/children;x=1/55", RawTarget.ADMIN).body()).get("error").asText());
            for (String target : REFUSED) {
                assertFalse(recorder.seen.contains(target), "reached a servlet: " + shorten(target));
            }
            assertEquals(Set.of("/api/health", "/api/schools"), Set.copyOf(recorder.seen), "only the canonical requests arrived");
        } finally {
            registration.unregister();
        }
    }

    @Test
    void whatJettyRefusesBeforeAnyHandlerIsJsonToo() throws Exception {
        Api api = Api.ready(runtime);
        // headers larger than Jetty's buffer: 431
        RawTarget.Answer big = RawTarget.get(api.base, "/api/health", "X-Big: " + "b".repeat(40_000));
        assertEquals(431, big.status(), big.toString());
        assertNull(problem(big), big.toString());
        // a method name with a character no token may hold: 400 from the parser
        RawTarget.Answer method = RawTarget.send(api.base, "GE\"T", "/api/health");
        assertEquals(400, method.status(), method.toString());
        assertNull(problem(method), method.toString());
        // the same for a method the platform does not know, on a path it does
        RawTarget.Answer unknown = RawTarget.send(api.base, "BREW", "/api/children", RawTarget.ADMIN);
        assertTrue(unknown.status() >= 400 && unknown.status() < 500, unknown.toString());
        assertNull(problem(unknown), unknown.toString());
    }

    @Test
    void missingFilesOutsideTheApiAnswerJson() throws Exception {
        Api api = Api.ready(runtime);
        for (String target : List.of("/console/no-such-file.js", "/ui/programmes/pairing/no-such-file.js")) {
            RawTarget.Answer a = RawTarget.get(api.base, target, RawTarget.ADMIN, "Accept: text/html");
            assertEquals(404, a.status(), target + ": " + a);
            assertNull(problem(a), target + ": " + a);
        }
    }

    private static void assertNull(String problem, String message) {
        assertEquals(null, problem, message);
    }

    /** What is wrong with an error answer, or {@code null} if it is a 4xx JSON error body with the security headers. */
    private String problem(RawTarget.Answer a) {
        if (a.status() < 400 || a.status() >= 500) {
            return "status " + a.status();
        }
        String type = a.header("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return "Content-Type " + type;
        }
        for (String[] h : new String[][] { { "X-Content-Type-Options", "nosniff" }, { "X-Frame-Options", "DENY" },
                { "Referrer-Policy", "no-referrer" }, { "Cache-Control", "no-store" } }) {
            if (!h[1].equals(a.header(h[0]))) {
                return h[0] + " " + a.header(h[0]);
            }
        }
        String csp = a.header("Content-Security-Policy");
        if (csp == null || !csp.contains("frame-ancestors 'none'")) {
            return "Content-Security-Policy " + csp;
        }
        try {
            JsonNode body = json.readTree(a.body());
            for (String field : List.of("error", "message_zh", "message_en")) {
                assertNotNull(body.get(field), field);
                if (body.get(field).asText().isBlank()) {
                    return "empty " + field;
                }
            }
            if (body.get("message_en").asText().matches(".*[\\u4e00-\\u9fff].*")
                    || !body.get("message_zh").asText().matches(".*[\\u4e00-\\u9fff].*")) {
                return "messages not in 中文 and English: " + body;
            }
        } catch (IOException | AssertionError e) {
            return "body is not the JSON error body: " + e.getMessage();
        }
        return null;
    }

    private static String shorten(String target) {
        return target.length() > 60 ? target.substring(0, 60) + "…(" + target.length() + " characters)" : target;
    }
}
