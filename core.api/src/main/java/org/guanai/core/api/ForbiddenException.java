package org.guanai.core.api;

/**
 * The caller lacks the permission an operation needs (HTTP 403). A record outside the caller's schools is not
 * forbidden but absent: {@link NotFoundException}, so that its existence is not revealed.
 */
public class ForbiddenException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final String permission;

    public ForbiddenException(String permission) {
        super("permission required: " + permission);
        this.permission = permission;
    }

    /** @return the permission that was missing */
    public String permission() {
        return permission;
    }
}
