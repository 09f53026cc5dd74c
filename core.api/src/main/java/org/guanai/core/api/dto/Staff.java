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

    /**
     * A new staff member for {@link org.guanai.core.api.SchoolService#createStaff}: what a programme writes instead of
     * the canonical constructor, which changes whenever the record gains a field.
     *
     * @return a builder with every component unset ({@code null}, {@code 0}, {@code false}), except {@code active}:
     *         {@code true}
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this record's values, e.g. to change a field and pass the result to an update */
    public Builder toBuilder() {
        return new Builder().id(id).version(version).schoolId(schoolId).name(name).role(role).gender(gender)
                .phone(phone).subject(subject).active(active);
    }

    /**
     * Builds a {@link Staff}: one setter per component, named after it (see the record's parameters). A component
     * added to the record in a later version gets a setter here, and code written against this builder keeps compiling
     * and linking. Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private Long id;
        private long version;
        private long schoolId;
        private String name;
        private StaffRole role;
        private Gender gender;
        private String phone;
        private String subject;
        private boolean active = true;

        private Builder() {
        }

        public Builder id(Long value) { id = value; return this; }
        public Builder version(long value) { version = value; return this; }
        public Builder schoolId(long value) { schoolId = value; return this; }
        public Builder name(String value) { name = value; return this; }
        public Builder role(StaffRole value) { role = value; return this; }
        public Builder gender(Gender value) { gender = value; return this; }
        public Builder phone(String value) { phone = value; return this; }
        public Builder subject(String value) { subject = value; return this; }
        public Builder active(boolean value) { active = value; return this; }

        /** @return the record */
        public Staff build() {
            return new Staff(id, version, schoolId, name, role, gender, phone, subject, active);
        }
    }
}
