package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The Jetty that serves the platform is at or above the release that fixed CVE-2026-2332 (Transfer-Encoding chunk
 * extensions): 12.0.33 on the 12.0 line, 12.1.7 on the 12.1 line. Read at run time in the framework: the version of
 * {@code org.eclipse.jetty.server} that the HTTP runtime's bundle is wired to (or holds itself), every export of that
 * package in the framework, and the version Jetty's {@code Server} class reports.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class JettyVersionIT {
    static final String PACKAGE = "org.eclipse.jetty.server";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;

    /** The first fixed release of the line {@code v} is on; {@code null} for a line without the flaw (13 and later). */
    static Version fixed(Version v) {
        if (v.getMajor() != 12) {
            return v.getMajor() > 12 ? null : new Version(12, 0, 33);
        }
        return v.getMinor() == 0 ? new Version(12, 0, 33) : v.getMinor() == 1 ? new Version(12, 1, 7) : null;
    }

    static void assertFixed(Version v, String what) {
        Version min = fixed(v);
        assertTrue(min == null || v.compareTo(min) >= 0, what + " is Jetty " + v + ": below " + min + " (CVE-2026-2332)");
    }

    @Test
    void theHttpRuntimeRunsOnAFixedJetty() throws Exception {
        Bundle http = runtime.getServiceReference().getBundle();
        BundleWiring wiring = http.adapt(BundleWiring.class);
        Version used = null;
        for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            if (PACKAGE.equals(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                used = (Version) wire.getCapability().getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE);
            }
        }
        if (used == null) { // the package is inside the HTTP bundle and not imported
            used = exported(http).stream().findFirst().orElse(null);
        }
        assertTrue(used != null, "the HTTP runtime " + http.getSymbolicName() + " uses no " + PACKAGE);
        assertFixed(used, PACKAGE + " as wired to " + http.getSymbolicName());

        List<String> exporters = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            for (Version v : exported(b)) {
                exporters.add(b.getSymbolicName() + " " + v);
                assertFixed(v, PACKAGE + " exported by " + b.getSymbolicName());
            }
        }
        assertFalse(exporters.isEmpty(), "no bundle exports " + PACKAGE);

        // the class the HTTP runtime really loads reports the same release
        Class<?> server = http.loadClass(PACKAGE + ".Server");
        String reported = (String) server.getMethod("getVersion").invoke(null);
        Version running = Version.parseVersion(reported.replaceAll("[^0-9.].*$", ""));
        assertFixed(running, "org.eclipse.jetty.server.Server.getVersion()");
        assertEquals(new Version(used.getMajor(), used.getMinor(), used.getMicro()), running,
                "the package version and Server.getVersion() agree (" + exporters + ")");
    }

    private static List<Version> exported(Bundle b) {
        List<Version> out = new ArrayList<>();
        BundleWiring w = b.adapt(BundleWiring.class);
        if (w == null) {
            return out;
        }
        for (BundleCapability c : w.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            if (PACKAGE.equals(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                out.add((Version) c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE));
            }
        }
        return out;
    }
}
