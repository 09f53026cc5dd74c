package org.guanai.core.registry.internal.modules;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A bundle of the framework as module administration shows it: managed here or part of the platform, its programme and
 * that programme's state (present only for a programme the registry knows), and the desired state of a managed one.
 */
public record ModuleView(long id, String bsn, String version, String state, boolean managed, String programme,
        @JsonInclude(JsonInclude.Include.NON_ABSENT) String programmeState,
        @JsonInclude(JsonInclude.Include.NON_ABSENT) String error, String desiredState) {
}
