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
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
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
 * The 表彰 programme (plugin.awards) in the real platform, beside the pairing and activities programmes: a teacher
 * nominates a child with the evidence those programmes publish through core.api (no "not installed" line), the request
 * contract holds, the school's administrator and then the county's decide (each step once; a teacher not at all), the
 * decision waits on the administrator's week, the certificate prints, the quarter's return counts the award, the 考评
 * answers with its xlsx, and the demo content loads.
 */
@ExtendWith(ServiceExtension.class)
class AwardsIT {
    private static final String BASE = "/api/programmes/awards/";
    private static final String PASSWORD = "Awards-programme-2026";

    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    ChildService children;
    @InjectService(timeout = 20_000)
    ProgrammeRegistry programmes;
    @InjectService(filter = "(programme.id=awards)", timeout = 20_000)
    ProgrammeDemo demo;

    private final Fixtures fixtures = new Fixtures();
    private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    private Child child(Fixtures.Place place, String name, int day) {
        return children.create(Fixtures.withStudentNumber(fixtures.child(place, name, LocalDate.of(2016, 5, day), Gender.MALE)));
    }

    private static String user(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    @Test
    void aChildIsNominatedWithEvidenceDecidedTwiceGrantedCountedAndPrinted() throws Exception {
        Fixtures.Place place = Fixtures.enabledSchool(programmes, schools, "awards", "表彰");
        long school = place.school().id();
        Child a = child(place, "吴小军", 7);
        Api county = Api.ready(runtime);
        Api head = Fixtures.account(county, user("ah"), PASSWORD, "SCHOOL_ADMIN", place);
        Api teacher = Fixtures.account(county, user("at"), PASSWORD, "TEACHER", place);
        int year = today.getMonthValue() >= 9 ? today.getYear() : today.getYear() - 1;
        String body = "{\"award\":\"EXCELLENT_CHILD\",\"schoolYear\":" + year + ",\"nominee\":{\"kind\":\"CHILD\",\"childId\":" + a.id()
                + "},\"reason\":\"自立自强，照顾祖父母\"}";

        JsonNode preview = ok(send(teacher, "POST", BASE + "evidence", body, school), 200);
        assertEquals("吴小军", preview.get("name").asText());
        List<String> facts = new ArrayList<>();
        preview.get("evidence").forEach(f -> facts.add(f.get("zh").asText()));
        assertTrue(facts.stream().anyMatch(f -> f.contains("来源：九个一关爱活动")), facts.toString());
        assertTrue(facts.stream().anyMatch(f -> f.contains("来源：结对帮扶")), facts.toString());
        assertTrue(facts.stream().noneMatch(f -> f.contains("未安装")), "pairing and activities run beside it: " + facts);

        JsonNode misfit = ok(send(teacher, "POST", BASE + "nominations", body.replace("EXCELLENT_CHILD", "ADVANCED_WORKER"), school), 400);
        assertEquals("nominee", misfit.get("errors").get(0).get("field").asText());
        assertFalse(misfit.get("errors").get(0).get("message_zh").asText().isBlank() || misfit.get("errors").get(0).get("message_en").asText().isBlank());
        assertEquals("prize", ok(send(teacher, "POST", BASE + "nominations", body.replace("\"reason\"", "\"prize\":1,\"reason\""), school), 400)
                .get("errors").get(0).get("field").asText());
        assertEquals(415, teacher.send("POST", BASE + "nominations", "text/plain", body.getBytes(StandardCharsets.UTF_8), String.valueOf(school))
                .statusCode());
        assertEquals(413, send(teacher, "POST", BASE + "nominations", body.replace("自立自强", "话".repeat(400_000)), school).statusCode());
        assertEquals(0, ok(send(head, "GET", BASE + "nominations", null, school), 200).get("total").asInt(), "nothing stored");

        HttpResponse<String> created = send(teacher, "POST", BASE + "nominations", body, school);
        long id = ok(created, 201).get("id").asLong();
        assertEquals(BASE + "nominations/" + id, created.headers().firstValue("Location").orElseThrow());
        String decision = BASE + "nominations/" + id + "/decision";
        assertEquals(403, send(teacher, "POST", decision, "{\"approve\":true}", school).statusCode(), "a teacher does not decide");
        assertEquals(409, send(county, "POST", decision, "{\"approve\":true}", school).statusCode(), "the county waits for the school");
        assertEquals(409, send(head, "GET", BASE + "nominations/" + id + "/certificate", null, school).statusCode(), "not granted yet");

        List<String> todo = new ArrayList<>();
        ok(send(head, "GET", "/api/todo", null, school), 200).get("items").forEach(i -> {
            if (i.get("programme").asText().equals("awards")) {
                todo.add(i.get("title_zh").asText());
            }
        });
        assertEquals(List.of("审核推荐：优秀留守儿童，吴小军"), todo);

        assertEquals("reason", ok(send(head, "POST", decision, "{\"approve\":false}", school), 400).get("errors").get(0).get("field").asText());
        assertEquals("SCHOOL_APPROVED", ok(send(head, "POST", decision, "{\"approve\":true,\"version\":0}", school), 200).get("state").asText());
        assertEquals(409, send(head, "POST", decision, "{\"approve\":true}", school).statusCode(), "the school decides once");
        assertEquals("APPROVED", ok(send(county, "POST", decision, "{\"approve\":true}", school), 200).get("state").asText());
        assertEquals(409, send(county, "POST", decision, "{\"approve\":true}", school).statusCode(), "the county decides once");

        HttpResponse<String> certificate = send(teacher, "GET", BASE + "nominations/" + id + "/certificate", null, school);
        assertEquals(200, certificate.statusCode());
        assertTrue(certificate.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), certificate.headers().toString());
        for (String shown : List.of("荣誉证书", "吴小军", "优秀留守儿童", place.school().name(), "@page { size: A4")) {
            assertTrue(certificate.body().contains(shown), shown);
        }

        JsonNode ret = ok(send(head, "GET", "/api/schools/" + school + "/returns/" + ReturnPeriod.quarterOf(today), null, school), 200);
        Map<String, Double> figures = new java.util.TreeMap<>();
        ret.get("figures").forEach(f -> {
            if (f.get("programme").asText().equals("awards") && f.get("value").asDouble() > 0) {
                figures.put(f.get("key").asText(), f.get("value").asDouble());
            }
        });
        assertEquals(Map.of("granted", 1.0, "granted.EXCELLENT_CHILD", 1.0), figures, ret.toString());

        JsonNode appraisal = ok(send(head, "GET", BASE + "appraisal", null, school), 200);
        assertTrue(appraisal.get("installed").asBoolean(), appraisal.toString());
        HttpResponse<String> xlsx = send(head, "GET", BASE + "appraisal.xlsx", null, school);
        assertEquals(200, xlsx.statusCode());
        assertTrue(xlsx.headers().firstValue("Content-Type").orElse("").contains("spreadsheetml"), xlsx.headers().toString());
        assertEquals("semester", ok(send(head, "GET", BASE + "appraisal?semester=2026-WINTER", null, school), 400).get("errors").get(0)
                .get("field").asText());
    }

    @Test
    void theDemoContentLoads() throws Exception {
        Fixtures.Place place = Fixtures.enabledSchool(programmes, schools, "awards", "表彰演示");
        child(place, "郑小雨", 3);
        child(place, "郑小雪", 4);
        demo.load(List.of(place.school().id()));
        Api head = Fixtures.account(Api.ready(runtime), user("ad"), PASSWORD, "SCHOOL_ADMIN", place);
        JsonNode list = ok(send(head, "GET", BASE + "nominations", null, place.school().id()), 200);
        List<String> states = new ArrayList<>();
        list.get("items").forEach(n -> states.add(n.get("award").asText() + " " + n.get("state").asText()));
        assertEquals(List.of("LOVING_MOTHER NOMINATED", "LITTLE_TEACHER REFUSED", "EXCELLENT_CHILD APPROVED"), states, list.toString());
    }
}
