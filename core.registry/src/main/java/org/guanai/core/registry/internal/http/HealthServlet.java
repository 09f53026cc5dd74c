package org.guanai.core.registry.internal.http;

import static org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE;
import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.SchoolService;
import org.guanai.core.registry.internal.StartupTask;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.demo.DemoDataLoader;
import org.guanai.core.registry.internal.modules.ModuleManager;
import org.guanai.core.registry.internal.modules.ProgrammeReadiness;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/health}: {@code 200 {"status":"UP"}} once the framework has started every bundle, the database
 * answers, the schema is migrated, the registry services are active, the audit chain's tail is checked (and its key is
 * there), the start-up tasks (demo data, modules) are done and every programme shipped with the platform is ready ({@link ProgrammeReadiness}: {@code ACTIVE}, and in a demo
 * database with its demo content and enabled for the demo schools; one component {@code programme:<id>} each);
 * {@code 503 {"status":"DOWN"}} with the missing parts otherwise. Every dependency is an optional dynamic reference, so
 * the endpoint answers from the first moment.
 */
@RequireHttpWhiteboard
@Component(service = Servlet.class, property = { "guanai.route=GET /api/health" })
@HttpWhiteboardServletName("guanai-health")
@HttpWhiteboardServletPattern("/api/health")
public final class HealthServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;
    /** The start-up tasks that must have finished. */
    static final List<String> REQUIRED_TASKS = List.of(DemoDataLoader.TASK, ModuleManager.TASK);

    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY, target = "(" + PooledDataSource.NAME_PROPERTY + "=core)")
    private volatile DataSource dataSource;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile SchemaMigrator migrator;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile SchoolService schools;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile ChildService children;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile GuardianService guardians;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile ProgrammeReadiness programmeReadiness;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile AuditLog audit;

    private final transient Map<String, String> tasks = new ConcurrentHashMap<>();

    private final transient org.osgi.framework.Bundle framework;

    @Activate
    public HealthServlet(org.osgi.framework.BundleContext context) {
        this.framework = context.getBundle(0);
    }

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC)
    void addTask(StartupTask task, Map<String, Object> props) {
        tasks.put(String.valueOf(props.get(StartupTask.NAME)), task.outcome());
    }

    void removeTask(StartupTask task, Map<String, Object> props) {
        tasks.remove(String.valueOf(props.get(StartupTask.NAME)));
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        if (!rq.getMethod().equals("GET") && !rq.getMethod().equals("HEAD")) {
            throw methodNotAllowed(rs, "GET");
        }
        Map<String, Object> components = new LinkedHashMap<>();
        boolean up = true;
        up &= put(components, "framework", platformStarted());
        up &= put(components, "database", databaseUp());
        up &= put(components, "migrations", migrator != null);
        up &= put(components, "schools", schools != null);
        up &= put(components, "children", children != null);
        up &= put(components, "guardians", guardians != null);
        up &= auditChain(components);
        for (String task : REQUIRED_TASKS) {
            String outcome = tasks.get(task);
            components.put(task, outcome == null ? "PENDING" : outcome);
            up &= outcome != null;
        }
        up &= programmes(components);
        // Written by hand: the health check answers from the first moment, without waiting for Jackson to warm up.
        StringBuilder body = new StringBuilder("{\"status\":\"").append(up ? "UP" : "DOWN").append("\",\"components\":{");
        String separator = "";
        for (Map.Entry<String, Object> e : components.entrySet()) {
            body.append(separator).append(quote(e.getKey())).append(':').append(quote(String.valueOf(e.getValue())));
            separator = ",";
        }
        body.append("}}");
        rs.setStatus(up ? 200 : 503);
        rs.setContentType("application/json;charset=UTF-8");
        rs.getOutputStream().write(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The programmes shipped with the platform, one component each; whether all are ready. */
    private boolean programmes(Map<String, Object> components) {
        ProgrammeReadiness readiness = programmeReadiness;
        if (readiness == null) {
            components.put("programmes", "PENDING");
            return false;
        }
        try {
            ProgrammeReadiness.Report report = readiness.report();
            components.putAll(report.components());
            return report.ready();
        } catch (RuntimeException e) {
            components.put("programmes", "DOWN: " + e.getMessage());
            return false;
        }
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Every platform bundle that is meant to run (started, persistently) is ACTIVE: none is still waiting for its start
     * level or inside its activator. Programme bundles are left out: a failed programme does not take the platform down.
     */
    private boolean platformStarted() {
        for (org.osgi.framework.Bundle b : framework.getBundleContext().getBundles()) {
            if (b.getLocation().startsWith(ModuleManager.LOCATION_PREFIX)
                    || (b.adapt(org.osgi.framework.wiring.BundleRevision.class).getTypes()
                            & org.osgi.framework.wiring.BundleRevision.TYPE_FRAGMENT) != 0) {
                continue;
            }
            org.osgi.framework.startlevel.BundleStartLevel level = b.adapt(org.osgi.framework.startlevel.BundleStartLevel.class);
            if (level.isPersistentlyStarted() && b.getState() != org.osgi.framework.Bundle.ACTIVE) {
                return false;
            }
        }
        return true;
    }

    private static boolean put(Map<String, Object> components, String name, boolean up) {
        components.put(name, up ? "UP" : "DOWN");
        return up;
    }

    /**
     * {@code auditChain}: what the audit log's start-up check of its tail and the checks since found ({@link
     * AuditLog.Status#text()}). Down while the check runs and when the audit key is missing (nothing can be audited);
     * up with the alarm in the text when the chain is BROKEN or UNANCHORED, so that the schools keep working while the
     * county looks into it.
     */
    private boolean auditChain(Map<String, Object> components) {
        AuditLog log = audit;
        if (log == null) {
            components.put("auditChain", "PENDING");
            return false;
        }
        AuditLog.Status s = log.status();
        components.put("auditChain", s.text());
        return s.up();
    }

    private boolean databaseUp() {
        DataSource ds = dataSource;
        if (ds == null) {
            return false;
        }
        try (Connection c = ds.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
