package org.guanai.itests.activities;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads the cells of an xlsx workbook as text with the JDK alone (zip + DOM), independently of the library that wrote
 * it: the sheets by name (workbook.xml and its relationships), shared and inline strings, numbers.
 */
final class Xlsx {
    private final Map<String, byte[]> parts = new HashMap<>();

    Xlsx(byte[] bytes) throws IOException {
        // through the central directory (ZipFile), as spreadsheet programs read it
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile("ledger", ".xlsx");
        try {
            java.nio.file.Files.write(tmp, bytes);
            try (ZipFile zip = new ZipFile(tmp.toFile())) {
                for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                    try (java.io.InputStream in = zip.getInputStream(e)) {
                        parts.put(e.getName(), in.readAllBytes());
                    }
                }
            }
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
        if (!parts.containsKey("xl/workbook.xml")) {
            throw new IOException("not an xlsx workbook: " + parts.keySet());
        }
    }

    private Document xml(String part) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(parts.get(part)));
    }

    List<String> sheetNames() throws Exception {
        List<String> out = new ArrayList<>();
        NodeList sheets = xml("xl/workbook.xml").getElementsByTagNameNS("*", "sheet");
        for (int i = 0; i < sheets.getLength(); i++) {
            out.add(((Element) sheets.item(i)).getAttribute("name"));
        }
        return out;
    }

    /** @return the sheet's rows (from the first), each a list of cell texts from column A ("" where empty) */
    List<List<String>> rows(String sheetName) throws Exception {
        String rid = null;
        NodeList sheets = xml("xl/workbook.xml").getElementsByTagNameNS("*", "sheet");
        for (int i = 0; i < sheets.getLength(); i++) {
            Element s = (Element) sheets.item(i);
            if (s.getAttribute("name").equals(sheetName)) {
                rid = s.getAttributeNS("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "id");
            }
        }
        if (rid == null) {
            throw new IllegalArgumentException("no sheet " + sheetName);
        }
        String target = null;
        NodeList rels = xml("xl/_rels/workbook.xml.rels").getElementsByTagNameNS("*", "Relationship");
        for (int i = 0; i < rels.getLength(); i++) {
            Element r = (Element) rels.item(i);
            if (r.getAttribute("Id").equals(rid)) {
                target = r.getAttribute("Target");
            }
        }
        String part = target.startsWith("/") ? target.substring(1) : "xl/" + target;
        List<String> shared = new ArrayList<>();
        if (parts.containsKey("xl/sharedStrings.xml")) {
            NodeList si = xml("xl/sharedStrings.xml").getElementsByTagNameNS("*", "si");
            for (int i = 0; i < si.getLength(); i++) {
                shared.add(text((Element) si.item(i)));
            }
        }
        TreeMap<Integer, TreeMap<Integer, String>> grid = new TreeMap<>();
        NodeList cells = xml(part).getElementsByTagNameNS("*", "c");
        for (int i = 0; i < cells.getLength(); i++) {
            Element c = (Element) cells.item(i);
            String ref = c.getAttribute("r");
            int col = 0;
            int k = 0;
            while (Character.isLetter(ref.charAt(k))) {
                col = col * 26 + (ref.charAt(k++) - 'A' + 1);
            }
            int row = Integer.parseInt(ref.substring(k)) - 1;
            String type = c.getAttribute("t");
            NodeList v = c.getElementsByTagNameNS("*", "v");
            String value = type.equals("inlineStr") ? text(c)
                    : v.getLength() == 0 ? "" : type.equals("s") ? shared.get(Integer.parseInt(v.item(0).getTextContent()))
                    : v.item(0).getTextContent();
            grid.computeIfAbsent(row, x -> new TreeMap<>()).put(col - 1, value);
        }
        List<List<String>> out = new ArrayList<>();
        int last = grid.isEmpty() ? -1 : grid.lastKey();
        for (int r = 0; r <= last; r++) {
            TreeMap<Integer, String> row = grid.getOrDefault(r, new TreeMap<>());
            List<String> line = new ArrayList<>();
            int width = row.isEmpty() ? 0 : row.lastKey() + 1;
            for (int c = 0; c < width; c++) {
                line.add(row.getOrDefault(c, ""));
            }
            out.add(line);
        }
        return out;
    }

    /** @return the date of a date cell's value (days since 30 December 1899, as spreadsheets count) */
    static java.time.LocalDate date(String serial) {
        return java.time.LocalDate.of(1899, 12, 30).plusDays((long) Double.parseDouble(serial));
    }

    private static String text(Element e) {
        StringBuilder b = new StringBuilder();
        NodeList ts = e.getElementsByTagNameNS("*", "t");
        for (int i = 0; i < ts.getLength(); i++) {
            b.append(ts.item(i).getTextContent());
        }
        return b.toString();
    }
}
