package org.guanai.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The roster import row (issue 16): {@code n} pupils of a 学籍-style roster (the template's 21 columns: child, class,
 * father, mother, guardian), written as an xlsx by hand (inline strings, JDK only), imported into a stopped-and-copied
 * Guanai data directory through {@code POST /api/schools/1/roster/imports} on a Guanai started with {@code -Xmx256m},
 * timed from the upload to {@code DONE}; against a raw JDBC batch insert of the same rows (children, both parents, the
 * guardian, in batches of 1 000, one transaction) into an identical copy of the same database.
 */
final class ImportBench {
    static final String[] HEADERS = { "姓名", "性别", "出生日期", "民族", "身份证件号", "全国学籍号", "年级", "班级", "就读方式", "现住址",
            "村（社区）", "留守类型", "父亲姓名", "父亲联系电话", "父亲务工地点", "母亲姓名", "母亲联系电话", "母亲务工地点", "监护人姓名",
            "与学生关系", "监护人联系电话" };
    private static final String[] TYPES = { "父亲外出", "母亲外出", "父母均外出", "父母均外出" };
    private static final String[] WORK = { "广东省东莞市", "广东省深圳市", "浙江省宁波市", "福建省晋江市", "江苏省苏州市" };
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");
    private static final int DAYS = 6 * 365;

    /** What the row measured. */
    record Result(int rows, long fileBytes, double importMs, String status, String statusDocument, double jdbcMs, long jdbcChildren) {
    }

    private ImportBench() {
    }

    /** The rows, deterministic: valid ID numbers (region 520381), grades 1–6, classes 1–8, phones. */
    static List<String[]> rows(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LocalDate today = LocalDate.now();
        List<String[]> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean male = i % 2 == 0;
            LocalDate birth = today.minusYears(6).minusDays(i % DAYS);
            int seq = (i / DAYS) * 2 + (male ? 1 : 0);
            String id = BulkLoad.idNumber(birth, seq);
            String type = TYPES[random.nextInt(TYPES.length)];
            boolean fatherAway = !type.equals("母亲外出");
            boolean motherAway = !type.equals("父亲外出");
            String village = "大坪村";
            rows.add(new String[] { BulkLoad.name(random), male ? "男" : "女", birth.toString().replace("-", ""), "汉族", id, "G" + id,
                    String.valueOf(1 + random.nextInt(6)), (1 + random.nextInt(8)) + "班", random.nextInt(3) == 0 ? "住校" : "走读",
                    "贵州省遵义市习水县温水镇" + village + (1 + random.nextInt(40)) + "组", village, type, BulkLoad.name(random),
                    phone(random), fatherAway ? WORK[random.nextInt(WORK.length)] : "", BulkLoad.name(random), phone(random),
                    motherAway ? WORK[random.nextInt(WORK.length)] : "", BulkLoad.name(random), "祖母", phone(random) });
        }
        return rows;
    }

    private static String phone(SplittableRandom random) {
        return "1" + (3 + random.nextInt(6)) + String.format("%09d", random.nextInt(1_000_000_000));
    }

    /** A minimal xlsx (one sheet of inline strings) of the header and {@code rows}. */
    static byte[] xlsx(List<String[]> rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows.size() * 400);
        String main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        String rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        String pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                    + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>");
            entry(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\""
                    + " Type=\"" + rel + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            entry(zip, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + main + "\" xmlns:r=\"" + rel
                    + "\"><sheets><sheet name=\"名单\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            entry(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"" + pkg + "\">"
                    + "<Relationship Id=\"rId1\" Type=\"" + rel + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                    + "<Relationship Id=\"rId2\" Type=\"" + rel + "/styles\" Target=\"styles.xml\"/></Relationships>");
            entry(zip, "xl/styles.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"" + main + "\"><fonts count=\"1\">"
                    + "<font/></fonts><fills count=\"1\"><fill/></fills><borders count=\"1\"><border/></borders>"
                    + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\"/></cellStyleXfs><cellXfs count=\"1\"><xf numFmtId=\"0\" xfId=\"0\"/></cellXfs>"
                    + "</styleSheet>");
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            StringBuilder b = new StringBuilder(1 << 16);
            b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"").append(main).append("\"><sheetData>");
            row(b, 1, HEADERS);
            for (int i = 0; i < rows.size(); i++) {
                row(b, i + 2, rows.get(i));
                if (b.length() > 1 << 15) {
                    zip.write(b.toString().getBytes(StandardCharsets.UTF_8));
                    b.setLength(0);
                }
            }
            b.append("</sheetData></worksheet>");
            zip.write(b.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static void row(StringBuilder b, int r, String[] cells) {
        b.append("<row r=\"").append(r).append("\">");
        for (int c = 0; c < cells.length; c++) {
            if (cells[c] == null || cells[c].isEmpty()) {
                continue;
            }
            b.append("<c r=\"").append((char) ('A' + c)).append(r).append("\" t=\"inlineStr\"><is><t>").append(cells[c])
                    .append("</t></is></c>");
        }
        b.append("</row>");
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** Uploads the file to a running Guanai and waits for the import to end; @return [millis, status document] */
    static Object[] importOver(Server g, byte[] file, Duration limit) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String auth = HttpConnection.AUTHORIZATION.substring("Authorization: ".length());
        long start = System.nanoTime();
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port
                + "/api/schools/1/roster/imports?dryRun=false&filename=bench.xlsx")).timeout(Duration.ofMinutes(5))
                .header("Authorization", auth).header("Content-Type",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() != 202) {
            throw new IllegalStateException("upload -> " + posted.statusCode() + " " + posted.body());
        }
        Matcher m = ID.matcher(posted.body());
        if (!m.find()) {
            throw new IllegalStateException("no id in " + posted.body());
        }
        String path = "/api/roster/imports/" + m.group(1);
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < until) {
            HttpConnection.Response s = HttpConnection.getOnce(g.port, path, 60_000);
            Matcher st = STATUS.matcher(s.text());
            if (s.status() == 200 && st.find() && !st.group(1).equals("RUNNING")) {
                return new Object[] { (System.nanoTime() - start) / 1e6, s.text() };
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("import still running after " + limit);
    }

    /** The same rows by raw JDBC batches into the (stopped) database of {@code data}; @return millis */
    static double jdbc(Path data, List<String[]> rows) throws SQLException, IOException {
        String password = Files.readString(BulkLoad.passwordFile(data)).strip();
        try (Connection c = DriverManager.getConnection(BulkLoad.url(data), "sa", password)) {
            return jdbc(c, rows, 1);
        }
    }

    /** The same rows by raw JDBC batches into school {@code school} of an open database; @return millis */
    static double jdbc(Connection c, List<String[]> rows, long school) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        c.setAutoCommit(false);
        long start = System.nanoTime();
        Map<String, Long> classes = new HashMap<>();
        try (PreparedStatement child = c.prepareStatement("INSERT INTO core_child (version, name, gender, birth_date,"
                + " id_number, student_number, ethnicity, school_id, class_id, boarding, home_address, village,"
                + " left_behind_type, unattended, flags, archived, guardian_kinds, created_at, updated_at)"
                // as the import writes it: the kinds of the child's guardians (core.registry's GuardianKinds)
                + " VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, '', FALSE, '|GRANDPARENTS|', ?, ?)", new String[] { "id" });
                PreparedStatement parent = c.prepareStatement("INSERT INTO core_parent (version, child_id, role, name, phone,"
                        + " away, work_city, guardianship_capacity, deceased, created_at, updated_at)"
                        + " VALUES (0, ?, ?, ?, ?, ?, ?, TRUE, FALSE, ?, ?)");
                PreparedStatement guardian = c.prepareStatement("INSERT INTO core_guardian (version, child_id, kind, name,"
                        + " relation, phone, is_primary, created_at, updated_at) VALUES (0, ?, 'GRANDPARENTS', ?, ?, ?, TRUE, ?, ?)");
                PreparedStatement nameKey = c.prepareStatement("INSERT INTO core_child_name_key (name_key, school_id, child_id) VALUES (?, ?, ?)")) {
            for (int from = 0; from < rows.size(); from += 1000) {
                List<String[]> batch = rows.subList(from, Math.min(rows.size(), from + 1000));
                for (String[] r : batch) {
                    int p = 0;
                    child.setString(++p, r[0]);
                    child.setString(++p, r[1].equals("男") ? "MALE" : "FEMALE");
                    child.setDate(++p, Date.valueOf(LocalDate.parse(r[2], java.time.format.DateTimeFormatter.BASIC_ISO_DATE)));
                    child.setString(++p, r[4]);
                    child.setString(++p, r[5]);
                    child.setString(++p, r[3]);
                    child.setLong(++p, school);
                    child.setLong(++p, classId(c, classes, school, r[6], r[7], now));
                    child.setString(++p, r[8].equals("住校") ? "BOARDING" : "DAY");
                    child.setString(++p, r[9]);
                    child.setString(++p, r[10]);
                    child.setString(++p, r[11].equals("父亲外出") ? "FATHER_AWAY" : r[11].equals("母亲外出") ? "MOTHER_AWAY" : "BOTH_AWAY");
                    child.setObject(++p, now);
                    child.setObject(++p, now);
                    child.addBatch();
                }
                child.executeBatch();
                try (ResultSet keys = child.getGeneratedKeys()) {
                    for (String[] r : batch) {
                        keys.next();
                        long id = keys.getLong(1);
                        parent(parent, id, "FATHER", r[12], r[13], r[14], now);
                        parent(parent, id, "MOTHER", r[15], r[16], r[17], now);
                        guardian.setLong(1, id);
                        guardian.setString(2, r[18]);
                        guardian.setString(3, r[19]);
                        guardian.setString(4, r[20]);
                        guardian.setObject(5, now);
                        guardian.setObject(6, now);
                        guardian.addBatch();
                        for (String key : nameKeys(r[0])) {
                            nameKey.setString(1, key);
                            nameKey.setLong(2, school);
                            nameKey.setLong(3, id);
                            nameKey.addBatch();
                        }
                    }
                }
                parent.executeBatch();
                guardian.executeBatch();
                nameKey.executeBatch();
            }
        }
        long committing = System.nanoTime();
        c.commit();
        long end = System.nanoTime();
        System.err.printf(java.util.Locale.ROOT, "bench: raw JDBC: inserts %.0f ms, commit %.0f ms%n", (committing - start) / 1e6,
                (end - committing) / 1e6);
        return (end - start) / 1e6;
    }

    /**
     * The keys the platform stores for a child's name (core_child_name_key, V41): each character and each pair of adjacent
     * characters; the import stores them too, so the baseline does.
     */
    static java.util.Set<String> nameKeys(String name) {
        int[] cps = name.codePoints().toArray();
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        for (int i = 0; i < cps.length; i++) {
            keys.add(new String(cps, i, 1));
            if (i + 1 < cps.length) {
                keys.add(new String(cps, i, 2));
            }
        }
        return keys;
    }

    private static void parent(PreparedStatement ps, long child, String role, String name, String phone, String work,
            OffsetDateTime now) throws SQLException {
        ps.setLong(1, child);
        ps.setString(2, role);
        ps.setString(3, name);
        ps.setString(4, phone);
        ps.setBoolean(5, !work.isEmpty());
        ps.setString(6, work.isEmpty() ? null : work);
        ps.setObject(7, now);
        ps.setObject(8, now);
        ps.addBatch();
    }

    private static long classId(Connection c, Map<String, Long> classes, long school, String grade, String klass,
            OffsetDateTime now)
            throws SQLException {
        String name = "bench-" + grade + "-" + klass;
        Long id = classes.get(name);
        if (id == null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO core_class (version, school_id, grade_level, name,"
                    + " created_at, updated_at) VALUES (0, ?, ?, ?, ?, ?)", new String[] { "id" })) {
                ps.setLong(1, school);
                ps.setInt(2, Integer.parseInt(grade));
                ps.setString(3, name);
                ps.setObject(4, now);
                ps.setObject(5, now);
                ps.executeUpdate();
                try (ResultSet k = ps.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            classes.put(name, id);
        }
        return id;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

}
