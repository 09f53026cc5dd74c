package org.guanai.core.registry.internal;

import java.util.Optional;

/** Record ids as they appear in paths and parameters: positive {@code long}s, in ASCII digits. */
final class Ids {
    private Ids() {
    }

    /** @return the id, or empty for anything else (too large, zero, negative, not ASCII digits) */
    static Optional<Long> parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 19) {
            return Optional.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
        }
        try {
            long id = Long.parseLong(s);
            return id > 0 ? Optional.of(id) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
