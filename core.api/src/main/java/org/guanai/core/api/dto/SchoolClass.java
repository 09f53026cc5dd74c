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

    /**
     * A new class for {@link org.guanai.core.api.SchoolService#createClass}: what a programme writes instead of the
     * canonical constructor, which changes whenever the record gains a field.
     *
     * @return a builder with every component unset ({@code null}, {@code 0}, {@code false})
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this record's values, e.g. to change a field and pass the result to an update */
    public Builder toBuilder() {
        return new Builder().id(id).version(version).schoolId(schoolId).gradeLevel(gradeLevel).name(name)
                .headTeacherId(headTeacherId);
    }

    /**
     * Builds a {@link SchoolClass}: one setter per component, named after it (see the record's parameters). A component
     * added to the record in a later version gets a setter here, and code written against this builder keeps compiling
     * and linking. Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private Long id;
        private long version;
        private long schoolId;
        private int gradeLevel;
        private String name;
        private Long headTeacherId;

        private Builder() {
        }

        public Builder id(Long value) { id = value; return this; }
        public Builder version(long value) { version = value; return this; }
        public Builder schoolId(long value) { schoolId = value; return this; }
        public Builder gradeLevel(int value) { gradeLevel = value; return this; }
        public Builder name(String value) { name = value; return this; }
        public Builder headTeacherId(Long value) { headTeacherId = value; return this; }

        /** @return the record */
        public SchoolClass build() {
            return new SchoolClass(id, version, schoolId, gradeLevel, name, headTeacherId);
        }
    }
}
