package org.guanai.core.registry.internal.security;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.audit.AuditActions;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows password guessing down without letting anyone lock an account: the state is in the database
 * ({@code core_login_throttle}, {@code core_login_failure}), so that every node sharing it sees the same.
 * <ul>
 * <li><b>Per (address, user name).</b> The first {@code freeFailures} failed logins in a row from one address for one
 * user name cost nothing; from then on that address waits before it may try that user name again,
 * {@code firstDelaySeconds} and doubling with each further failure up to {@code maxDelayMinutes}. Attempts while it
 * waits are refused ({@code 429} with {@code Retry-After}) without checking the password. Another address is not
 * affected: the owner signs in from their school while an attacker elsewhere waits. A success from that address, an
 * administrator's unlock, a new password or a day without failures forgets the failures.</li>
 * <li><b>Per address.</b> {@code addressMaxFailures} failed logins from one address within
 * {@code addressWindowMinutes}, whatever the user names, make every password login from it wait until the window has
 * moved on: a password sprayer trying one password on many names. Attempts refused while waiting do not count, so
 * one pupil hammering one account does not shut the school's NAT address out.</li>
 * <li><b>Audit without a flood.</b> Failed and refused attempts are counted per (user name, address, minute). The first
 * of a minute is written to the audit log at once ({@code LOGIN_FAILED}, {@code count=1}, with its reason); the rest of
 * that minute are written as one summary entry ({@code count=N}) when the same user name and address fail again in a
 * later minute, or by {@link #sweep} (every minute). The counts of the entries add up to the attempts. The attempts
 * refused because an address is over its overall limit are counted under the user name {@code *} (entity
 * {@code address}), so that a sprayer's fresh user names do not each write a row. When (address, user) starts to
 * wait, a {@code LOGIN_DELAYED} entry and a warning in the log tell the county administrator.</li>
 * </ul>
 */
public final class LoginThrottle {
    /** The user name under which attempts refused because of the address's overall limit are counted. */
    static final String ANY_USER = "*";
    /** Failed logins in a row are forgotten after a day without one; {@code failedLogins} covers the same day. */
    static final Duration MEMORY = Duration.ofHours(24);
    /** Counts are kept this long (once written to the audit log). */
    private static final Duration KEEP = Duration.ofHours(48);
    private static final int KEY_LENGTH = 100;
    private static final String UNKNOWN_ADDRESS = "unknown";
    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

    /** A wrong password (or unknown or disabled user), or an attempt refused while its address waits. */
    public enum Kind {
        FAILURE("failures"), REFUSED("refused");

        final String column;

        Kind(String column) {
            this.column = column;
        }
    }

    /**
     * Failed logins of one user over the last day.
     *
     * @param count     attempts that did not get in: wrong passwords and attempts refused while waiting
     * @param addresses how many addresses they came from
     * @param last      the latest
     * @param delayed   how many addresses wait now before they may try again
     */
    public record FailedLogins(long count, long addresses, Instant last, long delayed) {
    }

    private record Bucket(String username, String address, Instant minute, int failures, int refused, int auditedFailures,
            int auditedRefused) {
    }

    private final Jdbc jdbc;
    private final AuditLog audit;
    private final CurrentActor actor;
    private final AccountsConfig config;
    private final Clock clock;

    LoginThrottle(Jdbc jdbc, AuditLog audit, CurrentActor actor, AccountsConfig config, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.actor = actor;
        this.config = config;
        this.clock = clock;
    }

    /** The key of an attempted user name: trimmed, lower case, cut to the column. */
    static String user(String username) {
        String u = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        return u.length() > KEY_LENGTH ? u.substring(0, KEY_LENGTH) : u;
    }

    private static String address(String address) {
        if (address == null || address.isBlank()) {
            return UNKNOWN_ADDRESS;
        }
        return address.length() > KEY_LENGTH ? address.substring(0, KEY_LENGTH) : address;
    }

    /**
     * Before a password is checked: how many seconds (address, user name) or the address must still wait, 0 when the
     * attempt may go ahead. A refused attempt is counted.
     */
    long check(String username, String address) {
        Instant now = clock.instant();
        String u = user(username);
        String a = address(address);
        Optional<Instant> until = jdbc.read(c -> Jdbc.one(c, "SELECT blocked_until FROM core_login_throttle"
                + " WHERE address = ? AND username = ? AND blocked_until IS NOT NULL", rs -> Jdbc.instant(rs, "blocked_until"),
                a, u));
        if (until.isPresent() && until.get().isAfter(now)) {
            count(u, a, Kind.REFUSED, "refused: this address waits after too many failed logins for this user");
            return seconds(now, until.get());
        }
        Duration window = Duration.ofMinutes(config.addressWindowMinutes());
        record Sum(long failures, Instant oldest) {
        }
        Sum sum = jdbc.read(c -> Jdbc.one(c, "SELECT COALESCE(SUM(failures), 0), MIN(minute_start) AS oldest FROM core_login_failure"
                + " WHERE address = ? AND minute_start > ? AND failures > 0", rs -> new Sum(rs.getLong(1),
                        Jdbc.instant(rs, "oldest")), a, now.minus(window))).orElseThrow();
        if (sum.failures() >= config.addressMaxFailures()) {
            if (count(ANY_USER, a, Kind.REFUSED, "refused: " + sum.failures() + " failed logins from this address within "
                    + config.addressWindowMinutes() + " minutes")) {
                LOG.warn("Login throttle: {} failed logins from {} within {} minutes; password logins from it wait",
                        sum.failures(), a, config.addressWindowMinutes());
            }
            return seconds(now, sum.oldest().plus(window).plus(Duration.ofMinutes(1)));
        }
        return 0;
    }

    /**
     * A wrong password, an unknown or a disabled user: counted; from the {@code freeFailures}-th in a row the address
     * waits before it may try this user name again.
     *
     * @return the wait now in force, in seconds (0: none yet)
     */
    long failed(String username, String address, String reason) {
        Instant now = clock.instant();
        String u = user(username);
        String a = address(address);
        record Streak(int failures, long delay) {
        }
        Streak streak = jdbc.tx(c -> {
            int failures = countFailure(c, a, u, now);
            long delay = failures >= config.freeFailures() ? delaySeconds(failures) : 0;
            if (delay > 0) {
                Jdbc.update(c, "UPDATE core_login_throttle SET blocked_until = ? WHERE address = ? AND username = ?",
                        now.plusSeconds(delay), a, u);
            }
            return new Streak(failures, delay);
        });
        count(u, a, Kind.FAILURE, streak.delay() == 0 ? reason
                : reason + "; " + streak.failures() + " in a row, the next attempt from this address waits " + streak.delay() + " s");
        if (streak.failures() == config.freeFailures()) {
            LOG.warn("Login throttle: {} failed logins in a row for '{}' from {}; further attempts from that address wait",
                    streak.failures(), u, a);
            String previous = actor.address(a);
            try {
                audit.record(AuditLog.Event.of(AuditActions.LOGIN_DELAYED, "user", u).outcome(AuditLog.REFUSED)
                        .detail(streak.failures() + " failed logins in a row from this address; it waits "
                                + streak.delay() + " s before the next attempt, doubling with each further failure up to "
                                + config.maxDelayMinutes() + " min (other addresses are not affected)"));
            } finally {
                actor.address(previous);
            }
        }
        return streak.delay();
    }

    /** Raises the failures in a row of (address, user), starting over after a day without one; returns them. */
    private static int countFailure(Connection c, String a, String u, Instant now) throws SQLException {
        for (int attempt = 0; attempt < 3; attempt++) {
            int n = Jdbc.update(c, "UPDATE core_login_throttle SET failures = CASE WHEN last_failure_at < ? THEN 1"
                    + " ELSE failures + 1 END, last_failure_at = ? WHERE address = ? AND username = ?", now.minus(MEMORY), now,
                    a, u);
            if (n > 0) {
                return Jdbc.one(c, "SELECT failures FROM core_login_throttle WHERE address = ? AND username = ?",
                        rs -> rs.getInt(1), a, u).orElseThrow();
            }
            if (Jdbc.update(c, "INSERT INTO core_login_throttle (address, username, failures, last_failure_at)"
                    + " VALUES (?, ?, 1, ?) ON CONFLICT DO NOTHING", a, u, now) > 0) {
                return 1;
            }
        }
        throw new SQLException("core_login_throttle: no row for (" + a + ", " + u + ") after three attempts");
    }

    /** The wait after the {@code failures}-th failure in a row (at least {@code freeFailures}). */
    long delaySeconds(int failures) {
        long cap = Math.max(1, config.maxDelayMinutes() * 60L);
        long d = Math.max(1, config.firstDelaySeconds());
        for (int i = config.freeFailures(); i < failures && d < cap; i++) {
            d *= 2;
        }
        return Math.min(d, cap);
    }

    /** A right password from {@code address}: its failures for this user name are forgotten. */
    void succeeded(String username, String address) {
        String u = user(username);
        String a = address(address);
        // read first: most logins have nothing to forget, and a read needs no commit
        if (jdbc.read(c -> Jdbc.count(c, "SELECT COUNT(*) FROM core_login_throttle WHERE address = ? AND username = ?", a,
                u)) > 0) {
            jdbc.tx(c -> Jdbc.update(c, "DELETE FROM core_login_throttle WHERE address = ? AND username = ?", a, u));
        }
    }

    /** An administrator's unlock, or a new password: no address waits for this user name any more. */
    int clear(String username) {
        return jdbc.tx(c -> Jdbc.update(c, "DELETE FROM core_login_throttle WHERE username = ?", user(username)));
    }

    /**
     * Counts one attempt in its (user name, address, minute); the first of the minute is written to the audit log at
     * once, with the summaries of this pair's earlier minutes that are not written yet.
     *
     * @return whether it was the first of its minute
     */
    private boolean count(String u, String a, Kind kind, String reason) {
        Instant now = clock.instant();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        String increment = "UPDATE core_login_failure SET " + kind.column + " = " + kind.column + " + 1, last_at = ?"
                + " WHERE username = ? AND address = ? AND minute_start = ?";
        if (jdbc.tx(c -> Jdbc.update(c, increment, now, u, a, minute)) > 0) {
            return false;
        }
        String previous = actor.address(a);
        boolean first;
        try {
            first = audit.tx(jdbc, c -> {
                if (Jdbc.update(c, "INSERT INTO core_login_failure (username, address, minute_start, " + kind.column
                        + ", audited_" + kind.column + ", last_at) VALUES (?, ?, ?, 1, 1, ?) ON CONFLICT DO NOTHING", u, a,
                        minute, now) == 0) {
                    Jdbc.update(c, increment, now, u, a, minute);
                    return false;
                }
                audit.append(c, event(u, a, kind == Kind.FAILURE ? AuditLog.FAILED : AuditLog.REFUSED, "count=1 " + reason));
                return true;
            });
        } finally {
            actor.address(previous);
        }
        if (first) {
            summarise(u, a, minute);
        }
        return first;
    }

    /** Writes the summaries of every minute before the current one whose attempts are not all in the audit log yet. */
    void sweep() {
        Instant now = clock.instant();
        summarise(null, null, now.truncatedTo(ChronoUnit.MINUTES));
        jdbc.tx(c -> {
            Jdbc.update(c, "DELETE FROM core_login_failure WHERE minute_start < ? AND audited_failures >= failures"
                    + " AND audited_refused >= refused", now.minus(KEEP));
            Jdbc.update(c, "DELETE FROM core_login_throttle WHERE last_failure_at < ? AND (blocked_until IS NULL"
                    + " OR blocked_until < ?)", now.minus(MEMORY), now);
            return null;
        });
    }

    /**
     * One audit entry per (user name, address, minute) before {@code before} with attempts not yet written, in the
     * same transaction that marks them written; {@code u} and {@code a} {@code null}: every pair.
     */
    private void summarise(String u, String a, Instant before) {
        String sql = "SELECT username, address, minute_start, failures, refused, audited_failures, audited_refused"
                + " FROM core_login_failure WHERE minute_start < ? AND (audited_failures < failures OR audited_refused < refused)"
                + (u == null ? "" : " AND username = ? AND address = ?") + " ORDER BY minute_start, username, address FOR UPDATE";
        Object[] args = u == null ? new Object[] { before } : new Object[] { before, u, a };
        String who = actor.enter(CurrentActor.SYSTEM);
        try {
            audit.tx(jdbc, c -> {
                List<Bucket> open = Jdbc.list(c, sql, rs -> new Bucket(rs.getString(1), rs.getString(2),
                        Jdbc.instant(rs, "minute_start"), rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7)), args);
                for (Bucket b : open) {
                    int failures = b.failures() - b.auditedFailures();
                    int refused = b.refused() - b.auditedRefused();
                    String previous = actor.address(b.address());
                    try {
                        audit.append(c, event(b.username(), b.address(), failures > 0 ? AuditLog.FAILED : AuditLog.REFUSED,
                                "count=" + (failures + refused) + " (wrong " + failures + ", refused " + refused
                                        + ") further attempts in the minute from " + b.minute()));
                    } finally {
                        actor.address(previous);
                    }
                    Jdbc.update(c, "UPDATE core_login_failure SET audited_failures = ?, audited_refused = ? WHERE username = ?"
                            + " AND address = ? AND minute_start = ?", b.failures(), b.refused(), b.username(), b.address(),
                            b.minute());
                }
                return null;
            });
        } finally {
            actor.restore(who);
        }
    }

    private static AuditLog.Event event(String u, String a, String outcome, String detail) {
        AuditLog.Event e = u.equals(ANY_USER) ? AuditLog.Event.of(AuditActions.LOGIN_FAILED, "address", a)
                : AuditLog.Event.of(AuditActions.LOGIN_FAILED, "user", u);
        return e.outcome(outcome).detail(detail);
    }

    /** The failed logins of the last day of every user name that has some (or waits somewhere), by user name. */
    Map<String, FailedLogins> failedLogins() {
        return summaries(null);
    }

    /** The failed logins of the last day of one user name, or {@code null} when none. */
    FailedLogins failedLogins(String username) {
        return summaries(user(username)).get(user(username));
    }

    private Map<String, FailedLogins> summaries(String only) {
        Instant now = clock.instant();
        String filter = only == null ? "" : " AND username = ?";
        Object[] failureArgs = only == null ? new Object[] { ANY_USER, now.minus(MEMORY) }
                : new Object[] { ANY_USER, now.minus(MEMORY), only };
        Object[] waitArgs = only == null ? new Object[] { now } : new Object[] { now, only };
        return jdbc.read(c -> {
            Map<String, FailedLogins> out = new HashMap<>();
            Jdbc.list(c, "SELECT username, SUM(failures + refused), COUNT(DISTINCT address), MAX(last_at) AS latest FROM core_login_failure"
                    + " WHERE username <> ? AND minute_start >= ?" + filter + " GROUP BY username",
                    rs -> out.put(rs.getString(1), new FailedLogins(rs.getLong(2), rs.getLong(3), Jdbc.instant(rs, "latest"), 0)),
                    failureArgs);
            Jdbc.list(c, "SELECT username, COUNT(*) FROM core_login_throttle WHERE blocked_until > ?" + filter
                    + " GROUP BY username", rs -> out.merge(rs.getString(1), new FailedLogins(0, 0, null, rs.getLong(2)),
                            (x, y) -> new FailedLogins(x.count(), x.addresses(), x.last(), y.delayed())), waitArgs);
            return out;
        });
    }

    private static long seconds(Instant now, Instant until) {
        return Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
    }
}
