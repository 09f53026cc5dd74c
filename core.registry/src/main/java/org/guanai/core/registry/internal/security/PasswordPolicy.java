package org.guanai.core.registry.internal.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.guanai.core.api.dto.FieldError;
import org.guanai.core.registry.internal.Messages;

import com.nulabinc.zxcvbn.StandardDictionaries;
import com.nulabinc.zxcvbn.StandardKeyboards;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import com.nulabinc.zxcvbn.ZxcvbnBuilder;
import com.nulabinc.zxcvbn.matchers.Dictionary;

/**
 * What a new password must be: at least {@value #MIN_LENGTH} characters, at most {@link PasswordHasher#MAX_BYTES}
 * bytes, not containing the user name, and not guessable according to zxcvbn (zxcvbn4j, embedded privately in this
 * bundle): its estimate must reach {@value #MIN_SCORE} (at least 10^8 guesses). zxcvbn knows common passwords, English
 * words and names, keyboard walks, sequences, repeats, dates and l33t; next to its dictionaries it gets this platform's
 * words, pinyin and common Chinese passwords ({@code passwords-zh.txt}), and the user's name and display name.
 */
final class PasswordPolicy {
    static final int MIN_LENGTH = 10;
    /** zxcvbn's score 3: "safely unguessable", 10^8 guesses or more. */
    static final int MIN_SCORE = 3;
    private static final String WORDS = "passwords-zh.txt";

    private final Messages messages = new Messages();
    /**
     * zxcvbn with its dictionaries (several MB to read and index), built on the first estimate rather than on the start
     * path: a restart sets no password.
     */
    private Zxcvbn zxcvbn;

    private synchronized Zxcvbn zxcvbn() {
        if (zxcvbn == null) {
            try {
                zxcvbn = new ZxcvbnBuilder().dictionaries(StandardDictionaries.loadAllDictionaries())
                        .keyboards(StandardKeyboards.loadAllKeyboards()).dictionary(new Dictionary("guanai", words())).build();
            } catch (IOException e) {
                throw new UncheckedIOException("zxcvbn dictionaries", e);
            }
        }
        return zxcvbn;
    }

    /** Every rule: the shape, then the estimate. */
    List<FieldError> errors(String field, String username, String displayName, String password) {
        List<FieldError> shape = shapeErrors(field, username, password);
        if (!shape.isEmpty()) {
            return shape;
        }
        List<String> personal = new ArrayList<>();
        if (username != null && !username.isEmpty()) {
            personal.add(username);
        }
        if (displayName != null && !displayName.isBlank()) {
            personal.add(displayName.trim());
        }
        if (score(password, personal) < MIN_SCORE) {
            return List.of(messages.error(field, "error.password.guessable"));
        }
        return List.of();
    }

    /**
     * Length, size and the user name only, without the estimate: for the demo users, whose published password is
     * weak on purpose.
     */
    List<FieldError> shapeErrors(String field, String username, String password) {
        if (password == null || password.isEmpty()) {
            return List.of(messages.error(field, "error.required"));
        }
        if (password.length() < MIN_LENGTH) {
            return List.of(messages.error(field, "error.password.short", MIN_LENGTH));
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > PasswordHasher.MAX_BYTES) {
            return List.of(messages.error(field, "error.password.long", PasswordHasher.MAX_BYTES));
        }
        if (username != null && !username.isEmpty() && password.toLowerCase(Locale.ROOT).contains(username)) {
            return List.of(messages.error(field, "error.password.username"));
        }
        return List.of();
    }

    /** zxcvbn's score 0–4; {@code personal} words (names) count as guessed first. */
    int score(String password, List<String> personal) {
        Strength s;
        synchronized (this) {
            s = zxcvbn().measure(password, personal);
        }
        return s.getScore();
    }

    private static List<String> words() throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(WORDS)) {
            if (in == null) {
                throw new IOException(WORDS + " is missing from the bundle");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null;) {
                String w = line.trim();
                if (!w.isEmpty() && !w.startsWith("#")) {
                    out.add(w.toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }
}
