package org.guanai.sdk.i18n;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.sdk.http.ApiException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The texts of one programme in 中文 and English, from {@code i18n/messages_zh.properties} and
 * {@code i18n/messages_en.properties} in its bundle. Get it with {@code @Reference Texts texts} (a bundle-scoped
 * service: each bundle gets its own texts) or, in a handler, from {@link org.guanai.sdk.http.Request#texts()}. A key
 * missing in a language answers the key itself and is logged once. Implemented by the core.
 */
@ProviderType
public interface Texts {

    /** @return the 中文 text of {@code key}, formatted with {@code args} ({@link java.text.MessageFormat}) */
    String zh(String key, Object... args);

    /** @return the English text of {@code key}, formatted with {@code args} */
    String en(String key, Object... args);

    /** @return both texts of {@code key} */
    Label label(String key, Object... args);

    /** @return a field error: {@code field} and both texts of {@code key} */
    FieldError field(String field, String key, Object... args);

    /** @return an empty collector of field errors with these texts, to refuse every field at fault at once */
    default FieldErrors errors() {
        return new FieldErrors(this);
    }

    /** @return a {@code 400} refusal naming {@code field}, to throw */
    ValidationException invalid(String field, String key, Object... args);

    /**
     * @param status a {@code 4xx} status
     * @param code   the machine-readable error code
     * @return a refusal with both texts of {@code key}, to throw
     */
    ApiException refuse(int status, String code, String key, Object... args);
}
