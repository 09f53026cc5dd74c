package org.guanai.core.api;

/** The record does not exist, or is not visible to the caller (HTTP 404). */
public final class NotFoundException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final String entity;
    private final long id;

    public NotFoundException(String entity, long id) {
        super(entity + " " + id + " not found");
        this.entity = entity;
        this.id = id;
    }

    /** @return the entity type, e.g. {@code child} */
    public String entity() {
        return entity;
    }

    /** @return the id asked for */
    public long id() {
        return id;
    }
}
