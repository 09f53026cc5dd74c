package org.guanai.plugin.birthdays.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The index answers exactly what a person-by-person scan by the rules answers, and the rules' edge cases. */
class BirthdayIndexTest {
    private final LunarCalendar lunar = new LunarCalendar();

    private static List<String> collect(BirthdayIndex index, LocalDate from, LocalDate to, BirthdayIndex.Mode mode, boolean scan) {
        List<String> out = new ArrayList<>();
        BirthdayIndex.Hits h = (p, d, c) -> out.add(p + " " + d + " " + c);
        if (scan) {
            index.scan(from, to, mode, p -> p % 7 != 3, h);
        } else {
            index.query(from, to, mode, p -> p % 7 != 3, h);
        }
        Collections.sort(out);
        return out;
    }

    @ParameterizedTest
    @CsvSource({ "2026-11-23,2026-12-22", "2024-12-20,2025-02-20", "2025-01-01,2025-12-31", "2028-02-01,2028-03-31",
            "2027-02-20,2027-03-05", "2023-03-01,2023-05-31", "2025-07-01,2025-09-30", "2033-11-15,2034-02-15" })
    void indexEqualsScan(LocalDate from, LocalDate to) {
        Random random = new Random(42);
        BirthdayIndex.Builder b = new BirthdayIndex.Builder(lunar);
        LocalDate base = LocalDate.of(1940, 1, 1);
        for (int i = 0; i < 20_000; i++) {
            b.add(base.plusDays(random.nextInt(30_000)), random.nextBoolean() ? CalendarKind.LUNAR : CalendarKind.SOLAR);
        }
        // the edge cases on purpose: 腊月三十, 闰二月, 闰六月, 2月29日
        for (String d : List.of("2024-02-09", "2023-04-01", "2025-08-01", "2024-02-29", "2020-02-29", "2023-03-21")) {
            b.add(LocalDate.parse(d), CalendarKind.LUNAR);
            b.add(LocalDate.parse(d), CalendarKind.SOLAR);
        }
        BirthdayIndex index = b.build();
        for (BirthdayIndex.Mode mode : BirthdayIndex.Mode.values()) {
            List<String> fast = collect(index, from, to, mode, false);
            List<String> slow = collect(index, from, to, mode, true);
            assertTrue(!slow.isEmpty());
            assertEquals(slow, fast, mode + " " + from + "…" + to);
        }
    }

    private List<LocalDate> days(LocalDate birth, CalendarKind cal, LocalDate from, LocalDate to) {
        BirthdayIndex.Builder b = new BirthdayIndex.Builder(lunar);
        b.add(birth, cal);
        List<LocalDate> out = new ArrayList<>();
        b.build().query(from, to, BirthdayIndex.Mode.FAMILY, p -> true, (p, d, c) -> out.add(d));
        return out;
    }

    @Test
    void rules() {
        // 腊月三十 → 腊月廿九 in lunar 2024 (2025-01-28), 腊月三十 again in lunar 2025 (2026-02-16)
        assertEquals(List.of(LocalDate.of(2025, 1, 28), LocalDate.of(2026, 2, 16)),
                days(LocalDate.of(2024, 2, 9), CalendarKind.LUNAR, LocalDate.of(2024, 6, 1), LocalDate.of(2026, 5, 31)));
        // 闰二月十一 → 二月十一 in 2024 and 2025
        assertEquals(List.of(LocalDate.of(2024, 3, 20), LocalDate.of(2025, 3, 10)),
                days(LocalDate.of(2023, 4, 1), CalendarKind.LUNAR, LocalDate.of(2023, 6, 1), LocalDate.of(2025, 5, 31)));
        // 2月29日 solar → 2月28日 in common years, 29 in leap years
        assertEquals(List.of(LocalDate.of(2027, 2, 28), LocalDate.of(2028, 2, 29)),
                days(LocalDate.of(2020, 2, 29), CalendarKind.SOLAR, LocalDate.of(2027, 1, 1), LocalDate.of(2028, 12, 31)));
        // a lunar family has no solar hit and the other way round
        assertEquals(List.of(), days(LocalDate.of(2016, 5, 4), CalendarKind.LUNAR, LocalDate.of(2026, 5, 4), LocalDate.of(2026, 5, 4)));
        assertEquals(List.of(LocalDate.of(2026, 5, 4)),
                days(LocalDate.of(2016, 5, 4), CalendarKind.SOLAR, LocalDate.of(2026, 5, 4), LocalDate.of(2026, 5, 4)));
    }
}
