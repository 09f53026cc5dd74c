package org.guanai.core.api.dto;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * 留守儿童档案 (一人一档): the archive of one child, the core of the 联系卡 (contact card, domain §2).
 * Parents and guardians are separate records, see {@link Parent} and {@link Guardian}.
 *
 * @param id               database id, {@code null} before creation
 * @param version          optimistic-lock version
 * @param name             姓名
 * @param gender           性别; must agree with the ID number
 * @param birthDate        出生日期; must agree with the ID number
 * @param idNumber         公民身份号码, 18 characters with the GB 11643 check digit; optional (a child may have none yet)
 * @param studentNumber    全国学籍号, optional
 * @param ethnicity        民族, e.g. 汉族, 苗族
 * @param schoolId         就读学校
 * @param classId          班级, must belong to the school
 * @param boarding         寄宿/走读
 * @param homeAddress      家庭详细地址
 * @param village          村(社区), for village-level ledgers
 * @param leftBehindType   留守类型
 * @param leftBehindSince  留守起始日期, optional
 * @param unattended       无人监护: no adult cares for the child (separate file set, domain §2.3)
 * @param healthNote       健康状况
 * @param hobbies          兴趣爱好
 * @param flags            单亲、残疾、困境、贫困
 * @param archived         已归档: left the registry (graduated, moved); kept for history
 * @param createdAt        when the record was created
 * @param updatedAt        when the record last changed
 * @param hukouRegistered  是否登记户口, {@code null} when not recorded (since 1.3.0)
 * @param hukouPlace       户籍所在地, optional (since 1.3.0)
 * @param health           身体情况 (健康/残疾/患病), optional; the detail is {@code healthNote} (since 1.3.0)
 * @param schooling        就学情况, optional (since 1.3.0)
 * @param incomeSources    家庭经济来源, any of them (since 1.3.0)
 * @param assistance       救助帮扶情况, any of them (since 1.3.0)
 * @param guardianship     监护类型 as assessed, optional; the 民政 layout derives the first three kinds from the archive
 *                         when it is not set (since 1.3.0)
 * @param villageContact   村(居)民委员会 联系人及电话 for this child's village, optional (since 1.3.0)
 */
public record Child(Long id, long version, String name, Gender gender, LocalDate birthDate, String idNumber,
        String studentNumber, String ethnicity, Long schoolId, Long classId, BoardingType boarding,
        String homeAddress, String village, LeftBehindType leftBehindType, LocalDate leftBehindSince,
        boolean unattended, String healthNote, String hobbies, Set<ChildFlag> flags, boolean archived,
        Instant createdAt, Instant updatedAt, Boolean hukouRegistered, String hukouPlace, HealthStatus health,
        Schooling schooling, Set<IncomeSource> incomeSources, Set<Assistance> assistance, GuardianshipType guardianship,
        String villageContact) {

    /** Normalises missing sets to empty, unmodifiable ones. */
    public Child {
        flags = flags == null ? Set.of() : Set.copyOf(flags);
        incomeSources = incomeSources == null ? Set.of() : Set.copyOf(incomeSources);
        assistance = assistance == null ? Set.of() : Set.copyOf(assistance);
    }

    /**
     * The record as it was before 1.3.0, without the 民政 登记表 fields (all unset). Kept so that code built against
     * 1.2.0 keeps linking; new code uses {@link #builder()}.
     */
    public Child(Long id, long version, String name, Gender gender, LocalDate birthDate, String idNumber,
            String studentNumber, String ethnicity, Long schoolId, Long classId, BoardingType boarding,
            String homeAddress, String village, LeftBehindType leftBehindType, LocalDate leftBehindSince,
            boolean unattended, String healthNote, String hobbies, Set<ChildFlag> flags, boolean archived,
            Instant createdAt, Instant updatedAt) {
        this(id, version, name, gender, birthDate, idNumber, studentNumber, ethnicity, schoolId, classId, boarding,
                homeAddress, village, leftBehindType, leftBehindSince, unattended, healthNote, hobbies, flags, archived,
                createdAt, updatedAt, null, null, null, null, null, null, null, null);
    }

    /**
     * A new child for {@link org.guanai.core.api.ChildService#create}: what a programme writes instead of the canonical
     * constructor, which changes whenever the archive gains a field.
     *
     * @return a builder with every component unset ({@code null}, {@code 0}, {@code false}, no flags)
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this child's values, e.g. to change a field and pass the result to {@code update} */
    public Builder toBuilder() {
        return new Builder().id(id).version(version).name(name).gender(gender).birthDate(birthDate)
                .idNumber(idNumber).studentNumber(studentNumber).ethnicity(ethnicity).schoolId(schoolId)
                .classId(classId).boarding(boarding).homeAddress(homeAddress).village(village)
                .leftBehindType(leftBehindType).leftBehindSince(leftBehindSince).unattended(unattended)
                .healthNote(healthNote).hobbies(hobbies).flags(flags).archived(archived).createdAt(createdAt)
                .updatedAt(updatedAt).hukouRegistered(hukouRegistered).hukouPlace(hukouPlace).health(health)
                .schooling(schooling).incomeSources(incomeSources).assistance(assistance).guardianship(guardianship)
                .villageContact(villageContact);
    }

    /**
     * Builds a {@link Child}: one setter per component, named after it (see the record's parameters). A component added
     * to the record in a later version gets a setter here; code written against this builder keeps compiling and
     * linking. Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private Long id;
        private long version;
        private String name;
        private Gender gender;
        private LocalDate birthDate;
        private String idNumber;
        private String studentNumber;
        private String ethnicity;
        private Long schoolId;
        private Long classId;
        private BoardingType boarding;
        private String homeAddress;
        private String village;
        private LeftBehindType leftBehindType;
        private LocalDate leftBehindSince;
        private boolean unattended;
        private String healthNote;
        private String hobbies;
        private Set<ChildFlag> flags = Set.of();
        private boolean archived;
        private Instant createdAt;
        private Instant updatedAt;
        private Boolean hukouRegistered;
        private String hukouPlace;
        private HealthStatus health;
        private Schooling schooling;
        private Set<IncomeSource> incomeSources = Set.of();
        private Set<Assistance> assistance = Set.of();
        private GuardianshipType guardianship;
        private String villageContact;

        private Builder() {
        }

        public Builder id(Long value) { id = value; return this; }
        public Builder version(long value) { version = value; return this; }
        public Builder name(String value) { name = value; return this; }
        public Builder gender(Gender value) { gender = value; return this; }
        public Builder birthDate(LocalDate value) { birthDate = value; return this; }
        public Builder idNumber(String value) { idNumber = value; return this; }
        public Builder studentNumber(String value) { studentNumber = value; return this; }
        public Builder ethnicity(String value) { ethnicity = value; return this; }
        public Builder schoolId(Long value) { schoolId = value; return this; }
        public Builder classId(Long value) { classId = value; return this; }
        public Builder boarding(BoardingType value) { boarding = value; return this; }
        public Builder homeAddress(String value) { homeAddress = value; return this; }
        public Builder village(String value) { village = value; return this; }
        public Builder leftBehindType(LeftBehindType value) { leftBehindType = value; return this; }
        public Builder leftBehindSince(LocalDate value) { leftBehindSince = value; return this; }
        public Builder unattended(boolean value) { unattended = value; return this; }
        public Builder healthNote(String value) { healthNote = value; return this; }
        public Builder hobbies(String value) { hobbies = value; return this; }
        public Builder flags(Set<ChildFlag> value) { flags = value; return this; }
        public Builder archived(boolean value) { archived = value; return this; }
        public Builder createdAt(Instant value) { createdAt = value; return this; }
        public Builder updatedAt(Instant value) { updatedAt = value; return this; }
        /** @since 1.3.0 */
        public Builder hukouRegistered(Boolean value) { hukouRegistered = value; return this; }
        /** @since 1.3.0 */
        public Builder hukouPlace(String value) { hukouPlace = value; return this; }
        /** @since 1.3.0 */
        public Builder health(HealthStatus value) { health = value; return this; }
        /** @since 1.3.0 */
        public Builder schooling(Schooling value) { schooling = value; return this; }
        /** @since 1.3.0 */
        public Builder incomeSources(Set<IncomeSource> value) { incomeSources = value; return this; }
        /** @since 1.3.0 */
        public Builder assistance(Set<Assistance> value) { assistance = value; return this; }
        /** @since 1.3.0 */
        public Builder guardianship(GuardianshipType value) { guardianship = value; return this; }
        /** @since 1.3.0 */
        public Builder villageContact(String value) { villageContact = value; return this; }

        /** @return the child */
        public Child build() {
            return new Child(id, version, name, gender, birthDate, idNumber, studentNumber, ethnicity, schoolId,
                    classId, boarding, homeAddress, village, leftBehindType, leftBehindSince, unattended, healthNote,
                    hobbies, flags, archived, createdAt, updatedAt, hukouRegistered, hukouPlace, health, schooling,
                    incomeSources, assistance, guardianship, villageContact);
        }
    }
}
