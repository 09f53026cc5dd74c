package org.guanai.itests.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.BoardingType;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.dto.StaffRole;
import org.guanai.core.api.programme.ProgrammeDemo;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * 结对帮扶 in the real platform: demo data, the optimal proposal over HTTP (every child paired within capacity, a
 * 心级-4 child gets a cadre and a teacher), acceptance, a monthly talk recorded, an overdue home visit, coverage,
 * validation, the school gate (disabled → 404), and uninstalling and reinstalling the bundle keeping the pairs.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class PairingIT {
    private static final String BSN = "org.guanai.plugin.pairing";
    private static final String ADMIN_PASSWORD = "Itest-county-2026";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

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

    @BeforeEach
    void ready() throws Exception {
        Object endpoint = runtime.getServiceReference().getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String first = endpoint instanceof String[] all ? all[0]
                : endpoint instanceof java.util.Collection<?> c ? String.valueOf(c.iterator().next()) : String.valueOf(endpoint);
        base = first.endsWith("/") ? first.substring(0, first.length() - 1) : first;
        awaitActive();
    }

    private void awaitActive() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!programmes.programme("pairing").map(p -> p.state().name()).orElse("").equals("ACTIVE")) {
            if (System.nanoTime() > deadline) {
                fail("programme pairing not ACTIVE: " + programmes.programme("pairing"));
            }
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> call(String user, String password, String method, String path, String body, long school) throws Exception {
        return send(user, password, method, path, "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8), school);
    }

    private HttpResponse<String> send(String user, String password, String method, String path, String contentType, byte[] body,
            long school) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("X-Guanai-School", String.valueOf(school))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        // a body over 1 MiB goes on a connection of its own: the server refuses it (413) unread and closes that connection
        HttpClient client = body != null && body.length > 1 << 20 ? HttpClient.newHttpClient() : http;
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, String body, long school) throws Exception {
        return call("admin", ADMIN_PASSWORD, method, path, body, school);
    }

    private JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    /** A demo school with the programme enabled and the proposal for it accepted: every child paired. */
    private long pairedSchool(String tag, int perClass) throws Exception {
        long school = demoSchool(tag, perClass);
        programmes.setEnabled(school, "pairing", true, Map.of());
        JsonNode p = ok(admin("POST", "/api/programmes/pairing/proposals", "{}", school), 201);
        ok(admin("POST", "/api/programmes/pairing/proposals/" + p.get("id") + "/accept", "{\"all\":true}", school), 200);
        return school;
    }

    /** A school of two classes with head teachers and children in three villages. */
    private long demoSchool(String tag, int perClass) {
        School s = schools.createSchool(new School(null, 0, "结对测试学校-" + tag + "-" + System.nanoTime(), null, "习水县", "温水镇", null, null, false));
        String[] villages = { "大坪村", "青龙村", "中坝村" };
        for (int k = 0; k < 2; k++) {
            Staff head = schools.createStaff(new Staff(null, 0, s.id(), "李王".charAt(k) + "老师", StaffRole.HEAD_TEACHER, Gender.FEMALE, "13912345678",
                    "语文", true));
            SchoolClass c = schools.createClass(new SchoolClass(null, 0, s.id(), 3 + k, (3 + k) + "年级(1)班", head.id()));
            for (int i = 0; i < perClass; i++) {
                String v = villages[(i + k) % villages.length];
                children.create(new Child(null, 0, "王李张刘陈杨".charAt(k * 3 + i % 3) + "小" + "一二三四五六七八九十百千".charAt(i % 12) + "冬春夏秋".charAt(i / 12), i % 2 == 0 ? Gender.MALE : Gender.FEMALE, LocalDate.of(2016, 3, 1 + i),
                        null, null, "汉族", s.id(), c.id(), BoardingType.DAY, "温水镇" + v, v, LeftBehindType.BOTH_AWAY,
                        LocalDate.of(2022, 2, 1), false, "健康", null, Set.of(), false, null, null));
            }
        }
        return s.id();
    }

    private ProgrammeDemo demo() throws Exception {
        java.util.Collection<ServiceReference<ProgrammeDemo>> refs = context.getServiceReferences(ProgrammeDemo.class, "(programme.id=pairing)");
        assertFalse(refs.isEmpty(), "pairing registers its ProgrammeDemo");
        return context.getService(refs.iterator().next());
    }

    @Test
    void demoProposalAcceptRecordsOverdueCoverage() throws Exception {
        List<String> topics = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put(org.osgi.service.event.EventConstants.EVENT_TOPIC, "org/guanai/programmes/pairing/*");
        var listener = context.registerService(org.osgi.service.event.EventHandler.class, e -> topics.add(e.getTopic()), props);
        long school = demoSchool("甲", 24);
        demo().load(List.of(school));
        programmes.setEnabled(school, "pairing", true, Map.of());
        // the mother who left is flagged on the board until a replacement is paired
        assertTrue(ok(admin("GET", "/api/programmes/pairing/board?size=500", null, school), 200).toString().contains("\"mentorLeft\":[\""),
                "a child flagged for a mentor who left");

        // the proposal pairs every open slot within capacity
        JsonNode proposal = ok(admin("POST", "/api/programmes/pairing/proposals", "{}", school), 201);
        assertEquals(48, proposal.get("children").asInt());
        assertTrue(proposal.get("slots").asInt() > 40, proposal.toString());
        assertEquals(proposal.get("slots").asInt(), proposal.get("assigned").asInt(), "every slot filled: " + proposal);
        Map<Long, List<String>> kindsByChild = new HashMap<>();
        Set<Long> levelFour = new HashSet<>();
        for (JsonNode i : proposal.get("items")) {
            assertFalse(i.get("explainZh").asText().isBlank());
            assertTrue(i.get("loadAfter").asInt() <= i.get("capacity").asInt(), i.toString());
            kindsByChild.computeIfAbsent(i.get("childId").asLong(), k -> new ArrayList<>()).add(i.get("mentorKind").asText());
            if (i.get("level").asInt() == 4) {
                levelFour.add(i.get("childId").asLong());
            }
        }
        assertFalse(levelFour.isEmpty(), "the demo has 心级-4 children");
        for (long c : levelFour) {
            assertEquals(Set.of("CADRE", "TEACHER", "LOVING_MOTHER"), new HashSet<>(kindsByChild.get(c)), "二对一 and a 爱心妈妈 for child " + c);
        }
        // every child is proposed a 爱心妈妈 (九个一 (4)), beside its teacher: none had one (the one who left is replaced)
        assertEquals(48, kindsByChild.size());
        kindsByChild.forEach((c, kinds) -> assertTrue(kinds.contains("LOVING_MOTHER"), "a 爱心妈妈 for child " + c + ": " + kinds));
        // a replacement for the mother who left is explained as such
        assertTrue(proposal.get("items").toString().contains("接替"), "a replacement is proposed");

        // a teacher may look but not accept
        String teacher = "pairteacher" + System.nanoTime() % 100000;
        ok(admin("POST", "/api/users", "{\"username\":\"" + teacher + "\",\"password\":\"Teacher-pass-2026\",\"roles\":[\"TEACHER\"],"
                + "\"schoolIds\":[" + school + "],\"classIds\":[" + schools.classes(school).get(0).id() + "]}", school), 201);
        long id = proposal.get("id").asLong();
        assertEquals(403, call(teacher, "Teacher-pass-2026", "POST", "/api/programmes/pairing/proposals/" + id + "/accept", "{\"all\":true}",
                school).statusCode());
        // accept one, then the rest
        long firstItem = proposal.get("items").get(0).get("id").asLong();
        JsonNode one = ok(admin("POST", "/api/programmes/pairing/proposals/" + id + "/accept", "{\"items\":[" + firstItem + "]}", school), 200);
        assertEquals(1, one.get("accepted").size());
        JsonNode rest = ok(admin("POST", "/api/programmes/pairing/proposals/" + id + "/accept", "{\"all\":true}", school), 200);
        assertEquals(proposal.get("assigned").asInt() - 1, rest.get("accepted").size(), rest.toString());
        assertEquals(1, rest.get("skipped").size()); // the one accepted before

        assertFalse(ok(admin("GET", "/api/programmes/pairing/board?size=500", null, school), 200).toString().contains("\"mentorLeft\":[\""),
                "the replacement clears the flag");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(topics.contains("org/guanai/programmes/pairing/pair/CREATED") && topics.contains("org/guanai/programmes/pairing/mentor/LEFT"))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        listener.unregister();
        assertTrue(topics.contains("org/guanai/programmes/pairing/pair/CREATED"), topics.toString());
        assertTrue(topics.contains("org/guanai/programmes/pairing/mentor/LEFT"), topics.toString());
        // coverage matches the data: every child has an active pair
        JsonNode coverage = ok(admin("GET", "/api/programmes/pairing/reports/coverage", null, school), 200).get("items");
        JsonNode total = coverage.get(coverage.size() - 1);
        assertEquals(48, total.get("children").asInt());
        assertEquals(48, total.get("paired").asInt());
        assertEquals(48, total.get("fullyPaired").asInt());
        assertEquals(1.0, total.get("rate").asDouble());
        // a second proposal has nothing left to do
        JsonNode again = ok(admin("POST", "/api/programmes/pairing/proposals", "{}", school), 201);
        assertEquals(0, again.get("slots").asInt());

        // a monthly talk with its 记录卡
        JsonNode pair = ok(admin("GET", "/api/programmes/pairing/pairs", null, school), 200).get("items").get(0);
        String talk = "{\"kind\":\"TALK\",\"mentorId\":" + pair.get("mentorId") + ",\"childId\":" + pair.get("childId")
                + ",\"occurredOn\":\"" + LocalDate.now(ZoneId.of("Asia/Shanghai")) + "\",\"topics\":[\"STUDY\",\"MOOD\"],\"notes\":\"谈心\",\"followUp\":\"家访\"}";
        ok(admin("POST", "/api/programmes/pairing/records", talk, school), 201);
        // bad input names the field and stores nothing
        int before = ok(admin("GET", "/api/programmes/pairing/records", null, school), 200).get("items").size();
        JsonNode bad = ok(admin("POST", "/api/programmes/pairing/records", talk.replace("\"STUDY\",\"MOOD\"", "\"SLEEP\""), school), 400);
        assertEquals("topics", bad.get("errors").get(0).get("field").asText());
        assertNotNull(bad.get("errors").get(0).get("message_zh"));
        ok(admin("POST", "/api/programmes/pairing/records", talk.replace(String.valueOf(LocalDate.now(ZoneId.of("Asia/Shanghai"))), "2099-01-01"), school), 400);
        assertEquals(before, ok(admin("GET", "/api/programmes/pairing/records", null, school), 200).get("items").size());

        // the head teacher made one home visit in the last full week: overdue
        JsonNode overdue = ok(admin("GET", "/api/programmes/pairing/overdue", null, school), 200).get("items");
        boolean visit = false;
        for (JsonNode o : overdue) {
            visit |= o.get("kind").asText().equals("HOME_VISIT") && o.get("basis").asText().equals("MENTOR") && o.get("done").asInt() == 1
                    && o.get("min").asInt() == 2;
        }
        assertTrue(visit, "an overdue home visit: " + overdue);
        // posted as events, each overdue period once
        List<String> overdueEvents = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.Hashtable<String, Object> p2 = new java.util.Hashtable<>();
        p2.put(org.osgi.service.event.EventConstants.EVENT_TOPIC, "org/guanai/programmes/pairing/obligation/OVERDUE");
        var overdueListener = context.registerService(org.osgi.service.event.EventHandler.class,
                e -> overdueEvents.add(e.getProperty("kind") + "/" + e.getProperty("schoolId")), p2);
        int posted = ok(admin("POST", "/api/programmes/pairing/overdue/notify", "{}", school), 200).get("posted").asInt();
        assertTrue(posted >= overdue.size(), posted + " posted for " + overdue.size());
        assertEquals(0, ok(admin("POST", "/api/programmes/pairing/overdue/notify", "{}", school), 200).get("posted").asInt());
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (overdueEvents.size() < posted && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        overdueListener.unregister();
        assertTrue(overdueEvents.contains("HOME_VISIT/" + school), overdueEvents.toString());
        // 心级 distribution and CSV export
        JsonNode levels = ok(admin("GET", "/api/programmes/pairing/reports/levels", null, school), 200).get("items");
        assertEquals(levelFour.size(), levels.get(3).get("children").asInt());
        long perLevel = 0;
        for (JsonNode row : levels) {
            perLevel += row.get("children").asLong();
        }
        assertEquals(48, perLevel, "every child of the school once: assessed at its level, or unassessed");
        HttpResponse<String> csv = admin("GET", "/api/programmes/pairing/reports/coverage?format=csv", null, school);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.body().startsWith("\uFEFF班级,儿童数,已结对,帮扶人配齐,结对率\r\n"), csv.body());
        assertTrue(csv.body().contains("\r\n合计,48,48,48,100%\r\n"), csv.body());
    }

    /**
     * The platform's request contract on a programme route ({@code POST records}): a body over 1 MiB 413, not JSON 415,
     * an unknown field, a date out of range and a list over 1,000 elements 400 naming the field, malformed JSON 400
     * {@code body}; every refusal in the platform's error format, and nothing stored. Reports export with 中文 headers
     * and labels: no codes, no ids.
     */
    @Test
    void recordsHonourTheRequestContractAndReportsExportInChinese() throws Exception {
        long school = pairedSchool("庚", 2);
        JsonNode pair = ok(admin("GET", "/api/programmes/pairing/pairs", null, school), 200).get("items").get(0);
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        String head = "{\"kind\":\"TALK\",\"mentorId\":" + pair.get("mentorId") + ",\"childId\":" + pair.get("childId")
                + ",\"occurredOn\":\"" + today + "\"";
        String talk = head + ",\"topics\":[\"STUDY\"]}";
        String records = "/api/programmes/pairing/records";
        int before = ok(admin("GET", records, null, school), 200).get("items").size();

        byte[] big = (head + ",\"topics\":[\"STUDY\"],\"notes\":\"" + "谈".repeat(400_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertRefused(send("admin", ADMIN_PASSWORD, "POST", records, "application/json", big, school), 413, "body");
        assertRefused(send("admin", ADMIN_PASSWORD, "POST", records, "text/plain", talk.getBytes(StandardCharsets.UTF_8), school), 415,
                "Content-Type");
        assertRefused(admin("POST", records, head + ",\"topics\":[\"STUDY\"],\"colour\":\"red\"}", school), 400, "colour");
        assertRefused(admin("POST", records, talk.replace(today, "0000-01-01"), school), 400, "occurredOn");
        assertRefused(admin("POST", records, talk.replace(today, "+999999999-12-31"), school), 400, "occurredOn");
        String many = head + ",\"topics\":[" + String.join(",", java.util.Collections.nCopies(1001, "\"STUDY\"")) + "]}";
        assertRefused(admin("POST", records, many, school), 400, "topics");
        assertRefused(admin("POST", records, head, school), 400, "body");
        assertEquals(before, ok(admin("GET", records, null, school), 200).get("items").size(), "nothing stored by a refused request");
        ok(admin("POST", records, talk, school), 201);
        assertEquals(before + 1, ok(admin("GET", records, null, school), 200).get("items").size());

        HttpResponse<String> coverage = admin("GET", "/api/programmes/pairing/reports/coverage?format=csv", null, school);
        assertEquals(200, coverage.statusCode(), coverage.body());
        assertTrue(coverage.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), coverage.headers().toString());
        String[] lines = coverage.body().split("\r\n");
        assertEquals("\uFEFF班级,儿童数,已结对,帮扶人配齐,结对率", lines[0]);
        // every child has its teacher; none has a 爱心妈妈 (the school has none), so none has all its mentors
        assertTrue(lines[1].startsWith("3年级(1)班,2,2,0,100%"), coverage.body());
        assertEquals("合计,4,4,0,100%", lines[lines.length - 1]);
        HttpResponse<String> load = admin("GET", "/api/programmes/pairing/reports/load?format=csv", null, school);
        assertEquals(200, load.statusCode(), load.body());
        assertTrue(load.body().startsWith("\uFEFF帮扶人,类别,结对数,上限\r\n"), load.body());
        assertTrue(load.body().contains(",教职工,2,3\r\n"), load.body());
        assertFalse(load.body().contains("TEACHER"), "no codes in an export: " + load.body());
        HttpResponse<String> levels = admin("GET", "/api/programmes/pairing/reports/levels?format=csv", null, school);
        assertTrue(levels.body().startsWith("\uFEFF心级,儿童数\r\n"), levels.body());
        assertTrue(levels.body().contains("\r\n未评估,4\r\n"), levels.body());
        HttpResponse<String> xlsx = admin("GET", "/api/programmes/pairing/reports/compliance?format=xlsx", null, school);
        assertEquals(200, xlsx.statusCode(), xlsx.body());
        assertTrue(xlsx.headers().firstValue("Content-Type").orElse("").contains("spreadsheetml"), xlsx.headers().toString());
        assertTrue(xlsx.body().startsWith("PK"), "an xlsx workbook is a zip");
        assertRefused(admin("GET", "/api/programmes/pairing/reports/load?format=pdf", null, school), 400, "format");
    }

    /** A refusal in the platform's error format, naming the field. */
    private void assertRefused(HttpResponse<String> r, int status, String field) throws Exception {
        JsonNode body = ok(r, status);
        assertFalse(body.path("error").asText().isBlank(), r.body());
        if (status != 400) {
            assertFalse(body.path("message_zh").asText().isBlank(), r.body());
            assertFalse(body.path("message_en").asText().isBlank(), r.body());
        }
        JsonNode e = body.path("errors").path(0);
        assertEquals(field, e.path("field").asText(), r.body());
        assertFalse(e.path("message_zh").asText().isBlank(), r.body());
        assertFalse(e.path("message_en").asText().isBlank(), r.body());
    }

    @Test
    void disabledForTheSchoolAnswers404() throws Exception {
        long school = demoSchool("乙", 2);
        programmes.setEnabled(school, "pairing", false, Map.of());
        assertEquals(404, admin("GET", "/api/programmes/pairing/board?size=500", null, school).statusCode());
        assertEquals(404, admin("POST", "/api/programmes/pairing/proposals", "{}", school).statusCode());
        programmes.setEnabled(school, "pairing", true, Map.of());
        assertEquals(200, admin("GET", "/api/programmes/pairing/board?size=500", null, school).statusCode());
    }

    @Test
    void otherSchoolsRecordsAre404AndRulesHold() throws Exception {
        long own = demoSchool("丙", 2);
        long other = demoSchool("丁", 2);
        programmes.setEnabled(own, "pairing", true, Map.of());
        programmes.setEnabled(other, "pairing", true, Map.of());
        long otherChild = children.find(new org.guanai.core.api.dto.ChildQuery(other, null, null, null, null, false, 0, 10)).items().get(0).id();
        assertEquals(404, admin("GET", "/api/programmes/pairing/children/" + otherChild, null, own).statusCode());
        long ownChild = children.find(new org.guanai.core.api.dto.ChildQuery(own, null, null, null, null, false, 0, 10)).items().get(0).id();
        // 代理家长: PENDING until the parents' consent is on record, then ACTIVE
        JsonNode proxy = ok(admin("POST", "/api/programmes/pairing/mentors", "{\"kind\":\"PROXY_PARENT\",\"name\":\"代理家长甲\",\"vettedOn\":\""
                + LocalDate.now(ZoneId.of("Asia/Shanghai")) + "\"}", own), 201);
        JsonNode pair = ok(admin("POST", "/api/programmes/pairing/pairs", "{\"childId\":" + ownChild + ",\"mentorId\":" + proxy.get("id")
                + ",\"scheme\":\"PROXY_PARENT\"}", own), 201);
        assertEquals("PENDING", pair.get("status").asText());
        assertEquals("[\"PARENT_CONSENT\"]", pair.get("missing").toString());
        JsonNode consent = ok(admin("POST", "/api/programmes/pairing/preconditions", "{\"kind\":\"PARENT_CONSENT\",\"childId\":" + ownChild + "}",
                own), 201);
        assertEquals(1, consent.get("activatedPairs").asInt());
        // capacity: a proxy parent takes one child
        long second = children.find(new org.guanai.core.api.dto.ChildQuery(own, null, null, null, null, false, 0, 10)).items().get(1).id();
        JsonNode full = ok(admin("POST", "/api/programmes/pairing/pairs", "{\"childId\":" + second + ",\"mentorId\":" + proxy.get("id")
                + ",\"scheme\":\"PROXY_PARENT\"}", own), 400);
        assertEquals("mentorId", full.get("errors").get(0).get("field").asText());
        // a mentor of another school is not found from here
        assertEquals(404, admin("POST", "/api/programmes/pairing/mentors/" + proxy.get("id") + "/leave", "{}", other).statusCode());
        // 心级 assessment: scores named per dimension, level by the rules
        JsonNode a = ok(admin("POST", "/api/programmes/pairing/children/" + ownChild + "/assessments",
                "{\"scores\":{\"PSYCH\":3,\"PHYSICAL\":0,\"ACADEMIC\":1,\"GUARDIANSHIP\":1}}", own), 201);
        assertEquals(4, a.get("level").asInt());
        JsonNode badScore = ok(admin("POST", "/api/programmes/pairing/children/" + ownChild + "/assessments",
                "{\"scores\":{\"PSYCH\":5,\"PHYSICAL\":0,\"ACADEMIC\":1,\"GUARDIANSHIP\":1}}", own), 400);
        assertEquals("scores.PSYCH", badScore.get("errors").get(0).get("field").asText());
    }

    @Test
    void aStaffMemberWhoLeavesEndsTheirPairsAndIsReplaced() throws Exception {
        long school = demoSchool("己", 2);
        programmes.setEnabled(school, "pairing", true, Map.of());
        // a second teacher, so that there is someone to take over
        schools.createStaff(new Staff(null, 0, school, "赵老师", StaffRole.TEACHER, Gender.MALE, "13912345679", "数学", true));
        // and a 爱心妈妈 for the four children: each needs a teacher and a mother
        ok(admin("POST", "/api/programmes/pairing/mentors", "{\"kind\":\"LOVING_MOTHER\",\"name\":\"刘妈妈\",\"phone\":\"13812345670\"}", school), 201);
        // a child whose parents are home (非留守) and one of 16 count as no left-behind child: no mentor is proposed for
        // them (issue 19: every programme honours eligibility)
        SchoolClass first = schools.classes(school).get(0);
        Child home = children.create(Child.builder().name("周小安").gender(Gender.MALE).birthDate(LocalDate.of(2016, 5, 1))
                .ethnicity("汉族").schoolId(school).classId(first.id()).boarding(BoardingType.DAY).homeAddress("温水镇大坪村").village("大坪村").flags(Set.of())
                .leftBehindType(LeftBehindType.NONE).build());
        Child sixteen = children.create(Child.builder().name("周大安").gender(Gender.MALE)
                .birthDate(LocalDate.now(ZoneId.of("Asia/Shanghai")).minusYears(16).minusDays(1)).ethnicity("汉族").schoolId(school)
                .classId(first.id()).boarding(BoardingType.DAY).homeAddress("温水镇大坪村").village("大坪村").flags(Set.of()).leftBehindType(LeftBehindType.BOTH_AWAY)
                .build());
        JsonNode p = ok(admin("POST", "/api/programmes/pairing/proposals", "{}", school), 201);
        assertEquals(4, p.get("children").asInt(), p.toString());
        for (JsonNode i : p.get("items")) {
            assertTrue(i.get("childId").asLong() != home.id() && i.get("childId").asLong() != sixteen.id(), i.toString());
        }
        assertEquals(8, p.get("assigned").asInt(), p.toString());
        ok(admin("POST", "/api/programmes/pairing/proposals/" + p.get("id") + "/accept", "{\"all\":true}", school), 200);
        JsonNode pair = null;
        for (JsonNode x : ok(admin("GET", "/api/programmes/pairing/pairs", null, school), 200).get("items")) {
            pair = pair == null && x.get("mentorKind").asText().equals("TEACHER") ? x : pair;
        }
        long mentor = pair.get("mentorId").asLong();
        JsonNode m = null;
        for (JsonNode x : ok(admin("GET", "/api/programmes/pairing/mentors", null, school), 200).get("items")) {
            if (x.get("id").asLong() == mentor) {
                m = x;
            }
        }
        Staff staff = schools.staffMember(m.get("staffId").asLong()).orElseThrow();
        schools.updateStaff(new Staff(staff.id(), staff.version(), staff.schoolId(), staff.name(), staff.role(), staff.gender(), staff.phone(),
                staff.subject(), false));
        // the registry event ends the pairs; the child is flagged and the next proposal names a replacement
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode board;
        while (!(board = ok(admin("GET", "/api/programmes/pairing/board?size=500", null, school), 200)).toString().contains(staff.name())
                || !board.toString().contains("mentorLeft\":[\"" + staff.name())) {
            if (System.nanoTime() > deadline) {
                fail("no flag on the board: " + board);
            }
            Thread.sleep(100);
        }
        JsonNode again = ok(admin("POST", "/api/programmes/pairing/proposals", "{}", school), 201);
        assertTrue(again.get("slots").asInt() >= 1);
        assertEquals(again.get("slots").asInt(), again.get("assigned").asInt(), again.toString());
        assertTrue(again.get("items").get(0).get("explainZh").asText().startsWith("接替已离岗的" + staff.name()), again.toString());
        assertTrue(again.get("items").get(0).get("replacesPair").asLong() > 0);
    }

    @Test
    void uninstallAndReinstallKeepsThePairs() throws Exception {
        long school = pairedSchool("戊", 3);
        String pairs = ok(admin("GET", "/api/programmes/pairing/pairs", null, school), 200).get("items").toString();
        assertEquals(6, json.readTree(pairs).size());

        Bundle bundle = null;
        for (Bundle b : context.getBundles()) {
            if (BSN.equals(b.getSymbolicName())) {
                bundle = b;
            }
        }
        assertNotNull(bundle);
        String location = bundle.getLocation();
        byte[] jar = read(location);
        bundle.uninstall();
        refresh(bundle);
        assertEquals(404, admin("GET", "/api/programmes/pairing/pairs", null, school).statusCode());

        // through the system bundle's context: the test's own context uninstalls what it installed when the test ends
        Bundle again = context.getBundle(0).getBundleContext().installBundle(location, new java.io.ByteArrayInputStream(jar));
        again.start();
        awaitActive();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> r;
        while ((r = admin("GET", "/api/programmes/pairing/pairs", null, school)).statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(pairs, ok(r, 200).get("items").toString());
    }

    private static byte[] read(String location) throws Exception {
        String l = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        if (l.contains(":") && !l.matches("^[A-Za-z]:.*")) {
            try (InputStream in = URI.create(l).toURL().openStream()) {
                return in.readAllBytes();
            }
        }
        return Files.readAllBytes(Path.of(l));
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), e -> done.countDown());
        done.await(30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
