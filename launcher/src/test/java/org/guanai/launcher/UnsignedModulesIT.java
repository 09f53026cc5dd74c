package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * guanai.jar as a county installs it: no trust store, unsigned modules not allowed, not in demo mode. Installing a
 * module is running code as the server's user, so the unsigned template programme is refused everywhere (upload, update,
 * dry run, deploy directory, the console's {@code guanai:deploy}) with a text in 中文 and English saying how to configure
 * signing, and leaves nothing behind:
 * no file under {@code <data>/modules}, no temporary file, nothing in the desired state; the refusals are in the module
 * log and the audit log. The eight programmes shipped inside guanai.jar install all the same: they are trusted by the
 * digests recorded when guanai.jar was built, not by a signature.
 */
class UnsignedModulesIT {
    private static final String BSN = "org.guanai.examples.calls";
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void withoutATrustStoreEveryModuleIsRefusedAndTheShippedOnesInstall() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        byte[] calls = Jars.template();
        try (GuanaiProcess g = new GuanaiProcess(Jars.guanai(), data, Map.of("GUANAI_DEMO", "false", "GUANAI_SHELL", "true"))) {
            g.start();

            // the programmes shipped with the platform: installed and running, no signature needed
            JsonNode programmes = read(g.get("/api/programmes"), 200).get("items");
            assertEquals(8, programmes.size(), programmes.toString());
            for (JsonNode p : programmes) {
                assertEquals("ACTIVE", p.get("state").asText(), p.toString());
            }
            List<String> stored = files(data.resolve("modules"));
            assertEquals(List.of(), stored, "the jars are in the database, not on this node's disk");
            String before = g.get("/api/admin/bundles").body();

            // an upload, its dry run and an update of a shipped programme are refused, saying how to sign
            assertSigningRequired(read(g.upload("POST", "/api/admin/bundles", calls), 422));
            assertTrue(g.log().contains("no trust store (guanai.truststore) is configured and unsigned modules are not allowed"), g.log());
            JsonNode plan = read(g.upload("POST", "/api/admin/bundles/dry-run", calls), 200);
            assertFalse(plan.get("ok").asBoolean(), plan.toString());
            assertEquals("signing_required", plan.get("signature").get("outcome").asText(), plan.toString());
            byte[] pairing = Files.readAllBytes(data.resolve("bundled/plugin.pairing.jar"));
            byte[] newerPairing = Jars.variant(pairing, Map.of("Bundle-Version", "9.0.0"), Map.of());
            assertSigningRequired(read(g.upload("PUT", "/api/admin/bundles/org.guanai.plugin.pairing", newerPairing), 422));

            // the deploy directory too
            Files.write(data.resolve("deploy").resolve("calls.jar"), calls);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && !g.log().contains("calls.jar from the deploy directory refused")) {
                Thread.sleep(200);
            }
            assertTrue(g.log().contains("calls.jar from the deploy directory refused"), g.log());
            assertTrue(g.log().contains("尚未配置信任库") && g.log().contains("jarsigner"), "the log says it in 中文 and English: " + g.log());

            // and the console
            g.type("guanai:deploy " + Jars.templatePath());
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && !g.log().contains("refused (signing_required)")) {
                Thread.sleep(200);
            }
            assertTrue(g.log().contains("refused (signing_required)"), g.log());
            String console = g.log().substring(g.log().indexOf("refused (signing_required)"));
            assertTrue(console.contains("尚未配置信任库") && console.contains("no trust store is configured")
                    && console.contains("GUANAI_ALLOW_UNSIGNED=true"), "in 中文 and English: " + console);

            // nothing left behind
            assertEquals(before, g.get("/api/admin/bundles").body(), "nothing installed or updated");
            assertEquals(404, g.get("/api/admin/bundles/" + BSN).statusCode());
            assertEquals(stored, files(data.resolve("modules")), "nothing stored, no temporary file");
            String log = read(g.get("/api/admin/bundles/log"), 200).get("items").toString();
            assertTrue(log.contains("\"actor\":\"deploy:calls.jar\"") && log.contains("\"outcome\":\"REFUSED\""), log);
            assertEquals(4, count(log, "no trust store is configured"), "upload, update, deploy file and console refused and logged: "
                    + log);
            String audit = read(g.get("/api/audit?action=MODULE_INSTALL&size=100"), 200).toString();
            assertTrue(audit.contains("REFUSED") && audit.contains("no trust store is configured"), audit);
        }
        try (java.sql.Connection c = StoredDatabase.open(data)) {
            assertEquals(8, StoredDatabase.count(c, "SELECT COUNT(*) FROM core_module_content"), "the eight shipped jars, nothing else");
        }
    }

    /** The refusal: 422 {@code signing_required}, in 中文 and English, saying what to do. */
    private static void assertSigningRequired(JsonNode body) {
        assertEquals("signing_required", body.get("error").asText(), body.toString());
        String zh = body.get("message_zh").asText();
        String en = body.get("message_en").asText();
        assertTrue(zh.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN), zh);
        assertTrue(en.chars().allMatch(ch -> ch < 0x2E80), en);
        for (String hint : List.of("jarsigner", "GUANAI_TRUSTSTORE", "GUANAI_ALLOW_UNSIGNED=true", "README.md#signed-modules")) {
            assertTrue(zh.contains(hint) && en.contains(hint), hint + " in " + body);
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private JsonNode read(HttpResponse<String> response, int expected) throws Exception {
        assertEquals(expected, response.statusCode(), response.body());
        return json.readTree(response.body());
    }
}
