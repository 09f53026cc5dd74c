package org.guanai.sdk.i18n;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;

/**
 * The field errors of one request, collected so that a handler reports every field at fault at once rather than the
 * first one only. Get one with {@link Texts#errors()}:
 *
 * <pre>{@code
 * FieldErrors errors = rq.texts().errors();
 * if (in.minutes() == null) errors.add("minutes", "error.minutes");
 * if (in.note() != null && in.note().length() > 500) errors.add("note", "error.note", 500);
 * errors.throwIfAny(); // 400, every field named, in 中文 and English
 * }</pre>
 *
 * Not thread-safe: one per request.
 */
public final class FieldErrors {
    private final Texts texts;
    private final List<FieldError> errors = new ArrayList<>();

    /** @param texts the programme's texts the errors' messages come from */
    public FieldErrors(Texts texts) {
        this.texts = Objects.requireNonNull(texts, "texts");
    }

    /**
     * Adds an error naming {@code field}, with both texts of {@code key} (a field may have several; use
     * {@link #has(String)} to keep one).
     *
     * @return this
     */
    public FieldErrors add(String field, String key, Object... args) {
        errors.add(texts.field(field, key, args));
        return this;
    }

    /**
     * Adds an error naming {@code field} when {@code wrong} and the field has none yet, so that each field is named once,
     * with its first fault.
     *
     * @return this
     * @since 1.2
     */
    public FieldErrors check(boolean wrong, String field, String key, Object... args) {
        if (wrong && !has(field)) {
            add(field, key, args);
        }
        return this;
    }

    /**
     * A free text of a request: stripped, {@code null} when absent or blank; an error naming {@code field} with the text
     * {@code key} (formatted with {@code max}) when longer than {@code max} characters, or blank though {@code required}.
     *
     * @return the text stripped, or {@code null}
     * @since 1.2
     */
    public String text(String value, int max, boolean required, String field, String key) {
        String t = value == null || value.isBlank() ? null : value.strip();
        check(t != null && t.length() > max || t == null && required, field, key, max);
        return t;
    }

    /** @return whether {@code field} has an error already */
    public boolean has(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    /** @return whether no error was added */
    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** @return the errors added so far, in the order they were added */
    public List<FieldError> list() {
        return List.copyOf(errors);
    }

    /** @throws ValidationException ({@code 400}) naming every field added, if any was */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
