package org.guanai.core.registry.internal.programmes;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.sql.DataSource;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.sdk.jobs.Job;
import org.guanai.sdk.jobs.JobTask;
import org.guanai.sdk.jobs.Jobs;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's {@link Jobs} for one bundle (bundle-scoped). Each job is a row of {@code core_job} with its next due time;
 * every node checks its jobs at least every {@link #POLL} and at their due time, and runs a due job only after taking
 * its lease with a conditional {@code UPDATE}: one node wins, the others see the lease. A node that dies while running
 * a job leaves a lease that expires after {@link #LEASE}; the job is then due again. All of a bundle's jobs stop when
 * the bundle releases the service.
 */
@Component(service = Jobs.class, scope = ServiceScope.BUNDLE)
public final class ClusterJobs implements Jobs {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJobs.class);
    static final Duration POLL = Duration.ofSeconds(30);
    static final Duration LEASE = Duration.ofMinutes(10);

    private final Jdbc jdbc;
    private final CareCalendar calendar;
    private final String owner;
    private final String node;
    private final Duration poll;
    private final ScheduledExecutorService executor;
    private final Map<String, Scheduled> jobs = new ConcurrentHashMap<>();

    @Activate
    public ClusterJobs(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference CareCalendar calendar, ComponentContext context) {
        this(dataSource, calendar, ownerOf(context.getUsingBundle()), POLL);
    }

    ClusterJobs(DataSource dataSource, CareCalendar calendar, String owner, Duration poll) {
        this.jdbc = new Jdbc(dataSource);
        this.calendar = calendar;
        this.owner = owner;
        this.node = UUID.randomUUID().toString();
        this.poll = poll;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "guanai-jobs-" + owner);
            t.setDaemon(true);
            return t;
        });
    }

    static String ownerOf(Bundle b) {
        String id = b.getHeaders("").get(Programme.MANIFEST_HEADER);
        return id != null && !id.isBlank() ? id.trim() : b.getSymbolicName();
    }

    @Deactivate
    void deactivate() {
        jobs.values().forEach(Scheduled::cancel);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Jobs of '{}' still running after 10 s; left to finish", owner);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Job daily(String name, LocalTime at, JobTask task) {
        return schedule(name, task, after -> {
            ZonedDateTime t = after.atZone(CareCalendar.ZONE).toLocalDate().atTime(at).atZone(CareCalendar.ZONE);
            return t.toInstant().isAfter(after) ? t.toInstant() : t.plusDays(1).toInstant();
        }, () -> LocalDate.now(calendar.clock()).atTime(at).atZone(CareCalendar.ZONE).toInstant());
    }

    @Override
    public Job every(String name, Duration period, JobTask task) {
        if (period.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("a job runs at most once a minute: " + period);
        }
        return schedule(name, task, after -> after.plus(period), calendar::now);
    }

    private Job schedule(String name, JobTask task, Function<Instant, Instant> nextAfter, java.util.function.Supplier<Instant> first) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("a job name of 1-100 characters");
        }
        Scheduled job = new Scheduled(name, task, nextAfter);
        Scheduled previous = jobs.putIfAbsent(name, job);
        if (previous != null) {
            throw new IllegalStateException("job '" + name + "' of '" + owner + "' is scheduled already");
        }
        jdbc.tx(c -> {
            if (Jdbc.count(c, "SELECT COUNT(*) FROM core_job WHERE owner = ? AND name = ?", owner, name) == 0) {
                try {
                    Jdbc.update(c, "INSERT INTO core_job (owner, name, next_due) VALUES (?, ?, ?)", owner, name, first.get());
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                    // another node scheduled it at the same moment: its row stands
                }
            }
            return null;
        });
        job.tick(Duration.ZERO);
        return job;
    }

    /** One scheduled job on this node. */
    private final class Scheduled implements Job {
        private final String name;
        private final JobTask task;
        private final Function<Instant, Instant> nextAfter;
        private volatile ScheduledFuture<?> next;
        private volatile boolean cancelled;

        Scheduled(String name, JobTask task, Function<Instant, Instant> nextAfter) {
            this.name = name;
            this.task = task;
            this.nextAfter = nextAfter;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void runSoon() {
            Instant now = calendar.now();
            jdbc.tx(c -> Jdbc.update(c, "UPDATE core_job SET next_due = ? WHERE owner = ? AND name = ? AND next_due > ?",
                    now, owner, name, now));
            ScheduledFuture<?> f = next;
            if (f != null) {
                f.cancel(false);
            }
            tick(Duration.ZERO);
        }

        @Override
        public void cancel() {
            cancelled = true;
            jobs.remove(name, this);
            ScheduledFuture<?> f = next;
            if (f != null) {
                f.cancel(false);
            }
        }

        void tick(Duration delay) {
            if (cancelled || executor.isShutdown()) {
                return;
            }
            try {
                next = executor.schedule(this::check, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // the bundle released the service
            }
        }

        private void check() {
            Instant wake = calendar.now().plus(poll);
            try {
                Optional<Instant> due = jdbc.read(c -> Jdbc.one(c, "SELECT next_due FROM core_job WHERE owner = ? AND name = ?",
                        rs -> Jdbc.instant(rs, "next_due"), owner, name));
                Instant now = calendar.now();
                if (due.isPresent() && !due.get().isAfter(now) && lease(due.get(), now)) {
                    run(due.get());
                    due = jdbc.read(c -> Jdbc.one(c, "SELECT next_due FROM core_job WHERE owner = ? AND name = ?",
                            rs -> Jdbc.instant(rs, "next_due"), owner, name));
                }
                if (due.isPresent() && due.get().isBefore(wake)) {
                    wake = due.get();
                }
            } catch (RuntimeException e) {
                LOG.error("Job '{}' of '{}' could not be checked", name, owner, e);
            }
            tick(Duration.between(calendar.now(), wake));
        }

        /** @return whether this node took the lease of the run due at {@code due} */
        private boolean lease(Instant due, Instant now) {
            return jdbc.tx(c -> Jdbc.update(c, "UPDATE core_job SET lease_until = ?, leased_by = ? WHERE owner = ? AND name = ?"
                    + " AND next_due = ? AND (lease_until IS NULL OR lease_until < ?)", now.plus(LEASE), node, owner, name, due, now)) == 1;
        }

        private void run(Instant due) {
            String outcome = "OK";
            String error = null;
            try {
                task.run(due);
            } catch (Exception e) {
                outcome = "FAILED";
                error = String.valueOf(e);
                if (error.length() > 2000) {
                    error = error.substring(0, 2000);
                }
                LOG.error("Job '{}' of '{}' failed (due {}); it runs again at its next due time", name, owner, due, e);
            }
            Instant now = calendar.now();
            Instant next = nextAfter.apply(due);
            while (!next.isAfter(now)) {
                next = nextAfter.apply(next);
            }
            Instant n = next;
            String o = outcome;
            String err = error;
            jdbc.tx(c -> Jdbc.update(c, "UPDATE core_job SET next_due = ?, lease_until = NULL, leased_by = NULL, last_run_at = ?,"
                    + " last_outcome = ?, last_error = ? WHERE owner = ? AND name = ? AND leased_by = ?", n, now, o, err, owner, name, node));
            // one line per run in the whole cluster: which node ran which due time (the two-node test counts them)
            LOG.info("Job '{}' of '{}' ran (due {}) on node {}: {}", name, owner, due, node, outcome);
        }
    }
}
