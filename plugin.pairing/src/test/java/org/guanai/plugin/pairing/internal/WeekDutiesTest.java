package org.guanai.plugin.pairing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.guanai.core.api.dto.Child;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.Compliance;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.RecordKind;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.junit.jupiter.api.Test;

/** The week's duties of the to-do list (issue 19): due in the week, overdue, the previous period, the class teacher's default. */
class WeekDutiesTest {
    /** Wednesday 9 December 2026, 10:00 in China. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-09T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final LocalDate TODAY = LocalDate.now(CLOCK);
    static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);
    static final Schemes SCHEMES = new Schemes(Schemes.defaults());
    /** A staff pair (monthly talk, two-weekly call, two home visits a week per mentor) started on 2 November. */
    static final Compliance.PairSpan STAFF = new Compliance.PairSpan(1, 100, 7, Schemes.STAFF, LocalDate.of(2026, 11, 2), null);

    static List<WeekDuties.Due> due(List<Compliance.Entry> entries, LocalDate monday, LocalDate today) {
        List<Compliance.Item> periods = Compliance.periods(List.of(STAFF), c -> SCHEMES.get(c).orElse(null), entries,
                monday.minusMonths(2).withDayOfMonth(1), monday.plusDays(6).plusMonths(1).plusDays(1));
        return WeekDuties.select(periods, monday, today);
    }

    static String describe(WeekDuties.Due d) {
        return d.item().obligation().kind() + " " + d.item().start() + ".." + d.due() + (d.overdue() ? " overdue" : "") + " done "
                + d.item().done();
    }

    @Test
    void nothingRecorded() {
        assertEquals(List.of(
                "HOME_VISIT 2026-11-30..2026-12-06 overdue done 0", // last week's, not met: overdue in the current week
                "HOME_VISIT 2026-12-07..2026-12-13 done 0",
                "PARENT_CALL 2026-11-16..2026-11-29 overdue done 0", // the window before the one Monday is in
                "PARENT_CALL 2026-11-30..2026-12-13 done 0", // two-week windows from the pair's start (2 Nov)
                "TALK 2026-12-01..2026-12-31 done 0"), // no November talk: the pair started on 2 November
                due(List.of(), MONDAY, TODAY).stream().map(WeekDutiesTest::describe).sorted().toList());
    }

    @Test
    void whatIsRecordedInItsPeriodLeavesTheList() {
        List<Compliance.Entry> entries = new ArrayList<>();
        entries.add(new Compliance.Entry(7, 100L, RecordKind.TALK, LocalDate.of(2026, 12, 8)));
        entries.add(new Compliance.Entry(7, 100L, RecordKind.PARENT_CALL, LocalDate.of(2026, 11, 20)));
        entries.add(new Compliance.Entry(7, 100L, RecordKind.PARENT_CALL, LocalDate.of(2026, 12, 1)));
        entries.add(new Compliance.Entry(7, 101L, RecordKind.HOME_VISIT, LocalDate.of(2026, 12, 2)));
        entries.add(new Compliance.Entry(7, 102L, RecordKind.HOME_VISIT, LocalDate.of(2026, 12, 4)));
        entries.add(new Compliance.Entry(7, 100L, RecordKind.HOME_VISIT, LocalDate.of(2026, 12, 8)));
        // two visits last week (any child of the mentor) meet it; one this week of two leaves it due, done 1
        assertEquals(List.of("HOME_VISIT 2026-12-07..2026-12-13 done 1"),
                due(entries, MONDAY, TODAY).stream().map(WeekDutiesTest::describe).toList());
    }

    @Test
    void anotherWeekHasItsOwnPeriodsAndNoEarlierMisses() {
        LocalDate next = MONDAY.plusWeeks(1);
        List<String> items = due(List.of(), next, TODAY).stream().map(WeekDutiesTest::describe).sorted().toList();
        assertEquals(List.of("HOME_VISIT 2026-12-14..2026-12-20 done 0", "PARENT_CALL 2026-12-14..2026-12-27 done 0",
                "TALK 2026-12-01..2026-12-31 done 0"), items);
        // a past week: what was due in it and not done is overdue, but what was missed before it is not repeated
        List<String> past = due(List.of(), MONDAY.minusWeeks(2), TODAY).stream().map(WeekDutiesTest::describe).sorted().toList();
        assertEquals(List.of("HOME_VISIT 2026-11-23..2026-11-29 overdue done 0", "PARENT_CALL 2026-11-16..2026-11-29 overdue done 0"),
                past);
    }

    @Test
    void theClassTeacherIsTheDefaultMentorOfHerUnpairedPupils() {
        Child paired = Child.builder().id(100L).name("王小一").schoolId(1L).classId(9L).build();
        Child unpaired = Child.builder().id(101L).name("王小二").schoolId(1L).classId(9L).build();
        Child endedPair = Child.builder().id(102L).name("王小三").schoolId(1L).classId(9L).build();
        Child noHead = Child.builder().id(103L).name("王小四").schoolId(1L).classId(10L).build();
        List<Pair> pairs = List.of(new Pair(1L, 1, 100, 5, Schemes.LOVING_MOTHER_SCHEME, Status.ACTIVE, MONDAY.minusMonths(1), null, null, null, "t"),
                new Pair(2L, 1, 102, 5, Schemes.LOVING_MOTHER_SCHEME, Status.ENDED, MONDAY.minusMonths(2), MONDAY.minusDays(1), null, null, "t"));
        List<Mentor> mentors = List.of(
                new Mentor(5L, 1, MentorKind.LOVING_MOTHER, null, null, "张妈妈", null, null, null, null, null, true, null, null),
                new Mentor(6L, 1, MentorKind.TEACHER, 60L, null, "赵老师", null, null, 9L, null, null, false, null, null),
                new Mentor(7L, 1, MentorKind.TEACHER, 70L, null, "李老师", null, null, 9L, null, null, true, null, null));
        LocalDate anchor = LocalDate.of(2026, 9, 1);
        List<Compliance.PairSpan> spans = WeekDuties.defaults(List.of(paired, unpaired, endedPair, noHead), pairs, mentors,
                Schemes.STAFF, MONDAY, anchor);
        assertEquals(List.of(new Compliance.PairSpan(-101, 101, 7, Schemes.STAFF, anchor, null),
                new Compliance.PairSpan(-102, 102, 7, Schemes.STAFF, anchor, null)), spans);
        assertTrue(spans.stream().allMatch(s -> s.pairId() < 0), "no stored pair has a negative id");
    }
}
