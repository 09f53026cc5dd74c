package org.guanai.core.api;

import java.util.List;

import org.guanai.core.api.dto.FieldError;

/** A record was refused because one or more fields are invalid (HTTP 400). Nothing was stored. */
public final class ValidationException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super("invalid fields: " + errors.stream().map(FieldError::field).toList());
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation failure names at least one field");
        }
        this.errors = List.copyOf(errors);
    }

    /** @return the rejected fields, at least one */
    public List<FieldError> errors() {
        return errors;
    }
}
