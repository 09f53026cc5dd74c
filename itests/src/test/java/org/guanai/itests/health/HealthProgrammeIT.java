package org.guanai.itests.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.BoardingType;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.programme.ProgrammeDemo;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The 计生关爱 programme on the running platform, over HTTP: a campaign for a class is entered, children above the
 * obesity cut-off or below the stunting cut-off are flagged with the reference stored beside the result, follow-ups
 * are opened, notified, referred and closed, the parents-notified rate appears in the report, overdue follow-ups are
 * listed and posted as events, and a teacher (or a school administrator) cannot read any health record.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class HealthProgrammeIT {
    static final String PASSWORD = "Health-pass-2026";
    static final String API = "/api/programmes/health/";

    @InjectBundleContext
    BundleContext context;
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
    @InjectService(timeout = 20_000, filter = "(guanai.datasource=core)")
    DataSource db;

    private final ObjectMapper json = new ObjectMapper();
    private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    private Http admin;
    private long school;
    private SchoolClass grade5;
    private SchoolClass grade3;
    private Http worker;
    private Http teacher;
    private Http schoolAdmin;
    private Child obeseBoy;
    private Child stuntedGirl;
    private Child ordinaryBoy;
    private Child youngGirl;

    @BeforeEach
    void setUp() throws Exception {
        admin = Http.admin(runtime);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!programmes.programme("health").map(p -> p.state() == ProgrammeState.ACTIVE).orElse(false)) {
            if (System.nanoTime() > deadline) {
                fail("programme health not ACTIVE: " + programmes.programme("health"));
            }
            Thread.sleep(100);
        }
        School s = schools.createSchool(new School(null, 0, "计生测试学校-" + System.nanoTime(), null, "习水县", "温水镇", null, null, false));
        school = s.id();
        grade5 = schools.createClass(new SchoolClass(null, 0, school, 5, "五年级(1)班", null));
        grade3 = schools.createClass(new SchoolClass(null, 0, school, 3, "三年级(1)班", null));
        programmes.setEnabled(school, "health", true, Map.of());
        obeseBoy = child("王小胖", Gender.MALE, today.minusYears(10).minusDays(40), grade5);
        stuntedGirl = child("李小矮", Gender.FEMALE, today.minusYears(9).minusDays(40), grade5);
        ordinaryBoy = child("张小明", Gender.MALE, today.minusYears(10).minusDays(100), grade5);
        youngGirl = child("赵小妹", Gender.FEMALE, today.minusYears(8).minusDays(10), grade3);
        String tag = Long.toString(System.nanoTime() % 1_000_000, 36);
        worker = user("hw" + tag, "HEALTH_WORKER", List.of());
        teacher = user("tc" + tag, "TEACHER", List.of(grade5.id()));
        schoolAdmin = user("sa" + tag, "SCHOOL_ADMIN", List.of());
        admin = admin.school(school);
    }

    private Child child(String name, Gender gender, LocalDate birth, SchoolClass k) {
        Child c = children.create(new Child(null, 0, name, gender, birth, null, null, "汉族", school, k.id(), BoardingType.DAY,
                "温水镇大坪村3组", "大坪村", LeftBehindType.BOTH_AWAY, LocalDate.of(2022, 2, 1), false, "健康", "画画", Set.of(), false,
                null, null));
        guardians.addGuardian(new Guardian(null, 0, c.id(), GuardianKind.GRANDPARENTS, "王奶奶", "奶奶", "务农", "温水镇大坪村3组",
                "15912345678", "良好", 66, null, true));
        guardians.addParent(new Parent(null, 0, c.id(), ParentRole.FATHER, "王爸爸", "13800138001", null, true, "广东省", "东莞市", null,
                null, null, null, null, null, true, false));
        guardians.addParent(new Parent(null, 0, c.id(), ParentRole.MOTHER, "张妈妈", "13800138000", null, true, "浙江省", "宁波市", null,
                null, null, null, null, null, true, false));
        return c;
    }

    private Http user(String name, String role, List<Long> classes) throws Exception {
        String body = "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"" + role + "\"],\"schoolIds\":[" + school
                + "],\"classIds\":" + classes + "}";
        HttpResponse<String> r = admin.send("POST", "/api/users", body);
        assertEquals(201, r.statusCode(), r.body());
        return admin.as(name, PASSWORD).school(school);
    }

    private JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    private long campaign(Http as) throws Exception {
        JsonNode k = ok(as.send("POST", API + "campaigns", "{\"semester\":\"" + (today.getYear() - 1) + "-" + today.getYear()
                + "-2\",\"title\":\"春季免费健康查体\",\"startsOn\":\"" + today.minusDays(20) + "\",\"endsOn\":\"" + today.plusDays(5)
                + "\",\"notifyWithinDays\":7}"), 201);
        return k.get("id").asLong();
    }

    private HttpResponse<String> check(Http as, long campaign, Child c, String body) throws Exception {
        return as.send("PUT", API + "campaigns/" + campaign + "/children/" + c.id() + "/check", body);
    }

    private static String measures(LocalDate on, double h, double w, int sbp, int dbp) {
        return "{\"measuredOn\":\"" + on + "\",\"heightCm\":" + h + ",\"weightKg\":" + w + ",\"sbp\":" + sbp + ",\"dbp\":" + dbp
                + ",\"measures\":[{\"code\":\"eyesight_left\",\"value\":4.9},{\"code\":\"haemoglobin\",\"value\":121}]}";
    }

    private static JsonNode screening(JsonNode check, String indicator) {
        for (JsonNode r : check.get("screening")) {
            if (r.get("indicator").asText().equals(indicator)) {
                return r;
            }
        }
        throw new AssertionError(indicator + " missing in " + check);
    }

    /** Collects the OVERDUE events into {@code into} until the registration is unregistered. */
    private ServiceRegistration<EventHandler> listen(BlockingQueue<org.osgi.service.event.Event> into) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, "org/guanai/programmes/health/followup/OVERDUE");
        return context.registerService(EventHandler.class, into::add, props);
    }

    @Test
    void campaignForAClassFlagsObeseAndStuntedChildrenAndFollowsThemUp() throws Exception {
        BlockingQueue<org.osgi.service.event.Event> overdue = new LinkedBlockingQueue<>();
        ServiceRegistration<EventHandler> handler = listen(overdue);
        try {
            long campaign = campaign(worker);
            // the class sheet lists the class's children, none checked yet
            JsonNode sheet = ok(worker.get(API + "campaigns/" + campaign + "/classes/" + grade5.id() + "/sheet"), 200);
            assertEquals(3, sheet.get("rows").size());
            assertTrue(sheet.get("rows").get(0).get("check").isNull());

            LocalDate measured = today.minusDays(12);
            // 10-year-old boy, 140 cm, 45 kg: BMI 22.96 ≥ WS/T 586 obesity cut-off (21.9 at 10.0)
            JsonNode obese = ok(check(worker, campaign, obeseBoy, measures(measured, 140, 45, 108, 68)), 200);
            JsonNode wst586 = screening(obese.get("check"), "WST586");
            assertEquals("OBESITY", wst586.get("category").asText());
            assertEquals("WS/T 586-2018", wst586.get("referenceId").asText());
            assertTrue(wst586.get("referenceVersion").asText().startsWith("2018"), wst586.toString());
            assertTrue(obese.get("check").get("flagged").asBoolean());
            assertEquals(1, obese.get("openedFollowUps").size());
            JsonNode bp = screening(obese.get("check"), "WST610_BP");
            assertTrue(bp.get("provisional").asBoolean(), "WS/T 610 data is provisional");
            // 9-year-old girl, 115 cm ≤ 119.5 (WS/T 456 stunting at 9.0)
            JsonNode stunted = ok(check(worker, campaign, stuntedGirl, measures(measured, 115, 20, 100, 60)), 200);
            assertEquals("STUNTED", screening(stunted.get("check"), "WST456_STUNTING").get("category").asText());
            assertEquals("WS/T 456-2014 height", screening(stunted.get("check"), "WST456_STUNTING").get("referenceId").asText());
            assertTrue(screening(stunted.get("check"), "WHO_HFA").get("value").asDouble() < -2);
            // an ordinary boy: no flag, no follow-up
            JsonNode ordinary = ok(check(worker, campaign, ordinaryBoy, measures(measured, 140, 32, 104, 64)), 200);
            assertFalse(ordinary.get("check").get("flagged").asBoolean(), ordinary.toString());
            assertEquals(0, ordinary.get("openedFollowUps").size());

            // the follow-ups are due 7 days after the check, so already overdue: listed and posted as events
            JsonNode late = ok(worker.get(API + "followups?status=overdue"), 200);
            assertEquals(2, late.get("items").size(), late.toString());
            Set<Object> posted = new java.util.HashSet<>();
            long until = System.nanoTime() + 10_000_000_000L;
            while (posted.size() < 2 && System.nanoTime() < until) {
                org.osgi.service.event.Event e = overdue.poll(1, TimeUnit.SECONDS);
                if (e != null && Long.valueOf(school).equals(e.getProperty("schoolId"))) {
                    posted.add(e.getProperty("childId"));
                }
            }
            assertEquals(Set.of(obeseBoy.id(), stuntedGirl.id()), posted);
            // and each is a notice in the health worker's inbox (issue 19), once, without the child's name
            List<JsonNode> notices = new java.util.ArrayList<>();
            ok(worker.get("/api/inbox?size=100"), 200).get("items").forEach(n -> {
                if (n.get("kind").asText().equals("FOLLOWUP_OVERDUE") && n.get("schoolId").asLong() == school) {
                    notices.add(n);
                }
            });
            assertEquals(Set.of(obeseBoy.id(), stuntedGirl.id()), notices.stream().map(n -> n.get("childId").asLong())
                    .collect(java.util.stream.Collectors.toSet()), notices.toString());
            assertTrue(notices.stream().anyMatch(n -> n.get("subjectZh").asText().equals("体检复查通知逾期：肥胖")), notices.toString());
            assertEquals("/#/p/health", notices.get(0).get("link").asText());

            long followUp = obese.get("openedFollowUps").get(0).asLong();
            JsonNode f = ok(worker.get(API + "followups/" + followUp), 200);
            assertEquals("OBESITY", f.get("finding").asText());
            assertEquals(List.of("GUARDIAN", "FATHER", "MOTHER"), json.convertValue(f.get("requiredRecipients"), List.class));
            // told: the mother by phone, the father by message, the guardian at a visit
            for (String[] who : new String[][] { { "MOTHER", "PHONE" }, { "FATHER", "MESSAGE" }, { "GUARDIAN", "VISIT" } }) {
                f = ok(worker.send("POST", API + "followups/" + followUp + "/notifications", "{\"recipient\":\"" + who[0]
                        + "\",\"channel\":\"" + who[1] + "\",\"notifiedOn\":\"" + measured.plusDays(2) + "\",\"note\":\"告知体检结果\"}"), 200);
            }
            assertEquals("NOTIFIED", f.get("status").asText());
            assertEquals(measured.plusDays(2).toString(), f.get("notifiedOn").asText());
            assertFalse(f.get("overdue").asBoolean());
            f = ok(worker.send("POST", API + "followups/" + followUp + "/referral", "{\"referredTo\":\"温水镇卫生院\",\"referredOn\":\""
                    + measured.plusDays(3) + "\",\"version\":" + f.get("version").asLong() + "}"), 200);
            assertEquals("REFERRED", f.get("status").asText());
            f = ok(worker.send("POST", API + "followups/" + followUp + "/close", "{\"outcome\":\"UNDER_TREATMENT\",\"outcomeNote\":\"定期复查\","
                    + "\"version\":" + f.get("version").asLong() + "}"), 200);
            assertEquals("CLOSED", f.get("status").asText());
            // a closed follow-up takes no more notifications
            HttpResponse<String> again = worker.send("POST", API + "followups/" + followUp + "/notifications",
                    "{\"recipient\":\"MOTHER\",\"channel\":\"PHONE\",\"notifiedOn\":\"" + today + "\"}");
            assertEquals(400, again.statusCode(), again.body());

            // the report: 3 checks, 2 flagged, one obesity and one stunting, parents told for 1 of 2 follow-ups, 1 overdue
            JsonNode row = ok(worker.get(API + "reports/summary"), 200).get("rows").get(0);
            assertEquals(3, row.get("checks").asInt(), row.toString());
            assertEquals(2, row.get("flagged").asInt());
            assertEquals(1, row.get("findings").get("OBESITY").asInt());
            assertEquals(1, row.get("findings").get("STUNTING").asInt());
            assertEquals(0.5, row.get("parentsNotifiedRate").asDouble(), 1e-9);
            assertEquals(1, row.get("parentsNotifiedInTime").asInt());
            assertEquals(1, row.get("overdue").asInt());
            // the county office sees every school's rows; a health worker of one school only that school's
            JsonNode county = ok(admin.get(API + "reports/summary?scope=county"), 200).get("rows");
            boolean found = false;
            for (JsonNode r : county) {
                if (r.get("schoolId").asLong() == school) {
                    found = true;
                    assertEquals(3, r.get("checks").asInt());
                }
            }
            assertTrue(found, county.toString());
            for (JsonNode r : ok(worker.get(API + "reports/summary?scope=county"), 200).get("rows")) {
                assertEquals(school, r.get("schoolId").asLong());
            }
            // the exports speak 中文 to their reader: headers, labels instead of codes, the semester by name, rates as percentages
            HttpResponse<byte[]> csv = worker.bytes(API + "reports/export?format=csv");
            assertEquals(200, csv.statusCode());
            String text = new String(csv.body(), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("\ufeff学校,学期,体检批次,已体检人数,有异常人数,肥胖,生长迟缓,中重度消瘦,血压偏高,随访数,已通知父母,父母通知率,"
                    + "逾期未通知,已结案,青春期课出勤人数\r\n"), text);
            assertTrue(text.contains("父母通知率") && text.contains(",50%,"), text);
            assertTrue(text.contains((today.getYear() - 1) + "-" + today.getYear() + "学年春季学期"), text);
            assertFalse(text.contains("0.5") || text.contains((today.getYear() - 1) + "-" + today.getYear() + "-2"), text);
            HttpResponse<byte[]> followUpsCsv = worker.bytes(API + "reports/export?format=csv&what=followups");
            assertEquals(200, followUpsCsv.statusCode());
            String rows = new String(followUpsCsv.body(), StandardCharsets.UTF_8);
            assertTrue(rows.startsWith("\ufeff儿童,发现问题,发现日期,通知期限,状态,全部通知日期,转诊至,结果,逾期\r\n"), rows);
            assertTrue(rows.contains("王小胖,肥胖,") && rows.contains("李小矮,生长迟缓,"), rows);
            assertTrue(rows.contains("已结案") && rows.contains("治疗中") && rows.contains("待通知") && rows.contains(",是\r\n"), rows);
            for (String code : List.of("OBESITY", "STUNTING", "OPEN", "CLOSED", "UNDER_TREATMENT", "true", "false", "!")) {
                assertFalse(rows.contains(code), code + " in " + rows);
            }
            HttpResponse<byte[]> xlsx = worker.bytes(API + "reports/export?format=xlsx&what=followups&lang=en");
            assertEquals(200, xlsx.statusCode());
            assertEquals('P', xlsx.body()[0]);
            assertEquals('K', xlsx.body()[1]);

            // the archive: checks, follow-ups and the growth chart's curves; the read is audited
            JsonNode archive = ok(worker.get(API + "children/" + obeseBoy.id() + "/archive"), 200);
            assertEquals(1, archive.get("checks").size());
            assertEquals(5, archive.get("growth").get("bmiCurves").size());
            assertTrue(archive.get("growth").get("heightCurves").get("median").size() > 5);
            JsonNode audit = ok(admin.get("/api/audit?child=" + obeseBoy.id() + "&action=READ&size=50"), 200);
            assertTrue(audit.toString().contains("health.archive"), audit.toString());
        } finally {
            handler.unregister();
        }
    }

    @Test
    void impossibleValuesAreRefusedWithTheFieldAndNothingIsStored() throws Exception {
        long campaign = campaign(worker);
        LocalDate on = today.minusDays(2);
        HttpResponse<String> r = check(worker, campaign, ordinaryBoy, measures(on, 300, 32, 104, 64));
        JsonNode e = ok(r, 400);
        assertEquals("heightCm", e.get("errors").get(0).get("field").asText());
        assertFalse(e.get("errors").get(0).get("message_zh").asText().isEmpty());
        assertFalse(e.get("errors").get(0).get("message_en").asText().isEmpty());
        e = ok(check(worker, campaign, ordinaryBoy, measures(on, 140, 32, 80, 90)), 400);
        assertEquals("dbp", e.get("errors").get(0).get("field").asText());
        // a value of the wrong type is refused by the platform's request contract, naming the field; the rules' range errors
        // are reported together
        e = ok(check(worker, campaign, ordinaryBoy, "{\"measuredOn\":\"" + on + "\",\"heightCm\":\"abc\",\"weightKg\":300}"), 400);
        assertEquals("validation", e.get("error").asText());
        assertEquals("heightCm", e.get("errors").get(0).get("field").asText());
        e = ok(check(worker, campaign, ordinaryBoy, "{\"measuredOn\":\"" + on + "\",\"heightCm\":10,\"weightKg\":300}"), 400);
        List<String> both = new ArrayList<>();
        e.get("errors").forEach(x -> both.add(x.get("field").asText()));
        assertEquals(List.of("heightCm", "weightKg"), both, "both range errors reported together");
        e = ok(check(worker, campaign, ordinaryBoy, measures(today.plusDays(1), 140, 32, 104, 64)), 400);
        assertEquals("measuredOn", e.get("errors").get(0).get("field").asText());
        e = ok(check(worker, campaign, ordinaryBoy, "{\"measuredOn\":\"" + on + "\",\"heightCm\":140,\"weightKg\":32,"
                + "\"measures\":[{\"code\":\"eyesight_left\",\"value\":9}]}"), 400);
        assertEquals("measures[0].value", e.get("errors").get(0).get("field").asText());
        // implausible against the reference (z BMI > 5): refused until confirmed
        e = ok(check(worker, campaign, ordinaryBoy, measures(on, 140, 98, 104, 64)), 400);
        assertEquals("confirm", e.get("error").asText());
        JsonNode sheet = ok(worker.get(API + "campaigns/" + campaign + "/classes/" + grade5.id() + "/sheet"), 200);
        for (JsonNode row : sheet.get("rows")) {
            assertTrue(row.get("check").isNull(), "nothing stored: " + row);
        }
        JsonNode saved = ok(check(worker, campaign, ordinaryBoy, measures(on, 140, 98, 104, 64).replace("{\"measuredOn\"",
                "{\"confirm\":true,\"measuredOn\"")), 200);
        assertEquals("IMPLAUSIBLE", screening(saved.get("check"), "WHO_BFA").get("category").asText());
        // a correction needs the version it corrects
        assertEquals(409, check(worker, campaign, ordinaryBoy, measures(on, 140, 32, 104, 64)).statusCode());
        JsonNode fixed = ok(check(worker, campaign, ordinaryBoy, measures(on, 140, 32, 104, 64).replace("{\"measuredOn\"",
                "{\"version\":" + saved.get("check").get("version").asLong() + ",\"measuredOn\"")), 200);
        assertEquals(2, fixed.get("check").get("version").asLong());
        assertFalse(fixed.get("check").get("flagged").asBoolean());
        // bad campaign
        e = ok(worker.send("POST", API + "campaigns", "{\"semester\":\"2026\",\"title\":\"\",\"startsOn\":\"2026-03-01\"}"), 400);
        List<String> fields = new ArrayList<>();
        e.get("errors").forEach(x -> fields.add(x.get("field").asText()));
        assertEquals(List.of("semester", "title", "endsOn"), fields);
    }

    /** A refusal in the platform's one error format, naming the field. */
    private JsonNode refused(HttpResponse<String> r, int status, String field) throws Exception {
        JsonNode e = ok(r, status);
        assertFalse(e.path("error").asText().isBlank(), r.body());
        JsonNode first = e.path("errors").path(0);
        assertEquals(field, first.path("field").asText(), r.body());
        assertFalse(first.path("message_zh").asText().isBlank(), r.body());
        assertFalse(first.path("message_en").asText().isBlank(), r.body());
        return e;
    }

    @Test
    void programmeRoutesHonourThePlatformsRequestContractAndStoreNothing() throws Exception {
        long campaign = campaign(worker);
        String path = API + "campaigns/" + campaign + "/children/" + ordinaryBoy.id() + "/check";
        LocalDate on = today.minusDays(2);
        String good = measures(on, 140, 32, 104, 64);
        refused(worker.send("PUT", path, good.replace("{\"measuredOn\"", "{\"note\":\"" + "字".repeat(400_000) + "\",\"measuredOn\"")),
                413, "body");
        refused(worker.send("PUT", path, "text/plain", good), 415, "Content-Type");
        refused(worker.send("PUT", path, good.replace("{\"measuredOn\"", "{\"colour\":\"red\",\"measuredOn\"")), 400, "colour");
        StringBuilder many = new StringBuilder("{\"measuredOn\":\"" + on + "\",\"heightCm\":140,\"weightKg\":32,\"measures\":[");
        for (int i = 0; i <= 1000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"code\":\"m").append(i).append("\",\"value\":1}");
        }
        refused(worker.send("PUT", path, many.append("]}").toString()), 400, "measures");
        refused(worker.send("PUT", path, "{\"measuredOn\":"), 400, "body");
        for (String date : List.of("0000-01-01", "+999999999-12-31")) {
            refused(worker.send("PUT", path, good.replace(on.toString(), date)), 400, "measuredOn");
            // a campaign that would otherwise be stored as it is
            LocalDate d = LocalDate.parse(date);
            refused(worker.send("POST", API + "campaigns", "{\"semester\":\"2025-2026-2\",\"title\":\"越界\",\"startsOn\":\"" + date
                    + "\",\"endsOn\":\"" + (d.getYear() > 0 ? date : d.plusDays(30).toString()) + "\"}"), 400, "startsOn");
        }
        // nothing stored by any of them
        JsonNode sheet = ok(worker.get(API + "campaigns/" + campaign + "/classes/" + grade5.id() + "/sheet"), 200);
        for (JsonNode row : sheet.get("rows")) {
            assertTrue(row.get("check").isNull(), "nothing stored: " + row);
        }
        assertEquals(1, ok(worker.get(API + "campaigns"), 200).get("items").size());
        // a refusal of the programme's own rules, in the same format
        refused(check(worker, campaign, ordinaryBoy, measures(on, 300, 32, 104, 64)), 400, "heightCm");
    }

    @Test
    void theOverdueMarkerIsADailyJobRunOncePerCluster() throws Exception {
        // the job's lease row in core_job: one node of the cluster runs each due time
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT next_due FROM core_job WHERE owner = 'health' AND name = 'overdue'"); ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), "the overdue marker is scheduled on the platform's jobs");
            OffsetDateTime due = rs.getObject(1, OffsetDateTime.class);
            assertEquals(java.time.LocalTime.of(0, 5), due.atZoneSameInstant(ZoneId.of("Asia/Shanghai")).toLocalTime(), due.toString());
        }
        // overdue follow-ups are posted once even when the job and a late check both post them
        BlockingQueue<org.osgi.service.event.Event> overdue = new LinkedBlockingQueue<>();
        ServiceRegistration<EventHandler> handler = listen(overdue);
        try {
            long campaign = campaign(worker);
            ok(check(worker, campaign, obeseBoy, measures(today.minusDays(12), 140, 45, 108, 68)), 200);
            ok(check(worker, campaign, stuntedGirl, measures(today.minusDays(12), 115, 20, 100, 60)), 200);
            List<Object> posted = new ArrayList<>();
            org.osgi.service.event.Event e;
            while ((e = overdue.poll(3, TimeUnit.SECONDS)) != null) {
                if (Long.valueOf(school).equals(e.getProperty("schoolId"))) {
                    posted.add(e.getProperty("childId"));
                }
            }
            assertEquals(2, posted.size(), posted.toString());
            assertEquals(Set.of(obeseBoy.id(), stuntedGirl.id()), Set.copyOf(posted));
        } finally {
            handler.unregister();
        }
    }

    @Test
    void aTeacherOrSchoolAdministratorCannotReadAnyHealthRecord() throws Exception {
        long campaign = campaign(worker);
        JsonNode c = ok(check(worker, campaign, obeseBoy, measures(today.minusDays(1), 140, 45, 108, 68)), 200);
        long followUp = c.get("openedFollowUps").get(0).asLong();
        List<String> paths = List.of(API + "children/" + obeseBoy.id() + "/archive", API + "children/" + obeseBoy.id() + "/household",
                API + "children/" + obeseBoy.id() + "/contacts", API + "campaigns", API + "campaigns/" + campaign,
                API + "campaigns/" + campaign + "/classes/" + grade5.id() + "/sheet", API + "followups", API + "followups?status=all",
                API + "followups/" + followUp, API + "population", API + "puberty-classes", API + "reports/summary",
                API + "reports/export?format=csv", API + "reports/export?format=xlsx&what=followups", API + "references");
        for (Http who : List.of(teacher, schoolAdmin)) {
            for (String path : paths) {
                HttpResponse<String> r = who.get(path);
                assertEquals(403, r.statusCode(), who + " " + path + ": " + r.body());
                assertFalse(r.body().contains("王小胖") || r.body().contains("OBESITY"), r.body());
            }
            assertEquals(403, check(who, campaign, obeseBoy, measures(today.minusDays(1), 140, 30, 108, 68)).statusCode());
            assertEquals(403, who.send("POST", API + "followups/" + followUp + "/notifications",
                    "{\"recipient\":\"MOTHER\",\"channel\":\"PHONE\",\"notifiedOn\":\"" + today + "\"}").statusCode());
        }
        // the teacher's own class is served by the core's archive, still without health data of this programme
        HttpResponse<String> own = teacher.get("/api/children/" + obeseBoy.id());
        assertEquals(200, own.statusCode(), own.body());
        assertFalse(own.body().contains("OBESITY"));
        // the county administrator and the health worker read it
        assertEquals(200, admin.get(API + "children/" + obeseBoy.id() + "/archive").statusCode());
        assertEquals(200, worker.get(API + "followups/" + followUp).statusCode());
        // a health worker of another school: the record is absent
        School other = schools.createSchool(new School(null, 0, "另一学校-" + System.nanoTime(), null, "习水县", "良村镇", null, null, false));
        programmes.setEnabled(other.id(), "health", true, Map.of());
        String name = "ho" + Long.toString(System.nanoTime() % 1_000_000, 36);
        assertEquals(201, admin.send("POST", "/api/users", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD
                + "\",\"roles\":[\"HEALTH_WORKER\"],\"schoolIds\":[" + other.id() + "],\"classIds\":[]}").statusCode());
        Http stranger = admin.as(name, PASSWORD).school(other.id());
        assertEquals(404, stranger.get(API + "children/" + obeseBoy.id() + "/archive").statusCode());
        assertEquals(404, stranger.get(API + "followups/" + followUp).statusCode());
        assertEquals(404, stranger.get(API + "campaigns/" + campaign).statusCode());
    }

    @Test
    void householdFlagsSelectThePopulationKeyTargetsFirstAndPubertyClassesAreForGradeFive() throws Exception {
        HttpResponse<String> bad = worker.send("PUT", API + "children/" + youngGirl.id() + "/household", "{\"fpHousehold\":\"yes\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        JsonNode h = ok(worker.send("PUT", API + "children/" + youngGirl.id() + "/household", "{\"fpHousehold\":true,\"oneChild\":true,"
                + "\"girlsOnly\":false,\"twoDaughtersSterilised\":false,\"hardship\":false,\"version\":0}"), 200);
        assertEquals(1, h.get("version").asLong());
        ok(worker.send("PUT", API + "children/" + ordinaryBoy.id() + "/household", "{\"fpHousehold\":true,\"oneChild\":false,"
                + "\"girlsOnly\":false,\"twoDaughtersSterilised\":false,\"hardship\":true,\"hardshipReason\":\"父亲重病\",\"version\":0}"), 200);
        assertEquals(409, worker.send("PUT", API + "children/" + ordinaryBoy.id() + "/household", "{\"fpHousehold\":true,\"oneChild\":false,"
                + "\"girlsOnly\":false,\"twoDaughtersSterilised\":false,\"hardship\":true,\"version\":0}").statusCode());
        JsonNode pop = ok(worker.get(API + "population"), 200).get("items");
        assertEquals(2, pop.size(), pop.toString());
        assertEquals(youngGirl.id(), pop.get(0).get("childId").asLong());
        assertTrue(pop.get(0).get("keyTarget").asBoolean());
        assertFalse(pop.get(0).get("pubertyClassEligible").asBoolean());
        assertTrue(pop.get(1).get("reasons").toString().contains("FP_HARDSHIP"));
        assertTrue(pop.get(1).get("pubertyClassEligible").asBoolean());
        // 四个一 for a family
        ok(worker.send("POST", API + "children/" + youngGirl.id() + "/family-services", "{\"kind\":\"LEAFLET\",\"deliveredOn\":\"" + today
                + "\"}"), 201);
        assertEquals(400, worker.send("POST", API + "children/" + youngGirl.id() + "/family-services", "{\"kind\":\"GIFT\",\"deliveredOn\":\""
                + today + "\"}").statusCode());
        JsonNode archive = ok(worker.get(API + "children/" + youngGirl.id() + "/archive"), 200);
        assertEquals(today.toString(), archive.get("fourOnes").get("LEAFLET").asText());
        assertTrue(archive.get("fourOnes").get("CONSULTATION").isNull());
        // puberty class: grade 3 refused, grade 5 recorded
        String semester = (today.getYear() - 1) + "-" + today.getYear() + "-2";
        JsonNode e = ok(worker.send("POST", API + "puberty-classes", "{\"semester\":\"" + semester + "\",\"heldOn\":\"" + today
                + "\",\"topic\":\"青春期保健\",\"attendance\":[{\"childId\":" + ordinaryBoy.id() + "},{\"childId\":" + youngGirl.id() + "}]}"), 400);
        assertEquals("attendance[1].childId", e.get("errors").get(0).get("field").asText());
        ok(worker.send("POST", API + "puberty-classes", "{\"semester\":\"" + semester + "\",\"heldOn\":\"" + today
                + "\",\"topic\":\"青春期保健\",\"attendance\":[{\"childId\":" + ordinaryBoy.id() + "},{\"childId\":" + stuntedGirl.id()
                + ",\"present\":false}]}"), 201);
        pop = ok(worker.get(API + "population?scope=all"), 200).get("items");
        for (JsonNode p : pop) {
            if (p.get("childId").asLong() == ordinaryBoy.id()) {
                assertEquals(1, p.get("pubertyClassesAttended").asInt());
            } else {
                assertEquals(0, p.get("pubertyClassesAttended").asInt());
            }
        }
    }

    /**
     * Issue 18: the population, every child ({@code scope=all}), one class of it and the class sheet answered a page at a
     * time ({@code page}, {@code size}, {@code total}); page for page they are the whole answer cut into pages (every
     * child's row as the whole answer has it; {@code scope=all} in the order of the class list: class, name, id), and a
     * bad parameter is refused naming it.
     */
    @Test
    void populationAndSheetPagedPageForPageAreTheWholeAnswer() throws Exception {
        List<Child> extra = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            extra.add(child(i % 3 == 0 ? "同名" : "学生" + "庚己戊丁丙乙甲".charAt(i), i % 2 == 0 ? Gender.FEMALE : Gender.MALE, today.minusYears(10).minusDays(i),
                    i < 5 ? grade5 : grade3));
        }
        extra.add(child("无班", Gender.FEMALE, today.minusYears(10), grade5)); // moved out of every class below
        children.update(new Child(extra.get(7).id(), extra.get(7).version(), extra.get(7).name(), Gender.FEMALE, extra.get(7).birthDate(), null, null, "汉族",
                school, null, BoardingType.DAY, "温水镇大坪村3组", "大坪村", LeftBehindType.BOTH_AWAY, LocalDate.of(2022, 2, 1), false, "健康",
                "画画", Set.of(), false, null, null));
        List<Child> surveyed = new ArrayList<>(extra);
        surveyed.addAll(List.of(obeseBoy, youngGirl, ordinaryBoy));
        for (int i = 0; i < surveyed.size(); i++) {
            ok(worker.send("PUT", API + "children/" + surveyed.get(i).id() + "/household", "{\"fpHousehold\":" + (i % 4 != 3)
                    + ",\"oneChild\":" + (i % 2 == 0) + ",\"girlsOnly\":" + (i % 3 == 0) + ",\"twoDaughtersSterilised\":false,\"hardship\":"
                    + (i % 5 == 0) + ",\"version\":0}"), 200);
        }
        long campaign = campaign(worker);
        for (Child c : List.of(obeseBoy, extra.get(0), extra.get(3))) {
            ok(check(worker, campaign, c, measures(today.minusDays(3), 140, 45, 110, 70)), 200);
        }
        String semester = (today.getYear() - 1) + "-" + today.getYear() + "-2";
        ok(worker.send("POST", API + "puberty-classes", "{\"semester\":\"" + semester + "\",\"heldOn\":\"" + today
                + "\",\"topic\":\"青春期保健\",\"attendance\":[{\"childId\":" + extra.get(1).id() + "},{\"childId\":" + obeseBoy.id()
                + ",\"present\":false}]}"), 201);

        JsonNode targets = ok(worker.get(API + "population"), 200).get("items");
        assertTrue(targets.size() > 3, targets.toString());
        JsonNode all = ok(worker.get(API + "population?scope=all"), 200).get("items");
        assertEquals(12, all.size(), all.toString());
        for (int size : new int[] { 1, 2, 5, 20 }) {
            assertEquals(list(targets), pages(API + "population?", size, targets.size()), "size " + size);
            // every child once, each row as the whole list has it, by class (none last), name and id
            List<JsonNode> paged = pages(API + "population?scope=all&", size, all.size());
            assertEquals(sorted(all), paged, "size " + size);
            List<JsonNode> fifth = new ArrayList<>();
            sorted(all).stream().filter(p -> p.get("classId").asLong() == grade5.id()).forEach(fifth::add);
            assertEquals(fifth, pages(API + "population?scope=all&class=" + grade5.id() + "&", size, fifth.size()), "size " + size);
            List<JsonNode> fifthTargets = new ArrayList<>();
            targets.forEach(p -> {
                if (p.get("classId").asLong() == grade5.id()) {
                    fifthTargets.add(p);
                }
            });
            assertEquals(fifthTargets, pages(API + "population?class=" + grade5.id() + "&", size, fifthTargets.size()), "size " + size);
            JsonNode sheet = ok(worker.get(API + "campaigns/" + campaign + "/classes/" + grade5.id() + "/sheet"), 200);
            List<JsonNode> rows = new ArrayList<>();
            for (int page = 0; page * size < sheet.get("rows").size() + size; page++) {
                JsonNode p = ok(worker.get(API + "campaigns/" + campaign + "/classes/" + grade5.id() + "/sheet?page=" + page + "&size=" + size),
                        200);
                assertEquals(sheet.get("rows").size(), p.get("total").asInt());
                assertEquals(sheet.get("campaign"), p.get("campaign"));
                assertTrue(p.get("rows").size() <= size);
                p.get("rows").forEach(rows::add);
            }
            assertEquals(list(sheet.get("rows")), rows, "size " + size);
        }
        // the checks of the page are those of the whole sheet, with their measures and screening
        JsonNode first = ok(worker.get(API + "campaigns/" + campaign + "/classes/" + grade5.id() + "/sheet?size=500"), 200);
        long checked = 0;
        for (JsonNode r : first.get("rows")) {
            if (!r.get("check").isNull()) {
                checked++;
                assertEquals(2, r.get("check").get("measures").size(), r.toString());
                assertFalse(r.get("check").get("screening").isEmpty(), r.toString());
            }
        }
        assertEquals(3, checked);

        // bad parameters: 400 naming them
        for (String q : List.of("population?page=-1", "population?scope=all&size=0", "population?size=501", "population?page=x",
                "population?scope=all&class=x", "population?scope=all&class=" + classOfAnotherSchool(),
                "campaigns/" + campaign + "/classes/" + grade5.id() + "/sheet?page=-1",
                "campaigns/" + campaign + "/classes/" + grade5.id() + "/sheet?size=1000")) {
            JsonNode e = ok(worker.get(API + q), 400);
            String field = q.contains("class=") ? "class" : q.contains("size=") ? "size" : "page";
            assertEquals(field, e.get("errors").get(0).get("field").asText(), q + ": " + e);
        }
    }

    /** @return every page of {@code base} at {@code size}, checking each page's {@code total}, {@code page} and {@code size} */
    private List<JsonNode> pages(String base, int size, int total) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int page = 0; page * size < total + size; page++) {
            JsonNode p = ok(worker.get(base + "page=" + page + "&size=" + size), 200);
            assertEquals(total, p.get("total").asInt(), p.toString());
            assertEquals(page, p.get("page").asInt());
            assertEquals(size, p.get("size").asInt());
            assertEquals(Math.max(0, Math.min(size, total - page * size)), p.get("items").size(), base + page);
            p.get("items").forEach(out::add);
        }
        return out;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** @return the rows by class (none last), name and id: the order of the registry's class list */
    private static List<JsonNode> sorted(JsonNode rows) {
        List<JsonNode> out = list(rows);
        out.sort(java.util.Comparator.comparing((JsonNode p) -> p.get("classId").isNull() ? Long.MAX_VALUE : p.get("classId").asLong())
                .thenComparing(p -> p.get("name").asText()).thenComparingLong(p -> p.get("childId").asLong()));
        return out;
    }

    private long classOfAnotherSchool() {
        School other = schools.createSchool(new School(null, 0, "别的学校-" + System.nanoTime(), null, "习水县", "温水镇", null, null, false));
        return schools.createClass(new SchoolClass(null, 0, other.id(), 5, "五年级(2)班", null)).id();
    }

    @Test
    void demoDataHasACampaignWithObeseAndStuntedChildren() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(ProgrammeDemo.class.getName(), "(programme.id=health)");
        assertNotNull(refs);
        ProgrammeDemo demo = (ProgrammeDemo) context.getService(refs[0]);
        try {
            School s = schools.createSchool(new School(null, 0, "演示学校-" + System.nanoTime(), null, "习水县", "温水镇", null, null, false));
            programmes.setEnabled(s.id(), "health", true, Map.of());
            long saved = school;
            school = s.id();
            for (int g = 1; g <= 3; g++) {
                SchoolClass k = schools.createClass(new SchoolClass(null, 0, s.id(), g + 2, (g + 2) + "年级(1)班", null));
                for (int i = 0; i < 8; i++) {
                    child("演示" + "甲乙丙丁戊己庚辛".charAt(i) + "一二三".charAt(g - 1), i % 2 == 0 ? Gender.MALE : Gender.FEMALE,
                            today.minusYears(8 + g).minusDays(17L * i + 30), k);
                }
            }
            school = saved;
            demo.load(List.of(s.id()));
            Http w = worker.as("admin", Http.ADMIN_PASSWORD).school(s.id());
            JsonNode row = ok(w.get(API + "reports/summary"), 200).get("rows").get(0);
            assertEquals(16, row.get("checks").asInt(), row.toString());
            assertTrue(row.get("findings").get("OBESITY").asInt() >= 1, row.toString());
            assertTrue(row.get("findings").get("STUNTING").asInt() >= 1, row.toString());
            assertTrue(row.get("parentsNotified").asInt() >= 1, row.toString());
            assertTrue(row.get("overdue").asInt() >= 1, row.toString());
            assertFalse(ok(w.get(API + "puberty-classes"), 200).get("items").isEmpty());
            assertEquals(1, row.get("pubertyClasses").asInt(), row.toString());
            assertTrue(row.get("pubertyAttendees").asInt() >= 1, row.toString());
        } finally {
            context.ungetService(refs[0]);
        }
    }
}
