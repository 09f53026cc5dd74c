package org.guanai.core.registry.internal.http;

import static org.guanai.core.registry.internal.TestRegistry.newChild;
import static org.guanai.core.registry.internal.TestRegistry.newGuardian;
import static org.guanai.core.registry.internal.TestRegistry.newParent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.care.MentoringRecords;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.School;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The county's dashboard ({@code GET /api/county/dashboard}, issue 20) against a small county counted by hand: totals,
 * one row per school (an empty school too), 建档率, 结对率 from a programme's {@link MentoringRecords}, the cards not
 * checked this quarter, and the reach of a school's caller.
 */
class CountyServletTest {
    private static final Clock LAST_QUARTER = Clock.fixed(Instant.parse("2026-09-15T02:00:00Z"), TestSupport.ZONE);
    private static final LocalDate TODAY = TestSupport.TODAY;
    private static final Instant TODAY_AT = TestSupport.CLOCK.instant();

    private TestRegistry r;
    private School a;
    private School b;
    private School c;
    private final List<MentoringRecords.ChildMentoring> mentored = new ArrayList<>();

    /** A programme's records: the children given, whatever the school (the servlet keeps its own children). */
    private final MentoringRecords records = new MentoringRecords() {
        @Override
        public List<ChildMentoring> forSchool(long school, LocalDate from, LocalDate to) {
            return mentored;
        }

        @Override
        public List<MentorDuties> duties(long school, LocalDate from, LocalDate to) {
            throw new UnsupportedOperationException();
        }
    };

    @BeforeEach
    void setUp() {
        r = new TestRegistry("county");
        a = r.school("A 温水镇中心小学");
        b = r.school("B 良村镇中心小学");
        c = r.school("C 东皇镇小学");
        LocalDate born = LocalDate.of(2016, 4, 1);
        // school A: three children; one complete archive (ID, address, primary guardian, a parent's phone), one 无人监护,
        // one not saved since last quarter; an archived fourth counts nowhere
        Child complete = r.child("王小一", Gender.MALE, born, 1, a.id(), null, LeftBehindType.BOTH_AWAY);
        r.guardians.addGuardian(newGuardian(complete.id(), GuardianKind.GRANDPARENTS, "王奶奶", true));
        r.guardians.addParent(newParent(complete.id(), ParentRole.FATHER, "王爸爸", true, LocalDate.of(2025, 2, 1), true).toBuilder()
                .phone("13812345678").build());
        Child alone = r.children.create(newChild("王小二", Gender.MALE, born, 2, a.id(), null, LeftBehindType.BOTH_AWAY).toBuilder()
                .unattended(true).build());
        Child old = r.at(LAST_QUARTER).children.create(newChild("王小三", Gender.FEMALE, born, 3, a.id(), null, LeftBehindType.MOTHER_AWAY));
        Child gone = r.child("王小四", Gender.FEMALE, born, 4, a.id(), null, LeftBehindType.BOTH_AWAY);
        r.children.archive(gone.id(), gone.version());
        // school B: one child, not complete (no guardian)
        Child five = r.child("李小五", Gender.MALE, born, 5, b.id(), null, LeftBehindType.FATHER_AWAY);
        // pairs: 王小一 in force today, 王小三 ended last month, the archived child in force (not counted)
        mentored.add(pair(complete.id(), TODAY.minusMonths(2), null));
        mentored.add(pair(old.id(), TODAY.minusMonths(6), TODAY.minusMonths(1)));
        mentored.add(pair(gone.id(), TODAY.minusMonths(2), null));
        assertTrue(alone.unattended());
        // 监护预警: 王小二's open and escalated (overdue), 王小一's escalated but closed, 李小五's open, not yet overdue
        Jdbc jdbc = new Jdbc(r.db);
        jdbc.tx(x -> {
            for (Object[] alert : List.of(new Object[] { alone.id(), a.id(), null, TODAY_AT }, new Object[] { complete.id(), a.id(),
                    TODAY_AT, TODAY_AT }, new Object[] { five.id(), b.id(), null, null })) {
                Jdbc.update(x, "INSERT INTO core_guardianship_alert (child_id, school_id, reason, opened_at, closed_at, escalated_at)"
                        + " VALUES (?, ?, 'UNATTENDED', ?, ?, ?)", alert[0], alert[1], TODAY_AT, alert[2], alert[3]);
            }
            return null;
        });
    }

    @AfterEach
    void tearDown() {
        r.close();
    }

    private static MentoringRecords.ChildMentoring pair(long child, LocalDate start, LocalDate end) {
        return new MentoringRecords.ChildMentoring(child, List.of(MentoringRecords.Mentoring.builder(child * 10)
                .scheme("STAFF").mentor(MentoringRecords.TEACHER, 1).period(start, end).build()), List.of());
    }

    private static Caller officer() {
        return new Caller("officer", Set.of("OFFICER"), true, Set.of(), true, Set.of(), Optional.empty(),
                Set.of("registry.aggregate"));
    }

    private static Caller schoolAdmin(long school) {
        return new Caller("school", Set.of("SCHOOL_ADMIN"), false, Set.of(school), true, Set.of(), Optional.of(school),
                Set.of("registry.read"));
    }

    private Map<String, Object> dashboard(Caller caller, MentoringRecords programme) {
        CountyServlet servlet = new CountyServlet(r.db, r.callers, null, programme, TestSupport.CLOCK);
        return r.as(caller, servlet::dashboard);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> schools(Map<String, Object> d) {
        return (List<Map<String, Object>>) d.get("schools");
    }

    @Test
    void totalsAndOneRowPerSchoolCountedByHand() {
        Map<String, Object> d = dashboard(officer(), records);
        assertEquals(true, d.get("pairingAvailable"));
        assertEquals("2026-10-01", d.get("quarterStart"));
        List<Map<String, Object>> rows = schools(d);
        assertEquals(List.of(a.id(), b.id(), c.id()), rows.stream().map(x -> x.get("schoolId")).toList(), "every school, by name");
        Map<String, Object> ra = rows.get(0);
        assertEquals(List.of(3L, 1L, 1L, 0.333, 1L, 1L, 0.333), List.of(ra.get("children"), ra.get("unattended"),
                ra.get("archivesComplete"), ra.get("archiveCompleteness"), ra.get("contactCardsNotCheckedThisQuarter"),
                ra.get("paired"), ra.get("pairingRate")), ra.toString());
        Map<String, Object> rb = rows.get(1);
        assertEquals(List.of(1L, 0L, 0.0, 0L), List.of(rb.get("children"), rb.get("archivesComplete"), rb.get("archiveCompleteness"),
                rb.get("paired")), rb.toString());
        Map<String, Object> rc = rows.get(2);
        assertEquals(0L, rc.get("children"));
        assertNull(rc.get("archiveCompleteness"), "no children: no rate");
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) d.get("totals");
        assertEquals(List.of(3, 4L, 1L, 1L, 0.25, 1L, 1L, 0.25), List.of(t.get("schools"), t.get("children"), t.get("unattended"),
                t.get("archivesComplete"), t.get("archiveCompleteness"), t.get("contactCardsNotCheckedThisQuarter"), t.get("paired"),
                t.get("pairingRate")), t.toString());
        assertFalse(t.containsKey("name"));
        assertEquals(List.of(1L, 0L, 0L, 1L), List.of(ra.get("overdueAlerts"), rb.get("overdueAlerts"), rc.get("overdueAlerts"),
                t.get("overdueAlerts")), "open and escalated alerts only");
    }

    @Test
    void withoutAPairingProgrammeThereIsNoPairingRate() {
        Map<String, Object> d = dashboard(officer(), null);
        assertEquals(false, d.get("pairingAvailable"));
        assertNull(schools(d).get(0).get("pairingRate"));
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) d.get("totals");
        assertNull(t.get("paired"));
    }

    @Test
    void aSchoolsCallerSeesItsOwnSchoolOnly() {
        Map<String, Object> d = dashboard(schoolAdmin(b.id()), records);
        assertEquals(List.of(b.id()), schools(d).stream().map(x -> x.get("schoolId")).toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) d.get("totals");
        assertEquals(1L, t.get("children"));
        assertEquals(0L, t.get("paired"), "the pairs of another school's children are not hers");
    }
}
