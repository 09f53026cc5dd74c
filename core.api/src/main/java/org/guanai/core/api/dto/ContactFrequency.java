package org.guanai.core.api.dto;

/** 联系频率: how often a parent comes home or calls (domain §3.1: "every half month to monthly ... some only once in six months"). */
public enum ContactFrequency {
    /** 每周 */
    WEEKLY,
    /** 每半月 */
    BIWEEKLY,
    /** 每月 */
    MONTHLY,
    /** 每季度 */
    QUARTERLY,
    /** 每半年 */
    HALF_YEARLY,
    /** 每年 (e.g. only at 春节) */
    YEARLY,
    /** 很少或从不 */
    RARELY
}
