package org.guanai.core.api.dto;

/** 留守类型: which parents are away working (外出务工). */
public enum LeftBehindType {
    /** 父亲外出: the father is away. */
    FATHER_AWAY,
    /** 母亲外出: the mother is away. */
    MOTHER_AWAY,
    /** 双亲外出: both parents are away. */
    BOTH_AWAY,
    /** 非留守: no parent away any more (for example 父母回归), the archive is kept. */
    NONE
}
