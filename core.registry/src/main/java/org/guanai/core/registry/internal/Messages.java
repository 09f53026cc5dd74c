package org.guanai.core.registry.internal;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import org.guanai.core.api.dto.FieldError;

/**
 * User-facing texts in 中文 and English from {@code messages_zh.properties} and {@code messages_en.properties}.
 * No fallback to the JVM's default locale: each language is loaded explicitly.
 */
public final class Messages {
    private static final String BASE = "org.guanai.core.registry.internal.messages";

    private final ResourceBundle zh;
    private final ResourceBundle en;

    public Messages() {
        ClassLoader loader = Messages.class.getClassLoader();
        ResourceBundle.Control control = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        this.zh = ResourceBundle.getBundle(BASE, Locale.CHINESE, loader, control);
        this.en = ResourceBundle.getBundle(BASE, Locale.ENGLISH, loader, control);
    }

    public String zh(String key, Object... args) {
        return format(zh, key, args);
    }

    public String en(String key, Object... args) {
        return format(en, key, args);
    }

    /** @return whether both languages have a text for {@code key} */
    public boolean has(String key) {
        return zh.containsKey(key) && en.containsKey(key);
    }

    public FieldError error(String field, String key, Object... args) {
        return new FieldError(field, zh(key, args), en(key, args));
    }

    private static String format(ResourceBundle bundle, String key, Object... args) {
        try {
            String pattern = bundle.getString(key);
            return args.length == 0 ? pattern : new MessageFormat(pattern, bundle.getLocale()).format(args);
        } catch (MissingResourceException e) {
            return key;
        }
    }
}
