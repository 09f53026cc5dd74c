package org.guanai.core.registry.internal.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.notify.Audience;
import org.guanai.core.api.notify.Notice;
import org.guanai.core.registry.internal.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The notification service on a real database: what it refuses, whom a notice reaches, the de-duplication key (also
 * with two nodes racing), which deliveries it queues, the inbox of each account and the settings an account keeps.
 */
class NotificationServiceTest {
    private final NotifyFixture f = new NotifyFixture();

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Notice.Builder notice(long school) {
        return Notice.builder("core", "TEST_NOTICE").about(school, null).subject("请核对名单", "Please check the roster")
                .body("温水镇中心小学有 3 名儿童的监护人信息不完整。", "3 children lack guardian details.").link("/#/children");
    }

    @Test
    void aNoticeWithoutTextSchoolOrAudienceIsRefusedNamingTheField() {
        NotificationService s = f.service(NotifyFixture.config(Map.of()));
        TestSupport.assertRefused("subjectZh", () -> s.send(Notice.builder("core", "TEST_NOTICE").about(f.school1, null)
                .to(Audience.roles(Role.TEACHER)).subject(" ", "x").build()));
        TestSupport.assertRefused("audience", () -> s.send(notice(f.school1).to(new Audience(null, null)).build()));
        TestSupport.assertRefused("schoolId", () -> s.send(notice(0).to(Audience.roles(Role.TEACHER)).build()));
        TestSupport.assertRefused("schoolId", () -> s.send(notice(999_999).to(Audience.roles(Role.TEACHER)).build()));
        TestSupport.assertRefused("kind", () -> s.send(Notice.builder("core", "late notice").about(f.school1, null)
                .to(Audience.roles(Role.TEACHER)).subject("a", "b").build()));
        TestSupport.assertRefused("link", () -> s.send(notice(f.school1).to(Audience.roles(Role.TEACHER))
                .link("https://elsewhere.example/").build()));
        TestSupport.assertRefused("subjectEn", () -> s.send(notice(f.school1).to(Audience.roles(Role.TEACHER))
                .subject("标题", "x".repeat(201)).build()));
        assertEquals(0, f.count("SELECT COUNT(*) FROM core_notice"));
    }

    @Test
    void theAudienceIsTheNamedAccountsAndTheRoleHoldersOfTheSchoolCountyRolesEverywhereEachOnce() {
        long t1 = f.user("teacher1", Role.TEACHER, f.school1, null, null);
        f.user("teacher2", Role.TEACHER, f.school2, null, null);
        long county = f.user("county", Role.COUNTY_ADMIN, null, null, null);
        f.user("officer", Role.OFFICER, null, null, null);
        long hw2 = f.user("hw2", Role.HEALTH_WORKER, f.school2, null, null);
        long disabled = f.user("gone", Role.TEACHER, f.school1, null, null);
        f.exec("UPDATE core_user SET active = FALSE WHERE id = ?", disabled);

        long id = f.service(NotifyFixture.config(Map.of())).send(notice(f.school1)
                .to(new Audience(java.util.Set.of("HW2", "teacher1"), java.util.Set.of(Role.TEACHER, Role.COUNTY_ADMIN))).build())
                .orElseThrow();

        List<Long> got = f.rows("SELECT user_id FROM core_inbox WHERE notice_id = ? ORDER BY user_id", id).stream()
                .map(r -> ((Number) r.get(0)).longValue()).toList();
        assertEquals(List.of(t1, county, hw2), got);
    }

    @Test
    void aNoticeAboutAChildReachesTeachersByRoleOnlyForTheirOwnClasses() {
        long classA = f.r.schoolClass(f.school1, 3, "三(1)班").id();
        long classB = f.r.schoolClass(f.school1, 3, "三(2)班").id();
        long headOfA = f.r.teacher(f.school1, "李老师").id();
        f.exec("UPDATE core_class SET head_teacher_id = ? WHERE id = ?", headOfA, classA);
        long child = f.r.child("王小明", org.guanai.core.api.dto.Gender.MALE, java.time.LocalDate.of(2017, 3, 5), 1, f.school1,
                classA, org.guanai.core.api.dto.LeftBehindType.BOTH_AWAY).id();
        long givenA = f.user("given-a", Role.TEACHER, f.school1, null, null);
        f.exec("INSERT INTO core_user_class (user_id, class_id) VALUES (?, ?)", givenA, classA);
        long givenB = f.user("given-b", Role.TEACHER, f.school1, null, null);
        f.exec("INSERT INTO core_user_class (user_id, class_id) VALUES (?, ?)", givenB, classB);
        long head = f.user("head-a", Role.TEACHER, f.school1, null, null);
        f.exec("UPDATE core_user SET staff_id = ? WHERE id = ?", headOfA, head);
        long admin = f.user("admin1", Role.SCHOOL_ADMIN, f.school1, null, null);

        NotificationService s = f.service(NotifyFixture.config(Map.of()));
        long aboutChild = s.send(notice(f.school1).about(f.school1, child).to(Audience.roles(Role.TEACHER, Role.SCHOOL_ADMIN))
                .build()).orElseThrow();
        long aboutSchool = s.send(notice(f.school1).to(Audience.roles(Role.TEACHER)).build()).orElseThrow();

        assertEquals(List.of(givenA, head, admin), inboxOf(aboutChild), "the teacher of another class does not hear of the child");
        assertEquals(List.of(givenA, givenB, head), inboxOf(aboutSchool), "a notice about the school reaches every teacher");
    }

    private List<Long> inboxOf(long notice) {
        return f.rows("SELECT user_id FROM core_inbox WHERE notice_id = ? ORDER BY user_id", notice).stream()
                .map(r -> ((Number) r.get(0)).longValue()).toList();
    }

    @Test
    void aNoticeWithAKeyQueuedBeforeIsNotQueuedAgainEvenByTwoNodesAtOnce() throws Exception {
        f.user("teacher1", Role.TEACHER, f.school1, null, null);
        NotificationService node1 = f.service(NotifyFixture.config(Map.of()));
        NotificationService node2 = f.service(NotifyFixture.config(Map.of()));
        OptionalLong first = node1.send(notice(f.school1).to(Audience.roles(Role.TEACHER)).dedupKey("roster:1:2026-11-23").build());
        assertTrue(first.isPresent());
        assertTrue(node2.send(notice(f.school1).to(Audience.roles(Role.TEACHER)).dedupKey("roster:1:2026-11-23").build()).isEmpty());

        int keys = 20;
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Boolean>>> runs = new ArrayList<>();
            for (NotificationService node : List.of(node1, node2)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    List<Boolean> stored = new ArrayList<>();
                    for (int k = 0; k < keys; k++) {
                        stored.add(node.send(notice(f.school1).to(Audience.roles(Role.TEACHER)).dedupKey("race:" + k).build())
                                .isPresent());
                    }
                    return stored;
                }));
            }
            List<Boolean> a = runs.get(0).get();
            List<Boolean> b = runs.get(1).get();
            for (int k = 0; k < keys; k++) {
                assertTrue(a.get(k) ^ b.get(k), "key " + k + " stored by exactly one node");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(keys, f.count("SELECT COUNT(*) FROM core_notice WHERE dedup_key LIKE 'race:%'"));
        assertEquals(keys, f.count("SELECT COUNT(*) FROM core_inbox i JOIN core_notice n ON n.id = i.notice_id"
                + " WHERE n.dedup_key LIKE 'race:%'"));
        assertEquals(1, f.count("SELECT COUNT(*) FROM core_notice WHERE dedup_key = 'roster:1:2026-11-23'"));
    }

    @Test
    void channelsComeFromTheAccountsPreferenceElseItsRolesAndUrgentOnlyChannelsOnlyForUrgentNotices() {
        NotifyConfig config = NotifyFixture.config(Map.of("smtpHost", "127.0.0.1", "smsUrl", "http://127.0.0.1:9/sms",
                "roleChannels", new String[] { "teacher=email", "county_admin=email,wecom" },
                "wecomWebhooks", new String[] { "school:" + f.school1 + "=http://127.0.0.1:9/hook?key=k" }));
        long byRole = f.user("teacher1", Role.TEACHER, f.school1, "t1@example.cn", "13800000001");
        long inboxOnly = f.user("teacher2", Role.TEACHER, f.school1, "t2@example.cn", "13800000002");
        f.prefer(inboxOnly, "*", "");
        long perKind = f.user("teacher3", Role.TEACHER, f.school1, "t3@example.cn", null);
        f.prefer(perKind, "*", "");
        f.prefer(perKind, "TEST_NOTICE", "email,sms");
        f.user("teacher4", Role.TEACHER, f.school1, null, null); // no address: the inbox only
        long county = f.user("county", Role.COUNTY_ADMIN, null, "c@example.cn", "13800000009");
        NotificationService s = f.service(config);

        long plain = s.send(notice(f.school1).to(Audience.roles(Role.TEACHER, Role.COUNTY_ADMIN)).build()).orElseThrow();
        assertEquals(List.of(List.of("email", "c@example.cn"), List.of("email", "t1@example.cn"), List.of("email", "t3@example.cn"),
                List.of("wecom", "school:" + f.school1)), deliveries(plain));
        assertEquals(5, f.count("SELECT COUNT(*) FROM core_inbox WHERE notice_id = ?", plain));

        long urgent = s.send(notice(f.school1).urgent(true).to(Audience.roles(Role.TEACHER, Role.COUNTY_ADMIN)).build())
                .orElseThrow();
        assertEquals(List.of(List.of("email", "c@example.cn"), List.of("email", "t1@example.cn"), List.of("email", "t3@example.cn"),
                List.of("sms", "13800000001"), List.of("sms", "13800000002"), List.of("sms", "13800000009"),
                List.of("wecom", "school:" + f.school1)), deliveries(urgent));
        assertEquals(byRole, ((Number) f.rows("SELECT user_id FROM core_delivery WHERE notice_id = ? AND target = 't1@example.cn'",
                urgent).get(0).get(0)).longValue());
        assertEquals(county, ((Number) f.rows("SELECT user_id FROM core_delivery WHERE notice_id = ? AND target = ?", urgent,
                "13800000009").get(0).get(0)).longValue());
    }

    private List<List<Object>> deliveries(long notice) {
        return f.rows("SELECT channel, target FROM core_delivery WHERE notice_id = ? AND status = 'PENDING' ORDER BY channel, target",
                notice);
    }

    @Test
    void anInboxHoldsOnlyItsOwnersNoticesNewestFirstAndCountsTheUnread() {
        long a = f.user("teacher1", Role.TEACHER, f.school1, null, null);
        long b = f.user("teacher2", Role.TEACHER, f.school2, null, null);
        NotificationService s = f.service(NotifyFixture.config(Map.of()));
        long first = s.send(notice(f.school1).to(Audience.users("teacher1")).subject("第一条", "First").build()).orElseThrow();
        f.clock.advance(java.time.Duration.ofMinutes(1));
        long second = s.send(notice(f.school1).to(Audience.users("teacher1")).subject("第二条", "Second").build()).orElseThrow();
        Inbox inbox = new Inbox(f.r.db, f.clock);

        Inbox.Page page = inbox.page(a, 0, 20, false);
        assertEquals(List.of(second, first), page.items().stream().map(Inbox.Item::id).toList());
        assertEquals(2, page.unread());
        assertEquals("第二条", page.items().get(0).subjectZh());
        assertEquals(0, inbox.page(b, 0, 20, false).total());

        assertThrows(NotFoundException.class, () -> inbox.markRead(b, first));
        assertEquals(2, inbox.unread(a));
        inbox.markRead(a, first);
        assertEquals(1, inbox.unread(a));
        assertNotNull(inbox.page(a, 0, 20, false).items().get(1).readAt());
        assertEquals(List.of(second), inbox.page(a, 0, 20, true).items().stream().map(Inbox.Item::id).toList());
        assertEquals(List.of(second), inbox.page(a, 0, 1, false).items().stream().map(Inbox.Item::id).toList());
        assertEquals(List.of(first), inbox.page(a, 1, 1, false).items().stream().map(Inbox.Item::id).toList());
        assertEquals(0, inbox.markAllRead(b));
        assertEquals(1, inbox.markAllRead(a));
        assertEquals(0, inbox.unread(a));
    }

    @Test
    void settingsNameEachKindReceivedByTheWordsItsSenderGaveElseByItsLatestSubject() {
        long a = f.user("teacher1", Role.TEACHER, f.school1, null, null);
        NotificationService s = f.service(NotifyFixture.config(Map.of()));
        s.send(Notice.builder("birthdays", "BIRTHDAY_REMINDER").about(f.school1, null).to(Audience.users("teacher1"))
                .kindLabel("生日提醒", "Birthday reminders").subject("今天：小明 8 岁生日", "Today: Ming turns 8").build());
        s.send(notice(f.school1).to(Audience.users("teacher1")).build());
        TestSupport.assertRefused("kindZh", () -> s.send(notice(f.school1).to(Audience.users("teacher1"))
                .kindLabel("长".repeat(101), "long").build()));
        NotificationSettings settings = new NotificationSettings(f.r.db, java.util.Set.of("email"));
        assertEquals(List.of(new NotificationSettings.Kind("TEST_NOTICE", "请核对名单", "Please check the roster"),
                new NotificationSettings.Kind("BIRTHDAY_REMINDER", "生日提醒", "Birthday reminders")),
                settings.kinds(a).stream().sorted(java.util.Comparator.comparing(NotificationSettings.Kind::kind).reversed()).toList());
    }

    @Test
    void settingsAreCheckedWholeAndStoredWholeOrNotAtAll() {
        long a = f.user("teacher1", Role.TEACHER, f.school1, null, null);
        NotificationSettings settings = new NotificationSettings(f.r.db, java.util.Set.of("email"));
        NotificationSettings.Settings good = new NotificationSettings.Settings(" t1@example.cn ", "13812345678",
                Map.of("*", List.of("email"), "TEST_NOTICE", List.of()));
        NotificationSettings.Settings stored = settings.put(a, good);
        assertEquals("t1@example.cn", stored.email());
        assertEquals(Map.of("*", List.of("email"), "TEST_NOTICE", List.of()), stored.channels());
        assertEquals(List.of("email"), settings.available());

        TestSupport.assertRefused("email", () -> settings.put(a, new NotificationSettings.Settings("not-an-address", null, Map.of())));
        TestSupport.assertRefused("mobile", () -> settings.put(a, new NotificationSettings.Settings(null, "12345", Map.of())));
        TestSupport.assertRefused("channels.TEST_NOTICE", () -> settings.put(a, new NotificationSettings.Settings(null, null,
                Map.of("TEST_NOTICE", List.of("fax")))));
        assertEquals(stored, settings.get(a));
        assertThrows(NotFoundException.class, () -> settings.get(999_999));
        assertNull(settings.put(a, new NotificationSettings.Settings("", null, Map.of())).email());
        assertFalse(settings.get(a).channels().containsKey("*"));
    }
}
