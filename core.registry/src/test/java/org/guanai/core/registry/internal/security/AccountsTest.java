package org.guanai.core.registry.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.audit.AuditLogTest;
import org.guanai.core.registry.internal.demo.DemoDataLoader;
import org.guanai.core.registry.internal.security.Accounts.LoginOutcome;
import org.guanai.core.registry.internal.security.Accounts.Principal;
import org.guanai.core.registry.internal.security.Accounts.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Accounts and sessions: tokens made with tokens, what a password change ends, the login throttle per (address, user
 * name) and per address, the strength estimate, the cache seen by two nodes on one database, and the audit entries of
 * failed logins. Time is a clock the test moves; nothing sleeps.
 */
class AccountsTest {
    private static final String PASSWORD = "Qiushui-Sanban-2026";
    private static final Pattern COUNT = Pattern.compile("^count=(\\d+) ");

    private final TestRegistry r = new TestRegistry("accounts");
    private final AuditLogTest.MutableClock clock = new AuditLogTest.MutableClock(TestSupport.CLOCK.instant());
    private final AuditLog audit = new AuditLog(r.db, r.actor, clock);
    private Accounts accounts = node(TestAccountsConfig.defaults());

    @AfterEach
    void tearDown() {
        r.close();
    }

    /** An {@link Accounts} on the same database: another node of the platform, with its own cache. */
    private Accounts node(TestAccountsConfig config) {
        return new Accounts(r.db, r.actor, audit, config, clock);
    }

    private Account user(String name) {
        return accounts.create(new Accounts.UserInput(name, null, PASSWORD, EnumSet.of(Role.OFFICER), Set.of(), Set.of(), null,
                true));
    }

    private Principal login(String name, String password, String address) {
        LoginOutcome out = accounts.login(name, password, address);
        assertEquals(Status.OK, out.status(), () -> name + " from " + address + ": " + out);
        return out.principal();
    }

    private Principal session(Principal p) {
        return accounts.session(accounts.openSession(p, "10.0.0.1").token()).orElseThrow();
    }

    private Principal bearer(Accounts.NewToken t) {
        return accounts.token(t.token()).orElseThrow();
    }

    // ---- tokens

    /**
     * Several nodes (issue 17, point 8): two nodes starting at once on an empty database, each creating the first
     * administrator if there is no account, end with one {@code admin}, and neither fails.
     */
    @Test
    void twoNodesStartingAtOnceCreateOneAdmin() throws Exception {
        Accounts other = node(TestAccountsConfig.defaults());
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<java.util.Optional<String>>> started = new ArrayList<>();
            for (Accounts node : List.of(accounts, other)) {
                started.add(pool.submit(() -> {
                    together.await();
                    return node.ensureAdmin(PASSWORD);
                }));
            }
            for (java.util.concurrent.Future<java.util.Optional<String>> f : started) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS); // neither node fails to start
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1L, (long) new org.guanai.core.registry.internal.persistence.Jdbc(r.db)
                .read(c -> org.guanai.core.registry.internal.persistence.Jdbc.count(c, "SELECT COUNT(*) FROM core_user")));
        assertEquals(Status.OK, other.login("admin", PASSWORD, "10.0.0.9").status());
    }

    @Test
    void aTokenCannotCreateATokenThatOutlivesIt() {
        user("zhaoyun");
        Principal password = login("zhaoyun", PASSWORD, "10.0.0.1");
        Accounts.NewToken parent = accounts.createToken(password, "部署脚本", 30);
        Principal viaToken = bearer(parent);

        FieldError e = TestSupport.assertRefused("expiresInDays", () -> accounts.createToken(viaToken, "longer", 31));
        assertTrue(e.messageEn().contains(parent.expiresAt().toString()), e.messageEn());
        assertEquals(1, accounts.tokens(password.account().id()).size(), "nothing was created");

        Accounts.NewToken sameEnd = accounts.createToken(viaToken, "without days", null);
        assertEquals(parent.expiresAt(), sameEnd.expiresAt(), "the default 90 days are cut to the parent's end");
        Accounts.NewToken shorter = accounts.createToken(viaToken, "a week", 7);
        assertEquals(clock.instant().plus(Duration.ofDays(7)), shorter.expiresAt());
        Accounts.NewToken grandchild = accounts.createToken(bearer(sameEnd), "grandchild", null);
        assertEquals(parent.expiresAt(), grandchild.expiresAt());
        assertEquals(parent.id(), accounts.tokens(password.account().id()).stream().filter(t -> t.id() == sameEnd.id())
                .findFirst().orElseThrow().parentId());

        // a session or a password may still create a token that lives longer
        assertEquals(clock.instant().plus(Duration.ofDays(365)), accounts.createToken(session(password), "year", 365).expiresAt());
    }

    @Test
    void revokingATokenRevokesEveryTokenCreatedWithIt() {
        Account a = user("machao");
        Principal password = login("machao", PASSWORD, "10.0.0.1");
        Accounts.NewToken parent = accounts.createToken(password, "parent", 30);
        Accounts.NewToken child = accounts.createToken(bearer(parent), "child", 10);
        Accounts.NewToken grandchild = accounts.createToken(bearer(child), "grandchild", 5);
        Accounts.NewToken sibling = accounts.createToken(password, "sibling", 30);
        Accounts.NewToken cousin = accounts.createToken(bearer(sibling), "cousin", 5);
        for (Accounts.NewToken t : List.of(parent, child, grandchild, sibling, cousin)) {
            bearer(t); // used, so cached
        }

        accounts.revokeToken(a.id(), parent.id());
        for (Accounts.NewToken t : List.of(parent, child, grandchild)) {
            assertTrue(accounts.token(t.token()).isEmpty(), t.name() + " is revoked");
        }
        assertTrue(accounts.token(sibling.token()).isPresent());
        assertTrue(accounts.token(cousin.token()).isPresent());
        assertEquals(List.of(sibling.id(), cousin.id()), accounts.tokens(a.id()).stream().map(Accounts.TokenInfo::id).toList());
        assertThrows(NotFoundException.class, () -> accounts.revokeToken(a.id(), child.id()), "already revoked");
        assertTrue(audit.verify().ok());
    }

    // ---- password changes

    @Test
    void changingOnesPasswordEndsEveryOtherSessionAndTokenOfTheUser() {
        Account a = user("huangzhong");
        user("weiyan");
        Principal password = login("huangzhong", PASSWORD, "10.0.0.1");
        Accounts.SessionTicket s1 = accounts.openSession(password, "10.0.0.1");
        Accounts.SessionTicket s2 = accounts.openSession(password, "10.0.0.2");
        Accounts.NewToken t1 = accounts.createToken(password, "t1", 30);
        Accounts.NewToken t2 = accounts.createToken(password, "t2", 30);
        Accounts.NewToken t1child = accounts.createToken(bearer(t1), "t1 child", 5);
        Accounts.NewToken other = accounts.createToken(login("weiyan", PASSWORD, "10.0.0.1"), "another user's", 30);
        accounts.session(s1.token()).orElseThrow();
        accounts.session(s2.token()).orElseThrow();

        // made with token t1: t1 stays, everything else of the user ends
        String second = "Dingjun-Shan-Qiuyue-7";
        accounts.changePassword(bearer(t1), PASSWORD, second, "10.0.0.1");
        assertTrue(accounts.token(t1.token()).isPresent(), "the token the change was made with stays");
        assertTrue(accounts.token(t2.token()).isEmpty());
        assertTrue(accounts.token(t1child.token()).isEmpty(), "a token created with the kept one ends too");
        assertTrue(accounts.session(s1.token()).isEmpty());
        assertTrue(accounts.session(s2.token()).isEmpty());
        assertTrue(accounts.token(other.token()).isPresent(), "another user's token is untouched");
        assertEquals(Status.BAD_CREDENTIALS, accounts.login("huangzhong", PASSWORD, "10.0.0.1").status());

        // made on session s3: s3 stays, s4 and every token (t1 too) end
        Principal p = login("huangzhong", second, "10.0.0.1");
        Accounts.SessionTicket s3 = accounts.openSession(p, "10.0.0.1");
        Accounts.SessionTicket s4 = accounts.openSession(p, "10.0.0.1");
        Accounts.NewToken t3 = accounts.createToken(p, "t3", 30);
        String third = "Hanzhong-Wuzhang-Yuan-9";
        accounts.changePassword(accounts.session(s3.token()).orElseThrow(), second, third, "10.0.0.1");
        assertTrue(accounts.session(s3.token()).isPresent(), "the session the change was made on stays");
        assertTrue(accounts.session(s4.token()).isEmpty());
        assertTrue(accounts.token(t1.token()).isEmpty());
        assertTrue(accounts.token(t3.token()).isEmpty());

        // over HTTP Basic: nothing is kept (its credentials are the old password)
        Principal basic = accounts.basic("huangzhong", third, "10.0.0.1").principal();
        accounts.changePassword(basic, third, "Xiliang-Tianshui-Qishan-4", "10.0.0.1");
        assertTrue(accounts.session(s3.token()).isEmpty());
        assertEquals(Status.BAD_CREDENTIALS, accounts.basic("huangzhong", third, "10.0.0.1").status());
        assertEquals(a.id(), login("huangzhong", "Xiliang-Tianshui-Qishan-4", "10.0.0.1").account().id());
    }

    /**
     * A script's concurrent requests with the same HTTP Basic credentials, none cached yet (the first request, or the
     * minute after the cached login expired): one of them verifies the password, the others wait for its answer, so the
     * password is checked (and the login audited) once, not once per request.
     */
    @Test
    void concurrentBasicRequestsVerifyTheCredentialsOnce() throws Exception {
        user("zhaoyun");
        int clients = 16;
        CyclicBarrier start = new CyclicBarrier(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<LoginOutcome>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return accounts.basic("zhaoyun", PASSWORD, "10.0.0.9");
                }));
            }
            for (Future<LoginOutcome> a : answers) {
                assertEquals(Status.OK, a.get().status());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit WHERE action = 'LOGIN' AND entity_id = 'zhaoyun'"),
                "one verification for " + clients + " concurrent requests");
    }

    @Test
    void aWrongCurrentPasswordCountsAsAFailedLoginOfThatAddress() {
        user("zhangfei");
        Principal p = session(login("zhangfei", PASSWORD, "10.5.5.5"));
        for (int i = 0; i < 5; i++) {
            int n = i;
            TestSupport.assertRefused("currentPassword", () -> accounts.changePassword(p, "guess-" + n, "Changban-Qiao-Duan-8",
                    "10.5.5.5"));
        }
        Accounts.Throttled t = assertThrows(Accounts.Throttled.class,
                () -> accounts.changePassword(p, PASSWORD, "Changban-Qiao-Duan-8", "10.5.5.5"), "the right one waits too");
        assertEquals(30, t.retryAfterSeconds);
        assertEquals(Status.THROTTLED, accounts.login("zhangfei", PASSWORD, "10.5.5.5").status(), "and so does a login");
        assertEquals(Status.OK, accounts.login("zhangfei", PASSWORD, "10.6.6.6").status(), "another address does not");
        accounts.changePassword(p, PASSWORD, "Changban-Qiao-Duan-8", "10.6.6.6");
        assertEquals(Status.OK, accounts.login("zhangfei", "Changban-Qiao-Duan-8", "10.5.5.5").status(),
                "a new password forgets the failures");
    }

    // ---- throttling

    @Test
    void failedLoginsDelayOnlyTheAddressAndUserNameTheyComeFrom() {
        user("teacher1");
        user("teacher2");
        String nat = "10.1.1.1";
        for (int i = 0; i < 4; i++) {
            assertEquals(Status.BAD_CREDENTIALS, accounts.login("teacher1", "guess-" + i, nat).status());
            assertEquals(Status.OK, accounts.login("teacher2", PASSWORD, nat).status(), "no wait before the fifth");
        }
        assertEquals(Status.BAD_CREDENTIALS, accounts.login("Teacher1 ", "guess-4", nat).status(), "names count trimmed, lower case");
        LoginOutcome waits = accounts.login("teacher1", PASSWORD, nat);
        assertEquals(Status.THROTTLED, waits.status(), "even the right password waits at that address");
        assertEquals(30, waits.retryAfterSeconds());
        assertEquals(Status.OK, accounts.login("teacher1", PASSWORD, "10.9.9.9").status(), "the owner signs in elsewhere");
        assertEquals(Status.OK, accounts.login("teacher2", PASSWORD, nat).status(), "others behind the same NAT sign in");

        // each further failure doubles the wait, up to 15 minutes
        List<Long> waitsSeen = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clock.advance(Duration.ofSeconds(accounts.login("teacher1", PASSWORD, nat).retryAfterSeconds()));
            assertEquals(Status.BAD_CREDENTIALS, accounts.login("teacher1", "guess-again", nat).status());
            waitsSeen.add(accounts.login("teacher1", PASSWORD, nat).retryAfterSeconds());
        }
        assertEquals(List.of(60L, 120L, 240L, 480L, 900L, 900L, 900L, 900L), waitsSeen);

        // once it has waited, the right password gets in and the failures are forgotten
        clock.advance(Duration.ofSeconds(900));
        assertEquals(Status.OK, accounts.login("teacher1", PASSWORD, nat).status());
        assertEquals(Status.BAD_CREDENTIALS, accounts.login("teacher1", "typo", nat).status());
        assertEquals(Status.OK, accounts.login("teacher1", PASSWORD, nat).status(), "one typo costs nothing");
    }

    @Test
    void anAddressOverItsOverallLimitWaitsButRefusedAttemptsDoNotCount() {
        accounts = node(TestAccountsConfig.defaults().withAddressMaxFailures(20));
        user("teacher1");
        user("teacher2");
        // a sprayer: one password, many user names
        for (int i = 0; i < 20; i++) {
            assertEquals(Status.BAD_CREDENTIALS, accounts.login("name" + i, "123456", "10.2.2.2").status());
        }
        LoginOutcome refused = accounts.login("teacher1", PASSWORD, "10.2.2.2");
        assertEquals(Status.THROTTLED, refused.status());
        assertTrue(refused.retryAfterSeconds() > 0 && refused.retryAfterSeconds() <= 16 * 60, refused.toString());
        assertEquals(Status.OK, accounts.login("teacher1", PASSWORD, "10.3.3.3").status(), "another address is not affected");
        clock.advance(Duration.ofSeconds(refused.retryAfterSeconds()));
        assertEquals(Status.OK, accounts.login("teacher1", PASSWORD, "10.2.2.2").status(), "once the window moved on");

        // one pupil hammering one account behind the school's address: the address stays open for everyone else
        for (int i = 0; i < 5; i++) {
            assertEquals(Status.BAD_CREDENTIALS, accounts.login("teacher1", "guess-" + i, "10.4.4.4").status());
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(Status.THROTTLED, accounts.login("teacher1", "guess", "10.4.4.4").status());
        }
        assertEquals(Status.OK, accounts.login("teacher2", PASSWORD, "10.4.4.4").status());
    }

    @Test
    void unlockClearsEveryWaitOfTheUserAndFailedLoginsAreReported() {
        Account a = user("guanyu");
        assertNull(accounts.failedLogins(a), "none yet");
        for (String address : List.of("10.7.0.1", "10.7.0.2", "10.7.0.3")) {
            for (int i = 0; i < 5; i++) {
                accounts.login("guanyu", "guess-" + i, address);
            }
            assertEquals(Status.THROTTLED, accounts.login("guanyu", PASSWORD, address).status());
            clock.advance(Duration.ofSeconds(1));
        }
        LoginThrottle.FailedLogins f = accounts.failedLogins(a);
        assertEquals(new LoginThrottle.FailedLogins(18, 3, clock.instant().minusSeconds(1), 3), f,
                "15 wrong passwords and 3 refused attempts from 3 addresses, all 3 waiting");
        assertEquals(f, accounts.failedLogins().get("guanyu"));

        accounts.unlock(a.id());
        for (String address : List.of("10.7.0.1", "10.7.0.2", "10.7.0.3")) {
            assertEquals(Status.OK, accounts.login("guanyu", PASSWORD, address).status());
        }
        assertEquals(0, accounts.failedLogins(a).delayed());
        assertEquals(18, accounts.failedLogins(a).count(), "the day's failures stay visible");
        long unlocks = TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit WHERE action = 'UNLOCK' AND entity_id = ?",
                String.valueOf(a.id()));
        assertEquals(1, unlocks);
        clock.advance(Duration.ofHours(25));
        assertNull(accounts.failedLogins(a), "a day later");
        assertThrows(NotFoundException.class, () -> accounts.unlock(9999));
    }

    // ---- a change seen at once, on every node

    @Test
    void aDisabledAccountOrANewPasswordIsRefusedAtOnceEvenWhenCachedOnAnotherNode() {
        Account a = user("liubei");
        Accounts nodeA = accounts;
        Accounts nodeB = node(TestAccountsConfig.defaults());
        Principal p = nodeA.basic("liubei", PASSWORD, "10.0.0.1").principal();
        String session = nodeA.openSession(p, "10.0.0.1").token();
        Accounts.NewToken token = nodeA.createToken(p, "script", 30);
        assertTrue(nodeA.session(session).isPresent());
        assertTrue(nodeA.token(token.token()).isPresent());
        assertEquals(Status.OK, nodeA.basic("liubei", PASSWORD, "10.0.0.1").status(), "cached on node A");

        // node B disables the account: node A refuses on the very next request
        Account disabled = nodeB.update(a.id(), a.version(), new Accounts.UserInput(null, null, null, EnumSet.of(Role.OFFICER),
                Set.of(), Set.of(), null, false));
        assertEquals(Status.BAD_CREDENTIALS, nodeA.basic("liubei", PASSWORD, "10.0.0.1").status());
        assertTrue(nodeA.token(token.token()).isEmpty());
        assertTrue(nodeA.session(session).isEmpty());

        // enabled again; node B sets a new password: node A's cached Basic credentials stop at once
        nodeB.update(a.id(), disabled.version(), new Accounts.UserInput(null, null, null, EnumSet.of(Role.OFFICER), Set.of(),
                Set.of(), null, true));
        assertEquals(Status.OK, nodeA.basic("liubei", PASSWORD, "10.0.0.1").status());
        nodeB.resetPassword(a.id(), "Taoyuan-Jieyi-Sanren-1");
        assertEquals(Status.BAD_CREDENTIALS, nodeA.basic("liubei", PASSWORD, "10.0.0.1").status());

        // a token revoked and a session ended on node B
        Principal again = nodeA.login("liubei", "Taoyuan-Jieyi-Sanren-1", "10.0.0.1").principal();
        String s2 = nodeA.openSession(again, "10.0.0.1").token();
        Accounts.NewToken t2 = nodeA.createToken(again, "script", 30);
        assertTrue(nodeA.session(s2).isPresent());
        assertTrue(nodeA.token(t2.token()).isPresent());
        nodeB.revokeToken(a.id(), t2.id());
        nodeB.closeSession(s2);
        assertTrue(nodeA.token(t2.token()).isEmpty());
        assertTrue(nodeA.session(s2).isEmpty());
    }

    // ---- password strength

    @Test
    void guessablePasswordsAreRefusedInBothLanguagesAndGoodOnesAccepted() {
        for (String weak : List.of("1234567890", "password123", "guanai-demo", "qwertyuiop", "Guanai-demo-2026",
                "woaini1314520", "aaaaaaaaaaaa", "1qaz2wsx3edc")) {
            FieldError e = TestSupport.assertRefused("password", () -> accounts.create(new Accounts.UserInput("weakling", null,
                    weak, EnumSet.of(Role.OFFICER), Set.of(), Set.of(), null, true)));
            assertTrue(e.messageZh().contains("容易被猜到") && e.messageEn().contains("easy to guess"), weak + ": " + e);
        }
        assertTrue(accounts.byName("weakling").isEmpty(), "nothing stored");
        TestSupport.assertRefused("password", () -> accounts.create(new Accounts.UserInput("weakling", null, "Short-1",
                EnumSet.of(Role.OFFICER), Set.of(), Set.of(), null, true)));
        FieldError name = TestSupport.assertRefused("password", () -> accounts.create(new Accounts.UserInput("weakling", null,
                "Xq7!weakling-Zr", EnumSet.of(Role.OFFICER), Set.of(), Set.of(), null, true)));
        assertTrue(name.messageEn().contains("user name"), name.toString());

        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%&*+-=?@";
        StringBuilder generated = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            generated.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        int n = 0;
        for (String good : List.of("correct horse battery staple", "huanghe taishan lijiang 2", generated.toString(),
                "Xk7#pQ2m!zR4")) {
            Account created = accounts.create(new Accounts.UserInput("strong" + n++, null, good, EnumSet.of(Role.OFFICER),
                    Set.of(), Set.of(), null, true));
            assertEquals(Status.OK, accounts.login(created.username(), good, "10.0.0.1").status(), good);
        }

        // the same rules for an administrator's reset and one's own change, naming their fields
        Account a = user("caocao");
        TestSupport.assertRefused("password", () -> accounts.resetPassword(a.id(), "password123"));
        Principal p = login("caocao", PASSWORD, "10.0.0.1");
        TestSupport.assertRefused("newPassword", () -> accounts.changePassword(p, PASSWORD, "1234567890", "10.0.0.1"));
        assertEquals(Status.OK, accounts.login("caocao", PASSWORD, "10.0.0.1").status(), "unchanged");
    }

    @Test
    void theDemoUsersKeepThePublishedPasswordHashed() {
        School school = r.school("演示小学");
        long head = r.teacher(school.id(), "王老师").id();
        SchoolClass klass = r.schools.createClass(new SchoolClass(null, 0, school.id(), 3, "三年级(1)班", head));
        assertNotNull(klass.id());
        assertEquals(5, DemoDataLoader.demoUsers(accounts, r.db));
        for (String demo : List.of("county", "school", "teacher", "health", "officer")) {
            assertEquals(Status.OK, accounts.login(demo, DemoDataLoader.DEMO_PASSWORD, "10.0.0.1").status(), demo);
        }
        List<List<Object>> hashes = TestSupport.rows(r.db, "SELECT password_hash FROM core_user");
        assertTrue(hashes.stream().allMatch(h -> h.get(0).toString().startsWith("$2b$")), hashes.toString());
        assertFalse(hashes.toString().contains(DemoDataLoader.DEMO_PASSWORD));
        TestSupport.assertRefused("password", () -> accounts.create(new Accounts.UserInput("visitor", null,
                DemoDataLoader.DEMO_PASSWORD, EnumSet.of(Role.OFFICER), Set.of(), Set.of(), null, true)));
    }

    // ---- audit of failed logins

    @Test
    void aFloodOfFailedLoginsWritesAFewAuditEntriesPerMinuteWhoseCountsAddUp() {
        user("target");
        int attempts = 0;
        for (int minute = 0; minute < 3; minute++) {
            for (int i = 0; i < 40; i++) {
                accounts.login("target", "guess-" + i, "10.6.6.6");
                accounts.login("nobody" + (i % 3), "guess", "10.8.8.8");
                attempts++;
                clock.advance(Duration.ofSeconds(1));
            }
            clock.advance(Duration.ofSeconds(20));
        }
        clock.advance(Duration.ofMinutes(1));
        accounts.throttle().sweep();

        List<List<Object>> rows = TestSupport.rows(r.db, "SELECT address, detail, actor FROM core_audit WHERE action = 'LOGIN_FAILED'"
                + " AND entity_id = 'target' ORDER BY seq");
        assertTrue(rows.size() <= 2 * 3, "at most two entries a minute: " + rows.size());
        assertTrue(rows.stream().allMatch(row -> "10.6.6.6".equals(row.get(0))), "with their address: " + rows);
        assertEquals(attempts, sum(rows), "the counts add up: " + rows);
        long nobody = sum(TestSupport.rows(r.db, "SELECT address, detail FROM core_audit WHERE action = 'LOGIN_FAILED'"
                + " AND entity_id LIKE 'nobody%'"));
        assertEquals(attempts, nobody);
        assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit WHERE action = 'LOGIN_DELAYED'"
                + " AND entity_id = 'target' AND address = '10.6.6.6'"), "the administrator is told once");

        // a sweep with nothing new writes nothing; the counts are not written twice
        long before = TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit");
        accounts.throttle().sweep();
        assertEquals(before, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit"));
        assertTrue(audit.verify().ok());
    }

    @Test
    void concurrentFailedLoginsAreCountedExactlyOnce() throws Exception {
        user("target");
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            CompletableFuture<?>[] logins = IntStream.range(0, threads).mapToObj(t -> CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                IntStream.range(0, each).forEach(i -> accounts.login("target", "guess", "10.6.6.6"));
            }, pool)).toArray(CompletableFuture[]::new);
            start.countDown();
            CompletableFuture.allOf(logins).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        clock.advance(Duration.ofMinutes(1));
        accounts.throttle().sweep();
        assertEquals(threads * each, sum(TestSupport.rows(r.db, "SELECT address, detail FROM core_audit"
                + " WHERE action = 'LOGIN_FAILED' AND entity_id = 'target'")));
        assertEquals(threads * each, accounts.failedLogins().get("target").count());
    }

    private static long sum(List<List<Object>> rows) {
        long total = 0;
        for (List<Object> row : rows) {
            Matcher m = COUNT.matcher(String.valueOf(row.get(1)));
            assertTrue(m.find(), "a count in " + row);
            total += Long.parseLong(m.group(1));
        }
        return total;
    }
}
