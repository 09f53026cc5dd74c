package org.guanai.core.registry.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.audit.AuditLog.Event;
import org.guanai.core.registry.internal.audit.AuditLog.Query;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.TestDb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The audit servlet without an HTTP server: requests and responses are proxies that answer what it asks. */
class AuditServletTest {
    private TestDb db;
    private AuditLog audit;
    private AuditServlet servlet;

    /** What the servlet wrote. */
    static final class Written {
        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body.toString(StandardCharsets.UTF_8));
        }
    }

    @BeforeEach
    void setUp() {
        db = new TestDb();
        audit = new AuditLog(db.dataSource, db.actor, TestDb.CLOCK);
        servlet = new AuditServlet(audit);
    }

    private static HttpServletRequest request(String method, String pathInfo, String... params) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return (HttpServletRequest) Proxy.newProxyInstance(AuditServletTest.class.getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getParameter" -> p.get((String) args[0]);
                    case "getRequestURI" -> "/api/audit" + (pathInfo == null ? "" : pathInfo);
                    case "getHeader" -> null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static HttpServletResponse response(Written w) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                w.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(AuditServletTest.class.getClassLoader(),
                new Class<?>[] { HttpServletResponse.class }, (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        w.status = (Integer) args[0];
                        yield null;
                    }
                    case "setHeader" -> {
                        w.headers.put((String) args[0], (String) args[1]);
                        yield null;
                    }
                    case "setContentType", "setCharacterEncoding", "setContentLength" -> null;
                    case "getOutputStream" -> out;
                    case "isCommitted" -> false;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private Written call(String method, String pathInfo, String... params) throws IOException {
        Written w = new Written();
        servlet.service(request(method, pathInfo, params), response(w));
        return w;
    }

    @Test
    void parametersBecomeTheQuery() {
        Query q = servlet.query(request("GET", null, "user", " teacher-li ", "child", "42", "school", "7", "action", "read",
                "from", "2026-11-01", "to", "2026-11-30", "page", "2", "size", "50"));
        assertEquals(new Query("teacher-li", 42L, 7L, "READ", Instant.parse("2026-10-31T16:00:00Z"),
                Instant.parse("2026-11-30T16:00:00Z"), 2, 50), q, "dates are whole days in China Standard Time");
        assertEquals(new Query(null, null, null, null, null, null, 0, AuditServlet.DEFAULT_PAGE_SIZE),
                servlet.query(request("GET", null, "user", " ", "from", "")));
    }

    @Test
    void instantsWithAnOffsetOrZ() {
        Instant z = Instant.parse("2026-11-23T02:00:00Z");
        assertEquals(z, servlet.time(request("GET", null, "from", "2026-11-23T02:00:00Z"), "from", false));
        assertEquals(z, servlet.time(request("GET", null, "to", "2026-11-23T10:00:00+08:00"), "to", true), "an instant is as given");
        assertEquals(z, servlet.time(request("GET", null, "from", "2026-11-23T10:00:00 08:00"), "from", false),
                "an unencoded + arrives as a space");
        assertEquals(Instant.parse("2026-11-23T02:00:00.5Z"),
                servlet.time(request("GET", null, "from", "2026-11-23T02:00:00.5Z"), "from", false));
        assertNull(servlet.time(request("GET", null), "from", false));
    }

    @ParameterizedTest
    @ValueSource(strings = { "yesterday", "2026-13-01", "2026-11-31", "2026/11/23", "2026-11-23T10:00:00", "20261123",
            "2026-11-23T25:00:00Z", "+999999999-12-31", "12026-01-01T00:00:00Z" })
    void badTimesAreRefusedNamingTheParameter(String value) throws IOException {
        for (String name : new String[] { "from", "to" }) {
            Written w = call("GET", null, name, value);
            assertEquals(400, w.status, value);
            JsonNode error = w.json().get("errors").get(0);
            assertEquals(name, error.get("field").asText());
            assertTrue(error.get("message_en").asText().contains("ISO-8601"), error.toString());
            assertTrue(error.get("message_zh").asText().contains("日期"), error.toString());
        }
    }

    @Test
    void otherBadParametersAreRefusedNamingTheParameter() throws IOException {
        for (String[] bad : new String[][] { { "child", "x" }, { "school", "1.5" }, { "page", "-1" }, { "size", "0" },
                { "size", "501" }, { "page", "99999999999" } }) {
            Written w = call("GET", null, bad);
            assertEquals(400, w.status, String.join("=", bad));
            assertEquals(bad[0], w.json().get("errors").get(0).get("field").asText());
        }
        Written w = call("GET", null, "from", "2026-11-23", "to", "2026-11-22");
        assertEquals(400, w.status);
        JsonNode error = w.json().get("errors").get(0);
        assertEquals("to", error.get("field").asText());
        TestSupport.assertBilingual(new org.guanai.core.api.dto.FieldError("to", error.get("message_zh").asText(),
                error.get("message_en").asText()));
    }

    @Test
    void listsNewestFirstAsJson() throws IOException {
        db.actor.as("teacher-li", () -> {
            audit.record(Event.of("READ", "child", 1).child(1L).school(7L));
            audit.record(Event.of("UPDATE", "child", 1).child(1L).school(7L).detail("hobbies"));
            return null;
        });
        audit.record(Event.of("LOGIN"));

        Written w = call("GET", null, "user", "teacher-li", "from", "2026-11-23", "to", "2026-11-23");
        assertEquals(200, w.status);
        JsonNode page = w.json();
        assertEquals(2, page.get("total").asLong());
        JsonNode newest = page.get("items").get(0);
        assertEquals(2, newest.get("seq").asLong());
        assertEquals("2026-11-23T02:00:00Z", newest.get("at").asText());
        assertEquals("teacher-li", newest.get("actor").asText());
        assertEquals("UPDATE", newest.get("action").asText());
        assertEquals("1", newest.get("entityId").asText());
        assertEquals(1, newest.get("childId").asLong());
        assertEquals("hobbies", newest.get("detail").asText());
        assertEquals(64, newest.get("prevHash").asText().length());
        assertEquals(64, newest.get("hash").asText().length());

        assertEquals(0, call("GET", "/", "from", "2026-11-24").json().get("total").asLong());
        assertEquals(3, call("GET", "/").json().get("total").asLong());
    }

    @Test
    void verifyReportsTheChain() throws IOException {
        audit.record(Event.of("LOGIN"));
        audit.record(Event.of("LOGOUT"));
        JsonNode ok = call("GET", "/verify").json();
        assertTrue(ok.get("ok").asBoolean());
        assertEquals(2, ok.get("checked").asLong());
        assertTrue(ok.get("brokenAt").isNull());

        new Jdbc(db.dataSource).tx(c -> Jdbc.update(c, "UPDATE core_audit SET actor = 'x' WHERE seq = 1"));
        JsonNode broken = call("GET", "/verify").json();
        assertEquals(false, broken.get("ok").asBoolean());
        assertEquals(1, broken.get("brokenAt").asLong());
        assertEquals(0, broken.get("checked").asLong());
        assertEquals("entry 1 does not match its seal (changed after it was written, or sealed without the audit key)",
                broken.get("reason").asText());
    }

    @Test
    void verifyReportsTheRemovalOfTheNewestEntries() throws IOException {
        audit.record(Event.of("LOGIN"));
        audit.record(Event.of("LOGOUT"));
        new Jdbc(db.dataSource).tx(c -> Jdbc.update(c, "DELETE FROM core_audit WHERE seq = 2"));
        JsonNode broken = call("GET", "/verify").json();
        assertEquals(false, broken.get("ok").asBoolean());
        assertEquals(2, broken.get("brokenAt").asLong());
        assertEquals(1, broken.get("checked").asLong());
        assertEquals("entry 2 is missing: this server wrote entry 2 last, but the newest entry is 1", broken.get("reason").asText());
    }

    @Test
    void onlyGetOnKnownPaths() throws IOException {
        for (String method : new String[] { "POST", "PUT", "DELETE", "PATCH" }) {
            Written list = call(method, null);
            assertEquals(405, list.status, method);
            assertEquals("GET", list.headers.get("Allow"));
            assertEquals(405, call(method, "/verify").status, method);
        }
        assertEquals(404, call("GET", "/1").status);
        assertEquals(404, call("GET", "/verify/1").status);
        assertEquals(0, db.count("core_audit"));
    }
}
