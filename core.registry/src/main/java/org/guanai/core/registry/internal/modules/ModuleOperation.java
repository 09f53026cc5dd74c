package org.guanai.core.registry.internal.modules;

import java.time.Instant;

/**
 * A row of the module log ({@code core_module_log}): who did what to which module, and how it ended. A refusal or a
 * failure has its {@code reason}: the stable code of why ({@code unresolved}, {@code jar_unsafe_entry},
 * {@code start_failed}, … the {@link ModuleException#code}), which the console puts in words in 中文 and English; the
 * {@code detail} is the technical line for operators (bundle names, requirements), in English.
 */
public record ModuleOperation(Instant at, String actor, String operation, String bsn, String version, String outcome,
        String reason, String detail) {
}
