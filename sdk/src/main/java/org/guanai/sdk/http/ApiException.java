package org.guanai.sdk.http;

import java.util.List;

import org.guanai.core.api.dto.FieldError;

/**
 * A refusal with a status of its own (e.g. {@code 409} for a conflict with the records' state, {@code 422}), answered
 * as the platform's JSON error body: {@code {"error": code, "message_zh", "message_en"}} and, with field errors,
 * {@code "errors": [{"field", "message_zh", "message_en"}]}. Build it with
 * {@link org.guanai.sdk.i18n.Texts#refuse}. Nothing a handler stored in the same transaction is kept.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String messageZh;
    private final String messageEn;
    private final List<FieldError> errors;

    /**
     * @param status    a {@code 4xx} status
     * @param code      a stable, machine-readable code, e.g. {@code capacity_reached}
     * @param messageZh 中文说明
     * @param messageEn English explanation
     * @param errors    the fields concerned, possibly none
     */
    public ApiException(int status, String code, String messageZh, String messageEn, List<FieldError> errors) {
        super(code + ": " + messageEn);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("a refusal is a 4xx status: " + status);
        }
        this.status = status;
        this.code = code;
        this.messageZh = messageZh;
        this.messageEn = messageEn;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the error code */
    public String code() {
        return code;
    }

    /** @return 中文说明 */
    public String messageZh() {
        return messageZh;
    }

    /** @return English explanation */
    public String messageEn() {
        return messageEn;
    }

    /** @return the fields concerned */
    public List<FieldError> errors() {
        return errors;
    }
}
