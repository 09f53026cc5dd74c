package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * guanai.jar behind nginx, as the README's "Running it for real" sets it up: {@code GUANAI_TRUSTED_PROXIES} in the
 * environment (read by the core itself, no launcher mapping) names the proxy, here 127.0.0.2 (a socket bound to it
 * reaches the platform on 127.0.0.1). Its {@code X-Forwarded-For} gives the client's address in the audit log and
 * its {@code X-Forwarded-Proto: https} turns HSTS on; the same headers from anyone else change nothing.
 */
class TrustedProxyIT {
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theTrustedProxyFromTheEnvironmentGivesTheClientAddressAndHttps() throws Exception {
        try (GuanaiProcess g = new GuanaiProcess(Jars.guanai(), tmp.resolve("data"),
                Map.of("GUANAI_DEMO", "false", "GUANAI_TRUSTED_PROXIES", "127.0.0.2, 10.0.0.0/8"))) {
            g.start();
            String[] behind = send(g, "127.0.0.2", "nginx-client", "203.0.113.9, 198.51.100.50");
            assertTrue(behind[0].startsWith("HTTP/1.1 401"), behind[0]);
            assertTrue(behind[1].contains("\r\nstrict-transport-security: max-age=31536000"), behind[1]);
            String[] spoofed = send(g, "127.0.0.1", "spoofing-client", "198.51.100.51");
            assertTrue(spoofed[0].startsWith("HTTP/1.1 401"), spoofed[0]);
            assertFalse(spoofed[1].contains("strict-transport-security"), spoofed[1]);

            HttpResponse<String> audit = g.get("/api/audit?action=LOGIN_FAILED&size=50");
            assertEquals(200, audit.statusCode(), audit.body());
            String nginxClient = null;
            String spoofer = null;
            for (JsonNode e : json.readTree(audit.body()).get("items")) {
                if (e.path("entityId").asText().equals("nginx-client")) {
                    nginxClient = e.path("address").asText();
                } else if (e.path("entityId").asText().equals("spoofing-client")) {
                    spoofer = e.path("address").asText();
                }
            }
            assertEquals("198.51.100.50", nginxClient, audit.body());
            assertEquals("127.0.0.1", spoofer, audit.body());
        }
    }

    /** A failed login from {@code local} with forwarding headers: the status line and the lower-cased header block. */
    private static String[] send(GuanaiProcess g, String local, String user, String forwardedFor) throws IOException {
        URI base = URI.create(g.baseUrl());
        String body = "{\"username\":\"" + user + "\",\"password\":\"wrong-password\"}";
        String request = "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nX-Forwarded-For: " + forwardedFor
                + "\r\nX-Forwarded-Proto: https\r\n\r\n" + body;
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(local, 0));
            s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            String head = answer.substring(0, answer.indexOf("\r\n\r\n") + 2);
            return new String[] { head.substring(0, head.indexOf("\r\n")), head.toLowerCase(java.util.Locale.ROOT) };
        }
    }
}
