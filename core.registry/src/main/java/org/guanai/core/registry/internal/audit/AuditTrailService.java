package org.guanai.core.registry.internal.audit;

import org.guanai.core.api.AuditTrail;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The audit log for programmes ({@link AuditTrail}): their entries join the core's hash chain; {@code READ} entries are
 * written off the request path ({@link AuditLog#recordRead}), the others before {@link #record} returns.
 */
@Component(service = AuditTrail.class)
public final class AuditTrailService implements AuditTrail {
    private final AuditLog audit;

    @Activate
    public AuditTrailService(@Reference AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void record(String action, String entity, String entityId, Long childId, Long schoolId, String detail) {
        AuditLog.Event e = AuditLog.Event.of(action, entity, entityId).child(childId).school(schoolId).outcome(AuditLog.OK)
                .detail(detail);
        if (AuditActions.READ.equals(action)) {
            audit.recordRead(e); // off the request path, as the core's own reads
        } else {
            audit.record(e);
        }
    }
}
