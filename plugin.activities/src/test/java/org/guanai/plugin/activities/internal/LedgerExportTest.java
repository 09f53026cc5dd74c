package org.guanai.plugin.activities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.guanai.plugin.activities.internal.CoverageStore.Count;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Checklists.Variant;
import org.guanai.plugin.activities.internal.Coverage.ChildEvidence;
import org.guanai.plugin.activities.internal.Coverage.ChildRow;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.sdk.export.Column;
import org.guanai.sdk.export.Percent;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.i18n.Label;
import org.guanai.sdk.testing.TestTexts;
import org.guanai.sdk.time.Semester;
import org.guanai.sdk.time.Term;
import org.junit.jupiter.api.Test;

/**
 * The semester ledger's sheets match the grid they were made from, and speak to their reader: 中文 headers and labels,
 * dates as dates, rates as percentages, no codes, no internal references, no ids. (The platform writes them as xlsx;
 * the in-framework test reads the workbook back.)
 */
class LedgerExportTest {
    final TestTexts texts = new TestTexts();

    @Test
    void theSheetsMatchTheGridAndSpeakChinese() {
        List<Item> items = Checklists.seed(Variant.NINE_ONES);
        Semester s = new Semester(2026, Term.AUTUMN, LocalDate.of(2026, 9, 1), LocalDate.of(2027, 1, 31));
        LocalDate asOf = LocalDate.of(2026, 11, 23);
        List<ChildRow> kids = List.of(new ChildRow(1, "张小明", 10L, "三年级(1)班"), new ChildRow(2, "李小红", 10L, "三年级(1)班"),
                new ChildRow(3, "王小刚", 11L, "四年级(2)班"));
        Map<Long, ChildEvidence> ev = Map.of(
                1L, new ChildEvidence(Map.of("LECTURE", List.of(LocalDate.of(2026, 10, 9))), List.of(LocalDate.of(2026, 10, 10)),
                        Map.of("CALL", List.of(LocalDate.of(2026, 9, 20)), "LETTER", List.of(LocalDate.of(2026, 10, 1))),
                        Map.of("LOVING_MOTHER", new Coverage.PairEvidence(null, List.of(LocalDate.of(2026, 9, 3), LocalDate.of(2026, 11, 20))))),
                3L, new ChildEvidence(Map.of(), List.of(), Map.of("DEED", List.of(LocalDate.of(2026, 11, 1))),
                        Map.of("ONE_HELPS_ONE", new Coverage.PairEvidence(null, List.of()))));
        Grid g = Coverage.grid(items, s, asOf, kids, ev);
        // child 99 took part but is not one the caller may see: counted, not named
        Activity lecture = new Activity(5L, 1, LocalDate.of(2026, 10, 9), "CLASS_MEETING", "法制讲座", "学生处", false, null,
                List.of(1L, 3L, 99L), List.of(), "t", null);

        List<Table> sheets = LedgerExport.sheets(texts, "温水镇中心小学", g, List.of(lecture),
                List.of(new Count(true, "CLASS_MEETING", 1), new Count(false, "VIDEO_CALL", 4)), Map.of(1L, "张小明", 3L, "王小刚"));
        assertEquals(List.of("基本信息", "汇总", "项目", "覆盖情况", "活动", "数量"), sheets.stream().map(Table::title).toList());
        assertEquals("九个一学期台账-2026-2027学年秋季学期", LedgerExport.fileName(texts, g));

        Table about = sheets.get(0);
        assertEquals(List.of("学校", "温水镇中心小学"), zh(about.rows().get(0)));
        assertEquals(LocalDate.of(2026, 9, 1), about.rows().get(2).get(1), "dates as dates");
        assertEquals(asOf, about.rows().get(4).get(1));

        Table grid = sheets.get(3);
        // header: class, name, one column per item, missing
        assertEquals(List.of("班级", "姓名"), grid.columns().subList(0, 2).stream().map(Column::zh).toList());
        for (int k = 0; k < items.size(); k++) {
            assertEquals(items.get(k).nameZh(), grid.columns().get(2 + k).zh());
        }
        assertEquals("缺项数", grid.columns().get(2 + items.size()).zh());
        assertEquals(kids.size(), grid.rows().size());
        for (int r = 0; r < g.rows().size(); r++) {
            Coverage.Row expected = g.rows().get(r);
            List<Object> row = grid.rows().get(r);
            assertEquals(expected.child().className(), row.get(0));
            assertEquals(expected.child().name(), row.get(1));
            for (int k = 0; k < items.size(); k++) {
                assertEquals(LedgerExport.cellText(items.get(k), expected.cells().get(k)), row.get(2 + k),
                        expected.child().name() + " / " + items.get(k).code());
            }
            assertEquals(expected.missing(), row.get(2 + items.size()));
        }
        // independent of the rendering: the first child did home, phone, lecture, letter; missed the 爱心妈妈 week 3 …
        List<Object> first = grid.rows().get(0);
        assertEquals("✓", first.get(2));
        assertEquals("✓", first.get(3));
        assertEquals("✗", first.get(4));
        assertTrue(((String) first.get(5)).startsWith("✗ 2/"), (String) first.get(5));
        assertEquals("✓", first.get(6));
        assertEquals("✓", grid.rows().get(2).get(4), "王小刚 has a 一帮一 pair");

        Table summary = sheets.get(1);
        assertEquals(List.of("班级", "儿童数", "全部完成人数", "完成项", "应完成项", "覆盖率"), summary.columns().stream().map(Column::zh).toList());
        List<Object> school = summary.rows().stream().filter(x -> x.get(0).equals("全校")).findFirst().orElseThrow();
        assertEquals(3, school.get(1));
        assertEquals(g.school().cellsDone(), school.get(3));
        assertEquals(g.school().cellsDue(), school.get(4));
        assertEquals(new Percent((double) g.school().cellsDone() / g.school().cellsDue()), school.get(5), "the rate as a percentage");
        assertEquals(g.school().percent(), Math.round(((Percent) school.get(5)).ratio() * 1000) / 10.0, "the page's percentage");

        Table perItem = sheets.get(2);
        assertEquals(new Label("每周", "Weekly"), perItem.rows().get(3).get(1), "the loving mother's cadence, as a label");
        assertEquals(List.of("项目", "频次", "每期次数", "完成人数", "覆盖率"), perItem.columns().stream().map(Column::zh).toList());

        Table acts = sheets.get(4);
        assertEquals(1, acts.rows().size());
        List<Object> act = acts.rows().get(0);
        assertEquals(LocalDate.of(2026, 10, 9), act.get(0));
        assertEquals(new Label("主题班会", "Theme class meeting"), act.get(1));
        assertEquals(3, act.get(5));
        assertEquals("张小明、王小刚", act.get(6));
        assertEquals(List.of("活动", "主题班会", 1L), zh(sheets.get(5).rows().get(0)));
        assertEquals(List.of("个人记录", "亲情视频", 4L), zh(sheets.get(5).rows().get(1)));

        // no codes (CLASS_MEETING, SEMESTER …), no internal references (activity:LECTURE, 000 L697), no ids (#99)
        for (Table t : sheets) {
            for (Column c : t.columns()) {
                assertTrue(c.zh().codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN), c.zh());
            }
            for (List<Object> row : t.rows()) {
                for (Object cell : row) {
                    assertFalse(cell instanceof Enum<?>, t.title() + ": " + cell);
                    String text = cell instanceof Label l ? l.zh() : String.valueOf(cell);
                    assertFalse(text.matches(".*([A-Z]{3,}|[a-z]+:|L\\d{3}|#\\d).*"), t.title() + ": " + text);
                }
            }
        }
    }

    private static List<Object> zh(List<Object> row) {
        return row.stream().map(c -> c instanceof Label l ? (Object) l.zh() : c).toList();
    }
}
