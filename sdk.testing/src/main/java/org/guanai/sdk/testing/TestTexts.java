package org.guanai.sdk.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.registry.internal.programmes.PropertyTexts;
import org.guanai.sdk.http.ApiException;
import org.guanai.sdk.i18n.Label;
import org.guanai.sdk.i18n.Texts;

/**
 * The SDK's {@link Texts} for a programme's unit tests: {@code i18n/messages_zh.properties} and
 * {@code i18n/messages_en.properties} from the test class path, as the platform reads them from the bundle, looked up and
 * formatted by the platform's own code ({@code PropertyTexts} of {@code core.registry}). Unlike the platform, a missing
 * key fails the test at once ({@link IllegalArgumentException}), so every key a programme uses is proven to exist in
 * both languages.
 */
public final class TestTexts implements Texts {
    /** The platform's lookup and formatting; its default for a missing key is to fail. */
    private final Texts texts;

    /** The version {@link #version()} answers: a test has no bundle. */
    public static final String VERSION = "0.0.0";

    /** Reads the programme's texts from the test class path. */
    public TestTexts() {
        texts = new PropertyTexts(load("i18n/messages_zh.properties"), load("i18n/messages_en.properties"), VERSION);
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

    @Override
    public String version() {
        return texts.version();
    }

    @Override
    public String zh(String key, Object... args) {
        return texts.zh(key, args);
    }

    @Override
    public String en(String key, Object... args) {
        return texts.en(key, args);
    }

    @Override
    public Label label(String key, Object... args) {
        return texts.label(key, args);
    }

    @Override
    public FieldError field(String field, String key, Object... args) {
        return texts.field(field, key, args);
    }

    @Override
    public ValidationException invalid(String field, String key, Object... args) {
        return texts.invalid(field, key, args);
    }

    @Override
    public ApiException refuse(int status, String code, String key, Object... args) {
        return texts.refuse(status, code, key, args);
    }
}
