package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a JSON body field by field, collecting every field error (key of the messages bundle) before anything is stored. */
final class Input {
    private final JsonNode body;
    /** field → message key */
    final Map<String, String> errors = new LinkedHashMap<>();

    Input(JsonNode body, Set<String> allowed) {
        this.body = body;
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                errors.put(f, "unknownField");
            }
        }
    }

    boolean ok() {
        return errors.isEmpty();
    }

    void error(String field, String key) {
        errors.putIfAbsent(field, key);
    }

    boolean has(String field) {
        return body.hasNonNull(field);
    }

    String text(String field, boolean required, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull() || n.isTextual() && n.asText().isBlank()) {
            if (required) {
                error(field, "required");
            }
            return null;
        }
        if (!n.isTextual()) {
            error(field, "badValue");
            return null;
        }
        String s = n.asText().strip();
        if (s.length() > max) {
            error(field, "tooLong");
            return null;
        }
        return s;
    }

    <E extends Enum<E>> E choice(String field, Class<E> type, boolean required, String key) {
        String s = text(field, required, 40);
        if (s == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            error(field, key);
            return null;
        }
    }

    LocalDate date(String field, boolean required) {
        String s = text(field, required, 10);
        if (s == null) {
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(s);
            if (d.getYear() < 2000 || d.getYear() > 2100) {
                error(field, "tooOld");
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            error(field, "badDate");
            return null;
        }
    }

    Integer integer(String field, boolean required, int min, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                error(field, "required");
            }
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            error(field, "badValue");
            return null;
        }
        int v = n.asInt();
        if (v < min || v > max) {
            error(field, "range");
            return null;
        }
        return v;
    }

    Boolean bool(String field, boolean dflt) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            error(field, "badValue");
            return dflt;
        }
        return n.asBoolean();
    }

    List<Long> ids(String field, int max) {
        JsonNode n = body.get(field);
        List<Long> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray() || n.size() > max) {
            error(field, n.isArray() ? "range" : "badValue");
            return out;
        }
        for (JsonNode e : n) {
            if (!e.isIntegralNumber() || !e.canConvertToLong()) {
                error(field, "badValue");
                return new ArrayList<>();
            }
            out.add(e.asLong());
        }
        return out;
    }
}
