package org.guanai.core.registry.internal.modules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 * The reconciliation of {@link ModuleManager}, at start and whenever {@code core_module} changed (on any node): brings the
 * framework to the desired state of {@code core_module} ({@link #restoreDesired}) and, at start, offers the programmes
 * shipped with the platform ({@link #offerBundled}). The manager runs
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
    /**
     * Module → SHA-256 of the content this node's framework runs, as far as this node installed it: a change of content
     * under the same version, made on another node, is installed here too.
     */
    private final Map<String, String> applied = new ConcurrentHashMap<>();

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

    /** Runs one module's step of the reconciliation under the locks its caller chooses. */
    interface Guard {
        /** @return whether the step ran; {@code false}: the module is busy with an operation, and is left for the next round */
        boolean run(String bsn, ModuleLocks.Step<BundleException> step) throws BundleException;

        /** For a caller that holds the lock of every module already. */
        Guard HELD = (bsn, step) -> {
            step.run();
            return true;
        };
    }

    /**
     * Installs, updates, starts and stops the managed bundles as {@code core_module} wants them, and removes the strays.
     *
     * @param started receives the bundles started, to wait for their programmes after the lock is released
     * @param shipped receives the names of the programmes shipped with the platform
     * @param failed counts the modules that could not be brought to their state
     * @param guard runs each module's step: under the lock of every module at start, under the module's own after a change
     * @return {@code DONE}; {@code BUSY} when a module was busy and left as it is; or why the whole reconciliation failed
     */
    String restoreDesired(Map<Desired, Bundle> started, Set<String> shipped, int[] failed, Guard guard) {
        try {
            shipped.addAll(jdbc.read(c -> Jdbc.list(c, "SELECT bsn FROM core_module_bundled", rs -> rs.getString(1))));
            List<Desired> desired = records.desired();
            Set<String> wanted = new HashSet<>();
            desired.forEach(d -> wanted.add(ModuleManager.LOCATION_PREFIX + d.bsn()));
            boolean busy = false;
            List<Bundle> strays = new ArrayList<>();
            for (Bundle b : context.getBundles()) {
                if (b.getLocation().startsWith(ModuleManager.LOCATION_PREFIX) && !wanted.contains(b.getLocation())) {
                    busy |= !guard.run(b.getSymbolicName(), () -> {
                        if (b.getState() != Bundle.UNINSTALLED) {
                            LOG.info("Removing {}: not in the desired state", b.getSymbolicName());
                            applied.remove(b.getSymbolicName());
                            b.uninstall();
                            strays.add(b);
                        }
                    });
                }
            }
            if (!strays.isEmpty()) {
                steps.refresh(strays);
            }
            for (Desired d : desired) {
                try {
                    busy |= !guard.run(d.bsn(), () -> restore(d, started));
                } catch (BundleException | RuntimeException e) {
                    failed[0]++;
                    LOG.error("Module {} {} could not be brought to {}", d.bsn(), d.version(), d.state(), e);
                    if (d.programmeId() != null) {
                        programmes.failed(d.programmeId(), e.toString());
                    }
                }
            }
            return busy ? "BUSY" : "DONE";
        } catch (RuntimeException | BundleException e) {
            LOG.error("Reconciling modules failed", e);
            return "FAILED: " + e.getMessage();
        }
    }

    /** Brings one managed bundle to its desired content and state. */
    private void restore(Desired d, Map<Desired, Bundle> started) throws BundleException {
        Bundle b = context.getBundle(ModuleManager.LOCATION_PREFIX + d.bsn());
        if (b == null) {
            b = context.installBundle(ModuleManager.LOCATION_PREFIX + d.bsn(), new ByteArrayInputStream(store.read(d.sha256())));
        } else if (!b.getVersion().toString().equals(d.version())
                || !d.sha256().equals(applied.getOrDefault(d.bsn(), d.sha256()))) {
            b.update(new ByteArrayInputStream(store.read(d.sha256())));
            steps.refresh(List.of(b));
        }
        applied.put(d.bsn(), d.sha256());
        if (ModuleManager.ACTIVE.equals(d.state())) {
            b.start();
            started.put(d, b);
        } else if (b.getState() == Bundle.ACTIVE) {
            b.stop();
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
        // bsn of every managed module by the content it runs: a shipped jar whose recorded digest is among them was
        // offered before and runs as shipped, so it is neither read nor hashed again (most of a restart's reconciliation)
        Map<String, Desired> running = new HashMap<>();
        records.desired().forEach(d -> running.put(d.sha256(), d));
        for (Map.Entry<String, Path> file : jars.entrySet()) {
            String name = file.getKey();
            Optional<Desired> same = digests.digest(name).map(running::get);
            if (same.isPresent()) {
                Desired d = same.get();
                try {
                    markOffered(d.bsn(), Version.parseVersion(d.version()));
                    outcome.add(new BundledModules.Shipped(name, d.bsn(), d.programmeId(), null));
                } catch (RuntimeException e) {
                    failed++;
                    LOG.error("Bundled programme {} could not be recorded as offered: {}", name, e.getMessage(), e);
                    outcome.add(new BundledModules.Shipped(name, d.bsn(), d.programmeId(), e.getMessage()));
                }
                continue;
            }
            JarInfo jar = null;
            try {
                byte[] bytes = Files.readAllBytes(file.getValue());
                try {
                    digests.verify(name, bytes);
                    jar = steps.inspect(bytes);
                } catch (ModuleException e) {
                    records.log(ModuleManager.BUNDLED, "install", null, null, "REFUSED", e.code, name + ": " + e.getMessage());
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
                markOffered(j.bsn(), j.version());
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

    /** Records that the platform offered {@code version} of a shipped programme. */
    private void markOffered(String bsn, Version version) {
        Instant now = clock.instant();
        jdbc.tx(c -> {
            if (Jdbc.update(c, "UPDATE core_module_bundled SET version = ?, offered_at = ? WHERE bsn = ?", version.toString(), now, bsn) == 0) {
                Jdbc.update(c, "INSERT INTO core_module_bundled (bsn, version, offered_at) VALUES (?, ?, ?)", bsn, version.toString(), now);
            }
            return null;
        });
    }

    /** Records the content an operation of this node installed for a module. */
    void applied(String bsn, String sha256) {
        applied.put(bsn, sha256);
    }

    /** @return the programmes shipped with the platform and what became of each at the last start; empty before */
    List<BundledModules.Shipped> shipped() {
        return shipped;
    }
}
