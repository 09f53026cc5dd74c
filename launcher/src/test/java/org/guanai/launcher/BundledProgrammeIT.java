package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Programmes shipped with the platform ({@code guanai.modules.bundled}, their digests in
 * {@code guanai.modules.bundled.sha256}, as the launcher records them from guanai.jar): installed on the first start
 * without a signature, updated when the platform ships a newer version, and never brought back after an admin
 * uninstalled one — across restarts. A jar of that directory that does not have its recorded digest is refused, logged,
 * and never installed. Here a directory of the test's own, holding the template programme.
 */
class BundledProgrammeIT {
    private static final String BSN = "org.guanai.examples.calls";
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void installedOnceAndAnAdminsUninstallWins() throws Exception {
        Path bundled = Files.createDirectories(tmp.resolve("shipped"));
        Files.write(bundled.resolve("calls.jar"), Jars.template());
        try (GuanaiProcess g = platform(tmp.resolve("data"), bundled, Jars.template())) {
            g.start();
            assertEquals("1.0.0", programme(g).get("version").asText());
            g.stop();

            g.start();
            assertEquals(1, installs(g), "a restart installs nothing again");
            assertEquals(200, g.delete("/api/admin/bundles/" + BSN).statusCode());
            g.stop();

            // a newer platform ships a newer version: the admin's uninstall still wins
            byte[] newer = Jars.variant(Jars.template(), Map.of("Bundle-Version", "1.1.0"), Map.of());
            Files.write(bundled.resolve("calls.jar"), newer);
            shipping(g, newer).start();
            assertFalse(listed(g).toString().contains(BSN), listed(g).toString());
            g.stop();
        }
    }

    @Test
    void aNewerPlatformUpdatesAnInstalledProgramme() throws Exception {
        Path bundled = Files.createDirectories(tmp.resolve("shipped"));
        Files.write(bundled.resolve("calls.jar"), Jars.template());
        try (GuanaiProcess g = platform(tmp.resolve("data"), bundled, Jars.template())) {
            g.start();
            assertEquals("1.0.0", programme(g).get("version").asText());
            g.stop();

            byte[] newer = Jars.variant(Jars.template(), Map.of("Bundle-Version", "1.1.0"), Map.of());
            Files.write(bundled.resolve("calls.jar"), newer);
            shipping(g, newer).start();
            assertEquals("1.1.0", programme(g).get("version").asText());
            assertTrue(g.log().contains("Bundled programme " + BSN + " 1.1.0: updated"), g.log());
            g.stop();
        }
    }

    /** A jar changed on disk after the platform shipped it: refused, logged, never installed, and the health check tells. */
    @Test
    void aShippedJarChangedOnDiskIsRefusedAndNeverInstalled() throws Exception {
        Path bundled = Files.createDirectories(tmp.resolve("shipped"));
        byte[] changed = Jars.variant(Jars.template(), Map.of(), Map.of("db/calls/V9__extra.sql", "DROP TABLE core_child;\n"));
        Files.write(bundled.resolve("calls.jar"), changed);
        Path data = tmp.resolve("data");
        try (GuanaiProcess g = platform(data, bundled, Jars.template())) {
            g.launch();
            JsonNode health = null;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> r = g.get("/api/health");
                    health = json.readTree(r.body());
                    if (!health.path("components").path("modules").asText("PENDING").equals("PENDING")) {
                        assertEquals(503, r.statusCode(), r.body());
                        break;
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            assertTrue(health != null && health.get("components").get("programme:calls.jar").asText()
                    .contains("does not match the programme shipped with this platform"), String.valueOf(health));
            assertEquals(404, g.get("/api/admin/bundles/" + BSN).statusCode(), "never installed");
            assertTrue(g.log().contains("calls.jar does not match the programme shipped with this platform"), g.log());
            String log = read(g.get("/api/admin/bundles/log"), 200).toString();
            assertTrue(log.contains("REFUSED") && log.contains("calls.jar does not match"), log);
            try (var stored = Files.list(data.resolve("modules"))) {
                assertEquals(0, stored.count(), "nothing stored");
            }
        }
    }

    /** The platform with the test's bundled directory, shipping {@code jar} as calls.jar. */
    private static GuanaiProcess platform(Path data, Path bundled, byte[] jar) throws Exception {
        Files.createDirectories(data);
        return shipping(new GuanaiProcess(Jars.guanai(), data, Map.of("GUANAI_DEMO", "false"))
                .systemProperty("guanai.modules.bundled", bundled.toString()), jar);
    }

    /** Records the digest of calls.jar as the launcher records those of the programmes guanai.jar ships. */
    private static GuanaiProcess shipping(GuanaiProcess g, byte[] jar) {
        return g.systemProperty("guanai.modules.bundled.sha256", "calls.jar=" + BundledProgrammes.sha256(jar));
    }

    private JsonNode read(HttpResponse<String> response, int expected) throws Exception {
        assertEquals(expected, response.statusCode(), response.body());
        return json.readTree(response.body());
    }

    private JsonNode listed(GuanaiProcess g) throws Exception {
        HttpResponse<String> r = g.get("/api/admin/bundles");
        assertEquals(200, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    private JsonNode programme(GuanaiProcess g) throws Exception {
        HttpResponse<String> r = g.get("/api/admin/bundles/" + BSN);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode n = json.readTree(r.body());
        assertEquals("ACTIVE", n.get("state").asText(), r.body());
        return n;
    }

    private long installs(GuanaiProcess g) throws Exception {
        HttpResponse<String> r = g.get("/api/admin/bundles/log");
        assertEquals(200, r.statusCode(), r.body());
        long n = 0;
        for (JsonNode e : json.readTree(r.body()).path("items")) {
            if (e.path("operation").asText().equals("install") && e.path("bsn").asText().equals(BSN)
                    && e.path("outcome").asText().equals("OK")) {
                n++;
            }
        }
        return n;
    }
}
