package org.guanai.core.registry.internal.todo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoWeekTest {

    @Test
    void weeksAreMondayToSundayWithWeekOneHoldingTheFourthOfJanuary() {
        assertEquals(Optional.of(LocalDate.of(2026, 11, 30)), IsoWeek.monday("2026-W49"));
        // 2026-W01 starts in 2025: 1 January 2026 is a Thursday
        assertEquals(Optional.of(LocalDate.of(2025, 12, 29)), IsoWeek.monday("2026-W01"));
        // 2026 has 53 ISO weeks (it starts on a Thursday); 2025 has 52
        assertEquals(Optional.of(LocalDate.of(2026, 12, 28)), IsoWeek.monday("2026-W53"));
        assertEquals("2026-W53", IsoWeek.of(LocalDate.of(2027, 1, 3)));
        assertEquals("2026-W49", IsoWeek.of(LocalDate.of(2026, 12, 6)));
        assertEquals("2026-W50", IsoWeek.of(LocalDate.of(2026, 12, 7)));
        assertEquals(LocalDate.of(2026, 12, 7), IsoWeek.mondayOf(LocalDate.of(2026, 12, 13)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "2026-49", "2026-W4", "2026-W00", "2025-W53", "2026-W54", "1899-W10", "2101-W01", "2026-w49",
            "W49", "2026-W49x", "２０２６-W49" })
    void whatIsNotAnIsoWeekIsRefused(String text) {
        assertTrue(IsoWeek.monday(text).isEmpty(), text);
    }
}
