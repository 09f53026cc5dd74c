package org.guanai.core.api.dto;

/** 身体情况 as the 民政 登记表 asks it (since 1.3.0); the detail (残疾类别及等级, 患病类型) is the child's health note. */
public enum HealthStatus {
    /** 健康. */
    HEALTHY,
    /** 残疾: the category and grade in the health note. */
    DISABLED,
    /** 患病: a 重特大疾病 or 严重精神障碍, its kind in the health note. */
    ILL
}
