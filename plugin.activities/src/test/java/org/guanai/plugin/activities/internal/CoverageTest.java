package org.guanai.plugin.activities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.guanai.plugin.activities.internal.Checklists.Cadence;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Checklists.Variant;
import org.guanai.plugin.activities.internal.Coverage.Cell;
import org.guanai.plugin.activities.internal.Coverage.ChildEvidence;
import org.guanai.plugin.activities.internal.Coverage.PairEvidence;
import org.guanai.plugin.activities.internal.Coverage.ChildRow;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.plugin.activities.internal.Coverage.Status;
import org.guanai.sdk.time.Semester;
import org.guanai.sdk.time.Term;
import org.junit.jupiter.api.Test;

/** Cadences and semester boundaries of the coverage computation. */
class CoverageTest {
    /** Autumn 2026: Tuesday 1 Sep 2026 – Sunday 31 Jan 2027 (the defaults). */
    static final Semester AUTUMN = new Semester(2026, Term.AUTUMN, d("2026-09-01"), d("2027-01-31"));
    static final Item LETTER = Checklists.seed(Variant.NINE_ONES).get(7);
    static final Item LOVING_MOTHER = Checklists.seed(Variant.NINE_ONES).get(3);
    static final Item ONE_HELPS_ONE = Checklists.seed(Variant.NINE_ONES).get(2);
    static final Item PHONE = Checklists.seed(Variant.NINE_ONES).get(1);
    static final Item HOME = Checklists.seed(Variant.NINE_ONES).get(0);
    static final Item LECTURE = Checklists.seed(Variant.NINE_ONES).get(4);
    static final Item BOOK = Checklists.seed(Variant.SEVENTEEN).get(5);

    static ChildEvidence records(String kind, LocalDate... days) {
        return new ChildEvidence(Map.of(), List.of(), Map.of(kind, List.of(days)), Map.of());
    }

    static ChildEvidence pairs(String scheme, LocalDate... talks) {
        return new ChildEvidence(Map.of(), List.of(), Map.of(), Map.of(scheme, new PairEvidence(null, List.of(talks))));
    }

    static ChildEvidence pairSince(String scheme, LocalDate since, LocalDate... talks) {
        return new ChildEvidence(Map.of(), List.of(), Map.of(), Map.of(scheme, new PairEvidence(since, List.of(talks))));
    }

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void aPerSemesterItemCountsTheFirstAndLastDayAndNothingOutside() {
        LocalDate asOf = d("2027-03-10");
        assertEquals(Status.DONE, Coverage.cell(LETTER, AUTUMN, asOf, records("LETTER", d("2026-09-01"))).status());
        assertEquals(Status.DONE, Coverage.cell(LETTER, AUTUMN, asOf, records("LETTER", d("2027-01-31"))).status());
        Cell before = Coverage.cell(LETTER, AUTUMN, asOf, records("LETTER", d("2026-08-31"), d("2027-02-01")));
        assertEquals(Status.MISSING, before.status());
        assertEquals(0, before.done());
        assertEquals(1, before.required());
        assertNull(before.last());
    }

    @Test
    void nothingAfterTheDayOfTheGridCounts() {
        ChildEvidence e = records("CALL", d("2026-11-20"));
        assertEquals(Status.MISSING, Coverage.cell(PHONE, AUTUMN, d("2026-11-19"), e).status());
        assertEquals(Status.DONE, Coverage.cell(PHONE, AUTUMN, d("2026-11-20"), e).status());
        // video calls count for the family phone too
        assertEquals(Status.DONE, Coverage.cell(PHONE, AUTUMN, d("2026-11-20"), records("VIDEO_CALL", d("2026-10-01"))).status());
        // letters do not
        assertEquals(Status.MISSING, Coverage.cell(PHONE, AUTUMN, d("2026-11-20"), records("LETTER", d("2026-10-01"))).status());
    }

    @Test
    void beforeTheSemesterStartsNothingIsDue() {
        Cell c = Coverage.cell(LETTER, AUTUMN, d("2026-08-20"), ChildEvidence.empty());
        assertEquals(Status.PENDING, c.status());
    }

    @Test
    void weeklyTalksOfTheLovingMotherAreCountedInSevenDayBlocksFromTheFirstDay() {
        // weeks: 1-7 Sep, 8-14 Sep, 15-21 Sep, 22-28 Sep
        ChildEvidence e = pairs("LOVING_MOTHER", d("2026-09-03"), d("2026-09-14"), d("2026-09-23"));
        // on 23 Sep: weeks 1 and 2 complete and done, week 3 complete and missed, week 4 running and done
        Cell c = Coverage.cell(LOVING_MOTHER, AUTUMN, d("2026-09-23"), e);
        assertEquals(Status.MISSING, c.status());
        assertEquals(3, c.done());
        assertEquals(4, c.required());
        assertEquals("✗ 3/4", LedgerExport.cellText(LOVING_MOTHER, c));
        // on 14 Sep (last day of week 2): week 1 complete, week 2 running and done
        Cell c2 = Coverage.cell(LOVING_MOTHER, AUTUMN, d("2026-09-14"), e);
        assertEquals(Status.DONE, c2.status());
        assertEquals(2, c2.done());
        assertEquals(2, c2.required());
        // in the first week without a talk yet: nothing is due
        Cell first = Coverage.cell(LOVING_MOTHER, AUTUMN, d("2026-09-02"), pairs("LOVING_MOTHER"));
        assertEquals(Status.PENDING, first.status());
        assertEquals("– 0/0", LedgerExport.cellText(LOVING_MOTHER, first));
    }

    /**
     * Regression (issue 19): the 爱心妈妈's weekly talk is owed from the day of the pairing, not from the start of the
     * semester. A pair made on 14 October with a talk in each of its weeks is complete on 4 November (weeks 14–20 Oct,
     * 21–27 Oct, 28 Oct–3 Nov; the fourth week is running), not ✗ 3/9 as counted from 1 September.
     */
    @Test
    void weeklyTalksAreDueFromTheDayOfThePairing() {
        ChildEvidence e = pairSince("LOVING_MOTHER", d("2026-10-14"), d("2026-10-15"), d("2026-10-22"), d("2026-10-30"));
        Cell c = Coverage.cell(LOVING_MOTHER, AUTUMN, d("2026-11-04"), e);
        assertEquals(Status.DONE, c.status());
        assertEquals(3, c.required(), "three complete weeks; the running one is not due yet");
        assertEquals(3, c.done());
        // a week without a talk after the pairing is missed
        Cell missed = Coverage.cell(LOVING_MOTHER, AUTUMN, d("2026-11-11"), e);
        assertEquals(Status.MISSING, missed.status());
        assertEquals("✗ 3/4", LedgerExport.cellText(LOVING_MOTHER, missed));
        // a pair of the previous semester is owed its talks from the first day of this one
        Cell older = Coverage.cell(LOVING_MOTHER, AUTUMN, d("2026-09-14"), pairSince("LOVING_MOTHER", d("2026-03-01"), d("2026-09-03"),
                d("2026-09-10")));
        assertEquals(Status.DONE, older.status());
        assertEquals(2, older.required());
        // on the day of the pairing, before any talk: pending
        assertEquals(Status.PENDING, Coverage.cell(LOVING_MOTHER, AUTUMN, d("2026-10-14"), pairSince("LOVING_MOTHER", d("2026-10-14"))).status());
    }

    @Test
    void withoutAPairTheLovingMotherItemIsMissingWhateverTalksThereAre() {
        ChildEvidence talksButNoPair = records("TALK", d("2026-09-03"));
        Cell c = Coverage.cell(LOVING_MOTHER, AUTUMN, d("2026-09-02"), talksButNoPair);
        assertEquals(Status.MISSING, c.status());
        assertEquals(0, c.done());
    }

    @Test
    void aOneHelpsOnePairCountsForTheSemesterWithoutTalks() {
        assertEquals(Status.DONE, Coverage.cell(ONE_HELPS_ONE, AUTUMN, d("2026-10-01"), pairs("ONE_HELPS_ONE")).status());
        assertEquals(Status.MISSING, Coverage.cell(ONE_HELPS_ONE, AUTUMN, d("2026-10-01"), pairs("LOVING_MOTHER")).status());
    }

    @Test
    void monthlyItemsUseCalendarMonthsClippedToTheSemester() {
        Semester s = new Semester(2026, Term.AUTUMN, d("2026-09-10"), d("2027-01-20"));
        // September (10–30), October, November: books read in September and November
        ChildEvidence e = records("BOOK", d("2026-09-10"), d("2026-11-30"));
        Cell c = Coverage.cell(BOOK, s, d("2026-12-01"), e);
        assertEquals(2, c.done());
        assertEquals(3, c.required());
        assertEquals(Status.MISSING, c.status());
        assertEquals(Cadence.MONTHLY, BOOK.cadence());
        // a book on 9 September is before the semester: September is missed
        assertEquals(Status.MISSING, Coverage.cell(BOOK, s, d("2026-10-01"), records("BOOK", d("2026-09-09"))).status());
        // after the semester every period is complete: January (1–20) is due
        Cell end = Coverage.cell(BOOK, s, d("2027-02-15"), records("BOOK", d("2026-09-11"), d("2026-10-11"), d("2026-11-11"),
                d("2026-12-11"), d("2027-01-20")));
        assertEquals(Status.DONE, end.status());
        assertEquals(5, end.required());
    }

    @Test
    void homeAndActivityItemsCountAttendance() {
        ChildEvidence e = new ChildEvidence(Map.of("LECTURE", List.of(d("2026-10-10"))), List.of(d("2026-10-11")), Map.of(), Map.of());
        assertEquals(Status.DONE, Coverage.cell(LECTURE, AUTUMN, d("2026-11-01"), e).status());
        assertEquals(Status.DONE, Coverage.cell(HOME, AUTUMN, d("2026-11-01"), e).status());
        assertEquals(Status.MISSING, Coverage.cell(HOME, AUTUMN, d("2026-11-01"), ChildEvidence.empty()).status());
    }

    @Test
    void gridSummariesPerClassAndSchool() {
        List<Item> items = List.of(PHONE, LETTER);
        List<ChildRow> kids = List.of(new ChildRow(1, "甲", 10L, "一班"), new ChildRow(2, "乙", 10L, "一班"), new ChildRow(3, "丙", 11L, "二班"));
        Map<Long, ChildEvidence> ev = Map.of(1L, new ChildEvidence(Map.of(), List.of(),
                Map.of("CALL", List.of(d("2026-09-05")), "LETTER", List.of(d("2026-09-06"))), Map.of()), 3L,
                records("CALL", d("2026-10-01")));
        Grid g = Coverage.grid(items, AUTUMN, d("2026-11-01"), kids, ev);
        assertEquals(3, g.rows().size());
        assertEquals(0, g.rows().get(0).missing());
        assertEquals(2, g.rows().get(1).missing());
        assertEquals(1, g.rows().get(2).missing());
        assertEquals(2, g.classes().size());
        assertEquals(1, g.classes().get(0).complete());
        assertEquals(50.0, g.classes().get(0).percent());
        assertEquals(50.0, g.classes().get(1).percent());
        assertEquals(3, g.school().children());
        assertEquals(3, g.school().cellsDone());
        assertEquals(6, g.school().cellsDue());
        assertEquals(50.0, g.school().percent());
        assertEquals(Map.of("phone", 2, "letter", 1), g.school().doneByItem());
    }

    @Test
    void aSummaryWithCopiesOfARowIsThatOfTheRowsWithTheCopiesMade() {
        List<Item> items = List.of(HOME, PHONE, LETTER, LECTURE);
        List<ChildRow> children = new java.util.ArrayList<>();
        for (long id = 1; id <= 7; id++) {
            children.add(new ChildRow(id, "儿童" + id, 3L, "三年级(1)班"));
        }
        Map<Long, ChildEvidence> evidence = Map.of(1L, records("CALL", d("2026-10-01")), 2L,
                new ChildEvidence(Map.of(), List.of(d("2026-10-02")), Map.of("LETTER", List.of(d("2026-10-03")), "CALL", List.of(d("2026-10-04"))),
                        Map.of()));
        LocalDate asOf = d("2026-11-20");
        Grid whole = Coverage.grid(items, AUTUMN, asOf, children, evidence);
        // children 3 to 7 have no evidence: their rows are alike
        Coverage.Row blank = whole.rows().get(2);
        Coverage.Summary made = Coverage.summary(3L, "三年级(1)班", whole.rows(), items);
        assertEquals(made, Coverage.summary(3L, "三年级(1)班", whole.rows().subList(0, 2), blank, 5, items));
        assertEquals(made, whole.classes().get(0));
        assertEquals(7, made.children());
        assertEquals(Coverage.summary(null, null, whole.rows().subList(0, 2), items),
                Coverage.summary(null, null, whole.rows().subList(0, 2), blank, 0, items));
    }
}
