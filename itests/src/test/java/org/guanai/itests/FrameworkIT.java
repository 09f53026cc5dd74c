package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The tests really run in Felix, every bundle started, every core component satisfied. */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class FrameworkIT {
    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceComponentRuntime scr;
    @InjectService(timeout = 20_000)
    org.guanai.core.api.ChildService ready;

    @Test
    void runsInsideApacheFelix() {
        assertEquals("org.apache.felix.framework", context.getBundle(0).getSymbolicName());
    }

    @Test
    void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = (b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertTrue(notActive.isEmpty(), "bundles not active: " + notActive);
    }

    @Test
    void everyCoreComponentIsSatisfied() {
        Bundle registry = bundle("org.guanai.core.registry");
        List<String> unsatisfied = new ArrayList<>();
        int components = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(registry)) {
            components++;
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                    unsatisfied.add(d.name + " state " + c.state);
                }
            }
        }
        assertTrue(components >= 10, "expected the registry's components, found " + components);
        assertTrue(unsatisfied.isEmpty(), "unsatisfied components: " + unsatisfied);
    }

    /**
     * Declarative Services builds a component with constructor injection through the public constructor whose length
     * is the component's {@code init}; a second public constructor of that length (a test's, say) may be taken instead and
     * the component never runs, while its configuration still reads ACTIVE. So each such component has exactly one.
     */
    @Test
    void everyConstructorInjectedComponentHasOnePublicConstructorOfItsLength() throws Exception {
        List<String> ambiguous = new ArrayList<>();
        int checked = 0;
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() == null || !b.getSymbolicName().startsWith("org.guanai.")) {
                continue;
            }
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                if (d.init <= 0) {
                    continue;
                }
                checked++;
                long same = java.util.Arrays.stream(b.loadClass(d.implementationClass).getConstructors())
                        .filter(k -> k.getParameterCount() == d.init).count();
                if (same != 1) {
                    ambiguous.add(d.name + ": " + same + " public constructors with " + d.init + " parameters");
                }
            }
        }
        assertTrue(checked >= 10, "expected constructor-injected components, found " + checked);
        assertTrue(ambiguous.isEmpty(), String.join("; ", ambiguous));
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }
}
