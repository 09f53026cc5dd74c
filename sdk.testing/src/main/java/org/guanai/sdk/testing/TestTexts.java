package org.guanai.sdk.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * The SDK's {@link Texts} for a programme's unit tests: {@code i18n/messages_zh.properties} and
 * {@code i18n/messages_en.properties} from the test class path, as the platform reads them from the bundle. Unlike the
 * platform, a missing key fails the test at once ({@link IllegalArgumentException}), so every key a programme uses is
 * proven to exist in both languages.
 */
public final class TestTexts implements Texts {
    private final Properties zh;
    private final Properties en;

    /** Reads the programme's texts from the test class path. */
    public TestTexts() {
        this("i18n/messages_zh.properties", "i18n/messages_en.properties");
    }

    /** Reads texts from other files of the class path (the test kit's own, for the platform's errors). */
    TestTexts(String zhPath, String enPath) {
        zh = load(zhPath);
        en = load(enPath);
    }

    private static Properties load(String path) {
        Properties p = new Properties();
        try (InputStream in = TestTexts.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the test class path");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String format(Properties texts, Locale locale, String key, Object... args) {
        String pattern = texts.getProperty(key);
        if (pattern == null) {
            throw new IllegalArgumentException("no " + locale.getDisplayLanguage(Locale.ENGLISH) + " text for '" + key + "'");
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
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
}
