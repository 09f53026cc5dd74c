package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Accounts and sessions over real sockets: the client address behind a trusted reverse proxy ({@code test.bndrun}
 * trusts {@value #PROXY}) and not from anyone else, {@code X-Forwarded-Proto} for the cookie and HSTS, failed logins
 * audited with their address, the per-(address, user) delay with {@code 429}, failedLogins and unlock, tokens made with
 * tokens, and what a password change ends. A socket bound to 127.0.0.x is another machine.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class AccountsIT {
    /** The reverse proxy {@code guanai.trusted.proxies} names in test.bndrun. */
    static final String PROXY = "127.0.0.2";
    static final String PASSWORD = "Accounts-it-Qiushui-2026";

    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;

    private final ObjectMapper json = new ObjectMapper();
    private final String tag = Long.toString(System.nanoTime() % 1_000_000, 36);
    private Api admin;
    private RawHttp proxy;
    private RawHttp direct;

    @BeforeEach
    void setUp() throws Exception {
        admin = Api.ready(runtime);
        proxy = new RawHttp(PROXY, admin.base);
        direct = new RawHttp("127.0.0.1", admin.base);
    }

    private long user(String name) throws Exception {
        HttpResponse<String> r = admin.json("POST", "/api/users", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD
                + "\",\"roles\":[\"OFFICER\"],\"schoolIds\":[]}");
        assertEquals(201, r.statusCode(), r.body());
        return json.readTree(r.body()).get("id").asLong();
    }

    private static String login(String name, String password) {
        return "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}";
    }

    private static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The audit entries of {@code action} about {@code entityId}, newest first. */
    private List<JsonNode> audit(String action, String entityId) throws Exception {
        HttpResponse<String> r = admin.get("/api/audit?action=" + action + "&size=500");
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : json.readTree(r.body()).get("items")) {
            if (entityId.equals(e.path("entityId").asText())) {
                out.add(e);
            }
        }
        return out;
    }

    private String onlyAddress(String action, String entityId) throws Exception {
        List<JsonNode> rows = audit(action, entityId);
        assertEquals(1, rows.size(), action + " " + entityId + ": " + rows);
        return rows.get(0).path("address").isNull() ? null : rows.get(0).path("address").asText();
    }

    @Test
    void theClientAddressComesFromXForwardedForOnlyBehindATrustedProxy() throws Exception {
        // a client cannot choose its address: its X-Forwarded-For is ignored
        String spoofer = "a" + tag + "spoof";
        assertEquals(401, direct.send("POST", "/api/login", login(spoofer, "wrong-password-1"), "X-Forwarded-For", "198.51.100.7")
                .status());
        assertEquals("127.0.0.1", onlyAddress("LOGIN_FAILED", spoofer));

        // behind the trusted proxy: the right-most address it did not write itself
        String proxied = "a" + tag + "proxied";
        assertEquals(401, proxy.send("POST", "/api/login", login(proxied, "wrong-password-2"), "X-Forwarded-For",
                "203.0.113.66, 198.51.100.8").status());
        assertEquals("198.51.100.8", onlyAddress("LOGIN_FAILED", proxied));

        // HTTP Basic too, failed and successful (authenticated before the request's actor was known)
        String scripted = "a" + tag + "basic";
        user(scripted);
        assertEquals(401, proxy.send("GET", "/api/me", null, "Authorization", basic(scripted, "wrong-password-3"),
                "X-Forwarded-For", "198.51.100.9").status());
        assertEquals("198.51.100.9", onlyAddress("LOGIN_FAILED", scripted));
        assertEquals(200, proxy.send("GET", "/api/me", null, "Authorization", basic(scripted, PASSWORD), "X-Forwarded-For",
                "198.51.100.10").status());
        List<JsonNode> logins = audit("LOGIN", scripted);
        assertEquals(1, logins.size(), logins.toString());
        assertEquals("198.51.100.10", logins.get(0).path("address").asText());
        assertEquals(scripted, logins.get(0).path("actor").asText());

        // the login page from a plain client: its own address
        String page = "a" + tag + "page";
        user(page);
        assertEquals(200, new RawHttp("127.0.0.3", admin.base).send("POST", "/api/login", login(page, PASSWORD)).status());
        assertEquals("127.0.0.3", onlyAddress("LOGIN", page));
    }

    @Test
    void httpsReportedByTheTrustedProxyMakesTheCookieSecureAndSendsHsts() throws Exception {
        String name = "h" + tag + "https";
        user(name);
        RawHttp.Response behind = proxy.send("POST", "/api/login", login(name, PASSWORD), "X-Forwarded-Proto", "https",
                "X-Forwarded-For", "198.51.100.30");
        assertEquals(200, behind.status(), behind.body());
        assertTrue(behind.header("Set-Cookie").contains("; Secure"), behind.header("Set-Cookie"));
        assertEquals("max-age=31536000", behind.header("Strict-Transport-Security"));

        RawHttp.Response spoofed = direct.send("POST", "/api/login", login(name, PASSWORD), "X-Forwarded-Proto", "https");
        assertEquals(200, spoofed.status(), spoofed.body());
        assertFalse(spoofed.header("Set-Cookie").contains("Secure"), spoofed.header("Set-Cookie"));
        assertEquals(null, spoofed.header("Strict-Transport-Security"));
        assertEquals(null, proxy.send("GET", "/api/health", null, "X-Forwarded-Proto", "http").header("Strict-Transport-Security"));
    }

    @Test
    void failedLoginsDelayOnlyTheirAddressTheAdministratorSeesThemAndUnlocks() throws Exception {
        String name = "d" + tag + "delay";
        long id = user(name);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, proxy.send("POST", "/api/login", login(name, "wrong-password-" + i), "X-Forwarded-For",
                    "198.51.100.20").status());
        }
        RawHttp.Response waits = proxy.send("POST", "/api/login", login(name, PASSWORD), "X-Forwarded-For", "198.51.100.20");
        assertEquals(429, waits.status(), waits.body());
        assertEquals("30", waits.header("Retry-After"));
        JsonNode body = json.readTree(waits.body());
        assertEquals("throttled", body.path("error").asText());
        assertTrue(body.path("message_zh").asText().contains("30 秒") && body.path("message_en").asText().contains("30 seconds"),
                waits.body());
        assertEquals("nosniff", waits.header("X-Content-Type-Options"));
        assertEquals(429, proxy.send("GET", "/api/me", null, "Authorization", basic(name, PASSWORD), "X-Forwarded-For",
                "198.51.100.20").status(), "HTTP Basic waits too");

        // the owner elsewhere, behind the same proxy or not, is not affected
        assertEquals(200, proxy.send("POST", "/api/login", login(name, PASSWORD), "X-Forwarded-For", "198.51.100.21").status());
        assertEquals(200, new RawHttp("127.0.0.3", admin.base).send("POST", "/api/login", login(name, PASSWORD)).status());

        // the county administrator sees it: on the user, in the list, in the audit log
        JsonNode failed = json.readTree(admin.get("/api/users/" + id).body()).path("failedLogins");
        assertEquals(7, failed.path("count").asInt(), failed.toString());
        assertEquals(1, failed.path("addresses").asInt(), failed.toString());
        assertEquals(1, failed.path("delayed").asInt(), failed.toString());
        assertNotNull(failed.path("last").textValue(), failed.toString());
        boolean listed = false;
        for (JsonNode u : json.readTree(admin.get("/api/users").body()).path("items")) {
            if (u.path("username").asText().equals(name)) {
                listed = u.path("failedLogins").path("count").asInt() == 7;
            } else if (u.path("username").asText().equals("admin")) {
                assertTrue(u.has("failedLogins"), u.toString());
            }
        }
        assertTrue(listed, "failedLogins in GET /api/users");
        assertEquals("198.51.100.20", onlyAddress("LOGIN_DELAYED", name));

        // unlock: that address may try again at once
        assertEquals(204, admin.json("POST", "/api/users/" + id + "/unlock", "{}").statusCode());
        assertEquals(200, proxy.send("POST", "/api/login", login(name, PASSWORD), "X-Forwarded-For", "198.51.100.20").status());
        assertEquals(0, json.readTree(admin.get("/api/users/" + id).body()).path("failedLogins").path("delayed").asInt());
        assertEquals(1, audit("UNLOCK", Long.toString(id)).size());
    }

    @Test
    void aWrongCurrentPasswordCountsTowardsTheDelay() throws Exception {
        String name = "c" + tag + "change";
        user(name);
        RawHttp school = new RawHttp("127.0.0.4", admin.base);
        String auth = basic(name, PASSWORD);
        for (int i = 0; i < 5; i++) {
            RawHttp.Response r = school.send("POST", "/api/me/password", "{\"currentPassword\":\"wrong-password-" + i
                    + "\",\"newPassword\":\"Accounts-it-Dongting-9\"}", "Authorization", auth);
            assertEquals(400, r.status(), r.body());
            assertTrue(r.body().contains("currentPassword"), r.body());
        }
        RawHttp.Response waits = school.send("POST", "/api/me/password", "{\"currentPassword\":\"" + PASSWORD
                + "\",\"newPassword\":\"Accounts-it-Dongting-9\"}", "Authorization", auth);
        assertEquals(429, waits.status(), waits.body());
        assertEquals("30", waits.header("Retry-After"));
        assertEquals(429, school.send("POST", "/api/login", login(name, PASSWORD)).status(), "a login from there waits too");
    }

    @Test
    void tokensMadeWithATokenEndWithItAndAPasswordChangeEndsTheOthers() throws Exception {
        String name = "t" + tag + "token";
        user(name);
        Api basicApi = admin.as(name, PASSWORD);
        HttpResponse<String> parent = basicApi.json("POST", "/api/tokens", "{\"name\":\"parent\",\"expiresInDays\":10}");
        assertEquals(201, parent.statusCode(), parent.body());
        JsonNode p = json.readTree(parent.body());
        Api viaParent = admin.bearer(p.get("token").asText());

        HttpResponse<String> longer = viaParent.json("POST", "/api/tokens", "{\"name\":\"longer\",\"expiresInDays\":11}");
        assertEquals(400, longer.statusCode(), longer.body());
        JsonNode error = json.readTree(longer.body()).path("errors").get(0);
        assertEquals("expiresInDays", error.path("field").asText());
        assertTrue(error.path("message_zh").asText().contains("令牌"), error.toString());
        HttpResponse<String> child = viaParent.json("POST", "/api/tokens", "{\"name\":\"child\"}");
        assertEquals(201, child.statusCode(), child.body());
        JsonNode c = json.readTree(child.body());
        assertEquals(p.get("expiresAt").asText(), c.get("expiresAt").asText());
        Api viaChild = admin.bearer(c.get("token").asText());
        assertEquals(200, viaChild.get("/api/me").statusCode());
        assertEquals(204, basicApi.send("DELETE", "/api/tokens/" + p.get("id").asLong(), null, null).statusCode());
        assertEquals(401, viaChild.get("/api/me").statusCode(), "revoked with its parent");

        // a password changed on the web session: the session stays, the user's tokens and Basic credentials end
        HttpResponse<String> script = basicApi.json("POST", "/api/tokens", "{\"name\":\"script\",\"expiresInDays\":30}");
        Api viaScript = admin.bearer(json.readTree(script.body()).get("token").asText());
        assertEquals(200, viaScript.get("/api/me").statusCode());
        RawHttp browser = new RawHttp("127.0.0.5", admin.base);
        RawHttp.Response signedIn = browser.send("POST", "/api/login", login(name, PASSWORD));
        assertEquals(200, signedIn.status(), signedIn.body());
        String cookie = signedIn.header("Set-Cookie").split(";")[0];
        String csrf = json.readTree(signedIn.body()).get("csrfToken").asText();
        RawHttp.Response changed = browser.send("POST", "/api/me/password", "{\"currentPassword\":\"" + PASSWORD
                + "\",\"newPassword\":\"Accounts-it-Dongting-9\"}", "Cookie", cookie, "X-CSRF-Token", csrf);
        assertEquals(204, changed.status(), changed.body());
        assertEquals(200, browser.send("GET", "/api/me", null, "Cookie", cookie).status(), "the session it was made on stays");
        assertEquals(401, viaScript.get("/api/me").statusCode(), "the user's token ends");
        assertEquals(401, basicApi.get("/api/me").statusCode(), "the old password ends, even cached");
        assertEquals(200, admin.as(name, "Accounts-it-Dongting-9").get("/api/me").statusCode());
    }

    @Test
    void guessablePasswordsAreRefusedNamingTheField() throws Exception {
        for (String weak : List.of("1234567890", "password123", "guanai-demo")) {
            HttpResponse<String> r = admin.json("POST", "/api/users", "{\"username\":\"w" + tag + "weak\",\"password\":\"" + weak
                    + "\",\"roles\":[\"OFFICER\"],\"schoolIds\":[]}");
            assertEquals(400, r.statusCode(), r.body());
            JsonNode e = json.readTree(r.body()).path("errors").get(0);
            assertEquals("password", e.path("field").asText(), r.body());
            assertTrue(e.path("message_zh").asText().contains("容易被猜到"), r.body());
        }
    }
}
