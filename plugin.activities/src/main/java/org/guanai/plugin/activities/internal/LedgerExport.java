package org.guanai.plugin.activities.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.guanai.plugin.activities.internal.Checklists.Cadence;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Coverage.Cell;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.plugin.activities.internal.Coverage.Row;
import org.guanai.plugin.activities.internal.Coverage.Summary;
import org.guanai.plugin.activities.internal.Model.Activity;

/**
 * 学期台账: the semester ledger a school sends to the county, as an xlsx workbook (fastexcel, embedded): a summary sheet
 * (children, coverage %, per class, per item, counts of activities and records), the coverage grid (children × items,
 * the same cells as the page), and the list of activities.
 */
final class LedgerExport {
    static final String SHEET_SUMMARY = "汇总 Summary";
    static final String SHEET_GRID = "覆盖 Coverage";
    static final String SHEET_ACTIVITIES = "活动 Activities";

    private LedgerExport() {
    }

    /** The text of a grid cell, in the sheet and on the page: ✓, ✗ or – and, for a weekly or monthly item, done/due. */
    static String cellText(Item item, Cell c) {
        String mark = switch (c.status()) {
            case DONE -> "✓";
            case MISSING -> "✗";
            case PENDING -> "–";
        };
        return item.cadence() == Cadence.SEMESTER ? mark : mark + " " + c.done() + "/" + c.required();
    }

    static String cadenceText(Cadence c) {
        return switch (c) {
            case SEMESTER -> "每学期 per semester";
            case MONTHLY -> "每月 monthly";
            case WEEKLY -> "每周 weekly";
        };
    }

    /**
     * @param activityTypes  names of the activity types (中文 / English), by type
     * @param participantNames child id → name, for the children in the grid
     */
    static void write(OutputStream out, String schoolName, Grid grid, List<Activity> activities, Map<String, Long> counts,
            Map<String, String> activityTypes, Map<Long, String> participantNames) throws IOException {
        Workbook wb = new Workbook(out, "Guanai", "1.0");
        summary(wb.newWorksheet(SHEET_SUMMARY), schoolName, grid, counts);
        grid(wb.newWorksheet(SHEET_GRID), grid);
        activities(wb.newWorksheet(SHEET_ACTIVITIES), activities, activityTypes, participantNames);
        wb.finish();
    }

    private static void summary(Worksheet ws, String schoolName, Grid g, Map<String, Long> counts) {
        int r = 0;
        ws.value(r, 0, "九个一活动学期台账 Semester ledger of the 九个一 activities");
        ws.style(r, 0).bold().set();
        r += 2;
        String[][] head = { { "学校 School", schoolName }, { "学期 Semester", g.semester().labelZh() + " / " + g.semester().labelEn() },
                { "起止 Dates", g.semester().start() + " – " + g.semester().end() }, { "统计日期 As of", g.asOf().toString() } };
        for (String[] h : head) {
            ws.value(r, 0, h[0]);
            ws.value(r++, 1, h[1]);
        }
        r++;
        ws.value(r, 0, "班级 Class");
        ws.value(r, 1, "儿童 Children");
        ws.value(r, 2, "全部完成 Complete");
        ws.value(r, 3, "完成项 Items done");
        ws.value(r, 4, "应完成项 Items due");
        ws.value(r, 5, "覆盖率% Coverage %");
        ws.range(r, 0, r, 5).style().bold().set();
        r++;
        for (Summary s : g.classes()) {
            r = summaryRow(ws, r, s.className() == null ? "—" : s.className(), s);
        }
        r = summaryRow(ws, r, "全校 School", g.school());
        ws.range(r - 1, 0, r - 1, 5).style().bold().set();
        r++;
        ws.value(r, 0, "项目 Item");
        ws.value(r, 1, "频次 Cadence");
        ws.value(r, 2, "完成人数 Children done");
        ws.value(r, 3, "出处 Source");
        ws.range(r, 0, r, 3).style().bold().set();
        r++;
        for (Item i : g.items()) {
            ws.value(r, 0, i.nameZh() + " / " + i.nameEn());
            ws.value(r, 1, cadenceText(i.cadence()) + (i.times() > 1 ? " ×" + i.times() : ""));
            ws.value(r, 2, g.school().doneByItem().getOrDefault(i.code(), 0));
            ws.value(r++, 3, i.source() == null ? "" : i.source());
        }
        r++;
        ws.value(r, 0, "数量 Counts");
        ws.style(r, 0).bold().set();
        r++;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            ws.value(r, 0, e.getKey());
            ws.value(r++, 1, e.getValue());
        }
        ws.width(0, 40);
        ws.width(1, 30);
    }

    private static int summaryRow(Worksheet ws, int r, String name, Summary s) {
        ws.value(r, 0, name);
        ws.value(r, 1, s.children());
        ws.value(r, 2, s.complete());
        ws.value(r, 3, s.cellsDone());
        ws.value(r, 4, s.cellsDue());
        ws.value(r, 5, s.percent());
        return r + 1;
    }

    private static void grid(Worksheet ws, Grid g) {
        ws.value(0, 0, "班级 Class");
        ws.value(0, 1, "姓名 Name");
        int c = 2;
        for (Item i : g.items()) {
            ws.value(0, c++, i.nameZh());
        }
        ws.value(0, c, "缺项 Missing");
        ws.range(0, 0, 0, c).style().bold().wrapText(true).set();
        int r = 1;
        for (Row row : g.rows()) {
            ws.value(r, 0, row.child().className() == null ? "" : row.child().className());
            ws.value(r, 1, row.child().name());
            for (int k = 0; k < g.items().size(); k++) {
                ws.value(r, 2 + k, cellText(g.items().get(k), row.cells().get(k)));
            }
            ws.value(r, 2 + g.items().size(), row.missing());
            r++;
        }
        ws.freezePane(2, 1);
        ws.width(0, 16);
        ws.width(1, 12);
    }

    private static void activities(Worksheet ws, List<Activity> activities, Map<String, String> types, Map<Long, String> names) {
        String[] head = { "日期 Date", "类型 Type", "名称 Title", "组织者 Organiser", "留守儿童之家 At the home", "参加人数 Participants",
                "参加儿童 Children", "照片 Photos", "备注 Note" };
        for (int i = 0; i < head.length; i++) {
            ws.value(0, i, head[i]);
        }
        ws.range(0, 0, 0, head.length - 1).style().bold().set();
        int r = 1;
        for (Activity a : activities) {
            ws.value(r, 0, a.heldOn().toString());
            ws.value(r, 1, types.getOrDefault(a.type(), a.type()));
            ws.value(r, 2, a.title());
            ws.value(r, 3, a.organiser() == null ? "" : a.organiser());
            ws.value(r, 4, a.atHome() ? "是 yes" : "否 no");
            ws.value(r, 5, a.participants().size());
            ws.value(r, 6, String.join("、", a.participants().stream().map(id -> names.getOrDefault(id, "#" + id)).toList()));
            ws.value(r, 7, a.evidence().size());
            ws.value(r, 8, a.note() == null ? "" : a.note());
            r++;
        }
        ws.width(0, 12);
        ws.width(2, 30);
        ws.width(6, 40);
    }
}
