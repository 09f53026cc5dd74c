package org.guanai.core.registry.internal.modules;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an install, update, stop or start did to a module: its bundle as it is now and the result ({@code installed},
 * {@code updated}, {@code unchanged}, {@code stopped}, {@code started}). {@code id} and {@code state} are absent for a
 * module that is wanted but not installed yet (the reconciliation at start installs it).
 */
public record ModuleResult(String bsn, String version, @JsonInclude(JsonInclude.Include.NON_NULL) Long id,
        @JsonInclude(JsonInclude.Include.NON_NULL) String state, String result) {
}
