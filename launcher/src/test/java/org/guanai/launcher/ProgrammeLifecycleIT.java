package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The programme platform on a running guanai.jar, with the template programme (亲情电话) built as a separate Maven
 * build: install over HTTP, per-school enablement, update to v2 with a migration while clients keep calling, a failing
 * update rolled back, garbage and conflicting uploads refused, uninstall and reinstall with the data kept, and the
 * desired state back after kill -9.
 */
class ProgrammeLifecycleIT {
    private static final String BSN = "org.guanai.examples.calls";
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;



    @Test
    void installEnableUpdateRemoveAndSurviveACrash() throws Exception {
        byte[] v1 = Jars.template();
        byte[] v2 = Jars.variant(v1, Map.of("Bundle-Version", "1.1.0"),
                Map.of("db/calls/V2__video.sql", "ALTER TABLE calls_call ADD COLUMN video BOOLEAN NOT NULL DEFAULT FALSE;\n"));
        byte[] broken = Jars.variant(v1, Map.of("Bundle-Version", "1.2.0"),
                Map.of("db/calls/V2__video.sql", "ALTER TABLE calls_call ADD COLUMN video BOOLEAN NOT NULL DEFAULT FALSE;\n",
                        "db/calls/V3__broken.sql", "ALTER TABLE no_such_table ADD COLUMN x INTEGER;\n"));
        byte[] impostor = Jars.variant(v1, Map.of("Bundle-SymbolicName", "org.example.impostor"), Map.of());
        Path data = tmp.resolve("data");

        try (GuanaiProcess g = new GuanaiProcess(Jars.guanai(), data, Map.of("GUANAI_DEMO", "true"))) {
            g.start();
            String coreBefore = coreBundles(g);

            assertEquals(201, g.upload("POST", "/api/admin/bundles", v1).statusCode());
            JsonNode listed = null;
            for (JsonNode p : read(g.get("/api/programmes"), 200).get("items")) {
                listed = p.get("id").asText().equals("calls") ? p : listed; // next to the programmes shipped with the platform
            }
            assertTrue(listed != null, "calls listed");
            assertEquals("calls", listed.get("id").asText());
            assertEquals("ACTIVE", listed.get("state").asText());

            // off until enabled; enabled for school 1 only
            assertEquals(404, g.get("/api/programmes/calls/children/5/calls?school=1").statusCode());
            read(g.put("/api/schools/1/programmes/calls", "{\"enabled\":true}"), 200);
            // calls are recorded by the school (学校管理员, a demo user), not by the county administrator
            g.credentials("school", "guanai-demo");
            read(g.post("/api/programmes/calls/children/5/calls?school=1",
                    "{\"parentRole\":\"MOTHER\",\"calledAt\":\"2026-11-20T19:30:00+08:00\",\"minutes\":12,\"note\":\"问学习\"}"), 201);
            g.credentials("admin", GuanaiProcess.ADMIN_PASSWORD);
            assertEquals(1, read(g.get("/api/programmes/calls/children/5/calls?school=1"), 200).get("items").size());
            assertEquals(404, g.get("/api/programmes/calls/children/5/calls?school=2").statusCode());
            assertFalse(read(g.get("/api/programmes?school=2"), 200).get("items").toString().contains("\"id\":\"calls\""),
                    "not in school 2's list");

            // refused uploads change nothing
            String bundlesBefore = bundles(g);
            assertEquals(400, g.upload("POST", "/api/admin/bundles", "garbage".getBytes()).statusCode());
            assertEquals(409, g.upload("POST", "/api/admin/bundles", impostor).statusCode(), "programme id taken");
            assertEquals(bundlesBefore, bundles(g));

            // v2 while clients call the core and the programme
            Map<Integer, AtomicInteger> programmeCodes = new ConcurrentHashMap<>();
            AtomicInteger coreFailures = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        try {
                            programmeCodes.computeIfAbsent(g.get("/api/programmes/calls/children/5/calls?school=1").statusCode(),
                                    k -> new AtomicInteger()).incrementAndGet();
                            if (g.get("/api/children/5").statusCode() != 200) {
                                coreFailures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            coreFailures.incrementAndGet();
                        }
                    }
                });
                t.start();
                clients.add(t);
            }
            Thread.sleep(300);
            JsonNode updated = read(g.upload("PUT", "/api/admin/bundles/" + BSN, v2), 200);
            assertEquals("1.1.0", updated.get("version").asText());
            Thread.sleep(300);
            running.set(false);
            for (Thread t : clients) {
                t.join();
            }
            assertEquals(0, coreFailures.get(), "core requests never fail during a programme update");
            assertTrue(programmeCodes.keySet().stream().allMatch(code -> code == 200 || code == 503), "only 200 or 503: " + programmeCodes);
            assertEquals(coreBefore, coreBundles(g), "the core was not restarted");
            assertEquals(1, read(g.get("/api/programmes/calls/children/5/calls?school=1"), 200).get("items").size(), "old rows intact");

            // a version that fails is rolled back
            JsonNode failed = read(g.upload("PUT", "/api/admin/bundles/" + BSN, broken), 422);
            assertTrue(failed.get("message_en").asText().contains("1.1.0"), failed.toString());
            assertEquals("1.1.0", read(g.get("/api/admin/bundles/" + BSN), 200).get("version").asText());
            assertEquals(200, g.get("/api/programmes/calls/children/5/calls?school=1").statusCode());

            // uninstall keeps the data; reinstall finds it, enablement included
            read(g.delete("/api/admin/bundles/" + BSN), 200);
            assertEquals(404, g.get("/api/programmes/calls/children/5/calls?school=1").statusCode());
            assertEquals(201, g.upload("POST", "/api/admin/bundles", v2).statusCode());
            assertEquals(1, read(g.get("/api/programmes/calls/children/5/calls?school=1"), 200).get("items").size());

            read(g.send("POST", "/api/admin/bundles/" + BSN + "/stop"), 200);
            assertEquals(503, g.get("/api/programmes/calls/children/5/calls?school=1").statusCode());
            read(g.send("POST", "/api/admin/bundles/" + BSN + "/start"), 200);
            read(g.send("POST", "/api/admin/bundles/" + BSN + "/stop"), 200);
            g.kill();
        }
        // desired state after kill -9: installed, stopped, enablement kept; then started again
        try (GuanaiProcess g = new GuanaiProcess(Jars.guanai(), data, Map.of("GUANAI_DEMO", "true"))) {
            g.start();
            JsonNode module = read(g.get("/api/admin/bundles/" + BSN), 200);
            assertEquals("1.1.0", module.get("version").asText());
            assertEquals("STOPPED", module.get("desiredState").asText());
            read(g.send("POST", "/api/admin/bundles/" + BSN + "/start"), 200);
            assertEquals(1, read(g.get("/api/programmes/calls/children/5/calls?school=1"), 200).get("items").size());
            assertEquals(404, g.get("/api/programmes/calls/children/5/calls?school=2").statusCode());
            JsonNode log = read(g.get("/api/admin/bundles/log"), 200).get("items");
            assertTrue(log.toString().contains("ROLLED_BACK") && log.toString().contains("REFUSED"), log.toString());

            // purging the data needs the programme uninstalled and an explicit confirmation
            assertEquals(409, g.post("/api/admin/programmes/calls/purge", "{\"confirm\":\"calls\"}").statusCode());
            read(g.delete("/api/admin/bundles/" + BSN), 200);
            assertEquals(400, g.post("/api/admin/programmes/calls/purge", "{}").statusCode());
            JsonNode purged = read(g.post("/api/admin/programmes/calls/purge", "{\"confirm\":\"calls\"}"), 200);
            assertTrue(purged.get("droppedTables").toString().contains("calls_call"), purged.toString());
            assertEquals(201, g.upload("POST", "/api/admin/bundles", v1).statusCode());
            assertEquals(404, g.get("/api/programmes/calls/children/5/calls?school=1").statusCode(), "enablement purged too");
            read(g.put("/api/schools/1/programmes/calls", "{\"enabled\":true}"), 200);
            assertEquals(0, read(g.get("/api/programmes/calls/children/5/calls?school=1"), 200).get("items").size(), "data purged");
        }
    }

    /** A jar already in the deploy directory when the platform starts goes through module administration too. */
    @Test
    void deployDirectoryAtStartAndRestart() throws Exception {
        Path data = tmp.resolve("deploy-data");
        Files.createDirectories(data.resolve("deploy"));
        Files.write(data.resolve("deploy").resolve("calls.jar"), Jars.template());
        for (int start = 0; start < 2; start++) {
            try (GuanaiProcess g = new GuanaiProcess(Jars.guanai(), data, Map.of("GUANAI_DEMO", "false", "GUANAI_ALLOW_UNSIGNED", "true"))) {
                g.start();
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
                JsonNode module = null;
                while (System.nanoTime() < deadline) {
                    HttpResponse<String> r = g.get("/api/admin/bundles/" + BSN);
                    if (r.statusCode() == 200 && (module = json.readTree(r.body())).get("programmeState").asText().equals("ACTIVE")) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertTrue(module != null && module.get("managed").asBoolean(), "managed by module administration: " + module);
                assertEquals("ACTIVE", module.get("desiredState").asText());
                assertEquals("ACTIVE", module.get("programmeState").asText(), "start " + start + ": " + module);
                assertTrue(!g.log().contains("did not start"), g.log());
            }
        }
    }

    /** Ids and states of the platform's own bundles. */
    private String coreBundles(GuanaiProcess g) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (JsonNode b : read(g.get("/api/admin/bundles"), 200).get("items")) {
            if (!b.get("managed").asBoolean()) {
                sb.append(b.get("id").asLong()).append(':').append(b.get("bsn").asText()).append(':').append(b.get("state").asText())
                        .append(' ');
            }
        }
        return sb.toString();
    }

    private String bundles(GuanaiProcess g) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (JsonNode b : read(g.get("/api/admin/bundles"), 200).get("items")) {
            sb.append(b.get("id").asLong()).append(':').append(b.get("bsn").asText()).append(':').append(b.get("version").asText())
                    .append(':').append(b.get("state").asText()).append(' ');
        }
        return sb.toString();
    }

    private JsonNode read(HttpResponse<String> response, int expected) throws Exception {
        assertEquals(expected, response.statusCode(), response.body());
        return json.readTree(response.body());
    }
}
