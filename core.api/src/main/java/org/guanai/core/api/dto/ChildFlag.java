package org.guanai.core.api.dto;

/** 重点帮扶标记: circumstances that make a child a key support target (domain §1). */
public enum ChildFlag {
    /** 单亲: single-parent family. */
    SINGLE_PARENT,
    /** 残疾: the child is disabled. */
    DISABLED,
    /** 困境: a child in difficult circumstances (困境儿童). */
    DIFFICULT,
    /** 贫困: a poor family (贫困留守儿童). */
    POOR
}
