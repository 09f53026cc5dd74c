package org.guanai.plugin.birthdays.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * 节日: the festivals the seeds use as occasions for letters, calls, parties and commendations (domain §6.4; 传统节日
 * for letters and 亲情电话 [000 L725][000 L837][002 L6]; 六一 [000 L115][000 L471]; 五一 [000 L849]; 元旦 [000 L527];
 * 国庆 [000 L503]; 清明 [000 L927]). Traditional ones by the lunar calendar, 清明 by its solar term.
 */
enum Festival {
    /** 元旦: New Year's Day, 1 January. */
    NEW_YEAR("元旦", "New Year's Day", 0, 1, 1),
    /** 除夕: the last day of the lunar year, the eve of 春节. */
    NEW_YEARS_EVE("除夕", "Lunar New Year's Eve", -1, 0, 0),
    /** 春节: 正月初一. */
    SPRING_FESTIVAL("春节", "Spring Festival", 1, 1, 1),
    /** 元宵节: 正月十五. */
    LANTERN("元宵节", "Lantern Festival", 1, 1, 15),
    /** 清明节: the solar term at 15° of solar longitude (4 or 5 April). */
    QINGMING("清明节", "Qingming Festival", 2, 0, 0),
    /** 劳动节 (五一): 1 May. */
    LABOUR_DAY("劳动节", "Labour Day", 0, 5, 1),
    /** 儿童节 (六一): 1 June. */
    CHILDRENS_DAY("儿童节", "Children's Day", 0, 6, 1),
    /** 端午节: 五月初五. */
    DRAGON_BOAT("端午节", "Dragon Boat Festival", 1, 5, 5),
    /** 中秋节: 八月十五. */
    MID_AUTUMN("中秋节", "Mid-Autumn Festival", 1, 8, 15),
    /** 国庆节: 1 October. */
    NATIONAL_DAY("国庆节", "National Day", 0, 10, 1),
    /** 重阳节 (敬老节): 九月初九, the day of the elderly. */
    DOUBLE_NINTH("重阳节", "Double Ninth Festival", 1, 9, 9);

    final String zh;
    final String en;
    /** 0 solar fixed, 1 lunar, 2 solar term, -1 eve of 春节 */
    private final int rule;
    private final int month;
    private final int day;

    Festival(String zh, String en, int rule, int month, int day) {
        this.zh = zh;
        this.en = en;
        this.rule = rule;
        this.month = month;
        this.day = day;
    }

    /** @return the festival's date in a Gregorian year */
    LocalDate date(LunarCalendar lunar, int year) {
        return switch (rule) {
            case 0 -> LocalDate.of(year, month, day);
            case 1 -> lunar.toSolar(new LunarCalendar.LunarDate(year, month, false, day));
            case 2 -> lunar.qingming(year);
            default -> lunar.year(year).start().minusDays(1);
        };
    }

    /** @return whether the festival follows the lunar calendar (or a solar term), rather than a fixed solar date */
    boolean traditional() {
        return rule != 0;
    }

    /** A festival on its date. */
    record Dated(Festival festival, LocalDate date) {
    }

    /** @return every festival in the Gregorian years {@code from.getYear()} … {@code to.getYear()}, between the two dates, by date */
    static List<Dated> between(LunarCalendar lunar, LocalDate from, LocalDate to) {
        List<Dated> out = new ArrayList<>();
        for (int y = from.getYear(); y <= to.getYear(); y++) {
            for (Festival f : values()) {
                LocalDate d = f.date(lunar, y);
                if (!d.isBefore(from) && !d.isAfter(to)) {
                    out.add(new Dated(f, d));
                }
            }
        }
        out.sort(Comparator.comparing(Dated::date));
        return out;
    }
}
