package org.guanai.plugin.pairing.internal;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The programme's texts in 中文 and English, from {@code messages_zh.properties} and {@code messages_en.properties}. */
final class Messages {
    private final ResourceBundle zh = load(Locale.CHINESE);
    private final ResourceBundle en = load(Locale.ENGLISH);

    private static ResourceBundle load(Locale locale) {
        return ResourceBundle.getBundle("org.guanai.plugin.pairing.internal.messages", locale, Messages.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    String zh(String key, Object... args) {
        return format(zh, key, Locale.CHINESE, args);
    }

    String en(String key, Object... args) {
        return format(en, key, Locale.ENGLISH, args);
    }

    private static String format(ResourceBundle b, String key, Locale locale, Object... args) {
        String pattern;
        try {
            pattern = b.getString(key);
        } catch (MissingResourceException e) {
            pattern = key;
        }
        return new MessageFormat(pattern, locale).format(args);
    }
}
