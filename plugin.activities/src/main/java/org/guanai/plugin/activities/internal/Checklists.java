package org.guanai.plugin.activities.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * 清单: the checklists a school can run, from the seed plans (domain §5.1–5.5), and the types they are made of.
 * <p>
 * An item says how often it is due ({@link Cadence}), how many times per period, and which evidence counts for it:
 * <ul>
 * <li>{@code activity:TYPE}: the child took part in an activity of that type (讲座, 游览 …);</li>
 * <li>{@code home}: the child took part in an activity held in the 留守儿童之家;</li>
 * <li>{@code record:KIND[,KIND]}: a per-child record of one of the kinds (亲情电话, 书信 …);</li>
 * <li>{@code pair:SCHEME}: a 一帮一 / 爱心妈妈 pair active in the period; with a weekly or monthly cadence, the talks of
 * that pair. From the pairing programme when it is installed ({@link org.guanai.core.api.care.MentoringRecords}), else from this programme's own
 * records.</li>
 * </ul>
 */
final class Checklists {
    private Checklists() {
    }

    /** 频次: how often an item is due within a semester. */
    enum Cadence {
        /** 每学期: {@code times} in the semester. */
        SEMESTER,
        /** 每月: {@code times} in every calendar month of the semester. */
        MONTHLY,
        /** 每周: {@code times} in every week, counted in 7-day blocks from the semester's first day. */
        WEEKLY
    }

    /** The checklists in the seeds. */
    enum Variant {
        /** 九个一 [000 L695-729]. */
        NINE_ONES,
        /** 十七项措施, its per-child items [000 L775-849]. */
        SEVENTEEN,
        /** 五个一 [000 L489][000 L555][000 L913]. */
        FIVE_ONES,
        /** 留守儿童之家 三个"一" per semester [002 L278]. */
        HOME_THREE_ONES,
        /** 学校自定: an item a school added itself. */
        CUSTOM
    }

    /** 活动类型: what kind of activity an event is. */
    enum ActivityType {
        /** 讲座 (法制、安全、心理健康教育). */
        LECTURE,
        /** 游览, 参观 (outing). */
        OUTING,
        /** 活动平台 (阳光平台: 队活动、书画展、演讲比赛). */
        PLATFORM,
        /** 人文关爱活动: theme class meetings, shows. */
        CULTURE,
        /** 主题班会. */
        CLASS_MEETING,
        /** 生日会. */
        BIRTHDAY,
        /** 其他. */
        OTHER
    }

    /** 记录类型: the kinds of per-child records. */
    enum RecordKind {
        /** 亲情电话: a call with a parent. */
        CALL,
        /** 亲情视频: a video call with a parent. */
        VIDEO_CALL,
        /** 亲情书信: a letter to the parents far away. */
        LETTER,
        /** 有意义的事 / 好事: a meaningful or good deed. */
        DEED,
        /** 谈心: a talk (with the 爱心妈妈, head teacher, mentor). */
        TALK,
        /** 结对: a 一帮一 or 爱心妈妈 pair recorded by this programme (when the pairing programme is not installed). */
        PAIR,
        /** 读一本好书: a book read. */
        BOOK,
        /** 探视: a visit. */
        VISIT,
        /** 家访: a home visit. */
        HOME_VISIT,
        /** 改正一个缺点: a fault corrected. */
        FAULT_CORRECTED,
        /** 交一份好答卷: a good exam paper. */
        GOOD_EXAM,
        /** 为学校添一份光彩: an honour for the school. */
        HONOUR,
        /** 做一个好学生: recognised as a good pupil. */
        GOOD_PUPIL
    }

    /** 结对方式: the pair schemes the 九个一 counts. */
    enum Scheme {
        /** 一帮一: a 小老师 or 小伙伴 helps a child [000 L703-705]. */
        ONE_HELPS_ONE,
        /** 爱心妈妈: a loving mother, weekly talk [000 L707-709]. */
        LOVING_MOTHER
    }

    /** 书信场合: the occasions of a family letter [000 L725][000 L837]. */
    enum Occasion {
        /** 传统节日. */
        FESTIVAL,
        /** 长辈生日. */
        ELDER_BIRTHDAY,
        /** 寒假. */
        WINTER_BREAK,
        /** 其他特殊日子. */
        OTHER
    }

    /** 资源类型: resources of a 留守儿童之家 [000 L697][000 L793]. */
    enum ResourceKind {
        PHONE, COMPUTER, TV, BOOKS, SPORTS, ARTS, ARCHIVE_CABINET, OTHER
    }

    /**
     * One item of a school's checklist.
     *
     * @param code     unique within the school, {@code [a-z][a-z0-9_]{1,39}}
     * @param variant  the seed list it comes from
     * @param nameZh   中文名称
     * @param nameEn   English name
     * @param cadence  how often it is due
     * @param times    how many times per period
     * @param evidence what counts for it (see the class comment)
     * @param source   seed citation, e.g. {@code 000 L699-701}
     * @param active   whether the school runs it
     */
    record Item(String code, Variant variant, String nameZh, String nameEn, Cadence cadence, int times, String evidence,
            String source, boolean active) {
        Item withActive(boolean a) {
            return new Item(code, variant, nameZh, nameEn, cadence, times, evidence, source, a);
        }
    }

    private static Item item(String code, Variant v, String zh, String en, Cadence c, int times, String evidence, String source) {
        return new Item(code, v, zh, en, c, times, evidence, source, true);
    }

    /** @return the seed items of a variant, in order */
    static List<Item> seed(Variant v) {
        return switch (v) {
            case NINE_ONES -> List.of(
                    item("home", v, "建一个留守儿童之家", "A home for left-behind children", Cadence.SEMESTER, 1, "home", "000 L697"),
                    item("phone", v, "开通一部亲情电话", "A family phone", Cadence.SEMESTER, 1, "record:CALL,VIDEO_CALL", "000 L699-701"),
                    item("one_helps_one", v, "开展“一帮一”活动", "One-helps-one partner", Cadence.SEMESTER, 1, "pair:ONE_HELPS_ONE",
                            "000 L703-705"),
                    item("loving_mother", v, "落实一名爱心妈妈（每周谈心）", "A loving mother (weekly talk)", Cadence.WEEKLY, 1,
                            "pair:LOVING_MOTHER", "000 L707-709"),
                    item("lecture", v, "一次法制、安全、心理健康教育讲座", "One lecture on law, safety and mental health",
                            Cadence.SEMESTER, 1, "activity:LECTURE", "000 L711-713"),
                    item("outing", v, "组织一次游览活动", "One outing", Cadence.SEMESTER, 1, "activity:OUTING", "000 L715-717"),
                    item("platform", v, "提供一个活动平台", "An activity platform", Cadence.SEMESTER, 1, "activity:PLATFORM", "000 L719-721"),
                    item("letter", v, "写一封亲情书信", "One family letter", Cadence.SEMESTER, 1, "record:LETTER", "000 L723-725"),
                    item("deed", v, "做一件有意义的事", "One meaningful deed", Cadence.SEMESTER, 1, "record:DEED", "000 L727-729"));
            case SEVENTEEN -> List.of(
                    item("s17_home", v, "重新建好留守儿童之家", "Rebuild the home for left-behind children", Cadence.SEMESTER, 1, "home",
                            "000 L791-793"),
                    item("s17_phone", v, "用足用好亲情电话", "Make full use of the family phone", Cadence.SEMESTER, 1,
                            "record:CALL,VIDEO_CALL", "000 L795-797"),
                    item("s17_talk", v, "谈心交心（每月至少一次）", "Heart-to-heart talk (at least monthly)", Cadence.MONTHLY, 1,
                            "record:TALK", "000 L811-813"),
                    item("s17_care", v, "开展人文关爱活动", "Humanistic care activities", Cadence.SEMESTER, 1, "activity:CULTURE",
                            "000 L815-817"),
                    item("s17_lecture", v, "举办安全、法制、心理健康教育讲座", "Lecture on safety, law and mental health", Cadence.SEMESTER,
                            1, "activity:LECTURE", "000 L827-829"),
                    item("s17_book", v, "读一本好书（每月一本）", "Read one good book (one a month)", Cadence.MONTHLY, 1, "record:BOOK",
                            "000 L831-833"),
                    item("s17_letter", v, "写一封亲情信", "Write one family letter", Cadence.SEMESTER, 1, "record:LETTER", "000 L835-837"),
                    item("s17_deed", v, "做一些有意义的事", "Do some meaningful things", Cadence.SEMESTER, 1, "record:DEED",
                            "000 L843-845"));
            case FIVE_ONES -> List.of(
                    item("f5_fault", v, "改正一个缺点", "Correct one fault", Cadence.SEMESTER, 1, "record:FAULT_CORRECTED", "000 L489"),
                    item("f5_deed", v, "做一件好事", "Do one good deed", Cadence.SEMESTER, 1, "record:DEED", "000 L489"),
                    item("f5_exam", v, "交一份好答卷", "Hand in one good exam paper", Cadence.SEMESTER, 1, "record:GOOD_EXAM", "000 L489"),
                    item("f5_honour", v, "为学校添一份光彩", "Add one glory to the school", Cadence.SEMESTER, 1, "record:HONOUR", "000 L489"),
                    item("f5_pupil", v, "做一个好学生", "Be one good pupil", Cadence.SEMESTER, 1, "record:GOOD_PUPIL", "000 L489"));
            case HOME_THREE_ONES -> List.of(
                    item("h3_visit", v, "一次探视", "One visit", Cadence.SEMESTER, 1, "record:VISIT", "002 L278"),
                    item("h3_call", v, "一次电话", "One call", Cadence.SEMESTER, 1, "record:CALL,VIDEO_CALL", "002 L278"),
                    item("h3_home_visit", v, "一次家访", "One home visit", Cadence.SEMESTER, 1, "record:HOME_VISIT", "002 L278"));
            case CUSTOM -> List.of();
        };
    }

    /** The parsed evidence of an item. */
    record Evidence(String source, Set<String> values) {
        /** @return the keys in the per-child evidence map this evidence reads */
        static Evidence parse(String spec) {
            if (spec == null) {
                throw new IllegalArgumentException("evidence");
            }
            String s = spec.strip();
            if (s.equals("home")) {
                return new Evidence("home", Set.of());
            }
            int colon = s.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("evidence");
            }
            String source = s.substring(0, colon);
            Set<String> values = new java.util.LinkedHashSet<>();
            for (String v : s.substring(colon + 1).split(",")) {
                String t = v.strip().toUpperCase(Locale.ROOT);
                if (t.isEmpty()) {
                    throw new IllegalArgumentException("evidence");
                }
                switch (source) {
                    case "activity" -> ActivityType.valueOf(t);
                    case "record" -> {
                        if (RecordKind.valueOf(t) == RecordKind.PAIR) {
                            throw new IllegalArgumentException("evidence");
                        }
                    }
                    case "pair" -> Scheme.valueOf(t);
                    default -> throw new IllegalArgumentException("evidence");
                }
                values.add(t);
            }
            if (source.equals("pair") && values.size() != 1) {
                throw new IllegalArgumentException("evidence");
            }
            return new Evidence(source, Set.copyOf(values));
        }
    }
}
