package org.guanai.core.registry.internal.registry;

/**
 * The words of the roster's cells (花名册, the import template): how a school office writes a value, never the stored
 * code. The import reads these words (and their synonyms) back, so they are the file format, in 中文 whatever the
 * reader's language, as the 学籍 system's own exports are.
 */
final class RosterWords {
    private RosterWords() {
    }

    /** 性别: 男 or 女. */
    static String gender(String code) {
        return code == null ? null : switch (code) {
            case "MALE" -> "男";
            case "FEMALE" -> "女";
            default -> null;
        };
    }

    /** 就读方式: 走读 or 住校 (the 学籍 system's words). */
    static String boarding(String code) {
        return code == null ? null : switch (code) {
            case "DAY" -> "走读";
            case "BOARDING" -> "住校";
            default -> null;
        };
    }

    /** 留守类型: 父亲外出, 母亲外出, 父母均外出 or 非留守. */
    static String leftBehind(String code) {
        return code == null ? null : switch (code) {
            case "FATHER_AWAY" -> "父亲外出";
            case "MOTHER_AWAY" -> "母亲外出";
            case "BOTH_AWAY" -> "父母均外出";
            case "NONE" -> "非留守";
            default -> null;
        };
    }

    /**
     * 务工地点: the parent's city, the field the import stores that column in. Not the province when no city is known: the
     * import would store the province as the city, and a re-import of the 花名册 would change the parent.
     */
    static String workPlace(String city) {
        return city == null || city.isBlank() ? null : city;
    }
}
