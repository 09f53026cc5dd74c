package org.guanai.core.api.dto;

/** 就学情况 as the 民政 登记表 asks it (since 1.3.0). */
public enum Schooling {
    /** 幼儿园. */
    KINDERGARTEN,
    /** 未入园. */
    NOT_IN_KINDERGARTEN,
    /** 小学. */
    PRIMARY,
    /** 初中. */
    JUNIOR,
    /** 高中. */
    SENIOR,
    /** 中职. */
    VOCATIONAL,
    /** 辍学 (义务教育阶段). */
    DROPPED_OUT,
    /** 不在学 (14–16 岁未在学). */
    NOT_IN_SCHOOL
}
