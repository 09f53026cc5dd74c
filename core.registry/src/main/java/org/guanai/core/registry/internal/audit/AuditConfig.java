package org.guanai.core.registry.internal.audit;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the audit log (PID {@code org.guanai.core.audit}): how often the head of its chain is anchored. */
@ObjectClassDefinition(name = "Guanai audit log", description = "How often the head of the audit chain is written to the anchor file")
@interface AuditConfig {
    String PID = "org.guanai.core.audit";

    @AttributeDefinition(description = "Anchor the head after at most this many new entries", min = "1")
    int anchorEveryEntries() default 1000;

    @AttributeDefinition(description = "Anchor the head at least this often (seconds) when it moved", min = "1")
    int anchorEverySeconds() default 60;
}
