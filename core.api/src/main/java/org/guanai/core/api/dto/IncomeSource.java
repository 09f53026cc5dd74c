package org.guanai.core.api.dto;

/** 家庭经济来源, one or more per child (since 1.3.0). */
public enum IncomeSource {
    /** 打工收入. */
    WAGES,
    /** 种养殖业. */
    FARMING,
    /** 政府救助. */
    GOVERNMENT_AID,
    /** 亲朋接济. */
    RELATIVES,
    /** 其他. */
    OTHER
}
