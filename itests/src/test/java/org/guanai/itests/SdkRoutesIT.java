package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeState;
import org.guanai.sdk.export.Column;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.export.Percent;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.ProgrammeApi;
import org.guanai.sdk.http.Reply;
import org.guanai.sdk.i18n.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A programme that declares its routes with the SDK, registered by the test: the core authorises from the declarations
 * (undeclared routes 404, other methods 405, a declared permission 403), dispatches, holds every route to the request
 * contract (413, 415, unknown field, date range, list size, field errors in 中文 and English), answers one exception
 * with 500 for that request only, and lists the routes in the OpenAPI document until the programme goes away.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class SdkRoutesIT {
    static final String ID = "sdkdemo";

    /** A note's body. */
    public record NoteInput(String text, LocalDate on, List<Long> tags) {
    }

    /** A note as answered. */
    public record Note(long childId, String text, LocalDate on, List<Long> tags, String by) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final List<Note> notes = new CopyOnWriteArrayList<>();
    private Api api;
    private ServiceRegistration<Programme> programme;
    private ServiceRegistration<ProgrammeApi> routes;
    private long school;
    private long child;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    ProgrammeRegistry registry;
    @InjectService(timeout = 20_000)
    Exports exports;
    @InjectService(timeout = 20_000)
    org.guanai.core.api.ChildService children;

    @BeforeEach
    void register() throws Exception {
        api = Api.ready(runtime);
        Fixtures.Place place = Fixtures.school(schools, "sdk");
        school = place.school().id();
        Child c = children.create(new Fixtures().child(place, "王小明", LocalDate.of(2016, 3, 5), Gender.MALE));
        child = c.id();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Programme.ID_PROPERTY, ID);
        programme = context.registerService(Programme.class, () -> new ProgrammeInfo(ID, "SDK 测试", "SDK test", "测试", "Test", "1.0.0",
                null, List.of(new ProgrammeInfo.PermissionInfo(ID + ".read", "查看", "Read", java.util.Set.of(Role.COUNTY_ADMIN)),
                        new ProgrammeInfo.PermissionInfo(ID + ".write", "登记", "Write", java.util.Set.of(Role.COUNTY_ADMIN)),
                        new ProgrammeInfo.PermissionInfo(ID + ".manage", "管理", "Manage", java.util.Set.of(Role.SCHOOL_ADMIN)))),
                props);
        routes = context.registerService(ProgrammeApi.class, r -> {
            r.get("children/{child}/notes", rq -> Map.of("items", notes.stream().filter(n -> n.childId() == rq.child("child").id()).toList()))
                    .summary("学生的记录", "A child's notes").returns(Note.class);
            r.post("children/{child}/notes", rq -> {
                Child kid = rq.child("child");
                NoteInput in = rq.body(NoteInput.class);
                if (in.text() == null || in.text().isBlank()) {
                    throw new org.guanai.core.api.ValidationException(
                            List.of(new org.guanai.core.api.dto.FieldError("text", "必填", "Required")));
                }
                Note n = new Note(kid.id(), in.text(), in.on(), in.tags(), rq.user());
                notes.add(n);
                return Reply.created(rq.link("children/" + kid.id() + "/notes/" + notes.size()), n);
            }).body(NoteInput.class);
            r.get("export", rq -> Reply.file(exports.csv("记录", Table.builder("记录", new Column("学生", "Child"), new Column("比例", "Rate"))
                    .row(new Label("王小明", "Wang"), new Percent(0.5)).build())));
            r.get("boom", rq -> {
                throw new IllegalStateException("boom");
            });
            r.put("settings", rq -> Map.of("ok", true)).permission("manage");
            r.put("photo", rq -> Map.of("bytes", rq.bytes(1000).length)).consumes("image/*");
        }, props);
        assertEquals(200, api.json("PUT", "/api/schools/" + school + "/programmes/" + ID, "{\"enabled\":true}").statusCode());
    }

    @AfterEach
    void unregister() {
        if (routes != null) {
            routes.unregister();
        }
        programme.unregister();
    }

    private String path(String rest) {
        return "/api/programmes/" + ID + "/" + rest + (rest.contains("?") ? "&" : "?") + "school=" + school;
    }

    private static void assertFieldError(HttpResponse<String> r, int status, String field) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertTrue(body.has("error"), r.body());
        JsonNode errors = body.path("errors");
        assertTrue(errors.isArray() && errors.size() > 0, r.body());
        assertEquals(field, errors.get(0).path("field").asText(), r.body());
        assertFalse(errors.get(0).path("message_zh").asText().isBlank(), r.body());
        assertFalse(errors.get(0).path("message_en").asText().isBlank(), r.body());
    }

    @Test
    void declaredRoutesAreServedUnderTheRequestContract() throws Exception {
        HttpResponse<String> created = api.json("POST", path("children/" + child + "/notes"),
                "{\"text\":\"家访\",\"on\":\"2026-12-06\",\"tags\":[1,2]}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Location").orElseThrow().startsWith("/api/programmes/" + ID + "/children/" + child),
                created.headers().toString());
        assertEquals("admin", json.readTree(created.body()).path("by").asText());
        HttpResponse<String> list = api.get(path("children/" + child + "/notes"));
        assertEquals(200, list.statusCode(), list.body());
        assertEquals("2026-12-06", json.readTree(list.body()).path("items").get(0).path("on").asText());

        // the request contract, the same on every programme route as in the core
        assertFieldError(api.json("POST", path("children/" + child + "/notes"), "{\"text\":\"x\",\"colour\":\"red\"}"), 400, "colour");
        assertFieldError(api.json("POST", path("children/" + child + "/notes"), "{\"text\":\"x\",\"on\":\"0000-01-01\"}"), 400, "on");
        assertFieldError(api.json("POST", path("children/" + child + "/notes"), "{\"text\":\"x\",\"on\":\"+999999999-12-31\"}"), 400, "on");
        StringBuilder many = new StringBuilder("{\"text\":\"x\",\"tags\":[0");
        for (int i = 1; i < 10_000; i++) {
            many.append(',').append(i);
        }
        assertFieldError(api.json("POST", path("children/" + child + "/notes"), many.append("]}").toString()), 400, "tags");
        assertFieldError(api.json("POST", path("children/" + child + "/notes"), "{\"text\":\"\"}"), 400, "text");
        assertFieldError(api.json("POST", path("children/" + child + "/notes"), "{\"text\":"), 400, "body");
        assertFieldError(api.send("POST", path("children/" + child + "/notes"), "text/plain", "{\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8)),
                415, "Content-Type");
        byte[] big = ("{\"text\":\"" + "字".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals(413, api.send("POST", path("children/" + child + "/notes"), "application/json", big).statusCode());
        assertEquals(1, notes.size(), "nothing stored by a refused request");

        // a child of another school, or no child at all: 404
        assertEquals(404, api.get(path("children/999999/notes")).statusCode());
        assertEquals(404, api.get(path("children/abc/notes")).statusCode());
        assertEquals(404, api.get(path("children/9223372036854775808/notes")).statusCode());
    }

    /**
     * A body over what a route reads (1 MiB) is refused with 413 after the route read part of it; the server reads and
     * drops the rest, so that the client gets the answer rather than a connection reset while it still sends, and the
     * connection stays usable. Each request is sent once: before the drain, about one in thirty lost its answer.
     */
    @Test
    void anOversizedBodyGetsItsAnswerEveryTime() throws Exception {
        byte[] large = ("{\"text\":\"" + "字".repeat(500_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] huge = ("{\"text\":\"" + "字".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 60; i++) {
            HttpResponse<String> r = api.sendOnce("POST", path("children/" + child + "/notes"), "application/json", i % 2 == 0 ? large : huge);
            assertFieldError(r, 413, "body");
        }
        assertTrue(notes.isEmpty(), "nothing stored by a refused request");
        assertEquals(201, api.sendOnce("POST", path("children/" + child + "/notes"), "application/json",
                "{\"text\":\"家访\"}".getBytes(StandardCharsets.UTF_8)).statusCode());
    }

    @Test
    void onlyDeclaredRoutesAnswerWithTheirPermission() throws Exception {
        HttpResponse<String> undeclared = api.get(path("secret"));
        assertEquals(404, undeclared.statusCode(), undeclared.body());
        HttpResponse<String> wrongMethod = api.json("DELETE", path("export"), null);
        assertEquals(405, wrongMethod.statusCode(), wrongMethod.body());
        assertEquals("GET", wrongMethod.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> manage = api.json("PUT", path("settings"), "{}");
        assertEquals(403, manage.statusCode(), "the county admin lacks the declared sdkdemo.manage: " + manage.body());
        assertTrue(manage.body().contains(ID + ".manage"), manage.body());

        HttpResponse<String> csv = api.get(path("export"));
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains("filename*=UTF-8''%E8%AE%B0%E5%BD%95.csv"),
                csv.headers().toString());
        assertTrue(csv.body().contains("王小明,50%"), csv.body());

        assertEquals(415, api.send("PUT", path("photo"), "application/pdf", new byte[] { 1, 2 }).statusCode());
        assertEquals(200, api.send("PUT", path("photo"), "image/png", new byte[] { 1, 2 }).statusCode());
        assertEquals(413, api.send("PUT", path("photo"), "image/png", new byte[2000]).statusCode());
    }

    @Test
    void oneFailingRequestDoesNotTakeTheProgrammeDown() throws Exception {
        HttpResponse<String> boom = api.get(path("boom"));
        assertEquals(500, boom.statusCode());
        JsonNode body = json.readTree(boom.body());
        assertEquals("internal", body.path("error").asText());
        assertFalse(body.path("requestId").asText().isBlank(), boom.body());
        assertFalse(boom.body().contains("boom"), "no exception text: " + boom.body());
        assertEquals(ProgrammeState.ACTIVE, registry.programme(ID).orElseThrow().state());
        assertEquals(200, api.get(path("children/" + child + "/notes")).statusCode());
    }

    @Test
    void theOpenApiDocumentFollowsTheProgrammes() throws Exception {
        JsonNode doc = json.readTree(api.get("/api/openapi.json").body());
        assertEquals("3.0.3", doc.path("openapi").asText());
        JsonNode notesPath = doc.path("paths").path("/api/programmes/" + ID + "/children/{child}/notes");
        assertEquals("sdkdemo.read", notesPath.path("get").path("x-permission").asText());
        assertEquals("A child's notes", notesPath.path("get").path("summary").asText());
        assertTrue(notesPath.path("post").path("requestBody").isObject(), notesPath.toString());
        assertTrue(doc.path("paths").has("/api/children/{child}"), "the core's own routes too");
        assertTrue(doc.path("components").path("schemas").has("SdkRoutesITNoteInput"), doc.path("components").toString());

        routes.unregister();
        routes = null;
        JsonNode after = json.readTree(api.get("/api/openapi.json").body());
        assertFalse(after.path("paths").has("/api/programmes/" + ID + "/children/{child}/notes"), "gone with the programme");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (api.get(path("children/" + child + "/notes")).statusCode() != 404 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(404, api.get(path("children/" + child + "/notes")).statusCode());
    }
}
