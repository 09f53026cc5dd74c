package org.guanai.core.registry.internal.modules;

import java.util.List;
import java.util.Locale;

import org.guanai.core.registry.internal.Messages;

/**
 * A module operation refused or failed; the framework is as it was before the operation. It says what kind of refusal it
 * is and its own reason code; the servlet, not module administration, maps the kind to an HTTP status.
 */
public final class ModuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of refusal: the servlet answers each with its own status. */
    public enum Kind {
        /** The jar or the request is not what an operation takes (not a bundle, a wrong name, no confirmation). */
        INVALID,
        /** No such module or programme. */
        NOT_FOUND,
        /** Conflicts with what is installed (installed already, a programme id taken). */
        CONFLICT,
        /** Well-formed but refused or failed: unsigned, too large, does not resolve, did not start; nothing changed. */
        REFUSED,
        /** Cannot be done now (trust store unavailable, interrupted): retry later. */
        UNAVAILABLE;

        /** The key of the text that says what kind of refusal this is. */
        public String textKey() {
            return "error.module.kind." + name().toLowerCase(Locale.ROOT);
        }
    }

    public final Kind kind;
    public final String code;
    public final transient List<String> details;

    ModuleException(Kind kind, String code, String message, List<String> details) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.details = List.copyOf(details);
    }

    ModuleException(Kind kind, String code, String message) {
        this(kind, code, message, List.of());
    }


    /**
     * The text for users in 中文: the refusal's own explanation when the message bundles have one
     * ({@code error.module.<code>}), else what kind of failure it is ({@link Kind#textKey()}), then the reason.
     */
    public String messageZh(Messages messages) {
        String own = "error.module." + code;
        return messages.zh(messages.has(own) ? own : kind.textKey()) + "：" + getMessage();
    }

    /** The text for users in English: the refusal's own explanation, if it has one, then the reason. */
    public String messageEn(Messages messages) {
        String own = "error.module." + code;
        return messages.has(own) ? messages.en(own) + ": " + getMessage() : getMessage();
    }
}
