package org.guanai.plugin.activities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.care.CareCoverage.ChildCoverage;
import org.guanai.core.api.care.CareCoverage.ItemCoverage;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Coverage.ChildRow;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.sdk.time.Semester;
import org.guanai.sdk.time.Term;
import org.junit.jupiter.api.Test;

/** {@link CareCoverageProvider}: the grids of the semesters in a range, summed per child and item. */
class CareCoverageProviderTest {
    private static final Semester SPRING = new Semester(2026, Term.SPRING, d("2027-03-01"), d("2027-07-15"));

    static LocalDate d(String s) {
        return CoverageTest.d(s);
    }

    @Test
    void itemsDoneAndDuePerChildSummedOverTheSemesters() {
        List<Item> items = List.of(CoverageTest.LETTER, CoverageTest.PHONE);
        ChildRow a = new ChildRow(7, "王小明", null, null);
        ChildRow b = new ChildRow(3, "李华", null, null);
        // autumn, as of its end: a wrote a letter; nobody's call is recorded
        Grid autumn = Coverage.grid(items, CoverageTest.AUTUMN, d("2027-01-31"), List.of(a, b),
                Map.of(7L, CoverageTest.records("LETTER", d("2026-10-01"))));
        // spring, on its first day: a wrote the letter that day; the call is counted as the grid's cell says
        Grid spring = Coverage.grid(items, SPRING, d("2027-03-01"), List.of(a), Map.of(7L, CoverageTest.records("LETTER", d("2027-03-01"))));

        List<ChildCoverage> out = CareCoverageProvider.of(List.of(autumn, spring));
        assertEquals(List.of(3L, 7L), out.stream().map(ChildCoverage::childId).toList(), "by child id");
        ChildCoverage li = out.get(0);
        ItemCoverage liLetter = li.items().get(0);
        assertEquals(CoverageTest.LETTER.code(), liLetter.code());
        assertEquals(CoverageTest.LETTER.nameZh(), liLetter.nameZh());
        assertEquals(0, liLetter.done());
        assertEquals(1, liLetter.due());
        assertEquals(0, li.itemsDone());
        assertEquals(2, li.itemsDue());

        ChildCoverage wang = out.get(1);
        ItemCoverage letter = wang.items().get(0);
        assertEquals(2, letter.done(), "one letter in each semester");
        assertEquals(2, letter.due());
        ItemCoverage phone = wang.items().get(1);
        Coverage.Cell springCall = Coverage.cell(CoverageTest.PHONE, SPRING, d("2027-03-01"), CoverageTest.records("LETTER"));
        int phoneDue = Coverage.cell(CoverageTest.PHONE, CoverageTest.AUTUMN, d("2027-01-31"), CoverageTest.records("LETTER")).required()
                + (springCall.status() == Coverage.Status.PENDING ? 0 : springCall.required());
        assertEquals(0, phone.done());
        assertEquals(phoneDue, phone.due(), "the autumn's periods and spring's, unless its first one still runs");
        assertEquals(1, wang.itemsDone());
        assertEquals(2, wang.itemsDue());
    }
}
