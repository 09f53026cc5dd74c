package org.guanai.core.registry.internal.demo;

import static org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeDemo;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.registry.internal.ClusterLock;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.StartupTask;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the demo content of programmes (演示数据) into a database that holds the demo county: tracks
 * {@link ProgrammeDemo} services dynamically, calls each once per database on a thread of its own, as the platform
 * (actor {@code demo}), then enables the programme for every demo school that has not decided yet. Both steps are kept
 * in {@code core_demo}: {@code programme:<id>} once the content is loaded, {@code programme:<id>:enabled} once the
 * enablement is done. The content is never loaded twice (restarting, updating or reinstalling a programme loads nothing
 * again); the enablement is done after the content and tried again, whenever the programme's {@code ProgrammeDemo}
 * appears, until it is complete, so that a crash or a failure between the two is repaired at the next start. The demo
 * schools are those of the demo county: created before it was recorded as loaded. Starts after the demo county task
 * (referenced), so a programme never sees a half-loaded county, and loads nothing when that task says demo mode is off:
 * a database that once held the demo county, started in production mode, gets no more demo content.
 */
@Component(immediate = true)
public final class ProgrammeDemoLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ProgrammeDemoLoader.class);
    public static final String COUNTY = "county";

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final ProgrammeRegistry programmes;
    private final CurrentActor actor;
    private final Clock clock;
    private final ExecutorService executor;
    private final boolean demoMode;

    /**
     * @param demoTask the demo county task's service properties: referenced so that this component starts only when
     *            that task has finished, and read for {@value DemoDataLoader#DEMO_MODE}
     */
    @Activate
    public ProgrammeDemoLoader(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference ProgrammeRegistry programmes, @Reference CurrentActor actor,
            @Reference(service = StartupTask.class, target = "(" + StartupTask.NAME + "=" + DemoDataLoader.TASK + ")")
            Map<String, Object> demoTask) {
        this(dataSource, programmes, actor, Clock.systemDefaultZone(), Boolean.TRUE.equals(demoTask.get(DemoDataLoader.DEMO_MODE)));
    }

    ProgrammeDemoLoader(DataSource dataSource, ProgrammeRegistry programmes, CurrentActor actor, Clock clock, boolean demoMode) {
        this.demoMode = demoMode;
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.programmes = programmes;
        this.actor = actor;
        this.clock = clock;
        this.executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "guanai-programme-demo"));
    }

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC)
    void addDemo(ProgrammeDemo demo, Map<String, Object> properties) {
        Object id = properties.get(Programme.ID_PROPERTY);
        if (!(id instanceof String s) || !ProgrammeInfo.ID.matcher(s).matches()) {
            LOG.warn("A ProgrammeDemo service without a valid {} property is ignored: {}", Programme.ID_PROPERTY, id);
            return;
        }
        try {
            executor.execute(() -> load(s, demo));
        } catch (RejectedExecutionException stopping) {
            // deactivating: the next start loads it
        }
    }

    void removeDemo(ProgrammeDemo demo) {
        // nothing kept: a load in progress finishes or fails on its own
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("A programme's demo content was still loading when the core stopped");
        }
    }

    /** The part of {@code core_demo} that records a programme's demo content as loaded. */
    public static String content(String id) {
        return "programme:" + id;
    }

    /** The part of {@code core_demo} that records a programme as enabled for the demo schools (each that had not decided). */
    public static String enablement(String id) {
        return "programme:" + id + ":enabled";
    }

    /**
     * Loads under the cluster lock {@code demo}: of several nodes starting at once on one database, one loads the content
     * and the others then find it loaded.
     *
     * @return whether anything was done now: the demo content loaded, or the enablement completed
     */
    boolean load(String id, ProgrammeDemo demo) {
        if (!demoMode || !holds(COUNTY)) {
            return false;
        }
        return ClusterLock.holding(dataSource, DemoDataLoader.LOCK, () -> loadLocked(id, demo));
    }

    private boolean loadLocked(String id, ProgrammeDemo demo) {
        boolean loaded = holds(content(id));
        if (loaded && holds(enablement(id))) {
            return false;
        }
        List<Long> schools = demoSchools();
        long start = System.nanoTime();
        if (!loaded) {
            try {
                actor.as("demo", () -> {
                    demo.load(schools);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.error("Loading the demo content of programme {} failed; it is tried again at the next start", id, e);
                return false;
            }
            mark(content(id));
            LOG.info("Demo content of programme {} loaded in {} ms", id, (System.nanoTime() - start) / 1_000_000);
        }
        int enabled = 0;
        int failed = 0;
        for (long school : schools) {
            if (!decided(school, id)) {
                Optional<String> error = enable(school, id);
                if (error.isEmpty()) {
                    enabled++;
                } else {
                    failed++;
                    LOG.warn("Could not enable programme {} for demo school {}: {}; tried again at the next start", id, school,
                            error.get());
                }
            }
        }
        if (failed == 0) {
            mark(enablement(id));
            LOG.info("Programme {} enabled for {} demo schools{}", id, enabled, loaded ? " (its demo content was loaded before)" : "");
        }
        return true;
    }

    /** The schools of the demo county: those created before it was recorded as loaded, by id. */
    private List<Long> demoSchools() {
        return jdbc.read(c -> Jdbc.list(c, "SELECT id FROM core_school WHERE created_at <= (SELECT loaded_at FROM core_demo"
                + " WHERE part = ?) ORDER BY id", rs -> rs.getLong(1), COUNTY));
    }

    private Optional<String> enable(long school, String id) {
        try {
            actor.as("demo", () -> {
                programmes.setEnabled(school, id, true, Map.of());
                return null;
            });
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** Whether the school already decided about the programme (a row, enabled or not): the demo does not overrule it. */
    private boolean decided(long school, String id) {
        return jdbc.read(c -> Jdbc.count(c, "SELECT COUNT(*) FROM core_programme_school WHERE school_id = ? AND programme_id = ?",
                school, id)) > 0;
    }

    boolean holds(String part) {
        return jdbc.read(c -> Jdbc.count(c, "SELECT COUNT(*) FROM core_demo WHERE part = ?", part)) > 0;
    }

    void mark(String part) {
        jdbc.tx(c -> {
            if (Jdbc.count(c, "SELECT COUNT(*) FROM core_demo WHERE part = ?", part) == 0) {
                Jdbc.update(c, "INSERT INTO core_demo (part, loaded_at) VALUES (?, ?)", part, clock.instant());
            }
            return null;
        });
    }
}
