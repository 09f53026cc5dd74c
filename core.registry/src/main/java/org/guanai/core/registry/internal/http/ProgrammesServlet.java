package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.Caller;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.guanai.core.registry.internal.programmes.ProgrammeGateFilter;
import org.guanai.core.registry.internal.programmes.RouteTable;
import org.guanai.core.registry.internal.security.RequestCallerContext;
import org.osgi.framework.Bundle;
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
 * {@code GET /api/programmes}: the installed programmes with their bundle state and per-school enablement; for a
 * request that acts for a school, only the programmes that school enabled. Also the fallback for
 * {@code /api/programmes/<id>/…} paths no programme serves (404 in JSON); a programme's own servlets, registered under
 * {@code /api/programmes/<id>/*}, are more specific and take precedence.
 */
@Component(service = Servlet.class, property = { "guanai.route=GET /api/programmes", "guanai.route=GET /api/programmes/{programme}" })
@HttpWhiteboardServletName("guanai-programmes")
@HttpWhiteboardServletPattern({ "/api/programmes", "/api/programmes/*" })
public final class ProgrammesServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient ProgrammeRegistry registry;
    private final transient RequestCallerContext callers;
    private final transient ProgrammeDispatcher dispatcher;
    private final transient BundleContext context;
    private final transient RouteTable routes;

    @Activate
    public ProgrammesServlet(@Reference ProgrammeRegistry registry, @Reference RequestCallerContext callers,
            @Reference ProgrammeDispatcher dispatcher, @Reference RouteTable routes, BundleContext context) {
        this.registry = registry;
        this.routes = routes;
        this.callers = callers;
        this.dispatcher = dispatcher;
        this.context = context;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        if (!path.isEmpty() && dispatcher.serve(rq, rs, path.get(0), String.join("/", path.subList(1, path.size())))) {
            return; // a route the programme declared with the SDK
        }
        if (!path.isEmpty()) {
            // No route of the programme took the request. If the programme is being swapped right now, the request
            // passed the gate just before its routes went away: that is the swap window (503), not a missing route.
            ProgrammeStatus status = registry.programme(path.get(0)).orElse(null);
            if (status != null && (status.state() != org.guanai.core.api.programme.ProgrammeState.ACTIVE || routesPending(status))) {
                ProgrammeGateFilter.updating(responses, rs, status.id());
                return;
            }
            // The routes may have settled between the first look and the check above (the swap ended meanwhile):
            // now that they are not pending, a second look is the answer.
            if (status != null && dispatcher.serve(rq, rs, path.get(0), String.join("/", path.subList(1, path.size())))) {
                return;
            }
            throw notFound();
        }
        if (!rq.getMethod().equals("GET")) {
            throw methodNotAllowed(rs, "GET");
        }
        Optional<Long> school = callers.current().flatMap(Caller::schoolId);
        List<Map<String, Object>> items = new ArrayList<>();
        for (ProgrammeStatus p : registry.programmes()) {
            if (school.isPresent() && !p.enabledSchools().contains(school.get())) {
                continue;
            }
            items.add(view(p, school));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("total", items.size());
        school.ifPresent(s -> body.put("schoolId", s));
        write(rs, 200, body);
    }

    /** The JSON of one programme; with a school, {@code enabled} for that school. */
    static Map<String, Object> view(ProgrammeStatus p, Optional<Long> school) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        if (p.info() != null) {
            m.put("nameZh", p.info().nameZh());
            m.put("nameEn", p.info().nameEn());
            m.put("descriptionZh", p.info().descriptionZh());
            m.put("descriptionEn", p.info().descriptionEn());
            m.put("version", p.info().version());
            m.put("ui", p.info().ui());
            m.put("permissions", p.info().permissions());
        }
        m.put("bundle", p.bundle());
        m.put("bundleVersion", p.bundleVersion());
        m.put("state", p.state());
        m.put("error", p.error());
        if (school.isPresent()) {
            m.put("enabled", p.enabledSchools().contains(school.get()));
        } else {
            m.put("enabledSchools", p.enabledSchools().stream().sorted().toList());
        }
        return m;
    }

    /** Whether the programme's bundle is still starting (or stopping) its routes: see {@link RouteTable#pending(Bundle)}. */
    private boolean routesPending(ProgrammeStatus status) {
        for (Bundle b : context.getBundles()) {
            if (status.bundle().equals(b.getSymbolicName()) && routes.pending(b)) {
                return true;
            }
        }
        return false;
    }
}
