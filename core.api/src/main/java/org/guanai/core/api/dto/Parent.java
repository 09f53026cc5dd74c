package org.guanai.core.api.dto;

import java.time.LocalDate;

/**
 * 家长: a parent of a child, with their migrant work (外出务工) details from the 联系卡.
 *
 * @param id                   database id, {@code null} before creation
 * @param version              optimistic-lock version
 * @param childId              the child
 * @param role                 父亲/母亲
 * @param name                 家长姓名
 * @param phone                联系电话
 * @param birthDate            出生日期, optional (used for elders' birthday occasions)
 * @param away                 外出务工: the parent works away from home
 * @param workProvince         务工省份
 * @param workCity             务工城市
 * @param employer             务工单位
 * @param employerAddress      务工单位详细地址
 * @param employerPhone        务工单位联系电话
 * @param awaySince            外出起始日期, optional
 * @param returnFrequency      回家频率
 * @param callFrequency        联系(电话)频率
 * @param guardianshipCapacity 有监护能力: false when the parent at home cannot look after the child (illness, disability)
 * @param deceased             已故
 * @param idNumber             公民身份号码, optional (the 民政 登记表 asks it; since 1.3.0)
 */
public record Parent(Long id, long version, long childId, ParentRole role, String name, String phone,
        LocalDate birthDate, boolean away, String workProvince, String workCity, String employer,
        String employerAddress, String employerPhone, LocalDate awaySince, ContactFrequency returnFrequency,
        ContactFrequency callFrequency, boolean guardianshipCapacity, boolean deceased, String idNumber) {

    /**
     * The record as it was before 1.3.0, without the ID number. Kept so that code built against 1.2.0 keeps linking; new
     * code uses {@link #builder()}.
     */
    public Parent(Long id, long version, long childId, ParentRole role, String name, String phone, LocalDate birthDate,
            boolean away, String workProvince, String workCity, String employer, String employerAddress,
            String employerPhone, LocalDate awaySince, ContactFrequency returnFrequency, ContactFrequency callFrequency,
            boolean guardianshipCapacity, boolean deceased) {
        this(id, version, childId, role, name, phone, birthDate, away, workProvince, workCity, employer, employerAddress,
                employerPhone, awaySince, returnFrequency, callFrequency, guardianshipCapacity, deceased, null);
    }

    /**
     * A new parent for {@link org.guanai.core.api.GuardianService#addParent}: what a programme writes instead of the
     * canonical constructor, which changes whenever the contact card gains a field.
     *
     * @return a builder with every component unset ({@code null}, {@code 0}, {@code false}), except
     *         {@code guardianshipCapacity}: {@code true}, as the core assumes when it is not given
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this record's values, e.g. to change a field and pass the result to an update */
    public Builder toBuilder() {
        return new Builder().id(id).version(version).childId(childId).role(role).name(name).phone(phone)
                .birthDate(birthDate).away(away).workProvince(workProvince).workCity(workCity).employer(employer)
                .employerAddress(employerAddress).employerPhone(employerPhone).awaySince(awaySince)
                .returnFrequency(returnFrequency).callFrequency(callFrequency)
                .guardianshipCapacity(guardianshipCapacity).deceased(deceased).idNumber(idNumber);
    }

    /**
     * Builds a {@link Parent}: one setter per component, named after it (see the record's parameters). A component
     * added to the record in a later version gets a setter here, and code written against this builder keeps compiling
     * and linking. Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private Long id;
        private long version;
        private long childId;
        private ParentRole role;
        private String name;
        private String phone;
        private LocalDate birthDate;
        private boolean away;
        private String workProvince;
        private String workCity;
        private String employer;
        private String employerAddress;
        private String employerPhone;
        private LocalDate awaySince;
        private ContactFrequency returnFrequency;
        private ContactFrequency callFrequency;
        private boolean guardianshipCapacity = true;
        private boolean deceased;
        private String idNumber;

        private Builder() {
        }

        public Builder id(Long value) { id = value; return this; }
        public Builder version(long value) { version = value; return this; }
        public Builder childId(long value) { childId = value; return this; }
        public Builder role(ParentRole value) { role = value; return this; }
        public Builder name(String value) { name = value; return this; }
        public Builder phone(String value) { phone = value; return this; }
        public Builder birthDate(LocalDate value) { birthDate = value; return this; }
        public Builder away(boolean value) { away = value; return this; }
        public Builder workProvince(String value) { workProvince = value; return this; }
        public Builder workCity(String value) { workCity = value; return this; }
        public Builder employer(String value) { employer = value; return this; }
        public Builder employerAddress(String value) { employerAddress = value; return this; }
        public Builder employerPhone(String value) { employerPhone = value; return this; }
        public Builder awaySince(LocalDate value) { awaySince = value; return this; }
        public Builder returnFrequency(ContactFrequency value) { returnFrequency = value; return this; }
        public Builder callFrequency(ContactFrequency value) { callFrequency = value; return this; }
        public Builder guardianshipCapacity(boolean value) { guardianshipCapacity = value; return this; }
        public Builder deceased(boolean value) { deceased = value; return this; }
        /** @since 1.3.0 */
        public Builder idNumber(String value) { idNumber = value; return this; }

        /** @return the record */
        public Parent build() {
            return new Parent(id, version, childId, role, name, phone, birthDate, away, workProvince, workCity,
                    employer, employerAddress, employerPhone, awaySince, returnFrequency, callFrequency,
                    guardianshipCapacity, deceased, idNumber);
        }
    }
}
