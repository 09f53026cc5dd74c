package org.guanai.core.registry.internal.http;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Record ids as they appear in paths ({@code /api/schools/{id}}) and id parameters: {@code 1} to {@link Long#MAX_VALUE}
 * in plain ASCII digits without a sign or leading zero. One parser for every route, so that an id a client makes up
 * ({@code 9223372036854775808}, {@code -1}, {@code 0}, {@code ١٢}, {@code 1e3}) is simply a record that does not
 * exist: {@code 404}, never an exception.
 */
public final class Ids {
    /** The form of an id; may still exceed {@link Long#MAX_VALUE} (19 digits): {@link #parse} decides. */
    public static final String PATTERN = "[1-9][0-9]{0,18}";
    private static final Pattern ID = Pattern.compile(PATTERN);

    private Ids() {
    }

    /** @return the id, or empty when {@code s} is not one (malformed, zero, negative or beyond a {@code long}) */
    public static OptionalLong parse(String s) {
        if (s == null || !ID.matcher(s).matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // 19 digits beyond Long.MAX_VALUE
        }
    }
}
