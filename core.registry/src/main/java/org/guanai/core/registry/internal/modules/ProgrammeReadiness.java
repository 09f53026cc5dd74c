package org.guanai.core.registry.internal.modules;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.guanai.core.api.programme.ProgrammeDemo;
import org.guanai.core.api.programme.ProgrammeState;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.guanai.core.registry.internal.demo.ProgrammeDemoLoader;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.programmes.ProgrammeRegistryImpl;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Whether the programmes shipped with the platform are ready, for {@code /api/health}: one component
 * {@code programme:<id>} each. A shipped programme is ready when it is {@code ACTIVE} and, in a database that holds the
 * demo county, when its demo content is loaded and it is enabled for the demo schools (if it brings demo content: a
 * component of its bundle provides {@link ProgrammeDemo}). One an admin uninstalled or stopped is reported but does not
 * hold the platform back: that was a decision, not a failure. Reads the database and the framework at each call and
 * takes no lock of module administration, so the health check answers while a module is being installed.
 */
@Component(service = ProgrammeReadiness.class)
public final class ProgrammeReadiness {
    static final String UP = "UP";

    /** @param components one entry per shipped programme; @param ready whether every one is ready */
    public record Report(Map<String, String> components, boolean ready) {
    }

    private final BundleContext context;
    private final ModuleManager modules;
    private final ProgrammeRegistryImpl programmes;
    private final ServiceComponentRuntime scr;
    private final Jdbc jdbc;

    @Activate
    public ProgrammeReadiness(BundleContext context, @Reference ModuleManager modules, @Reference ProgrammeRegistryImpl programmes,
            @Reference ServiceComponentRuntime scr,
            @Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource) {
        this.context = context;
        this.modules = modules;
        this.programmes = programmes;
        this.scr = scr;
        this.jdbc = new Jdbc(dataSource);
    }

    public Report report() {
        List<BundledModules.Shipped> shipped = modules.shipped();
        if (shipped.isEmpty()) {
            return new Report(Map.of(), true);
        }
        Map<String, String> desired = new LinkedHashMap<>();
        Set<String> offered = new HashSet<>();
        Set<String> demo = new HashSet<>();
        jdbc.read(c -> {
            for (String[] row : Jdbc.list(c, "SELECT bsn, desired_state FROM core_module", rs -> new String[] { rs.getString(1), rs.getString(2) })) {
                desired.put(row[0], row[1]);
            }
            offered.addAll(Jdbc.list(c, "SELECT bsn FROM core_module_bundled", rs -> rs.getString(1)));
            demo.addAll(Jdbc.list(c, "SELECT part FROM core_demo", rs -> rs.getString(1)));
            return null;
        });
        boolean demoCounty = demo.contains(ProgrammeDemoLoader.COUNTY);
        Map<String, String> components = new LinkedHashMap<>();
        boolean ready = true;
        for (BundledModules.Shipped s : shipped) {
            String name = "programme:" + (s.programmeId() != null ? s.programmeId() : s.file());
            String state = state(s, desired, offered, demoCounty, demo);
            components.put(name, state);
            ready &= state.equals(UP) || state.startsWith("UNINSTALLED") || state.startsWith("STOPPED");
        }
        return new Report(components, ready);
    }

    private String state(BundledModules.Shipped s, Map<String, String> desired, Set<String> offered, boolean demoCounty,
            Set<String> demo) {
        String wanted = s.bsn() == null ? null : desired.get(s.bsn());
        if (wanted == null) {
            if (s.problem() == null && s.bsn() != null && offered.contains(s.bsn())) {
                return "UNINSTALLED by an admin";
            }
            return "DOWN: not installed" + (s.problem() == null ? "" : ": " + s.problem());
        }
        if (ModuleManager.STOPPED.equals(wanted)) {
            return "STOPPED by an admin";
        }
        if (s.programmeId() == null) {
            Optional<Bundle> b = Optional.ofNullable(context.getBundle(ModuleManager.LOCATION_PREFIX + s.bsn()));
            return b.isPresent() && b.get().getState() == Bundle.ACTIVE ? UP : "DOWN: bundle not active";
        }
        Optional<ProgrammeStatus> status = programmes.programme(s.programmeId());
        if (status.isEmpty() || status.get().state() != ProgrammeState.ACTIVE) {
            return "DOWN: " + status.map(p -> p.state() + (p.error() == null ? "" : " (" + p.error() + ")")).orElse("not installed")
                    + (s.problem() == null ? "" : "; " + s.problem());
        }
        if (demoCounty && bringsDemo(s.bsn())) {
            if (!demo.contains(ProgrammeDemoLoader.content(s.programmeId()))) {
                return "DOWN: ACTIVE, demo content not loaded yet";
            }
            if (!demo.contains(ProgrammeDemoLoader.enablement(s.programmeId()))) {
                return "DOWN: ACTIVE, not yet enabled for the demo schools";
            }
        }
        return UP;
    }

    /** Whether a component of the bundle provides {@link ProgrammeDemo}: the programme brings demo content. */
    private boolean bringsDemo(String bsn) {
        Bundle b = context.getBundle(ModuleManager.LOCATION_PREFIX + bsn);
        if (b == null) {
            return false;
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            if (Arrays.asList(d.serviceInterfaces).contains(ProgrammeDemo.class.getName())) {
                return true;
            }
        }
        return false;
    }
}
