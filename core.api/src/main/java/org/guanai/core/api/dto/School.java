package org.guanai.core.api.dto;

/**
 * 学校: a school.
 *
 * @param id       database id, {@code null} before creation
 * @param version  optimistic-lock version, {@code 0} for a new record
 * @param name     学校名称, required
 * @param code     学校标识码 (10 digits), optional
 * @param county   所属县(区)
 * @param township 乡镇
 * @param address  地址
 * @param phone    联系电话
 * @param archived 已撤销: closed or merged, kept for history
 */
public record School(Long id, long version, String name, String code, String county, String township,
        String address, String phone, boolean archived) {

    /**
     * A new school for {@link org.guanai.core.api.SchoolService#createSchool}: what a programme writes instead of the
     * canonical constructor, which changes whenever the record gains a field.
     *
     * @return a builder with every component unset ({@code null}, {@code 0}, {@code false})
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this record's values, e.g. to change a field and pass the result to an update */
    public Builder toBuilder() {
        return new Builder().id(id).version(version).name(name).code(code).county(county).township(township)
                .address(address).phone(phone).archived(archived);
    }

    /**
     * Builds a {@link School}: one setter per component, named after it (see the record's parameters). A component
     * added to the record in a later version gets a setter here, and code written against this builder keeps compiling
     * and linking. Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private Long id;
        private long version;
        private String name;
        private String code;
        private String county;
        private String township;
        private String address;
        private String phone;
        private boolean archived;

        private Builder() {
        }

        public Builder id(Long value) { id = value; return this; }
        public Builder version(long value) { version = value; return this; }
        public Builder name(String value) { name = value; return this; }
        public Builder code(String value) { code = value; return this; }
        public Builder county(String value) { county = value; return this; }
        public Builder township(String value) { township = value; return this; }
        public Builder address(String value) { address = value; return this; }
        public Builder phone(String value) { phone = value; return this; }
        public Builder archived(boolean value) { archived = value; return this; }

        /** @return the record */
        public School build() {
            return new School(id, version, name, code, county, township, address, phone, archived);
        }
    }
}
