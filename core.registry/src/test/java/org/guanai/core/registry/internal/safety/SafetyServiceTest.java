package org.guanai.core.registry.internal.safety;

import static org.guanai.core.registry.internal.TestSupport.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.ForbiddenException;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.Permissions;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianCapacity;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.notify.Notice;
import org.guanai.core.api.notify.Notifications;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.audit.AuditLogTest.MutableClock;
import org.guanai.core.registry.internal.security.RolePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guardianship alerts, the incident clock and mandatory reports on a real H2 database, with a fake clock. */
class SafetyServiceTest {
    private final MutableClock clock = new MutableClock(TestSupport.CLOCK.instant());
    private TestRegistry base;
    private TestRegistry r;
    private SafetyService safety;
    private SafetySweep sweeper;
    private final List<Notice> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    private School school;
    private SchoolClass class1;
    private SchoolClass class2;
    private Staff teacher;
    private int sequence;
    private SafetyNotices notices;

    @BeforeEach
    void setUp() {
        base = new TestRegistry("safety");
        r = base.at(clock);
        notices = new SafetyNotices(r.db);
        safety = new SafetyService(r.db, r.callers, r.audit, r.actor, notices, clock, Duration.ofHours(24));
        sweeper = new SafetySweep(r.db, notices, clock, Duration.ofHours(24));
        notices.setNotifications(notice -> {
            sent.add(notice);
            return OptionalLong.of(sent.size());
        });
        school = r.school("温水镇中心小学");
        teacher = r.teacher(school.id(), "王老师");
        class1 = r.schools.createClass(new SchoolClass(null, 0, school.id(), 3, "三年级1班", teacher.id()));
        class2 = r.schoolClass(school.id(), 3, "三年级2班");
    }

    @AfterEach
    void tearDown() {
        sweeper.deactivate();
        base.close();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), TestSupport.ZONE);
    }

    private Child child(String name, LocalDate birth, Long classId, boolean unattended) {
        Child c = TestRegistry.newChild(name, Gender.MALE, birth, ++sequence, school.id(),
                classId, LeftBehindType.BOTH_AWAY);
        return r.children.create(c.toBuilder().unattended(unattended).build());
    }

    private Guardian guardian(long child, GuardianKind kind, int age, GuardianCapacity capacity, boolean primary) {
        return r.guardians.addGuardian(Guardian.builder().childId(child).kind(kind).name("李秀兰").relation("亲属").age(age)
                .capacity(capacity).primary(primary).build());
    }

    private long openAlerts(long child) {
        return TestSupport.count(r.db, "SELECT COUNT(*) FROM core_guardianship_alert WHERE child_id = ? AND closed_at IS NULL", child);
    }

    private List<String> kinds() {
        return sent.stream().map(Notice::kind).toList();
    }

    private static Caller caller(String user, Set<Long> schools, Set<Long> classes, String... permissions) {
        return Caller.builder(user).roles(Set.of("teacher")).schoolIds(schools).allClasses(classes == null)
                .classIds(classes == null ? Set.of() : classes).permissions(Set.of(permissions)).build();
    }

    // ---- alerts

    @Test
    void regressionAFourteenYearOldAcceptedAsPrimaryGuardianRaisesAnAlertWithOwnerAndDeadline() {
        Child kid = child("李小明", today().minusYears(9), class1.id(), false);
        Guardian sister = guardian(kid.id(), GuardianKind.RELATIVE, 14, null, true);
        assertEquals(GuardianCapacity.CAPABLE, sister.capacity(), "accepted, capable by default");
        List<Map<String, Object>> alerts = safety.alerts(school.id());
        assertEquals(1, alerts.size());
        Map<String, Object> a = alerts.get(0);
        assertEquals(kid.id(), a.get("childId"));
        assertEquals("GUARDIAN_MINOR", a.get("reason"));
        assertTrue(((String) a.get("reason_zh")).contains("未满18周岁"));
        assertTrue(((String) a.get("reason_en")).contains("under 18"));
        @SuppressWarnings("unchecked")
        Map<String, Object> owner = (Map<String, Object>) a.get("owner");
        assertEquals("HEAD_TEACHER", owner.get("kind"));
        assertEquals("王老师", owner.get("name"));
        assertEquals(clock.instant().plus(Duration.ofHours(24)), a.get("deadline"));
        assertEquals(false, a.get("overdue"));
    }

    @Test
    void aChildAloneWithoutHeadTeacherIsOwnedByTheSchoolAdministratorsAndClosedByAnAdultDelegatedGuardian() {
        Child kid = child("张小红", today().minusYears(11), class2.id(), true);
        Map<String, Object> a = safety.alerts(null).get(0);
        assertEquals("UNATTENDED", a.get("reason"));
        assertEquals("SCHOOL_ADMIN", ((Map<?, ?>) a.get("owner")).get("kind"));
        guardian(kid.id(), GuardianKind.DELEGATED, 16, null, true);
        assertEquals(2, openAlerts(kid.id()), "a delegated guardian of 16 is no guardian: the minor's alert as well");
        guardian(kid.id(), GuardianKind.DELEGATED, 45, null, false);
        assertEquals(0, openAlerts(kid.id()));
        assertEquals(List.of(List.of("RESOLVED"), List.of("RESOLVED")), TestSupport.rows(r.db,
                "SELECT close_reason FROM core_guardianship_alert WHERE child_id = ?", kid.id()));
        assertEquals(List.of(), safety.alerts(null));
    }

    @Test
    void aGuardianAssessedWithoutCapacityRaisesAnAlertUntilTheAssessmentChanges() {
        Child kid = child("陈小军", today().minusYears(8), class1.id(), false);
        Guardian grandma = guardian(kid.id(), GuardianKind.GRANDPARENTS, 80, GuardianCapacity.CAPABLE, true);
        assertEquals(0, openAlerts(kid.id()));
        Guardian assessed = r.guardians.updateGuardian(grandma.toBuilder().capacity(GuardianCapacity.INCAPABLE)
                .capacityAssessedOn(today()).capacityNote("卧床，无法照料").build());
        assertEquals("卧床，无法照料", assessed.capacityNote());
        assertEquals("GUARDIAN_INCAPABLE", safety.alerts(school.id()).get(0).get("reason"));
        r.guardians.removeGuardian(assessed.id(), assessed.version());
        assertEquals(0, openAlerts(kid.id()), "no guardian left and not marked alone: nothing to alert");
    }

    @Test
    void theDailySweepClosesTheAlertOfAChildTurning16AndOfAGuardianTurning18() {
        Child older = child("刘小强", today().minusYears(16).plusDays(1), class1.id(), true);
        Child younger = child("刘小花", today().minusYears(10), class1.id(), false);
        r.guardians.addGuardian(Guardian.builder().childId(younger.id()).kind(GuardianKind.RELATIVE).name("刘大哥")
                .birthDate(today().minusYears(18).plusDays(1)).primary(true).build());
        assertEquals(1, openAlerts(older.id()));
        assertEquals(1, openAlerts(younger.id()));
        sweeper.sweep();
        assertEquals(1, openAlerts(older.id()), "today both are still under age");
        clock.advance(Duration.ofDays(1));
        sweeper.sweep();
        assertEquals(0, openAlerts(older.id()));
        assertEquals(0, openAlerts(younger.id()));
        assertEquals(List.of(List.of("AGED_OUT")), TestSupport.rows(r.db,
                "SELECT close_reason FROM core_guardianship_alert WHERE child_id = ?", older.id()));
    }

    @Test
    void theSweepFindsChildrenMarkedBeforeTheRulesExisted() throws Exception {
        Child kid = child("周小梅", today().minusYears(7), class1.id(), false);
        try (var c = r.db.getConnection()) {
            c.createStatement().executeUpdate("UPDATE core_child SET unattended = TRUE WHERE id = " + kid.id());
        }
        assertEquals(0, openAlerts(kid.id()));
        sweeper.sweep();
        assertEquals(1, openAlerts(kid.id()));
    }

    @Test
    void aNewAlertIsNotifiedOnceWithItsMandatoryReportAndEscalatedOnceWhenOverdue() {
        Child kid = child("赵小东", today().minusYears(9), class1.id(), true);
        sweeper.sweep();
        sweeper.sweep();
        assertEquals(List.of("GUARDIANSHIP_ALERT"), kinds());
        assertTrue(sent.get(0).urgent(), "a child alone is urgent");
        assertEquals(school.id(), sent.get(0).schoolId());
        assertTrue(sent.get(0).subjectZh().contains("赵小东"));
        List<Map<String, Object>> reports = safety.reports(school.id(), null);
        assertEquals(1, reports.size());
        assertEquals("LIVING_ALONE", reports.get(0).get("trigger"));
        assertEquals("PENDING", reports.get(0).get("status"));
        clock.advance(Duration.ofHours(24).plusMinutes(1));
        assertEquals(true, safety.alerts(school.id()).get(0).get("overdue"));
        sweeper.sweep();
        sweeper.sweep();
        assertEquals(List.of("GUARDIANSHIP_ALERT", "GUARDIANSHIP_ALERT_OVERDUE"), kinds());
        assertEquals("alert:" + safety.alerts(school.id()).get(0).get("id") + ":overdue", sent.get(1).dedupKey());
        assertTrue(sent.get(1).audience().roles().contains(org.guanai.core.api.dto.Role.COUNTY_ADMIN));
        assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_mandatory_report WHERE child_id = ?", kid.id()));
    }

    @Test
    void twoNodesOnOneDatabaseSendEachNoticeOnce() throws Exception {
        SafetyNotices otherNotices = new SafetyNotices(r.db);
        SafetySweep otherNode = new SafetySweep(r.db, otherNotices, clock, Duration.ofHours(24));
        otherNotices.setNotifications(notice -> {
            sent.add(notice);
            return OptionalLong.of(sent.size());
        });
        try {
            Child kid = child("蒋小北", today().minusYears(9), class1.id(), true);
            safety.recordIncident(kid.id(), new SafetyService.IncidentInput(IncidentKind.OTHER, clock.instant(), "在校外独自玩水"));
            clock.advance(Duration.ofHours(25));
            Thread a = new Thread(sweeper::sweep);
            Thread b = new Thread(otherNode::sweep);
            a.start();
            b.start();
            a.join();
            b.join();
            sweeper.sweep();
            otherNode.sweep();
            assertEquals(List.of("INCIDENT_RECORDED", "GUARDIANSHIP_ALERT", "GUARDIANSHIP_ALERT_OVERDUE",
                    "INCIDENT_DEADLINE_MISSED", "INCIDENT_DEADLINE_MISSED", "INCIDENT_DEADLINE_MISSED"),
                    kinds().stream().sorted(java.util.Comparator.comparing(k -> List.of("INCIDENT_RECORDED", "GUARDIANSHIP_ALERT",
                            "GUARDIANSHIP_ALERT_OVERDUE", "INCIDENT_DEADLINE_MISSED").indexOf(k))).toList());
            assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_mandatory_report WHERE source = 'ALERT'"));
        } finally {
            otherNode.deactivate();
        }
    }

    @Test
    void withoutTheNotificationServiceNothingFailsAndWhatWasNotSentIsSentWhenItComes() {
        Notifications later = notice -> {
            sent.add(notice);
            return OptionalLong.of(1);
        };
        notices.setNotifications(null);
        child("钱小北", today().minusYears(9), class1.id(), true);
        sweeper.sweep();
        assertEquals(List.of(), kinds());
        notices.setNotifications(later);
        sweeper.sweep();
        assertEquals(List.of("GUARDIANSHIP_ALERT"), kinds());
    }

    @Test
    void aTeacherSeesTheAlertsOfHerClassesAndOthersOfTheSchoolNot() {
        Child mine = child("孙小一", today().minusYears(9), class1.id(), true);
        child("孙小二", today().minusYears(9), class2.id(), true);
        Caller her = caller("teacher1", Set.of(school.id()), Set.of(class1.id()), RolePermissions.SAFETY_READ);
        List<Map<String, Object>> seen = r.as(her, () -> safety.alerts(school.id()));
        assertEquals(List.of(mine.id()), seen.stream().map(a -> a.get("childId")).toList());
        Caller health = caller("health1", Set.of(school.id()), null, Permissions.REGISTRY_READ);
        assertThrows(ForbiddenException.class, () -> r.as(health, () -> safety.alerts(school.id())));
        r.audit.verify();
        assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit WHERE action = 'READ'"
                + " AND entity = 'guardianship_alert' AND child_id = ?", mine.id()), "the teacher's read is audited");
        assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit WHERE action = 'READ'"
                + " AND entity = 'guardianship_alert'"), "the platform's own reads are not");
    }

    // ---- incidents

    private Map<String, Object> deadline(Map<String, Object> incident, String target) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ds = (List<Map<String, Object>>) incident.get("deadlines");
        return ds.stream().filter(d -> d.get("target").equals(target)).findFirst().orElseThrow();
    }

    private String status(long incident, String target) {
        return (String) deadline(safety.incident(incident), target).get("status");
    }

    @Test
    void theIncidentClockRunsFromTheIncidentEachDeadlineOnTimeOrLateAndEscalatedOnce() {
        Child kid = child("吴小南", today().minusYears(10), class1.id(), false);
        Instant occurred = clock.instant().minus(Duration.ofMinutes(10));
        Map<String, Object> incident = safety.recordIncident(kid.id(),
                new SafetyService.IncidentInput(IncidentKind.INJURY, occurred, "课间摔倒，手臂擦伤"));
        long id = (Long) incident.get("id");
        assertEquals(List.of("INCIDENT_RECORDED"), kinds());
        assertTrue(sent.get(0).urgent());
        assertEquals(occurred.plus(Duration.ofMinutes(30)), deadline(incident, "DELEGATED_GUARDIAN").get("due"));
        assertEquals(occurred.plus(Duration.ofHours(1)), deadline(incident, "PARENTS").get("due"));
        assertEquals(occurred.plus(Duration.ofHours(2)), deadline(incident, "AUTHORITIES").get("due"));
        assertEquals("PENDING", status(id, "DELEGATED_GUARDIAN"));

        // the delegated guardian reached after 20 minutes: on time
        clock.advance(Duration.ofMinutes(10));
        safety.recordNotice(id, new SafetyService.NoticeInput(NoticeTarget.DELEGATED_GUARDIAN,
                occurred.plus(Duration.ofMinutes(20)), "李秀兰（奶奶）", NoticeMethod.PHONE, true, null));
        assertEquals("DONE", status(id, "DELEGATED_GUARDIAN"));

        // the parents tried, not reached; an hour passes: late, escalated once
        safety.recordNotice(id, new SafetyService.NoticeInput(NoticeTarget.PARENTS, occurred.plus(Duration.ofMinutes(25)),
                "吴父", NoticeMethod.PHONE, false, "无人接听"));
        clock.advance(Duration.ofMinutes(41)); // occurred + 61 min
        assertEquals("LATE", status(id, "PARENTS"));
        assertEquals("PENDING", status(id, "AUTHORITIES"));
        sweeper.sweep();
        sweeper.sweep();
        assertEquals(List.of("INCIDENT_RECORDED", "INCIDENT_DEADLINE_MISSED"), kinds());
        assertEquals("incident:" + id + ":PARENTS:late", sent.get(1).dedupKey());

        // reached late: still late, with when
        clock.advance(Duration.ofMinutes(40)); // occurred + 101 min
        safety.recordNotice(id, new SafetyService.NoticeInput(NoticeTarget.PARENTS, occurred.plus(Duration.ofMinutes(70)),
                "吴父", NoticeMethod.PHONE, true, null));
        assertEquals("LATE", status(id, "PARENTS"));
        assertEquals(occurred.plus(Duration.ofMinutes(70)), deadline(safety.incident(id), "PARENTS").get("reachedAt"));

        // the authorities reached on time (recorded afterwards): never escalated
        safety.recordNotice(id, new SafetyService.NoticeInput(NoticeTarget.AUTHORITIES, occurred.plus(Duration.ofMinutes(100)),
                "镇教管中心", NoticeMethod.IN_PERSON, true, null));
        clock.advance(Duration.ofHours(2));
        sweeper.sweep();
        assertEquals("DONE", status(id, "AUTHORITIES"));
        assertEquals(List.of("INCIDENT_RECORDED", "INCIDENT_DEADLINE_MISSED"), kinds());
        assertNull(deadline(safety.incident(id), "AUTHORITIES").get("escalatedAt"));
        assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_mandatory_report WHERE source = 'INCIDENT'"
                + " AND source_id = ? AND trigger_code = 'SUSPECTED_HARM'", id));
    }

    @Test
    void eachMissedDeadlineIsEscalatedOnceAtItsOwnTime() {
        Child kid = child("郑小西", today().minusYears(10), class1.id(), false);
        long id = (Long) safety.recordIncident(kid.id(), new SafetyService.IncidentInput(IncidentKind.MISSING, clock.instant(),
                "放学后未回家")).get("id");
        clock.advance(Duration.ofMinutes(31));
        sweeper.sweep();
        clock.advance(Duration.ofMinutes(30));
        sweeper.sweep();
        clock.advance(Duration.ofMinutes(60));
        sweeper.sweep();
        sweeper.sweep();
        assertEquals(List.of("incident:" + id + ":DELEGATED_GUARDIAN:late", "incident:" + id + ":PARENTS:late",
                "incident:" + id + ":AUTHORITIES:late"), sent.stream().skip(1).map(Notice::dedupKey).toList());
        assertEquals("MISSING", safety.reports(school.id(), null).get(0).get("trigger"));
        Notice late = sent.get(1);
        assertEquals("事件通知超时：郑小西，委托监护人（30分钟内）", late.subjectZh());
        assertTrue(late.bodyEn().contains("Missing") && late.bodyEn().contains("30 minutes"), late.bodyEn());
        assertTrue(sent.get(0).subjectZh().contains("走失"), sent.get(0).subjectZh());
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndNothingIsStored() {
        Child kid = child("冯小中", today().minusYears(10), class1.id(), false);
        assertRefused("kind", () -> safety.recordIncident(kid.id(), new SafetyService.IncidentInput(null, clock.instant(), "x")));
        assertRefused("occurredAt", () -> safety.recordIncident(kid.id(),
                new SafetyService.IncidentInput(IncidentKind.OTHER, clock.instant().plus(Duration.ofHours(1)), "x")));
        assertRefused("description", () -> safety.recordIncident(kid.id(),
                new SafetyService.IncidentInput(IncidentKind.OTHER, clock.instant(), "  ")));
        assertEquals(0, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_incident"));
        long id = (Long) safety.recordIncident(kid.id(), new SafetyService.IncidentInput(IncidentKind.BULLYING,
                clock.instant(), "同学推搡")).get("id");
        assertRefused("informedAt", () -> safety.recordNotice(id, new SafetyService.NoticeInput(NoticeTarget.PARENTS,
                clock.instant().minus(Duration.ofMinutes(1)), "冯父", NoticeMethod.PHONE, true, null)));
        assertRefused("recipient", () -> safety.recordNotice(id, new SafetyService.NoticeInput(NoticeTarget.PARENTS,
                clock.instant(), null, NoticeMethod.PHONE, true, null)));
        assertEquals(0, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_incident_notice"));
        assertEquals(0, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_mandatory_report"), "bullying is no trigger");
    }

    @Test
    void incidentsAreSeenOnlyInReachAndEveryReadIsAudited() {
        Child mine = child("褚小甲", today().minusYears(10), class1.id(), false);
        Child other = child("褚小乙", today().minusYears(10), class2.id(), false);
        safety.recordIncident(mine.id(), new SafetyService.IncidentInput(IncidentKind.INJURY, clock.instant(), "擦伤"));
        long otherId = (Long) safety.recordIncident(other.id(), new SafetyService.IncidentInput(IncidentKind.INJURY,
                clock.instant(), "擦伤")).get("id");
        Caller her = caller("teacher1", Set.of(school.id()), Set.of(class1.id()), RolePermissions.SAFETY_READ,
                RolePermissions.SAFETY_WRITE);
        assertEquals(List.of(mine.id()), r.as(her, () -> safety.incidents(school.id())).stream().map(i -> i.get("childId")).toList());
        assertThrows(NotFoundException.class, () -> r.as(her, () -> safety.incident(otherId)));
        assertThrows(NotFoundException.class, () -> r.as(her, () -> safety.recordIncident(other.id(),
                new SafetyService.IncidentInput(IncidentKind.OTHER, clock.instant(), "x"))));
        Caller officer = caller("officer1", Set.of(school.id()), null, Permissions.REGISTRY_AGGREGATE);
        assertThrows(ForbiddenException.class, () -> r.as(officer, () -> safety.incidents(school.id())));
        assertEquals(1L, r.as(officer, () -> safety.counts()).get(0).get("openAlerts") instanceof Long l ? 1L : 0L);
        r.audit.verify();
        assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit WHERE action = 'READ' AND entity = 'incident'"
                + " AND child_id = ?", mine.id()), "the teacher's read of her pupil's incident is audited, nothing else");
    }

    @Test
    void aPoliceReportIsRecordedAgainstTheMandatoryReport() {
        Child kid = child("卫小丙", today().minusYears(10), class1.id(), false);
        safety.recordIncident(kid.id(), new SafetyService.IncidentInput(IncidentKind.DOMESTIC_VIOLENCE, clock.instant(),
                "身上多处淤青，称父亲殴打"));
        long report = (Long) safety.reports(null, "贵州省遵义市习水县").get(0).get("id");
        assertRefused("policeStation", () -> safety.recordReport(report, new SafetyService.ReportInput(ReportStatus.REPORTED,
                clock.instant(), null, "王老师", null, null)));
        Map<String, Object> done = safety.recordReport(report, new SafetyService.ReportInput(ReportStatus.REPORTED,
                clock.instant(), "温水派出所", "王老师", "温公（刑）受字〔2026〕123号", null));
        assertEquals("REPORTED", done.get("status"));
        assertEquals("温水派出所", done.get("policeStation"));
        assertEquals(List.of(), safety.reports(null, "别的县"));
        assertFalse(safety.reports(school.id(), null).isEmpty());
    }
}
