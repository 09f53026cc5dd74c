package org.guanai.core.registry.internal.http;

import static org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.guanai.core.registry.internal.programmes.RouteTable;
import org.guanai.core.registry.internal.security.RoutePolicy;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3 document of what the platform serves now, built at each request from the
 * routes of the core and of every programme running (installing or removing a programme changes it at once).
 */
@Component(service = Servlet.class, property = "guanai.route=GET /api/openapi.json")
@HttpWhiteboardServletName("guanai-openapi")
@HttpWhiteboardServletPattern("/api/openapi.json")
public final class OpenApiServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient RouteTable routes;
    private final transient String version;
    private final transient RoutePolicy policy;
    private final transient Map<Long, List<String>> coreRoutes = new ConcurrentHashMap<>();

    @Activate
    public OpenApiServlet(@Reference RouteTable routes, BundleContext context) {
        this.routes = routes;
        this.policy = new RoutePolicy(routes);
        this.version = context.getBundle().getVersion().toString();
    }

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC, target = "(guanai.route=*)", service = Servlet.class)
    void addRoutes(Map<String, Object> props) {
        coreRoutes.put((Long) props.get("service.id"), routesOf(props.get("guanai.route")));
    }

    void removeRoutes(Map<String, Object> props) {
        coreRoutes.remove((Long) props.get("service.id"));
    }

    private static List<String> routesOf(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (value instanceof java.util.Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        if (!rq.getMethod().equals("GET") && !rq.getMethod().equals("HEAD")) {
            throw methodNotAllowed(rs, "GET");
        }
        List<OpenApiDocument.CoreRoute> core = new ArrayList<>();
        for (List<String> list : coreRoutes.values()) {
            for (String r : list) {
                int space = r.indexOf(' ');
                if (space > 0) {
                    core.add(new OpenApiDocument.CoreRoute(r.substring(0, space).strip(), r.substring(space + 1).strip()));
                }
            }
        }
        write(rs, 200, new OpenApiDocument().build(version, core, routes.routes(), policy));
    }
}
