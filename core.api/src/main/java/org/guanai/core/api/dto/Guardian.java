package org.guanai.core.api.dto;

import java.time.LocalDate;

/**
 * 监护人: an adult who looks after the child while the parents are away (委托监护人、临时监护人、祖父母…).
 *
 * @param id         database id, {@code null} before creation
 * @param version    optimistic-lock version
 * @param childId    the child
 * @param kind       监护人类别
 * @param name       姓名
 * @param relation   与儿童关系, e.g. 奶奶, 舅舅
 * @param occupation 职业
 * @param address    详细地址
 * @param phone      联系电话
 * @param health     身体状况
 * @param age        年龄, as written on the card; optional when a birth date is known
 * @param birthDate  出生日期, optional
 * @param primary    主要监护人: exactly one guardian of a child is primary
 * @param capacity   监护能力; {@code null} is read as {@link GuardianCapacity#CAPABLE} (since 1.2.0)
 * @param capacityAssessedOn 监护能力评估日期, optional (since 1.2.0)
 * @param capacityNote 评估说明, e.g. who assessed and why, optional (since 1.2.0)
 * @param idNumber   公民身份号码, optional (the 民政 登记表 asks it of the 委托监护人; since 1.3.0)
 */
public record Guardian(Long id, long version, long childId, GuardianKind kind, String name, String relation,
        String occupation, String address, String phone, String health, Integer age, LocalDate birthDate,
        boolean primary, GuardianCapacity capacity, LocalDate capacityAssessedOn, String capacityNote, String idNumber) {

    /**
     * The record as it was in 1.2.0, without the ID number. Kept so that code built against 1.2.0 keeps linking; new
     * code uses {@link #builder()}.
     */
    public Guardian(Long id, long version, long childId, GuardianKind kind, String name, String relation,
            String occupation, String address, String phone, String health, Integer age, LocalDate birthDate,
            boolean primary, GuardianCapacity capacity, LocalDate capacityAssessedOn, String capacityNote) {
        this(id, version, childId, kind, name, relation, occupation, address, phone, health, age, birthDate, primary,
                capacity, capacityAssessedOn, capacityNote, null);
    }

    /**
     * The record as it was before 1.2.0, without the capacity fields (capable, not assessed). Kept so that code built
     * against 1.1.0 keeps linking; new code uses {@link #builder()}.
     */
    public Guardian(Long id, long version, long childId, GuardianKind kind, String name, String relation,
            String occupation, String address, String phone, String health, Integer age, LocalDate birthDate,
            boolean primary) {
        this(id, version, childId, kind, name, relation, occupation, address, phone, health, age, birthDate, primary,
                null, null, null, null);
    }

    /**
     * A new guardian for {@link org.guanai.core.api.GuardianService#addGuardian}: what a programme writes instead of the
     * canonical constructor, which changes whenever the contact card gains a field.
     *
     * @return a builder with every component unset ({@code null}, {@code 0}, {@code false})
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this record's values, e.g. to change a field and pass the result to an update */
    public Builder toBuilder() {
        return new Builder().id(id).version(version).childId(childId).kind(kind).name(name).relation(relation)
                .occupation(occupation).address(address).phone(phone).health(health).age(age).birthDate(birthDate)
                .primary(primary).capacity(capacity).capacityAssessedOn(capacityAssessedOn).capacityNote(capacityNote)
                .idNumber(idNumber);
    }

    /**
     * Builds a {@link Guardian}: one setter per component, named after it (see the record's parameters). A component
     * added to the record in a later version gets a setter here, and code written against this builder keeps compiling
     * and linking. Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private Long id;
        private long version;
        private long childId;
        private GuardianKind kind;
        private String name;
        private String relation;
        private String occupation;
        private String address;
        private String phone;
        private String health;
        private Integer age;
        private LocalDate birthDate;
        private boolean primary;
        private GuardianCapacity capacity;
        private LocalDate capacityAssessedOn;
        private String capacityNote;
        private String idNumber;

        private Builder() {
        }

        public Builder id(Long value) { id = value; return this; }
        public Builder version(long value) { version = value; return this; }
        public Builder childId(long value) { childId = value; return this; }
        public Builder kind(GuardianKind value) { kind = value; return this; }
        public Builder name(String value) { name = value; return this; }
        public Builder relation(String value) { relation = value; return this; }
        public Builder occupation(String value) { occupation = value; return this; }
        public Builder address(String value) { address = value; return this; }
        public Builder phone(String value) { phone = value; return this; }
        public Builder health(String value) { health = value; return this; }
        public Builder age(Integer value) { age = value; return this; }
        public Builder birthDate(LocalDate value) { birthDate = value; return this; }
        public Builder primary(boolean value) { primary = value; return this; }
        /** @since 1.2.0 */
        public Builder capacity(GuardianCapacity value) { capacity = value; return this; }
        /** @since 1.2.0 */
        public Builder capacityAssessedOn(LocalDate value) { capacityAssessedOn = value; return this; }
        /** @since 1.2.0 */
        public Builder capacityNote(String value) { capacityNote = value; return this; }
        /** @since 1.3.0 */
        public Builder idNumber(String value) { idNumber = value; return this; }

        /** @return the record */
        public Guardian build() {
            return new Guardian(id, version, childId, kind, name, relation, occupation, address, phone, health, age,
                    birthDate, primary, capacity, capacityAssessedOn, capacityNote, idNumber);
        }
    }
}
