package org.guanai.plugin.health.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A refused request: HTTP status, an error code and the fields at fault, each with a message key of
 * {@code messages*.properties} and its arguments. Nothing is stored when one is thrown.
 */
final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A field at fault: {@code field}, message {@code key} with {@code args}. */
    record FieldProblem(String field, String key, Object[] args) {
    }

    final int status;
    final String code;
    final List<FieldProblem> fields;

    Problem(int status, String code, List<FieldProblem> fields) {
        super(code + " " + fields.stream().map(f -> f.field() + ":" + f.key()).toList());
        this.status = status;
        this.code = code;
        this.fields = List.copyOf(fields);
    }

    static Problem notFound() {
        return new Problem(404, "notFound", List.of());
    }

    static Problem stale() {
        return new Problem(409, "stale", List.of());
    }

    static Problem field(String field, String key, Object... args) {
        return new Problem(400, "validation", List.of(new FieldProblem(field, key, args)));
    }

    /** Collects field problems; {@link #throwIfAny()} throws them all at once. */
    static final class Collector {
        private final List<FieldProblem> list = new ArrayList<>();

        Collector add(String field, String key, Object... args) {
            list.add(new FieldProblem(field, key, args));
            return this;
        }

        boolean has(String field) {
            return list.stream().anyMatch(f -> f.field().equals(field));
        }

        boolean empty() {
            return list.isEmpty();
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                throw new Problem(400, "validation", list);
            }
        }
    }
}
