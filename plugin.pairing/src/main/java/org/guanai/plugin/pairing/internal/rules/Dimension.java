package org.guanai.plugin.pairing.internal.rules;

/**
 * 心级评估维度: the dimensions of the 习水县 assessment, "心理、身体、学业、监护等五方面" [002 L371]. The seed names four
 * of five; the fifth ({@link #EXTRA}) is configurable and off unless given a name.
 */
public enum Dimension {
    /** 心理 */
    PSYCH("心理", "Psychological"),
    /** 身体 */
    PHYSICAL("身体", "Physical"),
    /** 学业 */
    ACADEMIC("学业", "Academic"),
    /** 监护 */
    GUARDIANSHIP("监护", "Guardianship"),
    /** the fifth dimension the seed does not name; its label is configured */
    EXTRA("其他", "Other");

    private final String zh;
    private final String en;

    Dimension(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }
}
