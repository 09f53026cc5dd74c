package org.guanai.core.registry.internal.modules;

import java.time.Instant;

/** A row of the module log ({@code core_module_log}): who did what to which module, and how it ended. */
public record ModuleOperation(Instant at, String actor, String operation, String bsn, String version, String outcome,
        String detail) {
}
