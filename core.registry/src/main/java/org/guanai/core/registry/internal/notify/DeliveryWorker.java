package org.guanai.core.registry.internal.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.registry.internal.notify.Channel.DeliveryFailure;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the queued deliveries ({@code core_delivery}) off the senders' threads, on a thread of its own. Every
 * {@code pollSeconds} it reads a batch of due rows and claims each with one conditional {@code UPDATE} (pending, due,
 * and no live lease of another node): of several nodes, exactly one gets each row, and only it sends. A sent row is
 * {@code SENT}; a failed attempt is retried after {@code retrySeconds}, doubled each time (at most an hour), until
 * {@code maxAttempts}, then {@code FAILED}; the last error is stored and logged masked. A node that stops while sending
 * leaves its lease to run out, and another node sends again: a message may then arrive twice, never not at all.
 */
@Component(service = DeliveryWorker.class, configurationPid = NotifyConfig.PID, immediate = true)
public final class DeliveryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int BATCH = 20;

    private final Jdbc jdbc;
    private final ChannelSetup setup;
    private final Clock clock;
    private final String node;
    private ScheduledExecutorService executor;

    @Activate
    public DeliveryWorker(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, NotifyConfig config) {
        this(dataSource, new ChannelSetup(config), Clock.systemUTC(), "node-" + UUID.randomUUID());
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "guanai-notify-delivery");
            t.setDaemon(true);
            return t;
        });
        int poll = Math.max(1, config.pollSeconds());
        executor.scheduleWithFixedDelay(this::tick, poll, poll, TimeUnit.SECONDS);
    }

    DeliveryWorker(DataSource dataSource, ChannelSetup setup, Clock clock, String node) {
        this.jdbc = new Jdbc(dataSource);
        this.setup = setup;
        this.clock = clock;
        this.node = node;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Notification delivery: a send did not end within 30 s; its lease runs out and another attempt follows");
            }
        }
    }

    private void tick() {
        try {
            while (!Thread.currentThread().isInterrupted() && runOnce() == BATCH) {
                // a full batch: there may be more due now
            }
        } catch (RuntimeException e) {
            LOG.warn("Notification delivery: looking for due deliveries failed ({}); the next look retries",
                    setup.secrets.mask(e.getClass().getSimpleName()));
        }
    }

    private record Due(long id, String channel, String target, int attempts, String subjectZh, String subjectEn,
            String bodyZh, String bodyEn, String link) {
    }

    /** Claims and sends the deliveries due now; @return how many were claimed */
    int runOnce() {
        Instant now = clock.instant();
        List<Due> due = jdbc.read(c -> Jdbc.list(c, "SELECT d.id, d.channel, d.target, d.attempts, n.subject_zh, n.subject_en,"
                + " n.body_zh, n.body_en, n.link FROM core_delivery d JOIN core_notice n ON n.id = d.notice_id"
                + " WHERE d.status = 'PENDING' AND d.next_at <= ? AND (d.lease_until IS NULL OR d.lease_until < ?)"
                + " ORDER BY d.next_at, d.id FETCH FIRST " + BATCH + " ROWS ONLY",
                rs -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9)), now, now));
        int claimed = 0;
        for (Due d : due) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            if (claim(d, now)) {
                claimed++;
                deliver(d);
            }
        }
        return claimed;
    }

    private boolean claim(Due d, Instant now) {
        Instant lease = now.plusSeconds(Math.max(1, setup.config.leaseSeconds()));
        return jdbc.tx(c -> Jdbc.update(c, "UPDATE core_delivery SET lease_until = ?, leased_by = ?, attempts = attempts + 1"
                + " WHERE id = ? AND status = 'PENDING' AND attempts = ? AND (lease_until IS NULL OR lease_until < ?)",
                lease, node, d.id(), d.attempts(), now)) == 1;
    }

    private void deliver(Due d) {
        int attempt = d.attempts() + 1;
        Channel channel = setup.channel(d.channel());
        String error;
        if (channel == null) {
            error = "the channel " + d.channel() + " is not configured";
        } else {
            boolean personal = setup.config.personalData();
            String base = setup.config.baseUrl().strip().replaceAll("/+$", "");
            Outgoing out = new Outgoing(d.subjectZh(), d.subjectEn(), personal ? d.bodyZh() : null, personal ? d.bodyEn() : null,
                    d.link() == null ? null : base + d.link());
            try {
                channel.send(out, d.target());
                jdbc.tx(c -> Jdbc.update(c, "UPDATE core_delivery SET status = 'SENT', sent_at = ?, lease_until = NULL,"
                        + " last_error = NULL WHERE id = ? AND leased_by = ?", clock.instant(), d.id(), node));
                return;
            } catch (DeliveryFailure e) {
                error = e.getMessage();
            } catch (RuntimeException e) {
                error = d.channel() + ": " + e.getClass().getSimpleName();
            }
        }
        failed(d, attempt, setup.secrets.mask(error));
    }

    private void failed(Due d, int attempt, String error) {
        int max = Math.max(1, setup.config.maxAttempts());
        String stored = error.length() > 500 ? error.substring(0, 500) : error;
        if (attempt >= max) {
            jdbc.tx(c -> update(c, "UPDATE core_delivery SET status = 'FAILED', lease_until = NULL, last_error = ?"
                    + " WHERE id = ? AND leased_by = ?", stored, d.id(), node));
            LOG.warn("Notification delivery {} over {} given up after {} attempts: {}", d.id(), d.channel(), attempt, stored);
        } else {
            long wait = Math.min(3600L, Math.max(1, setup.config.retrySeconds()) * (1L << Math.min(20, attempt - 1)));
            Instant next = clock.instant().plus(Duration.ofSeconds(wait));
            jdbc.tx(c -> update(c, "UPDATE core_delivery SET next_at = ?, lease_until = NULL, last_error = ?"
                    + " WHERE id = ? AND leased_by = ?", next, stored, d.id(), node));
            LOG.info("Notification delivery {} over {} failed (attempt {} of {}), next attempt in {} s: {}", d.id(), d.channel(),
                    attempt, max, wait, stored);
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        return Jdbc.update(c, sql, args);
    }
}
