package org.guanai.core.registry.internal.programmes;

import java.util.List;

import org.guanai.sdk.http.Handler;
import org.guanai.sdk.http.Route;
import org.guanai.sdk.http.Routes;

/**
 * Collects the routes one {@link org.guanai.sdk.http.ProgrammeApi} declares, refusing what the platform refuses:
 * {@code GET} of the programme's root (its summary, answered by the core), two routes of the same method and shape, and
 * (in {@link DeclaredRoute}) a path that is not literal and {@code {name}} segments. The platform's {@link RouteTable}
 * and the test kit's {@code TestRoutes} both declare through it.
 */
public final class RouteCollector implements Routes {
    private final String programme;
    private final List<DeclaredRoute> routes;

    public RouteCollector(String programme, List<DeclaredRoute> routes) {
        this.programme = programme;
        this.routes = routes;
    }

    private Route add(String method, String path, Handler handler) {
        DeclaredRoute r = new DeclaredRoute(programme, method, path, handler);
        if (r.path().isEmpty() && method.equals("GET")) {
            throw new IllegalArgumentException("GET of the programme's root is its summary, answered by the core");
        }
        for (DeclaredRoute other : routes) {
            if (other.clashes(r)) {
                throw new IllegalArgumentException("route declared twice: " + r);
            }
        }
        routes.add(r);
        return r;
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
