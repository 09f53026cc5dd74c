package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Several nodes on one database (issue 17): two guanai.jar processes, each with a data folder of its own, on one fresh
 * PostgreSQL database ({@code GUANAI_DB_URL}) and one audit key ({@code GUANAI_AUDIT_KEY_FILE}), started at the same
 * time, and what one does holds on the other: one administrator and one demo county (8), one verifiable audit chain
 * under card checks and audited reads spread over both (1), a programme disabled on one is off on the other within
 * about a second (2), a module installed, stopped, started and uninstalled on one is so on the other, and a node
 * restarted after that comes up with the right modules (3), a photo uploaded on one is served by the other (4), a
 * password reset on one holds on the other at once (5), failed logins on one throttle the other (6), every scheduled job
 * of the programmes made due at the same moment runs once in the whole cluster (7), a child added on one appears in the
 * other's birthdays roster (9), and a session opened on one works on the other.
 * <p>
 * Needs PostgreSQL: runs with {@code -Dguanai.test.postgres=jdbc:postgresql://…} (a role that may create databases, as
 * the README's test command and {@code .ci/run} give it) and is skipped without it.
 */
class TwoNodesIT {
    private static final String CALLS = "org.guanai.examples.calls";
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void twoNodesOnOnePostgresBehaveAsOne() throws Exception {
        Assumptions.assumeTrue(TestPostgres.server() != null,
                "TwoNodesIT needs PostgreSQL: run with -Dguanai.test.postgres=jdbc:postgresql://host:port/db?user=… (skipped)");
        String url = TestPostgres.create("two_nodes_" + ProcessHandle.current().pid() + "_" + System.currentTimeMillis());
        Path key = tmp.resolve("audit.key");
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        Files.writeString(key, HexFormat.of().formatHex(k) + "\n");
        Map<String, String> env = Map.of("GUANAI_DB_URL", url, "GUANAI_DEMO", "true", "GUANAI_AUDIT_KEY_FILE", key.toString(),
                "GUANAI_ALLOW_UNSIGNED", "true");

        HttpClient http = HttpClient.newHttpClient();
        try (GuanaiProcess one = new GuanaiProcess(Jars.guanai(), tmp.resolve("node1"), env);
                GuanaiProcess two = new GuanaiProcess(Jars.guanai(), tmp.resolve("node2"), env)) {
            Files.createDirectories(tmp.resolve("node1"));
            Files.createDirectories(tmp.resolve("node2"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                // 8: both first starts at once race for the first administrator and the demo county
                Callable<Long> startOne = one::start;
                Callable<Long> startTwo = two::start;
                List<Future<Long>> starts = List.of(pool.submit(startOne), pool.submit(startTwo));
                for (Future<Long> s : starts) {
                    s.get();
                }
                try (Connection c = DriverManager.getConnection(url)) {
                    assertEquals(1, StoredDatabase.count(c, "SELECT COUNT(*) FROM core_user WHERE username = 'admin'"));
                    assertEquals(300, StoredDatabase.count(c, "SELECT COUNT(*) FROM core_child"), "one demo county");
                    assertEquals(2, StoredDatabase.count(c, "SELECT COUNT(*) FROM core_school"));
                    assertEquals(1, StoredDatabase.count(c, "SELECT COUNT(*) FROM core_user WHERE username = 'school'"));
                }
                for (GuanaiProcess node : List.of(one, two)) {
                    waitFor(node, "/api/programmes/activities/?school=1", r -> r.statusCode() == 200, Duration.ofSeconds(90));
                    waitFor(node, "/api/programmes/birthdays/?school=1", r -> r.statusCode() == 200, Duration.ofSeconds(90));
                }

                auditAcrossNodes(one, two, pool);
                enablementAcrossNodes(one, two);
                evidenceAcrossNodes(one, two);
                birthdaysAcrossNodes(one, two);
                sessionsAcrossNodes(one, two, http);
                modulesAcrossNodes(one, two);
                throttlingAcrossNodes(one, two);
                passwordAcrossNodes(one, two);
                jobsAcrossNodes(url, one, two);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** 1: card checks and audited reads over both nodes, at once: every one answered, one chain that verifies on both. */
    private void auditAcrossNodes(GuanaiProcess one, GuanaiProcess two, ExecutorService pool) throws Exception {
        List<Long> children = new ArrayList<>();
        read(one.get("/api/children?size=20"), 200).get("items").forEach(c -> children.add(c.get("id").asLong()));
        long before = read(one.get("/api/audit?size=1"), 200).get("total").asLong();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            GuanaiProcess node = i % 2 == 0 ? one : two;
            long child = children.get(i % children.size());
            calls.add(() -> node.post("/api/children/" + child + "/card-check", "{}").statusCode());
            calls.add(() -> node.get("/api/children/" + child).statusCode());
        }
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(calls)) {
            codes.add(f.get());
        }
        assertTrue(codes.stream().allMatch(c -> c == 200), "every card check and read answered 200 (before: duplicate key"
                + " core_audit_pkey, 500): " + codes);
        Thread.sleep(500); // the read entries are written off the request path, within 100 ms
        long after = read(one.get("/api/audit?size=1"), 200).get("total").asLong();
        assertTrue(after - before >= 80, "40 card checks and 40 reads audited: " + (after - before));
        for (GuanaiProcess node : List.of(one, two)) {
            JsonNode verified = read(node.get("/api/audit/verify"), 200);
            assertTrue(verified.get("ok").asBoolean(), "one verifiable chain: " + verified);
            String chain = read(node.get("/api/health"), 200).path("components").path("auditChain").asText();
            assertFalse(chain.startsWith("BROKEN"), "no false alarm with two writers: " + chain);
        }
    }

    /** 2: a programme disabled for a school on one node is off on the other within about a second, and back on. */
    private void enablementAcrossNodes(GuanaiProcess one, GuanaiProcess two) throws Exception {
        read(one.put("/api/schools/1/programmes/birthdays", "{\"enabled\":false}"), 200);
        long ms = millisUntil(two, "/api/programmes/birthdays/?school=1", r -> r.statusCode() == 404, Duration.ofSeconds(3));
        assertTrue(ms < 2_000, "off on node 2 within about a second: " + ms + " ms");
        read(one.put("/api/schools/1/programmes/birthdays", "{\"enabled\":true}"), 200);
        waitFor(two, "/api/programmes/birthdays/?school=1", r -> r.statusCode() == 200, Duration.ofSeconds(3));
    }

    /** 4: a photo uploaded on one node is served by the other. */
    private void evidenceAcrossNodes(GuanaiProcess one, GuanaiProcess two) throws Exception {
        one.credentials("school", "guanai-demo");
        two.credentials("school", "guanai-demo");
        try {
            long child = read(one.get("/api/children?size=1&school=1"), 200).get("items").get(0).get("id").asLong();
            String api = "/api/programmes/activities/activities";
            long activity = read(one.post(api + "?school=1", "{\"heldOn\":\"" + LocalDate.now(CHINA) + "\",\"type\":\"OUTING\","
                    + "\"title\":\"参观有机茶厂\",\"atHome\":false,\"participants\":[" + child + "]}"), 201).get("id").asLong();
            byte[] photo = new byte[50_000];
            for (int i = 0; i < photo.length; i++) {
                photo[i] = (byte) ('a' + i % 26);
            }
            photo[0] = (byte) 0xFF;
            photo[1] = (byte) 0xD8;
            photo[2] = (byte) 0xFF;
            JsonNode up = read(one.upload("POST", api + "/" + activity + "/evidence?school=1&name=tea.jpg", "image/jpeg", photo), 201);
            HttpResponse<String> served = two.get(api + "/" + activity + "/evidence/" + up.get("id").asLong() + "?school=1");
            assertEquals(200, served.statusCode(), "node 2 serves the photo node 1 stored (before: 404): " + served.body());
            assertEquals(new String(photo, StandardCharsets.UTF_8), served.body());
        } finally {
            one.credentials("admin", GuanaiProcess.ADMIN_PASSWORD);
            two.credentials("admin", GuanaiProcess.ADMIN_PASSWORD);
        }
    }

    /** 9: a child added on one node appears in the other's birthdays roster (its cache was cleared by local events only). */
    private void birthdaysAcrossNodes(GuanaiProcess one, GuanaiProcess two) throws Exception {
        LocalDate today = LocalDate.now(CHINA);
        LocalDate born = today.plusDays(2).minusYears(10);
        String upcoming = "/api/programmes/birthdays/upcoming?school=1&days=5";
        String before = read(two.get(upcoming), 200).toString(); // node 2 builds its roster now
        assertFalse(before.contains("欧阳子轩"), before);
        JsonNode klass = read(one.get("/api/schools/1/classes"), 200).get(0);
        ObjectNode child = json.createObjectNode();
        child.put("name", "欧阳子轩").put("gender", "MALE").put("birthDate", born.toString())
                .put("idNumber", GuanaiEndToEndIT.idNumber("520330" + born.format(DateTimeFormatter.BASIC_ISO_DATE) + "103"))
                .put("schoolId", 1).put("classId", klass.get("id").asLong()).put("leftBehindType", "BOTH_AWAY")
                .put("homeAddress", "贵州省遵义市习水县温水镇大坪村3组");
        read(one.post("/api/children", child.toString()), 201);
        waitFor(two, upcoming, r -> r.statusCode() == 200 && r.body().contains("欧阳子轩"), Duration.ofSeconds(5));
    }

    /** A session opened on one node works on the other. */
    private void sessionsAcrossNodes(GuanaiProcess one, GuanaiProcess two, HttpClient http) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(one.baseUrl() + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"county\",\"password\":\"guanai-demo\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(two.baseUrl() + "/api/me")).header("Cookie", cookie).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("county", json.readTree(me.body()).get("username").asText(), me.body());
    }

    /**
     * 3: a module installed on one node runs on the other without a restart; stopped, started and uninstalled there too;
     * a node restarted after the other changed the modules comes up with the right ones.
     */
    private void modulesAcrossNodes(GuanaiProcess one, GuanaiProcess two) throws Exception {
        String module = "/api/admin/bundles/" + CALLS;
        assertEquals(201, one.upload("POST", "/api/admin/bundles", Jars.template()).statusCode());
        JsonNode onTwo = json.readTree(waitFor(two, module, r -> r.statusCode() == 200 && r.body().contains("\"programmeState\":\"ACTIVE\""),
                Duration.ofSeconds(30)).body());
        assertTrue(onTwo.get("managed").asBoolean(), onTwo.toString());
        assertEquals("ACTIVE", onTwo.get("state").asText(), onTwo.toString());

        read(one.send("POST", module + "/stop"), 200);
        waitFor(two, module, r -> r.statusCode() == 200 && r.body().contains("\"state\":\"RESOLVED\""), Duration.ofSeconds(10));
        read(one.send("POST", module + "/start"), 200);
        waitFor(two, module, r -> r.statusCode() == 200 && r.body().contains("\"state\":\"ACTIVE\""), Duration.ofSeconds(10));

        // node 2 is down while node 1 updates the module; it comes up with the new version, nothing failed
        two.stop();
        byte[] v2 = Jars.variant(Jars.template(), Map.of("Bundle-Version", "1.1.0"), Map.of());
        read(one.upload("PUT", module, v2), 200);
        two.start();
        JsonNode restarted = json.readTree(waitFor(two, module, r -> r.statusCode() == 200
                && r.body().contains("\"programmeState\":\"ACTIVE\""), Duration.ofSeconds(30)).body());
        assertEquals("1.1.0", restarted.get("version").asText(), restarted.toString());
        assertFalse(two.get("/api/health").body().contains("failed"), two.get("/api/health").body());

        assertEquals(200, one.delete(module).statusCode());
        waitFor(two, module, r -> r.statusCode() == 404, Duration.ofSeconds(10));
    }

    /** 6: failed logins on one node throttle the account on the other. */
    private void throttlingAcrossNodes(GuanaiProcess one, GuanaiProcess two) throws Exception {
        one.credentials("health", "wrong-password");
        try {
            for (int i = 0; i < 6; i++) {
                one.get("/api/me");
            }
            two.credentials("health", "guanai-demo"); // even the right password waits now
            HttpResponse<String> r = two.get("/api/me");
            assertEquals(429, r.statusCode(), "node 2 throttles what node 1 counted: " + r.body());
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
        } finally {
            one.credentials("admin", GuanaiProcess.ADMIN_PASSWORD);
            two.credentials("admin", GuanaiProcess.ADMIN_PASSWORD);
        }
    }

    /** 5: a password reset on one node holds on the other at once, though the other just accepted the old password. */
    private void passwordAcrossNodes(GuanaiProcess one, GuanaiProcess two) throws Exception {
        long teacher = -1;
        for (JsonNode u : read(one.get("/api/users?size=100"), 200).get("items")) {
            teacher = u.get("username").asText().equals("teacher") ? u.get("id").asLong() : teacher;
        }
        two.credentials("teacher", "guanai-demo");
        assertEquals(200, two.get("/api/me").statusCode(), "the old password, cached on node 2");
        assertEquals(204, one.post("/api/users/" + teacher + "/password", "{\"password\":\"Xishui-county-2026!\"}").statusCode());
        assertEquals(401, two.get("/api/me").statusCode(), "the old password no longer works on node 2 (before: for 65 s)");
        two.credentials("teacher", "Xishui-county-2026!");
        assertEquals(200, two.get("/api/me").statusCode());
        two.credentials("admin", GuanaiProcess.ADMIN_PASSWORD);
    }

    /**
     * 7: every job of the programmes (health's overdue marker, pairing's overdue check, birthdays' and activities'
     * reminders, …) is made due at one moment in the database; both nodes poll their jobs, and each due time is run by
     * one node only (a lease in {@code core_job}), as the two logs show: before, each node ran its own schedule.
     */
    private void jobsAcrossNodes(String url, GuanaiProcess one, GuanaiProcess two) throws Exception {
        Instant due = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        List<String[]> jobs = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url)) {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT owner, name FROM core_job ORDER BY owner, name")) {
                while (rs.next()) {
                    jobs.add(new String[] { rs.getString(1), rs.getString(2) });
                }
            }
            try (var s = c.prepareStatement("UPDATE core_job SET next_due = ?, lease_until = NULL, leased_by = NULL")) {
                s.setObject(1, OffsetDateTime.ofInstant(due, ZoneOffset.UTC));
                s.executeUpdate();
            }
        }
        assertTrue(jobs.size() >= 4, "the shipped programmes' jobs are scheduled: " + jobs.size());
        // each node looks at its jobs every 30 s
        long start = System.nanoTime();
        long waiting;
        do {
            Thread.sleep(500);
            try (Connection c = DriverManager.getConnection(url)) {
                waiting = StoredDatabase.count(c, "SELECT COUNT(*) FROM core_job WHERE next_due <= TIMESTAMP WITH TIME ZONE '"
                        + OffsetDateTime.ofInstant(due, ZoneOffset.UTC) + "'");
            }
        } while (waiting > 0 && System.nanoTime() - start < Duration.ofSeconds(90).toNanos());
        assertEquals(0, waiting, "every due job ran within 90 s");
        String logs = one.log() + "\n" + two.log();
        for (String[] job : jobs) {
            String line = "Job '" + job[1] + "' of '" + job[0] + "' ran (due " + due + ")";
            int runs = logs.split(Pattern.quote(line), -1).length - 1;
            assertEquals(1, runs, line + ": once in the whole cluster");
        }
    }

    /** Asks {@code path} until the answer passes {@code done}; @return the answer; fails after {@code limit}. */
    private static HttpResponse<String> waitFor(GuanaiProcess node, String path, Predicate<HttpResponse<String>> done, Duration limit)
            throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r;
        do {
            r = node.get(path);
            if (done.test(r)) {
                return r;
            }
            Thread.sleep(50);
        } while (System.nanoTime() - start < limit.toNanos());
        throw new AssertionError("no such answer from " + path + " within " + limit + ": " + r.statusCode() + " " + r.body());
    }

    /** {@link #waitFor}; @return how many milliseconds it took */
    private static long millisUntil(GuanaiProcess node, String path, Predicate<HttpResponse<String>> done, Duration limit) throws Exception {
        long start = System.nanoTime();
        waitFor(node, path, done, limit);
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private JsonNode read(HttpResponse<String> response, int expectedStatus) throws Exception {
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return json.readTree(response.body());
    }
}
