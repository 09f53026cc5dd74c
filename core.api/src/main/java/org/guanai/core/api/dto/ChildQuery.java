package org.guanai.core.api.dto;

/**
 * Filters and paging for {@link org.guanai.core.api.ChildService#find(ChildQuery)}. Every filter is optional.
 *
 * @param schoolId        only children of this school
 * @param classId         only children of this class
 * @param leftBehindType  only this 留守类型
 * @param guardianKind    only children with a guardian of this kind
 * @param text            search on name (contains) or 公民身份号码 (prefix)
 * @param includeArchived also archived children
 * @param page            zero-based page
 * @param size            page size, 1–500
 */
public record ChildQuery(Long schoolId, Long classId, LeftBehindType leftBehindType, GuardianKind guardianKind,
        String text, boolean includeArchived, int page, int size) {
}
