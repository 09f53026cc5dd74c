package org.guanai.core.api.dto;

/**
 * 角色: what a user account is for. Roles map to permissions (see {@link org.guanai.core.api.Permissions}); the
 * mapping is configurable, and programmes add their own permissions with the roles that get them by default.
 */
public enum Role {
    /** 县级管理员: county administrator; schools, users, module administration, every school. */
    COUNTY_ADMIN,
    /** 学校管理员: school administrator; the school's data, enabling programmes for the school. */
    SCHOOL_ADMIN,
    /** 班主任/教师: class teacher; the children of their classes and their own mentoring. */
    TEACHER,
    /** 计生/卫生人员: family-planning or health worker; health data of the assigned schools. */
    HEALTH_WORKER,
    /** 督导/统计人员: officer; read-only aggregates, no personal data. */
    OFFICER;

    /** @return the role's id as written in configuration and JSON, e.g. {@code school_admin} */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
