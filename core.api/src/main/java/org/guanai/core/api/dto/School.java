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
}
