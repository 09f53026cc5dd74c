package org.guanai.bench;

import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Bulk-loads synthetic children, each with a father working away and a grandparent guardian, straight into the H2
 * file of a stopped Guanai, or into its PostgreSQL database, over JDBC (both drivers are on the runner's class path).
 * Rows satisfy the schema's NOT NULL
 * columns and the registry's enums; children go into the demo county's classes; ID numbers are valid GB 11643
 * numbers in a region the demo does not use, so they never collide with the demo's.
 */
final class BulkLoad {
    static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE";
    /** 赤水市: not the demo county's region (520330). */
    static final String REGION = "520381";
    private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final String CHECK = "10X98765432";
    private static final int DAYS = 6 * 365;
    private static final DateTimeFormatter YMD = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
            "林", "何", "郭", "马", "罗", "袁", "母", "穆", "龙", "冉", "蔡", "付", "邓", "曾", "彭", "谢", "韩", "唐", "冯", "宋" };
    private static final String[] GIVEN = { "浩", "宇", "轩", "杰", "俊", "涛", "明", "鑫", "磊", "博", "欣", "怡", "婷", "雪", "梦", "佳",
            "琪", "雨", "思", "萱", "悦", "敏", "静", "丽", "芳", "娟", "涵", "彤", "可", "诗" };
    private static final String[] VILLAGES = { "大坪村", "青龙村", "中坝村", "黄金村", "群星村", "太平村", "吼滩村", "白岩村", "长嵌沟村", "龙泉村" };
    private static final String[][] WORK = { { "广东省", "东莞市" }, { "广东省", "深圳市" }, { "浙江省", "宁波市" }, { "福建省", "晋江市" },
            { "江苏省", "苏州市" }, { "上海市", "上海市" } };
    private static final String[] TYPES = { "FATHER_AWAY", "MOTHER_AWAY", "BOTH_AWAY", "BOTH_AWAY" };

    /** What was loaded. */
    record Summary(int children, int parents, int guardians, long totalChildren, long millis) {
    }

    private BulkLoad() {
    }

    static String url(java.nio.file.Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("db").resolve("guanai") + H2_SETTINGS;
    }

    /** The file holding the database password Guanai generated for this data directory. */
    static java.nio.file.Path passwordFile(java.nio.file.Path dataDir) {
        return dataDir.toAbsolutePath().resolve("secrets").resolve("db.password");
    }

    static Summary load(java.nio.file.Path dataDir, int count, long seed) throws SQLException, java.io.IOException {
        String url = url(dataDir);
        String password = java.nio.file.Files.readString(passwordFile(dataDir)).strip();
        try (Connection c = DriverManager.getConnection(url, "sa", password)) {
            return load(c, count, seed);
        }
    }

    /**
     * Inserts {@code count} children with a parent and a guardian each into the database of {@code c} (H2 or PostgreSQL:
     * JDBC batches of 1 000, a commit every 10 000 rows; on PostgreSQL give the driver {@code reWriteBatchedInserts=true}
     * so that a batch goes as multi-row inserts), into the classes already there.
     */
    static Summary load(Connection c, int count, long seed) throws SQLException {
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        LocalDate today = LocalDate.now();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        c.setAutoCommit(false);
        List<long[]> classes = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, school_id FROM core_class ORDER BY id")) {
            while (r.next()) {
                classes.add(new long[] { r.getLong(1), r.getLong(2) });
            }
        }
        if (classes.isEmpty()) {
            throw new SQLException("no classes in " + c.getMetaData().getURL() + ": start Guanai once with the demo county first");
        }
        long before;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM core_child")) {
            r.next();
            before = r.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO core_child (version, name, gender, birth_date, id_number,"
                + " student_number, ethnicity, school_id, class_id, boarding, home_address, village, left_behind_type,"
                + " left_behind_since, unattended, health_note, hobbies, flags, archived, guardian_kinds, created_at, updated_at)"
                // each child gets one guardian below, of the kind GRANDPARENTS (core.registry's GuardianKinds)
                + " VALUES (0, ?, ?, ?, ?, ?, '汉族', ?, ?, ?, ?, ?, ?, ?, FALSE, '良好', ?, ?, FALSE, '|GRANDPARENTS|', ?, ?)")) {
            for (int i = 0; i < count; i++) {
                boolean male = i % 2 == 0;
                LocalDate birth = today.minusYears(6).minusDays(i % DAYS);
                int seq = (i / DAYS) * 2 + (male ? 1 : 0);
                long[] klass = classes.get(random.nextInt(classes.size()));
                String village = VILLAGES[random.nextInt(VILLAGES.length)];
                int p = 0;
                ps.setString(++p, name(random));
                ps.setString(++p, male ? "MALE" : "FEMALE");
                ps.setDate(++p, Date.valueOf(birth));
                ps.setString(++p, idNumber(birth, seq));
                ps.setString(++p, String.format("G%s%06d", REGION, i));
                ps.setLong(++p, klass[1]);
                ps.setLong(++p, klass[0]);
                ps.setString(++p, random.nextInt(3) == 0 ? "BOARDING" : "DAY");
                ps.setString(++p, "贵州省遵义市" + village + (1 + random.nextInt(40)) + "组");
                ps.setString(++p, village);
                ps.setString(++p, TYPES[random.nextInt(TYPES.length)]);
                ps.setDate(++p, Date.valueOf(birth.plusYears(1 + random.nextInt(4))));
                ps.setString(++p, random.nextBoolean() ? "画画" : "跳绳,看书");
                ps.setString(++p, random.nextInt(20) == 0 ? "DIFFICULT" : "");
                ps.setObject(++p, now);
                ps.setObject(++p, now);
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                }
                if (i % 10_000 == 9_999) {
                    c.commit();
                }
            }
            ps.executeBatch();
            c.commit();
        }
        long[] ids = new long[count];
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM core_child WHERE id > ? ORDER BY id")) {
            ps.setLong(1, before);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next() && n < count) {
                    ids[n++] = r.getLong(1);
                }
            }
        }
        try (PreparedStatement parent = c.prepareStatement("INSERT INTO core_parent (version, child_id, role, name, phone, away,"
                + " work_province, work_city, employer, return_frequency, call_frequency, guardianship_capacity, deceased,"
                + " created_at, updated_at) VALUES (0, ?, 'FATHER', ?, ?, TRUE, ?, ?, '电子有限公司', 'YEARLY', 'WEEKLY', TRUE, FALSE, ?, ?)");
                PreparedStatement guardian = c.prepareStatement("INSERT INTO core_guardian (version, child_id, kind, name,"
                        + " relation, phone, health, age, is_primary, created_at, updated_at)"
                        + " VALUES (0, ?, 'GRANDPARENTS', ?, '祖父母', ?, '良好', ?, TRUE, ?, ?)")) {
            for (int i = 0; i < n; i++) {
                String[] work = WORK[random.nextInt(WORK.length)];
                parent.setLong(1, ids[i]);
                parent.setString(2, name(random));
                parent.setString(3, phone(random));
                parent.setString(4, work[0]);
                parent.setString(5, work[1]);
                parent.setObject(6, now);
                parent.setObject(7, now);
                parent.addBatch();
                guardian.setLong(1, ids[i]);
                guardian.setString(2, name(random));
                guardian.setString(3, phone(random));
                guardian.setInt(4, 58 + random.nextInt(20));
                guardian.setObject(5, now);
                guardian.setObject(6, now);
                guardian.addBatch();
                if (i % 1000 == 999) {
                    parent.executeBatch();
                    guardian.executeBatch();
                }
                if (i % 10_000 == 9_999) {
                    c.commit();
                }
            }
            parent.executeBatch();
            guardian.executeBatch();
            c.commit();
        }
        nameKeys(c, before);
        // As after any bulk import: refresh the planner's statistics (H2 analyses by itself only after a doubling
        // number of changes, so its column selectivities may still be those of the 300 demo children).
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
        c.commit();
        long total;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM core_child")) {
            r.next();
            total = r.getLong(1);
        }
        return new Summary(count, n, n, total, (System.nanoTime() - start) / 1_000_000);
    }

    static String name(SplittableRandom random) {
        String given = GIVEN[random.nextInt(GIVEN.length)];
        if (random.nextBoolean()) {
            given += GIVEN[random.nextInt(GIVEN.length)];
        }
        return SURNAMES[random.nextInt(SURNAMES.length)] + given;
    }

    private static String phone(SplittableRandom random) {
        return "1" + (3 + random.nextInt(6)) + String.format("%09d", random.nextInt(1_000_000_000));
    }

    /** A GB 11643 公民身份号码: region, birth date, sequence (odd for boys), check character. */
    static String idNumber(LocalDate birth, int sequence) {
        String body = REGION + birth.format(YMD) + String.format("%03d", sequence);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * WEIGHTS[i];
        }
        return body + CHECK.charAt(sum % 11);
    }

    /**
     * The keys the platform finds a child's name by ({@code core_child_name_key}, V41: each character and each pair of
     * adjacent characters), for the children loaded after {@code before}, written as V41 writes them for the children
     * stored before it: the platform's own writers keep them for every child they store.
     */
    static void nameKeys(Connection c, long before) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench_name_position (n INT NOT NULL PRIMARY KEY)");
            StringBuilder values = new StringBuilder();
            for (int n = 1; n <= 50; n++) {
                values.append(n == 1 ? "" : ", ").append('(').append(n).append(')');
            }
            s.execute("INSERT INTO bench_name_position (n) VALUES " + values);
            s.execute("INSERT INTO core_child_name_key (name_key, school_id, child_id) SELECT DISTINCT SUBSTRING(c.name FROM p.n FOR 1), c.school_id, c.id"
                    + " FROM core_child c JOIN bench_name_position p ON p.n <= CHAR_LENGTH(c.name) WHERE c.id > " + before);
            s.execute("INSERT INTO core_child_name_key (name_key, school_id, child_id) SELECT DISTINCT SUBSTRING(c.name FROM p.n FOR 2), c.school_id, c.id"
                    + " FROM core_child c JOIN bench_name_position p ON p.n < CHAR_LENGTH(c.name) WHERE c.id > " + before);
            s.execute("DROP TABLE bench_name_position");
        }
        c.commit();
    }
}
