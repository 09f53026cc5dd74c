package org.guanai.plugin.activities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Checklists.Variant;
import org.guanai.plugin.activities.internal.Coverage.ChildEvidence;
import org.guanai.plugin.activities.internal.Coverage.ChildRow;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.plugin.activities.internal.Model.Activity;
import org.junit.jupiter.api.Test;

/** The exported workbook, opened with an independent reader, matches the grid it was made from. */
class LedgerExportTest {

    @Test
    void theWorkbookMatchesTheGrid() throws Exception {
        List<Item> items = Checklists.seed(Variant.NINE_ONES);
        Semester s = Semester.defaults(2026, Semester.Term.AUTUMN);
        LocalDate asOf = LocalDate.of(2026, 11, 23);
        List<ChildRow> kids = List.of(new ChildRow(1, "张小明", 10L, "三年级(1)班"), new ChildRow(2, "李小红", 10L, "三年级(1)班"),
                new ChildRow(3, "王小刚", 11L, "四年级(2)班"));
        Map<Long, ChildEvidence> ev = Map.of(
                1L, new ChildEvidence(Map.of("LECTURE", List.of(LocalDate.of(2026, 10, 9))), List.of(LocalDate.of(2026, 10, 10)),
                        Map.of("CALL", List.of(LocalDate.of(2026, 9, 20)), "LETTER", List.of(LocalDate.of(2026, 10, 1))),
                        Map.of("LOVING_MOTHER", List.of(LocalDate.of(2026, 9, 3), LocalDate.of(2026, 11, 20)))),
                3L, new ChildEvidence(Map.of(), List.of(), Map.of("DEED", List.of(LocalDate.of(2026, 11, 1))),
                        Map.of("ONE_HELPS_ONE", List.of())));
        Grid g = Coverage.grid(items, s, asOf, kids, ev);
        Activity lecture = new Activity(5L, 1, LocalDate.of(2026, 10, 9), "LECTURE", "法制讲座", "学生处", false, null, List.of(1L, 3L),
                List.of(), "t", null);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LedgerExport.write(out, "温水镇中心小学", g, List.of(lecture), Map.of("activity:LECTURE", 1L), Map.of("LECTURE", "讲座 Lecture"),
                Map.of(1L, "张小明", 3L, "王小刚"));

        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(List.of(LedgerExport.SHEET_SUMMARY, LedgerExport.SHEET_GRID, LedgerExport.SHEET_ACTIVITIES),
                    wb.getSheets().map(Sheet::getName).toList());
            List<Row> grid = wb.findSheet(LedgerExport.SHEET_GRID).orElseThrow().read();
            // header: class, name, one column per item, missing
            Row head = grid.get(0);
            for (int k = 0; k < items.size(); k++) {
                assertEquals(items.get(k).nameZh(), head.getCellAsString(2 + k).orElseThrow());
            }
            assertEquals(1 + kids.size(), grid.size());
            for (int r = 0; r < g.rows().size(); r++) {
                Coverage.Row expected = g.rows().get(r);
                Row row = grid.get(r + 1);
                assertEquals(expected.child().className(), row.getCellAsString(0).orElseThrow());
                assertEquals(expected.child().name(), row.getCellAsString(1).orElseThrow());
                for (int k = 0; k < items.size(); k++) {
                    assertEquals(LedgerExport.cellText(items.get(k), expected.cells().get(k)), row.getCellAsString(2 + k).orElseThrow(),
                            expected.child().name() + " / " + items.get(k).code());
                }
                assertEquals(BigDecimal.valueOf(expected.missing()), row.getCellAsNumber(2 + items.size()).orElseThrow());
            }
            // independent of the rendering: the first child did home, phone, lecture, letter; missed the 爱心妈妈 week 3 …
            Row first = grid.get(1);
            assertEquals("✓", first.getCellAsString(2).orElseThrow());
            assertEquals("✓", first.getCellAsString(3).orElseThrow());
            assertEquals("✗", first.getCellAsString(4).orElseThrow());
            assertTrue(first.getCellAsString(5).orElseThrow().startsWith("✗ 2/"), first.getCellAsString(5).orElseThrow());
            assertEquals("✓", first.getCellAsString(6).orElseThrow());
            assertEquals("✓", grid.get(3).getCellAsString(4).orElseThrow(), "王小刚 has a 一帮一 pair");

            List<Row> summary = wb.findSheet(LedgerExport.SHEET_SUMMARY).orElseThrow().read();
            Row school = summary.stream().filter(x -> x.getCellAsString(0).orElse("").equals("全校 School")).findFirst().orElseThrow();
            assertEquals(BigDecimal.valueOf(3), school.getCellAsNumber(1).orElseThrow());
            assertEquals(BigDecimal.valueOf(g.school().cellsDone()), school.getCellAsNumber(3).orElseThrow());
            assertEquals(BigDecimal.valueOf(g.school().cellsDue()), school.getCellAsNumber(4).orElseThrow());
            assertEquals(0, BigDecimal.valueOf(g.school().percent()).compareTo(school.getCellAsNumber(5).orElseThrow()));

            List<Row> acts = wb.findSheet(LedgerExport.SHEET_ACTIVITIES).orElseThrow().read();
            assertEquals(2, acts.size());
            assertEquals("2026-10-09", acts.get(1).getCellAsString(0).orElseThrow());
            assertEquals("讲座 Lecture", acts.get(1).getCellAsString(1).orElseThrow());
            assertEquals("张小明、王小刚", acts.get(1).getCellAsString(6).orElseThrow());
        }
    }
}
