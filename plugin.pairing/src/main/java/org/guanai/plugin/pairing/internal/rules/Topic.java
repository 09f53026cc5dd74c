package org.guanai.plugin.pairing.internal.rules;

/** 谈心内容: the five topics of a talk, 学习、生活、情绪、交友、身体 [000 L709]. */
public enum Topic {
    /** 学习 */
    STUDY,
    /** 生活 */
    LIFE,
    /** 情绪 */
    MOOD,
    /** 交友 */
    FRIENDS,
    /** 身体 */
    HEALTH
}
