package org.guanai.sdk.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.http.ProgrammeJson;
import org.guanai.core.registry.internal.programmes.DeclaredRoute;
import org.guanai.core.registry.internal.programmes.RouteCollector;
import org.guanai.sdk.http.ProgrammeApi;
import org.guanai.sdk.http.Route;

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
    /** The platform's own texts and JSON binding. */
    private final Messages platform = new Messages();
    private final ProgrammeJson json = new ProgrammeJson(platform);

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
        List<DeclaredRoute> declared = new ArrayList<>();
        api.routes(new RouteCollector(programme, declared));
        declared.forEach(r -> out.routes.add(out.new Declared(r)));
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
        List<String> segments = DeclaredRoute.segments(path);
        return routes.stream().filter(r -> r.route.match(method, segments).isPresent())
                .max(Comparator.comparingInt(r -> r.route.specificity()));
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
            List<String> segments = DeclaredRoute.segments(path);
            String allow = String.join(", ",
                    routes.stream().filter(r -> r.route.matchPath(segments).isPresent()).map(Declared::method).distinct().sorted().toList());
            return allow.isEmpty() ? TestAnswer.refused(404, "not_found", platform.error("", "error.notFound"), List.of(), Map.of(), json)
                    : TestAnswer.refused(405, "method", platform.error("", "error.method"), List.of(), Map.of("Allow", allow), json);
        }
        Declared route = found.get();
        TestRequest rq = new TestRequest(request, programme, method, route.route.matchPath(DeclaredRoute.segments(path)).orElseThrow(),
                route.consumes(), platform, json);
        try {
            if (!rq.caller().has(route.permission())) {
                throw new org.guanai.core.api.ForbiddenException(route.permission());
            }
            return TestAnswer.of(route.route.handler().handle(rq), json);
        } catch (Exception e) {
            return TestAnswer.refusal(e, json, platform);
        }
    }

    /**
     * One declared route with everything its declaration said, to check in a test (its permission, that it has a
     * summary for the OpenAPI document …): the platform's own record of it, read through.
     */
    public final class Declared implements Route {
        private final DeclaredRoute route;

        private Declared(DeclaredRoute route) {
            this.route = route;
        }

        @Override
        public Route permission(String name) {
            route.permission(name);
            return this;
        }

        @Override
        public Route summary(String zh, String en) {
            route.summary(zh, en);
            return this;
        }

        @Override
        public Route body(Class<?> type) {
            route.body(type);
            return this;
        }

        @Override
        public Route returns(Class<?> type) {
            route.returns(type);
            return this;
        }

        @Override
        public Route query(String name, Class<?> type, String zh, String en) {
            route.query(name, type, zh, en);
            return this;
        }

        @Override
        public Route consumes(String... mediaTypes) {
            route.consumes(mediaTypes);
            return this;
        }

        @Override
        public Route produces(String mediaType) {
            route.produces(mediaType);
            return this;
        }

        /** @return {@code GET}, {@code POST}, {@code PUT} or {@code DELETE} */
        public String method() {
            return route.method();
        }

        /** @return the path template below the programme's root, e.g. {@code children/{child}/calls} */
        public String path() {
            return route.path();
        }

        /** @return the permission id the platform checks before the handler runs, e.g. {@code calls.write} */
        public String permission() {
            return route.permission();
        }

        /** @return the 中文 summary, or {@code null} if none was declared */
        public String summaryZh() {
            return route.summaryZh();
        }

        /** @return the English summary, or {@code null} if none was declared */
        public String summaryEn() {
            return route.summaryEn();
        }

        /** @return the declared JSON body type, or {@code null} */
        public Class<?> bodyType() {
            return route.bodyType();
        }

        /** @return the declared answer type, or {@code null} */
        public Class<?> returnType() {
            return route.returnType();
        }

        /** @return the declared query parameters and their types, in order */
        public Map<String, Class<?>> queryParameters() {
            Map<String, Class<?>> out = new LinkedHashMap<>();
            route.queryParams().forEach(q -> out.put(q.name(), q.type()));
            return Collections.unmodifiableMap(out);
        }

        /** @return the media types of a non-JSON body the route accepts, none for JSON */
        public List<String> consumes() {
            return route.consumes();
        }

        /** @return the media type of a non-JSON answer, or {@code null} */
        public String produces() {
            return route.produces();
        }

        @Override
        public String toString() {
            return route.toString();
        }
    }
}
