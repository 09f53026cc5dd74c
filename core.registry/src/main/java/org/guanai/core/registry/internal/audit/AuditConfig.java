package org.guanai.core.registry.internal.audit;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the audit log (PID {@code org.guanai.core.audit}): how often the head of its chain is anchored, and how
 * audited reads are written. */
@ObjectClassDefinition(name = "Guanai audit log", description = "How often the head of the audit chain is written to the anchor file")
@interface AuditConfig {
    String PID = "org.guanai.core.audit";

    @AttributeDefinition(description = "Anchor the head after at most this many new entries", min = "1")
    int anchorEveryEntries() default 1000;

    @AttributeDefinition(description = "Anchor the head at least this often (seconds) when it moved", min = "1")
    int anchorEverySeconds() default 60;

    @AttributeDefinition(description = "Full reads are audited off the request path: their entries are written at most this"
            + " many milliseconds after the read (1 to 100)", min = "1", max = "100")
    int readFlushMillis() default 50;

    @AttributeDefinition(description = "At most this many read entries wait to be written; beyond it a read waits for room"
            + " (back-pressure)", min = "1")
    int readQueueCapacity() default 10000;
}
