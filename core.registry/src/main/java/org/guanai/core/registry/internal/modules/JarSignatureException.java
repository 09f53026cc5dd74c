package org.guanai.core.registry.internal.modules;

import java.util.List;
import java.util.Locale;

/** A jar refused by {@link BundleSignatures}: why, in a code the API answers with, and what was found. */
final class JarSignatureException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a jar is refused; {@link #code()} is the error code of the API. */
    enum Reason {
        /** No entry carries a signature. */
        UNSIGNED,
        /** Some entries carry no signature (e.g. added after signing), or no one signer covers every entry. */
        PARTLY_SIGNED,
        /** A signed entry does not match its signature, or the signature itself does not verify (changed after signing). */
        INVALID_SIGNATURE,
        /** Signed consistently, but no signer's certificate chains to the trust store (or it is expired). */
        UNTRUSTED,
        /** Not a jar. */
        UNREADABLE;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    final Reason reason;
    final transient List<String> details;

    JarSignatureException(Reason reason, String message, List<String> details) {
        super(message);
        this.reason = reason;
        this.details = List.copyOf(details);
    }

    JarSignatureException(Reason reason, String message) {
        this(reason, message, List.of());
    }

    String code() {
        return reason.code();
    }
}
