package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.sdk.i18n.Texts;

/**
 * Collects the field errors of a body (the first per field) and refuses them together.
 * SDK-GAP: the SDK refuses one field at a time ({@link Texts#invalid}); a body whose several fields are missing or
 * too long is answered with all of them here.
 */
final class Check {
    private final Texts texts;
    private final List<FieldError> errors = new ArrayList<>();

    Check(Texts texts) {
        this.texts = texts;
    }

    void error(String field, String key) {
        if (errors.stream().noneMatch(e -> e.field().equals(field))) {
            errors.add(texts.field(field, "error." + key));
        }
    }

    /** @return the value, or {@code null} (an error when required) */
    <T> T required(String field, T value, boolean required) {
        if (value == null && required) {
            error(field, "required");
        }
        return value;
    }

    /** @return the text stripped, or {@code null} when absent or blank (an error when required) or too long */
    String text(String field, String value, boolean required, int max) {
        String s = value == null || value.isBlank() ? null : value.strip();
        if (required(field, s, required) != null && s.length() > max) {
            error(field, "tooLong");
            return null;
        }
        return s;
    }

    Integer range(String field, Integer value, boolean required, int min, int max) {
        if (required(field, value, required) != null && (value < min || value > max)) {
            error(field, "range");
            return null;
        }
        return value;
    }

    /** @return the date, or {@code null}; before 2000 is too far in the past for these records */
    LocalDate date(String field, LocalDate value, boolean required) {
        if (required(field, value, required) != null && value.getYear() < 2000) {
            error(field, "tooOld");
            return null;
        }
        return value;
    }

    /** Refuses the body with every error collected, if there is one. */
    void done() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
