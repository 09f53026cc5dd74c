package org.guanai.plugin.pairing.internal.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.guanai.plugin.pairing.internal.rules.Compliance.Entry;
import org.guanai.plugin.pairing.internal.rules.Compliance.Item;
import org.guanai.plugin.pairing.internal.rules.Compliance.PairSpan;
import org.junit.jupiter.api.Test;

class ComplianceTest {
    private final Schemes schemes = new Schemes(Schemes.defaults());
    private final Function<String, Scheme> lookup = c -> schemes.get(c).orElse(null);

    @Test
    void teacherHomeVisitsPerWeekAndMonthlyTalkPerChild() {
        // Monday 2 Nov 2026 to Sunday 22 Nov: three full weeks; as of Monday 23 Nov
        PairSpan a = new PairSpan(1, 100, 7, Schemes.STAFF, LocalDate.of(2026, 11, 2), null);
        PairSpan b = new PairSpan(2, 101, 7, Schemes.STAFF, LocalDate.of(2026, 11, 2), null);
        List<Entry> entries = List.of(new Entry(7, 100L, RecordKind.HOME_VISIT, LocalDate.of(2026, 11, 3)),
                new Entry(7, 101L, RecordKind.HOME_VISIT, LocalDate.of(2026, 11, 5)), // week 1: 2 visits, met
                new Entry(7, 100L, RecordKind.HOME_VISIT, LocalDate.of(2026, 11, 10)), // week 2: 1 visit, overdue
                new Entry(7, 100L, RecordKind.PARENT_CALL, LocalDate.of(2026, 11, 4)),
                new Entry(7, 101L, RecordKind.PARENT_CALL, LocalDate.of(2026, 11, 18)));
        List<Item> overdue = Compliance.overdue(List.of(a, b), lookup, entries, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 11, 23));
        List<Item> visits = overdue.stream().filter(i -> i.obligation().kind() == RecordKind.HOME_VISIT).toList();
        assertEquals(2, visits.size(), visits.toString()); // weeks of 9 and 16 Nov, once per mentor, not per pair
        assertEquals(LocalDate.of(2026, 11, 9), visits.get(0).start());
        assertEquals(1, visits.get(0).done());
        assertEquals(null, visits.get(0).childId());
        // calls every two weeks from the start: 2–15 Nov is complete; 16–29 Nov not yet
        List<Item> calls = overdue.stream().filter(i -> i.obligation().kind() == RecordKind.PARENT_CALL).toList();
        assertEquals(1, calls.size(), calls.toString());
        assertEquals(101L, calls.get(0).childId());
        // the November talk is not due before December
        assertTrue(overdue.stream().noneMatch(i -> i.obligation().kind() == RecordKind.TALK));
        // November is not wholly inside the pair (it started on the 2nd): the first month counted is December
        List<Item> december = Compliance.overdue(List.of(a, b), lookup, entries, LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1));
        assertEquals(2, december.stream().filter(i -> i.obligation().kind() == RecordKind.TALK).count());
    }

    @Test
    void periodsOutsideThePairDoNotCount() {
        // starts mid-week and mid-month, ends after two weeks
        PairSpan p = new PairSpan(1, 100, 7, Schemes.LOVING_MOTHER_SCHEME, LocalDate.of(2026, 10, 7), LocalDate.of(2026, 10, 25));
        List<Item> all = Compliance.periods(List.of(p), lookup, List.of(new Entry(7, 100L, RecordKind.TALK, LocalDate.of(2026, 10, 13))),
                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 11, 23));
        assertEquals(2, all.size(), all.toString()); // weeks of 12 and 19 Oct
        assertTrue(all.get(0).met());
        assertEquals(false, all.get(1).met());
    }

    @Test
    void schoolSettingsChangeTheObligations() {
        Scheme relaxed = schemes.get(Schemes.LOVING_MOTHER_SCHEME).orElseThrow().with(true, 4,
                List.of(new Obligation(RecordKind.TALK, Period.MONTH, 1, Basis.PAIR, "")));
        PairSpan p = new PairSpan(1, 100, 7, Schemes.LOVING_MOTHER_SCHEME, LocalDate.of(2026, 10, 1), null);
        List<Item> all = Compliance.periods(List.of(p), Map.of(Schemes.LOVING_MOTHER_SCHEME, relaxed)::get, List.of(),
                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 11, 23));
        assertEquals(1, all.size()); // October only
    }
}
