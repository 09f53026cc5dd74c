package org.guanai.core.registry.internal.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.util.CellRangeAddress;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.guanai.core.registry.internal.registry.RosterReader.Format;

/**
 * Writes a sheet of test rows as xlsx (fastexcel), xls (POI HSSF) or CSV (by hand, UTF-8 with a BOM or GB18030). A
 * {@link LocalDate} is a date cell, a {@link Number} a number cell, {@code null} an empty cell; the first row's first
 * cell is merged across {@code mergeTitle} columns when it is greater than 1.
 */
final class RosterFiles {
    /** The kinds of file the tests write: the three formats, CSV in both encodings. */
    enum Kind {
        XLSX(Format.XLSX), XLS(Format.XLS), CSV_UTF8_BOM(Format.CSV), CSV_UTF8(Format.CSV), CSV_GB18030(Format.CSV);

        final Format format;

        Kind(Format format) {
            this.format = format;
        }
    }

    private RosterFiles() {
    }

    /**
     * Reads back an exported workbook's first sheet: each row's first {@code columns} cells as text (a number cell as an
     * ISO date, or as an integer in the columns {@code integers} names), header first.
     *
     * @param sheet the name the first sheet must have
     */
    static List<List<String>> read(org.guanai.sdk.http.Download d, String sheet, int columns,
            java.util.function.IntPredicate integers) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        d.writer().write(out);
        List<List<String>> rows = new java.util.ArrayList<>();
        try (org.dhatim.fastexcel.reader.ReadableWorkbook wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                new java.io.ByteArrayInputStream(out.toByteArray()))) {
            org.junit.jupiter.api.Assertions.assertEquals(sheet, wb.getFirstSheet().getName());
            for (org.dhatim.fastexcel.reader.Row row : wb.getFirstSheet().read()) {
                List<String> cells = new java.util.ArrayList<>();
                for (int c = 0; c < columns; c++) {
                    var cell = c < row.getCellCount() ? row.getCell(c) : null;
                    String text = cell == null ? ""
                            : cell.getType() != org.dhatim.fastexcel.reader.CellType.NUMBER ? cell.getText()
                            : integers.test(c) ? String.valueOf(cell.asNumber().intValue())
                            : cell.asDate().toLocalDate().toString();
                    cells.add(text == null ? "" : text);
                }
                rows.add(cells);
            }
        }
        return rows;
    }

    static Path write(Path dir, Kind kind, List<List<Object>> rows, int mergeTitle) throws IOException {
        Path file = Files.createTempFile(dir, "roster-", "." + kind.format.name().toLowerCase());
        switch (kind) {
            case XLSX -> xlsx(file, rows, mergeTitle);
            case XLS -> xls(file, rows, mergeTitle);
            case CSV_UTF8_BOM -> csv(file, rows, StandardCharsets.UTF_8, true);
            case CSV_UTF8 -> csv(file, rows, StandardCharsets.UTF_8, false);
            case CSV_GB18030 -> csv(file, rows, Charset.forName("GB18030"), false);
        }
        return file;
    }

    private static void xlsx(Path file, List<List<Object>> rows, int mergeTitle) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook wb = new Workbook(out, "test", "1.0");
            Worksheet ws = wb.newWorksheet("名单");
            for (int r = 0; r < rows.size(); r++) {
                List<Object> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    Object v = row.get(c);
                    if (v instanceof LocalDate d) {
                        ws.value(r, c, d);
                        ws.style(r, c).format("yyyy-mm-dd").set();
                    } else if (v instanceof Number n) {
                        ws.value(r, c, n);
                    } else if (v != null) {
                        ws.value(r, c, v.toString());
                    }
                }
            }
            if (mergeTitle > 1) {
                ws.range(0, 0, 0, mergeTitle - 1).merge();
            }
            wb.finish();
        }
    }

    private static void xls(Path file, List<List<Object>> rows, int mergeTitle) throws IOException {
        try (HSSFWorkbook wb = new HSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            var sheet = wb.createSheet("名单");
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
            for (int r = 0; r < rows.size(); r++) {
                var row = sheet.createRow(r);
                List<Object> values = rows.get(r);
                for (int c = 0; c < values.size(); c++) {
                    Object v = values.get(c);
                    if (v == null) {
                        continue;
                    }
                    var cell = row.createCell(c);
                    if (v instanceof LocalDate d) {
                        cell.setCellValue(d);
                        cell.setCellStyle(date);
                    } else if (v instanceof Number n) {
                        cell.setCellValue(n.doubleValue());
                    } else {
                        cell.setCellValue(v.toString());
                    }
                }
            }
            if (mergeTitle > 1) {
                sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, mergeTitle - 1));
            }
            wb.write(out);
        }
    }

    private static void csv(Path file, List<List<Object>> rows, Charset charset, boolean bom) throws IOException {
        StringBuilder b = new StringBuilder();
        for (List<Object> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                if (c > 0) {
                    b.append(',');
                }
                Object v = row.get(c);
                String s = v == null ? "" : v instanceof LocalDate d ? d.toString() : v.toString();
                if (s.contains(",") || s.contains("\"")) {
                    s = "\"" + s.replace("\"", "\"\"") + "\"";
                }
                b.append(s);
            }
            b.append("\r\n");
        }
        byte[] bytes = b.toString().getBytes(charset);
        try (OutputStream out = Files.newOutputStream(file)) {
            if (bom) {
                out.write(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
            }
            out.write(bytes);
        }
    }
}
