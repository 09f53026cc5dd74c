package org.guanai.core.registry.internal.programmes;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.guanai.sdk.export.Column;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.export.Percent;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.i18n.Label;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Component;

/**
 * The SDK's {@link Exports}: CSV that Excel opens as UTF-8 (byte-order mark, CRLF, RFC 4180 quoting, formula cells
 * neutralised) and xlsx with typed cells (fastexcel, embedded privately). Cells speak to a reader: labels in 中文, dates as
 * dates, rates as percentages; a code (an enum constant) is refused.
 */
@Component(service = Exports.class)
public final class ExportWriter implements Exports {
    static final String CSV = "text/csv;charset=UTF-8";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Override
    public Download csv(String fileName, Table table) {
        check(table);
        return new Download(CSV, fileName + ".csv", false, out -> writeCsv(out, table));
    }

    @Override
    public Download xlsx(String fileName, List<Table> sheets) {
        if (sheets.isEmpty()) {
            throw new IllegalArgumentException("a workbook has at least one sheet");
        }
        sheets.forEach(ExportWriter::check);
        return new Download(XLSX, fileName + ".xlsx", false, out -> writeXlsx(out, sheets));
    }

    /** Refuses codes before anything is written, so the reader never gets half a file. */
    private static void check(Table t) {
        for (List<Object> row : t.rows()) {
            for (Object cell : row) {
                if (cell instanceof Enum<?> e) {
                    throw new IllegalArgumentException("an export shows labels, not codes: " + e.getDeclaringClass().getSimpleName()
                            + "." + e.name() + " in '" + t.title() + "'");
                }
            }
        }
    }

    static void writeCsv(OutputStream out, Table t) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write('\uFEFF');
        String sep = "";
        for (Column c : t.columns()) {
            w.write(sep);
            w.write(csvField(c.zh()));
            sep = ",";
        }
        w.write("\r\n");
        for (List<Object> row : t.rows()) {
            sep = "";
            for (Object cell : row) {
                w.write(sep);
                w.write(csvField(text(cell)));
                sep = ",";
            }
            w.write("\r\n");
        }
        w.flush();
    }

    /** Quotes a field when it needs it, and keeps a spreadsheet from running it as a formula. */
    static String csvField(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        char first = s.charAt(0);
        String v = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + s : s;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    /** A cell as text (CSV). */
    static String text(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof Label l) {
            return l.zh();
        }
        if (cell instanceof Boolean b) {
            return b ? "是" : "否";
        }
        if (cell instanceof Percent p) {
            return Double.isNaN(p.ratio()) ? "" : percent(p.ratio());
        }
        if (cell instanceof LocalDateTime t) {
            return t.format(DATE_TIME);
        }
        if (cell instanceof Instant i) {
            return i.atZone(CareCalendar.ZONE).format(DATE_TIME);
        }
        if (cell instanceof OffsetDateTime o) {
            return o.atZoneSameInstant(CareCalendar.ZONE).format(DATE_TIME);
        }
        if (cell instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return String.valueOf(cell);
    }

    static String percent(double ratio) {
        return BigDecimal.valueOf(ratio * 100).setScale(1, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    private static void writeXlsx(OutputStream out, List<Table> sheets) throws IOException {
        Workbook wb = new Workbook(out, "Guanai", "1.0");
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Table t : sheets) {
            String name = sheetName(t.title(), names);
            Worksheet ws = wb.newWorksheet(name);
            for (int c = 0; c < t.columns().size(); c++) {
                ws.value(0, c, t.columns().get(c).zh());
                ws.style(0, c).bold().fillColor("EEEEEE").set();
            }
            ws.freezePane(0, 1);
            int r = 1;
            for (List<Object> row : t.rows()) {
                for (int c = 0; c < row.size(); c++) {
                    cell(ws, r, c, row.get(c));
                }
                r++;
            }
            ws.finish();
        }
        wb.finish();
    }

    private static void cell(Worksheet ws, int r, int c, Object v) {
        if (v == null) {
            return;
        }
        if (v instanceof Number n && !(v instanceof BigDecimal)) {
            ws.value(r, c, n);
        } else if (v instanceof BigDecimal d) {
            ws.value(r, c, d);
            if (d.scale() > 0) {
                // an amount keeps its decimals on screen (1300.00 yuan reads 1300.00, not 1300)
                ws.style(r, c).format("0." + "0".repeat(Math.min(d.scale(), 6))).set();
            }
        } else if (v instanceof LocalDate d) {
            ws.value(r, c, d);
            ws.style(r, c).format("yyyy-mm-dd").set();
        } else if (v instanceof Percent p) {
            if (!Double.isNaN(p.ratio())) {
                ws.value(r, c, p.ratio());
                ws.style(r, c).format("0.0%").set();
            }
        } else {
            ws.value(r, c, text(v));
        }
    }

    /** Excel allows 31 characters, none of {@code []:*?/\}, and unique names. */
    static String sheetName(String title, java.util.Set<String> taken) {
        String base = (title == null || title.isBlank() ? "Sheet" : title).replaceAll("[\\[\\]:*?/\\\\]", " ").strip();
        if (base.length() > 31) {
            base = base.substring(0, 31);
        }
        String name = base;
        for (int i = 2; !taken.add(name.toLowerCase(Locale.ROOT)); i++) {
            String suffix = " (" + i + ")";
            name = (base.length() + suffix.length() > 31 ? base.substring(0, 31 - suffix.length()) : base) + suffix;
        }
        return name;
    }
}
