package org.guanai.core.registry.internal.returns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.notify.Notifications;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.audit.AuditLogTest.MutableClock;
import org.guanai.core.registry.internal.notify.TestNotifications;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.programmes.ExportWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The returns' deadline reminders on a real H2 database with the real notification service (its inbox tells who got
 * what) and a fake clock: nothing 8 days before 2026Q4's last day (2026-12-14), the reminders 7 and 1 days before to the
 * administrators of the schools that have not submitted (a return sent back counts as not submitted), each once however
 * often the job runs, the overdue notices the day after and one list of the late schools for the county.
 */
class ReturnsRemindersTest {
    private static final ReturnPeriod Q4 = ReturnPeriod.parse("2026Q4");

    private final MutableClock clock = new MutableClock(TestSupport.CLOCK.instant());
    private TestRegistry base;
    private TestRegistry r;
    private ReturnsService returns;
    private ReturnsReminders reminders;
    private long pending;
    private long submitted;
    private long returned;
    private long archived;

    @BeforeEach
    void setUp() {
        base = new TestRegistry("reminders");
        r = base.at(clock);
        returns = new ReturnsService(r.db, r.callers, r.audit, r.actor, new ReturnsServiceTest.Enabled(), new ExportWriter(), clock);
        Notifications notifications = TestNotifications.service(r.db, clock);
        reminders = ReturnsReminders.forTests(r.db, clock, "7,1", notifications);
        pending = r.school("温水镇中心小学").id();
        submitted = r.school("良村镇中心小学").id();
        returned = r.school("龙溪镇中心小学").id();
        archived = r.school("旧村小学").id();
        new Jdbc(r.db).tx(c -> Jdbc.update(c, "UPDATE core_school SET archived = TRUE WHERE id = ?", archived));
        for (long s : List.of(pending, submitted, returned, archived)) {
            user("admin" + s, Role.SCHOOL_ADMIN, s);
            user("teacher" + s, Role.TEACHER, s);
        }
        user("county", Role.COUNTY_ADMIN, null);

        r.as(schoolAdmin(submitted), () -> returns.submit(submitted, Q4));
        long sent = ((Number) r.as(schoolAdmin(returned), () -> returns.submit(returned, Q4)).get("id")).longValue();
        r.as(county(), () -> returns.review(sent, "RETURN", "儿童人数有误，请核对"));
    }

    @AfterEach
    void tearDown() {
        base.close();
    }

    private void user(String name, Role role, Long school) {
        new Jdbc(r.db).tx(c -> {
            Instant now = clock.instant();
            long id = Jdbc.insert(c, "INSERT INTO core_user (username, display_name, password_hash, roles, active,"
                    + " password_changed_at, created_at, updated_at) VALUES (?, ?, 'x', ?, TRUE, ?, ?, ?)", name, name,
                    role.name(), now, now, now);
            if (school != null) {
                Jdbc.update(c, "INSERT INTO core_user_school (user_id, school_id) VALUES (?, ?)", id, school);
            }
            return id;
        });
    }

    private static Caller schoolAdmin(long school) {
        return Caller.builder("school" + school).roles(Set.of("SCHOOL_ADMIN")).schoolIds(Set.of(school)).allClasses(true)
                .schoolId(school).permissions(Set.of("registry.read", "registry.aggregate", "returns.submit")).build();
    }

    private static Caller county() {
        return Caller.builder("county").roles(Set.of("COUNTY_ADMIN")).allSchools(true).allClasses(true)
                .permissions(Set.of("registry.read", "registry.aggregate", "returns.review")).build();
    }

    /** Moves the clock to 08:00 China time of the day. */
    private void on(int year, int month, int day) {
        Instant at = ZonedDateTime.of(year, month, day, 8, 0, 0, 0, TestSupport.ZONE).toInstant();
        clock.advance(Duration.between(clock.instant(), at));
    }

    /** @return each notice's recipients, kind and key, in the order queued: "user kind dedupKey" */
    private List<String> inbox() {
        return TestSupport.rows(r.db, "SELECT u.username, n.kind, n.dedup_key FROM core_inbox i JOIN core_notice n ON n.id = i.notice_id"
                + " JOIN core_user u ON u.id = i.user_id ORDER BY n.id, u.username").stream()
                .map(x -> x.get(0) + " " + x.get(1) + " " + x.get(2)).toList();
    }

    private long notices() {
        return TestSupport.count(r.db, "SELECT COUNT(*) FROM core_notice");
    }

    private Map<String, String> text(String dedupKey) {
        List<Object> row = TestSupport.rows(r.db, "SELECT subject_zh, subject_en, body_zh, body_en, link, kind_zh, kind_en, school_id"
                + " FROM core_notice WHERE dedup_key = ?", dedupKey).get(0);
        return Map.of("subjectZh", (String) row.get(0), "subjectEn", (String) row.get(1), "bodyZh", (String) row.get(2),
                "bodyEn", (String) row.get(3), "link", (String) row.get(4), "kindZh", (String) row.get(5),
                "kindEn", (String) row.get(6), "school", row.get(7).toString());
    }

    @Test
    void remindersBeforeTheDeadlineToTheSchoolsNotSubmittedOverdueAfterItAndTheCountysListOnce() {
        on(2026, 12, 6);
        assertEquals(0, reminders.run(), "8 days before: nothing");
        assertEquals(0, notices());

        on(2026, 12, 7);
        assertEquals(2, reminders.run(), "7 days before: the school that has not submitted and the one sent back");
        assertEquals(List.of("admin" + pending + " RETURN_REMINDER returns:2026Q4:school:" + pending + ":before7",
                "admin" + returned + " RETURN_REMINDER returns:2026Q4:school:" + returned + ":before7"), inbox(),
                "to the schools' administrators only: not the teachers, the county, the school that submitted or an archived one");
        Map<String, String> first = text("returns:2026Q4:school:" + pending + ":before7");
        assertEquals("温水镇中心小学：请在 2026-12-14 前报送2026年第4季度报表", first.get("subjectZh"));
        assertEquals("温水镇中心小学: submit the return for Q4 2026 by 2026-12-14", first.get("subjectEn"));
        assertTrue(first.get("bodyZh").contains("还有 7 天"), first.get("bodyZh"));
        assertTrue(first.get("bodyEn").contains("7 days left"), first.get("bodyEn"));
        assertEquals("/#/returns", first.get("link"));
        assertEquals("报表报送提醒", first.get("kindZh"));
        assertEquals("Return reminders", first.get("kindEn"));
        assertEquals(Long.toString(pending), first.get("school"));

        assertEquals(0, reminders.run(), "a second run the same day sends nothing new");
        ReturnsReminders otherNode = ReturnsReminders.forTests(r.db, clock, "7,1", TestNotifications.service(r.db, clock));
        assertEquals(0, otherNode.run(), "nor does another node");
        on(2026, 12, 10);
        assertEquals(0, reminders.run(), "between two reminders: nothing new");
        assertEquals(2, notices());

        on(2026, 12, 13);
        assertEquals(2, reminders.run(), "1 day before: again");
        assertTrue(text("returns:2026Q4:school:" + returned + ":before1").get("bodyEn").contains("1 day left"));
        on(2026, 12, 14);
        assertEquals(0, reminders.run(), "the last day: the reminder of the day before was sent");
        assertEquals(4, notices());

        on(2026, 12, 15);
        assertEquals(3, reminders.run(), "the day after: each late school, and the county's list");
        List<String> after = inbox().subList(4, inbox().size());
        assertEquals(List.of("admin" + pending + " RETURN_REMINDER returns:2026Q4:school:" + pending + ":overdue",
                "admin" + returned + " RETURN_REMINDER returns:2026Q4:school:" + returned + ":overdue",
                "county RETURNS_LATE returns:2026Q4:county:late"), after);
        Map<String, String> list = text("returns:2026Q4:county:late");
        assertEquals("2026年第4季度报表：2 所学校逾期未报送", list.get("subjectZh"));
        assertEquals("Return for Q4 2026: 2 schools late", list.get("subjectEn"));
        assertTrue(list.get("bodyZh").contains("温水镇中心小学、龙溪镇中心小学。"), list.get("bodyZh"));
        assertTrue(list.get("bodyEn").contains("温水镇中心小学, 龙溪镇中心小学."), list.get("bodyEn"));
        assertFalse(list.get("bodyZh").contains("良村镇中心小学"), "the school that submitted is not late");
        assertFalse(list.get("bodyZh").contains("旧村小学"), "nor the archived one");
        assertEquals("Schools late with returns", list.get("kindEn"));
        assertTrue(text("returns:2026Q4:school:" + pending + ":overdue").get("subjectZh").contains("已逾期"));

        on(2026, 12, 16);
        assertEquals(0, reminders.run(), "each overdue notice once");
        on(2026, 12, 23);
        assertEquals(0, reminders.run());
        assertEquals(7, notices());
    }

    @Test
    void aMissedDayIsCaughtUpAndNoListWhenNoSchoolIsLate() {
        on(2026, 12, 9);
        assertEquals(2, reminders.run(), "the job did not run on the 7th: the reminder follows on the 9th");
        assertTrue(inbox().stream().allMatch(x -> x.endsWith(":before7")), inbox().toString());

        r.as(schoolAdmin(pending), () -> returns.submit(pending, Q4));
        r.as(schoolAdmin(returned), () -> returns.submit(returned, Q4));
        on(2026, 12, 16);
        assertEquals(0, reminders.run(), "every school submitted: no overdue notice, no list for the county");
        assertEquals(2, notices());
    }

    @Test
    void theYearsReturnInJanuaryAndTheConfiguredDays() {
        on(2027, 1, 7);
        assertEquals(3, reminders.run(), "the year 2026 is due by 14 January: every school not archived is reminded");
        assertEquals("龙溪镇中心小学: submit the return for the year 2026 by 2027-01-14",
                text("returns:2026:school:" + returned + ":before7").get("subjectEn"));
        assertEquals("龙溪镇中心小学：请在 2027-01-14 前报送2026年度报表",
                text("returns:2026:school:" + returned + ":before7").get("subjectZh"));

        assertEquals(List.of(30, 3, 0), ReturnsReminders.days("3, 30,0, 3, -1, 61, x"), "each once, largest first, 0-60");
        assertEquals(List.of(), ReturnsReminders.days(""));
        ReturnsReminders onTheDay = ReturnsReminders.forTests(r.db, clock, "0", TestNotifications.service(r.db, clock));
        on(2027, 1, 13);
        assertEquals(0, onTheDay.run(), "reminded on the last day only");
        on(2027, 1, 14);
        assertEquals(3, onTheDay.run());
        assertTrue(text("returns:2026:school:" + pending + ":before0").get("bodyZh").contains("今天为最后一天"));
        assertEquals(LocalDate.of(2027, 1, 14), ReturnsService.lastDay(ReturnPeriod.parse("2026")));
    }
}
