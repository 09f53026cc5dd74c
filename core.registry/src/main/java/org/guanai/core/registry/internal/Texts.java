package org.guanai.core.registry.internal;

/** Normalisation of user-entered text before validation: trimmed, and blank means absent. */
public final class Texts {
    private Texts() {
    }

    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    /** A citizen ID number with a lower-case check character is the same number. */
    public static String idNumber(String s) {
        String t = clean(s);
        return t == null ? null : t.toUpperCase(java.util.Locale.ROOT);
    }
}
