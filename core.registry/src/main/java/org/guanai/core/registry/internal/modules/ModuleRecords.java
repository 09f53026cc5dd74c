package org.guanai.core.registry.internal.modules;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.guanai.core.registry.internal.ClusterChange;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.audit.AuditActions;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.modules.JarInspection.JarInfo;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What module administration keeps in the database: the desired state ({@code core_module}: which bundle, which
 * content, started or stopped), the single source of truth the framework is reconciled to, and the module log
 * ({@code core_module_log}), written with the audit log in one transaction.
 */
final class ModuleRecords {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleRecords.class);
    /** The topic of {@code core_change} raised by every change of {@code core_module}. */
    static final String TOPIC = "modules";

    /** A row of {@code core_module}. */
    record Desired(String bsn, String version, String programmeId, String sha256, String state) {
    }

    private final Jdbc jdbc;
    private final AuditLog audit;
    private final CurrentActor actor;
    private final Clock clock;

    ModuleRecords(Jdbc jdbc, AuditLog audit, CurrentActor actor, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.actor = actor;
        this.clock = clock;
    }

    /** Every managed module, in the order they were installed. */
    List<Desired> desired() {
        return jdbc.read(c -> Jdbc.list(c, "SELECT bsn, version, programme_id, sha256, desired_state FROM core_module"
                + " ORDER BY installed_at, bsn",
                rs -> new Desired(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))));
    }

    /** The managed module of this name, if there is one. */
    Optional<Desired> managed(String bsn) {
        return jdbc.read(c -> Jdbc.one(c, "SELECT bsn, version, programme_id, sha256, desired_state FROM core_module WHERE bsn = ?",
                rs -> new Desired(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), bsn));
    }

    void installed(JarInfo jar, String state, String who) {
        Instant now = clock.instant();
        change(c -> Jdbc.update(c, "INSERT INTO core_module (bsn, version, programme_id, sha256, desired_state, installed_at,"
                + " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", jar.bsn(), jar.version().toString(),
                jar.programmeId(), jar.sha256(), state, now, now, who));
    }

    void updated(String bsn, JarInfo jar, String who) {
        Instant now = clock.instant();
        change(c -> Jdbc.update(c, "UPDATE core_module SET version = ?, programme_id = ?, sha256 = ?, updated_at = ?,"
                + " updated_by = ? WHERE bsn = ?", jar.version().toString(), jar.programmeId(), jar.sha256(), now, who, bsn));
    }

    void setDesired(String bsn, String state, String who) {
        Instant now = clock.instant();
        change(c -> Jdbc.update(c, "UPDATE core_module SET desired_state = ?, updated_at = ?, updated_by = ? WHERE bsn = ?",
                state, now, who, bsn));
    }

    void uninstalled(String bsn) {
        change(c -> Jdbc.update(c, "DELETE FROM core_module WHERE bsn = ?", bsn));
    }

    /** Changes {@code core_module} and raises its version in one transaction: every node reconciles to it. */
    private void change(Jdbc.Work<Integer> work) {
        jdbc.tx(c -> {
            work.run(c);
            ClusterChange.raise(c, TOPIC);
            return null;
        });
    }

    /** @return the version of {@code core_module}: raised by every change of it */
    long version() {
        return jdbc.read(c -> ClusterChange.version(c, TOPIC));
    }

    /** Writes an operation and its outcome to the module log and the audit log (审计日志), in one transaction. */
    void log(String who, String operation, String bsn, String version, String outcome, String detail) {
        log(who, operation, bsn, version, outcome, null, detail);
    }

    /**
     * Writes a refusal or a failure with its reason's stable code ({@link ModuleException#code}): the stored detail starts
     * with the code in brackets ({@code [unresolved] bundle … does not resolve}), read back as
     * {@link ModuleOperation#reason()} (the log's table has no column of its own for it).
     */
    void log(String who, String operation, String bsn, String version, String outcome, String reason, String detail) {
        String full = reason == null ? detail : "[" + reason + "] " + (detail == null ? "" : detail);
        LOG.info("Module {} {} {}: {}{}", operation, bsn, version, outcome, full == null ? "" : " (" + full + ")");
        String d = full == null ? null : full.length() > 2000 ? full.substring(0, 2000) : full;
        Instant now = clock.instant();
        actor.as(who, () -> audit.tx(jdbc, c -> {
            Jdbc.update(c, "INSERT INTO core_module_log (at, actor, operation, bsn, version, outcome, detail)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", now, who, operation, bsn, version, outcome, d);
            audit.append(c, AuditLog.Event.of(AuditActions.MODULE + operation.toUpperCase(Locale.ROOT), "module",
                    bsn == null ? "-" : bsn).outcome(outcome.length() > 20 ? outcome.substring(0, 20) : outcome)
                    .detail((version == null ? "" : version) + (d == null ? "" : " " + d)));
            return null;
        }));
    }

    /** The last {@code limit} operations of the module log, the newest first. */
    List<ModuleOperation> operations(int limit) {
        return jdbc.read(c -> Jdbc.list(c, "SELECT * FROM core_module_log ORDER BY id DESC LIMIT ?",
                rs -> operation(Jdbc.instant(rs, "at"), rs.getString("actor"), rs.getString("operation"),
                        rs.getString("bsn"), rs.getString("version"), rs.getString("outcome"), rs.getString("detail")),
                limit));
    }

    private static final Pattern REASON = Pattern.compile("^\\[([a-z0-9_]{1,60})\\] ?(.*)$", Pattern.DOTALL);

    /** A row as read: a detail starting with {@code [code]} gives its reason (rows written before codes have none). */
    static ModuleOperation operation(Instant at, String actor, String operation, String bsn, String version, String outcome,
            String detail) {
        Matcher m = detail == null ? null : REASON.matcher(detail);
        if (m != null && m.matches()) {
            return new ModuleOperation(at, actor, operation, bsn, version, outcome, m.group(1), m.group(2).isEmpty() ? null : m.group(2));
        }
        return new ModuleOperation(at, actor, operation, bsn, version, outcome, null, detail);
    }
}
