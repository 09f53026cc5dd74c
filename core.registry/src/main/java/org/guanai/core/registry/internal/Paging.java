package org.guanai.core.registry.internal;

import java.util.ArrayList;
import java.util.List;

import org.guanai.core.api.dto.FieldError;
import org.guanai.core.registry.internal.registry.Validator;

/** Limits of paged queries. */
public final class Paging {
    public static final int MAX_SIZE = 500;

    private Paging() {
    }

    public static void check(int page, int size, Messages messages) {
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
