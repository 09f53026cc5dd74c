package org.guanai.plugin.birthdays.internal;

/** 农历 month and day names as calendars print them: 正月, 冬月, 腊月; 初一, 十五, 廿九, 三十. */
final class LunarText {
    private static final String[] MONTHS = { "正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊" };
    private static final String[] DIGITS = { "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };

    private LunarText() {
    }

    /** @return e.g. 正月, 十月, 腊月 */
    static String month(int month) {
        return MONTHS[month - 1] + "月";
    }

    /** @return e.g. 初一, 初十, 十五, 二十, 廿一, 三十 */
    static String day(int day) {
        if (day <= 10) {
            return "初" + DIGITS[day];
        }
        if (day < 20) {
            return "十" + DIGITS[day - 10];
        }
        if (day == 20) {
            return "二十";
        }
        if (day < 30) {
            return "廿" + DIGITS[day - 20];
        }
        return "三十";
    }
}
