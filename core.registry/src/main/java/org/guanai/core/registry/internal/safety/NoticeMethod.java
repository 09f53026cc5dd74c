package org.guanai.core.registry.internal.safety;

/** 通知方式: how a notice was given. */
public enum NoticeMethod {
    /** 电话. */
    PHONE,
    /** 当面. */
    IN_PERSON,
    /** 短信. */
    SMS,
    /** 微信. */
    WECHAT,
    /** 书面. */
    WRITTEN,
    /** 其他. */
    OTHER
}
