package org.guanai.plugin.activities.internal;

import java.time.LocalDate;

import org.guanai.sdk.i18n.FieldErrors;
import org.guanai.sdk.i18n.Texts;

/**
 * The checks of a body's fields (required, length, range, date), the first error per field, refused together.
 */
final class Check {
    private final FieldErrors errors;

    Check(Texts texts) {
        this.errors = texts.errors();
    }

    void error(String field, String key) {
        if (!errors.has(field)) {
            errors.add(field, "error." + key);
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
        errors.throwIfAny();
    }
}
