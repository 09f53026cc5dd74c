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
import org.guanai.core.api.dto.Schooling;
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
 * The 资助 programme (plugin.subsidies) in the real platform: a school administrator applies for a child at the county's
 * amount for the child's level, the school and then the county (the county administrator) approve, the payment and a
 * 民政 allowance enter the ledger, a correction is a reversal, a teacher is refused the ledger, its read is in the audit
 * log, the totals are net and download as xlsx, the request contract holds (415, 413, unknown field, field errors in
 * 中文 and English), the quarter's return counts the child and the payment, and the demo content loads.
 */
@ExtendWith(ServiceExtension.class)
class SubsidiesIT {
    private static final String BASE = "/api/programmes/subsidies/";
    private static final String PASSWORD = "Subsidies-school-2026";

    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    ChildService children;
    @InjectService(timeout = 20_000)
    ProgrammeRegistry programmes;
    @InjectService(filter = "(programme.id=subsidies)", timeout = 20_000)
    ProgrammeDemo demo;

    private final Fixtures fixtures = new Fixtures();
    private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    private Fixtures.Place ready() throws Exception {
        return Fixtures.enabledSchool(programmes, schools, "subsidies", "资助");
    }

    private Child child(Fixtures.Place place, String name, int day, Schooling schooling) {
        return children.create(Fixtures.withStudentNumber(fixtures.child(place, name, LocalDate.of(2016, 4, day), Gender.FEMALE)).toBuilder()
                .schooling(schooling).build());
    }

    private static String user(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    @Test
    void applyApprovePayReverseLedgerTotalsAndReturn() throws Exception {
        Fixtures.Place place = ready();
        long school = place.school().id();
        Child a = child(place, "吴小芳", 3, Schooling.PRIMARY);
        Child b = child(place, "吴小兰", 9, Schooling.JUNIOR);
        Api county = Api.ready(runtime);
        Api head = Fixtures.account(county, user("sh"), PASSWORD, "SCHOOL_ADMIN", place);
        Api teacher = Fixtures.account(county, user("st"), PASSWORD, "TEACHER", place);

        String apply = "{\"childId\":" + a.id() + ",\"fund\":\"STUDY_LIVING\",\"reason\":\"父母均外出务工\"}";
        assertEquals(415, head.send("POST", BASE + "applications", "text/plain", apply.getBytes(StandardCharsets.UTF_8), String.valueOf(school))
                .statusCode());
        assertEquals(413, send(head, "POST", BASE + "applications", apply.replace("父母均外出务工", "难".repeat(400_000)), school).statusCode());
        assertEquals("income", ok(send(head, "POST", BASE + "applications", apply.replace("}", ",\"income\":5}"), school), 400)
                .get("errors").get(0).get("field").asText());
        JsonNode bad = ok(send(head, "POST", BASE + "applications", apply.replace("}", ",\"amount\":10.005}"), school), 400);
        assertEquals("amount", bad.get("errors").get(0).get("field").asText());
        assertFalse(bad.get("errors").get(0).get("message_zh").asText().isBlank() || bad.get("errors").get(0).get("message_en").asText().isBlank());
        assertEquals(403, send(teacher, "POST", BASE + "applications", apply, school).statusCode(), "teachers do not apply by default");

        HttpResponse<String> created = send(head, "POST", BASE + "applications", apply, school);
        JsonNode application = ok(created, 201);
        long id = application.get("id").asLong();
        assertTrue(created.body().contains("\"amount\":500.00"), "小学: 500 yuan, two decimals: " + created.body());
        assertEquals(BASE + "applications/" + id, created.headers().firstValue("Location").orElseThrow());

        assertEquals(403, send(head, "POST", BASE + "applications/" + id + "/county", "{\"approve\":true}", school).statusCode());
        assertEquals("SCHOOL_APPROVED", ok(send(head, "POST", BASE + "applications/" + id + "/school", "{\"approve\":true}", school), 200)
                .get("status").asText());
        assertEquals("APPROVED", ok(send(county, "POST", BASE + "applications/" + id + "/county", "{\"approve\":true}", school), 200)
                .get("status").asText());
        ok(send(head, "POST", BASE + "applications/" + id + "/payment", "{\"paidOn\":\"" + today + "\",\"reference\":\"ZF-2026-001\"}", school), 201);

        long allowance = ok(send(head, "POST", BASE + "children/" + b.id() + "/allowances", "{\"fund\":\"CA_MINIMUM\",\"paidOn\":\"" + today
                + "\",\"amount\":300}", school), 201).get("id").asLong();
        JsonNode reversal = ok(send(head, "POST", BASE + "entries/" + allowance + "/reversal", "{\"reason\":\"登记错了儿童\"}", school), 201);
        assertEquals(allowance, reversal.get("reversesId").asLong());

        assertEquals(403, send(teacher, "GET", BASE + "children/" + a.id() + "/ledger", null, school).statusCode(), "hardship: not for teachers");
        HttpResponse<String> ledger = send(head, "GET", BASE + "children/" + a.id() + "/ledger", null, school);
        assertEquals(200, ledger.statusCode(), ledger.body());
        assertTrue(ledger.body().contains("\"total\":500.00"), ledger.body());
        JsonNode audit = ok(county.get("/api/audit?child=" + a.id() + "&action=READ&size=50"), 200);
        assertTrue(audit.toString().contains("subsidies.ledger"), audit.toString());

        HttpResponse<String> totals = send(head, "GET", BASE + "totals", null, school);
        assertTrue(totals.body().contains("\"amount\":500.00}"), "300 - 300 + 500: " + totals.body());
        HttpResponse<String> xlsx = send(head, "GET", BASE + "totals.xlsx", null, school);
        assertEquals(200, xlsx.statusCode());
        assertTrue(xlsx.headers().firstValue("Content-Type").orElse("").contains("spreadsheetml"), xlsx.headers().toString());

        JsonNode ret = ok(send(head, "GET", "/api/schools/" + school + "/returns/" + ReturnPeriod.quarterOf(today), null, school), 200);
        Map<String, Double> figures = new java.util.TreeMap<>();
        ret.get("figures").forEach(f -> {
            if (f.get("programme").asText().equals("subsidies")) {
                figures.put(f.get("key").asText(), f.get("value").asDouble());
            }
        });
        assertEquals(Map.of("children", 1.0, "payments", 1.0), figures, "b's allowance reversed: " + ret);
    }

    @Test
    void theDemoContentLoads() throws Exception {
        Fixtures.Place place = ready();
        for (int i = 1; i <= 6; i++) {
            child(place, "郑小" + "一二三四五六".charAt(i - 1), i, Schooling.JUNIOR);
        }
        demo.load(List.of(place.school().id()));
        Api head = Fixtures.account(Api.ready(runtime), user("sd"), PASSWORD, "SCHOOL_ADMIN", place);
        JsonNode list = ok(send(head, "GET", BASE + "applications", null, place.school().id()), 200);
        List<String> statuses = new ArrayList<>();
        list.get("items").forEach(x -> statuses.add(x.get("status").asText()));
        statuses.sort(null);
        assertEquals(List.of("APPROVED", "PAID", "REFUSED", "SCHOOL_APPROVED", "SUBMITTED"), statuses, list.toString());
        JsonNode totals = ok(send(head, "GET", BASE + "totals", null, place.school().id()), 200);
        List<String> funds = new ArrayList<>();
        totals.get("items").forEach(x -> funds.add(x.get("fund").asText() + " " + x.get("amount").asDouble()));
        assertEquals(List.of("STUDY_LIVING 800.0", "CA_TEMPORARY 1000.0"), funds, "初中: 800; the allowance recorded twice, once reversed");
    }
}
