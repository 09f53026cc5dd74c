package org.guanai.plugin.birthdays.internal;

import java.time.LocalDate;

/**
 * 时机: a day that is an occasion for a letter, a call or a party — a festival (节日), a child's birthday, or an elder's
 * birthday (长辈生日: a parent's or grandparent's, [000 L725][000 L837][002 L6]).
 *
 * @param date       the day (公历)
 * @param kind       {@code FESTIVAL}, {@code CHILD_BIRTHDAY} or {@code ELDER_BIRTHDAY}
 * @param code       the festival ({@link Festival} name) or the person kind ({@code CHILD}, {@code PARENT}, {@code GUARDIAN})
 * @param titleZh    e.g. 中秋节, 张小明 生日, 张小明的奶奶 生日
 * @param titleEn    e.g. Mid-Autumn Festival
 * @param schoolId   the school, {@code null} for a festival
 * @param classId    the child's class, {@code null} for a festival
 * @param childId    the child, {@code null} for a festival
 * @param personId   the child, parent or guardian record, {@code null} for a festival
 * @param calendar   for a birthday: the calendar it is kept by
 * @param lunarZh    the day in the lunar calendar, e.g. 八月十五
 * @param age        for a birthday: the age reached (周岁 for 公历, years since birth for 农历), else {@code null}
 */
public record Occasion(LocalDate date, String kind, String code, String titleZh, String titleEn, Long schoolId, Long classId,
        Long childId, Long personId, CalendarKind calendar, String lunarZh, Integer age) {
    public static final String FESTIVAL = "FESTIVAL";
    public static final String CHILD_BIRTHDAY = "CHILD_BIRTHDAY";
    public static final String ELDER_BIRTHDAY = "ELDER_BIRTHDAY";
}
