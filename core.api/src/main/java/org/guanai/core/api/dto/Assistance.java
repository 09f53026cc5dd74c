package org.guanai.core.api.dto;

/** 救助帮扶情况, none or more per child (since 1.3.0). */
public enum Assistance {
    /** 享受低保. */
    MINIMUM_LIVING,
    /** 临时救助. */
    TEMPORARY,
    /** 医疗救助. */
    MEDICAL,
    /** 住房救助. */
    HOUSING,
    /** 其他救助. */
    OTHER
}
