package org.guanai.itests;

import static org.guanai.itests.Fixtures.ok;
import static org.guanai.itests.Fixtures.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.programme.ProgrammeDemo;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.returns.ReturnPeriod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The 家长学校 programme (plugin.guardians) in the real platform: a school administrator records a session, its sheet
 * lists the registry's guardians and parents of the school's children with their relation in words, attendance is
 * recorded and shows in a child's history, the sheet downloads as xlsx, the request contract holds (415, 413, unknown
 * field, field errors in 中文 and English), the session without attendance is on the week's list, the quarter's return
 * counts the session, and the demo content loads.
 */
@ExtendWith(ServiceExtension.class)
class GuardiansIT {
    private static final String BASE = "/api/programmes/guardians/";
    private static final String PASSWORD = "Guardians-school-2026";

    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    ChildService children;
    @InjectService(timeout = 20_000)
    GuardianService guardians;
    @InjectService(timeout = 20_000)
    ProgrammeRegistry programmes;
    @InjectService(filter = "(programme.id=guardians)", timeout = 20_000)
    ProgrammeDemo demo;

    private final Fixtures fixtures = new Fixtures();
    private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    private Fixtures.Place ready() throws Exception {
        return Fixtures.enabledSchool(programmes, schools, "guardians", "家长学校");
    }

    private Child child(Fixtures.Place place, String name, int day) {
        return children.create(Fixtures.withStudentNumber(fixtures.child(place, name, LocalDate.of(2016, 4, day), Gender.FEMALE)));
    }

    @Test
    void aSessionItsSheetAttendanceHistoryExportWeekAndReturn() throws Exception {
        Fixtures.Place place = ready();
        long school = place.school().id();
        Child a = child(place, "孙小红", 3);
        Child b = child(place, "孙小兰", 9);
        Guardian grandma = guardians.addGuardian(new Guardian(null, 0, a.id(), GuardianKind.GRANDPARENTS, "孙奶奶", "奶奶", "务农",
                "温水镇大坪村3组", "15912345678", "良好", 66, null, true));
        Parent father = guardians.addParent(new Parent(null, 0, a.id(), ParentRole.FATHER, "孙大海", "13800138000", null, true,
                "广东省", "东莞市", null, null, null, null, null, null, true, false));
        guardians.addGuardian(new Guardian(null, 0, b.id(), GuardianKind.DELEGATED, "钱叔叔", null, "务农", "温水镇大坪村4组",
                "15912345679", "良好", 45, null, true));
        Api admin = Api.ready(runtime);
        Api head = Fixtures.account(admin, "gs" + Long.toString(System.nanoTime() % 1_000_000, 36), PASSWORD, "SCHOOL_ADMIN", place);

        String session = "{\"kind\":\"GUARDIAN_MEETING\",\"topic\":\"期中家长会\",\"heldOn\":\"" + today + "\",\"place\":\"多功能教室\","
                + "\"materials\":[\"致家长的一封信\"]}";
        HttpResponse<String> created = send(head, "POST", BASE + "sessions", session, school);
        long id = ok(created, 201).get("id").asLong();
        assertEquals(BASE + "sessions/" + id, created.headers().firstValue("Location").orElseThrow());

        JsonNode refused = ok(send(head, "POST", BASE + "sessions", "{\"kind\":\"PICNIC\",\"topic\":\"\",\"heldOn\":\"" + today + "\"}", school), 400);
        List<String> fields = new ArrayList<>();
        refused.get("errors").forEach(e -> {
            fields.add(e.get("field").asText());
            assertFalse(e.get("message_zh").asText().isBlank() || e.get("message_en").asText().isBlank(), e.toString());
        });
        assertEquals(List.of("kind"), fields, "the kind is refused by name before the rest is read");
        assertEquals("fee", ok(send(head, "POST", BASE + "sessions", session.replace("}", ",\"fee\":5}"), school), 400)
                .get("errors").get(0).get("field").asText());
        assertEquals(415, head.send("POST", BASE + "sessions", "text/plain", session.getBytes(StandardCharsets.UTF_8), String.valueOf(school))
                .statusCode());
        assertEquals(413, send(head, "POST", BASE + "sessions", session.replace("期中家长会", "话".repeat(400_000)), school).statusCode());
        assertEquals(1, ok(send(head, "GET", BASE + "sessions", null, school), 200).get("total").asInt(), "only the accepted one");

        JsonNode sheet = ok(send(head, "GET", BASE + "sessions/" + id + "/attendance", null, school), 200);
        List<String> people = new ArrayList<>();
        sheet.get("items").forEach(p -> people.add(p.get("childName").asText() + " " + p.get("name").asText() + " " + p.get("relation").asText()));
        assertEquals(List.of("孙小红 孙奶奶 奶奶", "孙小红 孙大海 父亲", "孙小兰 钱叔叔 委托监护人"), people);

        ok(send(head, "PUT", BASE + "sessions/" + id + "/attendance", "{\"marks\":[{\"childId\":" + a.id() + ",\"guardianId\":" + grandma.id()
                + ",\"attended\":true},{\"childId\":" + a.id() + ",\"parentId\":" + father.id() + ",\"attended\":false}]}", school), 200);
        JsonNode stranger = ok(send(head, "PUT", BASE + "sessions/" + id + "/attendance", "{\"marks\":[{\"childId\":" + b.id()
                + ",\"guardianId\":" + grandma.id() + ",\"attended\":true}]}", school), 400);
        assertEquals("marks[0].guardianId", stranger.get("errors").get(0).get("field").asText());
        JsonNode history = ok(send(head, "GET", BASE + "children/" + a.id() + "/history", null, school), 200);
        assertEquals(2, history.get("items").size(), history.toString());
        // the same history as the programme's section of the child's archive page, through the core
        JsonNode sections = ok(send(head, "GET", "/api/children/" + a.id() + "/sections", null, school), 200);
        List<String> lines = new ArrayList<>();
        sections.get("sections").forEach(sec -> {
            if (sec.get("programme").asText().equals("guardians")) {
                sec.get("lines").forEach(l -> lines.add(l.get("text_zh").asText()));
            }
        });
        assertEquals(List.of("孙奶奶（奶奶）出席监护人会议：期中家长会", "孙大海（父亲）未出席监护人会议：期中家长会"), lines, sections.toString());
        assertEquals(404, send(head, "GET", "/api/children/99999999/sections", null, school).statusCode());

        HttpResponse<String> xlsx = send(head, "GET", BASE + "sessions/" + id + "/attendance.xlsx", null, school);
        assertEquals(200, xlsx.statusCode());
        assertTrue(xlsx.headers().firstValue("Content-Type").orElse("").contains("spreadsheetml"), xlsx.headers().toString());

        // a session today without attendance: on the week's list; the return counts the one held
        send(head, "POST", BASE + "sessions", session.replace("期中家长会", "返乡家长会").replace("GUARDIAN_MEETING", "HOLIDAY_MEETING"), school);
        List<String> todo = new ArrayList<>();
        ok(send(head, "GET", "/api/todo", null, school), 200).get("items").forEach(i -> {
            if (i.get("programme").asText().equals("guardians")) {
                todo.add(i.get("title_zh").asText());
            }
        });
        assertEquals(List.of("登记家长学校出勤：返乡家长会"), todo);
        JsonNode ret = ok(send(head, "GET", "/api/schools/" + school + "/returns/" + ReturnPeriod.quarterOf(today), null, school), 200);
        Map<String, Double> figures = new java.util.TreeMap<>();
        ret.get("figures").forEach(f -> {
            if (f.get("programme").asText().equals("guardians")) {
                figures.put(f.get("key").asText(), f.get("value").asDouble());
            }
        });
        assertEquals(Map.of("sessions", 1.0, "people", 1.0, "reached", 1.0, "reachedRate", 0.5), figures, ret.toString());
    }

    @Test
    void theDemoContentLoads() throws Exception {
        Fixtures.Place place = ready();
        Child a = child(place, "周小燕", 5);
        guardians.addGuardian(new Guardian(null, 0, a.id(), GuardianKind.TEMPORARY, "周姑姑", "姑姑", "务农", "温水镇大坪村3组",
                "15912345670", "良好", 40, null, true));
        demo.load(List.of(place.school().id()));
        Api head = Fixtures.account(Api.ready(runtime), "gd" + Long.toString(System.nanoTime() % 1_000_000, 36), PASSWORD, "SCHOOL_ADMIN", place);
        JsonNode list = ok(send(head, "GET", BASE + "sessions", null, place.school().id()), 200);
        assertEquals(3, list.get("total").asInt(), list.toString());
        List<String> kinds = new ArrayList<>();
        list.get("items").forEach(s -> kinds.add(s.get("kind").asText() + " " + s.get("marked").asInt()));
        assertEquals(List.of("HOLIDAY_MEETING 0", "TRAINING 1", "GUARDIAN_MEETING 1"), kinds);
    }
}
