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

    /** Page size of a query built without {@link Builder#size(int)}, as the HTTP API's default. */
    public static final int DEFAULT_SIZE = 20;
    /** Largest page size the core accepts. */
    public static final int MAX_SIZE = 500;

    /**
     * The children of a school, not archived, first page of {@link #MAX_SIZE}: for
     * {@link org.guanai.core.api.ChildService#forEach}, which ignores the paging, or a first {@code find}.
     *
     * @param schoolId the school
     * @return the query
     */
    public static ChildQuery ofSchool(long schoolId) {
        return builder().schoolId(schoolId).size(MAX_SIZE).build();
    }

    /**
     * A query for {@link org.guanai.core.api.ChildService#find}: what a programme writes instead of the canonical
     * constructor, which changes whenever a filter is added.
     *
     * @return a builder with no filter, archived children left out, page 0 of {@link #DEFAULT_SIZE}
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this query, e.g. for its next page: {@code q.toBuilder().page(q.page() + 1).build()} */
    public Builder toBuilder() {
        return new Builder().schoolId(schoolId).classId(classId).leftBehindType(leftBehindType).guardianKind(guardianKind)
                .text(text).includeArchived(includeArchived).page(page).size(size);
    }

    /**
     * Builds a {@link ChildQuery}: one setter per component, named after it (see the record's parameters). A filter
     * added to the record in a later version gets a setter here, and code written against this builder keeps compiling
     * and linking. Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private Long schoolId;
        private Long classId;
        private LeftBehindType leftBehindType;
        private GuardianKind guardianKind;
        private String text;
        private boolean includeArchived;
        private int page;
        private int size = DEFAULT_SIZE;

        private Builder() {
        }

        public Builder schoolId(Long value) { schoolId = value; return this; }
        public Builder classId(Long value) { classId = value; return this; }
        public Builder leftBehindType(LeftBehindType value) { leftBehindType = value; return this; }
        public Builder guardianKind(GuardianKind value) { guardianKind = value; return this; }
        public Builder text(String value) { text = value; return this; }
        public Builder includeArchived(boolean value) { includeArchived = value; return this; }
        public Builder page(int value) { page = value; return this; }
        public Builder size(int value) { size = value; return this; }

        /** @return the query */
        public ChildQuery build() {
            return new ChildQuery(schoolId, classId, leftBehindType, guardianKind, text, includeArchived, page, size);
        }
    }
}
