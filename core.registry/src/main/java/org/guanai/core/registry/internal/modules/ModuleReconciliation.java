package org.guanai.core.registry.internal.modules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.modules.JarInspection.JarInfo;
import org.guanai.core.registry.internal.modules.ModuleRecords.Desired;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.programmes.ProgrammeRegistryImpl;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up reconciliation of {@link ModuleManager}: brings the framework to the desired state of {@code core_module}
 * ({@link #restoreDesired}) and offers the programmes shipped with the platform ({@link #offerBundled}). The manager runs
 * it on its own thread, under the locks it takes, and waits for the started programmes; what installs, inspects and
 * refreshes stays the manager's ({@link Steps}).
 */
final class ModuleReconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleReconciliation.class);

    /** What the reconciliation asks of the manager. */
    interface Steps {
        /** Refreshes the wiring of {@code bundles} and waits for it. */
        void refresh(List<Bundle> bundles);

        /** Looks at a jar before anything else ({@link JarInspection}). */
        JarInfo inspect(byte[] bytes);

        /** Installs or updates a shipped programme whose digest was checked, under its module's lock. */
        ModuleResult offer(JarInfo jar);
    }

    private final BundleContext context;
    private final Jdbc jdbc;
    private final ModuleRecords records;
    private final ModuleStore store;
    private final ProgrammeRegistryImpl programmes;
    private final CurrentActor actor;
    private final Clock clock;
    private final Steps steps;
    /** The programmes shipped with the platform and what became of each at the last offer; empty until then. */
    private volatile List<BundledModules.Shipped> shipped = List.of();

    ModuleReconciliation(BundleContext context, Jdbc jdbc, ModuleRecords records, ModuleStore store, ProgrammeRegistryImpl programmes,
            CurrentActor actor, Clock clock, Steps steps) {
        this.context = context;
        this.jdbc = jdbc;
        this.records = records;
        this.store = store;
        this.programmes = programmes;
        this.actor = actor;
        this.clock = clock;
        this.steps = steps;
    }

    /**
     * Installs, updates, starts and stops the managed bundles as {@code core_module} wants them, and removes the strays;
     * under the lock of every module.
     *
     * @param started receives the bundles started, to wait for their programmes after the lock is released
     * @param shipped receives the names of the programmes shipped with the platform
     * @param failed counts the modules that could not be brought to their state
     * @return {@code DONE}, or why the whole reconciliation failed
     */
    String restoreDesired(Map<Desired, Bundle> started, Set<String> shipped, int[] failed) {
        try {
            shipped.addAll(jdbc.read(c -> Jdbc.list(c, "SELECT bsn FROM core_module_bundled", rs -> rs.getString(1))));
            List<Desired> desired = records.desired();
            Set<String> wanted = new HashSet<>();
            desired.forEach(d -> wanted.add(ModuleManager.LOCATION_PREFIX + d.bsn()));
            List<Bundle> strays = new ArrayList<>();
            for (Bundle b : context.getBundles()) {
                if (b.getLocation().startsWith(ModuleManager.LOCATION_PREFIX) && !wanted.contains(b.getLocation())) {
                    strays.add(b);
                }
            }
            for (Bundle b : strays) {
                LOG.info("Removing {}: not in the desired state", b.getSymbolicName());
                b.uninstall();
            }
            if (!strays.isEmpty()) {
                steps.refresh(strays);
            }
            for (Desired d : desired) {
                try {
                    byte[] bytes = store.read(d.sha256());
                    Bundle b = context.getBundle(ModuleManager.LOCATION_PREFIX + d.bsn());
                    if (b == null) {
                        b = context.installBundle(ModuleManager.LOCATION_PREFIX + d.bsn(), new ByteArrayInputStream(bytes));
                    } else if (!b.getVersion().toString().equals(d.version())) {
                        b.update(new ByteArrayInputStream(bytes));
                        steps.refresh(List.of(b));
                    }
                    if (ModuleManager.ACTIVE.equals(d.state())) {
                        b.start();
                        started.put(d, b);
                    } else if (b.getState() == Bundle.ACTIVE) {
                        b.stop();
                    }
                } catch (BundleException | RuntimeException e) {
                    failed[0]++;
                    LOG.error("Module {} {} could not be brought to {}", d.bsn(), d.version(), d.state(), e);
                    if (d.programmeId() != null) {
                        programmes.failed(d.programmeId(), e.toString());
                    }
                }
            }
            return "DONE";
        } catch (RuntimeException | BundleException e) {
            LOG.error("Reconciling modules failed", e);
            return "FAILED: " + e.getMessage();
        }
    }

    /**
     * Offers the programmes shipped with the platform to module administration ({@link BundledModules}): each jar whose
     * content has the digest recorded at build time ({@link BundledDigests}) is installed or updated without the
     * signature gate; any other is refused, logged, and never installed.
     *
     * @return how many could not be installed or updated
     */
    int offerBundled() {
        BundledDigests digests = BundledDigests.parse(context.getProperty(BundledDigests.PROPERTY));
        Map<String, Path> jars = new LinkedHashMap<>();
        try {
            BundledModules.jars(context.getProperty(BundledModules.DIRECTORY_PROPERTY)).forEach(p -> jars.put(p.getFileName().toString(), p));
        } catch (IOException e) {
            LOG.error("Bundled programmes could not be listed", e);
            return 1;
        }
        List<BundledModules.Shipped> outcome = new ArrayList<>();
        int failed = 0;
        for (String name : digests.files()) {
            if (!jars.containsKey(name)) {
                failed++;
                outcome.add(new BundledModules.Shipped(name, null, null, "missing from " + context.getProperty(BundledModules.DIRECTORY_PROPERTY)));
                LOG.error("Bundled programme {} is missing from {}", name, context.getProperty(BundledModules.DIRECTORY_PROPERTY));
            }
        }
        for (Map.Entry<String, Path> file : jars.entrySet()) {
            String name = file.getKey();
            JarInfo jar = null;
            try {
                byte[] bytes = Files.readAllBytes(file.getValue());
                try {
                    digests.verify(name, bytes);
                    jar = steps.inspect(bytes);
                } catch (ModuleException e) {
                    records.log(ModuleManager.BUNDLED, "install", null, null, "REFUSED", name + ": " + e.getMessage());
                    throw e;
                }
                JarInfo j = jar;
                Optional<Version> offered = jdbc.read(c -> Jdbc.one(c, "SELECT version FROM core_module_bundled WHERE bsn = ?",
                        rs -> Version.parseVersion(rs.getString(1)), j.bsn()));
                Optional<Version> current = records.managed(jar.bsn()).map(d -> Version.parseVersion(d.version()));
                BundledModules.Action action = BundledModules.decide(offered, current, jar.version());
                if (action != BundledModules.Action.SKIP) {
                    ModuleResult r = actor.as(ModuleManager.BUNDLED, () -> steps.offer(j));
                    LOG.info("Bundled programme {} {}: {}", jar.bsn(), jar.version(), r.result());
                }
                Instant now = clock.instant();
                jdbc.tx(c -> {
                    if (Jdbc.update(c, "UPDATE core_module_bundled SET version = ?, offered_at = ? WHERE bsn = ?",
                            j.version().toString(), now, j.bsn()) == 0) {
                        Jdbc.update(c, "INSERT INTO core_module_bundled (bsn, version, offered_at) VALUES (?, ?, ?)", j.bsn(),
                                j.version().toString(), now);
                    }
                    return null;
                });
                if (digests.files().contains(name)) {
                    outcome.add(new BundledModules.Shipped(name, jar.bsn(), jar.programmeId(), null));
                }
            } catch (IOException | RuntimeException e) {
                failed++;
                LOG.error("Bundled programme {} could not be installed: {}", name, e.getMessage(), e instanceof ModuleException ? null : e);
                if (digests.files().contains(name)) {
                    outcome.add(new BundledModules.Shipped(name, jar == null ? null : jar.bsn(), jar == null ? null : jar.programmeId(),
                            e.getMessage()));
                }
            }
        }
        shipped = List.copyOf(outcome);
        return failed;
    }

    /** @return the programmes shipped with the platform and what became of each at the last start; empty before */
    List<BundledModules.Shipped> shipped() {
        return shipped;
    }
}
