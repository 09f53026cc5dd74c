package org.guanai.core.api.dto;

/** 父亲/母亲: which parent a {@link Parent} record describes. */
public enum ParentRole {
    /** 父亲 */
    FATHER,
    /** 母亲 */
    MOTHER
}
