package org.guanai.core.registry.internal.notify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Masks secrets in any text that may reach a log, the database or an answer: every configured secret (SMTP password,
 * SMS token, webhook URLs) written out, and the value of any URL parameter that looks like a key.
 */
final class Secrets {
    static final String MASK = "***";
    private static final Pattern KEY_PARAM = Pattern.compile(
            "(?i)([?&](?:key|token|secret|access_token|sign|signature|password|sig)=)[^&\\s\"']+");

    private final List<String> secrets;

    Secrets(List<String> secrets) {
        List<String> s = new ArrayList<>();
        for (String x : secrets) {
            if (x != null && x.length() >= 4) {
                s.add(x);
            }
        }
        s.sort(Comparator.comparingInt(String::length).reversed()); // a URL before the key inside it
        this.secrets = List.copyOf(s);
    }

    /** @return {@code text} with every secret replaced by {@value #MASK}; {@code null} stays {@code null} */
    String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return KEY_PARAM.matcher(out).replaceAll("$1" + MASK);
    }

    /** @return a URL with the values of its key-like parameters masked, for a message */
    static String maskUrl(String url) {
        return url == null ? null : KEY_PARAM.matcher(url).replaceAll("$1" + MASK);
    }
}
