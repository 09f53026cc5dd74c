package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.guanai.core.registry.internal.modules.TestSigning;
import org.guanai.core.registry.internal.modules.TestSigning.Key;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * guanai.jar started with a trust store ({@code GUANAI_TRUSTSTORE}, made with keytool: a county CA and a signer it
 * issued): the template programme is refused unsigned, signed by a stranger or with a file added after signing, and
 * installed and updated once signed; an unsigned jar in the deploy directory is refused too. With a trust store that
 * cannot be loaded, nothing is installed through module administration. The programmes shipped inside guanai.jar are
 * installed either way: they are trusted by the digests recorded when it was built, not by a signature. Every request
 * carries the admin's Basic credentials ({@code GUANAI_ADMIN_PASSWORD}), for when the admin API asks for them.
 */
class SignedBundleIT {
    private static final String BSN = "org.guanai.examples.calls";
    private static final String ADMIN_PASSWORD = "Signed-bundle-test-1";
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;



    private static GuanaiProcess guanai(Path data, Path trustStore, String trustStorePassword) throws Exception {
        return new GuanaiProcess(Jars.guanai(), data, Map.of("GUANAI_DEMO", "false", "GUANAI_TRUSTSTORE", trustStore.toString(),
                "GUANAI_TRUSTSTORE_PASSWORD", trustStorePassword, "GUANAI_ADMIN_PASSWORD", ADMIN_PASSWORD))
                .credentials("admin", ADMIN_PASSWORD);
    }

    @Test
    void onlyProgrammesSignedByTheTrustStoreAreInstalled() throws Exception {
        TestSigning signing = new TestSigning(tmp.resolve("keys"));
        Key ca = signing.ca("county-ca");
        Key signer = signing.issued(ca, "county-it");
        Path trustStore = signing.trustStore("truststore.p12", ca);
        byte[] unsigned = Jars.template();
        byte[] signed = signing.sign(unsigned, signer);
        byte[] stranger = signing.sign(unsigned, signing.selfSigned("stranger"));
        byte[] added = TestSigning.withEntry(signed, "db/calls/V9__extra.sql", "DROP TABLE core_child;\n".getBytes());
        byte[] v2 = Jars.variant(unsigned, Map.of("Bundle-Version", "1.1.0"), Map.of());
        Path data = tmp.resolve("data");

        try (GuanaiProcess g = guanai(data, trustStore, TestSigning.PASSWORD)) {
            g.start();
            assertTrue(g.log().contains("modules must be signed by a certificate of the trust store"), g.log());
            String before = bundles(g);

            // the dry run says why, and changes nothing
            JsonNode plan = read(g.upload("POST", "/api/admin/bundles/dry-run", unsigned), 200);
            assertFalse(plan.get("ok").asBoolean(), plan.toString());
            assertEquals("unsigned", plan.get("signature").get("outcome").asText(), plan.toString());

            // refused: unsigned, signed by someone the trust store does not know, a file added after signing
            assertRefused(g.upload("POST", "/api/admin/bundles", unsigned), "unsigned");
            assertRefused(g.upload("POST", "/api/admin/bundles", stranger), "untrusted");
            assertRefused(g.upload("POST", "/api/admin/bundles", added), "partly_signed");
            assertEquals(before, bundles(g), "nothing installed");
            assertEquals(8, read(g.get("/api/programmes"), 200).get("total").asInt(), "the eight shipped programmes only");
            Path modules = data.resolve("modules");
            try (var stored = Files.isDirectory(modules) ? Files.list(modules) : java.util.stream.Stream.<Path>empty()) {
                assertEquals(0, stored.count(), "the jars are in the database, not on this node's disk");
            }

            // signed by the county's signer: installed and started
            plan = read(g.upload("POST", "/api/admin/bundles/dry-run", signed), 200);
            assertTrue(plan.get("ok").asBoolean(), plan.toString());
            assertEquals("trusted", plan.get("signature").get("outcome").asText());
            assertTrue(plan.get("signature").get("signer").asText().contains("CN=county-it"), plan.toString());
            JsonNode installed = read(g.upload("POST", "/api/admin/bundles", signed), 201);
            assertEquals("ACTIVE", installed.get("state").asText());
            assertEquals("ACTIVE", calls(g).get("state").asText());

            // an update must be signed too
            assertRefused(g.upload("PUT", "/api/admin/bundles/" + BSN, v2), "unsigned");
            assertEquals("1.0.0", read(g.get("/api/admin/bundles/" + BSN), 200).get("version").asText());
            assertEquals("1.1.0", read(g.upload("PUT", "/api/admin/bundles/" + BSN, signing.sign(v2, signer)), 200)
                    .get("version").asText());
            assertEquals("ACTIVE", calls(g).get("state").asText());

            // the deploy directory goes through the same gate
            Files.write(data.resolve("deploy").resolve("unsigned.jar"), TestSigning.bundleJar("org.example.unsigned"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && !g.log().contains("unsigned.jar from the deploy directory refused")) {
                Thread.sleep(200);
            }
            assertTrue(g.log().contains("unsigned.jar from the deploy directory refused"), g.log());
            assertEquals(404, g.get("/api/admin/bundles/org.example.unsigned").statusCode());

            String log = read(g.get("/api/admin/bundles/log"), 200).get("items").toString();
            assertTrue(log.contains("REFUSED") && log.contains("signed by CN=county-it"), log);
        }
        // nothing refused was stored: the shipped programmes and the two signed versions only
        try (java.sql.Connection c = StoredDatabase.open(data)) {
            assertEquals(10, StoredDatabase.count(c, "SELECT COUNT(*) FROM core_module_content"), "8 shipped, 1.0.0 and 1.1.0 signed");
            for (byte[] refused : new byte[][] { unsigned, stranger, added, v2 }) {
                String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(refused));
                assertEquals(0, StoredDatabase.count(c, "SELECT COUNT(*) FROM core_module_content WHERE sha256 = '" + sha + "'"));
            }
        }
    }

    @Test
    void trustStoreThatCannotBeLoadedRefusesEveryInstall() throws Exception {
        TestSigning signing = new TestSigning(tmp.resolve("keys"));
        Key ca = signing.ca("county-ca");
        Path trustStore = signing.trustStore("truststore.p12", ca);
        byte[] signed = signing.sign(Jars.template(), signing.issued(ca, "county-it"));

        try (GuanaiProcess g = guanai(tmp.resolve("data"), trustStore, "not-the-password")) {
            g.start();
            assertTrue(g.log().contains("cannot be loaded"), g.log());
            assertFalse(g.log().contains("not-the-password"), "the password is not logged");
            JsonNode health = read(g.get("/api/health"), 200);
            assertTrue(health.get("components").get("modules").asText().contains("trust store unavailable"), health.toString());
            JsonNode refused = read(g.upload("POST", "/api/admin/bundles", signed), 503);
            assertEquals("truststore_unavailable", refused.get("error").asText());
            assertFalse(read(g.get("/api/programmes"), 200).toString().contains("\"id\":\"calls\""), "not installed");
            assertEquals(8, read(g.get("/api/programmes"), 200).get("total").asInt(), "the shipped programmes are");
        }
    }

    /** The template programme (亲情电话) in the list of programmes. */
    private JsonNode calls(GuanaiProcess g) throws Exception {
        for (JsonNode p : read(g.get("/api/programmes"), 200).get("items")) {
            if (p.get("id").asText().equals("calls")) {
                return p;
            }
        }
        throw new AssertionError("calls not listed");
    }

    /** A 422 with the error code and a text in both languages. */
    private void assertRefused(HttpResponse<String> response, String code) throws Exception {
        JsonNode body = read(response, 422);
        assertEquals(code, body.get("error").asText(), body.toString());
        assertTrue(body.get("message_zh").asText().codePoints()
                .anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN), body.toString());
        assertTrue(body.get("message_en").asText().chars().allMatch(ch -> ch < 0x2E80), body.toString());
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
