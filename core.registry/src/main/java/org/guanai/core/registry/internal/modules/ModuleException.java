package org.guanai.core.registry.internal.modules;

import java.util.List;

import org.guanai.core.registry.internal.Messages;

/** A module operation refused or failed; the framework is as it was before the operation. */
public final class ModuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public final int status;
    public final String code;
    public final transient List<String> details;

    ModuleException(int status, String code, String message, List<String> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
    }

    ModuleException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    /**
     * The text for users in 中文: the refusal's own explanation when the message bundles have one
     * ({@code error.module.<code>}), else what kind of failure it is ({@code error.module.<status>}), then the reason.
     */
    public String messageZh(Messages messages) {
        String own = "error.module." + code;
        return messages.zh(messages.has(own) ? own : "error.module." + status) + "：" + getMessage();
    }

    /** The text for users in English: the refusal's own explanation, if it has one, then the reason. */
    public String messageEn(Messages messages) {
        String own = "error.module." + code;
        return messages.has(own) ? messages.en(own) + ": " + getMessage() : getMessage();
    }
}
