package org.guanai.core.api.dto;

/** 性别: gender, as recorded in the 公民身份号码 (odd 17th digit: male). */
public enum Gender {
    /** 男 */
    MALE,
    /** 女 */
    FEMALE
}
