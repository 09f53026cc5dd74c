package org.guanai.core.registry.internal.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.notify.Audience;
import org.guanai.core.api.notify.Notice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

/**
 * Each channel against a real local receiver: GreenMail's SMTP server for email, a local HTTP server for the 企业微信
 * robot and the SMS gateway. Also the retry after a failure, two workers on one database, and secrets kept out of logs
 * and stored errors. The delivery worker runs when the test says so ({@code runOnce}); time is a clock the test moves.
 */
class ChannelsTest {
    private static final String SMS_TOKEN = "sms-token-Zq81xW";
    private static final String ROBOT_KEY = "robot-key-7c1e9a55";
    private static final String SMTP_PASSWORD = "smtp-pass-Kx92";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final NotifyFixture f = new NotifyFixture();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Notice.Builder notice(long school) {
        return Notice.builder("core", "TEST_NOTICE").about(school, null).subject("张小明的监护人信息需要核对", "Check the guardian of a child")
                .body("爷爷的电话号码已停机。", "The grandfather's phone number is out of service.").link("/#/children/7");
    }

    private Map<String, Object> email(boolean personal) {
        return Map.of("smtpHost", "127.0.0.1", "smtpPort", SMTP.getSmtp().getPort(), "smtpSecurity", "none",
                "smtpFrom", "关爱平台 <guanai@example.cn>", "baseUrl", "https://guanai.example.cn/", "personalData", personal,
                "roleChannels", new String[] { "teacher=email" });
    }

    @Test
    void anEmailReachesTheSmtpServerWithItsSubjectRecipientAndChineseTextWithoutTheBodyByDefault() throws Exception {
        NotifyConfig config = NotifyFixture.config(email(false));
        f.user("teacher1", Role.TEACHER, f.school1, "li.hua@example.cn", null);
        f.service(config).send(notice(f.school1).to(Audience.roles(Role.TEACHER)).build());

        assertEquals(1, f.worker(config, "a").runOnce());

        MimeMessage[] got = SMTP.getReceivedMessages();
        assertEquals(1, got.length);
        assertEquals("li.hua@example.cn", got[0].getRecipients(Message.RecipientType.TO)[0].toString());
        jakarta.mail.internet.InternetAddress sender = (jakarta.mail.internet.InternetAddress) got[0].getFrom()[0];
        assertEquals("关爱平台", sender.getPersonal());
        assertEquals("guanai@example.cn", sender.getAddress());
        assertTrue(got[0].getHeader("From")[0].startsWith("=?UTF-8?"), "the name encoded: " + got[0].getHeader("From")[0]);
        assertEquals("张小明的监护人信息需要核对 / Check the guardian of a child", got[0].getSubject());
        String text = ((String) got[0].getContent()).replace("\r\n", "\n");
        assertTrue(text.startsWith("张小明的监护人信息需要核对\n查看：https://guanai.example.cn/#/children/7"), text);
        assertTrue(text.contains("Open: https://guanai.example.cn/#/children/7"), text);
        assertFalse(text.contains("停机"), "the body is personal data, left out by default: " + text);
        assertTrue(got[0].getContentType().toLowerCase().contains("charset=utf-8"), got[0].getContentType());
        assertEquals(1, f.count("SELECT COUNT(*) FROM core_delivery WHERE status = 'SENT' AND attempts = 1"));
        assertEquals(0, f.worker(config, "a").runOnce());
    }

    @Test
    void theBodyTravelsWhenPersonalDataIsAllowed() throws Exception {
        NotifyConfig config = NotifyFixture.config(email(true));
        f.user("teacher1", Role.TEACHER, f.school1, "li.hua@example.cn", null);
        f.service(config).send(notice(f.school1).to(Audience.roles(Role.TEACHER)).build());
        f.worker(config, "a").runOnce();
        String text = (String) SMTP.getReceivedMessages()[0].getContent();
        assertTrue(text.contains("爷爷的电话号码已停机。"), text);
        assertTrue(text.contains("The grandfather's phone number is out of service."), text);
    }

    @Test
    void aWecomRobotGetsOneMarkdownMessagePerGroupHoweverManyRecipients() throws Exception {
        try (NotifyFixture.Receiver robot = new NotifyFixture.Receiver(() -> 200, "{\"errcode\":0,\"errmsg\":\"ok\"}")) {
            NotifyConfig config = NotifyFixture.config(Map.of("roleChannels", new String[] { "teacher=wecom" }, "wecomWebhooks",
                    new String[] { "school:" + f.school1 + "=" + robot.url("/cgi-bin/webhook/send?key=" + ROBOT_KEY) }));
            f.user("teacher1", Role.TEACHER, f.school1, null, null);
            f.user("teacher2", Role.TEACHER, f.school1, null, null);
            f.service(config).send(notice(f.school1).to(Audience.roles(Role.TEACHER)).build());

            assertEquals(1, f.worker(config, "a").runOnce());

            assertEquals(1, robot.received.size());
            NotifyFixture.Received rq = robot.received.get(0);
            assertEquals("POST", rq.method());
            assertEquals("/cgi-bin/webhook/send", rq.path());
            assertEquals("key=" + ROBOT_KEY, rq.query());
            JsonNode body = json.readTree(rq.body());
            assertEquals("markdown", body.get("msgtype").asText());
            String content = body.get("markdown").get("content").asText();
            assertTrue(content.startsWith("**张小明的监护人信息需要核对**"), content);
            assertTrue(content.contains("(/#/children/7)"), content);
            assertFalse(content.contains("停机"), content);
        }
    }

    @Test
    void anSmsGatewayGetsTheAuthHeaderPhoneAndTextForUrgentNoticesOnly() throws Exception {
        try (NotifyFixture.Receiver gateway = new NotifyFixture.Receiver(() -> 200, "{\"ok\":true}")) {
            NotifyConfig config = NotifyFixture.config(Map.of("smsUrl", gateway.url("/api/sms/send"), "smsHeaders",
                    new String[] { "Authorization=Bearer {token}", "X-App=guanai" }, "smsToken", SMS_TOKEN,
                    "smsBody", "{\"to\":\"{phone}\",\"content\":\"{text}\",\"sign\":\"关爱\"}"));
            f.user("teacher1", Role.TEACHER, f.school1, null, "13812345678");
            NotificationService s = f.service(config);
            s.send(notice(f.school1).to(Audience.roles(Role.TEACHER)).build());
            assertEquals(0, f.worker(config, "a").runOnce(), "not urgent: SMS is for urgent notices only");

            s.send(notice(f.school1).urgent(true).subject("事件“离家”已超过 2 小时未通报", "Incident not reported for 2 h")
                    .to(Audience.roles(Role.TEACHER)).build());
            assertEquals(1, f.worker(config, "a").runOnce());

            assertEquals(1, gateway.received.size());
            NotifyFixture.Received rq = gateway.received.get(0);
            assertEquals("POST", rq.method());
            assertEquals("Bearer " + SMS_TOKEN, rq.header("Authorization"));
            assertEquals("guanai", rq.header("X-App"));
            JsonNode body = json.readTree(rq.body());
            assertEquals("13812345678", body.get("to").asText());
            assertEquals("事件“离家”已超过 2 小时未通报 /#/children/7", body.get("content").asText());
            assertEquals("关爱", body.get("sign").asText());
        }
    }

    @Test
    void aFailedAttemptIsRetriedAfterTheBackoffAndDeliveredOnce() throws Exception {
        AtomicInteger answers = new AtomicInteger();
        try (NotifyFixture.Receiver gateway = new NotifyFixture.Receiver(() -> answers.getAndIncrement() == 0 ? 500 : 200, "{}")) {
            NotifyConfig config = NotifyFixture.config(Map.of("smsUrl", gateway.url("/sms"), "retrySeconds", 30));
            f.user("teacher1", Role.TEACHER, f.school1, null, "13812345678");
            f.service(config).send(notice(f.school1).urgent(true).to(Audience.roles(Role.TEACHER)).build());
            DeliveryWorker worker = f.worker(config, "a");

            assertEquals(1, worker.runOnce());
            assertEquals(List.of(List.of("PENDING", 1, "SMS gateway: HTTP 500")),
                    f.rows("SELECT status, attempts, last_error FROM core_delivery"));
            assertEquals(0, worker.runOnce(), "not due before the backoff");
            f.clock.advance(Duration.ofSeconds(29));
            assertEquals(0, worker.runOnce());
            f.clock.advance(Duration.ofSeconds(1));
            assertEquals(1, worker.runOnce());
            assertEquals(List.of(List.of("SENT", 2)), f.rows("SELECT status, attempts FROM core_delivery"));
            f.clock.advance(Duration.ofHours(1));
            assertEquals(0, worker.runOnce());
            assertEquals(2, gateway.calls.get());
        }
    }

    @Test
    void aDeliveryIsGivenUpAfterTheLastAttemptWithItsErrorKept() throws Exception {
        try (NotifyFixture.Receiver gateway = new NotifyFixture.Receiver(() -> 503, "{}")) {
            NotifyConfig config = NotifyFixture.config(Map.of("smsUrl", gateway.url("/sms"), "retrySeconds", 10, "maxAttempts", 3));
            f.user("teacher1", Role.TEACHER, f.school1, null, "13812345678");
            f.service(config).send(notice(f.school1).urgent(true).to(Audience.roles(Role.TEACHER)).build());
            DeliveryWorker worker = f.worker(config, "a");
            assertEquals(1, worker.runOnce());
            f.clock.advance(Duration.ofSeconds(10));
            assertEquals(1, worker.runOnce());
            f.clock.advance(Duration.ofSeconds(19));
            assertEquals(0, worker.runOnce(), "the second wait is twice the first");
            f.clock.advance(Duration.ofSeconds(1));
            assertEquals(1, worker.runOnce());
            f.clock.advance(Duration.ofDays(1));
            assertEquals(0, worker.runOnce());
            assertEquals(List.of(List.of("FAILED", 3, "SMS gateway: HTTP 503")),
                    f.rows("SELECT status, attempts, last_error FROM core_delivery"));
            assertEquals(3, gateway.calls.get());
        }
    }

    @Test
    void twoWorkersOnOneDatabaseDeliverEachNoticeExactlyOnce() throws Exception {
        Map<String, AtomicInteger> perText = new ConcurrentHashMap<>();
        try (NotifyFixture.Receiver gateway = new NotifyFixture.Receiver(() -> 200, "{}")) {
            NotifyConfig config = NotifyFixture.config(Map.of("smsUrl", gateway.url("/sms"), "smsBody", "{phone}|{text}",
                    "smsContentType", "text/plain"));
            f.user("teacher1", Role.TEACHER, f.school1, null, "13812345678");
            f.user("teacher2", Role.TEACHER, f.school1, null, "13812345679");
            NotificationService s = f.service(config);
            int notices = 40;
            for (int i = 0; i < notices; i++) {
                s.send(notice(f.school1).urgent(true).subject("通知 " + i, "Notice " + i).to(Audience.roles(Role.TEACHER)).build());
            }
            List<DeliveryWorker> workers = List.of(f.worker(config, "node-a"), f.worker(config, "node-b"));
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> runs = workers.stream().map(w -> pool.submit(() -> {
                    start.await();
                    int claimed = 0;
                    int n;
                    while ((n = w.runOnce()) > 0) {
                        claimed += n;
                    }
                    return claimed;
                })).toList();
                int total = runs.get(0).get() + runs.get(1).get();
                assertEquals(2 * notices, total);
            } finally {
                pool.shutdownNow();
            }
            gateway.received.forEach(rq -> perText.computeIfAbsent(rq.body(), k -> new AtomicInteger()).incrementAndGet());
            assertEquals(2 * notices, gateway.received.size());
            assertEquals(2 * notices, perText.size(), "each phone and notice once");
            assertTrue(perText.values().stream().allMatch(n -> n.get() == 1));
            assertEquals(2 * notices, f.count("SELECT COUNT(*) FROM core_delivery WHERE status = 'SENT' AND attempts = 1"));
        }
    }

    @Test
    void secretsNeverReachTheLogNorTheStoredError() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (NotifyFixture.Receiver robot = new NotifyFixture.Receiver(() -> 500, "{\"errcode\":93000,\"errmsg\":\"invalid key\"}")) {
            Map<String, Object> values = new HashMap<>();
            values.put("roleChannels", new String[] { "teacher=wecom,email" });
            values.put("wecomWebhooks", new String[] { "school:" + f.school1 + "=" + robot.url("/cgi-bin/webhook/send?key=" + ROBOT_KEY),
                    "nonsense=" + robot.url("/x?key=" + ROBOT_KEY) });
            // an SMTP server that is not there, with a password, and an SMS gateway that is not there either
            values.put("smtpHost", "127.0.0.1");
            values.put("smtpPort", 1);
            values.put("smtpUser", "guanai");
            values.put("smtpPassword", SMTP_PASSWORD);
            values.put("smsUrl", "http://127.0.0.1:1/sms?token=" + SMS_TOKEN);
            values.put("smsToken", SMS_TOKEN);
            values.put("timeoutSeconds", 2);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            NotifyConfig config = NotifyFixture.config(values);
            f.user("teacher1", Role.TEACHER, f.school1, "li.hua@example.cn", "13812345678");
            f.service(config).send(notice(f.school1).urgent(true).to(Audience.roles(Role.TEACHER)).build());
            assertEquals(3, f.worker(config, "a").runOnce());
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        List<List<Object>> errors = f.rows("SELECT channel, last_error FROM core_delivery ORDER BY channel");
        assertEquals(3, errors.size());
        String stored = errors.toString();
        assertTrue(log.contains("failed (attempt 1 of 6)"), log);
        assertTrue(log.contains("wecomWebhooks"), log);
        for (String secret : List.of(ROBOT_KEY, SMS_TOKEN, SMTP_PASSWORD)) {
            assertFalse(log.contains(secret), "log shows a secret: " + log);
            assertFalse(stored.contains(secret), "stored error shows a secret: " + stored);
        }
        assertTrue(stored.contains("企业微信 school:" + f.school1 + ": HTTP 500"), stored);
        assertNull(errors.stream().filter(r -> r.get(1) == null).findAny().orElse(null));
    }
}
