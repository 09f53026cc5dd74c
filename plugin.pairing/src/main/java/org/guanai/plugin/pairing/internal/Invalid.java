package org.guanai.plugin.pairing.internal;

/** A refused request: HTTP status, the field at fault (or {@code null}) and a message key of the resource bundles. */
final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String field;
    final String key;

    Invalid(int status, String field, String key) {
        super(key + (field == null ? "" : " (" + field + ")"), null, false, false);
        this.status = status;
        this.field = field;
        this.key = key;
    }

    static Invalid field(String field, String key) {
        return new Invalid(400, field, key);
    }

    static Invalid notFound() {
        return new Invalid(404, null, "notFound");
    }
}
