package org.guanai.core.api.dto;

/** 监护人类别: who looks after the child while the parents are away (domain §3.1). */
public enum GuardianKind {
    /** 祖父母: paternal grandparents (爷爷、奶奶). */
    GRANDPARENTS,
    /** 外祖父母: maternal grandparents (外公、外婆). */
    MATERNAL_GRANDPARENTS,
    /** 父亲或母亲 (在家): the parent who stayed at home. */
    PARENT,
    /** 亲戚: another relative. */
    RELATIVE,
    /** 委托监护人: delegated guardian, named by the parents. */
    DELEGATED,
    /** 临时监护人: temporary guardian. */
    TEMPORARY,
    /** 其他监护人: another guardian. */
    OTHER
}
