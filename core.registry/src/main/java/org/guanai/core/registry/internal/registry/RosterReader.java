package org.guanai.core.registry.internal.registry;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * Reads the first sheet of a roster file row by row: xlsx streaming (fastexcel-reader: one row in memory at a time,
 * plus the shared strings), xls (Apache POI HSSF; Excel 97–2003 sheets hold at most 65,536 rows) and CSV (Apache Commons
 * CSV) in UTF-8, with or without BOM, or else GB18030 (a superset of GBK: what Excel on a Chinese Windows writes).
 */
public final class RosterReader {
    /** The kinds of file read. */
    public enum Format {
        XLSX, XLS, CSV;

        /** @return the format a content type or file name names, if one of these */
        public static java.util.Optional<Format> named(String contentType, String fileName) {
            if (contentType != null) {
                String t = contentType.toLowerCase(Locale.ROOT);
                if (t.startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")) {
                    return java.util.Optional.of(XLSX);
                }
                if (t.startsWith("application/vnd.ms-excel")) {
                    return java.util.Optional.of(XLS);
                }
                if (t.startsWith("text/csv") || t.startsWith("application/csv") || t.startsWith("text/comma-separated-values")) {
                    return java.util.Optional.of(CSV);
                }
            }
            if (fileName != null) {
                String n = fileName.toLowerCase(Locale.ROOT);
                for (Format f : values()) {
                    if (n.endsWith("." + f.name().toLowerCase(Locale.ROOT))) {
                        return java.util.Optional.of(f);
                    }
                }
            }
            return java.util.Optional.empty();
        }

        /** @return the format the first bytes of a file show (zip: xlsx, OLE2: xls), else CSV */
        public static Format sniff(byte[] head) {
            if (ReadableWorkbook.isOOXMLZipHeader(head)) {
                return XLSX;
            }
            if (ReadableWorkbook.isOLE2Header(head)) {
                return XLS;
            }
            return CSV;
        }
    }

    /**
     * One cell: its text as shown (numbers in plain notation), the date of a cell Excel formats as a date, and whether
     * it was a number (an ID number stored as a number has lost its last digits).
     */
    public record Cell(String text, LocalDate date, boolean numeric) {
        static Cell of(String text) {
            return text == null || text.isEmpty() ? null : new Cell(text, null, false);
        }
    }

    /** Receives the rows of the sheet, in order; {@code number} is the row number Excel shows (from 1). */
    public interface RowSink {
        /** @return {@code false} to stop reading */
        boolean row(int number, List<Cell> cells);
    }

    private RosterReader() {
    }

    /** Reads every row of {@code file} into {@code sink}. */
    public static void read(Path file, Format format, RowSink sink) throws IOException {
        switch (format) {
            case XLSX -> xlsx(file, sink);
            case XLS -> xls(file, sink);
            case CSV -> csv(file, sink);
        }
    }

    private static void xlsx(Path file, RowSink sink) throws IOException {
        try (ReadableWorkbook wb = new ReadableWorkbook(file.toFile(), new ReadingOptions(true, false))) {
            Sheet sheet = wb.getFirstSheet();
            try (Stream<Row> rows = sheet.openStream()) {
                Iterator<Row> it = rows.iterator();
                while (it.hasNext()) {
                    Row r = it.next();
                    List<Cell> cells = new ArrayList<>(r.getCellCount());
                    for (int i = 0; i < r.getCellCount(); i++) {
                        cells.add(xlsxCell(r.getCell(i)));
                    }
                    if (!sink.row(r.getRowNum(), cells)) {
                        return;
                    }
                }
            }
        } catch (org.dhatim.fastexcel.reader.ExcelReaderException | IllegalStateException e) {
            throw new IOException("not a readable xlsx file", e);
        }
    }

    private static Cell xlsxCell(org.dhatim.fastexcel.reader.Cell c) {
        if (c == null) {
            return null;
        }
        switch (c.getType()) {
            case NUMBER -> {
                if (isDateFormat(c.getDataFormatId(), c.getDataFormatString())) {
                    return new Cell(c.getRawValue(), c.asDate().toLocalDate(), true);
                }
                return new Cell(plain(c.asNumber()), null, true);
            }
            case FORMULA -> {
                Object v = c.getValue();
                if (v instanceof BigDecimal n) {
                    return new Cell(plain(n), null, true);
                }
                return Cell.of(c.getRawValue());
            }
            case EMPTY -> {
                return null;
            }
            default -> {
                return Cell.of(c.getText());
            }
        }
    }

    /** Excel's built-in date formats (14–22, the CJK ones 27–36 and 50–58, 45–47) and custom ones with a year or day. */
    static boolean isDateFormat(Integer id, String format) {
        if (id != null && (id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58)) {
            return true;
        }
        if (format == null) {
            return false;
        }
        String f = format.replaceAll("\"[^\"]*\"|\\[[^\\]]*\\]|\\\\.", "").toLowerCase(Locale.ROOT);
        return f.contains("y") || f.contains("d");
    }

    private static String plain(BigDecimal n) {
        if (n == null) {
            return null;
        }
        BigDecimal s = n.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    private static void xls(Path file, RowSink sink) throws IOException {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true); HSSFWorkbook wb = new HSSFWorkbook(fs)) {
            org.apache.poi.ss.usermodel.Sheet sheet = wb.getSheetAt(0);
            for (org.apache.poi.ss.usermodel.Row r : sheet) {
                List<Cell> cells = new ArrayList<>();
                for (int i = 0; i < Math.max(0, r.getLastCellNum()); i++) {
                    cells.add(xlsCell(r.getCell(i)));
                }
                if (!sink.row(r.getRowNum() + 1, cells)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("not a readable xls file", e);
        }
    }

    private static Cell xlsCell(org.apache.poi.ss.usermodel.Cell c) {
        if (c == null) {
            return null;
        }
        CellType type = c.getCellType() == CellType.FORMULA ? c.getCachedFormulaResultType() : c.getCellType();
        return switch (type) {
            case NUMERIC -> DateUtil.isCellDateFormatted(c)
                    ? new Cell(String.valueOf(c.getNumericCellValue()), c.getLocalDateTimeCellValue().toLocalDate(), true)
                    : new Cell(plain(BigDecimal.valueOf(c.getNumericCellValue())), null, true);
            case STRING -> Cell.of(c.getStringCellValue());
            case BOOLEAN -> Cell.of(String.valueOf(c.getBooleanCellValue()));
            default -> null;
        };
    }

    private static void csv(Path file, RowSink sink) throws IOException {
        Charset charset = isUtf8(file) ? StandardCharsets.UTF_8 : Charset.forName("GB18030");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            if (charset == StandardCharsets.UTF_8) {
                in.mark(3);
                byte[] bom = in.readNBytes(3);
                if (!(bom.length == 3 && (bom[0] & 0xff) == 0xEF && (bom[1] & 0xff) == 0xBB && (bom[2] & 0xff) == 0xBF)) {
                    in.reset();
                }
            }
            Reader reader = new InputStreamReader(in, charset);
            CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).setIgnoreSurroundingSpaces(true).get();
            try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
                int number = 0;
                for (CSVRecord rec : parser) {
                    number++;
                    List<Cell> cells = new ArrayList<>(rec.size());
                    for (String v : rec) {
                        cells.add(Cell.of(v));
                    }
                    if (!sink.row(number, cells)) {
                        return;
                    }
                }
            } catch (java.io.UncheckedIOException | IllegalStateException e) {
                throw new IOException("not a readable CSV file", e);
            }
        }
    }

    /** @return whether the whole file decodes as strict UTF-8 (else it is read as GB18030) */
    static boolean isUtf8(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = Files.newInputStream(file)) {
            ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
            CharBuffer chars = CharBuffer.allocate(1 << 16);
            boolean eof = false;
            while (!eof) {
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
                CoderResult r = decoder.decode(bytes, chars, eof);
                if (r.isError()) {
                    return false;
                }
                chars.clear();
                bytes.compact();
            }
            CoderResult r = decoder.flush(chars);
            return !r.isError() && bytes.position() == 0;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
