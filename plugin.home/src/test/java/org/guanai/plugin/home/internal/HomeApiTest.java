package org.guanai.plugin.home.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
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
class HomeApiTest {
    private static final String LOAN = "{\"childId\":5,\"title\":\" 草房子 \",\"lentOn\":\"2026-11-01\",\"dueOn\":\"2026-11-15\"}";
    private static final String CALL = "{\"childId\":5,\"kind\":\"VIDEO_CALL\",\"guardianId\":10,\"startedAt\":\"2026-12-06T16:45:30\",\"minutes\":12}";

    private final TestDatabase db = TestDatabase.forProgramme(HomeProgramme.ID);
    private final HomeStore store = new HomeStore(db);
    /** 王小明 (5): 奶奶 (10), his father (20); 李华 (6): her mother (21); 张丽 (7). */
    private final Map<Long, Child> kids = new TreeMap<>(Map.of(5L, TestRequest.child(5, 1, "王小明"), 6L, TestRequest.child(6, 1, "李华"), 7L,
            TestRequest.child(7, 1, "张丽")));
    /** The children the caller reaches, as the registry answers its lists. */
    private final Set<Long> reached = new HashSet<>(kids.keySet());
    private final List<String> audited = new ArrayList<>();
    private final List<Table> exported = new ArrayList<>();
    private final Exports exports = new Exports() {
        @Override
        public Download csv(String fileName, Table table) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Download xlsx(String fileName, List<Table> sheets) {
            exported.addAll(sheets);
            return Download.attachment(HomeApi.XLSX, fileName + ".xlsx", new byte[] { 'P', 'K' });
        }
    };
    private final AuditTrail audit = (action, entity, id, child, school, detail) -> audited.add(action + " " + entity + " " + child);
    private final TestRoutes routes = TestRoutes.of(HomeProgramme.ID,
            new HomeApi(store, children(), families(), audit, exports, TestCalendar.on(HomeStoreTest.TODAY)));
    private final Map<Long, Staff> staff = Map.of(40L, new Staff(40L, 0, 1, "周老师", null, null, null, null, true));
    private final TestRequest.Builder head = TestRequest.as("head", "home.read", "home.write", "home.manage").school(1).children(kids)
            .staff(staff).classes(Map.of(3L, new SchoolClass(3L, 0, 1, 4, "四年级一班", null)));
    private final TestRequest.Builder teacher = TestRequest.as("teacher", "home.read", "home.write").school(1).children(kids).staff(staff);

    @AfterEach
    void close() {
        db.close();
    }

    @SuppressWarnings("unchecked")
    private ChildService children() {
        return (ChildService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { ChildService.class }, (p, m, a) -> {
            if (!m.getName().equals("forEachOf")) {
                throw new UnsupportedOperationException(m.getName());
            }
            ChildQuery q = (ChildQuery) a[0];
            kids.values().stream().filter(c -> ((Collection<Long>) a[1]).contains(c.id()) && reached.contains(c.id()) && c.schoolId().equals(q.schoolId()))
                    .forEach((Consumer<Child>) a[2]);
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private GuardianService families() {
        Map<Long, GuardianService.Family> all = Map.of(5L, new GuardianService.Family(kids.get(5L),
                List.of(Parent.builder().id(20L).childId(5).role(ParentRole.FATHER).name("王大山").away(true).build()),
                List.of(Guardian.builder().id(10L).childId(5).kind(GuardianKind.GRANDPARENTS).name("王奶奶").build())), 6L,
                new GuardianService.Family(kids.get(6L), List.of(Parent.builder().id(21L).childId(6).role(ParentRole.MOTHER).name("刘芳").build()),
                        List.of()));
        return (GuardianService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { GuardianService.class }, (p, m, a) -> {
            if (!m.getName().equals("forEachFamily") || a.length != 3) {
                throw new UnsupportedOperationException(m.getName());
            }
            ((Collection<Long>) a[1]).stream().filter(all::containsKey).map(all::get).forEach((Consumer<GuardianService.Family>) a[2]);
            return null;
        });
    }

    @Test
    void declaresItsRoutesOnceWithPermissionsAndSummaries() {
        assertEquals(List.of("GET standard home.read", "PUT standard/{item} home.manage", "GET equipment home.read", "POST equipment home.manage",
                "PUT equipment/{item} home.manage", "DELETE equipment/{item} home.manage", "GET hours home.read", "PUT hours home.manage",
                "GET duty home.read", "POST duty home.manage", "DELETE duty/{duty} home.manage", "GET loans home.read", "POST loans home.write",
                "PUT loans/{loan}/return home.write", "GET calls home.read", "GET children/{child}/family home.read", "POST calls home.write", "GET talks home.read", "POST talks home.write",
                "GET tv home.read", "POST tv home.write", "GET logs.xlsx home.read"),
                routes.routes().stream().map(r -> r.method() + " " + r.path() + " " + r.permission()).toList());
        assertTrue(routes.routes().stream().allMatch(r -> r.summaryZh() != null && r.summaryEn() != null));
    }

    @Test
    void theStandardAndTheEquipmentShowWhatIsMissing() throws Exception {
        TestAnswer checked = routes.call("PUT", "standard/SITE", head.json("{\"met\":true,\"evidence\":\"两间活动室\",\"checkedOn\":\"2026-12-01\"}"));
        assertEquals(200, checked.status(), checked.toString());
        assertEquals("head", checked.json().path("checkedBy").asText());
        JsonNode standard = routes.call("GET", "standard", teacher).json();
        assertEquals(1, standard.path("met").asInt());
        assertEquals("[\"SIGN\",\"EQUIPMENT\",\"STAFF\",\"FILES\",\"PLAN\",\"LEDGER\",\"FUNDING\"]", standard.path("missing").toString());
        assertEquals(404, routes.call("PUT", "standard/PICNIC", head.json("{\"met\":true,\"checkedOn\":\"2026-12-01\"}")).status());
        assertEquals(List.of("met", "checkedOn"), routes.call("PUT", "standard/SIGN", head.json("{\"checkedOn\":\"2026-12-08\"}")).fields());
        assertEquals(403, routes.call("PUT", "standard/SIGN", teacher.json("{\"met\":true,\"checkedOn\":\"2026-12-01\"}")).status());

        JsonNode equipment = routes.call("GET", "equipment", teacher).json();
        assertEquals(9, equipment.path("shortItems").asInt());
        long phones = equipment.path("items").get(0).path("id").asLong();
        assertEquals(1, routes.call("PUT", "equipment/" + phones, head.json("{\"present\":3}")).json().path("shortfall").asInt());
        assertEquals(List.of("required"), routes.call("PUT", "equipment/" + phones, head.json("{\"present\":3,\"required\":1}")).fields());
        TestAnswer own = routes.call("POST", "equipment", head.json("{\"name\":\"打印机\",\"required\":1,\"present\":1}"));
        assertEquals(201, own.status(), own.toString());
        assertEquals(409, routes.call("DELETE", "equipment/" + phones, head).status());
        assertEquals(204, routes.call("DELETE", "equipment/" + own.json().path("id").asLong(), head).status());
        assertEquals(List.of("name", "required"), routes.call("POST", "equipment", head.json("{\"required\":-1}")).fields());
    }

    @Test
    void hoursAndDutyNameTheFieldAtFault() throws Exception {
        assertEquals(List.of("ranges[1].closes", "ranges[2].weekday", "ranges[2].opens"), routes.call("PUT", "hours", head.json(
                "{\"ranges\":[{\"weekday\":1,\"opens\":\"16:30\",\"closes\":\"18:00\"},{\"weekday\":2,\"opens\":\"16:30\",\"closes\":\"16:00\"},"
                        + "{\"weekday\":8,\"opens\":\"9:00\",\"closes\":\"10:00\"}],\"note\":\"节假日开放\"}")).fields());
        TestAnswer hours = routes.call("PUT", "hours", head.json("{\"ranges\":[{\"weekday\":6,\"opens\":\"09:00\",\"closes\":\"16:00\"}],\"note\":\"节假日开放\"}"));
        assertEquals("节假日开放", hours.json().path("note").asText());
        assertEquals(List.of("staffId"), routes.call("POST", "duty", head.json("{\"staffId\":41,\"weekday\":1}")).fields(), "staff of another school");
        assertEquals(List.of("classId"), routes.call("POST", "duty", head.json("{\"staffId\":40,\"weekday\":1,\"classId\":9}")).fields());
        assertEquals(List.of("onDate"), routes.call("POST", "duty", head.json("{\"staffId\":40,\"weekday\":1,\"onDate\":\"2026-12-08\"}")).fields());
        TestAnswer duty = routes.call("POST", "duty", head.json("{\"staffId\":40,\"weekday\":1,\"classId\":3,\"responsible\":\"四年级一班的留守儿童\"}"));
        assertEquals(201, duty.status(), duty.toString());
        assertEquals("周老师", routes.call("GET", "duty", teacher).json().path("items").get(0).path("staffName").asText());
        assertEquals(204, routes.call("DELETE", "duty/" + duty.json().path("id").asLong(), head).status());
        assertEquals(404, routes.call("DELETE", "duty/" + duty.json().path("id").asLong(), head).status());
    }

    @Test
    void booksAreLentReturnedOnceAndListedOverdue() throws Exception {
        TestAnswer lent = routes.call("POST", "loans", teacher.json(LOAN));
        assertEquals(201, lent.status(), lent.toString());
        assertEquals("草房子", lent.json().path("title").asText());
        assertEquals("王小明", lent.json().path("childName").asText());
        assertTrue(lent.json().path("overdue").asBoolean());
        long id = lent.json().path("id").asLong();
        assertEquals(1, routes.call("GET", "loans", teacher.query("overdue", "true")).json().path("total").asInt());
        assertEquals(List.of("returnedOn"), routes.call("PUT", "loans/" + id + "/return", teacher.json("{\"returnedOn\":\"2026-10-31\"}")).fields());
        assertEquals(200, routes.call("PUT", "loans/" + id + "/return", teacher.json("{\"returnedOn\":\"2026-12-01\"}")).status());
        TestAnswer again = routes.call("PUT", "loans/" + id + "/return", teacher.json("{\"returnedOn\":\"2026-12-02\"}"));
        assertEquals(409, again.status());
        assertEquals("returned", again.error());
        assertEquals(0, routes.call("GET", "loans", teacher.query("overdue", "true")).json().path("total").asInt());
        assertEquals(List.of("dueOn"), routes.call("POST", "loans", teacher.json(LOAN.replace("2026-11-15", "2026-10-15"))).fields());
        assertEquals(List.of("childId"), routes.call("POST", "loans", teacher.json(LOAN.replace("\"childId\":5", "\"childId\":99"))).fields());
    }

    @Test
    void aCallNamesTheChildsGuardianOrParentByIdOrAName() throws Exception {
        TestAnswer call = routes.call("POST", "calls", teacher.json(CALL));
        assertEquals(201, call.status(), call.toString());
        assertEquals("王奶奶", call.json().path("whom").asText());
        assertEquals("2026-12-06T16:45:00", call.json().path("startedAt").asText());
        Map<String, List<String>> refused = Map.of(
                CALL.replace("\"guardianId\":10", "\"parentId\":21"), List.of("parentId"),
                CALL.replace("\"guardianId\":10", "\"guardianId\":10,\"whom\":\"王大山\""), List.of("whom"),
                CALL.replace("\"minutes\":12", "\"minutes\":241"), List.of("minutes"),
                CALL.replace("2026-12-06", "2026-12-08"), List.of("startedAt"),
                CALL.replace("VIDEO_CALL", "LETTER"), List.of("kind"));
        for (Map.Entry<String, List<String>> c : refused.entrySet()) {
            assertEquals(c.getValue(), routes.call("POST", "calls", teacher.json(c.getKey())).fields(), c.getKey());
        }
        assertEquals(201, routes.call("POST", "calls", teacher.json(CALL.replace("\"guardianId\":10", "\"whom\":\"王大山\""))).status());
        assertEquals(201, routes.call("POST", "calls", teacher.json(CALL.replace("\"guardianId\":10", "\"parentId\":20"))).status());
        JsonNode family = routes.call("GET", "children/5/family", teacher).json();
        assertEquals("[{\"guardianId\":10,\"parentId\":null,\"name\":\"王奶奶\",\"relation\":null,\"kind\":\"GRANDPARENTS\"},"
                + "{\"guardianId\":null,\"parentId\":20,\"name\":\"王大山\",\"relation\":null,\"kind\":\"FATHER\"}]", family.path("items").toString());
        assertEquals(404, routes.call("GET", "children/99/family", teacher).status());
        assertEquals(3, routes.call("GET", "calls", teacher).json().path("total").asInt());
    }

    @Test
    void talksAreAuditedAndShownOnlyForTheChildrenTheCallerReaches() throws Exception {
        String talk = "{\"childId\":6,\"staffId\":40,\"heldOn\":\"2026-12-04\",\"summary\":\"想念妈妈\"}";
        assertEquals(201, routes.call("POST", "talks", teacher.json(talk)).status());
        assertEquals(List.of("CREATE home.talk 6"), audited);
        assertEquals("想念妈妈", routes.call("GET", "talks", teacher).json().path("items").get(0).path("summary").asText());
        assertEquals("READ home.talk 6", audited.get(1));
        reached.remove(6L);
        assertEquals(0, routes.call("GET", "talks", teacher).json().path("items").size(), "a child the teacher does not reach");
        assertEquals(2, audited.size(), "nothing shown, nothing read");
        assertEquals(List.of("staffId", "summary"), routes.call("POST", "talks", teacher.json("{\"childId\":6,\"heldOn\":\"2026-12-04\"}")).fields());
    }

    @Test
    void refusesBadBodiesAndStoresNothing() throws Exception {
        assertEquals(415, routes.call("POST", "loans", teacher.body("text/plain", LOAN.getBytes(StandardCharsets.UTF_8))).status());
        assertEquals(413, routes.call("POST", "loans", teacher.json(LOAN.replace("草房子", "书".repeat(400_000)))).status());
        assertEquals(List.of("isbn"), routes.call("POST", "loans", teacher.json(LOAN.replace("}", ",\"isbn\":\"1\"}"))).fields());
        assertEquals(List.of("lentOn"), routes.call("POST", "loans", teacher.json(LOAN.replace("2026-11-01", "1800-01-01"))).fields());
        assertEquals(List.of("ranges"), routes.call("PUT", "hours", head.json("{\"ranges\":[" + "{},".repeat(1000) + "{}]}")).fields());
        assertEquals(List.of("minutes", "children"), routes.call("POST", "tv", teacher.json(
                "{\"shownOn\":\"2026-12-06\",\"title\":\"动物世界\",\"minutes\":0,\"children\":-1}")).fields());
        assertEquals(List.of("to"), routes.call("GET", "calls", teacher.query("from", "2026-12-01").query("to", "2026-11-01")).fields());
        assertEquals(0, store.loans(1, null, false, HomeStoreTest.TODAY, 0, 20).total(), "nothing stored");
        assertEquals(0, store.hours(1).ranges().size());
        assertEquals(0, store.tvs(1, HomeStoreTest.TODAY.minusYears(1), HomeStoreTest.TODAY, 0, 20).total());
    }

    @Test
    void answersOnlyTheSchoolsRecordsAndWritesOnlyForCallersWhoMay() throws Exception {
        long loan = routes.call("POST", "loans", teacher.json(LOAN)).json().path("id").asLong();
        TestRequest.Builder other = TestRequest.as("other", "home.read", "home.write", "home.manage").school(2);
        assertEquals(404, routes.call("PUT", "loans/" + loan + "/return", other.json("{\"returnedOn\":\"2026-12-01\"}")).status());
        assertEquals(404, routes.call("PUT", "loans/abc/return", teacher.json("{\"returnedOn\":\"2026-12-01\"}")).status());
        assertEquals(0, routes.call("GET", "loans", other).json().path("total").asInt());
        long phones = routes.call("GET", "equipment", teacher).json().path("items").get(0).path("id").asLong();
        assertEquals(404, routes.call("PUT", "equipment/" + phones, other.json("{\"present\":3}")).status());
        TestRequest.Builder county = TestRequest.as("county", "home.read").school(1).children(kids);
        assertEquals(200, routes.call("GET", "loans", county).status());
        assertEquals(403, routes.call("POST", "loans", county.json(LOAN)).status());
        assertEquals(403, routes.call("POST", "equipment", teacher.json("{\"name\":\"打印机\",\"required\":1}")).status());
        assertEquals(1, store.loans(1, null, false, HomeStoreTest.TODAY, 0, 20).total());
    }

    @Test
    void theLogsExportInWords() throws Exception {
        routes.call("POST", "loans", teacher.json(LOAN));
        routes.call("POST", "calls", teacher.json(CALL));
        routes.call("POST", "tv", teacher.json("{\"shownOn\":\"2026-12-06\",\"title\":\"动物世界\",\"minutes\":30,\"children\":12}"));
        TestAnswer file = routes.call("GET", "logs.xlsx", teacher);
        assertEquals(200, file.status(), file.toString());
        assertEquals(List.of("图书借阅", "亲情电话和视频", "电视播放"), exported.stream().map(Table::title).toList());
        assertEquals(java.util.Arrays.asList("王小明", "草房子", java.time.LocalDate.of(2026, 11, 1), java.time.LocalDate.of(2026, 11, 15), null, true),
                exported.get(0).rows().get(0));
        assertEquals("视频", ((org.guanai.sdk.i18n.Label) exported.get(1).rows().get(0).get(1)).zh());
        assertEquals(List.of("王小明", exported.get(1).rows().get(0).get(1), "王奶奶", "2026-12-06 16:45", 12L), exported.get(1).rows().get(0));
        assertEquals(List.of(java.time.LocalDate.of(2026, 12, 6), "动物世界", 30L, 12L), exported.get(2).rows().get(0));
    }

    @Test
    void inTheHolidaysTheCallsOfTheHolidaysAreListed() throws Exception {
        TestRoutes winter = TestRoutes.of(HomeProgramme.ID, new HomeApi(store, children(), families(), audit, exports,
                TestCalendar.on(java.time.LocalDate.of(2027, 2, 10))));
        assertEquals(201, winter.call("POST", "calls", teacher.json(CALL.replace("2026-12-06", "2027-02-09"))).status());
        assertEquals(1, winter.call("GET", "calls", teacher).json().path("total").asInt(), "the autumn semester, then the holiday up to today");
        assertEquals(0, winter.call("GET", "calls", teacher.query("to", "2027-01-31")).json().path("total").asInt());
    }
}
