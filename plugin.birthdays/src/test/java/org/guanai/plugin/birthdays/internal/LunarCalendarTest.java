package org.guanai.plugin.birthdays.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.MonthDay;

import org.guanai.plugin.birthdays.internal.LunarCalendar.LunarDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lunar dates against published calendars. Sources: the Hong Kong Observatory's Gregorian–lunar conversion tables
 * (https://www.hko.gov.hk/en/gts/time/conversion.htm, one table per year, e.g. T2023e.txt), and for the festivals the
 * 国务院办公厅 annual notices on public holidays (关于2024年/2025年/2026年部分节假日安排的通知), whose 春节, 清明, 端午 and 中秋
 * days agree with the HKO tables. 春节 2023–2027 (January 22, February 10, January 29, February 17, February 6) also as listed
 * at https://newsbreakers.ng/when-chinese-new-year-starts, and 2027-02-06 at
 * https://cute-calendar.com/event/chinese-new-year/47037.html — the year ICU4J's ChineseCalendar puts on 2027-02-07.
 */
class LunarCalendarTest {
    private final LunarCalendar lunar = new LunarCalendar();

    /** 春节 (正月初一) across years: HKO tables; 2024–2026 also in the 国务院 holiday notices. */
    @ParameterizedTest
    @CsvSource({ "2000,2000-02-05", "2008,2008-02-07", "2015,2015-02-19", "2020,2020-01-25", "2021,2021-02-12",
            "2022,2022-02-01", "2023,2023-01-22", "2024,2024-02-10", "2025,2025-01-29", "2026,2026-02-17",
            "2027,2027-02-06", "2028,2028-01-26", "2030,2030-02-03" })
    void springFestival(int year, LocalDate expected) {
        assertEquals(expected, Festival.SPRING_FESTIVAL.date(lunar, year));
        assertEquals(expected, lunar.year(year).start());
        assertEquals(new LunarDate(year, 1, false, 1), lunar.toLunar(expected));
        // the day before is the last day of the previous lunar year (year boundary)
        LunarDate eve = lunar.toLunar(expected.minusDays(1));
        assertEquals(year - 1, eve.year());
        assertEquals(12, eve.month());
    }

    /** Known lunar dates: leap months (闰月), year boundaries and months of 29 and 30 days. */
    @ParameterizedTest
    @CsvSource({
            // 2023 had 闰二月 from 2023-03-22 to 2023-04-19 (29 days)
            "2023-03-21,2023,2,false,30", "2023-03-22,2023,2,true,1", "2023-04-01,2023,2,true,11",
            "2023-04-19,2023,2,true,29", "2023-04-20,2023,3,false,1",
            // 2020 闰四月 from 2020-05-23; 2025 闰六月 from 2025-07-25; 2017 闰六月 from 2017-07-23; 2033 闰十一月
            "2020-05-23,2020,4,true,1", "2025-07-25,2025,6,true,1", "2025-08-22,2025,6,true,29",
            "2025-08-23,2025,7,false,1", "2017-07-23,2017,6,true,1", "2033-12-22,2033,11,true,1",
            // year boundaries: 2024 除夕 was 腊月三十, 2025 除夕 is 腊月廿九 (lunar 2024's 腊月 has 29 days)
            "2024-02-09,2023,12,false,30", "2025-01-28,2024,12,false,29",
            // new moons within minutes of midnight, where ICU4J's ChineseCalendar is a day off: 2012 七月初一,
            // 2018 十月初一, 2027 正月初一 (new moon 2027-02-06 23:56 CST), 2030 正月初一 (2030-02-03 00:07 CST)
            "2012-08-17,2012,7,false,1", "2018-11-08,2018,10,false,1", "2027-02-06,2027,1,false,1", "2030-02-03,2030,1,false,1",
            "2027-02-05,2026,12,false,29",
            // 2000-01-01 and 2026-11-23
            "2000-01-01,1999,11,false,25", "2026-11-23,2026,10,false,15" })
    void knownDates(LocalDate solar, int year, int month, String leap, int day) {
        LunarDate expected = new LunarDate(year, month, leap.equals("true"), day);
        assertEquals(expected, lunar.toLunar(solar));
        assertEquals(solar, lunar.toSolar(expected));
    }

    @Test
    void monthLengthsAndLeapMonths() {
        assertEquals(2, lunar.year(2023).leapMonth());
        assertEquals(13, lunar.year(2023).months().size());
        assertEquals(0, lunar.year(2024).leapMonth());
        assertEquals(12, lunar.year(2024).months().size());
        assertEquals(6, lunar.year(2025).leapMonth());
        assertEquals(30, lunar.year(2023).month(12, false).length());
        assertEquals(29, lunar.year(2024).month(12, false).length());
        assertThrows(IllegalArgumentException.class, () -> lunar.toSolar(new LunarDate(2024, 12, false, 30)));
        assertThrows(IllegalArgumentException.class, () -> lunar.toSolar(new LunarDate(2024, 2, true, 1)));
    }

    /** Born on 腊月三十 (2024-02-09): in lunar 2024, whose 腊月 has 29 days, the birthday is 腊月廿九, 2025-01-28. */
    @Test
    void thirtiethInAShortMonth() {
        LunarDate birth = lunar.toLunar(LocalDate.of(2024, 2, 9));
        assertEquals(new LunarDate(2023, 12, false, 30), birth);
        assertEquals(LocalDate.of(2025, 1, 28), lunar.lunarBirthday(birth, 2024));
        // lunar 2025's 腊月 has 30 days again: 2026-02-16, 除夕 2026 (国务院 2026 notice: 春节 2月15日至23日, 除夕 16日)
        assertEquals(LocalDate.of(2026, 2, 16), lunar.lunarBirthday(birth, 2025));
    }

    /** Born in 闰二月 2023: ordinary 二月 in years without 闰二月. */
    @Test
    void leapMonthBirth() {
        LunarDate birth = lunar.toLunar(LocalDate.of(2023, 4, 1));
        assertEquals(new LunarDate(2023, 2, true, 11), birth);
        assertEquals(LocalDate.of(2024, 3, 20), lunar.lunarBirthday(birth, 2024)); // 二月初一 2024 is 2024-03-10 (HKO)
        assertEquals(LocalDate.of(2025, 3, 10), lunar.lunarBirthday(birth, 2025)); // 二月初一 2025 is 2025-02-28 (HKO)
        // born in 闰六月 (2025-08-01, 闰六月初八): kept in 闰六月 in a year that has one (2017), else in 六月
        LunarDate june = lunar.toLunar(LocalDate.of(2025, 8, 1));
        assertEquals(new LunarDate(2025, 6, true, 8), june);
        assertEquals(LocalDate.of(2017, 7, 30), lunar.lunarBirthday(june, 2017));
        assertEquals(LocalDate.of(2026, 7, 21), lunar.lunarBirthday(june, 2026)); // 六月初一 2026 is 2026-07-14 (HKO)
    }

    @Test
    void solarLeapDay() {
        assertEquals(LocalDate.of(2027, 2, 28), LunarCalendar.solarBirthday(MonthDay.of(2, 29), 2027));
        assertEquals(LocalDate.of(2028, 2, 29), LunarCalendar.solarBirthday(MonthDay.of(2, 29), 2028));
    }

    /** The festivals of 2024, 2025 and 2026 as in the 国务院 holiday notices and the HKO tables. */
    @ParameterizedTest
    @CsvSource({ "LANTERN,2024,2024-02-24", "LANTERN,2025,2025-02-12", "LANTERN,2026,2026-03-03",
            "QINGMING,2023,2023-04-05", "QINGMING,2024,2024-04-04", "QINGMING,2025,2025-04-04", "QINGMING,2026,2026-04-05",
            "QINGMING,2027,2027-04-05", "DRAGON_BOAT,2024,2024-06-10", "DRAGON_BOAT,2025,2025-05-31",
            "DRAGON_BOAT,2026,2026-06-19", "MID_AUTUMN,2023,2023-09-29", "MID_AUTUMN,2024,2024-09-17",
            "MID_AUTUMN,2025,2025-10-06", "MID_AUTUMN,2026,2026-09-25", "DOUBLE_NINTH,2024,2024-10-11",
            "DOUBLE_NINTH,2025,2025-10-29", "DOUBLE_NINTH,2026,2026-10-18", "NEW_YEARS_EVE,2025,2025-01-28",
            "NEW_YEARS_EVE,2026,2026-02-16", "NEW_YEARS_EVE,2027,2027-02-05", "NEW_YEAR,2026,2026-01-01", "LABOUR_DAY,2026,2026-05-01",
            "CHILDRENS_DAY,2026,2026-06-01", "NATIONAL_DAY,2026,2026-10-01", "SPRING_FESTIVAL,2027,2027-02-06",
            "MID_AUTUMN,2027,2027-09-15", "DRAGON_BOAT,2027,2027-06-09" })
    void festivals(Festival festival, int year, LocalDate expected) {
        assertEquals(expected, festival.date(lunar, year));
    }

    @Test
    void text() {
        assertEquals("闰二月十一", new LunarDate(2023, 2, true, 11).zh());
        assertEquals("腊月三十", new LunarDate(2023, 12, false, 30).zh());
        assertEquals("正月初一", new LunarDate(2024, 1, false, 1).zh());
        assertEquals("冬月廿九", new LunarDate(2024, 11, false, 29).zh());
        assertEquals("八月二十", new LunarDate(2024, 8, false, 20).zh());
    }
}
