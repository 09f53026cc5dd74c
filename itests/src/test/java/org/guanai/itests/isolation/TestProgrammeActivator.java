package org.guanai.itests.isolation;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import jakarta.servlet.Servlet;

/**
 * A programme that {@code ProgrammeIsolationIT} builds into bundles of its own at test time (this package, with a
 * manifest naming this activator and {@code Guanai-Programme: <id>}); never started from the test bundle itself. It
 * registers its {@link Programme} service and one servlet under {@code /api/programmes/<id>/}: {@code hello} answers,
 * {@code boom} throws, {@code slow} waits until a file exists.
 */
public final class TestProgrammeActivator implements BundleActivator {
    private ServiceRegistration<Servlet> servlet;
    private ServiceRegistration<Programme> programme;

    @Override
    public void start(BundleContext context) {
        String id = context.getBundle().getHeaders("").get(Programme.MANIFEST_HEADER).trim();
        Dictionary<String, Object> routes = new Hashtable<>();
        routes.put("osgi.http.whiteboard.servlet.pattern", "/api/programmes/" + id + "/*");
        routes.put("guanai.route", new String[] { "GET /api/programmes/" + id + "/hello", "GET /api/programmes/" + id + "/boom",
                "GET /api/programmes/" + id + "/slow" });
        servlet = context.registerService(Servlet.class, new TestProgrammeServlet(id), routes);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Programme.ID_PROPERTY, id);
        programme = context.registerService(Programme.class, new Programme() {
            @Override
            public ProgrammeInfo info() {
                return new ProgrammeInfo(id, "隔离测试 " + id, "Isolation test " + id, "测试", "Test", "1.0.0", null,
                        List.of(new ProgrammeInfo.PermissionInfo(id + ".read", "查看", "Read", Set.of(Role.COUNTY_ADMIN, Role.TEACHER)),
                                new ProgrammeInfo.PermissionInfo(id + ".write", "登记", "Write", Set.of(Role.COUNTY_ADMIN))));
            }

            @Override
            public Map<String, Object> summary(long schoolId) {
                return Map.of("school", schoolId);
            }
        }, props);
    }

    @Override
    public void stop(BundleContext context) {
        programme.unregister();
        servlet.unregister();
    }
}
