package org.guanai.core.registry.internal.safety;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.registry.internal.ClusterLock;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety sweep, every few minutes on each node and on one node at a time ({@link ClusterLock} {@code safety}): it
 * re-checks ages once a day in the whole cluster (a child turning 16, a guardian turning 18), notifies new alerts and
 * opens their mandatory report, and escalates overdue alerts and missed incident deadlines, each once (a conditional
 * {@code UPDATE} and the notice's {@code dedupKey}). What could not be sent, the notification service being away, is
 * sent at a later sweep.
 */
@Component(configurationPid = SafetyService.PID)
public final class SafetySweep {
    private static final Logger LOG = LoggerFactory.getLogger(SafetySweep.class);

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final Clock clock;
    private final Duration alertDeadline;
    private final SafetyNotices notices;
    private final ScheduledExecutorService executor;

    @Activate
    public SafetySweep(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference SafetyNotices notices, SafetyConfig config) {
        this(dataSource, notices, Clock.system(CareCalendar.ZONE), SafetyService.alertDeadline(config),
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "guanai-safety-sweep");
                    t.setDaemon(true);
                    return t;
                }));
        executor.scheduleWithFixedDelay(this::sweepQuietly, 1, Math.max(1, config.sweepMinutes()) * 60L, TimeUnit.SECONDS);
    }

    /**
     * For tests: no background sweep (they call {@link #sweep()}), a clock of their own. Not public: Declarative Services
     * would take a public constructor of the same length as the activation constructor for its own.
     */
    SafetySweep(DataSource dataSource, SafetyNotices notices, Clock clock, Duration alertDeadline) {
        this(dataSource, notices, clock, alertDeadline, null);
    }

    private SafetySweep(DataSource dataSource, SafetyNotices notices, Clock clock, Duration alertDeadline,
            ScheduledExecutorService executor) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.alertDeadline = alertDeadline;
        this.notices = notices;
        this.executor = executor;
    }

    @Deactivate
    void deactivate() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private Instant now() {
        return clock.instant();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(now(), CareCalendar.ZONE);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.error("Safety sweep failed; it runs again at the next period", e);
        }
    }

    /**
     * One sweep, on one node at a time: the daily re-check of ages (once a day in the whole cluster), then notices for new
     * alerts (with their mandatory report), overdue alerts and missed incident deadlines, each once.
     */
    public void sweep() {
        ClusterLock.holding(dataSource, "safety", () -> {
            daily();
            newAlerts();
            overdueAlerts();
            lateDeadlines();
            return null;
        });
    }

    /** Re-checks, once a day, the children whose alerts age changes: those with open alerts and any under 16 at risk. */
    private void daily() {
        LocalDate today = today();
        Instant now = now();
        boolean due = jdbc.tx(c -> Jdbc.update(c, "UPDATE core_safety_sweep SET last_day = ? WHERE name = 'daily'"
                + " AND (last_day IS NULL OR last_day < ?)", today, today) == 1);
        if (!due) {
            return;
        }
        LocalDate born16 = today.minusYears(GuardianshipRules.CHILD_AGE);
        LocalDate born18 = today.minusYears(GuardianshipRules.ADULT_AGE);
        Set<Long> children = new HashSet<>(jdbc.read(c -> Jdbc.list(c, "SELECT child_id FROM core_guardianship_alert"
                + " WHERE closed_at IS NULL", rs -> rs.getLong(1))));
        children.addAll(jdbc.read(c -> Jdbc.list(c, "SELECT k.id FROM core_child k WHERE k.archived = FALSE AND k.birth_date > ?"
                + " AND (k.unattended = TRUE OR EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = k.id"
                + " AND (g.capacity = 'INCAPABLE' OR g.birth_date > ? OR (g.birth_date IS NULL AND g.age < ?))))",
                rs -> rs.getLong(1), born16, born18, GuardianshipRules.ADULT_AGE)));
        for (long child : children) {
            jdbc.tx(c -> {
                GuardianshipAlerts.reassess(c, child, now);
                return null;
            });
        }
    }

    private void newAlerts() {
        Instant now = now();
        record Opened(long id, long childId, long schoolId, AlertReason reason, String childName) {
        }
        List<Opened> opened = jdbc.read(c -> Jdbc.list(c, "SELECT a.id, a.child_id, a.school_id, a.reason, k.name"
                + " FROM core_guardianship_alert a JOIN core_child k ON k.id = a.child_id"
                + " WHERE a.closed_at IS NULL AND a.notified_at IS NULL ORDER BY a.id",
                rs -> new Opened(rs.getLong(1), rs.getLong(2), rs.getLong(3), AlertReason.valueOf(rs.getString(4)),
                        rs.getString(5))));
        for (Opened a : opened) {
            jdbc.tx(c -> {
                SafetyService.openReport(c, a.childId(), a.schoolId(), a.reason().trigger(), "ALERT", a.id(), now, CurrentActor.SYSTEM);
                return null;
            });
            boolean sent = notices.notify("GUARDIANSHIP_ALERT", a.reason() != AlertReason.GUARDIAN_INCAPABLE, a.schoolId(), a.childId(),
                    "safety.notice.alert", "alert:" + a.id() + ":opened", zh -> new Object[] { a.childName(),
                            notices.text(zh, "safety.reason." + a.reason()) });
            if (sent) {
                jdbc.tx(c -> Jdbc.update(c, "UPDATE core_guardianship_alert SET notified_at = ? WHERE id = ?"
                        + " AND notified_at IS NULL", now, a.id()));
            }
        }
    }

    private void overdueAlerts() {
        Instant now = now();
        record Overdue(long id, long childId, long schoolId, AlertReason reason, String childName) {
        }
        List<Overdue> overdue = jdbc.read(c -> Jdbc.list(c, "SELECT a.id, a.child_id, a.school_id, a.reason, k.name"
                + " FROM core_guardianship_alert a JOIN core_child k ON k.id = a.child_id WHERE a.closed_at IS NULL"
                + " AND a.escalated_at IS NULL AND a.opened_at < ? ORDER BY a.id",
                rs -> new Overdue(rs.getLong(1), rs.getLong(2), rs.getLong(3), AlertReason.valueOf(rs.getString(4)),
                        rs.getString(5)), now.minus(alertDeadline)));
        for (Overdue a : overdue) {
            boolean sent = notices.notify("GUARDIANSHIP_ALERT_OVERDUE", true, a.schoolId(), a.childId(), "safety.notice.overdue",
                    "alert:" + a.id() + ":overdue", zh -> new Object[] { a.childName(), notices.text(zh, "safety.reason." + a.reason()),
                            alertDeadline.toHours() });
            if (sent) {
                jdbc.tx(c -> Jdbc.update(c, "UPDATE core_guardianship_alert SET escalated_at = ? WHERE id = ?"
                        + " AND escalated_at IS NULL", now, a.id()));
            }
        }
    }

    private void lateDeadlines() {
        Instant now = now();
        record Late(long incident, NoticeTarget target, long childId, long schoolId, String childName, IncidentKind kind) {
        }
        List<Late> late = jdbc.read(c -> Jdbc.list(c, "SELECT d.incident_id, d.target, i.child_id, i.school_id, k.name, i.kind"
                + " FROM core_incident_deadline d JOIN core_incident i ON i.id = d.incident_id"
                + " JOIN core_child k ON k.id = i.child_id WHERE d.escalated_at IS NULL AND d.due_at < ?"
                + " AND (d.done_at IS NULL OR d.done_at > d.due_at) ORDER BY d.incident_id, d.target",
                rs -> new Late(rs.getLong(1), NoticeTarget.valueOf(rs.getString(2)), rs.getLong(3), rs.getLong(4),
                        rs.getString(5), IncidentKind.valueOf(rs.getString(6))), now));
        for (Late d : late) {
            boolean sent = notices.notify("INCIDENT_DEADLINE_MISSED", true, d.schoolId(), d.childId(), "safety.notice.late",
                    "incident:" + d.incident() + ":" + d.target() + ":late", zh -> new Object[] { d.childName(),
                            notices.text(zh, "safety.kind." + d.kind()), notices.text(zh, "safety.target." + d.target()),
                            d.target().within().toMinutes() });
            if (sent) {
                jdbc.tx(c -> Jdbc.update(c, "UPDATE core_incident_deadline SET escalated_at = ? WHERE incident_id = ?"
                        + " AND target = ? AND escalated_at IS NULL", now, d.incident(), d.target()));
            }
        }
    }
}
