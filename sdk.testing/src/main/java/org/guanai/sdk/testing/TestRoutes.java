package org.guanai.sdk.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.sdk.http.Handler;
import org.guanai.sdk.http.ProgrammeApi;
import org.guanai.sdk.http.Route;
import org.guanai.sdk.http.Routes;

/**
 * The routes a {@link ProgrammeApi} declares, recorded as the platform records them, and called without the platform.
 * Declaring refuses what the platform refuses (a path that is not literal and {@code {name}} segments, {@code GET} of
 * the programme's root, two routes of the same method and shape); {@link #call} then does what the platform does
 * before and after a handler: finds the most specific route for the method and path ({@code 404}, or {@code 405} with
 * {@code Allow} when only another method is declared), checks that the caller holds the route's permission
 * ({@code 403}), runs the handler with a {@link TestRequest}, and maps its answer or the exception it throws to the
 * status and error body the platform would answer ({@link TestAnswer}).
 * <pre>{@code
 * TestRoutes routes = TestRoutes.of("calls", new CallsApi(store, calendar));
 * TestAnswer created = routes.call("POST", "children/5/calls", teacher.json("{\"parentRole\":\"MOTHER\", …}"));
 * assertEquals(201, created.status());
 * assertEquals(List.of("minutes"), routes.call("POST", "children/5/calls", teacher.json("{\"minutes\":-1}")).fields());
 * }</pre>
 */
public final class TestRoutes {
    private final String programme;
    private final List<Declared> routes = new ArrayList<>();
    private final TestTexts platform = new TestTexts("org/guanai/sdk/testing/platform_zh.properties",
            "org/guanai/sdk/testing/platform_en.properties");
    private final TestJson json = new TestJson(platform);

    private TestRoutes(String programme) {
        this.programme = programme;
    }

    /**
     * @param programme the programme's id, e.g. {@code calls}: it names the default permissions ({@code calls.read} for
     *                  {@code GET}, {@code calls.write} otherwise) and the links ({@code /api/programmes/calls/…})
     * @param api       the programme's routes
     * @return what {@code api} declares
     * @throws IllegalArgumentException when it declares what the platform refuses
     */
    public static TestRoutes of(String programme, ProgrammeApi api) {
        TestRoutes out = new TestRoutes(programme);
        api.routes(out.new Collector());
        return out;
    }

    /** @return every declared route, in the order declared */
    public List<Declared> routes() {
        return List.copyOf(routes);
    }

    /**
     * @param method {@code GET}, {@code POST}, {@code PUT} or {@code DELETE}
     * @param path   a path below the programme's root as a client sends it ({@code children/5/calls}) or a template
     *               ({@code children/{child}/calls})
     * @return the route that serves it: a literal segment wins over a parameter in the same place
     */
    public Optional<Declared> find(String method, String path) {
        List<String> segments = segments(path);
        return routes.stream().filter(r -> r.method.equals(method) && r.matches(segments)).max(Comparator.comparing(Declared::specificity));
    }

    /**
     * Calls the route that serves {@code method} and {@code path} as the platform would.
     *
     * @param path    below the programme's root, without query string ({@link TestRequest.Builder#query} sets it)
     * @param request who calls, for which school, with what
     * @return the answer, or the refusal with the platform's status and error body
     * @throws Exception what the handler threw that the platform would answer with {@code 500}
     */
    public TestAnswer call(String method, String path, TestRequest.Builder request) throws Exception {
        Optional<Declared> found = find(method, path);
        if (found.isEmpty()) {
            List<String> segments = segments(path);
            String allow = String.join(", ", routes.stream().filter(r -> r.matches(segments)).map(r -> r.method).distinct().sorted().toList());
            return allow.isEmpty() ? TestAnswer.refused(404, "not_found", platform.field("", "error.notFound"), List.of(), Map.of(), json)
                    : TestAnswer.refused(405, "method", platform.field("", "error.method"), List.of(), Map.of("Allow", allow), json);
        }
        Declared route = found.get();
        TestRequest rq = new TestRequest(request, programme, method, route.parameters(segments(path)), route.consumes, json, platform);
        try {
            if (!rq.caller().has(route.permission)) {
                throw new org.guanai.core.api.ForbiddenException(route.permission);
            }
            return TestAnswer.of(route.handler.handle(rq), json);
        } catch (Exception e) {
            return TestAnswer.refusal(e, json, platform);
        }
    }

    private static List<String> segments(String path) {
        String p = path.strip().replaceAll("^/+|/+$", "");
        return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    /** Records the declarations, refusing those the platform refuses. */
    private final class Collector implements Routes {
        private Route add(String method, String path, Handler handler) {
            Declared route = new Declared(method, path, handler);
            if (route.segments.isEmpty() && method.equals("GET")) {
                throw new IllegalArgumentException("GET of the programme's root is its summary, answered by the core");
            }
            for (Declared other : routes) {
                if (other.method.equals(method) && other.shape().equals(route.shape())) {
                    throw new IllegalArgumentException("route declared twice: " + route);
                }
            }
            routes.add(route);
            return route;
        }

        @Override
        public Route get(String path, Handler handler) {
            return add("GET", path, handler);
        }

        @Override
        public Route post(String path, Handler handler) {
            return add("POST", path, handler);
        }

        @Override
        public Route put(String path, Handler handler) {
            return add("PUT", path, handler);
        }

        @Override
        public Route delete(String path, Handler handler) {
            return add("DELETE", path, handler);
        }
    }

    /**
     * One declared route with everything its declaration said, to check in a test (its permission, that it has a
     * summary for the OpenAPI document …).
     */
    public final class Declared implements Route {
        private final String method;
        private final String path;
        private final List<String> segments;
        private final Handler handler;
        private String permission;
        private String summaryZh;
        private String summaryEn;
        private Class<?> body;
        private Class<?> returns;
        private final Map<String, Class<?>> query = new LinkedHashMap<>();
        private List<String> consumes = List.of();
        private String produces;

        private Declared(String method, String path, Handler handler) {
            this.method = method;
            this.segments = segments(path);
            this.path = String.join("/", segments);
            for (String s : segments) {
                if (s.isEmpty() || s.startsWith("{") != s.endsWith("}") || s.equals("{}")) {
                    throw new IllegalArgumentException("bad route path '" + path + "': segments are literal or {name}");
                }
            }
            if (handler == null) {
                throw new IllegalArgumentException("route " + method + " " + path + " has no handler");
            }
            this.handler = handler;
            this.permission = programme + (method.equals("GET") ? ".read" : ".write");
        }

        private String shape() {
            return String.join("/", segments.stream().map(s -> isParameter(s) ? "{}" : s).toList());
        }

        private boolean matches(List<String> request) {
            if (request.size() != segments.size()) {
                return false;
            }
            for (int i = 0; i < segments.size(); i++) {
                boolean parameter = isParameter(segments.get(i));
                if (parameter ? request.get(i).isEmpty() : !segments.get(i).equals(request.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /** @return the literal segments as bits, the first the highest: literals win where the routes differ first */
        private long specificity() {
            long bits = 0;
            for (String s : segments) {
                bits = bits * 2 + (isParameter(s) ? 0 : 1);
            }
            return bits;
        }

        private Map<String, String> parameters(List<String> request) {
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                if (isParameter(segments.get(i))) {
                    out.put(segments.get(i).substring(1, segments.get(i).length() - 1), request.get(i));
                }
            }
            return out;
        }

        @Override
        public Route permission(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a permission name");
            }
            permission = name.contains(".") ? name : programme + "." + name;
            return this;
        }

        @Override
        public Route summary(String zh, String en) {
            summaryZh = zh;
            summaryEn = en;
            return this;
        }

        @Override
        public Route body(Class<?> type) {
            body = type;
            return this;
        }

        @Override
        public Route returns(Class<?> type) {
            returns = type;
            return this;
        }

        @Override
        public Route query(String name, Class<?> type, String zh, String en) {
            query.put(name, type);
            return this;
        }

        @Override
        public Route consumes(String... mediaTypes) {
            consumes = List.copyOf(Arrays.asList(mediaTypes));
            return this;
        }

        @Override
        public Route produces(String mediaType) {
            produces = mediaType;
            return this;
        }

        /** @return {@code GET}, {@code POST}, {@code PUT} or {@code DELETE} */
        public String method() {
            return method;
        }

        /** @return the path template below the programme's root, e.g. {@code children/{child}/calls} */
        public String path() {
            return path;
        }

        /** @return the permission id the platform checks before the handler runs, e.g. {@code calls.write} */
        public String permission() {
            return permission;
        }

        /** @return the 中文 summary, or {@code null} if none was declared */
        public String summaryZh() {
            return summaryZh;
        }

        /** @return the English summary, or {@code null} if none was declared */
        public String summaryEn() {
            return summaryEn;
        }

        /** @return the declared JSON body type, or {@code null} */
        public Class<?> bodyType() {
            return body;
        }

        /** @return the declared answer type, or {@code null} */
        public Class<?> returnType() {
            return returns;
        }

        /** @return the declared query parameters and their types, in order */
        public Map<String, Class<?>> queryParameters() {
            return Collections.unmodifiableMap(query);
        }

        /** @return the media types of a non-JSON body the route accepts, none for JSON */
        public List<String> consumes() {
            return consumes;
        }

        /** @return the media type of a non-JSON answer, or {@code null} */
        public String produces() {
            return produces;
        }

        @Override
        public String toString() {
            return method + " /api/programmes/" + programme + "/" + path;
        }
    }
}
