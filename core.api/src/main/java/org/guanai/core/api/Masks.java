package org.guanai.core.api;

/**
 * How personal data is masked (脱敏) for callers without the permission to see it in full. The core masks the
 * registry's fields; programmes use the same forms for theirs so that every page looks alike.
 */
public interface Masks {
    /** The masked form of free text such as a health note. */
    String HIDDEN = "***";

    /** 身份证号: {@code 110***********1234} (first three and last four characters kept). */
    static String idNumber(String v) {
        if (v == null || v.isEmpty()) {
            return v;
        }
        if (v.length() <= 7) {
            return "*".repeat(v.length());
        }
        return v.substring(0, 3) + "*".repeat(v.length() - 7) + v.substring(v.length() - 4);
    }

    /**
     * 全国学籍号: masked like the ID number it holds. The national 学籍号 is {@code G} followed by the child's 18-character
     * ID number, so it shows no more of it than {@link #idNumber} does: {@code G520***********1234} (a leading letter kept,
     * the rest masked as an ID number).
     */
    static String studentNumber(String v) {
        if (v == null || v.isEmpty()) {
            return v;
        }
        char first = v.charAt(0);
        boolean letter = first >= 'A' && first <= 'Z' || first >= 'a' && first <= 'z';
        return letter && v.length() > 1 ? first + idNumber(v.substring(1)) : idNumber(v);
    }

    /** 电话: {@code 138****5678}; short numbers keep only their last four digits. */
    static String phone(String v) {
        if (v == null || v.isEmpty()) {
            return v;
        }
        if (v.length() >= 11) {
            return v.substring(0, 3) + "*".repeat(v.length() - 7) + v.substring(v.length() - 4);
        }
        if (v.length() <= 4) {
            return "*".repeat(v.length());
        }
        return "*".repeat(v.length() - 4) + v.substring(v.length() - 4);
    }

    /** 地址: the first six characters (province, county) and {@code ***}. */
    static String address(String v) {
        if (v == null || v.isEmpty()) {
            return v;
        }
        return v.length() <= 6 ? HIDDEN : v.substring(0, 6) + HIDDEN;
    }

    /** Free text (健康状况 and the like): {@code ***}. */
    static String text(String v) {
        return v == null || v.isEmpty() ? v : HIDDEN;
    }

    /** @return whether {@code v} is a masked value (contains {@code *}), e.g. sent back unchanged by a client */
    static boolean isMasked(String v) {
        return v != null && v.indexOf('*') >= 0;
    }
}
