package org.guanai.core.registry.internal;

import java.util.List;

/** A module operation refused or failed; the framework is as it was before the operation. */
final class ModuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final transient List<String> details;

    ModuleException(int status, String code, String message, List<String> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
    }

    ModuleException(int status, String code, String message) {
        this(status, code, message, List.of());
    }
}
