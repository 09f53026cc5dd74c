package org.guanai.core.api.dto;

/** 教职工角色: the role of a staff member at a school. */
public enum StaffRole {
    /** 班主任: head teacher of a class. */
    HEAD_TEACHER,
    /** 任课教师: subject teacher. */
    TEACHER,
    /** 校长/副校长: principal. */
    PRINCIPAL,
    /** 心理辅导教师: counsellor. */
    COUNSELLOR,
    /** 生活老师: dormitory or life teacher. */
    LIFE_TEACHER,
    /** 其他教职工: other staff. */
    OTHER
}
