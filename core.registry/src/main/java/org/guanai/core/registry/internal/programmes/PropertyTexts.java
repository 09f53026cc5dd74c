package org.guanai.core.registry.internal.programmes;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.sdk.http.ApiException;
import org.guanai.sdk.i18n.Label;
import org.guanai.sdk.i18n.Texts;

/**
 * The SDK's {@link Texts} over the 中文 and English texts of a programme, already read: the lookup and formatting the
 * platform ({@link BundleTexts}, from the bundle) and the test kit ({@code TestTexts}, from the class path) share, so a
 * programme's tests format its texts as the platform does. What a missing key gives is {@link #missing}'s choice.
 */
public class PropertyTexts implements Texts {
    private final Properties zh;
    private final Properties en;
    private final String version;

    /** @param version the version of the programme the texts belong to */
    public PropertyTexts(Properties zh, Properties en, String version) {
        this.zh = zh;
        this.en = en;
        this.version = version;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String zh(String key, Object... args) {
        return format(zh, Locale.CHINESE, key, args);
    }

    @Override
    public String en(String key, Object... args) {
        return format(en, Locale.ENGLISH, key, args);
    }

    @Override
    public Label label(String key, Object... args) {
        return new Label(zh(key, args), en(key, args));
    }

    @Override
    public FieldError field(String field, String key, Object... args) {
        return new FieldError(field, zh(key, args), en(key, args));
    }

    @Override
    public ValidationException invalid(String field, String key, Object... args) {
        return new ValidationException(List.of(field(field, key, args)));
    }

    @Override
    public ApiException refuse(int status, String code, String key, Object... args) {
        return new ApiException(status, code, zh(key, args), en(key, args), List.of());
    }

    /**
     * @param locale {@link Locale#CHINESE} or {@link Locale#ENGLISH}
     * @return the text for a key the language lacks; here none: {@link IllegalArgumentException} naming the key
     */
    protected String missing(Locale locale, String key) {
        throw new IllegalArgumentException("no " + locale.getDisplayLanguage(Locale.ENGLISH) + " text for '" + key + "'");
    }

    private String format(Properties texts, Locale locale, String key, Object... args) {
        String pattern = texts.getProperty(key);
        if (pattern == null) {
            return missing(locale, key);
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }
}
