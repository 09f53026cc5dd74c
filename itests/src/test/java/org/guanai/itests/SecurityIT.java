package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.time.Duration;
import java.time.LocalDate;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The "done when", over real HTTP: no login → 401; an officer sees counts, not names; masking for a teacher and
 * full values (audited) for a school administrator; the audit chain verifies; module administration refused to a
 * school administrator; the session cookie with its CSRF token; the wait after failed logins; API tokens; headers.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class SecurityIT {
    static final String PASSWORD = "Security-pass-2026";

    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    ChildService children;
    @InjectService(timeout = 20_000)
    GuardianService guardians;

    private final Fixtures fixtures = new Fixtures();
    private final String tag = Long.toString(System.nanoTime() % 1_000_000, 36);

    private Api user(Api admin, String role, Fixtures.Place place) throws Exception {
        return Fixtures.account(admin, "s" + tag + role.toLowerCase().replace("_", ""), PASSWORD, role, place);
    }

    @Test
    void maskingAuditOfficerAndModuleAdministration() throws Exception {
        Api admin = Api.ready(runtime);
        Fixtures.Place a = Fixtures.school(schools, "安全");
        Child child = children.create(fixtures.child(a, "刘小雨", LocalDate.of(2016, 8, 8), Gender.FEMALE));
        guardians.addParent(new Parent(null, 0, child.id(), ParentRole.FATHER, "刘大山", "13812345678", null, true, "浙江省",
                "宁波市", null, null, null, null, null, null, true, false));
        Api teacher = user(admin, "TEACHER", a);
        Api schoolAdmin = user(admin, "SCHOOL_ADMIN", a);
        Api officer = user(admin, "OFFICER", a);

        // no login: 401 with a JSON body and the security headers; health stays open
        HttpResponse<String> anon = admin.anonymous().get("/api/children/" + child.id());
        assertEquals(401, anon.statusCode());
        assertTrue(anon.body().contains("unauthenticated"));
        assertEquals("nosniff", anon.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("DENY", anon.headers().firstValue("X-Frame-Options").orElse(null));
        assertTrue(anon.headers().firstValue("Content-Security-Policy").isPresent());
        assertEquals(200, admin.anonymous().get("/api/health").statusCode());
        // the API challenges for a token only (no browser password box); a calendar feed (.ics) asks for Basic too, so
        // that a calendar application subscribing to it sends its user's password
        assertEquals(List.of("Bearer realm=\"guanai\""), anon.headers().allValues("WWW-Authenticate"));
        HttpResponse<String> feed = admin.anonymous().get("/api/programmes/birthdays/classes/" + a.schoolClass().id() + "/calendar.ics");
        assertEquals(401, feed.statusCode());
        assertTrue(feed.headers().allValues("WWW-Authenticate").contains("Basic realm=\"guanai\", charset=\"UTF-8\""),
                feed.headers().map().toString());

        // a teacher sees the ID number and address masked, the parent's phone in full (needed for calls)
        String masked = teacher.get("/api/children/" + child.id()).body();
        assertTrue(masked.matches(".*\"idNumber\":\"520\\*{11}[0-9X]{4}\".*"), masked);
        assertFalse(masked.contains(child.idNumber()), masked);
        assertTrue(teacher.get("/api/children/" + child.id() + "/parents").body().contains("13812345678"));
        // searching by ID number would reveal it digit by digit: a teacher's search matches names only
        assertEquals(0, count(teacher.get("/api/children?q=" + child.idNumber().substring(0, 10))));

        // the school administrator sees it in full, and that read is in the audit log
        String full = schoolAdmin.get("/api/children/" + child.id()).body();
        assertTrue(full.contains(child.idNumber()), full);
        String audit = admin.get("/api/audit?child=" + child.id() + "&action=READ").body();
        assertTrue(audit.contains("\"actor\":\"s" + tag + "schooladmin\""), audit);
        assertTrue(admin.get("/api/audit/verify").body().contains("\"ok\":true"));

        // an officer sees counts, never names or ID numbers
        assertEquals(403, officer.get("/api/children?school=" + a.school().id()).statusCode());
        assertEquals(403, officer.get("/api/children/" + child.id()).statusCode());
        HttpResponse<String> stats = officer.get("/api/stats/children?school=" + a.school().id());
        assertEquals(200, stats.statusCode(), stats.body());
        assertTrue(stats.body().contains("\"children\":1"), stats.body());
        assertFalse(stats.body().contains("刘小雨") || stats.body().contains(child.idNumber()), stats.body());

        // module administration is not the school administrator's, even though it may enable programmes
        assertEquals(403, schoolAdmin.get("/api/admin/bundles").statusCode());
        assertEquals(403, schoolAdmin.jar("POST", "/api/admin/bundles", new byte[] { 1, 2, 3 }).statusCode());
        assertEquals(403, teacher.get("/api/audit").statusCode());
    }

    @Test
    void sessionCookieCsrfLoginDelayAndTokens() throws Exception {
        Api admin = Api.ready(runtime);
        Fixtures.Place a = Fixtures.school(schools, "会话");
        String name = "s" + tag + "schooladmin";
        user(admin, "SCHOOL_ADMIN", a);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).connectTimeout(Duration.ofSeconds(5))
                .build();

        // login sets an HttpOnly, SameSite=Strict cookie and answers the CSRF token
        HttpResponse<String> login = browser.send(post(admin.base + "/api/login", "{\"username\":\"" + name + "\",\"password\":\""
                + PASSWORD + "\"}", null), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        String csrf = login.body().replaceAll(".*\"csrfToken\":\"([^\"]+)\".*", "$1");
        assertNotNull(csrf);
        assertEquals(200, browser.send(HttpRequest.newBuilder(URI.create(admin.base + "/api/me")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        // a state-changing request on the cookie needs the token
        String body = "{\"name\":\"四年级(9)班\",\"gradeLevel\":4}";
        String classes = admin.base + "/api/schools/" + a.school().id() + "/classes";
        HttpResponse<String> noToken = browser.send(post(classes, body, null), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, noToken.statusCode(), noToken.body());
        assertTrue(noToken.body().contains("csrf"));
        assertEquals(201, browser.send(post(classes, body, csrf), HttpResponse.BodyHandlers.ofString()).statusCode());

        // logout ends the session
        assertEquals(204, browser.send(post(admin.base + "/api/logout", "", csrf), HttpResponse.BodyHandlers.ofString()).statusCode());

        // API tokens: created once, used as bearer, revoked
        HttpResponse<String> created = admin.as(name, PASSWORD).json("POST", "/api/tokens", "{\"name\":\"脚本\",\"expiresInDays\":7}");
        assertEquals(201, created.statusCode(), created.body());
        String token = created.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        String id = created.body().replaceAll(".*\"id\":([0-9]+).*", "$1");
        assertEquals(200, admin.bearer(token).get("/api/me").statusCode());
        assertEquals(204, admin.bearer(token).send("DELETE", "/api/tokens/" + id, null, null).statusCode());
        assertEquals(401, admin.bearer(token).get("/api/me").statusCode());

        // five wrong passwords from one address: that address waits, even with the right password (429, Retry-After);
        // the account is not locked: its owner signs in from another machine
        for (int i = 0; i < 5; i++) {
            assertEquals(401, admin.anonymous().json("POST", "/api/login",
                    "{\"username\":\"" + name + "\",\"password\":\"wrong-password-" + i + "\"}").statusCode());
        }
        HttpResponse<String> waits = admin.anonymous().json("POST", "/api/login",
                "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(429, waits.statusCode(), waits.body());
        assertTrue(waits.headers().firstValue("Retry-After").isPresent());
        assertEquals(200, new RawHttp("127.0.0.3", admin.base).send("POST", "/api/login",
                "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}").status());
        assertTrue(admin.get("/api/audit?action=LOGIN_FAILED").body().contains(name));
    }

    private static HttpRequest post(String url, String json, String csrf) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return b.build();
    }

    private static int count(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return Integer.parseInt(r.body().replaceAll(".*\"total\":([0-9]+).*", "$1"));
    }
}
