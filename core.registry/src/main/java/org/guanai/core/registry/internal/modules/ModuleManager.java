package org.guanai.core.registry.internal.modules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.guanai.core.registry.internal.ClusterLock;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.StartupTask;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.demo.ProgrammeDemoLoader;
import org.guanai.core.registry.internal.modules.JarInspection.JarInfo;
import org.guanai.core.registry.internal.modules.ModuleRecords.Desired;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.programmes.ProgrammeRegistryImpl;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Module administration: installs, updates, stops, starts and uninstalls programme bundles while the platform runs.
 * <p>
 * The desired state ({@code core_module}: which bundle, which content, started or stopped) is the single source of truth;
 * at every start the framework is reconciled to it, so what an admin did survives a restart or a crash. Jars are kept
 * in the database ({@link ModuleStore}), named by their SHA-256. Several nodes on one database follow each other: every
 * change of the desired state raises its version, and each node reconciles to it when the version moved ({@link #follow}).
 * A bundle that is not a bundle, does not resolve, or takes a programme id already in use is refused and the framework
 * is left as it was; an update that fails to start is rolled back to the previous content. Only bundles installed here
 * are managed: the core cannot be stopped or replaced through it. Every operation is logged with its outcome, refusals included (module log and audit log).
 * <p>
 * Installing a module is running code as the server's user. Before anything is stored or installed, a jar is looked at
 * ({@link JarInspection}: entry count, expanded size, entry names) and must pass the {@link SignatureGate}: signed by the
 * trust store ({@code guanai.truststore}), or unsigned modules explicitly allowed; without either, every jar is refused.
 * The programmes shipped inside guanai.jar are trusted instead because their content has the SHA-256 recorded when the
 * platform was built ({@link BundledDigests}). Modules already in the desired state are reconciled as they are: they
 * were accepted when they were installed.
 * <p>
 * A started programme is waited for until its service and routes are up or it really fails ({@link ProgrammeStart}),
 * never refused because a busy machine is slow: the shipped programmes wait without limit, an admin's operation at most
 * {@link ModulesConfig#programmeStartLimitSeconds()}.
 * <p>
 * Operations lock per module ({@link ModuleLocks}): an update waiting for its programme to start never holds up an
 * operation on another module; the reconciliation at start and dropping a programme's data lock every module.
 */
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=org.guanai.core.registry.internal.StartupTask")
@Component(service = ModuleManager.class, immediate = true, configurationPid = ModuleManager.PID)
@Designate(ocd = ModulesConfig.class)
public final class ModuleManager {
    static final String PID = "org.guanai.core.modules";
    public static final String LOCATION_PREFIX = "guanai:module:";
    public static final String TASK = "modules";
    static final String ACTIVE = "ACTIVE";
    static final String STOPPED = "STOPPED";
    /** The actor of the shipped programmes' installs and updates. */
    static final String BUNDLED = "bundled";
    private static final Logger LOG = LoggerFactory.getLogger(ModuleManager.class);
    /** How often each node reads the version of {@code core_module}. */
    static final Duration FOLLOW = Duration.ofSeconds(1);
    private static final long NOT_RECONCILED = Long.MIN_VALUE;

    /** Where a jar comes from: what makes it trusted, and how long its programme is waited for. */
    enum Origin {
        /** An upload, the deploy directory or the console: the signature gate; at most the configured wait. */
        ADMIN,
        /** A programme shipped inside guanai.jar, its digest already checked against the build's: no gate, no limit. */
        SHIPPED
    }

    private final BundleContext context;
    private final FrameworkWiring wiring;
    private final Jdbc jdbc;
    private final ProgrammeRegistryImpl programmes;
    private final AuditLog audit;
    private final CurrentActor actor;
    private final Clock clock = Clock.systemDefaultZone();
    private final ModuleStore store;
    private final ModuleRecords records;
    private final SignatureGate signatures;
    private final JarInspection.Limits limits;
    /** How long an admin's operation waits for its programme; {@code null}: no limit. */
    private final Duration startLimit;
    private final ProgrammeStart starts;
    private final BundleRequirements requirements;
    private final ModuleLocks locks = new ModuleLocks();
    private final ExecutorService reconciler = Executors.newSingleThreadExecutor(r -> new Thread(r, "guanai-modules"));
    /** Polls the version of {@code core_module} and has the reconciler follow a change made on another node. */
    private final ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "guanai-modules-follow");
        t.setDaemon(true);
        return t;
    });
    /** Whether a reconciliation to a changed {@code core_module} is queued and has not started yet. */
    private final AtomicBoolean followQueued = new AtomicBoolean();
    /** The version of {@code core_module} this node's framework was last reconciled to; {@link #NOT_RECONCILED} before the first start. */
    private volatile long reconciledVersion = NOT_RECONCILED;
    private final DataSource dataSource;
    private volatile ServiceRegistration<StartupTask> ready;
    private final ModuleReconciliation reconciliation;
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile HttpServiceRuntime httpRuntime;

    /**
     * @param migrator referenced so that the core schema is migrated before this component starts
     */
    @Activate
    public ModuleManager(BundleContext context, ModulesConfig config,
            @Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference ProgrammeRegistryImpl programmes, @Reference CurrentActor actor,
            @Reference AuditLog audit, @Reference ServiceComponentRuntime scr) throws IOException {
        this.context = context;
        this.audit = audit;
        this.wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        this.jdbc = new Jdbc(dataSource);
        this.programmes = programmes;
        this.actor = actor;
        this.dataSource = dataSource;
        this.store = new ModuleStore(PooledDataSource.dataDirectory(context).resolve("modules"), jdbc, clock);
        this.records = new ModuleRecords(jdbc, audit, actor, clock);
        this.limits = JarInspection.Limits.of(config);
        this.startLimit = config.programmeStartLimitSeconds() > 0 ? Duration.ofSeconds(config.programmeStartLimitSeconds()) : null;
        this.starts = new ProgrammeStart(context, programmes, scr, () -> httpRuntime);
        this.requirements = new BundleRequirements(context);
        this.signatures = SignatureGate.configure(context::getProperty, System::getenv);
        this.reconciliation = new ModuleReconciliation(context, jdbc, records, store, programmes, actor, clock,
                new ModuleReconciliation.Steps() {
                    @Override
                    public void refresh(List<Bundle> bundles) {
                        ModuleManager.this.refresh(bundles);
                    }

                    @Override
                    public JarInfo inspect(byte[] bytes) {
                        return ModuleManager.this.inspect(bytes);
                    }

                    @Override
                    public ModuleResult offer(JarInfo jar) {
                        return ModuleManager.this.offer(jar);
                    }
                });
        if (signatures.closed()) {
            LOG.error("Module administration: {}", signatures.describe());
        } else if (signatures.required() && !signatures.trustStoreConfigured()) {
            LOG.warn("Module administration: {}", signatures.describe());
        } else {
            LOG.info("Module administration: {}", signatures.describe());
        }
        // Installing and starting bundles from inside a component activation would nest bundle events in SCR's own
        // start-up; the reconciliation runs on its own thread and then tells the health check.
        reconciler.execute(this::reconcile);
        follower.scheduleWithFixedDelay(this::pollDesired, FOLLOW.toMillis(), FOLLOW.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        follower.shutdown();
        follower.awaitTermination(10, TimeUnit.SECONDS);
        reconciler.shutdownNow();
        reconciler.awaitTermination(30, TimeUnit.SECONDS);
        ServiceRegistration<StartupTask> r = ready;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered as the bundle stops
            }
        }
    }

    // ---- reconciliation

    /**
     * Brings the framework to the desired state. Installing and starting happen under the lock of every module; waiting
     * for the started programmes does not, because the framework may still be raising its start level, and the deploy directory's
     * installer (called on the start-level thread) needs the lock meanwhile. The programmes shipped with the platform are
     * waited for without limit; the others at most as long as an admin's operation.
     */
    void reconcile() {
        long version = records.version();
        Map<Desired, Bundle> started = new LinkedHashMap<>();
        Set<String> shippedBsns = new HashSet<>();
        int[] failedToRestore = { 0 };
        String outcome = locks.onAll(() -> reconciliation.restoreDesired(started, shippedBsns, failedToRestore, ModuleReconciliation.Guard.HELD));
        int failed = failedToRestore[0];
        long waitStart = System.nanoTime();
        for (Map.Entry<Desired, Bundle> e : started.entrySet()) {
            Desired d = e.getKey();
            Duration limit = shippedBsns.contains(d.bsn()) || startLimit == null ? null
                    : startLimit.minusNanos(System.nanoTime() - waitStart);
            try {
                starts.await(d.programmeId(), e.getValue(), limit == null || !limit.isNegative() ? limit : Duration.ZERO);
            } catch (ModuleException ex) {
                failed++;
                LOG.error("Module {} {} did not start: {} {}", d.bsn(), d.version(), ex.getMessage(), ex.details);
                programmes.failed(d.programmeId(), ex.getMessage() + " " + ex.details);
            }
        }
        if (outcome.equals("DONE")) {
            // one node at a time: a node starting meanwhile finds the shipped programmes offered already
            failed += ClusterLock.holding(dataSource, "modules", reconciliation::offerBundled);
        }
        // a failed reconciliation is tried again at the next poll
        reconciledVersion = outcome.equals("DONE") ? version : version - 1;
        if (outcome.equals("DONE")) {
            LOG.info("Modules reconciled: {} started, {} failed", started.size(), failed);
            outcome = failed == 0 ? "DONE" : "DONE with " + failed + " failed";
        }
        // a trust store that cannot be loaded shows in the health check too
        String result = signatures.closed() ? outcome + " (installs refused: trust store unavailable)" : outcome;
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(StartupTask.NAME, TASK);
        try {
            ready = context.registerService(StartupTask.class, () -> result, props);
        } catch (IllegalStateException stopping) {
            // the bundle is stopping
        }
    }

    /**
     * Several nodes on one database (issue 17): every {@link #FOLLOW} the version of {@code core_module} is read; when
     * another node (or this one) changed it, the reconciler brings this node's framework to the desired state again
     * ({@link #follow}): a module installed, updated, stopped or uninstalled on one node is so on every node shortly after.
     */
    private void pollDesired() {
        try {
            long seen = reconciledVersion;
            if (seen != NOT_RECONCILED && records.version() != seen && followQueued.compareAndSet(false, true)) {
                reconciler.execute(this::follow);
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the version of the modules' desired state now: {}", e.toString()); // the next poll tries again
        }
    }

    /**
     * Reconciles the framework to {@code core_module} as it is now, each module under its own lock. A module busy with an
     * operation of this node is left as it is, and the next poll tries again: waiting for it would also hold back every
     * other module's operation for as long as that one lasts (an upload waits minutes for a slow programme). The started
     * programmes are not waited for: the programme registry shows them as they come up, or as failed.
     */
    void follow() {
        followQueued.set(false);
        long version = records.version();
        Map<Desired, Bundle> started = new LinkedHashMap<>();
        int[] failed = { 0 };
        String outcome = reconciliation.restoreDesired(started, new HashSet<>(), failed, locks::tryOnBundle);
        if (outcome.equals("DONE")) {
            reconciledVersion = version;
            LOG.info("Modules reconciled to the desired state changed in the database (version {}): {} failed", version, failed[0]);
        }
    }

    /** @return the programmes shipped with the platform and what became of each at the last start; empty before */
    List<BundledModules.Shipped> shipped() {
        return reconciliation.shipped();
    }

    // ---- queries

    /** @return every bundle of the framework, with the desired state of the managed ones */
    public List<ModuleView> list() {
        Map<String, Desired> byBsn = new LinkedHashMap<>();
        records.desired().forEach(d -> byBsn.put(d.bsn(), d));
        List<ModuleView> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean managed = b.getLocation().startsWith(LOCATION_PREFIX);
            String pid = b.getHeaders("").get(Programme.MANIFEST_HEADER);
            Optional<ProgrammeStatus> p = pid == null ? Optional.empty() : programmes.programme(pid.trim());
            Desired d = managed ? byBsn.get(b.getSymbolicName()) : null;
            out.add(new ModuleView(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(), state(b), managed, pid,
                    p.map(x -> x.state().name()).orElse(null), p.map(ProgrammeStatus::error).orElse(null),
                    d == null ? null : d.state()));
        }
        return out;
    }

    static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    // ---- operations

    /** Installs and starts a new bundle: an admin's upload or console command. */
    public ModuleResult install(byte[] bytes) {
        String who = actor.get();
        JarInfo jar = inspectLogged(bytes, who, "install");
        return locks.onBundle(jar.bsn(), held -> install(jar, Origin.ADMIN, who, held));
    }

    private ModuleResult install(JarInfo jar, Origin origin, String who, ModuleLocks.Held held) {
        try {
            String trust = admit(jar, origin);
            if (records.managed(jar.bsn()).isPresent() || bundle(jar.bsn()).isPresent()) {
                throw new ModuleException(ModuleException.Kind.CONFLICT, "already_installed", "bundle " + jar.bsn() + " is installed: update it with PUT");
            }
            checkProgrammeId(jar, null);
            List<String> missing = requirements.missing(jar, null);
            if (!missing.isEmpty()) {
                throw new ModuleException(ModuleException.Kind.REFUSED, "unresolved", "bundle " + jar.bsn() + " does not resolve", missing);
            }
            store.keep(jar);
            Bundle b;
            try {
                b = context.installBundle(LOCATION_PREFIX + jar.bsn(), new ByteArrayInputStream(jar.bytes()));
            } catch (BundleException e) {
                throw new ModuleException(ModuleException.Kind.INVALID, "not_installable", e.getMessage());
            }
            try {
                if (!wiring.resolveBundles(List.of(b))) {
                    throw new ModuleException(ModuleException.Kind.REFUSED, "unresolved", "bundle " + jar.bsn() + " does not resolve", List.of(BundleRequirements.resolveError(b)));
                }
                b.start();
                await(jar.programmeId(), b, origin, held);
            } catch (BundleException | ModuleException e) {
                uninstallQuietly(b);
                if (e instanceof ModuleException me) {
                    throw me;
                }
                throw new ModuleException(ModuleException.Kind.REFUSED, "start_failed", "bundle " + jar.bsn() + " failed to start: " + e.getMessage());
            }
            records.installed(jar, ACTIVE, who);
            reconciliation.applied(jar.bsn(), jar.sha256());
            records.log(who, "install", jar.bsn(), jar.version().toString(), "OK", trust);
            return result(b, "installed");
        } catch (ModuleException e) {
            records.log(who, "install", jar.bsn(), jar.version().toString(), "REFUSED", e.code, e.getMessage() + " " + e.details);
            throw e;
        }
    }

    /**
     * Installs the jar, or updates the managed bundle of the same name if its content differs; nothing happens for the
     * same content (the deploy directory hands every file over again at each start). Installing and updating check the
     * signature; the same content is the module's current content, accepted when it was installed, and installs nothing.
     */
    ModuleResult installOrUpdate(byte[] bytes) {
        String who = actor.get();
        JarInfo jar = inspectLogged(bytes, who, "install");
        return locks.onBundle(jar.bsn(), held -> installOrUpdate(jar, Origin.ADMIN, who, held));
    }

    /** {@link #installOrUpdate(byte[])} for a programme shipped with the platform, whose digest was checked. */
    private ModuleResult offer(JarInfo jar) {
        return locks.onBundle(jar.bsn(), held -> installOrUpdate(jar, Origin.SHIPPED, BUNDLED, held));
    }

    private ModuleResult installOrUpdate(JarInfo jar, Origin origin, String who, ModuleLocks.Held held) {
        Optional<Desired> d = records.managed(jar.bsn());
        if (d.isEmpty()) {
            return install(jar, origin, who, held);
        }
        if (d.get().sha256().equals(jar.sha256())) {
            Optional<Bundle> installed = bundle(jar.bsn());
            if (installed.isPresent()) {
                return result(installed.get(), "unchanged");
            }
            // desired but not installed yet: the reconciliation at start installs it
            return new ModuleResult(jar.bsn(), jar.version().toString(), null, null, "unchanged");
        }
        return update(jar.bsn(), jar, origin, who, held);
    }

    /** @return whether a bundle of this name is managed here */
    boolean isManaged(String bsn) {
        return records.managed(bsn).isPresent();
    }

    /** Reports what installing or updating with this jar would do, changing nothing. */
    public DryRunPlan dryRun(byte[] bytes) {
        JarInfo jar = inspect(bytes);
        Optional<Bundle> existing = bundle(jar.bsn());
        List<String> problems = new ArrayList<>();
        Map<String, Object> signature = signatures.report(bytes, store.dir());
        if (signature.containsKey("message")) {
            problems.add(signature.get("outcome") + ": " + signature.get("message"));
        }
        List<String> refreshed = new ArrayList<>();
        List<String> restarted = new ArrayList<>();
        if (existing.isPresent()) {
            Bundle b = existing.get();
            if (!b.getLocation().startsWith(LOCATION_PREFIX)) {
                problems.add("bundle " + jar.bsn() + " is part of the platform and is not managed here");
            }
            for (Bundle d : wiring.getDependencyClosure(List.of(b))) {
                if (d.equals(b)) {
                    continue;
                }
                refreshed.add(d.getSymbolicName());
                if (d.getState() == Bundle.ACTIVE) {
                    restarted.add(d.getSymbolicName());
                }
            }
        }
        try {
            checkProgrammeId(jar, existing.map(Bundle::getSymbolicName).orElse(null));
        } catch (ModuleException e) {
            problems.add(e.getMessage());
        }
        List<String> missing = requirements.missing(jar, existing.orElse(null));
        return new DryRunPlan(jar.bsn(), jar.version().toString(), jar.programmeId(), jar.entries(), jar.uncompressed(), signature,
                existing.isPresent() ? "update" : "install", existing.map(b -> b.getVersion().toString()).orElse(null), refreshed,
                restarted, missing, problems, missing.isEmpty() && problems.isEmpty());
    }

    /** Updates a managed bundle in place: an admin's upload or console command. */
    public ModuleResult update(String bsn, byte[] bytes) {
        String who = actor.get();
        managed(bsn);
        JarInfo jar = inspectLogged(bytes, who, "update");
        return locks.onBundle(bsn, held -> update(bsn, jar, Origin.ADMIN, who, held));
    }

    /** Updates a managed bundle in place; refreshes only what is wired to it; rolls back if the new content fails. */
    private ModuleResult update(String bsn, JarInfo jar, Origin origin, String who, ModuleLocks.Held held) {
        Desired d = managed(bsn);
        Bundle b = installed(bsn);
        String trust;
        try {
            if (!jar.bsn().equals(bsn)) {
                throw new ModuleException(ModuleException.Kind.INVALID, "bsn_mismatch", "the jar is " + jar.bsn() + ", not " + bsn);
            }
            trust = admit(jar, origin);
            checkProgrammeId(jar, bsn);
            List<String> missing = requirements.missing(jar, b);
            if (!missing.isEmpty()) {
                throw new ModuleException(ModuleException.Kind.REFUSED, "unresolved", "the new version of " + bsn + " does not resolve", missing);
            }
        } catch (ModuleException e) {
            records.log(who, "update", bsn, jar.version().toString(), "REFUSED", e.code, e.getMessage() + " " + e.details);
            throw e;
        }
        store.keep(jar);
        byte[] previous = store.read(d.sha256());
        Set<String> gated = new HashSet<>();
        if (d.programmeId() != null) {
            gated.add(d.programmeId());
        }
        if (jar.programmeId() != null) {
            gated.add(jar.programmeId());
        }
        gated.forEach(id -> programmes.setUpdating(id, true));
        long start = System.nanoTime();
        try {
            try {
                b.update(new ByteArrayInputStream(jar.bytes()));
                refresh(List.of(b));
                if (ACTIVE.equals(d.state())) {
                    b.start();
                    await(jar.programmeId(), b, origin, held);
                }
            } catch (BundleException | RuntimeException e) {
                String reason = e.getMessage() + (e instanceof ModuleException me && !me.details.isEmpty() ? " " + me.details : "");
                LOG.warn("Update of {} to {} failed ({}); rolling back to {}", bsn, jar.version(), reason, d.version());
                rollback(b, previous, d);
                records.log(who, "update", bsn, jar.version().toString(), "ROLLED_BACK", "update_failed", reason);
                throw new ModuleException(ModuleException.Kind.REFUSED, "update_failed", "the new version of " + bsn + " failed and " + d.version()
                        + " was restored: " + reason);
            }
            records.updated(bsn, jar, who);
            reconciliation.applied(bsn, jar.sha256());
            records.log(who, "update", bsn, jar.version().toString(), "OK", "from " + d.version() + " in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms, " + trust);
            purgeUnused();
            return result(b, "updated");
        } finally {
            gated.forEach(id -> programmes.setUpdating(id, false));
        }
    }

    /**
     * Why this jar may run here: a programme shipped with the platform (its digest was checked before), or what the
     * signature gate says.
     *
     * @return for the module log: who signed it, or what allowed it unsigned
     * @throws ModuleException the gate's refusal
     */
    private String admit(JarInfo jar, Origin origin) {
        if (origin == Origin.SHIPPED) {
            return "shipped with the platform, SHA-256 " + jar.sha256() + " as recorded when it was built";
        }
        String signer = signatures.require(jar.bytes(), store.dir());
        return signer != null ? "signed by " + signer : "not signed, allowed by " + signatures.unsignedAllowedBy();
    }

    /**
     * Waits for the programme of a jar just started. An admin's operation waits at most {@link #startLimit}, holding its
     * module's lock as the whole operation does. A programme shipped with the platform waits without limit and releases
     * its locks meanwhile: it is offered while the framework starts and runs only once the framework reaches its start
     * level, after the deploy directory's first scan, which may need the same module's lock. Its desired state is written
     * only once it runs, so an operation that gets in meanwhile finds it not managed yet.
     */
    private void await(String programmeId, Bundle b, Origin origin, ModuleLocks.Held held) {
        if (origin == Origin.SHIPPED) {
            held.releaseWhile(() -> starts.await(programmeId, b, null));
        } else {
            starts.await(programmeId, b, startLimit);
        }
    }

    private void rollback(Bundle b, byte[] previous, Desired d) {
        try {
            b.update(new ByteArrayInputStream(previous));
            refresh(List.of(b));
            if (ACTIVE.equals(d.state())) {
                b.start();
            }
        } catch (BundleException | RuntimeException e) {
            LOG.error("Rolling back {} to {} failed too", d.bsn(), d.version(), e);
            if (d.programmeId() != null) {
                programmes.failed(d.programmeId(), "rollback failed: " + e);
            }
        }
    }

    public ModuleResult stop(String bsn) {
        return locks.onBundle(bsn, held -> stop(bsn, actor.get()));
    }

    private ModuleResult stop(String bsn, String who) {
        return switchTo(bsn, who, "stop", STOPPED, "stopped", (d, b) -> b.stop());
    }

    public ModuleResult start(String bsn) {
        return locks.onBundle(bsn, held -> start(bsn, actor.get()));
    }

    private ModuleResult start(String bsn, String who) {
        return switchTo(bsn, who, "start", ACTIVE, "started", (d, b) -> {
            b.start();
            starts.await(d.programmeId(), b, startLimit);
        });
    }

    /** What {@link #switchTo} does to the installed bundle of a managed module. */
    @FunctionalInterface
    private interface Switch {
        void apply(Desired d, Bundle b) throws BundleException;
    }

    /**
     * Starts or stops a managed, installed module ({@code op}) and records {@code desired} as its state; a failure is
     * logged and refused as {@code <op>_failed}.
     */
    private ModuleResult switchTo(String bsn, String who, String op, String desired, String outcome, Switch action) {
        Desired d = managed(bsn);
        Bundle b = installed(bsn);
        try {
            action.apply(d, b);
        } catch (BundleException | ModuleException e) {
            records.log(who, op, bsn, b.getVersion().toString(), "FAILED", op + "_failed", e.getMessage());
            throw new ModuleException(ModuleException.Kind.REFUSED, op + "_failed", e.getMessage());
        }
        records.setDesired(bsn, desired, who);
        records.log(who, op, bsn, b.getVersion().toString(), "OK", null);
        return result(b, outcome);
    }

    /** Removes the jars no module uses any more; a failure only delays that to the next operation. */
    private void purgeUnused() {
        try {
            store.purgeUnused();
        } catch (RuntimeException e) {
            LOG.warn("Unused module jars not removed now: {}", e.toString());
        }
    }

    /** The installed bundle of a module; {@code not_installed} otherwise. */
    private Bundle installed(String bsn) {
        return bundle(bsn).orElseThrow(() -> new ModuleException(ModuleException.Kind.NOT_FOUND, "not_installed", "bundle " + bsn + " is not installed"));
    }

    /** The desired state of a managed module; {@code not_managed} otherwise. */
    private Desired managed(String bsn) {
        return records.managed(bsn).orElseThrow(() -> new ModuleException(ModuleException.Kind.NOT_FOUND, "not_managed", "no managed bundle " + bsn));
    }

    /** Uninstalls a managed bundle. Its data (tables, enablement) is kept: reinstalling it finds everything again. */
    public Uninstalled uninstall(String bsn) {
        return locks.onBundle(bsn, held -> uninstall(bsn, actor.get()));
    }

    private Uninstalled uninstall(String bsn, String who) {
        Desired d = managed(bsn);
        Optional<Bundle> b = bundle(bsn);
        if (b.isPresent()) {
            try {
                b.get().uninstall();
                refresh(List.of(b.get()));
            } catch (BundleException e) {
                records.log(who, "uninstall", bsn, d.version(), "FAILED", "uninstall_failed", e.getMessage());
                throw new ModuleException(ModuleException.Kind.REFUSED, "uninstall_failed", e.getMessage());
            }
        }
        records.uninstalled(bsn);
        records.log(who, "uninstall", bsn, d.version(), "OK", "data kept");
        purgeUnused();
        return Uninstalled.of(bsn, d.version());
    }

    /**
     * Drops a programme's data: its tables ({@code <id>_…}, the schema history included) and its enablement. Only for a
     * programme that is not installed, and only with the programme id typed again as confirmation.
     */
    public Purged purge(String programmeId, String confirmation) {
        return locks.onAll(() -> purge(programmeId, confirmation, actor.get()));
    }

    private Purged purge(String programmeId, String confirmation, String who) {
        if (!ProgrammeInfo.ID.matcher(programmeId).matches()) {
            throw new ModuleException(ModuleException.Kind.NOT_FOUND, "not_found", "no programme id " + programmeId);
        }
        if (!programmeId.equals(confirmation)) {
            throw new ModuleException(ModuleException.Kind.INVALID, "confirmation_required", "type the programme id '" + programmeId
                    + "' as \"confirm\" to drop its data");
        }
        for (Bundle b : context.getBundles()) {
            String pid = b.getHeaders("").get(Programme.MANIFEST_HEADER);
            if (pid != null && pid.trim().equals(programmeId)) {
                throw new ModuleException(ModuleException.Kind.CONFLICT, "programme_installed", "programme '" + programmeId + "' is installed (bundle "
                        + b.getSymbolicName() + "): uninstall it first");
            }
        }
        List<String> dropped = jdbc.tx(c -> {
            List<String> tables = new ArrayList<>();
            try (java.sql.ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] { "TABLE" })) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    if (name.toLowerCase(java.util.Locale.ROOT).startsWith(programmeId + "_")) {
                        tables.add(name);
                    }
                }
            }
            for (String t : tables) {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("DROP TABLE \"" + t.replace("\"", "") + "\" CASCADE");
                }
            }
            Jdbc.update(c, "DELETE FROM core_programme_school WHERE programme_id = ?", programmeId);
            ProgrammeRegistryImpl.enablementChanged(c);
            Jdbc.update(c, "DELETE FROM core_demo WHERE part IN (?, ?)", ProgrammeDemoLoader.content(programmeId),
                    ProgrammeDemoLoader.enablement(programmeId));
            return tables;
        });
        programmes.forget(programmeId);
        records.log(who, "purge", programmeId, null, "OK", "dropped " + dropped);
        return new Purged(programmeId, dropped);
    }

    // ---- helpers

    /** The module log, the newest first: for the module log endpoint and tests. */
    public List<ModuleOperation> operations(int limit) {
        return records.operations(limit);
    }

    private static ModuleResult result(Bundle b, String what) {
        return new ModuleResult(b.getSymbolicName(), b.getVersion().toString(), b.getBundleId(), state(b), what);
    }


    /** Looks at the jar before anything else ({@link JarInspection}); refuses what is no bundle or unsafe. */
    JarInfo inspect(byte[] bytes) {
        return JarInspection.inspect(bytes, store.dir(), limits);
    }

    /** {@link #inspect}, with a refusal written to the module log and the audit log. */
    private JarInfo inspectLogged(byte[] bytes, String who, String operation) {
        try {
            return inspect(bytes);
        } catch (ModuleException e) {
            records.log(who, operation, null, null, "REFUSED", e.code, e.getMessage() + " " + e.details);
            throw e;
        }
    }

    private void checkProgrammeId(JarInfo jar, String selfBsn) {
        if (jar.programmeId() == null) {
            return;
        }
        for (Bundle b : context.getBundles()) {
            String other = b.getHeaders("").get(Programme.MANIFEST_HEADER);
            if (other != null && other.trim().equals(jar.programmeId()) && !b.getSymbolicName().equals(selfBsn)) {
                throw new ModuleException(ModuleException.Kind.CONFLICT, "programme_id_taken", "programme id '" + jar.programmeId()
                        + "' is taken by bundle " + b.getSymbolicName());
            }
        }
        Optional<ProgrammeStatus> running = programmes.programme(jar.programmeId());
        if (running.isPresent() && !running.get().bundle().equals(selfBsn) && !running.get().bundle().equals(jar.bsn())) {
            throw new ModuleException(ModuleException.Kind.CONFLICT, "programme_id_taken", "programme id '" + jar.programmeId()
                    + "' is taken by bundle " + running.get().bundle());
        }
    }

    private void refresh(List<Bundle> bundles) {
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            if (!done.await(60, TimeUnit.SECONDS)) {
                LOG.warn("Refreshing {} did not finish within 60 s", bundles);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void uninstallQuietly(Bundle b) {
        try {
            b.uninstall();
            refresh(List.of(b));
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("Could not uninstall {} after a failed install", b, e);
        }
    }

    private Optional<Bundle> bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }






}
