package org.guanai.core.registry.internal.modules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.registry.internal.programmes.ProgrammeRegistryImpl;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.dto.FailedResourceDTO;
import org.osgi.service.servlet.runtime.dto.FailedServletDTO;
import org.osgi.service.servlet.runtime.dto.ResourceDTO;
import org.osgi.service.servlet.runtime.dto.RuntimeDTO;
import org.osgi.service.servlet.runtime.dto.ServletContextDTO;
import org.osgi.service.servlet.runtime.dto.ServletDTO;

/**
 * Waits for a started programme bundle to be ready: its {@link Programme} service registered and every servlet and
 * resource it put on the whiteboard live. There is no fixed time: a busy machine makes a programme slower, not failed.
 * The wait ends early on a real failure only:
 * <ul>
 * <li>a component of the bundle failed to activate (SCR's {@code FAILED_ACTIVATION}, with its exception);</li>
 * <li>the framework could not start the bundle (a {@code FrameworkEvent.ERROR} for it: its activator threw, it did not
 * resolve) — a bundle started during the platform's start waits for its start level, which is no failure;</li>
 * <li>the bundle was stopped or uninstalled meanwhile.</li>
 * </ul>
 * That the bundle can register the Programme service at all (a component provides it, or it has an activator) was
 * checked in the jar before it was installed ({@link JarInspection}); asking Declarative Services instead would race
 * with it, as it loads a starting bundle's component descriptions one after the other.
 * An admin's operation may pass a limit: a programme that neither starts nor fails within it (waiting for a service no
 * bundle provides) is given up, naming what it waits for. The wait wakes on every service event and looks again at
 * least every {@value #LOOK_AGAIN_MS} ms (component failures and whiteboard registrations raise no event of their own).
 * A caller may have the wait release its lock meanwhile ({@link Object#wait}): module administration does so for the
 * programmes shipped with the platform, which are offered while the framework is still starting and start only when it
 * reaches their start level, after the deploy directory's first scan, which needs that lock.
 */
final class ProgrammeStart {
    static final String FAILED = "programme_failed";
    private static final long LOOK_AGAIN_MS = 200;

    private final BundleContext context;
    private final ProgrammeRegistryImpl programmes;
    private final ServiceComponentRuntime scr;
    private final Supplier<HttpServiceRuntime> http;

    ProgrammeStart(BundleContext context, ProgrammeRegistryImpl programmes, ServiceComponentRuntime scr,
            Supplier<HttpServiceRuntime> http) {
        this.context = context;
        this.programmes = programmes;
        this.scr = scr;
        this.http = http;
    }

    /**
     * @param programmeId the programme the bundle declares; nothing to wait for when {@code null}
     * @param limit how long to wait at most, {@code null} for no limit
     * @throws ModuleException REFUSED {@value #FAILED} on a real failure or when the limit passed, UNAVAILABLE when interrupted
     */
    void await(String programmeId, Bundle bundle, Duration limit) {
        if (programmeId == null) {
            return;
        }
        long start = System.nanoTime();
        Object signal = new Object();
        ServiceListener wake = event -> {
            synchronized (signal) {
                signal.notifyAll();
            }
        };
        List<String> startErrors = new CopyOnWriteArrayList<>();
        FrameworkListener errors = event -> {
            if (event.getType() == FrameworkEvent.ERROR && bundle.equals(event.getBundle())) {
                startErrors.add("the framework could not start bundle " + bundle.getSymbolicName() + ": " + event.getThrowable());
            }
        };
        context.addFrameworkListener(errors);
        context.addServiceListener(wake);
        try {
            while (true) {
                List<String> failures = new ArrayList<>(startErrors);
                failures.addAll(failures(bundle));
                if (!failures.isEmpty()) {
                    programmes.failed(programmeId, String.join("; ", failures));
                    throw new ModuleException(ModuleException.Kind.REFUSED, FAILED, "programme '" + programmeId + "' failed to start", failures);
                }
                if (programmes.service(programmeId).isPresent() && routesLive(bundle)) {
                    return;
                }
                if (limit != null && System.nanoTime() - start > limit.toNanos()) {
                    throw new ModuleException(ModuleException.Kind.REFUSED, FAILED, "programme '" + programmeId + "' neither started nor failed within "
                            + limit.toSeconds() + " s", waitingFor(bundle));
                }
                synchronized (signal) {
                    signal.wait(LOOK_AGAIN_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModuleException(ModuleException.Kind.UNAVAILABLE, "interrupted", "interrupted while waiting for programme " + programmeId);
        } finally {
            try {
                context.removeFrameworkListener(errors);
                context.removeServiceListener(wake);
            } catch (IllegalStateException stopping) {
                // the core bundle is stopping
            }
        }
    }

    /** The real failures: why the bundle's programme will not start however long one waits; empty while it may. */
    List<String> failures(Bundle bundle) {
        if ((bundle.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
            BundleStartLevel level = bundle.getState() == Bundle.UNINSTALLED ? null : bundle.adapt(BundleStartLevel.class);
            if (level == null || !level.isPersistentlyStarted()) {
                return List.of("bundle " + bundle.getSymbolicName() + " is " + ModuleManager.state(bundle) + ": stopped or"
                        + " uninstalled while its programme was starting");
            }
            return List.of(); // started, waiting for its start level (or failing: a framework event says so)
        }
        return programmes.componentFailures(bundle);
    }

    /** What the bundle's components wait for: the services of their unsatisfied references, a missing configuration. */
    List<String> waitingFor(Bundle bundle) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle)) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                    out.add(d.name + ": configuration " + String.join(", ", d.configurationPid));
                }
                for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
                    String service = Arrays.stream(d.references).filter(r -> r.name.equals(u.name)).map((ReferenceDTO r) -> r.interfaceName)
                            .findFirst().orElse(u.name);
                    out.add(d.name + ": service " + service + (u.target == null ? "" : " " + u.target));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * Whether every servlet and resource the bundle registered on the whiteboard is live in the HTTP runtime: until then
     * the programme counts as still starting (its routes answer 503), never as a route that is not there (404).
     */
    private boolean routesLive(Bundle bundle) {
        HttpServiceRuntime runtime = http.get();
        ServiceReference<?>[] registered = bundle.getRegisteredServices();
        if (runtime == null || registered == null) {
            return true;
        }
        Set<Long> wanted = new HashSet<>();
        for (ServiceReference<?> ref : registered) {
            String[] classes = (String[]) ref.getProperty(Constants.OBJECTCLASS);
            boolean servlet = classes != null && Arrays.asList(classes).contains("jakarta.servlet.Servlet");
            if (servlet || ref.getProperty("osgi.http.whiteboard.resource.pattern") != null) {
                wanted.add((Long) ref.getProperty(Constants.SERVICE_ID));
            }
        }
        if (wanted.isEmpty()) {
            return true;
        }
        RuntimeDTO dto = runtime.getRuntimeDTO();
        for (ServletContextDTO servletContext : dto.servletContextDTOs) {
            for (ServletDTO servlet : servletContext.servletDTOs) {
                wanted.remove(servlet.serviceId);
            }
            for (ResourceDTO resource : servletContext.resourceDTOs) {
                wanted.remove(resource.serviceId);
            }
        }
        for (FailedServletDTO failed : dto.failedServletDTOs) {
            wanted.remove(failed.serviceId); // failed for good: waiting longer would not help
        }
        for (FailedResourceDTO failed : dto.failedResourceDTOs) {
            wanted.remove(failed.serviceId);
        }
        return wanted.isEmpty();
    }
}
