package org.guanai.core.api.dto;

/** 寄宿/走读: whether the child boards at school. */
public enum BoardingType {
    /** 寄宿: boards at school. */
    BOARDING,
    /** 走读: goes home every day. */
    DAY
}
