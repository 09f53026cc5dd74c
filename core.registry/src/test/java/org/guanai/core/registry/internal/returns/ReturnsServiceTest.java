package org.guanai.core.registry.internal.returns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.guanai.core.api.Caller;
import org.guanai.core.api.ForbiddenException;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.guanai.core.api.returns.ReturnFigure;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.audit.AuditLogTest.MutableClock;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.programmes.ExportWriter;
import org.guanai.sdk.http.Download;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A school's return against a hand-counted fixture on a real H2 database, the programmes' rows through the SPI, the
 * submit / return / resubmit / accept flow with its history and audit rows, and the deadline list with a fake clock.
 */
class ReturnsServiceTest {
    /** Enabled: the pairs of (school, programme) in the set. */
    static final class Enabled implements ProgrammeRegistry {
        final Set<String> on = new HashSet<>();

        @Override public List<ProgrammeStatus> programmes() { return List.of(); }
        @Override public Optional<ProgrammeStatus> programme(String id) { return Optional.empty(); }
        @Override public boolean isEnabled(long schoolId, String programmeId) { return on.contains(schoolId + "/" + programmeId); }
        @Override public void setEnabled(long schoolId, String programmeId, boolean enabled, Map<String, String> settings) { }
        @Override public Map<String, String> settings(long schoolId, String programmeId) { return Map.of(); }
    }

    private static final ReturnPeriod Q4 = ReturnPeriod.parse("2026Q4");
    private final MutableClock clock = new MutableClock(TestSupport.CLOCK.instant()); // 2026-11-23, in 2026Q4
    private final Enabled enabled = new Enabled();
    private TestRegistry base;
    private TestRegistry r;
    private ReturnsService returns;
    private School a;
    private School b;
    private Child wang;
    private Child zhang;

    @BeforeEach
    void setUp() {
        base = new TestRegistry("returns");
        r = base.at(clock);
        returns = new ReturnsService(r.db, r.callers, r.audit, r.actor, enabled, new ExportWriter(), clock);
        a = r.school("温水镇中心小学");
        b = r.school("良村镇中心小学");
        // 王小明: both parents away, a grandmother, the father's phone: a complete archive
        wang = r.child("王小明", Gender.MALE, LocalDate.of(2016, 3, 5), 1, a.id(), null, LeftBehindType.BOTH_AWAY);
        r.guardians.addParent(TestRegistry.newParent(wang.id(), ParentRole.FATHER, "王大山", true, LocalDate.of(2024, 2, 1), true)
                .toBuilder().phone("13812345678").build());
        r.guardians.addGuardian(TestRegistry.newGuardian(wang.id(), GuardianKind.GRANDPARENTS, "王奶奶", true));
        // 张小红: mother away, a delegated guardian, no parent's phone: incomplete
        zhang = r.child("张小红", Gender.FEMALE, LocalDate.of(2015, 7, 9), 2, a.id(), null, LeftBehindType.MOTHER_AWAY);
        r.guardians.addGuardian(TestRegistry.newGuardian(zhang.id(), GuardianKind.DELEGATED, "赵阿姨", true));
        // 刘小华: father away, nobody looks after him: no primary guardian, unattended
        r.children.create(TestRegistry.newChild("刘小华", Gender.MALE, LocalDate.of(2015, 1, 4), 3, a.id(), null,
                LeftBehindType.FATHER_AWAY).toBuilder().unattended(true).build());
        // 赵已毕: archived away in the quarter
        Child gone = r.child("赵已毕", Gender.MALE, LocalDate.of(2014, 1, 2), 4, a.id(), null, LeftBehindType.FATHER_AWAY);
        r.children.archive(gone.id(), gone.version());
        // another school's child counts for that school only
        r.child("刘外校", Gender.FEMALE, LocalDate.of(2015, 5, 6), 5, b.id(), null, LeftBehindType.NONE);
    }

    @AfterEach
    void tearDown() {
        base.close();
    }

    private static Caller schoolAdmin(long school) {
        return Caller.builder("school" + school).roles(Set.of("SCHOOL_ADMIN")).schoolIds(Set.of(school)).allClasses(true)
                .schoolId(school).permissions(Set.of("registry.read", "registry.aggregate", "returns.submit")).build();
    }

    private static Caller teacher(long school) {
        return Caller.builder("teacher").roles(Set.of("TEACHER")).schoolIds(Set.of(school)).allClasses(true).schoolId(school)
                .permissions(Set.of("registry.read", "registry.write")).build();
    }

    private static Caller county() {
        return Caller.builder("county").roles(Set.of("COUNTY_ADMIN")).allSchools(true).allClasses(true)
                .permissions(Set.of("registry.read", "registry.aggregate", "returns.review")).build();
    }

    private static Caller officer() {
        return Caller.builder("officer").roles(Set.of("OFFICER")).allSchools(true).allClasses(true)
                .permissions(Set.of("registry.aggregate")).build();
    }

    private static Map<String, Number> values(List<ReturnFigure> figures) {
        Map<String, Number> out = new LinkedHashMap<>();
        figures.forEach(f -> out.put(f.programme() + ":" + f.key(), f.value()));
        return out;
    }

    @Test
    void theCoreFiguresOfAQuarterAgainstTheHandCountedFixture() {
        Map<String, Number> q4 = values(returns.draw(a.id(), Q4).figures());
        assertEquals(3L, q4.get("core:children"));
        assertEquals(1L, q4.get("core:children.type.FATHER_AWAY"));
        assertEquals(1L, q4.get("core:children.type.MOTHER_AWAY"));
        assertEquals(1L, q4.get("core:children.type.BOTH_AWAY"));
        assertEquals(0L, q4.get("core:children.type.NONE"));
        assertEquals(1L, q4.get("core:children.guardian.GRANDPARENTS"));
        assertEquals(1L, q4.get("core:children.guardian.DELEGATED"));
        assertEquals(1L, q4.get("core:children.guardian.NONE"));
        assertEquals(0L, q4.get("core:children.guardian.PARENT"));
        assertEquals(1L, q4.get("core:unattended"));
        assertEquals(1L, q4.get("core:archivesComplete"));
        assertEquals(new BigDecimal("0.3333"), q4.get("core:archiveRate"));
        assertEquals(3L, q4.get("core:cardsChecked"), "all three were written in the quarter");
        assertEquals(4L, q4.get("core:newChildren"), "the archived child was new in the quarter too");
        assertEquals(1L, q4.get("core:departedChildren"));

        Map<String, Number> q3 = values(returns.draw(a.id(), ReturnPeriod.parse("2026Q3")).figures());
        assertEquals(3L, q3.get("core:children"));
        assertEquals(0L, q3.get("core:newChildren"));
        assertEquals(0L, q3.get("core:departedChildren"));
        assertEquals(0L, q3.get("core:cardsChecked"));

        Map<String, Number> other = values(returns.draw(b.id(), Q4).figures());
        assertEquals(1L, other.get("core:children"));
        assertEquals(1L, other.get("core:children.type.NONE"));
        Map<String, Number> year = values(r.as(schoolAdmin(a.id()), () -> returns.draw(a.id(), ReturnPeriod.parse("2026"))).figures());
        assertEquals(4L, year.get("core:newChildren"));
        assertEquals(1L, year.get("core:departedChildren"));
        assertThrows(NotFoundException.class, () -> r.as(schoolAdmin(b.id()), () -> returns.draw(a.id(), Q4)));
        assertThrows(ForbiddenException.class, () -> r.as(teacher(a.id()), () -> returns.draw(a.id(), Q4)));
        ValidationException bad = assertThrows(ValidationException.class, () -> returns.period("2026Q5"));
        assertEquals("period", bad.errors().get(0).field());
    }

    @Test
    void programmesEnabledForTheSchoolAddTheirRowsAndOneThatFailsIsNamedMissing() {
        ReturnFigure paired = ReturnFigure.builder("pairing", "paired").label("结对人数", "Paired").count(2)
                .definition("已结对的儿童", "Children paired").build();
        returns.addContributor((school, period) -> List.of(paired), Map.of("programme.id", "pairing"));
        org.guanai.core.api.returns.ReturnContributor broken = (school, period) -> {
            throw new IllegalStateException("database gone");
        };
        returns.addContributor(broken, Map.of("programme.id", "health"));
        assertFalse(values(returns.draw(a.id(), Q4).figures()).containsKey("pairing:paired"), "not enabled");

        enabled.on.addAll(Set.of(a.id() + "/pairing", a.id() + "/health"));
        ReturnsService.Return ret = returns.draw(a.id(), Q4);
        assertEquals(2L, values(ret.figures()).get("pairing:paired"));
        assertEquals(List.of("pairing"), ret.programmes());
        assertEquals(List.of("health"), ret.missing());
        returns.removeContributor(broken);
        assertEquals(List.of(), returns.draw(a.id(), Q4).missing());
    }

    /** @return the submission's steps in the audit log (its reads apart) */
    private long auditRows(long submission) {
        return new Jdbc(r.db).read(c -> Jdbc.count(c, "SELECT COUNT(*) FROM core_audit WHERE entity = 'return_submission'"
                + " AND entity_id = ? AND action <> 'READ'", String.valueOf(submission)));
    }

    /** @return the reads of the submission in the audit log */
    private long auditReads(long submission) {
        return new Jdbc(r.db).read(c -> Jdbc.count(c, "SELECT COUNT(*) FROM core_audit WHERE entity = 'return_submission'"
                + " AND entity_id = ? AND action = 'READ'", String.valueOf(submission)));
    }

    @SuppressWarnings("unchecked")
    @Test
    void submitReturnResubmitAcceptWithHistoryAuditAndDeadlines() {
        Map<String, Object> list = r.as(county(), () -> returns.list(Q4));
        assertEquals("2026-12-14", list.get("deadline"));
        List<Map<String, Object>> schools = (List<Map<String, Object>>) list.get("schools");
        assertEquals(List.of("NOT_SUBMITTED", "NOT_SUBMITTED"), schools.stream().map(s -> s.get("status")).toList());
        assertEquals(List.of(false, false), schools.stream().map(s -> s.get("late")).toList(), "before the 15th");

        Map<String, Object> first = r.actor.as("school", () -> r.as(schoolAdmin(a.id()), () -> returns.submit(a.id(), Q4)));
        long id1 = ((Number) first.get("id")).longValue();
        assertEquals("SUBMITTED", first.get("status"));
        assertEquals(1, first.get("seq"));
        assertEquals(1L, auditRows(id1));
        assertEquals("error.returns.submitted", conflict(() -> r.as(schoolAdmin(a.id()), () -> returns.submit(a.id(), Q4))),
                "under review");
        assertThrows(ForbiddenException.class, () -> r.as(teacher(a.id()), () -> returns.submit(a.id(), Q4)));
        assertThrows(NotFoundException.class, () -> r.as(schoolAdmin(b.id()), () -> returns.submit(a.id(), Q4)));
        assertThrows(ForbiddenException.class, () -> r.as(schoolAdmin(a.id()), () -> returns.review(id1, "ACCEPT", null)));

        ValidationException noComment = assertThrows(ValidationException.class,
                () -> r.as(county(), () -> returns.review(id1, "RETURN", "  ")));
        assertEquals("comment", noComment.errors().get(0).field());
        assertEquals("decision", assertThrows(ValidationException.class,
                () -> r.as(county(), () -> returns.review(id1, "MAYBE", "x"))).errors().get(0).field());
        Map<String, Object> returned = r.actor.as("county", () -> r.as(county(), () -> returns.review(id1, "RETURN", "留守类型有误，请核对")));
        assertEquals("RETURNED", returned.get("status"));
        assertEquals("留守类型有误，请核对", returned.get("comment"));
        assertEquals(2L, auditRows(id1));

        // the school corrects: a child added, one archived away, one's 留守类型 changed
        r.child("新同学", Gender.FEMALE, LocalDate.of(2016, 9, 1), 6, a.id(), null, LeftBehindType.BOTH_AWAY);
        Child z = r.children.get(zhang.id()).orElseThrow();
        r.children.archive(z.id(), z.version());
        Child w = r.children.get(wang.id()).orElseThrow();
        r.children.update(w.toBuilder().leftBehindType(LeftBehindType.FATHER_AWAY).build());

        clock.advance(Duration.between(clock.instant(), ZonedDateTime.of(2026, 12, 15, 9, 0, 0, 0, TestSupport.ZONE).toInstant()));
        schools = (List<Map<String, Object>>) r.as(county(), () -> returns.list(Q4)).get("schools");
        Map<String, Object> rowA = schools.stream().filter(s -> s.get("schoolId").equals(a.id())).findFirst().orElseThrow();
        Map<String, Object> rowB = schools.stream().filter(s -> s.get("schoolId").equals(b.id())).findFirst().orElseThrow();
        assertEquals("RETURNED", rowA.get("status"));
        assertEquals(true, rowA.get("late"), "returned and not resubmitted on the 15th");
        assertEquals("NOT_SUBMITTED", rowB.get("status"));
        assertEquals(true, rowB.get("late"));
        List<Map<String, Object>> own = (List<Map<String, Object>>) r.as(schoolAdmin(b.id()), () -> returns.list(Q4)).get("schools");
        assertEquals(List.of(b.id()), own.stream().map(s -> s.get("schoolId")).toList(), "a school sees its own row only");

        Map<String, Object> second = r.as(schoolAdmin(a.id()), () -> returns.submit(a.id(), Q4));
        long id2 = ((Number) second.get("id")).longValue();
        assertEquals(2, second.get("seq"));
        assertEquals(true, second.get("late"));
        Map<String, Object> changes = (Map<String, Object>) second.get("changes");
        assertEquals(1, changes.get("added"));
        assertEquals(1, changes.get("departed"));
        assertEquals(1, changes.get("typeChanged"));
        assertEquals(0, changes.get("guardianChanged"));
        assertEquals(Map.of("id", id1, "period", "2026Q4", "seq", 1), changes.get("previous"));
        // the school administrator reads the archive: the children who moved, by name, with their 留守类型 before and after
        List<Map<String, Object>> moved = (List<Map<String, Object>>) changes.get("children");
        assertEquals(List.of("新同学:ADDED:null:BOTH_AWAY", zhang.name() + ":DEPARTED:" + zhang.leftBehindType() + ":null",
                "王小明:TYPE:BOTH_AWAY:FATHER_AWAY"), moved.stream().map(m -> m.get("name") + ":" + m.get("change") + ":"
                        + m.get("typeBefore") + ":" + m.get("typeAfter")).toList());
        assertEquals(1L, auditReads(id2), "the answer naming the children who moved is a read of their archive, audited");
        // the officer reads counts only: the same numbers, no names, no read of the archive
        Map<String, Object> counted = (Map<String, Object>) r.as(officer(), () -> returns.submission(id2)).get("changes");
        assertEquals(1, counted.get("added"));
        assertFalse(counted.containsKey("children"), "no names for counts-only roles: " + counted);
        assertEquals(1L, auditReads(id2));

        Map<String, Object> accepted = r.as(county(), () -> returns.review(id2, "ACCEPT", null));
        assertEquals("ACCEPTED", accepted.get("status"));
        assertEquals("error.returns.accepted", conflict(() -> r.as(schoolAdmin(a.id()), () -> returns.submit(a.id(), Q4))),
                "accepted is final");
        assertEquals("error.returns.state", conflict(() -> r.as(county(), () -> returns.review(id2, "RETURN", "再看看"))));
        assertEquals("error.returns.state", conflict(() -> r.as(county(), () -> returns.review(id1, "ACCEPT", null))),
                "an old version");

        List<Map<String, Object>> history = (List<Map<String, Object>>) returns.submission(id2).get("history");
        assertEquals(List.of("SUBMITTED", "RETURNED", "SUBMITTED", "ACCEPTED"), history.stream().map(h -> h.get("action")).toList());
        assertEquals("school", history.get(0).get("actor"));
        assertEquals("county", history.get(1).get("actor"));
        assertEquals(2L, auditRows(id2));

        // the snapshot does not move with the archive: the first submission still says 4 new, 3 children in the archive
        Map<String, Number> snap1 = new LinkedHashMap<>();
        for (Map<String, Object> f : (List<Map<String, Object>>) returns.submission(id1).get("figures")) {
            snap1.put((String) f.get("key"), (Number) f.get("value"));
        }
        assertEquals(4, snap1.get("newChildren").intValue());
        assertEquals(1, snap1.get("children.type.BOTH_AWAY").intValue());
        assertEquals(1, snap1.get("children.type.FATHER_AWAY").intValue());
        assertEquals(2L, values(returns.draw(a.id(), Q4).figures()).get("core:children.type.FATHER_AWAY"), "now: 王小明 too");
        assertEquals(0.3333, snap1.get("archiveRate").doubleValue(), 1e-9);
        schools = (List<Map<String, Object>>) r.as(county(), () -> returns.list(Q4)).get("schools");
        assertEquals("ACCEPTED", schools.stream().filter(s -> s.get("schoolId").equals(a.id())).findFirst().orElseThrow().get("status"));
    }

    /**
     * Trends: the latest submission of each school per quarter; counts add up over the schools, a rate is weighted by
     * the schools' children; a quarter without a submission has no value; a quarter's first submission shows what moved
     * since the school's last one of the quarter before.
     */
    @SuppressWarnings("unchecked")
    @Test
    void trendsAddUpTheSchoolsLatestSubmissionsPerQuarterAndAFirstSubmissionComparesWithTheQuarterBefore() {
        ReturnPeriod q3 = ReturnPeriod.parse("2026Q3");
        r.as(schoolAdmin(a.id()), () -> returns.submit(a.id(), q3));
        r.child("新同学", Gender.FEMALE, LocalDate.of(2016, 9, 1), 6, a.id(), null, LeftBehindType.BOTH_AWAY);
        Map<String, Object> a4 = r.as(schoolAdmin(a.id()), () -> returns.submit(a.id(), Q4));
        Map<String, Object> b4 = r.as(schoolAdmin(b.id()), () -> returns.submit(b.id(), Q4));
        Map<String, Object> moved = (Map<String, Object>) a4.get("changes");
        assertEquals("2026Q3", ((Map<String, Object>) moved.get("previous")).get("period"), "compared with the quarter before");
        assertEquals(1, moved.get("added"));
        assertEquals(null, b4.get("changes"), "school B's first submission ever: nothing to compare");

        Map<String, Number> aQ3 = new LinkedHashMap<>();
        Map<String, Number> aQ4 = new LinkedHashMap<>();
        Map<String, Number> bQ4 = new LinkedHashMap<>();
        for (Object[] x : List.of(new Object[] { aQ3, returns.submission(((Number) a4.get("id")).longValue() - 1) },
                new Object[] { aQ4, a4 }, new Object[] { bQ4, b4 })) {
            for (Map<String, Object> f : (List<Map<String, Object>>) ((Map<String, Object>) x[1]).get("figures")) {
                ((Map<String, Number>) x[0]).put((String) f.get("key"), (Number) f.get("value"));
            }
        }
        Map<String, Object> county = r.as(county(), () -> returns.trends(null, Q4, 3));
        assertEquals(List.of("2026Q2", "2026Q3", "2026Q4"), county.get("periods"));
        assertEquals(List.of(0, 1, 2), county.get("submissions"));
        Map<String, List<Number>> series = new LinkedHashMap<>();
        for (Map<String, Object> f : (List<Map<String, Object>>) county.get("figures")) {
            series.put((String) f.get("key"), (List<Number>) f.get("values"));
        }
        List<Number> children = series.get("children");
        assertEquals(null, children.get(0));
        assertEquals(aQ3.get("children").longValue(), children.get(1).longValue());
        assertEquals(aQ4.get("children").longValue() + bQ4.get("children").longValue(), children.get(2).longValue());
        double weighted = (aQ4.get("archiveRate").doubleValue() * aQ4.get("children").doubleValue()
                + bQ4.get("archiveRate").doubleValue() * Math.max(1, bQ4.get("children").doubleValue()))
                / (aQ4.get("children").doubleValue() + Math.max(1, bQ4.get("children").doubleValue()));
        assertEquals(weighted, series.get("archiveRate").get(2).doubleValue(), 1e-9);

        Map<String, Object> own = r.as(schoolAdmin(b.id()), () -> returns.trends(null, Q4, 3));
        assertEquals(List.of(0, 0, 1), own.get("submissions"), "a school adds up its own submissions only");
        assertThrows(NotFoundException.class, () -> r.as(schoolAdmin(b.id()), () -> returns.trends(a.id(), Q4, 3)));
        assertEquals(List.of("2025", "2026"), r.as(county(), () -> returns.trends(a.id(), ReturnPeriod.parse("2026"), 2)).get("periods"));
    }

    private static String conflict(Runnable work) {
        ReturnsService.Conflict e = assertThrows(ReturnsService.Conflict.class, work::run);
        return e.key;
    }

    @Test
    void aYearIsDueBeforeTheFifteenthOfJanuaryAndTheQuarterBeforeTheFifteenthOfItsLastMonth() {
        assertEquals(LocalDate.of(2027, 1, 14), ReturnsService.lastDay(ReturnPeriod.parse("2026")));
        assertEquals(LocalDate.of(2026, 3, 14), ReturnsService.lastDay(ReturnPeriod.parse("2026Q1")));
        assertEquals(LocalDate.of(2026, 9, 14), ReturnsService.lastDay(ReturnPeriod.parse("2026q3")));
    }

    @Test
    void theWorkbookIsInChineseWithARowPerFigure() throws IOException {
        Download d = returns.xlsx(returns.draw(a.id(), Q4));
        assertTrue(d.fileName().startsWith("报表-温水镇中心小学-2026Q4"), d.fileName());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        d.writer().write(out);
        List<List<String>> rows = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals("2026年第4季度", wb.getFirstSheet().getName());
            for (Row row : wb.getFirstSheet().read()) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    var cell = c < row.getCellCount() ? row.getCell(c) : null;
                    cells.add(cell == null || cell.getRawValue() == null ? "" : cell.getRawValue());
                }
                rows.add(cells);
            }
        }
        assertEquals(List.of("项目", "指标", "数值", "口径"), rows.get(0));
        List<String> total = rows.stream().filter(x -> x.get(1).equals("留守儿童总数")).findFirst().orElseThrow();
        assertEquals("儿童档案", total.get(0));
        assertEquals(3.0, Double.parseDouble(total.get(2)));
        assertEquals("统计时在册（未归档）的儿童人数", total.get(3));
        List<String> rate = rows.stream().filter(x -> x.get(1).equals("建档率")).findFirst().orElseThrow();
        assertEquals(0.3333, Double.parseDouble(rate.get(2)), 1e-3);
        assertEquals(returns.draw(a.id(), Q4).figures().size() + 1, rows.size());
    }
}
