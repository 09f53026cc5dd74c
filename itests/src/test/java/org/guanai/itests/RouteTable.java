package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.dto.ResourceDTO;
import org.osgi.service.servlet.runtime.dto.ServletContextDTO;
import org.osgi.service.servlet.runtime.dto.ServletDTO;

/**
 * The platform's route table as it is right now: every servlet and resource registered with the Servlet Whiteboard (the
 * core's, the web console's and every installed programme's, read from the runtime) with the routes it declares in its
 * {@code guanai.route} service property ({@code "GET /api/children/{child}"}). A registration without its declaration
 * fails the test that asks.
 */
final class RouteTable {

    /**
     * @param permission for a route a programme declared with the SDK, the permission it declared; {@code null} for a
     *                   route of a servlet, whose permission the tests know from the core's rules
     */
    record Route(String method, String template, String permission) {
        Route(String method, String template) {
            this(method, template, null);
        }

        @Override
        public String toString() {
            return method + " " + template;
        }

        /** The placeholders of the template, in order ({@code {school}}, {@code {child}} …). */
        List<String> placeholders() {
            List<String> out = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{[a-z]+\\}").matcher(template);
            while (m.find()) {
                out.add(m.group());
            }
            return out;
        }
    }

    private RouteTable() {
    }

    /**
     * Every declared route, sorted: those of the whiteboard's servlets and resources (their {@code guanai.route}
     * property) and those programmes declared with the SDK (from {@code /api/openapi.json}, with the permission each
     * declared); fails when a registered pattern has no declaration.
     */
    static Set<Route> routes(HttpServiceRuntime runtime, BundleContext context, Api admin) {
        Set<Route> out = servletRoutes(runtime, context);
        try {
            HttpResponse<String> r = admin.get("/api/openapi.json");
            if (r.statusCode() != 200) {
                fail("/api/openapi.json answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode paths = new ObjectMapper().readTree(r.body()).path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> path = it.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    String method = op.getKey().toUpperCase(Locale.ROOT);
                    boolean known = out.stream().anyMatch(k -> k.method().equals(method) && k.template().equals(path.getKey()));
                    if (!known && path.getKey().startsWith("/api/programmes/")) {
                        out.add(new Route(method, path.getKey(), op.getValue().path("x-permission").asText()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static Set<Route> servletRoutes(HttpServiceRuntime runtime, BundleContext context) {
        Set<Route> out = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        List<String> undeclared = new ArrayList<>();
        for (ServletContextDTO ctx : runtime.getRuntimeDTO().servletContextDTOs) {
            List<Object[]> registered = new ArrayList<>();
            for (ServletDTO s : ctx.servletDTOs) {
                registered.add(new Object[] { s.serviceId, s.patterns });
            }
            for (ResourceDTO r : ctx.resourceDTOs) {
                registered.add(new Object[] { r.serviceId, r.patterns });
            }
            for (Object[] reg : registered) {
                long serviceId = (Long) reg[0];
                String[] patterns = (String[]) reg[1];
                List<Route> declared = declared(context, serviceId);
                for (String pattern : patterns) {
                    if (declared.stream().noneMatch(d -> covers(pattern, d.template()))) {
                        undeclared.add(pattern + " (service " + serviceId + ") has no guanai.route");
                    }
                }
                out.addAll(declared);
            }
        }
        if (!undeclared.isEmpty()) {
            fail("Routes without their guanai.route declaration:\n" + String.join("\n", undeclared));
        }
        return out;
    }

    private static List<Route> declared(BundleContext context, long serviceId) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(service.id=" + serviceId + ")");
            if (refs == null) {
                return List.of();
            }
            Object v = refs[0].getProperty("guanai.route");
            List<String> lines = v instanceof String s ? List.of(s) : v instanceof String[] a ? List.of(a) : List.of();
            List<Route> routes = new ArrayList<>();
            for (String line : lines) {
                String[] mp = line.trim().split("\\s+", 2);
                routes.add(new Route(mp[0], mp[1]));
            }
            return routes;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean covers(String pattern, String template) {
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return template.equals(prefix) || template.startsWith(prefix + "/");
        }
        return pattern.equals(template);
    }
}
