package org.guanai.plugin.guardians.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.testing.TestAnswer;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.testing.TestRequest;
import org.guanai.sdk.testing.TestRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The routes as clients call them, under the platform's request contract, on a small registry. */
class GuardiansApiTest {
    private static final String SESSION = "{\"kind\":\"TRAINING\",\"topic\":\" 隔代教育 \",\"heldOn\":\"2026-12-04\",\"place\":\"会议室\","
            + "\"organiserId\":40,\"materials\":[\"课件\",\" \",\"职责条款\"],\"notes\":null}";

    private final TestDatabase db = TestDatabase.forProgramme(GuardiansProgramme.ID);
    private final SessionStore store = new SessionStore(db);
    private final Registry registry = Registry.fixture();
    private final List<Table> exported = new ArrayList<>();
    private final Exports exports = new Exports() {
        @Override
        public Download csv(String fileName, Table table) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Download xlsx(String fileName, List<Table> sheets) {
            exported.addAll(sheets);
            return Download.attachment(GuardiansApi.XLSX, fileName + ".xlsx", new byte[] { 'P', 'K' });
        }
    };
    private final TestRoutes routes = TestRoutes.of(GuardiansProgramme.ID,
            new GuardiansApi(store, registry.guardians(), registry.childService(), exports, TestCalendar.on(LocalDate.of(2026, 12, 7))));
    private final TestRequest.Builder teacher = TestRequest.as("teacher", "guardians.read", "guardians.write").school(1)
            .children(registry.children()).classes(Map.of(3L, new SchoolClass(3L, 0, 1, 4, "四年级一班", null)))
            .staff(Map.of(40L, new Staff(40L, 0, 1, "周老师", null, null, null, null, true)));

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void declaresItsRoutesOnceWithPermissionsAndSummaries() {
        assertEquals(List.of("GET sessions guardians.read", "POST sessions guardians.write", "GET sessions/{session} guardians.read",
                "PUT sessions/{session} guardians.write", "DELETE sessions/{session} guardians.write",
                "GET sessions/{session}/attendance guardians.read", "PUT sessions/{session}/attendance guardians.write",
                "GET sessions/{session}/attendance.xlsx guardians.read", "GET children/{child}/history guardians.read"),
                routes.routes().stream().map(r -> r.method() + " " + r.path() + " " + r.permission()).toList());
        assertTrue(routes.routes().stream().allMatch(r -> r.summaryZh() != null && r.summaryEn() != null));
    }

    @Test
    void recordsASessionItsAttendanceAndAChildsHistory() throws Exception {
        TestAnswer created = routes.call("POST", "sessions", teacher.json(SESSION));
        assertEquals(201, created.status(), created.toString());
        JsonNode s = created.json();
        long id = s.path("id").asLong();
        assertEquals("/api/programmes/guardians/sessions/" + id, created.header("Location").orElseThrow());
        assertEquals("隔代教育", s.path("topic").asText());
        assertEquals("周老师", s.path("organiserName").asText());
        assertEquals("[\"课件\",\"职责条款\"]", s.path("materials").toString());

        JsonNode sheet = routes.call("GET", "sessions/" + id + "/attendance", teacher).json();
        List<String> people = new ArrayList<>();
        sheet.path("items").forEach(a -> people.add(a.path("childName").asText() + " " + a.path("name").asText() + " " + a.path("relation").asText()
                + " " + a.path("attended").asText()));
        assertEquals(List.of("王小明 王奶奶 奶奶 null", "王小明 王大山 父亲 null", "李华 赵叔叔 委托监护人 null", "张丽 陈外婆 外婆 null"), people,
                "the guardians, then the living parents, each relation in words");

        TestAnswer marked = routes.call("PUT", "sessions/" + id + "/attendance", teacher.json(
                "{\"marks\":[{\"childId\":5,\"guardianId\":10,\"attended\":true},{\"childId\":5,\"parentId\":20,\"attended\":false},"
                        + "{\"childId\":6,\"guardianId\":11,\"attended\":true}]}"));
        assertEquals(200, marked.status(), marked.toString());
        assertEquals(3, marked.json().path("session").path("marked").asInt());
        assertEquals(2, marked.json().path("session").path("attended").asInt());
        assertEquals("true", marked.json().path("items").get(0).path("attended").asText());

        JsonNode history = routes.call("GET", "children/5/history", teacher).json();
        assertEquals(2, history.path("items").size());
        assertEquals("TRAINING", history.path("items").get(0).path("kind").asText());

        TestAnswer file = routes.call("GET", "sessions/" + id + "/attendance.xlsx", teacher);
        assertEquals(200, file.status());
        assertEquals("PK", new String(file.file(), StandardCharsets.US_ASCII));
        assertEquals(List.of("活动", "签到表"), exported.stream().map(Table::title).toList());
        assertEquals("培训/讲座", ((org.guanai.sdk.i18n.Label) exported.get(0).rows().get(0).get(1)).zh());
        assertEquals(List.of("王小明", "王奶奶", "奶奶", true), exported.get(1).rows().get(0));
        assertEquals(List.of("张丽", "陈外婆", "外婆", "未登记"), exported.get(1).rows().get(3));
    }

    @Test
    void updatesAtItsVersionAndDeletes() throws Exception {
        long id = routes.call("POST", "sessions", teacher.json(SESSION)).json().path("id").asLong();
        String update = SESSION.replace("\"notes\":null", "\"notes\":\"改期\",\"classId\":3,\"version\":0");
        TestAnswer changed = routes.call("PUT", "sessions/" + id, teacher.json(update));
        assertEquals(200, changed.status(), changed.toString());
        assertEquals(3, changed.json().path("classId").asLong());
        assertEquals(409, routes.call("PUT", "sessions/" + id, teacher.json(update)).status(), "a stale version");
        assertEquals(List.of("version"), routes.call("PUT", "sessions/" + id, teacher.json(SESSION)).fields());
        assertEquals(204, routes.call("DELETE", "sessions/" + id, teacher).status());
        assertEquals(404, routes.call("GET", "sessions/" + id, teacher).status());
    }

    @Test
    void refusesBadInputNamingEveryFieldAndStoresNothing() throws Exception {
        Map<String, List<String>> refused = Map.of(
                "{}", List.of("kind", "topic", "heldOn", "place"),
                SESSION.replace("TRAINING", "PICNIC"), List.of("kind"),
                SESSION.replace("2026-12-04", "1800-01-01"), List.of("heldOn"),
                SESSION.replace("\"notes\":null", "\"notes\":\"" + "话".repeat(2001) + "\""), List.of("notes"),
                SESSION.replace("\"课件\"", "\"第一行\\n第二行\""), List.of("materials[0]"),
                SESSION.replace("\"notes\":null", "\"notes\":null,\"fee\":5"), List.of("fee"),
                SESSION.replace("\"organiserId\":40", "\"organiserId\":41"), List.of("organiserId"),
                SESSION.replace("\"organiserId\":40", "\"classId\":9"), List.of("classId"),
                "{\"kind\":", List.of("body"));
        for (Map.Entry<String, List<String>> c : refused.entrySet()) {
            TestAnswer answer = routes.call("POST", "sessions", teacher.json(c.getKey()));
            assertEquals(400, answer.status(), c.getKey());
            assertEquals(c.getValue(), answer.fields(), c.getKey());
            assertTrue(answer.errors().stream().noneMatch(e -> e.messageZh().isBlank() || e.messageEn().isBlank()), answer.toString());
        }
        assertEquals(415, routes.call("POST", "sessions", teacher.body("text/plain", SESSION.getBytes(StandardCharsets.UTF_8))).status());
        assertEquals(413, routes.call("POST", "sessions", teacher.json(SESSION.replace("隔代教育", "话".repeat(400_000)))).status());
        assertEquals(List.of("kind"), routes.call("GET", "sessions", teacher.query("kind", "PICNIC")).fields());
        assertEquals(0, store.list(1, null, 0, 20).total(), "nothing stored");
    }

    @Test
    void refusesMarksOfStrangersAndOfASessionNotHeldYet() throws Exception {
        long id = routes.call("POST", "sessions", teacher.json(SESSION)).json().path("id").asLong();
        Map<String, List<String>> refused = Map.of(
                "{\"marks\":[]}", List.of("marks"),
                "{\"marks\":[{\"childId\":5,\"attended\":true}]}", List.of("marks[0].guardianId"),
                "{\"marks\":[{\"childId\":5,\"guardianId\":10,\"parentId\":20}]}", List.of("marks[0].guardianId", "marks[0].attended"),
                "{\"marks\":[{\"childId\":5,\"guardianId\":11,\"attended\":true}]}", List.of("marks[0].guardianId"),
                "{\"marks\":[{\"childId\":5,\"parentId\":21,\"attended\":true}]}", List.of("marks[0].parentId"),
                "{\"marks\":[{\"childId\":99,\"guardianId\":10,\"attended\":true}]}", List.of("marks[0].childId"));
        for (Map.Entry<String, List<String>> c : refused.entrySet()) {
            TestAnswer answer = routes.call("PUT", "sessions/" + id + "/attendance", teacher.json(c.getKey()));
            assertEquals(400, answer.status(), c.getKey());
            assertEquals(c.getValue(), answer.fields(), c.getKey());
        }
        long planned = routes.call("POST", "sessions", teacher.json(SESSION.replace("2026-12-04", "2026-12-20"))).json().path("id").asLong();
        TestAnswer early = routes.call("PUT", "sessions/" + planned + "/attendance", teacher.json("{\"marks\":[{\"childId\":5,\"guardianId\":10,\"attended\":true}]}"));
        assertEquals(409, early.status());
        assertEquals("not_held", early.error());
        assertTrue(store.attendance(id).isEmpty() && store.attendance(planned).isEmpty(), "nothing stored");
    }

    @Test
    void answersOnlyTheSchoolsSessionsAndWritesOnlyForCallersWhoMay() throws Exception {
        long id = routes.call("POST", "sessions", teacher.json(SESSION)).json().path("id").asLong();
        TestRequest.Builder other = TestRequest.as("other", "guardians.read", "guardians.write").school(2);
        for (String path : List.of("sessions/" + id, "sessions/" + id + "/attendance", "sessions/" + id + "/attendance.xlsx", "sessions/abc")) {
            assertEquals(404, routes.call("GET", path, other).status(), path);
        }
        assertEquals(404, routes.call("DELETE", "sessions/" + id, other).status());
        assertEquals(404, routes.call("GET", "children/5/history", other).status());
        TestRequest.Builder reader = TestRequest.as("county", "guardians.read").school(1).children(registry.children());
        assertEquals(200, routes.call("GET", "sessions/" + id, reader).status());
        assertEquals(403, routes.call("DELETE", "sessions/" + id, reader).status());
        assertEquals(1, store.list(1, null, 0, 20).total());
    }
}
