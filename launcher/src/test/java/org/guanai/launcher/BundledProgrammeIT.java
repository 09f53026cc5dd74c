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
 * Programmes shipped with the platform ({@code guanai.modules.bundled}): installed on the first start, updated when the
 * platform ships a newer version, and never brought back after an admin uninstalled one — across restarts.
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
        try (GuanaiProcess g = platform(tmp.resolve("data"), bundled)) {
            g.start();
            assertEquals("1.0.0", programme(g).get("version").asText());
            g.stop();

            g.start();
            assertEquals(1, installs(g), "a restart installs nothing again");
            assertEquals(200, g.delete("/api/admin/bundles/" + BSN).statusCode());
            g.stop();

            // a newer platform ships a newer version: the admin's uninstall still wins
            Files.write(bundled.resolve("calls.jar"), Jars.variant(Jars.template(), Map.of("Bundle-Version", "1.1.0"), Map.of()));
            g.start();
            assertFalse(listed(g).toString().contains(BSN), listed(g).toString());
            g.stop();
        }
    }

    @Test
    void aNewerPlatformUpdatesAnInstalledProgramme() throws Exception {
        Path bundled = Files.createDirectories(tmp.resolve("shipped"));
        Files.write(bundled.resolve("calls.jar"), Jars.template());
        try (GuanaiProcess g = platform(tmp.resolve("data"), bundled)) {
            g.start();
            assertEquals("1.0.0", programme(g).get("version").asText());
            g.stop();

            Files.write(bundled.resolve("calls.jar"), Jars.variant(Jars.template(), Map.of("Bundle-Version", "1.1.0"), Map.of()));
            g.start();
            assertEquals("1.1.0", programme(g).get("version").asText());
            assertTrue(g.log().contains("Bundled programme " + BSN + " 1.1.0: updated"), g.log());
            g.stop();
        }
    }

    private static GuanaiProcess platform(Path data, Path bundled) throws Exception {
        Files.createDirectories(data);
        return new GuanaiProcess(Jars.guanai(), data, Map.of("GUANAI_DEMO", "false"))
                .systemProperty("guanai.modules.bundled", bundled.toString());
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
