package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.CallerContext;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A programme registered at run time: the core lists it, gates its routes per school (404 where it is not enabled,
 * written once in the core), answers its summary, and forgets it when its service goes away.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class ProgrammeGateIT {
    static final String ID = "gatetest";

    private Api api;
    private ServiceRegistration<Programme> programme;
    private ServiceRegistration<Servlet> servlet;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    ProgrammeRegistry registry;
    @InjectService(timeout = 20_000)
    CallerContext callers;

    @BeforeEach
    void register() throws Exception {
        api = Api.ready(runtime);
        registerProgramme();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/api/programmes/" + ID + "/*");
        servlet = context.registerService(Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest rq, HttpServletResponse rs) throws IOException {
                if (rq.getRequestURI().endsWith("/boom")) {
                    throw new IllegalStateException("boom");
                }
                long school = callers.current().orElseThrow().schoolId().orElseThrow();
                rs.setContentType("application/json");
                rs.getWriter().write("{\"hello\":\"你好\",\"school\":" + school + "}");
            }
        }, props);
        waitFor(() -> get("/api/programmes/nosuch/x", null).statusCode() == 404);
    }

    private void registerProgramme() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Programme.ID_PROPERTY, ID);
        programme = context.registerService(Programme.class, new Programme() {
            @Override
            public ProgrammeInfo info() {
                return new ProgrammeInfo(ID, "门控测试", "Gate test", "测试", "Test", "1.0.0",
                        new ProgrammeInfo.UiEntry("测试", "Test", "main.js"),
                        List.of(new ProgrammeInfo.PermissionInfo(ID + ".read", "查看", "Read", java.util.Set.of(Role.COUNTY_ADMIN)),
                                new ProgrammeInfo.PermissionInfo(ID + ".write", "登记", "Write", java.util.Set.of(Role.COUNTY_ADMIN))));
            }

            @Override
            public Map<String, Object> summary(long schoolId) {
                return Map.of("pairs", 7, "school", schoolId);
            }
        }, props);
    }

    @AfterEach
    void unregister() {
        servlet.unregister();
        if (programme != null) {
            programme.unregister();
        }
    }

    @Test
    void enabledPerSchoolAndGatedInTheCore() throws Exception {
        long a = Fixtures.school(schools, "gate-a").school().id();
        long b = Fixtures.school(schools, "gate-b").school().id();
        assertEquals(ProgrammeState.ACTIVE, registry.programme(ID).orElseThrow().state());

        HttpResponse<String> list = get("/api/programmes", null);
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("\"id\":\"" + ID + "\"") && list.body().contains("\"state\":\"ACTIVE\""), list.body());

        // off until the school enables it
        HttpResponse<String> off = get("/api/programmes/" + ID + "/hello?school=" + a, null);
        assertEquals(404, off.statusCode());
        assertTrue(off.body().contains("programme_disabled"), off.body());

        HttpResponse<String> enable = put("/api/schools/" + a + "/programmes/" + ID, "{\"enabled\":true,\"settings\":{\"cap\":\"3\"}}");
        assertEquals(200, enable.statusCode(), enable.body());
        assertTrue(enable.body().contains("\"cap\":\"3\""), enable.body());

        HttpResponse<String> on = get("/api/programmes/" + ID + "/hello?school=" + a, null);
        assertEquals(200, on.statusCode(), on.body());
        assertTrue(on.body().contains("\"school\":" + a), on.body());
        assertEquals(404, get("/api/programmes/" + ID + "/hello", Long.toString(b)).statusCode());
        assertEquals(200, get("/api/programmes/" + ID + "/hello", Long.toString(a)).statusCode());

        HttpResponse<String> summary = get("/api/programmes/" + ID + "/?school=" + a, null);
        assertEquals(200, summary.statusCode(), summary.body());
        assertTrue(summary.body().contains("\"pairs\":7"), summary.body());

        assertTrue(get("/api/programmes?school=" + a, null).body().contains("\"id\":\"" + ID + "\""));
        assertFalse(get("/api/programmes?school=" + b, null).body().contains("\"id\":\"" + ID + "\""));
        assertEquals(400, get("/api/programmes/" + ID + "/hello", null).statusCode(), "no school named");
        assertEquals(400, put("/api/schools/" + a + "/programmes/" + ID, "{\"enabled\":\"yes\"}").statusCode());

        // disabling takes effect at once, with no bundle lifecycle change
        assertEquals(200, put("/api/schools/" + a + "/programmes/" + ID, "{\"enabled\":false}").statusCode());
        assertEquals(404, get("/api/programmes/" + ID + "/hello?school=" + a, null).statusCode());
        assertEquals(200, put("/api/schools/" + a + "/programmes/" + ID, "{\"enabled\":true}").statusCode());

        // a programme that throws fails that request only (ProgrammeIsolationIT builds programmes that do); the core and
        // the programme keep answering
        HttpResponse<String> boom = get("/api/programmes/" + ID + "/boom?school=" + a, null);
        assertEquals(500, boom.statusCode());
        assertTrue(boom.body().contains("programme_failed") && boom.body().contains("\"requestId\"") && !boom.body().contains("at org."),
                "no stack trace: " + boom.body());
        assertEquals(ProgrammeState.ACTIVE, registry.programme(ID).orElseThrow().state());
        assertEquals(200, get("/api/programmes/" + ID + "/hello?school=" + a, null).statusCode());
        assertEquals(200, get("/api/schools/" + a, null).statusCode());

        // the programme goes away: unknown; it comes back: enabled as before
        programme.unregister();
        programme = null;
        HttpResponse<String> gone = get("/api/programmes/" + ID + "/hello?school=" + a, null);
        assertEquals(404, gone.statusCode());
        assertTrue(gone.body().contains("programme_unknown"), gone.body());
        registerProgramme();
        assertEquals(200, get("/api/programmes/" + ID + "/hello?school=" + a, null).statusCode());
        assertTrue(registry.isEnabled(a, ID));
        assertFalse(registry.isEnabled(b, ID));
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> get(String path, String schoolHeader) throws IOException, InterruptedException {
        return api.send("GET", path, null, null, schoolHeader);
    }

    private HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return api.json("PUT", path, body);
    }
}
