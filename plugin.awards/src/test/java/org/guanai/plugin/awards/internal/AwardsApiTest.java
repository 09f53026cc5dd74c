package org.guanai.plugin.awards.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.dto.StaffRole;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.testing.TestAnswer;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.testing.TestRequest;
import org.guanai.sdk.testing.TestRoutes;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The routes as clients call them, under the platform's request contract, with the other programmes' records faked through core.api. */
class AwardsApiTest {
    private static final String CHILD = "{\"award\":\"EXCELLENT_CHILD\",\"schoolYear\":2026,\"nominee\":{\"kind\":\"CHILD\",\"childId\":5},"
            + "\"reason\":\" 自立自强 \"}";

    private final TestDatabase db = TestDatabase.forProgramme(AwardsProgramme.ID);
    private final NominationStore store = new NominationStore(db);
    private final TestCalendar calendar = TestCalendar.on(LocalDate.of(2026, 12, 7));
    private final Evidence evidence = new Evidence(new TestTexts(), calendar);
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
            return Download.attachment(AwardsApi.XLSX, fileName + ".xlsx", new byte[] { 'P', 'K' });
        }
    };
    private final AuditTrail audit = (action, entity, id, child, school, detail) -> audited.add(action + " " + entity + " " + id + " " + detail);
    private final TestRoutes routes = TestRoutes.of(AwardsProgramme.ID,
            new AwardsApi(store, evidence, Fixtures.children(), Fixtures.schools(), audit, exports, calendar));
    private final Map<Long, Staff> staff = Map.of(40L, new Staff(40L, 0, 1, "周老师", StaffRole.HEAD_TEACHER, null, null, null, true));
    private final TestRequest.Builder teacher = TestRequest.as("teacher", "awards.read", "awards.nominate").school(1).children(Fixtures.KIDS)
            .staff(staff);
    private final TestRequest.Builder head = TestRequest.as("head", "awards.read", "awards.nominate", "awards.approve").school(1)
            .children(Fixtures.KIDS).staff(staff);
    private final TestRequest.Builder county = TestRequest.as("county", "awards.read", "awards.approve").county().school(1)
            .children(Fixtures.KIDS);

    AwardsApiTest() {
        evidence.mentoring = Fixtures.pairing();
        evidence.coverage = Fixtures.coverage();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void declaresItsRoutesOnceWithPermissionsAndSummaries() {
        assertEquals(List.of("GET awards awards.read", "GET nominations awards.read", "POST evidence awards.nominate",
                "POST nominations awards.nominate", "GET nominations/{nomination} awards.read", "POST nominations/{nomination}/decision awards.approve",
                "GET nominations/{nomination}/certificate awards.read", "GET mentors awards.nominate", "GET appraisal awards.read",
                "GET appraisal.xlsx awards.read"), routes.routes().stream().map(r -> r.method() + " " + r.path() + " " + r.permission()).toList());
        assertTrue(routes.routes().stream().allMatch(r -> r.summaryZh() != null && r.summaryEn() != null));
    }

    private long nominate(String body) throws Exception {
        TestAnswer created = routes.call("POST", "nominations", teacher.json(body));
        assertEquals(201, created.status(), created.toString());
        return created.json().path("id").asLong();
    }

    private static List<String> zh(JsonNode facts) {
        List<String> out = new ArrayList<>();
        facts.forEach(f -> out.add(f.path("zh").asText()));
        return out;
    }

    @Test
    void aChildIsNominatedWithItsEvidenceApprovedByTheSchoolAndTheCountyAndGetsACertificate() throws Exception {
        TestAnswer preview = routes.call("POST", "evidence", teacher.json(CHILD));
        assertEquals(200, preview.status(), preview.toString());
        assertEquals("王小明", preview.json().path("name").asText());
        assertEquals(List.of("九个一：应完成 2 项，已完成 1 项（来源：九个一关爱活动，2026-09-01 至 2026-12-07）",
                "结对帮扶：结对 98 天，帮扶人 1 名（来源：结对帮扶，2026-09-01 至 2026-12-07）",
                "收到谈心 2 次、家访 1 次、与家长通话 0 次（来源：结对帮扶的记录）"), zh(preview.json().path("evidence")),
                "1 September to today: 98 days paired");
        assertTrue(store.list(1, null, null).isEmpty(), "a preview stores nothing");

        long id = nominate(CHILD);
        JsonNode n = routes.call("GET", "nominations/" + id, teacher).json();
        assertEquals("自立自强", n.path("reason").asText());
        assertEquals("NOMINATED", n.path("state").asText());
        assertEquals(zh(preview.json().path("evidence")), zh(n.path("evidence")), "the evidence kept as computed");
        assertEquals(409, routes.call("GET", "nominations/" + id + "/certificate", teacher).status(), "not granted yet");

        assertEquals(403, routes.call("POST", "nominations/" + id + "/decision", teacher.json("{\"approve\":true}")).status(), "a teacher does not decide");
        assertEquals(409, routes.call("POST", "nominations/" + id + "/decision", county.json("{\"approve\":true}")).status(),
                "the county decides after the school");
        assertEquals(List.of("reason"), routes.call("POST", "nominations/" + id + "/decision", head.json("{\"approve\":false}")).fields(),
                "a refusal says why");
        assertEquals("NOMINATED", store.get(1, id).orElseThrow().state().name(), "nothing stored on a refused request");
        assertEquals(409, routes.call("POST", "nominations/" + id + "/decision", head.json("{\"approve\":true,\"version\":7}")).status(), "stale");
        TestAnswer school = routes.call("POST", "nominations/" + id + "/decision", head.json("{\"approve\":true,\"version\":0}"));
        assertEquals("SCHOOL_APPROVED", school.json().path("state").asText(), school.toString());
        TestAnswer twice = routes.call("POST", "nominations/" + id + "/decision", head.json("{\"approve\":true}"));
        assertEquals(409, twice.status(), "the school decides once");
        assertEquals("notNominated", twice.error());
        assertEquals("APPROVED", routes.call("POST", "nominations/" + id + "/decision", county.json("{\"approve\":true}")).json().path("state").asText());
        assertEquals(409, routes.call("POST", "nominations/" + id + "/decision", county.json("{\"approve\":false,\"reason\":\"重复\"}")).status());

        TestAnswer certificate = routes.call("GET", "nominations/" + id + "/certificate", teacher);
        assertEquals(200, certificate.status());
        String html = new String(certificate.file(), StandardCharsets.UTF_8);
        for (String shown : List.of("荣誉证书", "王小明", "优秀留守儿童", "高桥镇中心小学", "2026–2027 学年", "2026年12月7日", "size: A4")) {
            assertTrue(html.contains(shown), shown);
        }
        assertFalse(html.contains("EXCELLENT_CHILD") || html.contains(">" + id + "<"), "no codes or ids");
        assertEquals(List.of("CREATE awards.nomination " + id + " EXCELLENT_CHILD", "UPDATE awards.nomination " + id + " school approved",
                "UPDATE awards.nomination " + id + " county approved"), audited);
    }

    @Test
    void staffMentorsAndPeopleNamedByHandHaveTheirOwnEvidence() throws Exception {
        TestAnswer staffPreview = routes.call("POST", "evidence", teacher.json(
                "{\"award\":\"ADVANCED_WORKER\",\"schoolYear\":2026,\"nominee\":{\"kind\":\"STAFF\",\"staffId\":40}}"));
        assertEquals(List.of("结对儿童 1 名，结对共 98 天（来源：结对帮扶，2026-09-01 至 2026-12-07）",
                "谈心：应完成 3 期，已完成 2 期，履行率 66.7%（来源：结对帮扶的职责履行）",
                "家访：应完成 13 期，已完成 10 期，履行率 76.9%（来源：结对帮扶的职责履行）",
                "与家长通话：应完成 6 期，已完成 6 期，履行率 100.0%（来源：结对帮扶的职责履行）"), zh(staffPreview.json().path("evidence")));
        long mother = nominate("{\"award\":\"LOVING_MOTHER\",\"schoolYear\":2026,\"nominee\":{\"kind\":\"MENTOR\",\"mentorKind\":\"LOVING_MOTHER\","
                + "\"mentorId\":2},\"reason\":\"每周谈心\"}");
        JsonNode m = routes.call("GET", "nominations/" + mother, teacher).json();
        assertEquals("李妈妈", m.path("nominee").path("name").asText());
        assertEquals("爱心妈妈", m.path("nominee").path("role").asText());
        long person = nominate("{\"award\":\"CARE_AWARD\",\"schoolYear\":2025,\"nominee\":{\"kind\":\"PERSON\",\"name\":\"陈秀英\","
                + "\"role\":\"校外辅导员\",\"childId\":5},\"reason\":\"组织假期活动\"}");
        JsonNode p = routes.call("GET", "nominations/" + person, teacher).json();
        assertTrue(p.path("nominee").path("childId").isNull(), "only the ids of its kind are kept");
        assertEquals(List.of("手工填写的人员：系统中没有可引用的记录，依据见推荐理由"), zh(p.path("evidence")));

        // without the other programmes: the evidence says so, the nomination goes on
        evidence.mentoring = null;
        evidence.coverage = null;
        assertEquals(List.of("未安装九个一关爱活动，无法计算九个一完成情况", "未安装结对帮扶，无法计算结对与帮扶记录"),
                zh(routes.call("POST", "evidence", teacher.json(CHILD)).json().path("evidence")));
        assertEquals(201, routes.call("POST", "nominations", teacher.json(CHILD)).status());
        assertFalse(routes.call("GET", "mentors", teacher).json().path("installed").asBoolean());
        assertFalse(routes.call("GET", "appraisal", teacher).json().path("installed").asBoolean());
    }

    @Test
    void refusesBadInputNamingEveryFieldAndStoresNothing() throws Exception {
        Map<String, List<String>> refused = Map.of(
                "{}", List.of("award", "schoolYear", "nominee", "reason"),
                CHILD.replace("EXCELLENT_CHILD", "BEST_EVER"), List.of("award"),
                CHILD.replace("2026", "2024"), List.of("schoolYear"),
                CHILD.replace("EXCELLENT_CHILD", "ADVANCED_WORKER"), List.of("nominee"),
                CHILD.replace("自立自强", "话".repeat(2001)), List.of("reason"),
                CHILD.replace("\"childId\":5", "\"childId\":null"), List.of("nominee.childId"),
                CHILD.replace("\"reason\"", "\"prize\":5,\"reason\""), List.of("prize"),
                "{\"award\":\"CARE_AWARD\",\"schoolYear\":2026,\"nominee\":{\"kind\":\"STAFF\",\"staffId\":41},\"reason\":\"r\"}", List.of("nominee.staffId"),
                "{\"award\":\"LOVING_MOTHER\",\"schoolYear\":2026,\"nominee\":{\"kind\":\"MENTOR\",\"mentorKind\":\"LOVING_MOTHER\",\"mentorId\":9},"
                        + "\"reason\":\"r\"}", List.of("nominee.mentorId"),
                "{\"award\":\"CARE_AWARD\",\"schoolYear\":2026,\"nominee\":{\"kind\":\"PERSON\",\"name\":\" \"},\"reason\":\"r\"}",
                List.of("nominee.name", "nominee.role"));
        for (Map.Entry<String, List<String>> c : refused.entrySet()) {
            TestAnswer answer = routes.call("POST", "nominations", teacher.json(c.getKey()));
            assertEquals(400, answer.status(), c.getKey());
            assertEquals(c.getValue(), answer.fields(), c.getKey());
            assertTrue(answer.errors().stream().noneMatch(e -> e.messageZh().isBlank() || e.messageEn().isBlank()), answer.toString());
        }
        assertEquals(404, routes.call("POST", "nominations", teacher.json(CHILD.replace("\"childId\":5", "\"childId\":9"))).status(),
                "a child of another school is as absent");
        assertEquals(415, routes.call("POST", "nominations", teacher.body("text/plain", CHILD.getBytes(StandardCharsets.UTF_8))).status());
        assertEquals(413, routes.call("POST", "nominations", teacher.json(CHILD.replace("自立自强", "话".repeat(400_000)))).status());
        assertEquals(List.of("state"), routes.call("GET", "nominations", teacher.query("state", "LOST")).fields());
        assertEquals(List.of("year"), routes.call("GET", "nominations", teacher.query("year", "2031")).fields());
        assertEquals(List.of("semester"), routes.call("GET", "appraisal", teacher.query("semester", "2026-WINTER")).fields());
        assertEquals(List.of("size"), routes.call("GET", "nominations", teacher.query("size", "501")).fields(), "at most 500 a page");
        assertTrue(store.list(1, null, null).isEmpty(), "nothing stored");
        assertTrue(audited.isEmpty());
    }

    @Test
    void answersOnlyTheSchoolsNominationsAndOnlyForCallersWhoMay() throws Exception {
        long id = nominate(CHILD);
        TestRequest.Builder other = TestRequest.as("other", "awards.read", "awards.approve").school(2);
        for (String path : List.of("nominations/" + id, "nominations/" + id + "/certificate", "nominations/abc")) {
            assertEquals(404, routes.call("GET", path, other).status(), path);
        }
        assertEquals(404, routes.call("POST", "nominations/" + id + "/decision", other.json("{\"approve\":true}")).status());
        assertEquals(0, routes.call("GET", "nominations", other).json().path("items").size());
        // a teacher of another class: the registry answers none of the children
        TestRoutes theirs = TestRoutes.of(AwardsProgramme.ID,
                new AwardsApi(store, evidence, Fixtures.children(java.util.Set.of()), Fixtures.schools(), audit, exports, calendar));
        TestRequest.Builder stranger = TestRequest.as("stranger", "awards.read", "awards.nominate").school(1);
        assertEquals(0, theirs.call("GET", "nominations", stranger).json().path("items").size(), "a child the caller does not reach is not listed");
        assertEquals(404, theirs.call("GET", "nominations/" + id, stranger).status());
        assertEquals(404, theirs.call("POST", "nominations", stranger.json(CHILD)).status());
        assertEquals(403, routes.call("POST", "nominations", TestRequest.as("reader", "awards.read").school(1).json(CHILD)).status());
        assertEquals(1, routes.call("GET", "nominations", teacher).json().path("items").size());
        nominate(CHILD.replace("\"childId\":5", "\"childId\":6"));
        JsonNode page = routes.call("GET", "nominations", teacher.query("size", "1").query("page", "1")).json();
        assertEquals(2, page.path("total").asLong());
        assertEquals(id, page.path("items").get(0).path("id").asLong(), "the latest first: the first one on the second page");
        assertEquals("NOMINATED", store.get(1, id).orElseThrow().state().name());
    }

    @Test
    void theAppraisalGivesEachMentorsDutiesDueAndMetAndItsXlsxInWords() throws Exception {
        JsonNode a = routes.call("GET", "appraisal", teacher).json();
        assertEquals("2026-AUTUMN", a.path("semester").asText());
        assertTrue(a.path("installed").asBoolean());
        JsonNode zhou = a.path("items").get(1);
        assertEquals("周老师", zhou.path("mentorName").asText());
        assertEquals(22, zhou.path("due").asLong());
        assertEquals(18, zhou.path("met").asLong());
        assertEquals(0.818, zhou.path("rate").asDouble());
        TestAnswer file = routes.call("GET", "appraisal.xlsx", teacher.query("semester", "2026-AUTUMN"));
        assertEquals(200, file.status());
        Table t = exported.get(0);
        assertEquals("帮扶人", t.columns().get(0).zh());
        assertEquals("谈心应完成（期）", t.columns().get(4).zh());
        List<Object> row = t.rows().get(1);
        assertEquals("周老师", row.get(0));
        assertEquals("教职工", ((org.guanai.sdk.i18n.Label) row.get(1)).zh());
        assertEquals(List.of(1L, 98L, 3L, 2L, 13L, 10L, 6L, 6L), row.subList(2, 10));
    }
}
