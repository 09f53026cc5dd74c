package org.guanai.core.api;

/** An update carried a version that is no longer current: someone else changed the record first (HTTP 409). */
public final class StaleVersionException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final String entity;
    private final long id;
    private final long expected;
    private final long actual;

    public StaleVersionException(String entity, long id, long expected, long actual) {
        super(entity + " " + id + " is at version " + actual + ", not " + expected);
        this.entity = entity;
        this.id = id;
        this.expected = expected;
        this.actual = actual;
    }

    public String entity() {
        return entity;
    }

    public long id() {
        return id;
    }

    /** @return the version the caller sent */
    public long expected() {
        return expected;
    }

    /** @return the version stored now */
    public long actual() {
        return actual;
    }
}
