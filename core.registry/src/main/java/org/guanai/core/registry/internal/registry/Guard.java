package org.guanai.core.registry.internal.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.guanai.core.api.CallerContext;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.registry.internal.audit.AuditActions;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.security.Masker;
import org.guanai.core.registry.internal.security.Scope;

/**
 * What the registry services share for security: the caller's reach and permissions ({@link Scope}), masking
 * ({@link Masker}), and the audit log, written in the same transaction as the change it records.
 */
public final class Guard {
    public final Scope scope;
    private final AuditLog audit;

    public Guard(CallerContext callers, AuditLog audit) {
        this.scope = new Scope(callers);
        this.audit = audit;
    }

    /** A masker for the current caller (no caller: nothing masked). */
    Masker masker() {
        return new Masker(scope::allows);
    }

    /** Runs a change in one transaction whose audit entries are chained in it. */
    public <T> T tx(Jdbc jdbc, Jdbc.Work<T> work) {
        return audit.tx(jdbc, work);
    }

    /** Writes the field history and the audit entry of a change (field names only: the audit log holds no values). */
    public void record(Connection c, String entity, long entityId, Long childId, String action, String actor, Instant at,
            List<History.Change> changes) throws SQLException {
        if (changes.isEmpty() && History.UPDATED.equals(action)) {
            return;
        }
        History.record(c, entity, entityId, childId, action, actor, at, changes);
        String auditAction = switch (action) {
            case History.CREATED -> AuditActions.CREATE;
            case History.ARCHIVED -> AuditActions.ARCHIVE;
            case History.REMOVED -> AuditActions.DELETE;
            default -> AuditActions.UPDATE;
        };
        String fields = History.UPDATED.equals(action)
                ? changes.stream().map(History.Change::field).collect(Collectors.joining(",")) : null;
        audit.append(c, AuditLog.Event.of(auditAction, entity, entityId).child(childId).outcome(AuditLog.OK).detail(fields));
    }

    /** Records the creation of {@code stored} ({@link #record}) and returns it. */
    <T extends Record> T created(Connection c, String entity, long entityId, Long childId, String actor, Instant at, T stored)
            throws SQLException {
        record(c, entity, entityId, childId, History.CREATED, actor, at, History.created(stored));
        return stored;
    }

    /** Records the change from {@code old} to {@code stored} ({@link #record}) and returns both. */
    <T extends Record> History.Outcome<T> updated(Connection c, String entity, long entityId, Long childId, String actor, Instant at,
            T old, T stored) throws SQLException {
        List<History.Change> changes = History.diff(old, stored);
        record(c, entity, entityId, childId, History.UPDATED, actor, at, changes);
        return new History.Outcome<>(stored, changes);
    }

    /** Audits a full read by a caller (reads without a caller, by the platform itself, are not audited). */
    void read(String entity, long entityId, Long childId, Long schoolId, String detail) {
        if (scope.caller().isPresent()) {
            audit.record(AuditLog.Event.of(AuditActions.READ, entity, entityId).child(childId).school(schoolId)
                    .outcome(AuditLog.OK).detail(detail));
        }
    }

    /** The child, if the caller reaches it; else {@link NotFoundException}, as for a child that does not exist. */
    Child reachableChild(Connection c, long childId) throws SQLException {
        Child child = ChildServiceImpl.find(c, childId).orElseThrow(() -> new NotFoundException("child", childId));
        if (!scope.sees(child.schoolId(), child.classId())) {
            throw new NotFoundException("child", childId);
        }
        return child;
    }
}
