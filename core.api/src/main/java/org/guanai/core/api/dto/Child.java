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
 */
public record Child(Long id, long version, String name, Gender gender, LocalDate birthDate, String idNumber,
        String studentNumber, String ethnicity, Long schoolId, Long classId, BoardingType boarding,
        String homeAddress, String village, LeftBehindType leftBehindType, LocalDate leftBehindSince,
        boolean unattended, String healthNote, String hobbies, Set<ChildFlag> flags, boolean archived,
        Instant createdAt, Instant updatedAt) {

    /** Normalises a missing flag set to an empty, unmodifiable one. */
    public Child {
        flags = flags == null ? Set.of() : Set.copyOf(flags);
    }
}
