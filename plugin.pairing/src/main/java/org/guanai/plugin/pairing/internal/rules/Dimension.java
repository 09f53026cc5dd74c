package org.guanai.plugin.pairing.internal.rules;

/**
 * 心级评估维度: the dimensions of the 习水县 assessment, "心理、身体、学业、监护等五方面" [002 L371]. The seed names four
 * of five; the fifth ({@link #EXTRA}) is configurable and off unless given a name. Their names, in 中文 and English, are the
 * texts {@code dimension.<CODE>} of the programme's messages.
 */
public enum Dimension {
    /** 心理 */
    PSYCH,
    /** 身体 */
    PHYSICAL,
    /** 学业 */
    ACADEMIC,
    /** 监护 */
    GUARDIANSHIP,
    /** the fifth dimension the seed does not name; its label is configured */
    EXTRA
}
