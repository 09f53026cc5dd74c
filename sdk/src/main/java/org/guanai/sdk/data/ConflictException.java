package org.guanai.sdk.data;

/**
 * A change the stored state does not allow, found in the transaction that would make it (a decision already taken, a
 * stale version, a duplicate): {@link #code()} names why. A route answers it {@code 409} with the code and the
 * programme's text {@code conflict.<code>}: {@code rq.texts().refuse(409, c.code(), "conflict." + c.code())}.
 *
 * @since 1.1
 */
public final class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    /** @param code why the change is refused, e.g. {@code stale} or {@code notNominated}; also its message */
    public ConflictException(String code) {
        super(code, null, false, false);
        this.code = code;
    }

    /** @return why the change is refused */
    public String code() {
        return code;
    }
}
