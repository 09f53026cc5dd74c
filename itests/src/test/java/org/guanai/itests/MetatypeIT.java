package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The Metatype service runs, and describes every configuration PID of every Guanai component with its attributes: an
 * administrator (or a console) can list what may be set in {@code <data>/etc/<pid>.cfg}. Before, no Metatype service
 * ran, and the role permissions (org.guanai.core.roles) had no description at all.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class MetatypeIT {
    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    MetaTypeService metatype;
    @InjectService
    ServiceComponentRuntime scr;

    @Test
    void everyGuanaiConfigurationPidIsDescribedWithItsAttributes() {
        Set<String> seen = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() == null || !b.getSymbolicName().startsWith("org.guanai.")) {
                continue;
            }
            MetaTypeInformation info = metatype.getMetaTypeInformation(b);
            Set<String> described = info == null ? Set.of() : Set.copyOf(Arrays.asList(info.getPids()));
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                for (String pid : d.configurationPid) {
                    // a component without a configuration PID of its own has its name as PID: nothing to configure
                    if (pid.equals(d.name) || !pid.startsWith("org.guanai.") || !seen.add(pid)) {
                        continue;
                    }
                    if (!described.contains(pid)) {
                        missing.add(pid + " (" + d.name + ")");
                        continue;
                    }
                    ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
                    AttributeDefinition[] attributes = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
                    assertNotNull(attributes, pid);
                    assertTrue(attributes.length > 0, pid + " has attributes");
                    for (AttributeDefinition a : attributes) {
                        assertTrue(a.getDescription() != null && !a.getDescription().isBlank(), pid + " " + a.getID() + " is described");
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "PIDs without a Metatype description: " + missing);
        assertTrue(seen.containsAll(Set.of("org.guanai.core.accounts", "org.guanai.core.roles", "org.guanai.core.modules",
                "org.guanai.core.datasource", "org.guanai.core.audit", "org.guanai.core.programmes", "org.guanai.core.calendar",
                "org.guanai.core.eligibility", "org.guanai.core.demo")), "the core's PIDs: " + seen);
    }
}
