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
 */
public record Guardian(Long id, long version, long childId, GuardianKind kind, String name, String relation,
        String occupation, String address, String phone, String health, Integer age, LocalDate birthDate,
        boolean primary) {
}
