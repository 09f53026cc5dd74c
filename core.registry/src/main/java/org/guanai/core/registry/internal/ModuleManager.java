package org.guanai.core.registry.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import javax.sql.DataSource;

import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.dto.FailedResourceDTO;
import org.osgi.service.servlet.runtime.dto.FailedServletDTO;
import org.osgi.service.servlet.runtime.dto.ResourceDTO;
import org.osgi.service.servlet.runtime.dto.RuntimeDTO;
import org.osgi.service.servlet.runtime.dto.ServletContextDTO;
import org.osgi.service.servlet.runtime.dto.ServletDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Module administration: installs, updates, stops, starts and uninstalls programme bundles while the platform runs.
 * <p>
 * The desired state ({@code core_module}: which bundle, which content, started or stopped) is the single source of truth;
 * at every start the framework is reconciled to it, so what an admin did survives a restart or a crash. Jars are kept
 * under {@code <data>/modules}, named by their SHA-256. A bundle that is not a bundle, does not resolve, or takes a
 * programme id already in use is refused and the framework is left as it was; an update that fails to start is rolled
 * back to the previous content. Only bundles installed here are managed: the core cannot be stopped or replaced through
 * it. Every operation is logged with its outcome.
 * <p>
 * With a trust store configured ({@code guanai.truststore}, see {@link SignatureGate}), a jar that is not signed by a
 * certificate of that store is refused before anything is stored or installed. Modules already in the desired state are
 * reconciled as they are: they were accepted when they were installed.
 */
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=org.guanai.core.registry.internal.StartupTask")
@Component(service = ModuleManager.class, immediate = true)
public final class ModuleManager {
    static final String LOCATION_PREFIX = "guanai:module:";
    static final String TASK = "modules";
    static final String ACTIVE = "ACTIVE";
    static final String STOPPED = "STOPPED";
    private static final Logger LOG = LoggerFactory.getLogger(ModuleManager.class);
    private static final long PROGRAMME_START_TIMEOUT_MS = 10_000;

    /** A jar looked at before anything is installed. */
    record JarInfo(String bsn, Version version, String programmeId, Manifest manifest, byte[] bytes, String sha256) {
    }

    /** A row of {@code core_module}. */
    record Desired(String bsn, String version, String programmeId, String sha256, String state) {
    }

    private final BundleContext context;
    private final FrameworkWiring wiring;
    private final Jdbc jdbc;
    private final ProgrammeRegistryImpl programmes;
    private final AuditLog audit;
    private final CurrentActor actor;
    private final Clock clock = Clock.systemDefaultZone();
    private final Path store;
    private final SignatureGate signatures;
    private final ExecutorService reconciler = Executors.newSingleThreadExecutor(r -> new Thread(r, "guanai-modules"));
    private volatile ServiceRegistration<StartupTask> ready;
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile HttpServiceRuntime httpRuntime;

    /**
     * @param migrator referenced so that the core schema is migrated before this component starts
     */
    @Activate
    public ModuleManager(BundleContext context,
            @Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference ProgrammeRegistryImpl programmes, @Reference CurrentActor actor,
            @Reference AuditLog audit) throws IOException {
        this.context = context;
        this.audit = audit;
        this.wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        this.jdbc = new Jdbc(dataSource);
        this.programmes = programmes;
        this.actor = actor;
        this.store = PooledDataSource.dataDirectory(context).resolve("modules");
        Files.createDirectories(store);
        this.signatures = SignatureGate.configure(context::getProperty);
        if (signatures.closed()) {
            LOG.error("Module administration: {}", signatures.describe());
        } else {
            LOG.info("Module administration: {}", signatures.describe());
        }
        // Installing and starting bundles from inside a component activation would nest bundle events in SCR's own
        // start-up; the reconciliation runs on its own thread and then tells the health check.
        reconciler.execute(this::reconcile);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
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
     * Brings the framework to the desired state. Installing and starting happen under the lock; waiting for the started
     * programmes does not, because the framework may still be raising its start level, and the deploy directory's
     * installer (called on the start-level thread) needs the lock meanwhile.
     */
    void reconcile() {
        String outcome = "DONE";
        Map<Desired, Bundle> started = new LinkedHashMap<>();
        int failed = 0;
        synchronized (this) {
        try {
            List<Desired> desired = desired();
            Set<String> wanted = new java.util.HashSet<>();
            desired.forEach(d -> wanted.add(LOCATION_PREFIX + d.bsn()));
            List<Bundle> strays = new ArrayList<>();
            for (Bundle b : context.getBundles()) {
                if (b.getLocation().startsWith(LOCATION_PREFIX) && !wanted.contains(b.getLocation())) {
                    strays.add(b);
                }
            }
            for (Bundle b : strays) {
                LOG.info("Removing {}: not in the desired state", b.getSymbolicName());
                b.uninstall();
            }
            if (!strays.isEmpty()) {
                refresh(strays);
            }
            for (Desired d : desired) {
                try {
                    byte[] bytes = Files.readAllBytes(file(d.sha256()));
                    Bundle b = context.getBundle(LOCATION_PREFIX + d.bsn());
                    if (b == null) {
                        b = context.installBundle(LOCATION_PREFIX + d.bsn(), new ByteArrayInputStream(bytes));
                    } else if (!b.getVersion().toString().equals(d.version())) {
                        b.update(new ByteArrayInputStream(bytes));
                        refresh(List.of(b));
                    }
                    if (ACTIVE.equals(d.state())) {
                        b.start();
                        started.put(d, b);
                    } else if (b.getState() == Bundle.ACTIVE) {
                        b.stop();
                    }
                } catch (IOException | BundleException | RuntimeException e) {
                    failed++;
                    LOG.error("Module {} {} could not be brought to {}", d.bsn(), d.version(), d.state(), e);
                    if (d.programmeId() != null) {
                        programmes.failed(d.programmeId(), e.toString());
                    }
                }
            }
        } catch (RuntimeException | BundleException e) {
            LOG.error("Reconciling modules failed", e);
            outcome = "FAILED: " + e.getMessage();
        }
        }
        for (Map.Entry<Desired, Bundle> e : started.entrySet()) {
            Desired d = e.getKey();
            try {
                awaitProgramme(d.programmeId(), e.getValue());
            } catch (ModuleException ex) {
                failed++;
                LOG.error("Module {} {} did not start: {} {}", d.bsn(), d.version(), ex.getMessage(), ex.details);
                programmes.failed(d.programmeId(), ex.getMessage() + " " + ex.details);
            }
        }
        if (outcome.equals("DONE")) {
            failed += offerBundled();
        }
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
     * Offers the programmes shipped with the platform to module administration ({@link BundledModules}).
     *
     * @return how many could not be installed or updated
     */
    int offerBundled() {
        List<Path> jars;
        try {
            jars = BundledModules.jars(context.getProperty(BundledModules.DIRECTORY_PROPERTY));
        } catch (IOException e) {
            LOG.error("Bundled programmes could not be listed", e);
            return 1;
        }
        int failed = 0;
        for (Path file : jars) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                JarInfo jar = inspect(bytes);
                Optional<Version> offered = jdbc.read(c -> Jdbc.one(c, "SELECT version FROM core_module_bundled WHERE bsn = ?",
                        rs -> Version.parseVersion(rs.getString(1)), jar.bsn()));
                Optional<Version> current;
                synchronized (this) {
                    current = managed(jar.bsn()).map(d -> Version.parseVersion(d.version()));
                }
                BundledModules.Action action = BundledModules.decide(offered, current, jar.version());
                if (action != BundledModules.Action.SKIP) {
                    Map<String, Object> r = actor.as("bundled", () -> installOrUpdate(bytes));
                    LOG.info("Bundled programme {} {}: {}", jar.bsn(), jar.version(), r.get("result"));
                }
                Instant now = clock.instant();
                jdbc.tx(c -> {
                    if (Jdbc.update(c, "UPDATE core_module_bundled SET version = ?, offered_at = ? WHERE bsn = ?",
                            jar.version().toString(), now, jar.bsn()) == 0) {
                        Jdbc.update(c, "INSERT INTO core_module_bundled (bsn, version, offered_at) VALUES (?, ?, ?)", jar.bsn(),
                                jar.version().toString(), now);
                    }
                    return null;
                });
            } catch (IOException | RuntimeException e) {
                failed++;
                LOG.error("Bundled programme {} could not be installed: {}", file.getFileName(), e.getMessage(),
                        e instanceof ModuleException ? null : e);
            }
        }
        return failed;
    }

    // ---- queries

    /** @return every bundle of the framework, with the desired state of the managed ones */
    synchronized List<Map<String, Object>> list() {
        Map<String, Desired> byBsn = new LinkedHashMap<>();
        desired().forEach(d -> byBsn.put(d.bsn(), d));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.getBundleId());
            m.put("bsn", b.getSymbolicName());
            m.put("version", b.getVersion().toString());
            m.put("state", state(b));
            boolean managed = b.getLocation().startsWith(LOCATION_PREFIX);
            m.put("managed", managed);
            String pid = b.getHeaders("").get(Programme.MANIFEST_HEADER);
            m.put("programme", pid);
            if (pid != null) {
                programmes.programme(pid.trim()).ifPresent(p -> {
                    m.put("programmeState", p.state());
                    m.put("error", p.error());
                });
            }
            Desired d = managed ? byBsn.get(b.getSymbolicName()) : null;
            m.put("desiredState", d == null ? null : d.state());
            out.add(m);
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

    /** Installs and starts a new bundle. */
    synchronized Map<String, Object> install(byte[] bytes) {
        String who = actor.get();
        JarInfo jar = null;
        try {
            jar = inspect(bytes);
            String signer = signatures.require(bytes, store);
            if (managed(jar.bsn()).isPresent() || bundle(jar.bsn()).isPresent()) {
                throw new ModuleException(409, "already_installed", "bundle " + jar.bsn() + " is installed: update it with PUT");
            }
            checkProgrammeId(jar, null);
            List<String> missing = missingRequirements(jar, null);
            if (!missing.isEmpty()) {
                throw new ModuleException(422, "unresolved", "bundle " + jar.bsn() + " does not resolve", missing);
            }
            keep(jar);
            Bundle b;
            try {
                b = context.installBundle(LOCATION_PREFIX + jar.bsn(), new ByteArrayInputStream(jar.bytes()));
            } catch (BundleException e) {
                throw new ModuleException(400, "not_installable", e.getMessage());
            }
            try {
                if (!wiring.resolveBundles(List.of(b))) {
                    throw new ModuleException(422, "unresolved", "bundle " + jar.bsn() + " does not resolve", List.of(resolveError(b)));
                }
                b.start();
                awaitProgramme(jar.programmeId(), b);
            } catch (BundleException | ModuleException e) {
                uninstallQuietly(b);
                if (e instanceof ModuleException me) {
                    throw me;
                }
                throw new ModuleException(422, "start_failed", "bundle " + jar.bsn() + " failed to start: " + e.getMessage());
            }
            JarInfo j = jar;
            Instant now = clock.instant();
            jdbc.tx(c -> Jdbc.update(c, "INSERT INTO core_module (bsn, version, programme_id, sha256, desired_state, installed_at,"
                    + " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", j.bsn(), j.version().toString(), j.programmeId(),
                    j.sha256(), ACTIVE, now, now, who));
            log(who, "install", jar.bsn(), jar.version().toString(), "OK", signer == null ? null : "signed by " + signer);
            return result(b, "installed");
        } catch (ModuleException e) {
            log(who, "install", jar == null ? null : jar.bsn(), jar == null ? null : jar.version().toString(), "REFUSED",
                    e.getMessage() + " " + e.details);
            throw e;
        }
    }

    /**
     * Installs the jar, or updates the managed bundle of the same name if its content differs; nothing happens for the
     * same content (the deploy directory hands every file over again at each start). Installing and updating check the
     * signature; the same content is the module's current content, accepted when it was installed, and installs nothing.
     */
    synchronized Map<String, Object> installOrUpdate(byte[] bytes) {
        JarInfo jar = inspect(bytes);
        Optional<Desired> d = managed(jar.bsn());
        if (d.isEmpty()) {
            return install(bytes);
        }
        if (d.get().sha256().equals(jar.sha256())) {
            Optional<Bundle> installed = bundle(jar.bsn());
            if (installed.isPresent()) {
                return result(installed.get(), "unchanged");
            }
            // desired but not installed yet: the reconciliation at start installs it
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bsn", jar.bsn());
            m.put("version", jar.version().toString());
            m.put("result", "unchanged");
            return m;
        }
        return update(jar.bsn(), bytes);
    }

    /** @return whether a bundle of this name is managed here */
    synchronized boolean isManaged(String bsn) {
        return managed(bsn).isPresent();
    }

    /** Reports what installing or updating with this jar would do, changing nothing. */
    synchronized Map<String, Object> dryRun(byte[] bytes) {
        JarInfo jar = inspect(bytes);
        Optional<Bundle> existing = bundle(jar.bsn());
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("bsn", jar.bsn());
        plan.put("version", jar.version().toString());
        plan.put("programme", jar.programmeId());
        List<String> problems = new ArrayList<>();
        Map<String, Object> signature = signatures.report(bytes, store);
        plan.put("signature", signature);
        if (signature.containsKey("message")) {
            problems.add(signature.get("outcome") + ": " + signature.get("message"));
        }
        if (existing.isPresent()) {
            Bundle b = existing.get();
            plan.put("action", "update");
            plan.put("currentVersion", b.getVersion().toString());
            if (!b.getLocation().startsWith(LOCATION_PREFIX)) {
                problems.add("bundle " + jar.bsn() + " is part of the platform and is not managed here");
            }
            List<String> refreshed = new ArrayList<>();
            List<String> restarted = new ArrayList<>();
            for (Bundle d : wiring.getDependencyClosure(List.of(b))) {
                if (d.equals(b)) {
                    continue;
                }
                refreshed.add(d.getSymbolicName());
                if (d.getState() == Bundle.ACTIVE) {
                    restarted.add(d.getSymbolicName());
                }
            }
            plan.put("refreshed", refreshed);
            plan.put("restarted", restarted);
        } else {
            plan.put("action", "install");
            plan.put("refreshed", List.of());
            plan.put("restarted", List.of());
        }
        try {
            checkProgrammeId(jar, existing.map(Bundle::getSymbolicName).orElse(null));
        } catch (ModuleException e) {
            problems.add(e.getMessage());
        }
        List<String> missing = missingRequirements(jar, existing.orElse(null));
        plan.put("missingRequirements", missing);
        plan.put("problems", problems);
        plan.put("ok", missing.isEmpty() && problems.isEmpty());
        return plan;
    }

    /** Updates a managed bundle in place; refreshes only what is wired to it; rolls back if the new content fails. */
    synchronized Map<String, Object> update(String bsn, byte[] bytes) {
        String who = actor.get();
        Desired d = managed(bsn).orElseThrow(() -> new ModuleException(404, "not_managed", "no managed bundle " + bsn));
        Bundle b = bundle(bsn).orElseThrow(() -> new ModuleException(404, "not_installed", "bundle " + bsn + " is not installed"));
        JarInfo jar = inspect(bytes);
        String signer;
        try {
            signer = signatures.require(bytes, store);
        } catch (ModuleException e) {
            log(who, "update", bsn, jar.version().toString(), "REFUSED", e.getMessage() + " " + e.details);
            throw e;
        }
        if (!jar.bsn().equals(bsn)) {
            throw new ModuleException(400, "bsn_mismatch", "the jar is " + jar.bsn() + ", not " + bsn);
        }
        checkProgrammeId(jar, bsn);
        List<String> missing = missingRequirements(jar, b);
        if (!missing.isEmpty()) {
            log(who, "update", bsn, jar.version().toString(), "REFUSED", "unresolved " + missing);
            throw new ModuleException(422, "unresolved", "the new version of " + bsn + " does not resolve", missing);
        }
        keep(jar);
        byte[] previous = read(d.sha256());
        Set<String> gated = new java.util.HashSet<>();
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
                    awaitProgramme(jar.programmeId(), b);
                }
            } catch (BundleException | RuntimeException e) {
                String reason = e.getMessage();
                LOG.warn("Update of {} to {} failed ({}); rolling back to {}", bsn, jar.version(), reason, d.version());
                rollback(b, previous, d);
                log(who, "update", bsn, jar.version().toString(), "ROLLED_BACK", reason);
                throw new ModuleException(422, "update_failed", "the new version of " + bsn + " failed and " + d.version()
                        + " was restored: " + reason);
            }
            Instant now = clock.instant();
            jdbc.tx(c -> Jdbc.update(c, "UPDATE core_module SET version = ?, programme_id = ?, sha256 = ?, updated_at = ?,"
                    + " updated_by = ? WHERE bsn = ?", jar.version().toString(), jar.programmeId(), jar.sha256(), now, who, bsn));
            log(who, "update", bsn, jar.version().toString(), "OK", "from " + d.version() + " in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms" + (signer == null ? "" : ", signed by " + signer));
            return result(b, "updated");
        } finally {
            gated.forEach(id -> programmes.setUpdating(id, false));
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

    synchronized Map<String, Object> stop(String bsn) {
        String who = actor.get();
        managed(bsn).orElseThrow(() -> new ModuleException(404, "not_managed", "no managed bundle " + bsn));
        Bundle b = bundle(bsn).orElseThrow(() -> new ModuleException(404, "not_installed", "bundle " + bsn + " is not installed"));
        try {
            b.stop();
        } catch (BundleException e) {
            log(who, "stop", bsn, b.getVersion().toString(), "FAILED", e.getMessage());
            throw new ModuleException(422, "stop_failed", e.getMessage());
        }
        setDesired(bsn, STOPPED, who);
        log(who, "stop", bsn, b.getVersion().toString(), "OK", null);
        return result(b, "stopped");
    }

    synchronized Map<String, Object> start(String bsn) {
        String who = actor.get();
        Desired d = managed(bsn).orElseThrow(() -> new ModuleException(404, "not_managed", "no managed bundle " + bsn));
        Bundle b = bundle(bsn).orElseThrow(() -> new ModuleException(404, "not_installed", "bundle " + bsn + " is not installed"));
        try {
            b.start();
            awaitProgramme(d.programmeId(), b);
        } catch (BundleException | ModuleException e) {
            log(who, "start", bsn, b.getVersion().toString(), "FAILED", e.getMessage());
            throw new ModuleException(422, "start_failed", e.getMessage());
        }
        setDesired(bsn, ACTIVE, who);
        log(who, "start", bsn, b.getVersion().toString(), "OK", null);
        return result(b, "started");
    }

    /** Uninstalls a managed bundle. Its data (tables, enablement) is kept: reinstalling it finds everything again. */
    synchronized Map<String, Object> uninstall(String bsn) {
        String who = actor.get();
        Desired d = managed(bsn).orElseThrow(() -> new ModuleException(404, "not_managed", "no managed bundle " + bsn));
        Optional<Bundle> b = bundle(bsn);
        if (b.isPresent()) {
            try {
                b.get().uninstall();
                refresh(List.of(b.get()));
            } catch (BundleException e) {
                log(who, "uninstall", bsn, d.version(), "FAILED", e.getMessage());
                throw new ModuleException(422, "uninstall_failed", e.getMessage());
            }
        }
        jdbc.tx(c -> Jdbc.update(c, "DELETE FROM core_module WHERE bsn = ?", bsn));
        log(who, "uninstall", bsn, d.version(), "OK", "data kept");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bsn", bsn);
        m.put("version", d.version());
        m.put("result", "uninstalled");
        m.put("dataKept", true);
        return m;
    }

    /**
     * Drops a programme's data: its tables ({@code <id>_…}, the schema history included) and its enablement. Only for a
     * programme that is not installed, and only with the programme id typed again as confirmation.
     */
    synchronized Map<String, Object> purge(String programmeId, String confirmation) {
        String who = actor.get();
        if (!ProgrammeInfo.ID.matcher(programmeId).matches()) {
            throw new ModuleException(404, "not_found", "no programme id " + programmeId);
        }
        if (!programmeId.equals(confirmation)) {
            throw new ModuleException(400, "confirmation_required", "type the programme id '" + programmeId
                    + "' as \"confirm\" to drop its data");
        }
        for (Bundle b : context.getBundles()) {
            String pid = b.getHeaders("").get(Programme.MANIFEST_HEADER);
            if (pid != null && pid.trim().equals(programmeId)) {
                throw new ModuleException(409, "programme_installed", "programme '" + programmeId + "' is installed (bundle "
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
            Jdbc.update(c, "DELETE FROM core_demo WHERE part = ?", "programme:" + programmeId);
            return tables;
        });
        programmes.forget(programmeId);
        log(who, "purge", programmeId, null, "OK", "dropped " + dropped);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("programme", programmeId);
        m.put("droppedTables", dropped);
        return m;
    }

    // ---- helpers

    private Map<String, Object> result(Bundle b, String what) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bsn", b.getSymbolicName());
        m.put("version", b.getVersion().toString());
        m.put("id", b.getBundleId());
        m.put("state", state(b));
        m.put("result", what);
        return m;
    }

    /** Reads the manifest: a jar that is no OSGi bundle is refused. */
    JarInfo inspect(byte[] bytes) {
        Manifest mf;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bytes))) {
            mf = in.getManifest();
        } catch (IOException e) {
            throw new ModuleException(400, "not_a_bundle", "not a jar file: " + e.getMessage());
        }
        if (mf == null) {
            throw new ModuleException(400, "not_a_bundle", "not a jar file with a manifest");
        }
        String bsnHeader = mf.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (bsnHeader == null || !"2".equals(mf.getMainAttributes().getValue(Constants.BUNDLE_MANIFESTVERSION))) {
            throw new ModuleException(400, "not_a_bundle", "the jar has no OSGi bundle manifest (Bundle-SymbolicName, Bundle-ManifestVersion: 2)");
        }
        String bsn = bsnHeader.split(";")[0].trim();
        Version version;
        try {
            version = Version.parseVersion(mf.getMainAttributes().getValue(Constants.BUNDLE_VERSION));
        } catch (IllegalArgumentException e) {
            throw new ModuleException(400, "not_a_bundle", "invalid Bundle-Version: " + e.getMessage());
        }
        String pid = mf.getMainAttributes().getValue(Programme.MANIFEST_HEADER);
        if (pid != null) {
            pid = pid.trim();
            if (!ProgrammeInfo.ID.matcher(pid).matches()) {
                throw new ModuleException(400, "invalid_programme_id", "programme id must match " + ProgrammeInfo.ID + ": " + pid);
            }
        }
        return new JarInfo(bsn, version, pid, mf, bytes, sha256(bytes));
    }

    private void checkProgrammeId(JarInfo jar, String selfBsn) {
        if (jar.programmeId() == null) {
            return;
        }
        for (Bundle b : context.getBundles()) {
            String other = b.getHeaders("").get(Programme.MANIFEST_HEADER);
            if (other != null && other.trim().equals(jar.programmeId()) && !b.getSymbolicName().equals(selfBsn)) {
                throw new ModuleException(409, "programme_id_taken", "programme id '" + jar.programmeId()
                        + "' is taken by bundle " + b.getSymbolicName());
            }
        }
        Optional<ProgrammeStatus> running = programmes.programme(jar.programmeId());
        if (running.isPresent() && !running.get().bundle().equals(selfBsn) && !running.get().bundle().equals(jar.bsn())) {
            throw new ModuleException(409, "programme_id_taken", "programme id '" + jar.programmeId()
                    + "' is taken by bundle " + running.get().bundle());
        }
    }

    /**
     * The mandatory requirements of the jar ({@code Import-Package}, {@code Require-Bundle}, {@code Require-Capability})
     * that no installed bundle (other than {@code replaced}) nor the jar itself provides. A check before anything is
     * installed; the framework's resolver has the last word when the bundle is installed.
     */
    List<String> missingRequirements(JarInfo jar, Bundle replaced) {
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
        Set<String> ownPackages = new java.util.HashSet<>();
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
            if ("optional".equals(c.directives().get(Constants.RESOLUTION_DIRECTIVE)) || !Constants.EFFECTIVE_RESOLVE.equals(effective)) {
                continue;
            }
            String filter = c.directives().get(Constants.FILTER_DIRECTIVE);
            try {
                org.osgi.framework.Filter f = filter == null ? null : FrameworkUtil.createFilter(filter);
                if (!provided(others, c.name(), cap -> f == null || f.matches(cap.getAttributes()))) {
                    missing.add("Require-Capability: " + c.name() + (filter == null ? "" : ";filter:=\"" + filter + "\""));
                }
            } catch (InvalidSyntaxException e) {
                missing.add("Require-Capability: " + c.name() + " has an invalid filter " + filter);
            }
        }
        return missing;
    }

    private static boolean provided(Collection<BundleRevision> revisions, String namespace,
            java.util.function.Predicate<BundleCapability> matches) {
        for (BundleRevision r : revisions) {
            for (BundleCapability cap : r.getDeclaredCapabilities(namespace)) {
                if (matches.test(cap)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String resolveError(Bundle b) {
        BundleRevision r = b.adapt(BundleRevision.class);
        List<String> reqs = new ArrayList<>();
        for (BundleRequirement req : r.getDeclaredRequirements(null)) {
            reqs.add(req.getNamespace() + " " + req.getDirectives().getOrDefault("filter", ""));
        }
        return "the framework could not resolve it; its requirements: " + reqs;
    }

    /**
     * Waits until the programme's service is up. A component of the bundle that fails to activate fails the operation at
     * once, with the component's own error.
     */
    private void awaitProgramme(String programmeId, Bundle bundle) {
        if (programmeId == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROGRAMME_START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (programmes.service(programmeId).isPresent() && routesLive(bundle)) {
                return;
            }
            List<String> failures = programmes.componentFailures(bundle);
            if (!failures.isEmpty()) {
                programmes.failed(programmeId, String.join("; ", failures));
                throw new ModuleException(422, "programme_failed", "programme '" + programmeId + "' failed to activate", failures);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModuleException(503, "interrupted", "interrupted while waiting for programme " + programmeId);
            }
        }
        throw new ModuleException(422, "programme_failed", "programme '" + programmeId + "' registered no Programme service within "
                + PROGRAMME_START_TIMEOUT_MS / 1000 + " s", programmes.componentFailures(bundle));
    }

    /**
     * Whether every servlet and resource the bundle registered on the whiteboard is live in the HTTP runtime: until then
     * the programme counts as still starting (its routes answer 503), never as a route that is not there (404).
     */
    private boolean routesLive(Bundle bundle) {
        HttpServiceRuntime runtime = httpRuntime;
        ServiceReference<?>[] registered = bundle.getRegisteredServices();
        if (runtime == null || registered == null) {
            return true;
        }
        Set<Long> wanted = new java.util.HashSet<>();
        for (ServiceReference<?> ref : registered) {
            String[] classes = (String[]) ref.getProperty(Constants.OBJECTCLASS);
            boolean servlet = classes != null && java.util.Arrays.asList(classes).contains("jakarta.servlet.Servlet");
            if (servlet || ref.getProperty("osgi.http.whiteboard.resource.pattern") != null) {
                wanted.add((Long) ref.getProperty(Constants.SERVICE_ID));
            }
        }
        if (wanted.isEmpty()) {
            return true;
        }
        RuntimeDTO dto = runtime.getRuntimeDTO();
        for (ServletContextDTO context : dto.servletContextDTOs) {
            for (ServletDTO servlet : context.servletDTOs) {
                wanted.remove(servlet.serviceId);
            }
            for (ResourceDTO resource : context.resourceDTOs) {
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

    private List<Desired> desired() {
        return jdbc.read(c -> Jdbc.list(c, "SELECT bsn, version, programme_id, sha256, desired_state FROM core_module ORDER BY installed_at, bsn",
                rs -> new Desired(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))));
    }

    private Optional<Desired> managed(String bsn) {
        return desired().stream().filter(d -> d.bsn().equals(bsn)).findFirst();
    }

    private void setDesired(String bsn, String state, String who) {
        Instant now = clock.instant();
        jdbc.tx(c -> Jdbc.update(c, "UPDATE core_module SET desired_state = ?, updated_at = ?, updated_by = ? WHERE bsn = ?",
                state, now, who, bsn));
    }

    private void log(String who, String operation, String bsn, String version, String outcome, String detail) {
        LOG.info("Module {} {} {}: {}{}", operation, bsn, version, outcome, detail == null ? "" : " (" + detail + ")");
        String d = detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail;
        Instant now = clock.instant();
        // the module log and the audit log (审计日志) in one transaction, once the outcome is known
        actor.as(who, () -> audit.tx(jdbc, c -> {
            Jdbc.update(c, "INSERT INTO core_module_log (at, actor, operation, bsn, version, outcome, detail)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", now, who, operation, bsn, version, outcome, d);
            audit.append(c, AuditLog.Event.of(AuditActions.MODULE + operation.toUpperCase(java.util.Locale.ROOT), "module",
                    bsn == null ? "-" : bsn).outcome(outcome.length() > 20 ? outcome.substring(0, 20) : outcome)
                    .detail((version == null ? "" : version) + (d == null ? "" : " " + d)));
            return null;
        }));
    }

    /** Writes the jar under its hash, atomically: a crash never leaves half a file under a valid name. */
    private void keep(JarInfo jar) {
        Path target = file(jar.sha256());
        if (Files.exists(target)) {
            return;
        }
        try {
            Path tmp = Files.createTempFile(store, "upload-", ".tmp");
            Files.write(tmp, jar.bytes());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + jar.bsn(), e);
        }
    }

    private byte[] read(String sha) {
        try {
            return Files.readAllBytes(file(sha));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String sha) {
        return store.resolve(sha + ".jar");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For the module log endpoint and tests. */
    List<Map<String, Object>> operations(int limit) {
        return jdbc.read(c -> Jdbc.list(c, "SELECT * FROM core_module_log ORDER BY id DESC LIMIT ?", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", Jdbc.instant(rs, "at"));
            m.put("actor", rs.getString("actor"));
            m.put("operation", rs.getString("operation"));
            m.put("bsn", rs.getString("bsn"));
            m.put("version", rs.getString("version"));
            m.put("outcome", rs.getString("outcome"));
            m.put("detail", rs.getString("detail"));
            return m;
        }, limit));
    }
}
