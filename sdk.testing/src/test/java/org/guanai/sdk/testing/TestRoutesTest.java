package org.guanai.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.StaleVersionException;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.http.ProgrammeApi;
import org.guanai.sdk.http.Reply;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The route kit against a small programme declared here: what it records, refuses and answers, as the platform does. */
class TestRoutesTest {
    /** A note's body. */
    public record NoteInput(String text, LocalDate on, OffsetDateTime at, ParentRole who, List<Long> tags, Nested nested) {
    }

    /** A nested part of a body. */
    public record Nested(List<String> words) {
    }

    /** A note as answered. */
    public record Note(long child, String text, LocalDate on, String by) {
    }

    private final List<Note> stored = new ArrayList<>();

    private final ProgrammeApi api = r -> {
        r.get("children/{child}/notes", rq -> Map.of("items", stored.stream().filter(n -> n.child() == rq.child("child").id()).toList()))
                .summary("学生的记录", "A child's notes").returns(Note.class);
        r.post("children/{child}/notes", rq -> {
            long child = rq.child("child").id();
            NoteInput in = rq.body(NoteInput.class);
            if (in.text() == null || in.text().isBlank()) {
                throw rq.texts().invalid("text", "note.empty");
            }
            Note n = new Note(child, in.text(), in.on(), rq.user());
            stored.add(n);
            return Reply.created(rq.link("children/" + child + "/notes/" + stored.size()), n);
        }).body(NoteInput.class);
        r.post("notes/bulk", rq -> Map.of("count", rq.bodyList(NoteInput.class).size()));
        r.get("notes/open", rq -> "open");
        r.get("notes/{note}", rq -> rq.id("note"));
        r.delete("notes/{note}", rq -> {
            throw new StaleVersionException("note", rq.id("note"), 1, 2);
        });
        r.get("refs", rq -> rq.childRef("childId", rq.longQuery("childId").orElseThrow()).name());
        r.get("report", rq -> Map.of("year", rq.intQuery("year", 2026, 1900, 2100), "from", rq.date("from").map(LocalDate::toString).orElse(""),
                "all", rq.flag("all"), "who", rq.enumQuery("who", ParentRole.class).map(Enum::name).orElse(""), "size", rq.paging().size()))
                .query("year", Integer.class, "年份", "Year");
        r.get("export", rq -> Reply.file(Download.attachment("text/csv", "记录.csv", "a,b\n".getBytes(StandardCharsets.UTF_8))))
                .produces("text/csv");
        r.put("photo", rq -> Map.of("bytes", rq.bytes(10).length)).consumes("image/*").permission("manage");
        r.put("settings", rq -> null).permission("registry.personal");
        r.get("boom", rq -> {
            throw new IllegalStateException("boom");
        });
    };

    private final TestRoutes routes = TestRoutes.of("kit", api);
    private final TestRequest.Builder teacher = TestRequest.as("li", "kit.read", "kit.write").school(1)
            .children(Map.of(5L, TestRequest.child(5, 1, "王小明"), 6L, TestRequest.child(6, 2, "别校学生")));

    @Test
    void recordsTheDeclarationsAndRefusesWhatThePlatformRefuses() {
        TestRoutes.Declared post = routes.find("POST", "children/5/notes").orElseThrow();
        assertEquals("children/{child}/notes", post.path());
        assertEquals("kit.write", post.permission());
        assertEquals(NoteInput.class, post.bodyType());
        assertEquals("kit.read", routes.find("GET", "children/{child}/notes").orElseThrow().permission());
        assertEquals("学生的记录", routes.find("GET", "children/{child}/notes").orElseThrow().summaryZh());
        assertEquals("kit.manage", routes.find("PUT", "photo").orElseThrow().permission());
        assertEquals("registry.personal", routes.find("PUT", "settings").orElseThrow().permission());
        assertEquals(List.of("image/*"), routes.find("PUT", "photo").orElseThrow().consumes());
        assertEquals(Map.of("year", Integer.class), routes.find("GET", "report").orElseThrow().queryParameters());
        assertEquals("notes/open", routes.find("GET", "notes/open").orElseThrow().path(), "a literal wins over a parameter");
        assertEquals("notes/{note}", routes.find("GET", "notes/7").orElseThrow().path());
        assertEquals(12, routes.routes().size());

        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> TestRoutes.of("kit", r -> {
                    r.get("notes/{note}", rq -> null);
                    r.get("notes/{id}", rq -> null);
                }));
        assertTrue(twice.getMessage().contains("declared twice"), twice.getMessage());
        TestRoutes.of("kit", r -> {
            r.get("notes/{note}", rq -> null);
            r.put("notes/{id}", rq -> null); // another method: no clash
        });
        assertThrows(IllegalArgumentException.class, () -> TestRoutes.of("kit", r -> r.get("", rq -> null)), "the root is the summary");
        assertThrows(IllegalArgumentException.class, () -> TestRoutes.of("kit", r -> r.get("notes/{note", rq -> null)));
        assertThrows(IllegalArgumentException.class, () -> TestRoutes.of("kit", r -> r.get("a//b", rq -> null)));
    }

    @Test
    void callsAsThePlatformDoes() throws Exception {
        TestAnswer created = routes.call("POST", "children/5/notes", teacher.json("{\"text\":\"家访\",\"on\":\"2026-12-06\"}"));
        assertEquals(201, created.status(), created.toString());
        assertEquals("/api/programmes/kit/children/5/notes/1", created.header("location").orElseThrow());
        assertEquals(new Note(5, "家访", LocalDate.of(2026, 12, 6), "li"), created.body(Note.class));
        JsonNode json = created.json();
        assertEquals("2026-12-06", json.path("on").asText(), "dates written as ISO text: " + json);
        assertEquals("li", json.path("by").asText());
        assertEquals(1, routes.call("GET", "children/5/notes", teacher).json().path("items").size());

        assertEquals(404, routes.call("GET", "secret", teacher).status(), "undeclared");
        TestAnswer wrongMethod = routes.call("PUT", "children/5/notes", teacher);
        assertEquals(405, wrongMethod.status());
        assertEquals("GET, POST", wrongMethod.header("Allow").orElseThrow());

        TestAnswer reader = routes.call("POST", "children/5/notes", TestRequest.as("wang", "kit.read").json("{\"text\":\"x\"}"));
        assertEquals(403, reader.status());
        assertEquals("forbidden", reader.json().path("error").asText());
        assertTrue(reader.json().path("message_en").asText().contains("kit.write"), reader.json().toString());
        assertEquals(403, routes.call("PUT", "settings", teacher).status(), "a core permission the caller lacks");
        assertEquals(204, routes.call("PUT", "settings", TestRequest.as("admin", "registry.personal")).status());

        // ids that are not records of the school: absent
        for (String child : List.of("6", "7", "abc", "0", "-1", "007", "9223372036854775808")) {
            TestAnswer absent = routes.call("GET", "children/" + child + "/notes", teacher);
            assertEquals(404, absent.status(), child);
            assertEquals("not_found", absent.error());
        }
        assertEquals(7L, routes.call("GET", "notes/7", teacher).body());
        TestAnswer ref = routes.call("GET", "refs", teacher.query("childId", "6"));
        assertEquals(List.of("childId"), ref.fields(), "a child of another school named in a field");
        assertEquals("本校没有该学生", ref.errors().get(0).messageZh());

        TestAnswer stale = routes.call("DELETE", "notes/3", teacher);
        assertEquals(409, stale.status());
        assertEquals(2, stale.json().path("currentVersion").asInt());
        assertArrayEquals("a,b\n".getBytes(StandardCharsets.UTF_8), routes.call("GET", "export", teacher).file());
        IllegalStateException boom = assertThrows(IllegalStateException.class, () -> routes.call("GET", "boom", teacher),
                "what the platform answers with 500 reaches the test");
        assertEquals("boom", boom.getMessage());
    }

    @Test
    void servesHeadWithTheGetRouteAsThePlatformDoes() throws Exception {
        // the platform's route matching (DeclaredRoute) serves HEAD with the GET route, and its handler sees GET
        TestRoutes methods = TestRoutes.of("kit", r -> r.get("method", rq -> rq.method()));
        TestAnswer head = methods.call("HEAD", "method", teacher);
        assertEquals(200, head.status(), head.toString());
        assertEquals("GET", head.body());
        assertEquals("method", methods.find("HEAD", "method").orElseThrow().path());
    }

    @Test
    void bindsBodiesAsStrictlyAsThePlatform() throws Exception {
        String path = "children/5/notes";
        assertRefused(routes.call("POST", path, teacher.json("{\"text\":\"x\",\"colour\":\"red\"}")), 400, "colour");
        assertRefused(routes.call("POST", path, teacher.json("{\"text\":\"x\",\"on\":\"yesterday\"}")), 400, "on");
        TestAnswer early = routes.call("POST", path, teacher.json("{\"text\":\"x\",\"on\":\"0000-01-01\"}"));
        assertRefused(early, 400, "on");
        assertEquals("The date must be between 1900-01-01 and 2100-12-31", early.errors().get(0).messageEn());
        assertRefused(routes.call("POST", path, teacher.json("{\"text\":\"x\",\"on\":\"+999999999-12-31\"}")), 400, "on");
        assertRefused(routes.call("POST", path, teacher.json("{\"text\":\"x\",\"at\":\"2101-01-01T00:00:00+08:00\"}")), 400, "at");
        assertEquals(201, routes.call("POST", path, teacher.json("{\"text\":\"x\",\"on\":\"1900-01-01\",\"at\":\"2100-12-31T23:00:00+08:00\"}"))
                .status(), "the limits themselves are accepted");
        TestAnswer who = routes.call("POST", path, teacher.json("{\"text\":\"x\",\"who\":\"UNCLE\"}"));
        assertRefused(who, 400, "who");
        assertTrue(who.errors().get(0).messageEn().contains("[FATHER, MOTHER]"), who.errors().toString());
        assertRefused(routes.call("POST", path, teacher.json("{\"text\":\"x\",\"who\":0}")), 400, "who");
        StringBuilder many = new StringBuilder("{\"text\":\"x\",\"tags\":[0");
        for (int i = 1; i <= 1000; i++) {
            many.append(',').append(i);
        }
        assertRefused(routes.call("POST", path, teacher.json(many + "]}")), 400, "tags");
        assertRefused(routes.call("POST", path, teacher.json("{\"text\":\"x\",\"nested\":{\"words\":[" + "\"w\",".repeat(1000) + "\"w\"]}}")),
                400, "nested.words");
        assertRefused(routes.call("POST", path, teacher.json("{\"text\":")), 400, "body");
        assertRefused(routes.call("POST", path, teacher.json("{\"text\":\"x\"} {}")), 400, "body");
        assertRefused(routes.call("POST", path, teacher.json("[]")), 400, "body");
        assertRefused(routes.call("POST", path, teacher.json("")), 400, "body");
        assertRefused(routes.call("POST", path, teacher.json("{\"text\":\" \"}")), 400, "text");
        assertRefused(routes.call("POST", path, teacher.body("text/plain", "{\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8))), 415,
                "Content-Type");
        assertEquals(201, routes.call("POST", path, teacher.body("application/json; charset=UTF-8", "{\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .status(), "a charset parameter is fine");
        TestAnswer big = routes.call("POST", path, teacher.json("{\"text\":\"" + "字".repeat(400_000) + "\"}"));
        assertRefused(big, 413, "body");
        assertEquals("payload_too_large", big.error());
        assertEquals(2, stored.size(), "only the accepted bodies were stored");

        TestAnswer item = routes.call("POST", "notes/bulk", teacher.json("[{\"text\":\"a\"},{\"text\":\"b\",\"x\":1}]"));
        assertRefused(item, 400, "1.x");
        assertEquals(2, routes.call("POST", "notes/bulk", teacher.json("[{\"text\":\"a\"},{\"text\":\"b\"}]")).json().path("count").asInt());

        TestRequest.Builder manager = TestRequest.as("li", "kit.manage");
        assertRefused(routes.call("PUT", "photo", manager.body("application/pdf", new byte[3])), 415, "Content-Type");
        assertRefused(routes.call("PUT", "photo", manager.body("image/png", new byte[11])), 413, "body");
        assertEquals(3, routes.call("PUT", "photo", manager.body("image/png", new byte[3])).json().path("bytes").asInt());
    }

    @Test
    void readsQueryParametersAsThePlatform() throws Exception {
        JsonNode dflt = routes.call("GET", "report", teacher).json();
        assertEquals(2026, dflt.path("year").asInt());
        assertFalse(dflt.path("all").asBoolean());
        assertEquals(20, dflt.path("size").asInt());
        JsonNode set = routes.call("GET", "report", TestRequest.as("li", "kit.read").query("year", " 2027 ").query("from", "2026-09-01")
                .query("all", "1").query("who", "MOTHER").query("size", "50")).json();
        assertEquals(2027, set.path("year").asInt());
        assertEquals("2026-09-01", set.path("from").asText());
        assertTrue(set.path("all").asBoolean());
        assertEquals("MOTHER", set.path("who").asText());
        assertEquals(50, set.path("size").asInt());
        for (String[] bad : new String[][] { { "year", "1800" }, { "year", "x" }, { "from", "2026-13-01" }, { "from", "1899-12-31" },
                { "all", "yes" }, { "who", "mother" }, { "size", "501" }, { "page", "-1" } }) {
            assertRefused(routes.call("GET", "report", TestRequest.as("li", "kit.read").query(bad[0], bad[1])), 400, bad[0]);
        }
        assertNull(routes.call("GET", "report", teacher).error());
    }

    @Test
    void oneBuilderServesSeveralCalls() throws Exception {
        TestRequest.Builder b = teacher.json("{\"text\":\"a\"}");
        assertEquals(201, routes.call("POST", "children/5/notes", b).status());
        assertEquals(201, routes.call("POST", "children/5/notes", b).status(), "the body is read again in the next call");
        assertSame(b, b.query("x", "y"), "setters chain");
    }

    private static void assertRefused(TestAnswer answer, int status, String field) {
        assertEquals(status, answer.status(), answer.toString());
        assertEquals(List.of(field), answer.fields(), answer.toString());
        assertFalse(answer.errors().get(0).messageZh().isBlank());
        assertFalse(answer.errors().get(0).messageEn().isBlank());
    }
}
