package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The sealed audit chain in the running platform: its key and anchor in the data folder, for the server's user only;
 * {@code /api/health} shows the chain's state as {@code auditChain}; someone with SQL access changes an entry: the
 * verification finds it, health shows the alarm and stays UP (200), and once the entry is restored an administrator
 * acknowledges the alarm on the console ({@code guanai:auditacknowledge}).
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class AuditChainIT {
    private final ObjectMapper json = new ObjectMapper();

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000, filter = "(guanai.datasource=core)")
    DataSource db;

    @Test
    void healthShowsTheChainAndStaysUpWithAnAlarm() throws Exception {
        Api admin = Api.ready(runtime);
        JsonNode health = json.readTree(admin.anonymous().get("/api/health").body());
        assertEquals("VERIFIED", health.get("components").get("auditChain").asText(), health.toString());

        Path data = Path.of(context.getProperty("guanai.data"));
        Path key = data.resolve("secrets").resolve("audit.key");
        Path anchor = data.resolve("audit").resolve("anchor");
        assertTrue(Files.isRegularFile(key) && Files.isRegularFile(anchor), key + ", " + anchor);
        if (data.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", perms(key));
            assertEquals("rwx------", perms(key.getParent()));
            assertEquals("rw-------", perms(anchor));
            assertEquals("rwx------", perms(anchor.getParent()));
        }
        String keyText = Files.readString(key).strip();
        assertFalse(Files.readString(anchor).contains(keyText), "the anchor does not hold the key");

        assertEquals(201, admin.json("POST", "/api/tokens", "{\"name\":\"audit-it\",\"expiresInDays\":1}").statusCode()); // an entry
        long seq;
        String detail;
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT seq, detail FROM core_audit ORDER BY seq DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            seq = rs.getLong(1);
            detail = rs.getString(2);
        }
        try {
            update(seq, "changed by someone with SQL access");
            HttpResponse<String> verify = admin.get("/api/audit/verify");
            assertEquals(200, verify.statusCode(), verify.body());
            JsonNode v = json.readTree(verify.body());
            assertFalse(v.get("ok").asBoolean(), v.toString());
            assertEquals(seq, v.get("brokenAt").asLong(), v.toString());

            HttpResponse<String> alarm = admin.anonymous().get("/api/health");
            assertEquals(200, alarm.statusCode(), "an alarm for the county, not a reason to stop the schools: " + alarm.body());
            String chain = json.readTree(alarm.body()).get("components").get("auditChain").asText();
            assertTrue(chain.startsWith("BROKEN at " + seq + ": entry " + seq + " does not match its seal"), chain);
        } finally {
            update(seq, detail);
        }
        Object commands = command("auditacknowledge");
        String acknowledged = (String) commands.getClass().getMethod("auditacknowledge").invoke(commands);
        assertTrue(acknowledged.startsWith("acknowledged: BROKEN at " + seq), acknowledged);
        assertEquals("VERIFIED", json.readTree(admin.get("/api/health").body()).get("components").get("auditChain").asText());
        JsonNode after = json.readTree(admin.get("/api/audit/verify").body());
        assertTrue(after.get("ok").asBoolean(), after.toString());
        assertTrue(admin.get("/api/audit?action=AUDIT_ACKNOWLEDGED").body().contains("\"actor\":\"shell\""));
    }

    private void update(long seq, String detail) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE core_audit SET detail = ? WHERE seq = ?")) {
            ps.setString(1, detail);
            ps.setLong(2, seq);
            assertEquals(1, ps.executeUpdate());
        }
    }

    /** The Gogo command service of scope {@code guanai} with {@code function}, as the console calls it. */
    private Object command(String function) throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                "(&(osgi.command.scope=guanai)(osgi.command.function=" + function + "))");
        assertTrue(refs != null && refs.length == 1);
        return context.getService(refs[0]);
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
