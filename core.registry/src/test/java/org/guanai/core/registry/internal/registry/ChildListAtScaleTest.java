package org.guanai.core.registry.internal.registry;

import static org.guanai.core.registry.internal.TestRegistry.newChild;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lists of children at scale (issue 18): the pages of a long list share one count, a write on this node shows in the
 * next total at once, and the children page's query runs on the covering index of V40. (Speed itself is measured by
 * {@code bench/run}, not here.)
 */
class ChildListAtScaleTest {
    private static final LocalDate BIRTH = LocalDate.of(2017, 3, 12);
    private TestRegistry r;
    private School school;
    private SchoolClass klass;

    @BeforeEach
    void setUp() {
        r = new TestRegistry("list-scale");
        school = r.school("习水县温水镇中心小学");
        klass = r.schoolClass(school.id(), 3, "三年级(1)班");
        for (int i = 0; i < 25; i++) {
            r.children.create(newChild("王" + (char) ('一' + i), i % 2 == 0 ? Gender.MALE : Gender.FEMALE, BIRTH, i, school.id(),
                    klass.id(), LeftBehindType.BOTH_AWAY));
        }
    }

    @AfterEach
    void tearDown() {
        r.close();
    }

    @Test
    void thePagesOfALongListShareOneCount() {
        statistics(true);
        for (int page = 0; page < 3; page++) {
            Page<Child> p = r.children.find(ChildQuery.builder().schoolId(school.id()).page(page).size(10).build());
            assertEquals(25, p.total(), "page " + page);
        }
        if (h2()) {
            assertEquals(1, counts(), "the three pages of one list counted its rows once");
        }
    }

    @Test
    void aWriteOnThisNodeShowsInTheNextTotal() {
        ChildQuery q = ChildQuery.builder().schoolId(school.id()).page(0).size(10).build();
        assertEquals(25, r.children.find(q).total());
        Child added = r.children.create(newChild("李明", Gender.MALE, BIRTH, 40, school.id(), klass.id(), LeftBehindType.BOTH_AWAY));
        assertEquals(26, r.children.find(q).total());
        r.children.archive(added.id(), added.version());
        assertEquals(25, r.children.find(q).total());
    }

    @Test
    void aShortLastPageGivesTheExactTotal() {
        ChildQuery q = ChildQuery.builder().schoolId(school.id()).page(2).size(10).build();
        statistics(true);
        Page<Child> last = r.children.find(q);
        assertEquals(5, last.items().size());
        assertEquals(25, last.total());
        if (h2()) {
            assertEquals(0, counts(), "the last page knows the total without counting");
        }
    }

    @Test
    void aSearchByNameFindsWhatItFoundBefore() {
        assertEquals(25, r.children.find(ChildQuery.builder().schoolId(school.id()).text("王").size(50).build()).total());
        assertEquals(1, r.children.find(ChildQuery.builder().schoolId(school.id()).text("王三").size(50).build()).total());
        Child one = r.children.find(ChildQuery.builder().schoolId(school.id()).size(1).build()).items().get(0);
        String stored = new Jdbc(r.db).read(c -> Jdbc.one(c, "SELECT id_number FROM core_child WHERE id = ?", rs -> rs.getString(1),
                one.id())).orElseThrow();
        assertEquals(1, r.children.find(ChildQuery.builder().schoolId(school.id()).text(stored.substring(0, 17)).size(50).build())
                .total(), "an ID number's start still finds its child");
    }

    @Test
    void theChildrenPageRunsOnTheCoveringIndex() {
        String plan = new Jdbc(r.db).read(c -> {
            if (!h2()) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET enable_seqscan = off"); // 25 rows: PostgreSQL would rightly read the table itself
                }
            }
            return String.join("\n", Jdbc.list(c, "EXPLAIN SELECT c.id FROM core_child c WHERE c.archived = FALSE"
                    + " AND c.school_id = ? AND c.left_behind_type = ? ORDER BY c.school_id, c.class_id, c.name, c.id LIMIT 20 OFFSET 40",
                    rs -> rs.getString(1), school.id(), "BOTH_AWAY"));
        });
        assertTrue(plan.contains("core_child_page_ix"), plan);
    }

    @Test
    void aPageDeepIntoASchoolIsTheOneOffsetGivesAndSkipsNoRows() {
        SchoolClass second = r.schoolClass(school.id(), 4, "四年级(1)班");
        // 1 200 more rows over two classes and none, with repeated names, inserted as a bulk import would
        insert(1200, i -> "张" + (char) ('一' + i % 37), i -> i % 7 == 0 ? null : i % 2 == 0 ? klass.id() : second.id());
        List<Long> expected = new Jdbc(r.db).read(c -> Jdbc.list(c, "SELECT id FROM core_child WHERE school_id = ? AND archived = FALSE"
                + " ORDER BY school_id, class_id, name, id", rs -> rs.getLong(1), school.id()));
        assertEquals(1225, expected.size());
        assertPagesAre(expected, page -> ChildQuery.builder().schoolId(school.id()).page(page).size(50).build());
    }

    @Test
    void aPageDeepIntoTheCountysListIsTheOneOffsetGivesAcrossSchools() {
        School other = r.school("习水县东皇镇中心小学");
        SchoolClass otherClass = r.schoolClass(other.id(), 2, "二年级(1)班");
        // 1 300 more rows over two schools, their classes and none, so that anchors fall inside either school
        insert(1300, i -> "李" + (char) ('一' + i % 41), i -> i % 3 != 0 ? school.id() : other.id(),
                i -> i % 5 == 0 ? null : i % 3 != 0 ? klass.id() : otherClass.id());
        List<Long> expected = new Jdbc(r.db).read(c -> Jdbc.list(c, "SELECT id FROM core_child WHERE archived = FALSE"
                + " ORDER BY school_id, class_id, name, id", rs -> rs.getLong(1)));
        assertEquals(1325, expected.size());
        assertPagesAre(expected, page -> ChildQuery.builder().page(page).size(50).build());
    }

    /**
     * Pages of 50 through the list, one past its end: each with the list's total, together every row once in list order,
     * and (on H2) only the pages before the first anchor (offset &lt; 500) skip rows by {@code OFFSET}.
     */
    private void assertPagesAre(List<Long> expected, java.util.function.IntFunction<ChildQuery> query) {
        statistics(true);
        List<Long> seen = new ArrayList<>();
        for (int page = 0; page * 50 < expected.size() + 50; page++) {
            Page<Child> p = r.children.find(query.apply(page));
            assertEquals(expected.size(), p.total(), "page " + page);
            p.items().forEach(k -> seen.add(k.id()));
        }
        assertEquals(expected, seen, "every row once, in list order");
        if (h2()) {
            assertEquals(10, statements("OFFSET"), "only the pages before the first anchor (offset < 500) skip rows by OFFSET");
        }
    }

    /**
     * {@code forEach} over one class gives the class's children in id order, every one once over several batches of 500,
     * and pages on the class's index (V50), not on the school's.
     */
    @Test
    void aClassIsReadInBatchesOnItsOwnIndex() {
        SchoolClass second = r.schoolClass(school.id(), 4, "四年级(1)班");
        insert(1300, i -> "李" + (char) ('一' + i % 41), i -> i % 5 == 0 ? null : i % 3 == 0 ? klass.id() : second.id());
        List<Long> expected = new Jdbc(r.db).read(c -> Jdbc.list(c, "SELECT id FROM core_child WHERE class_id = ? AND archived = FALSE"
                + " ORDER BY id", rs -> rs.getLong(1), second.id()));
        assertTrue(expected.size() > 500, "more than one batch: " + expected.size());
        List<Long> seen = new ArrayList<>();
        r.children.forEach(ChildQuery.builder().schoolId(school.id()).classId(second.id()).build(), k -> seen.add(k.id()));
        assertEquals(expected, seen);
        String plan = new Jdbc(r.db).read(c -> {
            if (!h2()) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET enable_seqscan = off");
                }
            }
            return String.join("\n", Jdbc.list(c, "EXPLAIN SELECT c.* FROM core_child c WHERE c.id > ? AND c.archived = FALSE"
                    + " AND c.school_id = ? AND c.class_id = ? ORDER BY c.class_id, c.id LIMIT 500", rs -> rs.getString(1), 0L,
                    school.id(), second.id()));
        });
        assertTrue(plan.contains("core_child_class_id_ix"), plan);
    }

    /**
     * A search by name looks up the name keys (V41) and finds exactly the children whose name contains the text, as
     * {@code LIKE} over every row finds them: one character, two, three, the middle of a name, a Latin name, a character
     * outside the Basic Multilingual Plane (searched by LIKE alone), after a rename (the old name no longer finds the
     * child), and a child whose keys are missing is not found (the keys are what the search reads).
     */
    @Test
    void aSearchByNameFindsWhatLikeFindsThroughTheNameKeys() {
        int seq = 100;
        for (String name : List.of("邓芳", "邓芳芳", "张邓芳", "王小芳", "芳", "阿依古丽·买买提", "李𠮷祥", "𠮷芳", "Anna")) {
            r.children.create(newChild(name, Gender.FEMALE, BIRTH, seq++, school.id(), klass.id(), LeftBehindType.BOTH_AWAY));
        }
        Child renamed = r.children.create(newChild("赵明亮", Gender.MALE, BIRTH, seq++, school.id(), klass.id(), LeftBehindType.BOTH_AWAY));
        r.children.update(renamed.toBuilder().name("钱明亮").build());
        for (String text : List.of("邓", "邓芳", "邓芳芳", "芳", "小芳", "王小芳", "依古丽", "·", "𠮷", "李𠮷", "𠮷芳", "Ann", "nn",
                "明亮", "赵", "钱明", "不在")) {
            List<Long> expected = new Jdbc(r.db).read(c -> Jdbc.list(c, "SELECT id FROM core_child WHERE school_id = ?"
                    + " AND archived = FALSE AND name LIKE ? ORDER BY id", rs -> rs.getLong(1), school.id(), "%" + text + "%"));
            List<Long> found = r.children.find(ChildQuery.builder().schoolId(school.id()).text(text).size(100).build()).items()
                    .stream().map(Child::id).sorted().toList();
            assertEquals(expected, found, text);
        }
        assertEquals(0, r.children.find(ChildQuery.builder().schoolId(school.id()).text("赵明").size(100).build()).total(),
                "the old name's keys went with the rename");
        new Jdbc(r.db).tx(c -> Jdbc.update(c, "DELETE FROM core_child_name_key WHERE child_id = ?", renamed.id()));
        assertEquals(0, r.children.find(ChildQuery.builder().schoolId(school.id()).text("钱明亮").size(100).build()).total(),
                "the search reads the keys");
    }

    /**
     * The name keys carry the child's school (a search in one school reads only that school's keys): a child moved to
     * another school is found there by name and no longer in the school it left; a county-wide search finds it once.
     * The page and the total of a keyed search come from one statement: the total is every match, the pages together
     * hold each match once.
     */
    @Test
    void aSearchInOneSchoolFollowsAChildThatMoves() {
        School other = r.school("习水县良村镇中心小学");
        SchoolClass otherClass = r.schoolClass(other.id(), 3, "三年级(2)班");
        for (int i = 0; i < 7; i++) {
            r.children.create(newChild("邓" + (char) ('甲' + i), Gender.FEMALE, BIRTH, 200 + i, school.id(), klass.id(),
                    LeftBehindType.BOTH_AWAY));
        }
        Child moving = r.children.create(newChild("邓明", Gender.MALE, BIRTH, 210, school.id(), klass.id(), LeftBehindType.BOTH_AWAY));
        assertEquals(8, r.children.find(ChildQuery.builder().schoolId(school.id()).text("邓").size(3).build()).total());
        List<Long> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            Page<Child> p = r.children.find(ChildQuery.builder().schoolId(school.id()).text("邓").page(page).size(3).build());
            assertEquals(8, p.total(), "page " + page);
            p.items().forEach(k -> paged.add(k.id()));
        }
        assertEquals(8, paged.stream().distinct().count(), "each match once over the pages: " + paged);
        assertEquals(8, r.children.find(ChildQuery.builder().schoolId(school.id()).text("邓").page(5).size(3).build()).total(),
                "a page beyond the last keeps the total");

        r.children.update(r.children.get(moving.id()).orElseThrow().toBuilder().schoolId(other.id()).classId(otherClass.id()).build());
        assertEquals(List.of(), r.children.find(ChildQuery.builder().schoolId(school.id()).text("邓明").build()).items(),
                "not found in the school it left");
        assertEquals(List.of(moving.id()), r.children.find(ChildQuery.builder().schoolId(other.id()).text("邓明").build()).items()
                .stream().map(Child::id).toList(), "found in its new school");
        assertEquals(List.of(moving.id()), r.children.find(ChildQuery.builder().text("邓明").build()).items().stream()
                .map(Child::id).toList(), "found once in the county");
        assertEquals(7, r.children.find(ChildQuery.builder().schoolId(school.id()).text("邓").build()).total());
        assertEquals(List.of((long) ChildNameKeys.of("邓明").size(), (long) ChildNameKeys.of("邓明").size()),
                new Jdbc(r.db).read(c -> List.of(Jdbc.count(c, "SELECT COUNT(*) FROM core_child_name_key WHERE child_id = ?", moving.id()),
                        Jdbc.count(c, "SELECT COUNT(*) FROM core_child_name_key WHERE child_id = ? AND school_id = ?", moving.id(),
                                other.id()))),
                "its keys moved with it, none left behind");
    }

    /**
     * A search by name in one school takes the school from the name keys alone: with the child's own school in the
     * condition as well, H2 planned the search on the list index and checked every child of the school against the keys.
     */
    @Test
    void aSearchInOneSchoolTakesTheSchoolFromTheNameKeys() {
        statistics(true);
        Page<Child> found = r.children.find(ChildQuery.builder().schoolId(school.id()).text("王一").build());
        assertEquals(1, found.total());
        if (h2()) {
            List<String> searches = new ArrayList<>();
            executions(sql -> sql.contains("core_child_name_key") && sql.contains("COUNT(*) OVER") && searches.add(sql));
            assertEquals(1, searches.size(), searches.toString());
            assertTrue(searches.get(0).contains("k.school_id = ?"), searches.get(0));
            assertFalse(searches.get(0).contains("c.school_id = ?"), searches.get(0));
        }
    }

    /** Inserts {@code count} children of the school as a bulk import would (no history, no name keys). */
    private void insert(int count, java.util.function.IntFunction<String> name, java.util.function.IntFunction<Long> classOf) {
        insert(count, name, i -> school.id(), classOf);
    }

    /** Inserts {@code count} children as a bulk import would (no history, no name keys). */
    private void insert(int count, java.util.function.IntFunction<String> name, java.util.function.IntFunction<Long> schoolOf,
            java.util.function.IntFunction<Long> classOf) {
        new Jdbc(r.db).tx(c -> {
            for (int i = 0; i < count; i++) {
                Jdbc.insert(c, "INSERT INTO core_child (version, name, gender, birth_date, school_id, class_id, left_behind_type,"
                        + " created_at, updated_at) VALUES (0, ?, 'MALE', ?, ?, ?, 'BOTH_AWAY', ?, ?)", name.apply(i),
                        BIRTH, schoolOf.apply(i), classOf.apply(i), java.time.Instant.EPOCH, java.time.Instant.EPOCH);
            }
            return null;
        });
    }

    /**
     * @return whether the tests run on H2: its statement statistics count what ran; on PostgreSQL (./test's second run)
     *         the same lists are checked for their results only
     */
    private boolean h2() {
        return new Jdbc(r.db).read(c -> c.getMetaData().getDatabaseProductName().equals("H2"));
    }

    private void statistics(boolean on) {
        if (!h2()) {
            return;
        }
        new Jdbc(r.db).read(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET QUERY_STATISTICS " + (on ? "TRUE" : "FALSE"));
            }
            return null;
        });
    }

    /** @return how often the list's count ran since statistics were switched on */
    private long counts() {
        return executions(sql -> sql.startsWith("SELECT COUNT(*) FROM core_child c"));
    }

    /** @return how often statements on core_child containing {@code text} ran since statistics were switched on */
    private long statements(String text) {
        return executions(sql -> sql.contains("core_child") && sql.contains(text));
    }

    private long executions(java.util.function.Predicate<String> which) {
        AtomicLong n = new AtomicLong();
        new Jdbc(r.db).read(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT sql_statement, execution_count FROM information_schema.query_statistics")) {
                while (rs.next()) {
                    if (which.test(rs.getString(1))) {
                        n.addAndGet(rs.getLong(2));
                    }
                }
            }
            return null;
        });
        return n.get();
    }
}
