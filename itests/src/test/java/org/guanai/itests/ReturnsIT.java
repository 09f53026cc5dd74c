package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.returns.ReturnContributor;
import org.guanai.core.api.returns.ReturnFigure;
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
 * 报表与审核报送 over real HTTP in a real framework (issue 20): a programme this test builds (a {@link Programme} and a
 * {@link ReturnContributor} registered from the test bundle) adds its row to a school's return once it is enabled for
 * the school, and takes it away when the contributor goes; one that throws is named missing (200). A school
 * administrator submits, the county sends it back with a comment, the school submits again, the county accepts; the
 * refusals on the way (409, 400 naming the field, 403, 404) and the list of every school's status.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class ReturnsIT {
    static final String PASSWORD = "Returns-pass-2026";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    ChildService children;
    @InjectService(timeout = 20_000)
    ProgrammeRegistry programmes;

    private final Fixtures fixtures = new Fixtures();
    private final ObjectMapper json = new ObjectMapper();
    private final String tag = Long.toString(System.nanoTime() % 1_000_000, 36);
    private ProgrammeServices services;

    @BeforeEach
    void services() {
        services = new ProgrammeServices(context);
    }

    @AfterEach
    void unregister() {
        services.close();
    }

    private <S> ServiceRegistration<S> register(Class<S> type, S service, String programme) {
        return services.register(type, service, programme);
    }

    private void programme(String id) {
        services.programme(id, "测试报表项目", "Returns test", Role.SCHOOL_ADMIN);
    }

    private Api user(Api admin, String role, Long school) throws Exception {
        return user(admin, role, school, null);
    }

    /** An account with one role; a teacher needs her class. */
    private Api user(Api admin, String role, Long school, Long schoolClass) throws Exception {
        String name = "ret" + tag + role.toLowerCase().replace("_", "") + (school == null ? "" : school);
        HttpResponse<String> r = admin.json("POST", "/api/users", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD
                + "\",\"roles\":[\"" + role + "\"],\"schoolIds\":" + (school == null ? "[]" : "[" + school + "]")
                + ",\"classIds\":" + (schoolClass == null ? "[]" : "[" + schoolClass + "]") + "}");
        assertEquals(201, r.statusCode(), r.body());
        return admin.as(name, PASSWORD);
    }

    private JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    private static JsonNode figure(JsonNode ret, String programme, String key) {
        for (JsonNode f : ret.get("figures")) {
            if (f.get("programme").asText().equals(programme) && f.get("key").asText().equals(key)) {
                return f;
            }
        }
        return null;
    }

    private String field(HttpResponse<String> r) throws Exception {
        return json.readTree(r.body()).get("errors").get(0).get("field").asText();
    }

    @Test
    void aProgrammeTheTestBuildsAddsItsRowWhileEnabledAndRegistered() throws Exception {
        Api admin = Api.ready(runtime);
        Fixtures.Place place = Fixtures.school(schools, "报表" + tag);
        long school = place.school().id();
        children.create(fixtures.child(place, "周小燕", LocalDate.of(2016, 3, 3), Gender.FEMALE));
        String id = "ret" + tag.replaceAll("[^a-z]", "");
        programme(id);
        ReturnContributor contributor = (s, period) -> List.of(ReturnFigure.builder(id, "visits").label("探访次数", "Visits")
                .definition("本期探访留守儿童的次数", "Visits to the children in the period").count(period.isQuarter() ? 7 : 30).build());
        ServiceRegistration<ReturnContributor> reg = register(ReturnContributor.class, contributor, id);
        Api schoolAdmin = user(admin, "SCHOOL_ADMIN", school);
        String path = "/api/schools/" + school + "/returns/2026Q4";

        JsonNode off = ok(schoolAdmin.get(path), 200);
        assertEquals(null, figure(off, id, "visits"), "not enabled for the school: nothing of it");
        assertEquals(1, figure(off, "core", "children").get("value").asInt());
        assertEquals("留守儿童总数", figure(off, "core", "children").get("label_zh").asText());

        programmes.setEnabled(school, id, true, Map.of());
        JsonNode on = ok(schoolAdmin.get(path), 200);
        JsonNode visits = figure(on, id, "visits");
        assertEquals(7, visits.get("value").asInt(), on.toString());
        assertEquals("探访次数", visits.get("label_zh").asText());
        assertEquals("Visits", visits.get("label_en").asText());
        assertEquals("本期探访留守儿童的次数", visits.get("definition_zh").asText());
        assertEquals("测试报表项目", on.get("programmeNames").get(id).get("name_zh").asText());
        assertEquals(30, figure(ok(schoolAdmin.get("/api/schools/" + school + "/returns/2026"), 200), id, "visits")
                .get("value").asInt(), "a year");

        reg.unregister();
        assertEquals(null, figure(ok(schoolAdmin.get(path), 200), id, "visits"), "the contributor is gone: so is its row");

        register(ReturnContributor.class, (s, p) -> {
            throw new IllegalStateException("the test programme's database is gone");
        }, id);
        JsonNode partial = ok(schoolAdmin.get(path), 200);
        assertEquals("[\"" + id + "\"]", partial.get("missing").toString());
        assertTrue(figure(partial, "core", "children") != null, "the core's figures are still there");

        HttpResponse<String> xlsx = schoolAdmin.get(path + ".xlsx");
        assertEquals(200, xlsx.statusCode());
        assertTrue(xlsx.headers().firstValue("Content-Type").orElse("").contains("spreadsheetml"), xlsx.headers().toString());
        HttpResponse<String> bad = schoolAdmin.get("/api/schools/" + school + "/returns/2026Q5");
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals("period", field(bad));
    }

    @Test
    void submitReturnResubmitAcceptAndTheRefusalsOnTheWay() throws Exception {
        Api admin = Api.ready(runtime);
        Fixtures.Place place = Fixtures.school(schools, "报送甲" + tag);
        Fixtures.Place elsewhere = Fixtures.school(schools, "报送乙" + tag);
        long school = place.school().id();
        children.create(fixtures.child(place, "吴小军", LocalDate.of(2016, 4, 4), Gender.MALE));
        Api schoolAdmin = user(admin, "SCHOOL_ADMIN", school);
        Api otherAdmin = user(admin, "SCHOOL_ADMIN", elsewhere.school().id());
        Api teacher = user(admin, "TEACHER", school, place.schoolClass().id());
        Api officer = user(admin, "OFFICER", null);
        Api county = user(admin, "COUNTY_ADMIN", null);
        String base = "/api/schools/" + school + "/returns/2026Q4";

        assertEquals(403, teacher.get(base).statusCode(), "a teacher reads no return");
        assertEquals(404, otherAdmin.get(base).statusCode(), "another school's");
        assertEquals(200, officer.get(base).statusCode(), "counts only: the officer reads them");
        assertEquals(403, officer.json("POST", base + "/submit", "{}").statusCode());
        assertEquals(403, county.json("POST", base + "/submit", "{}").statusCode(), "the school submits, not the county");

        JsonNode first = ok(schoolAdmin.json("POST", base + "/submit", "{}"), 201);
        assertEquals("SUBMITTED", first.get("status").asText());
        long id1 = first.get("id").asLong();
        HttpResponse<String> twice = schoolAdmin.json("POST", base + "/submit", "{}");
        assertEquals(409, twice.statusCode(), twice.body());
        assertEquals("period", field(twice));

        assertEquals(403, schoolAdmin.json("POST", "/api/returns/" + id1 + "/review", "{\"decision\":\"ACCEPT\"}").statusCode());
        HttpResponse<String> noComment = county.json("POST", "/api/returns/" + id1 + "/review", "{\"decision\":\"RETURN\"}");
        assertEquals(400, noComment.statusCode(), noComment.body());
        assertEquals("comment", field(noComment));
        HttpResponse<String> badDecision = county.json("POST", "/api/returns/" + id1 + "/review", "{\"decision\":\"MAYBE\"}");
        assertEquals("decision", field(badDecision));
        JsonNode returned = ok(county.json("POST", "/api/returns/" + id1 + "/review",
                "{\"decision\":\"RETURN\",\"comment\":\"请核对监护人信息\"}"), 200);
        assertEquals("RETURNED", returned.get("status").asText());

        JsonNode list = ok(county.get("/api/returns?period=2026Q4"), 200);
        JsonNode row = null;
        for (JsonNode r : list.get("schools")) {
            if (r.get("schoolId").asLong() == school) {
                row = r;
            }
        }
        assertEquals("RETURNED", row.get("status").asText());
        assertEquals("请核对监护人信息", row.get("comment").asText());
        assertTrue(row.has("late"));
        JsonNode own = ok(schoolAdmin.get("/api/returns?period=2026Q4"), 200);
        assertEquals(1, own.get("schools").size(), "a school administrator lists her own school only");
        assertEquals(400, county.get("/api/returns?period=Q4").statusCode());

        JsonNode second = ok(schoolAdmin.json("POST", base + "/submit", "{}"), 201);
        assertEquals(2, second.get("seq").asInt());
        long id2 = second.get("id").asLong();
        assertEquals(0, second.get("changes").get("added").asInt());
        JsonNode accepted = ok(county.json("POST", "/api/returns/" + id2 + "/review", "{\"decision\":\"ACCEPT\"}"), 200);
        assertEquals("ACCEPTED", accepted.get("status").asText());
        assertEquals(409, schoolAdmin.json("POST", base + "/submit", "{}").statusCode(), "accepted is final");
        assertEquals(409, county.json("POST", "/api/returns/" + id1 + "/review", "{\"decision\":\"ACCEPT\"}").statusCode());

        JsonNode history = ok(officer.get("/api/returns/" + id2), 200).get("history");
        List<String> actions = new ArrayList<>();
        history.forEach(h -> actions.add(h.get("action").asText()));
        assertEquals(List.of("SUBMITTED", "RETURNED", "SUBMITTED", "ACCEPTED"), actions);
        assertEquals(404, otherAdmin.get("/api/returns/" + id2).statusCode());
        // the trends: the school's latest submission per quarter, counts only (the officer reads them too)
        JsonNode trend = ok(officer.get("/api/returns/trends?to=2026Q4&count=2&school=" + school), 200);
        assertEquals("[\"2026Q3\",\"2026Q4\"]", trend.get("periods").toString());
        assertEquals("[0,1]", trend.get("submissions").toString());
        JsonNode children = null;
        for (JsonNode f : trend.get("figures")) {
            if (f.get("programme").asText().equals("core") && f.get("key").asText().equals("children")) {
                children = f.get("values");
            }
        }
        assertEquals("[null,1]", String.valueOf(children), "吴小军 in 2026Q4, no submission in 2026Q3");
        HttpResponse<String> tooMany = officer.get("/api/returns/trends?count=21");
        assertEquals(400, tooMany.statusCode(), tooMany.body());
        assertEquals("count", field(tooMany));
        assertEquals(404, otherAdmin.get("/api/returns/trends?school=" + school).statusCode());
        // every step in the audit log: two submissions (CREATE) and two reviews (UPDATE) of the school
        int steps = 0;
        for (JsonNode e : ok(admin.get("/api/audit?school=" + school + "&size=100"), 200).get("items")) {
            if ("return_submission".equals(e.path("entity").asText())) {
                steps++;
            }
        }
        assertEquals(4, steps);
    }
}
