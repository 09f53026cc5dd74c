package org.guanai.examples.calls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.guanai.sdk.testing.TestAnswer;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.testing.TestRequest;
import org.guanai.sdk.testing.TestRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The programme's routes as clients call them, under the platform's request contract, without the platform. */
class CallsApiTest {
    private static final String CALL = "{\"parentRole\":\"MOTHER\",\"calledAt\":\"2026-11-20T19:30:00+08:00\",\"minutes\":12,\"note\":\" 问学习 \"}";

    private final TestDatabase db = TestDatabase.forProgramme(CallsProgramme.ID);
    private final CallStore store = new CallStore(db);
    private final TestRoutes routes = TestRoutes.of(CallsProgramme.ID, new CallsApi(store, TestCalendar.at(LocalDateTime.of(2026, 11, 23, 20, 0))));
    private final TestRequest.Builder teacher = TestRequest.as("teacher", "calls.read", "calls.write").school(1)
            .children(Map.of(5L, TestRequest.child(5, 1, "王小明"), 6L, TestRequest.child(6, 2, "李华")));

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void declaresItsRoutesOnceWithTheirPermissionsAndSummaries() {
        assertEquals(List.of("GET children/{child}/calls calls.read", "POST children/{child}/calls calls.write", "GET monthly calls.read"),
                routes.routes().stream().map(r -> r.method() + " " + r.path() + " " + r.permission()).toList());
        assertTrue(routes.routes().stream().allMatch(r -> r.summaryZh() != null && r.summaryEn() != null && r.returnType() != null));
    }

    @Test
    void recordsACallListsItAndCountsItInItsMonth() throws Exception {
        TestAnswer created = routes.call("POST", "children/5/calls", teacher.json(CALL));
        assertEquals(201, created.status(), created.toString());
        JsonNode call = created.json();
        assertEquals(Set.of("id", "childId", "schoolId", "parentRole", "calledAt", "minutes", "note", "recordedBy"), names(call));
        assertEquals("/api/programmes/calls/children/5/calls/" + call.path("id").asLong(), created.header("Location").orElseThrow());
        assertEquals("MOTHER", call.path("parentRole").asText());
        assertEquals("2026-11-20T11:30:00Z", call.path("calledAt").asText());
        assertEquals("问学习", call.path("note").asText());
        assertEquals("teacher", call.path("recordedBy").asText());
        assertEquals(1, call.path("schoolId").asLong());

        JsonNode list = routes.call("GET", "children/5/calls", teacher).json();
        assertEquals(call, list.path("items").get(0));
        JsonNode monthly = routes.call("GET", "monthly", teacher).json();
        assertEquals(Set.of("schoolId", "year", "months"), names(monthly));
        assertEquals(2026, monthly.path("year").asInt(), "this year by the calendar");
        assertEquals(12, monthly.path("months").size());
        assertEquals(1, monthly.path("months").path("2026-11").path("calls").asInt());
        assertEquals(12, monthly.path("months").path("2026-11").path("minutes").asInt());
        assertEquals(0, routes.call("GET", "monthly", teacher.query("year", "2025")).json().path("months").path("2025-11").path("calls").asInt());
    }

    @Test
    void refusesBadInputNamingEveryFieldAndStoresNothing() throws Exception {
        Map<String, List<String>> refused = Map.ofEntries(
                Map.entry("{\"minutes\":601}", List.of("parentRole", "calledAt", "minutes")),
                Map.entry("{\"parentRole\":\"UNCLE\",\"calledAt\":\"2026-11-20T19:30:00+08:00\",\"minutes\":1}", List.of("parentRole")),
                Map.entry("{\"parentRole\":\"FATHER\",\"calledAt\":\"2026-11-23T20:06:00+08:00\",\"minutes\":1}", List.of("calledAt")),
                Map.entry("{\"parentRole\":\"FATHER\",\"calledAt\":\"yesterday\",\"minutes\":1}", List.of("calledAt")),
                Map.entry("{\"parentRole\":\"FATHER\",\"calledAt\":\"\",\"minutes\":1}", List.of("calledAt")),
                Map.entry("{\"parentRole\":\"FATHER\",\"calledAt\":\"0000-01-01T00:00:00Z\",\"minutes\":1}", List.of("calledAt")),
                Map.entry("{\"parentRole\":\"FATHER\",\"calledAt\":\"2026-11-20T19:30:00+08:00\",\"minutes\":-1}", List.of("minutes")),
                Map.entry("{\"parentRole\":\"FATHER\",\"calledAt\":\"2026-11-20T19:30:00+08:00\",\"minutes\":\"ten\"}", List.of("minutes")),
                Map.entry("{\"parentRole\":\"FATHER\",\"calledAt\":\"2026-11-20T19:30:00+08:00\",\"minutes\":1,\"note\":\"" + "话".repeat(501) + "\"}",
                        List.of("note")),
                Map.entry("{\"parentRole\":\"FATHER\",\"calledAt\":\"2026-11-20T19:30:00+08:00\",\"minutes\":1,\"video\":true}", List.of("video")),
                Map.entry("{\"parentRole\":", List.of("body")));
        for (Map.Entry<String, List<String>> c : refused.entrySet()) {
            TestAnswer answer = routes.call("POST", "children/5/calls", teacher.json(c.getKey()));
            assertEquals(400, answer.status(), c.getKey());
            assertEquals(c.getValue(), answer.fields(), c.getKey());
            assertTrue(answer.errors().stream().noneMatch(e -> e.messageZh().isBlank() || e.messageEn().isBlank()), answer.toString());
        }
        assertEquals(201, routes.call("POST", "children/5/calls", teacher.json(CALL.replace("19:30", "20:04").replace("20T", "23T"))).status(),
                "a few minutes ahead of the clock is accepted");
        assertEquals(415, routes.call("POST", "children/5/calls", teacher.body("text/plain", CALL.getBytes(StandardCharsets.UTF_8))).status());
        assertEquals(413, routes.call("POST", "children/5/calls", teacher.json(CALL.replace("问学习", "话".repeat(400_000)))).status());
        assertEquals(List.of("year"), routes.call("GET", "monthly", teacher.query("year", "1800")).fields());
        assertEquals(List.of("year"), routes.call("GET", "monthly", teacher.query("year", "this")).fields());
        assertEquals(1, store.forChild(5).size(), "only the accepted call was stored");
    }

    @Test
    void answersOnlyForChildrenOfTheSchoolAndWritesOnlyForCallersWhoMay() throws Exception {
        for (String child : List.of("6", "999", "abc")) {
            assertEquals(404, routes.call("GET", "children/" + child + "/calls", teacher).status(), child);
            assertEquals(404, routes.call("POST", "children/" + child + "/calls", teacher.json(CALL)).status(), child);
        }
        TestRequest.Builder reader = TestRequest.as("county", "calls.read").school(1).children(Map.of(5L, TestRequest.child(5, 1, "王小明")));
        assertEquals(200, routes.call("GET", "children/5/calls", reader).status());
        assertEquals(403, routes.call("POST", "children/5/calls", reader.json(CALL)).status());
        assertEquals(405, routes.call("DELETE", "children/5/calls", teacher).status());
        assertTrue(store.forChild(5).isEmpty() && store.forChild(6).isEmpty());
    }

    private static Set<String> names(JsonNode node) {
        Set<String> out = new TreeSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
