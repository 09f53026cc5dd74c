package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.guanai.sdk.testing.TestAnswer;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.testing.TestRequest;
import org.guanai.sdk.testing.TestRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The programme's routes as clients call them, under the platform's request contract, without the platform. */
class ${className}ApiTest {
    private static final String NOTE = "{\"day\":\"2026-11-20\",\"text\":\" 按时到校 \"}";

    private final TestDatabase db = TestDatabase.forProgramme(${className}Programme.ID);
    private final NoteStore store = new NoteStore(db);
    private final TestRoutes routes = TestRoutes.of(${className}Programme.ID,
            new ${className}Api(store, TestCalendar.at(LocalDateTime.of(2026, 11, 23, 20, 0))));
    private final TestRequest.Builder teacher = TestRequest.as("teacher", ${className}Programme.ID + ".read", ${className}Programme.ID + ".write")
            .school(1).children(Map.of(5L, TestRequest.child(5, 1, "王小明"), 6L, TestRequest.child(6, 2, "李华")));

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void writesANoteAndListsIt() throws Exception {
        TestAnswer created = routes.call("POST", "children/5/notes", teacher.json(NOTE));
        assertEquals(201, created.status(), created.toString());
        JsonNode note = created.json();
        assertEquals("/api/programmes/" + ${className}Programme.ID + "/children/5/notes/" + note.path("id").asLong(),
                created.header("Location").orElseThrow());
        assertEquals("2026-11-20", note.path("day").asText());
        assertEquals("按时到校", note.path("text").asText());
        assertEquals("teacher", note.path("recordedBy").asText());
        assertEquals(note, routes.call("GET", "children/5/notes", teacher).json().path("items").get(0));
    }

    @Test
    void refusesBadInputNamingTheFieldsAndStoresNothing() throws Exception {
        Map<String, List<String>> refused = Map.of(
                "{}", List.of("day", "text"),
                "{\"day\":\"2026-11-24\",\"text\":\"明天\"}", List.of("day"),
                "{\"day\":\"0000-01-01\",\"text\":\"x\"}", List.of("day"),
                "{\"day\":\"2026-11-20\",\"text\":\"" + "字".repeat(501) + "\"}", List.of("text"),
                "{\"day\":\"2026-11-20\",\"text\":\"x\",\"mood\":1}", List.of("mood"),
                "{\"day\":", List.of("body"));
        for (Map.Entry<String, List<String>> c : refused.entrySet()) {
            TestAnswer answer = routes.call("POST", "children/5/notes", teacher.json(c.getKey()));
            assertEquals(400, answer.status(), c.getKey());
            assertEquals(c.getValue(), answer.fields(), c.getKey());
        }
        assertEquals(415, routes.call("POST", "children/5/notes", teacher.body("text/plain", NOTE.getBytes(StandardCharsets.UTF_8))).status());
        assertTrue(store.forChild(5).isEmpty(), "nothing stored");
    }

    @Test
    void answersOnlyForChildrenOfTheSchoolAndWritesOnlyForCallersWhoMay() throws Exception {
        assertEquals(404, routes.call("GET", "children/6/notes", teacher).status(), "a child of another school");
        assertEquals(404, routes.call("POST", "children/999/notes", teacher.json(NOTE)).status());
        TestRequest.Builder reader = TestRequest.as("county", ${className}Programme.ID + ".read").school(1)
                .children(Map.of(5L, TestRequest.child(5, 1, "王小明")));
        assertEquals(200, routes.call("GET", "children/5/notes", reader).status());
        assertEquals(403, routes.call("POST", "children/5/notes", reader.json(NOTE)).status());
        assertTrue(store.forChild(5).isEmpty());
    }
}
