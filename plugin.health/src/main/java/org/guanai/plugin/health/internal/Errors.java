package org.guanai.plugin.health.internal;

import java.util.ArrayList;
import java.util.List;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.sdk.i18n.Texts;

/**
 * The field errors of one request, collected so that the rules report every field at fault at once.
 * SDK-GAP: {@link Texts} makes one field error at a time; nothing in the SDK collects several into one refusal.
 */
final class Errors {
    private final Texts texts;
    private final List<FieldError> list = new ArrayList<>();

    Errors(Texts texts) {
        this.texts = texts;
    }

    /** Adds {@code field} with the texts of {@code key} ({@code i18n/messages_*.properties}). */
    Errors add(String field, String key, Object... args) {
        list.add(texts.field(field, key, args));
        return this;
    }

    boolean has(String field) {
        return list.stream().anyMatch(f -> f.field().equals(field));
    }

    boolean empty() {
        return list.isEmpty();
    }

    List<FieldError> list() {
        return List.copyOf(list);
    }

    /** @throws ValidationException ({@code 400}) naming every field added, if any */
    void throwIfAny() {
        if (!list.isEmpty()) {
            throw new ValidationException(list);
        }
    }
}
