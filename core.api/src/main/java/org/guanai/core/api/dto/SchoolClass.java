package org.guanai.core.api.dto;

/**
 * 班级: a class of a school.
 *
 * @param id            database id, {@code null} before creation
 * @param version       optimistic-lock version
 * @param schoolId      the school
 * @param gradeLevel    年级, 1–12
 * @param name          班级名称, e.g. 三年级(2)班
 * @param headTeacherId 班主任: a {@link Staff} id of the same school, optional
 */
public record SchoolClass(Long id, long version, long schoolId, int gradeLevel, String name, Long headTeacherId) {
}
