package org.guanai.core.registry.internal.programmes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.guanai.sdk.export.Column;
import org.guanai.sdk.export.Percent;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.i18n.Label;
import org.guanai.sdk.time.Term;
import org.junit.jupiter.api.Test;

class ExportWriterTest {
    private final ExportWriter exports = new ExportWriter();

    private static Table table() {
        return Table.builder("结对覆盖率", new Column("班级", "Class"), new Column("结对率", "Pairing rate"), new Column("日期", "Date"),
                new Column("已通知", "Notified"), new Column("备注", "Note"))
                .row(new Label("三年级（2）班", "Grade 3 class 2"), new Percent(0.037), LocalDate.of(2026, 12, 6), true, "=HYPERLINK(\"x\")")
                .row("一年级, 1班", Percent.of(0, 0), null, false, "说\"好\"")
                .build();
    }

    private static byte[] bytes(Download d) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        d.writer().write(out);
        return out.toByteArray();
    }

    @Test
    void csvOpensInExcelAndSpeaksToTheReader() throws IOException {
        Download d = exports.csv("结对覆盖率-2026秋季", table());
        assertEquals("text/csv;charset=UTF-8", d.mediaType());
        assertEquals("结对覆盖率-2026秋季.csv", d.fileName());
        byte[] b = bytes(d);
        assertEquals((byte) 0xEF, b[0], "UTF-8 byte-order mark so Excel reads 中文");
        assertEquals((byte) 0xBB, b[1]);
        assertEquals((byte) 0xBF, b[2]);
        String[] lines = new String(b, 3, b.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertEquals("班级,结对率,日期,已通知,备注", lines[0]);
        // the label's 中文, the rate as a percentage, the formula neutralised and quoted
        assertEquals("三年级（2）班,3.7%,2026-12-06,是,\"'=HYPERLINK(\"\"x\"\")\"", lines[1]);
        assertEquals("\"一年级, 1班\",,,否,\"说\"\"好\"\"\"", lines[2]);
    }

    @Test
    void everyFormulaLeadIsNeutralised() {
        for (String lead : List.of("=", "+", "-", "@", "\t", "\r")) {
            assertTrue(ExportWriter.csvField(lead + "1+1").replace("\"", "").startsWith("'"), "lead " + (int) lead.charAt(0));
        }
        assertEquals("12", ExportWriter.csvField("12"));
    }

    @Test
    void aCodeNeverReachesTheReader() {
        Table withCode = Table.builder("学期", new Column("学期", "Semester")).row(Term.AUTUMN).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> exports.csv("x", withCode));
        assertTrue(e.getMessage().contains("Term.AUTUMN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> exports.xlsx("x", List.of(withCode)));
    }

    @Test
    void rowsHaveOneCellPerColumn() {
        assertThrows(IllegalArgumentException.class, () -> Table.builder("t", new Column("a", "a")).row("1", "2").build());
    }

    @Test
    void xlsxHasTypedCells() throws IOException {
        Table second = Table.builder("结对覆盖率", new Column("金额", "Amount"), new Column("时间", "Time"))
                .row(new BigDecimal("1300.50"), Instant.parse("2026-12-06T02:30:00Z")).build();
        Download d = exports.xlsx("台账", List.of(table(), second));
        assertEquals(ExportWriter.XLSX, d.mediaType());
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(bytes(d)))) {
            List<Sheet> sheets = wb.getSheets().toList();
            assertEquals(List.of("结对覆盖率", "结对覆盖率 (2)"), sheets.stream().map(Sheet::getName).toList(), "unique sheet names");
            List<Row> rows = sheets.get(0).read();
            assertEquals("班级|结对率|日期|已通知|备注", rows.get(0).stream().map(c -> c.getRawValue()).collect(Collectors.joining("|")));
            assertEquals("三年级（2）班", rows.get(1).getCellText(0));
            assertEquals(0.037, rows.get(1).getCellAsNumber(1).orElseThrow().doubleValue(), 1e-9, "a rate is a number");
            assertEquals(LocalDate.of(2026, 12, 6), rows.get(1).getCellAsDate(2).orElseThrow().toLocalDate(), "a date is a date cell");
            assertEquals("是", rows.get(1).getCellText(3));
            List<Row> money = sheets.get(1).read();
            assertEquals(new BigDecimal("1300.5"), money.get(1).getCellAsNumber(0).orElseThrow().stripTrailingZeros());
            assertEquals("2026-12-06 10:30", money.get(1).getCellText(1), "an instant in China time");
        }
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(bytes(d)), new ReadingOptions(true, false))) {
            Row money = wb.getSheets().toList().get(1).read().get(1);
            assertEquals("0.00", money.getCell(0).getDataFormatString(), "an amount shown with its two decimals");
        }
    }

    @Test
    void sheetNamesFollowExcelsRules() {
        java.util.Set<String> taken = new java.util.HashSet<>();
        assertEquals("a b", ExportWriter.sheetName("a/b", taken));
        String longName = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三";
        assertEquals(31, ExportWriter.sheetName(longName, taken).length());
        assertEquals(31, ExportWriter.sheetName(longName, taken).length(), "a second sheet of the same long name is still valid");
    }
}
