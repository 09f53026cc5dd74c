package org.guanai.core.registry.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt password hashes (Bouncy Castle's {@link OpenBSDBCrypt}, {@code $2b$} strings with their salt and cost). The
 * cost is configurable; a hash made with another cost still verifies.
 */
final class PasswordHasher {
    /** bcrypt reads at most 72 bytes of a password. */
    static final int MAX_BYTES = 72;

    private final SecureRandom random = new SecureRandom();
    private final int cost;
    /**
     * A hash to verify against when the user does not exist, so that the answer takes as long as for a real one. Made
     * when an unknown user first signs in, not at start (one bcrypt hash is a tenth of a second or more before the JIT
     * warms up, taken from the start on 2 cores even in the background); that one answer takes a hash longer.
     */
    private volatile String decoy;

    PasswordHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be 4..31: " + cost);
        }
        this.cost = cost;
    }

    String hash(char[] password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password, salt, cost);
    }

    boolean verify(String hash, char[] password) {
        if (hash == null || password.length == 0 || new String(password).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(hash, password);
        } catch (IllegalArgumentException e) {
            return false; // not a bcrypt string
        }
    }

    /** Spends the time of one verification, for an unknown user. */
    void burn(char[] password) {
        verify(decoy(), password.length == 0 ? new char[] { 'x' } : password);
    }

    private String decoy() {
        String d = decoy;
        if (d == null) {
            synchronized (this) {
                d = decoy;
                if (d == null) {
                    d = hash("decoy-password-never-valid".toCharArray());
                    decoy = d;
                }
            }
        }
        return d;
    }
}
