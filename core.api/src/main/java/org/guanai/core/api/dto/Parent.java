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
 */
public record Parent(Long id, long version, long childId, ParentRole role, String name, String phone,
        LocalDate birthDate, boolean away, String workProvince, String workCity, String employer,
        String employerAddress, String employerPhone, LocalDate awaySince, ContactFrequency returnFrequency,
        ContactFrequency callFrequency, boolean guardianshipCapacity, boolean deceased) {
}
