package org.guanai.core.registry.internal.modules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.guanai.core.registry.internal.modules.JarInspection.JarInfo;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The mandatory requirements of a jar ({@code Import-Package}, {@code Require-Bundle}, {@code Require-Capability}) that
 * no installed bundle nor the jar itself provides: a check before anything is installed, so that a module that cannot
 * work is refused at once, naming what is missing. The framework's resolver has the last word when the bundle is
 * installed. Besides what the resolver needs, the services the jar's components need ({@code osgi.service} with
 * {@code effective:=active}, written by bnd for every mandatory reference) must be declared by a bundle or registered:
 * a programme waiting for a service nothing provides would never start.
 */
final class BundleRequirements {
    private static final String SERVICE_NAMESPACE = "osgi.service";

    private final BundleContext context;

    BundleRequirements(BundleContext context) {
        this.context = context;
    }

    /**
     * @param replaced the bundle the jar would replace (its capabilities do not count), {@code null} for an install
     * @return the mandatory requirements no other bundle provides, as the module administration reports them
     */
    List<String> missing(JarInfo jar, Bundle replaced) {
        List<BundleRevision> others = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (!b.equals(replaced) && b.getState() != Bundle.UNINSTALLED) {
                BundleRevision r = b.adapt(BundleRevision.class);
                if (r != null) {
                    others.add(r);
                }
            }
        }
        var attrs = jar.manifest().getMainAttributes();
        Set<String> ownPackages = new HashSet<>();
        ManifestClauses.parse(attrs.getValue(Constants.EXPORT_PACKAGE)).forEach(c -> ownPackages.add(c.name()));
        List<String> missing = new ArrayList<>();
        for (ManifestClauses.Clause c : ManifestClauses.parse(attrs.getValue(Constants.IMPORT_PACKAGE))) {
            if ("optional".equals(c.directives().get(Constants.RESOLUTION_DIRECTIVE)) || ownPackages.contains(c.name())) {
                continue;
            }
            VersionRange range = c.attributes().containsKey(Constants.VERSION_ATTRIBUTE)
                    ? new VersionRange(c.attributes().get(Constants.VERSION_ATTRIBUTE)) : null;
            if (!provided(others, "osgi.wiring.package", cap -> c.name().equals(cap.getAttributes().get("osgi.wiring.package"))
                    && (range == null || range.includes((Version) cap.getAttributes().get(Constants.VERSION_ATTRIBUTE))))) {
                missing.add("Import-Package: " + c.name() + (range == null ? "" : ";version=\"" + range + "\""));
            }
        }
        for (ManifestClauses.Clause c : ManifestClauses.parse(attrs.getValue(Constants.REQUIRE_BUNDLE))) {
            if ("optional".equals(c.directives().get(Constants.RESOLUTION_DIRECTIVE))) {
                continue;
            }
            if (!provided(others, "osgi.wiring.bundle", cap -> c.name().equals(cap.getAttributes().get("osgi.wiring.bundle")))) {
                missing.add("Require-Bundle: " + c.name());
            }
        }
        for (ManifestClauses.Clause c : ManifestClauses.parse(attrs.getValue(Constants.REQUIRE_CAPABILITY))) {
            String effective = c.directives().getOrDefault(Constants.EFFECTIVE_DIRECTIVE, Constants.EFFECTIVE_RESOLVE);
            boolean service = SERVICE_NAMESPACE.equals(c.name()) && Constants.EFFECTIVE_ACTIVE.equals(effective);
            if ("optional".equals(c.directives().get(Constants.RESOLUTION_DIRECTIVE))
                    || !(Constants.EFFECTIVE_RESOLVE.equals(effective) || service)) {
                continue;
            }
            String filter = c.directives().get(Constants.FILTER_DIRECTIVE);
            try {
                Filter f = filter == null ? null : FrameworkUtil.createFilter(filter);
                boolean found = provided(others, c.name(), cap -> f == null || f.matches(cap.getAttributes()))
                        || service && (providesItself(jar, f) || registered(filter));
                if (!found) {
                    missing.add("Require-Capability: " + c.name() + (filter == null ? "" : ";filter:=\"" + filter + "\""));
                }
            } catch (InvalidSyntaxException e) {
                missing.add("Require-Capability: " + c.name() + " has an invalid filter " + filter);
            }
        }
        return missing;
    }

    /** Whether the jar declares a service ({@code Provide-Capability: osgi.service}) that the filter matches. */
    private static boolean providesItself(JarInfo jar, Filter f) {
        for (ManifestClauses.Clause c : ManifestClauses.parse(jar.manifest().getMainAttributes().getValue(Constants.PROVIDE_CAPABILITY))) {
            String classes = c.attributes().get(Constants.OBJECTCLASS);
            if (SERVICE_NAMESPACE.equals(c.name()) && classes != null
                    && (f == null || f.matches(Map.of(Constants.OBJECTCLASS, List.of(classes.split("\\s*,\\s*")))))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a service the filter matches is registered (one registered without declaring its capability). */
    private boolean registered(String filter) throws InvalidSyntaxException {
        return context.getServiceReferences((String) null, filter) != null;
    }

    private static boolean provided(Collection<BundleRevision> revisions, String namespace,
            Predicate<BundleCapability> matches) {
        for (BundleRevision r : revisions) {
            for (BundleCapability cap : r.getDeclaredCapabilities(namespace)) {
                if (matches.test(cap)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String resolveError(Bundle b) {
        BundleRevision r = b.adapt(BundleRevision.class);
        List<String> reqs = new ArrayList<>();
        for (BundleRequirement req : r.getDeclaredRequirements(null)) {
            reqs.add(req.getNamespace() + " " + req.getDirectives().getOrDefault("filter", ""));
        }
        return "the framework could not resolve it; its requirements: " + reqs;
    }

}
