package org.guanai.core.api.care;

import java.time.LocalDate;
import java.util.List;

/**
 * 节日与亲人生日: the occasions for family letters and calls — traditional and public festivals (春节, 中秋 …) and the
 * birthdays of a child's parents and grandparents, in the calendar the family keeps. Published by the birthdays
 * programme; used by others (the 九个一's family letter on festivals and elders' birthdays). Answered for the platform,
 * without a caller's limits.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Occasions {
    /** Kind 节日: a festival, the same for every child; {@link Occasion#childId()} is {@code null}. */
    String FESTIVAL = "FESTIVAL";
    /** Kind 亲人生日: the birthday of a parent or grandparent of {@link Occasion#childId()}. */
    String ELDER_BIRTHDAY = "ELDER_BIRTHDAY";

    /**
     * The occasions of a school's children in {@code [from, to]}: every festival in the range, and the elders'
     * birthdays of the school's children, ordered by date.
     *
     * @param schoolId the school
     * @param from     first day, inclusive
     * @param to       last day, inclusive
     */
    List<Occasion> forSchool(long schoolId, LocalDate from, LocalDate to);

    /**
     * One occasion.
     *
     * @param date     the day (公历) it falls on in that year
     * @param kind     {@link #FESTIVAL} or {@link #ELDER_BIRTHDAY}
     * @param code     a stable code: the festival's (e.g. {@code SPRING_FESTIVAL}, {@code MID_AUTUMN}) or, for an elder,
     *                 whose birthday it is ({@code PARENT}, {@code GUARDIAN}); the names say the relation
     * @param nameZh   中文名称, e.g. 中秋节, 父亲生日
     * @param nameEn   English name
     * @param childId  the child whose elder it is; {@code null} for a festival
     * @param lunar    whether the date comes from the lunar calendar (农历)
     */
    record Occasion(LocalDate date, String kind, String code, String nameZh, String nameEn, Long childId, boolean lunar) {

        /**
         * A festival: what the publishing programme writes instead of the canonical constructor, which changes whenever
         * an occasion gains a component.
         *
         * @return an occasion of kind {@link #FESTIVAL}, for every child
         */
        public static Occasion festival(LocalDate date, String code, String nameZh, String nameEn, boolean lunar) {
            return new Occasion(date, FESTIVAL, code, nameZh, nameEn, null, lunar);
        }

        /**
         * The birthday of a parent or grandparent of a child.
         *
         * @return an occasion of kind {@link #ELDER_BIRTHDAY}
         */
        public static Occasion elderBirthday(LocalDate date, String code, String nameZh, String nameEn, long childId,
                boolean lunar) {
            return new Occasion(date, ELDER_BIRTHDAY, code, nameZh, nameEn, childId, lunar);
        }
    }
}
