package org.guanai.core.api.dto;

/**
 * 教职工: a member of a school's staff.
 *
 * @param id       database id, {@code null} before creation
 * @param version  optimistic-lock version
 * @param schoolId the school
 * @param name     姓名
 * @param role     角色
 * @param gender   性别, optional
 * @param phone    联系电话, optional
 * @param subject  任教学科, optional
 * @param active   在职: false once the person left the school (records are kept)
 */
public record Staff(Long id, long version, long schoolId, String name, StaffRole role, Gender gender, String phone,
        String subject, boolean active) {
}
