package org.guanai.core.api.care;

import java.time.LocalDate;
import java.util.List;

/**
 * 留守儿童之家的使用记录: what each child did in the school's home for left-behind children, as the home programme logs
 * it under the standard (图书借阅登记表, 亲情电话通话记录, 电脑视频交流记录, 悄悄话/师生谈心记录 [002 L286-324]). Published by
 * that programme; other programmes count it (the 九个一's item (1), 建一个留守儿童之家, and item (2), 开通一部亲情电话). Answered
 * for the platform, without a caller's limits: a consumer shows it only where its own caller may see the child, and
 * never the content of a talk (it holds none: only the kind and the day).
 */
@org.osgi.annotation.versioning.ProviderType
public interface HomeRecords {
    /** Use kind 图书借阅: the child borrowed a book from the home's library. */
    String LOAN = "LOAN";
    /** Use kind 亲情电话: the child called a parent or guardian on the home's phone. */
    String CALL = "CALL";
    /** Use kind 视频: the child spoke with a parent or guardian by video on the home's computer. */
    String VIDEO_CALL = "VIDEO_CALL";
    /** Use kind 谈心/悄悄话: a talk of a staff member with the child in the home. */
    String TALK = "TALK";

    /**
     * The children of a school who used the home on at least one day of {@code [from, to]}, ordered by child id.
     *
     * @param schoolId the school
     * @param from     first day, inclusive
     * @param to       last day, inclusive
     */
    List<ChildHomeUse> forSchool(long schoolId, LocalDate from, LocalDate to);

    /**
     * One use of the home.
     *
     * @param kind {@link #LOAN}, {@link #CALL}, {@link #VIDEO_CALL}, {@link #TALK}, or another kind the programme logs
     * @param date the day (a loan: the day it was lent)
     */
    record Use(String kind, LocalDate date) {
    }

    /**
     * One child's uses of the home in the range.
     *
     * @param childId the registry's child id
     * @param uses    the uses, oldest first
     */
    record ChildHomeUse(long childId, List<Use> uses) {
        /** Copies the list. */
        public ChildHomeUse {
            uses = List.copyOf(uses);
        }
    }
}
