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
import org.guanai.core.api.care.HomeRecords;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.dto.StaffRole;
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
 * The 留守儿童之家 programme (plugin.home) in the real platform: a school administrator checks the 八有 and counts the
 * equipment, a teacher lends a book (returned once), records a video call with a guardian of the registry and a talk
 * (read audited), the request contract holds (415, 413, unknown field, field errors in 中文 and English), a teacher may
 * not manage the home, staff of another school is refused naming the field; the uses are published as
 * {@link HomeRecords} and the 九个一 grid of the activities programme counts them for the home and the family phone;
 * the overdue loan is on the week's list, the quarter's return counts, and the demo content loads.
 */
@ExtendWith(ServiceExtension.class)
class HomeIT {
    private static final String BASE = "/api/programmes/home/";
    private static final String PASSWORD = "Home-for-children-2026";

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
    @InjectService(filter = "(programme.id=home)", timeout = 20_000)
    ProgrammeDemo demo;
    @InjectService(filter = "(programme.id=home)", timeout = 20_000)
    HomeRecords records;

    private final Fixtures fixtures = new Fixtures();
    private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    private List<String> fields(JsonNode refused) {
        List<String> out = new ArrayList<>();
        refused.get("errors").forEach(e -> {
            out.add(e.get("field").asText());
            assertFalse(e.get("message_zh").asText().isBlank() || e.get("message_en").asText().isBlank(), e.toString());
        });
        return out;
    }

    private String user(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    @Test
    void theHomeItsLogsAndTheNineOnesCountingThem() throws Exception {
        Fixtures.Place place = Fixtures.enabledSchool(programmes, schools, "home", "留守儿童之家");
        long school = place.school().id();
        programmes.setEnabled(school, "activities", true, Map.of());
        Child a = children.create(Fixtures.withStudentNumber(fixtures.child(place, "何小文", LocalDate.of(2016, 5, 3), Gender.FEMALE)));
        Guardian grandma = guardians.addGuardian(new Guardian(null, 0, a.id(), GuardianKind.GRANDPARENTS, "何奶奶", "奶奶", "务农",
                "温水镇大坪村3组", "15912345678", "良好", 66, null, true));
        Staff teacherStaff = schools.createStaff(new Staff(null, 0, school, "吴老师", StaffRole.OTHER, null, null, null, true));
        Fixtures.Place elsewhere = Fixtures.school(schools, "别校");
        Staff stranger = schools.createStaff(new Staff(null, 0, elsewhere.school().id(), "外校老师", StaffRole.OTHER, null, null, null, true));
        Api admin = Api.ready(runtime);
        Api head = Fixtures.account(admin, user("hh"), PASSWORD, "SCHOOL_ADMIN", place);
        Api teacher = Fixtures.account(admin, user("ht"), PASSWORD, "TEACHER", place);

        // the 八有 and the equipment (home.manage: the school administrator)
        ok(send(head, "PUT", BASE + "standard/SITE", "{\"met\":true,\"evidence\":\"两间活动室\",\"checkedOn\":\"" + today + "\"}", school), 200);
        assertEquals(1, ok(send(teacher, "GET", BASE + "standard", null, school), 200).get("met").asInt());
        assertEquals(403, send(teacher, "PUT", BASE + "standard/SIGN", "{\"met\":true,\"checkedOn\":\"" + today + "\"}", school).statusCode());
        JsonNode equipment = ok(send(head, "GET", BASE + "equipment", null, school), 200);
        assertEquals(9, equipment.get("items").size());
        long phones = equipment.get("items").get(0).get("id").asLong();
        assertEquals(2, ok(send(head, "PUT", BASE + "equipment/" + phones, "{\"present\":2}", school), 200).get("shortfall").asInt());
        assertEquals(List.of("staffId"), fields(ok(send(head, "POST", BASE + "duty", "{\"staffId\":" + stranger.id() + ",\"weekday\":6}", school), 400)));
        ok(send(head, "POST", BASE + "duty", "{\"staffId\":" + teacherStaff.id() + ",\"weekday\":6,\"classId\":" + place.schoolClass().id() + "}", school), 201);

        // the logs (home.write: the teacher, for the children of her class)
        String loan = "{\"childId\":" + a.id() + ",\"title\":\"草房子\",\"lentOn\":\"" + today.minusDays(20) + "\",\"dueOn\":\"" + today.minusDays(6) + "\"}";
        assertEquals(415, teacher.send("POST", BASE + "loans", "text/plain", loan.getBytes(StandardCharsets.UTF_8), String.valueOf(school)).statusCode());
        assertEquals(413, send(teacher, "POST", BASE + "loans", loan.replace("草房子", "书".repeat(400_000)), school).statusCode());
        assertEquals(List.of("isbn"), fields(ok(send(teacher, "POST", BASE + "loans", loan.replace("}", ",\"isbn\":\"1\"}"), school), 400)));
        assertEquals(0, ok(send(teacher, "GET", BASE + "loans", null, school), 200).get("total").asInt(), "nothing stored on refusal");
        long lent = ok(send(teacher, "POST", BASE + "loans", loan, school), 201).get("id").asLong();
        assertTrue(ok(send(teacher, "GET", BASE + "loans?overdue=true", null, school), 200).get("items").get(0).get("overdue").asBoolean());

        List<String> todo = new ArrayList<>();
        ok(send(teacher, "GET", "/api/todo", null, school), 200).get("items").forEach(i -> {
            if (i.get("programme").asText().equals("home")) {
                todo.add(i.get("title_zh").asText());
            }
        });
        assertEquals(List.of("留守儿童之家有 1 本图书逾期未还"), todo);
        ok(send(teacher, "PUT", BASE + "loans/" + lent + "/return", "{\"returnedOn\":\"" + today + "\"}", school), 200);
        assertEquals("returned", ok(send(teacher, "PUT", BASE + "loans/" + lent + "/return", "{\"returnedOn\":\"" + today + "\"}", school), 409)
                .get("error").asText());

        String call = "{\"childId\":" + a.id() + ",\"kind\":\"VIDEO_CALL\",\"guardianId\":" + grandma.id() + ",\"startedAt\":\""
                + today.minusDays(1) + "T16:45:00\",\"minutes\":12}";
        assertEquals("何奶奶", ok(send(teacher, "POST", BASE + "calls", call, school), 201).get("whom").asText());
        assertEquals(List.of("minutes"), fields(ok(send(teacher, "POST", BASE + "calls", call.replace("12}", "241}"), school), 400)));
        ok(send(teacher, "POST", BASE + "talks", "{\"childId\":" + a.id() + ",\"staffId\":" + teacherStaff.id() + ",\"heldOn\":\"" + today
                + "\",\"summary\":\"想念奶奶做的饭\"}", school), 201);
        assertEquals("想念奶奶做的饭", ok(send(teacher, "GET", BASE + "talks", null, school), 200).get("items").get(0).get("summary").asText());
        HttpResponse<String> xlsx = send(teacher, "GET", BASE + "logs.xlsx", null, school);
        assertEquals(200, xlsx.statusCode());
        assertTrue(xlsx.headers().firstValue("Content-Type").orElse("").contains("spreadsheetml"), xlsx.headers().toString());

        // published for the 九个一: the activities programme's grid counts them for the home and the family phone
        List<String> uses = new ArrayList<>();
        records.forSchool(school, today.minusDays(30), today).forEach(c -> c.uses().forEach(u -> uses.add(c.childId() + " " + u.kind())));
        assertEquals(List.of(a.id() + " LOAN", a.id() + " VIDEO_CALL", a.id() + " TALK"), uses);
        JsonNode grid = ok(send(head, "GET", "/api/programmes/activities/children/" + a.id() + "/coverage", null, school), 200);
        Map<String, String> cells = new java.util.TreeMap<>();
        grid.get("rows").get(0).get("cells").forEach(c -> cells.put(c.get("item").asText(), c.get("status").asText()));
        assertEquals("DONE", cells.get("home"), grid.toString());
        assertEquals("DONE", cells.get("phone"), grid.toString());

        JsonNode ret = ok(send(head, "GET", "/api/schools/" + school + "/returns/" + ReturnPeriod.quarterOf(today), null, school), 200);
        Map<String, Double> figures = new java.util.TreeMap<>();
        ret.get("figures").forEach(f -> {
            if (f.get("programme").asText().equals("home")) {
                figures.put(f.get("key").asText(), f.get("value").asDouble());
            }
        });
        ReturnPeriod quarter = ReturnPeriod.quarterOf(today);
        double inQuarter = quarter.equals(ReturnPeriod.quarterOf(today.minusDays(1))) ? 1.0 : 0.0;
        assertEquals(Map.of("standard", 1.0, "calls", inQuarter, "callers", inQuarter, "loans",
                quarter.equals(ReturnPeriod.quarterOf(today.minusDays(20))) ? 1.0 : 0.0, "talks", 1.0), figures, ret.toString());
    }

    @Test
    void theDemoContentLoads() throws Exception {
        Fixtures.Place place = Fixtures.enabledSchool(programmes, schools, "home", "留守儿童之家示例");
        long school = place.school().id();
        Child a = children.create(Fixtures.withStudentNumber(fixtures.child(place, "邓小雨", LocalDate.of(2016, 6, 5), Gender.FEMALE)));
        guardians.addGuardian(new Guardian(null, 0, a.id(), GuardianKind.GRANDPARENTS, "邓奶奶", "奶奶", "务农", "温水镇大坪村3组",
                "15912345670", "良好", 60, null, true));
        schools.createStaff(new Staff(null, 0, school, "郑老师", StaffRole.OTHER, null, null, null, true));
        demo.load(List.of(school));
        Api head = Fixtures.account(Api.ready(runtime), user("hd"), PASSWORD, "SCHOOL_ADMIN", place);
        JsonNode standard = ok(send(head, "GET", BASE + "standard", null, school), 200);
        assertEquals(6, standard.get("met").asInt(), standard.toString());
        assertEquals("[\"PLAN\",\"FUNDING\"]", standard.get("missing").toString());
        assertTrue(ok(send(head, "GET", BASE + "equipment", null, school), 200).get("shortItems").asInt() > 0);
        assertEquals(12, ok(send(head, "GET", BASE + "hours", null, school), 200).get("ranges").size());
        assertEquals(1, ok(send(head, "GET", BASE + "loans", null, school), 200).get("total").asInt());
        assertEquals(1, ok(send(head, "GET", BASE + "calls", null, school), 200).get("total").asInt());
        assertEquals(1, ok(send(head, "GET", BASE + "talks", null, school), 200).get("total").asInt());
        assertEquals(3, ok(send(head, "GET", BASE + "tv", null, school), 200).get("total").asInt());
    }
}
