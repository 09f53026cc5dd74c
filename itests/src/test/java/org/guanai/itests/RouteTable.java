package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.BundleContext;
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

    record Route(String method, String template) {
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

    /** Every declared route, sorted; fails when a registered pattern has no declaration. */
    static Set<Route> routes(HttpServiceRuntime runtime, BundleContext context) {
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
