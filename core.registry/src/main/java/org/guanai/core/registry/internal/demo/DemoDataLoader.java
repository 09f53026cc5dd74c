package org.guanai.core.registry.internal.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Role;
import org.guanai.core.registry.internal.ClusterLock;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.StartupTask;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.security.Accounts;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the first start of an empty database, loads a synthetic demo county (two schools, twelve classes, about 300
 * children with parents and guardians) through the registry services, so that every record passes the same validation
 * and has the same history as one entered by a user, and one demo user per role with the public password
 * {@value #DEMO_PASSWORD}. Only in demo mode ({@link #demoMode}): framework property {@code guanai.demo=true}
 * ({@code GUANAI_DEMO=true} or {@code --demo}) or configuration {@code org.guanai.core.demo: enabled=true}; both are
 * off by default, so that a production instance never holds a published password. Registers a
 * {@link StartupTask} when done, with the service property {@value #DEMO_MODE} saying whether demo mode is on.
 */
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=org.guanai.core.registry.internal.StartupTask")
@Component(configurationPid = "org.guanai.core.demo", immediate = true)
@Designate(ocd = DemoConfig.class)
public final class DemoDataLoader {
    public static final String TASK = "demo";
    /** The cluster lock ({@code core_cluster_lock}) the demo county and the programmes' demo content are loaded under. */
    static final String LOCK = "demo";
    /** Service property of the start-up task: whether demo mode is on ({@link Boolean}). */
    static final String DEMO_MODE = "guanai.demo";
    /** The password of every demo user (demo mode only; documented). */
    public static final String DEMO_PASSWORD = "guanai-demo";
    private static final Logger LOG = LoggerFactory.getLogger(DemoDataLoader.class);

    private final ServiceRegistration<StartupTask> done;

    @Activate
    public DemoDataLoader(BundleContext context, DemoConfig config, @Reference SchoolService schools,
            @Reference ChildService children, @Reference GuardianService guardians, @Reference CurrentActor actor,
            @Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference Accounts accounts) {
        String outcome;
        boolean enabled = demoMode(config.enabled(), context.getProperty("guanai.demo"));
        if (!enabled) {
            outcome = "DISABLED";
            if (holdsDemo(dataSource)) {
                LOG.warn("This database holds the demo county and its demo users, whose password is public: it is not "
                        + "for real data. Start production with an empty data folder.");
            }
        } else {
            // of several nodes starting on an empty database at once, one loads the demo; the others wait and skip it
            outcome = ClusterLock.holding(dataSource, LOCK, () -> load(config, schools, children, guardians, actor, dataSource,
                    accounts));
        }
        String result = outcome;
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(StartupTask.NAME, TASK);
        props.put(DEMO_MODE, enabled);
        this.done = context.registerService(StartupTask.class, () -> result, props);
    }

    /** Under the cluster lock {@code demo}: loads the demo county unless there is a school, and the demo users. */
    private static String load(DemoConfig config, SchoolService schools, ChildService children, GuardianService guardians,
            CurrentActor actor, DataSource dataSource, Accounts accounts) {
        String outcome;
        if (schools.schools(true, 0, 1).total() > 0) {
            outcome = "SKIPPED";
        } else {
            long start = System.nanoTime();
            try (BulkLoad bulk = new BulkLoad(dataSource)) {
                DemoCounty.Summary s = actor.as("demo", () -> new DemoCounty(config.seed(), LocalDate.now(Clock.systemDefaultZone()))
                        .load(schools, children, guardians, config.children()));
                LOG.info("Demo county loaded: {} schools, {} classes, {} children, {} parents, {} guardians in {} ms",
                        s.schools(), s.classes(), s.children(), s.parents(), s.guardians(), (System.nanoTime() - start) / 1_000_000);
                markCounty(dataSource);
                outcome = "LOADED";
            } catch (RuntimeException e) {
                LOG.error("Loading the demo county failed", e);
                outcome = "FAILED: " + e.getMessage();
            }
        }
        if (!outcome.startsWith("FAILED")) {
            try {
                int n = actor.as("demo", () -> demoUsers(accounts, dataSource));
                if (n > 0) {
                    LOG.info("Demo users created: {} (passwords in the README)", n);
                }
            } catch (RuntimeException e) {
                LOG.error("Creating the demo users failed", e);
                outcome = "FAILED: " + e.getMessage();
            }
        }
        return outcome;
    }

    /**
     * @param configured {@code enabled} of the configuration (default {@code false})
     * @param property the framework property {@code guanai.demo}
     * @return whether demo mode is on: either says {@code true}; off when neither is set
     */
    static boolean demoMode(boolean configured, String property) {
        return configured || property != null && Boolean.parseBoolean(property.trim());
    }

    private static boolean holdsDemo(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return Jdbc.count(c, "SELECT COUNT(*) FROM core_demo WHERE part = ?", ProgrammeDemoLoader.COUNTY) > 0;
        } catch (SQLException e) {
            throw new Jdbc.DataAccessException(e);
        }
    }

    /** Records that this database holds the demo county, for the programmes' demo content (core_demo). */
    private static void markCounty(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            if (Jdbc.count(c, "SELECT COUNT(*) FROM core_demo WHERE part = ?", ProgrammeDemoLoader.COUNTY) == 0) {
                Jdbc.update(c, "INSERT INTO core_demo (part, loaded_at) VALUES (?, ?)", ProgrammeDemoLoader.COUNTY,
                        java.time.Instant.now());
            }
        } catch (SQLException e) {
            throw new Jdbc.DataAccessException(e);
        }
    }

    /**
     * One user per role, documented in the README, each with the password {@value #DEMO_PASSWORD}: {@code county}
     * (县级管理员), {@code school} (学校管理员 of the first school), {@code teacher} (班主任 of its first class),
     * {@code health} (计生/卫生人员 of the first school) and {@code officer} (督导). Missing ones are created; none exist
     * outside demo mode.
     */
    public static int demoUsers(Accounts accounts, DataSource dataSource) {
        long school;
        long klass;
        Long headTeacher;
        try (Connection c = dataSource.getConnection()) {
            school = Jdbc.one(c, "SELECT id FROM core_school ORDER BY id LIMIT 1", rs -> rs.getLong(1)).orElse(0L);
            if (school == 0) {
                return 0;
            }
            klass = Jdbc.one(c, "SELECT id FROM core_class WHERE school_id = ? ORDER BY grade_level, name LIMIT 1",
                    rs -> rs.getLong(1), school).orElse(0L);
            headTeacher = klass == 0 ? null : Jdbc.one(c, "SELECT head_teacher_id FROM core_class WHERE id = ?",
                    rs -> Jdbc.longOrNull(rs, "head_teacher_id"), klass).orElse(null);
        } catch (SQLException e) {
            throw new Jdbc.DataAccessException(e);
        }
        int created = 0;
        record Demo(String user, String name, Role role, Set<Long> schools, Set<Long> classes, Long staff) {
        }
        List<Demo> demos = List.of(
                new Demo("county", "演示·县级管理员", Role.COUNTY_ADMIN, Set.of(), Set.of(), null),
                new Demo("school", "演示·学校管理员", Role.SCHOOL_ADMIN, Set.of(school), Set.of(), null),
                new Demo("teacher", "演示·班主任", Role.TEACHER, Set.of(school), klass == 0 ? Set.of() : Set.of(klass), headTeacher),
                new Demo("health", "演示·计生专干", Role.HEALTH_WORKER, Set.of(school), Set.of(), null),
                new Demo("officer", "演示·督导", Role.OFFICER, Set.of(), Set.of(), null));
        for (Demo d : demos) {
            if (accounts.byName(d.user()).isEmpty()) {
                // the published demo password is weak on purpose: created without the strength estimate, hashed as any
                accounts.createDemo(new Accounts.UserInput(d.user(), d.name(), DEMO_PASSWORD, Set.of(d.role()), d.schools(),
                        d.classes(), d.staff(), true));
                created++;
            }
        }
        return created;
    }

    /**
     * H2 writes every commit at once (WRITE_DELAY=0, for crash safety). Loading the demo county commits some 1 300 small
     * transactions on first start; for that one bulk load H2 may group its writes (WRITE_DELAY=200 ms), and the strict
     * setting is restored and everything flushed (CHECKPOINT) before the platform reports ready.
     */
    private static final class BulkLoad implements AutoCloseable {
        private final DataSource dataSource;
        private final boolean h2;

        BulkLoad(DataSource dataSource) {
            this.dataSource = dataSource;
            this.h2 = isH2(dataSource);
            execute("SET WRITE_DELAY 200");
        }

        @Override
        public void close() {
            execute("SET WRITE_DELAY 0");
            execute("CHECKPOINT");
        }

        private void execute(String sql) {
            if (!h2) {
                return;
            }
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                LOG.warn("{} failed: {}", sql, e.getMessage());
            }
        }

        private static boolean isH2(DataSource dataSource) {
            try (Connection c = dataSource.getConnection()) {
                return "H2".equals(c.getMetaData().getDatabaseProductName());
            } catch (SQLException e) {
                return false;
            }
        }
    }

    @Deactivate
    void deactivate() {
        try {
            done.unregister();
        } catch (IllegalStateException alreadyGone) {
            // unregistered by the framework as the bundle stops
        }
    }
}
