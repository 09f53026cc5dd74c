package org.guanai.core.registry.internal;

import java.util.ArrayList;
import java.util.List;

import org.guanai.core.api.dto.FieldError;

/** Limits of paged queries. */
final class Paging {
    static final int MAX_SIZE = 500;

    private Paging() {
    }

    static void check(int page, int size, Messages messages) {
        List<FieldError> errors = new ArrayList<>();
        if (page < 0) {
            errors.add(messages.error("page", "error.param.badValue"));
        }
        if (size < 1 || size > MAX_SIZE) {
            errors.add(messages.error("size", "error.param.badValue"));
        }
        Validator.throwIfAny(errors);
    }
}
