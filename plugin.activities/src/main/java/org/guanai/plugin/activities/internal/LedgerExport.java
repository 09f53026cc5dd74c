package org.guanai.plugin.activities.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.guanai.plugin.activities.internal.CoverageStore.Count;
import org.guanai.plugin.activities.internal.Checklists.Cadence;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Coverage.Cell;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.plugin.activities.internal.Coverage.Row;
import org.guanai.plugin.activities.internal.Coverage.Summary;
import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.sdk.export.Column;
import org.guanai.sdk.export.Percent;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.i18n.Texts;

/**
 * 学期台账: the semester ledger a school sends to the county, as the sheets of a workbook (written by the platform's
 * {@link org.guanai.sdk.export.Exports}): what it is about (school, semester, dates), the coverage per class and school,
 * per item, the coverage grid (children × items, the same cells as the page), the activities and the counts of
 * activities and records. Headers and labels in 中文, dates as dates, rates as percentages; no codes, no ids.
 */
final class LedgerExport {
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

    /** @return the sheets' file name, without extension */
    static String fileName(Texts t, Grid grid) {
        return t.zh("ledger.file", grid.semester().labelZh());
    }

    /**
     * @param participantNames child id → name, of the children the caller may see; the others are counted, not named
     * @return the sheets: about, summary, items, coverage, activities, counts
     */
    static List<Table> sheets(Texts t, String schoolName, Grid g, List<Activity> activities, List<Count> counts,
            Map<Long, String> participantNames) {
        Table about = Table.builder(t.zh("ledger.info"), col(t, "col.what"), col(t, "col.value"))
                .row(t.label("ledger.school"), schoolName).row(t.label("ledger.semester"), g.semester().labelZh())
                .row(t.label("ledger.start"), g.semester().start()).row(t.label("ledger.end"), g.semester().end())
                .row(t.label("ledger.asOf"), g.asOf()).build();

        Table.Builder summary = Table.builder(t.zh("ledger.summary"), col(t, "col.class"), col(t, "col.children"), col(t, "col.complete"),
                col(t, "col.done"), col(t, "col.due"), col(t, "col.coverage"));
        for (Summary s : g.classes()) {
            summaryRow(summary, s.className() == null ? t.zh("ledger.noClass") : s.className(), s);
        }
        summaryRow(summary, t.zh("ledger.wholeSchool"), g.school());

        Table.Builder items = Table.builder(t.zh("ledger.items"), col(t, "col.item"), col(t, "col.cadence"), col(t, "col.times"),
                col(t, "col.childrenDone"), col(t, "col.coverage"));
        for (Item i : g.items()) {
            int done = g.school().doneByItem().getOrDefault(i.code(), 0);
            items.row(i.nameZh(), t.label("cadence." + i.cadence().name()), i.times(), done, Percent.of(done, g.rows().size()));
        }

        List<Column> gridColumns = new ArrayList<>(List.of(col(t, "col.class"), col(t, "col.name")));
        g.items().forEach(i -> gridColumns.add(new Column(i.nameZh(), i.nameEn())));
        gridColumns.add(col(t, "col.missing"));
        List<List<Object>> gridRows = new ArrayList<>();
        for (Row row : g.rows()) {
            List<Object> cells = new ArrayList<>(List.of(row.child().className() == null ? "" : row.child().className(), row.child().name()));
            for (int k = 0; k < g.items().size(); k++) {
                cells.add(cellText(g.items().get(k), row.cells().get(k)));
            }
            cells.add(row.missing());
            gridRows.add(cells);
        }

        Table.Builder acts = Table.builder(t.zh("ledger.activities"), col(t, "col.date"), col(t, "col.type"), col(t, "col.title"),
                col(t, "col.organiser"), col(t, "col.atHome"), col(t, "col.participants"), col(t, "col.participantNames"), col(t, "col.photos"),
                col(t, "col.note"));
        for (Activity a : activities) {
            List<String> names = a.participants().stream().filter(participantNames::containsKey).map(participantNames::get).toList();
            acts.row(a.heldOn(), t.label("activity." + a.type()), a.title(), a.organiser(), a.atHome(), a.participants().size(),
                    String.join("、", names), a.evidence().size(), a.note());
        }

        Table.Builder numbers = Table.builder(t.zh("ledger.counts"), col(t, "col.category"), col(t, "col.type"), col(t, "col.count"));
        for (Count c : counts) {
            numbers.row(t.label(c.activity() ? "ledger.kindActivity" : "ledger.kindRecord"),
                    t.label((c.activity() ? "activity." : "record.") + c.type()), c.count());
        }
        return List.of(about, summary.build(), items.build(), new Table(t.zh("ledger.grid"), gridColumns, gridRows), acts.build(),
                numbers.build());
    }

    private static void summaryRow(Table.Builder table, String name, Summary s) {
        table.row(name, s.children(), s.complete(), s.cellsDone(), s.cellsDue(),
                new Percent(s.cellsDue() == 0 ? 1.0 : (double) s.cellsDone() / s.cellsDue()));
    }

    private static Column col(Texts t, String key) {
        return new Column(t.zh(key), t.en(key));
    }
}
