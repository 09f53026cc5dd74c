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
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.todo.TodoContributor;
import org.guanai.core.api.todo.TodoItem;
import org.guanai.core.api.todo.TodoQuery;
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
 * 本周待办 over real HTTP in a real framework (issue 19): a programme this test builds (a {@link Programme} and a
 * {@link TodoContributor} registered from the test bundle, enabled for a school) puts its items on
 * {@code GET /api/todo}, with the recording form, overdue first; a teacher gets the names of her class's children only
 * and nothing about another class's child; the items go when the contributor goes, and come back with it; a contributor
 * that throws is left out (200, named in {@code failed}); a week that is not an ISO week is refused naming {@code week};
 * another school's teacher is answered 404 and an officer (no registry.read) 403.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class TodoIT {
    static final String PASSWORD = "Todo-week-pass-2026";

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
    /** The queries the test programme was asked. */
    private final List<TodoQuery> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

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
        services.programme(id, "每周测试", "Weekly test", Role.TEACHER, Role.SCHOOL_ADMIN);
    }

    private Api user(Api admin, String role, long school, Long schoolClass) throws Exception {
        String name = "todo" + tag + role.toLowerCase().replace("_", "") + (schoolClass == null ? "" : schoolClass);
        HttpResponse<String> r = admin.json("POST", "/api/users", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD
                + "\",\"roles\":[\"" + role + "\"],\"schoolIds\":" + (role.equals("OFFICER") ? "[]" : "[" + school + "]")
                + ",\"classIds\":" + (schoolClass != null ? "[" + schoolClass + "]" : "[]") + "}");
        assertEquals(201, r.statusCode(), r.body());
        return admin.as(name, PASSWORD);
    }

    private JsonNode todo(Api api, String query) throws Exception {
        HttpResponse<String> r = api.get("/api/todo" + query);
        assertEquals(200, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    @Test
    void aProgrammeTheTestBuildsPutsItsItemsOnTheListAndTakesThemAway() throws Exception {
        Api admin = Api.ready(runtime);
        Fixtures.Place place = Fixtures.school(schools, "待办" + tag);
        long school = place.school().id();
        SchoolClass otherClass = schools.createClass(new SchoolClass(null, 0, school, 4, "四年级(2)班", null));
        Child mine = children.create(fixtures.child(place, "周小燕", LocalDate.of(2016, 3, 3), Gender.FEMALE));
        Child other = children.create(fixtures.child(place, "吴小军", LocalDate.of(2016, 4, 4), Gender.MALE).toBuilder()
                .classId(otherClass.id()).build());
        String id = "weekly" + tag.replaceAll("[^a-z]", "");
        programme(id);
        TodoContributor contributor = q -> {
            asked.add(q);
            return List.of(
                    TodoItem.builder(id, "CALL").childId(mine.id()).due(q.sunday()).title("给家长打电话", "Call the parents")
                            .action(TodoItem.Action.builder("登记", "Record", "calls").value("childId", mine.id())
                                    .field(TodoItem.Field.of("on", TodoItem.FieldType.DATE, "日期", "Date", true).withInitial(q.today().toString()))
                                    .build()).build(),
                    TodoItem.builder(id, "VISIT").childId(mine.id()).due(q.monday().minusDays(3)).overdue(true)
                            .title("家访", "Home visit").link("p/" + id).build(),
                    TodoItem.builder(id, "CALL").childId(other.id()).due(q.monday()).title("另一班", "Another class").build(),
                    TodoItem.builder(id, "OWN").due(q.monday().plusDays(2)).title("我自己的", "My own").build());
        };
        ServiceRegistration<TodoContributor> reg = register(TodoContributor.class, contributor, id);
        Api teacher = user(admin, "TEACHER", school, place.schoolClass().id());
        Api schoolAdmin = user(admin, "SCHOOL_ADMIN", school, null);

        // not enabled for the school: nothing of it
        JsonNode off = todo(teacher, "?week=2026-W49");
        assertFalse(off.get("programmes").toString().contains(id), off.toString());
        assertTrue(asked.isEmpty(), "a programme not enabled is not asked");

        programmes.setEnabled(school, id, true, Map.of());
        JsonNode week = todo(teacher, "?week=2026-W49");
        assertEquals("2026-W49", week.get("week").asText());
        assertEquals("2026-11-30", week.get("monday").asText());
        assertEquals("2026-12-06", week.get("sunday").asText());
        assertEquals("2026-W48", week.get("previous").asText());
        assertEquals("2026-W50", week.get("next").asText());
        assertTrue(week.get("programmes").toString().contains("\"" + id + "\""), week.toString());
        List<JsonNode> items = new ArrayList<>();
        week.get("items").forEach(i -> { if (i.get("programme").asText().equals(id)) { items.add(i); } });
        // overdue first, then by due date; the other class's child is not the teacher's: left out
        assertEquals(List.of("VISIT", "OWN", "CALL"), items.stream().map(i -> i.get("kind").asText()).toList(), items.toString());
        JsonNode visit = items.get(0);
        assertTrue(visit.get("overdue").asBoolean());
        assertEquals("2026-11-27", visit.get("due").asText());
        assertEquals(mine.id().longValue(), visit.get("childId").asLong());
        assertEquals("周小燕", visit.get("childName").asText());
        assertEquals("家访", visit.get("title_zh").asText());
        assertEquals("Home visit", visit.get("title_en").asText());
        assertEquals("p/" + id, visit.get("link").asText());
        assertTrue(visit.get("record").isNull());
        assertTrue(items.get(1).get("childId").isNull());
        JsonNode record = items.get(2).get("record");
        assertEquals("POST", record.get("method").asText());
        assertEquals("/api/programmes/" + id + "/calls", record.get("path").asText());
        assertEquals(mine.id().longValue(), record.get("values").get("childId").asLong());
        assertEquals("on", record.get("fields").get(0).get("name").asText());
        assertEquals("DATE", record.get("fields").get(0).get("type").asText());
        assertFalse(week.toString().contains("吴小军"), "another class's child is not named to the teacher");

        TodoQuery q = asked.get(asked.size() - 1);
        assertEquals(school, q.schoolId());
        assertEquals(LocalDate.of(2026, 11, 30), q.monday());
        assertFalse(q.caller().allClasses(), "the contributor is asked for the teacher, limited to her class");

        // the school administrator sees every class: the other class's child too, with its name
        JsonNode all = todo(schoolAdmin, "?week=2026-W49");
        assertTrue(all.toString().contains("吴小军"), all.toString());
        // this week by default
        JsonNode now = todo(teacher, "");
        assertTrue(!LocalDate.parse(now.get("today").asText()).isBefore(LocalDate.parse(now.get("monday").asText()))
                && !LocalDate.parse(now.get("today").asText()).isAfter(LocalDate.parse(now.get("sunday").asText())), now.toString());

        // the contributor goes: so do its items; it comes back: so do they
        reg.unregister();
        JsonNode gone = todo(teacher, "?week=2026-W49");
        assertFalse(gone.toString().contains("\"" + id + "\""), gone.toString());
        register(TodoContributor.class, contributor, id);
        assertTrue(todo(teacher, "?week=2026-W49").toString().contains("给家长打电话"));

        // a contributor that throws: left out, named, the others still answer
        register(TodoContributor.class, qq -> {
            throw new IllegalStateException("the test programme's database is gone");
        }, id + "x");
        programme(id + "x");
        programmes.setEnabled(school, id + "x", true, Map.of());
        JsonNode partial = todo(teacher, "?week=2026-W49");
        assertTrue(partial.get("failed").toString().contains("\"" + id + "x\""), partial.toString());
        assertTrue(partial.toString().contains("给家长打电话"), partial.toString());
    }

    @Test
    void badWeeksAndOtherSchoolsAreRefused() throws Exception {
        Api admin = Api.ready(runtime);
        Fixtures.Place place = Fixtures.school(schools, "待办甲" + tag);
        Fixtures.Place elsewhere = Fixtures.school(schools, "待办乙" + tag);
        Api teacher = user(admin, "TEACHER", place.school().id(), place.schoolClass().id());
        for (String bad : List.of("2026-W54", "2026-49", "2026-W00", "next", "2101-W01")) {
            HttpResponse<String> r = teacher.get("/api/todo?week=" + bad);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            JsonNode body = json.readTree(r.body());
            assertEquals("week", body.get("errors").get(0).get("field").asText(), r.body());
            assertFalse(body.get("errors").get(0).get("message_zh").asText().isBlank());
            assertFalse(body.get("errors").get(0).get("message_en").asText().isBlank());
        }
        assertEquals(200, teacher.get("/api/todo?week=2026-W53").statusCode(), "2026 has 53 ISO weeks");
        // another school's: 404 (nothing revealed), as for every school-scoped read
        assertEquals(404, teacher.get("/api/todo?school=" + elsewhere.school().id()).statusCode());
        assertEquals(200, teacher.get("/api/todo?school=" + place.school().id()).statusCode());
        // no registry.read: 403; no login: 401
        Api officer = user(admin, "OFFICER", place.school().id(), null);
        assertEquals(403, officer.get("/api/todo?school=" + place.school().id()).statusCode());
        assertEquals(401, admin.anonymous().get("/api/todo").statusCode());
    }
}
