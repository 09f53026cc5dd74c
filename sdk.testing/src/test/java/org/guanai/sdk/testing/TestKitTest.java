package org.guanai.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.sdk.data.Columns;
import org.guanai.sdk.data.DataException;
import org.guanai.sdk.data.Where;
import org.guanai.sdk.time.Term;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestKitTest {
    private final TestDatabase db = TestDatabase.forProgramme("kit");

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void migratesAndBindsAsThePlatform() {
        assertEquals(1, db.migrate().applied());
        assertEquals(0, db.migrate().applied(), "a second migrate applies nothing");
        Instant at = Instant.parse("2026-12-06T02:00:00Z");
        long id = db.tx(sql -> sql.insert("INSERT INTO kit_note (child_id, written, at, kind, text) VALUES (?, ?, ?, ?, ?)", 5L,
                LocalDate.of(2026, 12, 6), at, Term.AUTUMN, null));
        assertTrue(id > 0);
        assertEquals(List.of("AUTUMN"), db.read(sql -> sql.list("SELECT kind FROM kit_note", rs -> rs.getString(1))));
        assertEquals(at, db.read(sql -> sql.one("SELECT at FROM kit_note WHERE id = ?", rs -> rs.getObject(1, OffsetDateTime.class), id))
                .orElseThrow().toInstant());
        assertEquals(3, db.tx(sql -> sql.batch("INSERT INTO kit_note (child_id, written, at, kind) VALUES (?, ?, ?, 'X')",
                List.of(new Object[] { 6L, LocalDate.of(2026, 1, 1), at }, new Object[] { 7L, LocalDate.of(2026, 1, 1), at },
                        new Object[] { 8L, LocalDate.of(2026, 1, 1), at }))).length);
        assertEquals(4L, (long) db.read(sql -> sql.count("SELECT COUNT(*) FROM kit_note")));
    }

    @Test
    void aWhereLeavesOutTheFiltersWithoutValue() {
        db.migrate();
        Instant at = Instant.parse("2026-12-06T02:00:00Z");
        db.tx(sql -> sql.batch("INSERT INTO kit_note (child_id, written, at, kind) VALUES (?, ?, ?, ?)",
                List.of(new Object[] { 5L, LocalDate.of(2026, 1, 1), at, "A" }, new Object[] { 5L, LocalDate.of(2026, 1, 2), at, "B" },
                        new Object[] { 6L, LocalDate.of(2026, 1, 1), at, "A" })));
        Where all = Where.of("child_id = ?", 5L).filter("kind = ?", null).filter("written = ?", null);
        assertEquals("WHERE child_id = ?", all.toString());
        assertEquals(2L, (long) db.read(sql -> sql.count("SELECT COUNT(*) FROM kit_note " + all, all.args())));
        Where one = Where.of("child_id = ?", 5L).filter("kind = ?", "B").filter("written = ?", null);
        assertEquals("WHERE child_id = ? AND kind = ?", one.toString());
        assertEquals(List.of(LocalDate.of(2026, 1, 2)), db.read(sql -> sql.list("SELECT written FROM kit_note " + one,
                rs -> rs.getObject(1, LocalDate.class), one.args())));
    }

    @Test
    void aWhereInBindsEachValueAndNoneFindsNoRow() {
        db.migrate();
        Instant at = Instant.parse("2026-12-06T02:00:00Z");
        db.tx(sql -> sql.batch("INSERT INTO kit_note (child_id, written, at, kind) VALUES (?, ?, ?, ?)",
                List.of(new Object[] { 5L, LocalDate.of(2026, 1, 1), at, "A" }, new Object[] { 6L, LocalDate.of(2026, 1, 2), at, "A" },
                        new Object[] { 7L, LocalDate.of(2026, 1, 3), at, "B" })));
        Where some = Where.of("kind = ?", "A").in("child_id", List.of(5L, 7L));
        assertEquals("WHERE kind = ? AND child_id IN (?, ?)", some.toString());
        assertEquals(List.of(5L), db.read(sql -> sql.list("SELECT child_id FROM kit_note " + some, rs -> rs.getLong(1), some.args())));
        Where none = Where.of("kind = ?", "A").in("child_id", List.of());
        assertEquals(0L, (long) db.read(sql -> sql.count("SELECT COUNT(*) FROM kit_note " + none, none.args())));
    }

    @Test
    void columnsReadNullAsNull() {
        db.migrate();
        Instant at = Instant.parse("2026-12-06T02:00:00Z");
        db.tx(sql -> sql.update("INSERT INTO kit_note (child_id, written, at, kind) VALUES (5, DATE '2026-01-01', ?, 'A')", at));
        List<Object> row = db.read(sql -> sql.one("SELECT child_id, CAST(NULL AS BIGINT) AS none, at,"
                + " CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS never FROM kit_note", rs -> java.util.Arrays.<Object> asList(Columns.longOrNull(rs, "child_id"),
                        Columns.longOrNull(rs, "none"), Columns.instant(rs, "at"), Columns.instant(rs, "never")))).orElseThrow();
        assertEquals(java.util.Arrays.asList(5L, null, at, null), row);
    }

    @Test
    void aFailedTransactionLeavesNothing() {
        db.migrate();
        Instant at = Instant.now();
        DataException e = assertThrows(DataException.class, () -> db.tx(sql -> {
            sql.update("INSERT INTO kit_note (child_id, written, at, kind) VALUES (1, DATE '2026-01-01', ?, 'A')", at);
            return sql.update("INSERT INTO kit_note (child_id, written, at, kind) VALUES (1, DATE '2026-01-01', ?, 'A')", at);
        }));
        assertTrue(e.uniqueViolation(), e.sqlState());
        assertEquals(0L, (long) db.read(sql -> sql.count("SELECT COUNT(*) FROM kit_note")));
        int[] attempts = { 0 };
        db.txRetrying(sql -> {
            if (attempts[0]++ == 0) {
                throw new DataException(new java.sql.SQLException("concurrent insert", "23505"));
            }
            return sql.update("INSERT INTO kit_note (child_id, written, at, kind) VALUES (1, DATE '2026-01-01', ?, 'A')", at);
        });
        assertEquals(2, attempts[0]);
    }

    @Test
    void textsAndCalendar() {
        TestTexts texts = new TestTexts();
        assertEquals("共 3 条", texts.zh("note.count", 3));
        ValidationException v = texts.invalid("text", "note.empty");
        assertEquals("A note cannot be empty", v.errors().get(0).messageEn());
        assertThrows(IllegalArgumentException.class, () -> texts.en("no.such.key"), "a missing key fails the test");
        ProgrammeInfo info = texts.programme("kit").permission("read", Role.TEACHER).build();
        assertEquals(TestTexts.VERSION, info.version(), "the programme's version is the texts' own");
        assertEquals("Notes", info.nameEn());
        assertEquals("kit.read", info.permissions().get(0).id());
        TestCalendar calendar = TestCalendar.at(LocalDateTime.of(2027, 1, 1, 0, 30));
        assertEquals(LocalDate.of(2027, 1, 1), calendar.today());
        assertEquals("2026-AUTUMN", calendar.semester(calendar.today()).id());
        calendar.advance(java.time.Duration.ofDays(60));
        assertEquals("2026-SPRING", calendar.semester(calendar.today()).id());
    }
}
