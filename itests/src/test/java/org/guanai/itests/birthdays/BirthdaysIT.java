package org.guanai.itests.birthdays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.BoardingType;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
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
 * The 生日 programme in the real platform: calendar choices, upcoming birthdays in both calendars, a party batch and
 * its celebrations, coverage, festivals, the class's iCalendar feed, field errors, and a reminder event.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class BirthdaysIT {
    private static final String BASE = "/api/programmes/birthdays/";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
    @InjectService(timeout = 20_000)
    ConfigurationAdmin config;

    private String base() {
        Object endpoint = runtime.getServiceReference().getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String first = endpoint instanceof String[] all ? all[0]
                : endpoint instanceof java.util.Collection<?> c ? String.valueOf(c.iterator().next()) : String.valueOf(endpoint);
        return first.endsWith("/") ? first.substring(0, first.length() - 1) : first;
    }

    /** HTTP Basic of the user the requests are made as: the county administrator until {@link #schoolAdmin} */
    private String auth = "admin:Itest-county-2026";

    /** Creates a 学校管理员 of the school (birthdays.write is the school's, not the county's) and acts as them. */
    private void schoolAdmin(long school) throws Exception {
        user("SCHOOL_ADMIN", school, null);
    }

    private void user(String role, long school, Long schoolClass) throws Exception {
        String name = "bd" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        HttpResponse<String> r = call("POST", "/api/users", "{\"username\":\"" + name + "\",\"password\":\"Birthday-2026-pass\","
                + "\"roles\":[\"" + role + "\"],\"schoolIds\":[" + school + "],\"classIds\":[" + (schoolClass == null ? "" : schoolClass)
                + "]}", school);
        assertEquals(201, r.statusCode(), r.body());
        auth = name + ":Birthday-2026-pass";
    }

    /**
     * 本月生日名单 (issue 16): the month's children's birthdays as a file to print or send, read back: 中文 headers, the day
     * as a date, the lunar date, name and class, the age they turn, the calendar in words; a teacher's list has her class
     * only; a format it does not write is refused naming the field.
     */
    @Test
    void monthBirthdayListExport() throws Exception {
        School s = schools.createSchool(new School(null, 0, "生日名单学校-" + System.nanoTime(), null, "习水县", "温水镇", null, null, false));
        SchoolClass mine = schools.createClass(new SchoolClass(null, 0, s.id(), 4, "四年级(1)班", null));
        SchoolClass other = schools.createClass(new SchoolClass(null, 0, s.id(), 4, "四年级(2)班", null));
        programmes.setEnabled(s.id(), "birthdays", true, java.util.Map.of());
        child(s, mine, "吴小三", LocalDate.of(2016, 3, 5));
        child(s, other, "吴小四", LocalDate.of(2015, 3, 20));
        child(s, mine, "吴小五", LocalDate.of(2016, 4, 1));
        // a child whose parents are home (非留守) is on no birthday list (issue 19: every programme honours eligibility)
        children.create(new Child(null, 0, "吴小六", Gender.MALE, LocalDate.of(2016, 3, 9), null, null, "汉族", s.id(), mine.id(),
                BoardingType.DAY, "温水镇大坪村3组", "大坪村", LeftBehindType.NONE, null, false, null, null, Set.of(), false, null, null));
        schoolAdmin(s.id());
        HttpResponse<String> csv = call("GET", BASE + "month/export?month=2026-03&format=csv", null, s.id());
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains(
                java.net.URLEncoder.encode("生日名单-2026年3月.csv", StandardCharsets.UTF_8)), csv.headers().map().toString());
        List<String> lines = csv.body().lines().toList();
        assertEquals("\uFEFF日期,农历,姓名,班级,周岁,过生日的历法", lines.get(0));
        assertEquals(3, lines.size(), csv.body());
        assertTrue(lines.get(1).startsWith("2026-03-05,") && lines.get(1).endsWith(",吴小三,四年级(1)班,10,公历"), lines.get(1));
        assertTrue(lines.get(2).startsWith("2026-03-20,") && lines.get(2).endsWith(",吴小四,四年级(2)班,11,公历"), lines.get(2));
        assertFalse(lines.get(1).split(",")[1].isBlank(), "the lunar date: " + lines.get(1));
        for (String code : List.of("SOLAR", "LUNAR", "CHILD_BIRTHDAY")) {
            assertFalse(csv.body().contains(code), code);
        }
        assertFalse(csv.body().contains("吴小六"), csv.body());
        HttpResponse<byte[]> xlsx = send("GET", BASE + "month/export?month=2026-03", null, null, s.id(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, xlsx.statusCode());
        assertTrue(xlsx.headers().firstValue("Content-Type").orElse("").contains("spreadsheetml"), xlsx.headers().map().toString());
        JsonNode refused = ok(call("GET", BASE + "month/export?month=2026-03&format=pdf", null, s.id()), 400);
        assertEquals("format", refused.path("errors").get(0).path("field").asText());

        user("TEACHER", s.id(), mine.id());
        List<String> hers = call("GET", BASE + "month/export?month=2026-03&format=csv", null, s.id()).body().lines().toList();
        assertEquals(2, hers.size(), hers.toString());
        assertTrue(hers.get(1).contains("吴小三"), hers.toString());
    }

    /** A 班主任 sees the birthdays, celebrations and feed of their own class only. */
    @Test
    void teacherSeesOnlyTheirClass() throws Exception {
        School s = schools.createSchool(new School(null, 0, "班级测试学校-" + System.nanoTime(), null, "习水县", "温水镇", null, null, false));
        SchoolClass mine = schools.createClass(new SchoolClass(null, 0, s.id(), 5, "五年级(1)班", null));
        SchoolClass other = schools.createClass(new SchoolClass(null, 0, s.id(), 5, "五年级(2)班", null));
        programmes.setEnabled(s.id(), "birthdays", true, java.util.Map.of());
        LocalDate today = LocalDate.now(ZoneOffset.ofHours(8));
        Child a = child(s, mine, "周小一", today.minusYears(11).plusDays(1));
        Child b = child(s, other, "周小二", today.minusYears(11).plusDays(1));
        user("TEACHER", s.id(), mine.id());
        JsonNode up = ok(call("GET", BASE + "upcoming?days=7", null, s.id()), 200);
        List<Long> ids = new ArrayList<>();
        up.path("items").forEach(i -> ids.add(i.path("childId").asLong()));
        assertEquals(List.of(a.id()), ids);
        assertEquals(404, call("GET", BASE + "children/" + b.id() + "/birthday", null, s.id()).statusCode());
        assertEquals(404, call("PUT", BASE + "children/" + b.id() + "/birthday", "{\"calendar\":\"LUNAR\"}", s.id()).statusCode());
        assertEquals(404, call("GET", BASE + "classes/" + other.id() + "/calendar.ics", null, s.id()).statusCode());
        assertEquals(404, call("GET", BASE + "classes/" + other.id() + "/upcoming", null, s.id()).statusCode());
        // a school-wide party needs the whole school: a class teacher names the class
        JsonNode bad = ok(call("POST", BASE + "parties", "{\"month\":\"" + today.plusDays(1).toString().substring(0, 7)
                + "\",\"partyDate\":\"" + today + "\"}", s.id()), 400);
        assertEquals("classId", bad.path("errors").get(0).path("field").asText());
        assertEquals(400, call("POST", BASE + "parties", "{\"month\":\"" + today.plusDays(1).toString().substring(0, 7)
                + "\",\"classId\":" + other.id() + ",\"partyDate\":\"" + today + "\"}", s.id()).statusCode());
        // their own child's celebration outside a party; the day must be a birthday
        assertEquals(400, call("POST", BASE + "children/" + a.id() + "/celebrations", "{\"birthday\":\"" + today.minusDays(100)
                + "\",\"card\":true}", s.id()).statusCode());
        JsonNode cel = ok(call("POST", BASE + "children/" + a.id() + "/celebrations", "{\"birthday\":\"" + today.plusDays(1)
                + "\",\"card\":true,\"wish\":true,\"wishText\":\"生日快乐\"}", s.id()), 201);
        assertTrue(cel.path("celebrated").asBoolean());
        assertEquals(409, call("POST", BASE + "children/" + a.id() + "/celebrations", "{\"birthday\":\"" + today.plusDays(1)
                + "\",\"card\":true}", s.id()).statusCode());
    }

    private HttpResponse<String> call(String method, String path, String body, long school) throws Exception {
        return send(method, path, "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8), school,
                HttpResponse.BodyHandlers.ofString());
    }

    private <T> HttpResponse<T> send(String method, String path, String contentType, byte[] body, long school,
            HttpResponse.BodyHandler<T> answer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)))
                .header("X-Guanai-School", String.valueOf(school));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpRequest request = b.build();
        try {
            return http.send(request, answer);
        } catch (java.io.IOException e) {
            // the server may close a kept-alive connection after refusing a request before reading its body (413); the
            // client learns it only on its next request over that connection: send it once more, on a new one
            return http.send(request, answer);
        }
    }

    /** The platform's error body: {@code error}, and the field named in 中文 and English. */
    private void assertRefused(HttpResponse<String> r, int status, String field) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().map().toString());
        JsonNode body = json.readTree(r.body());
        assertFalse(body.path("error").asText().isBlank(), r.body());
        if (body.has("message_zh")) {
            assertFalse(body.path("message_zh").asText().isBlank() || body.path("message_en").asText().isBlank(), r.body());
        }
        JsonNode e = body.path("errors").path(0);
        assertEquals(field, e.path("field").asText(), r.body());
        assertFalse(e.path("message_zh").asText().isBlank(), r.body());
        assertFalse(e.path("message_en").asText().isBlank(), r.body());
    }

    /**
     * The programme's routes hold to the platform's request contract (before the SDK they parsed a 5 MB body, accepted
     * {@code text/plain}, ignored unknown fields and took year 0000) and refuse in its one error format, storing nothing.
     */
    @Test
    void requestContractOnTheProgrammesRoutes() throws Exception {
        School s = schools.createSchool(new School(null, 0, "契约测试学校-" + System.nanoTime(), null, "习水县", "温水镇", null, null, false));
        SchoolClass k = schools.createClass(new SchoolClass(null, 0, s.id(), 4, "四年级(2)班", null));
        programmes.setEnabled(s.id(), "birthdays", true, java.util.Map.of());
        schoolAdmin(s.id());
        LocalDate today = LocalDate.now(ZoneOffset.ofHours(8));
        LocalDate birthday = today.plusDays(1);
        Child kid = child(s, k, "吴小契", birthday.minusYears(10));
        String celebrations = BASE + "children/" + kid.id() + "/celebrations";
        String valid = "{\"birthday\":\"" + birthday + "\",\"card\":true";

        assertRefused(call("POST", celebrations, valid + ",\"colour\":\"red\"}", s.id()), 400, "colour");
        assertRefused(call("POST", celebrations, "{\"birthday\":\"0000-01-01\",\"card\":true}", s.id()), 400, "birthday");
        assertRefused(call("POST", celebrations, "{\"birthday\":\"+999999999-12-31\",\"card\":true}", s.id()), 400, "birthday");
        StringBuilder many = new StringBuilder(valid + ",\"note\":[0");
        for (int i = 1; i < 1001; i++) {
            many.append(',').append(i);
        }
        HttpResponse<String> tooMany = call("POST", celebrations, many.append("]}").toString(), s.id());
        assertRefused(tooMany, 400, "note");
        assertTrue(json.readTree(tooMany.body()).path("errors").path(0).path("message_en").asText().contains("1,000"), tooMany.body());
        assertRefused(call("POST", celebrations, "{\"birthday\":", s.id()), 400, "body");
        assertRefused(send("POST", celebrations, "text/plain", (valid + "}").getBytes(StandardCharsets.UTF_8), s.id(),
                HttpResponse.BodyHandlers.ofString()), 415, "Content-Type");
        byte[] big = (valid + ",\"note\":\"" + "字".repeat(400_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertTrue(big.length > 1 << 20);
        assertRefused(send("POST", celebrations, "application/json", big, s.id(), HttpResponse.BodyHandlers.ofString()), 413, "body");
        // a party batch too: an unknown field, a party day out of range, no JSON
        String month = birthday.toString().substring(0, 7);
        assertRefused(call("POST", BASE + "parties", "{\"month\":\"" + month + "\",\"partyDate\":\"" + birthday + "\",\"when\":1}", s.id()),
                400, "when");
        assertRefused(call("POST", BASE + "parties", "{\"month\":\"" + month + "\",\"partyDate\":\"+999999999-12-31\"}", s.id()), 400,
                "partyDate");
        assertRefused(send("POST", BASE + "parties", "text/plain", "{}".getBytes(StandardCharsets.UTF_8), s.id(),
                HttpResponse.BodyHandlers.ofString()), 415, "Content-Type");

        // nothing was stored by the refused requests
        assertEquals(0, ok(call("GET", BASE + "children/" + kid.id() + "/birthday", null, s.id()), 200).path("celebrations").size());
        int y = birthday.getMonthValue() >= 9 ? birthday.getYear() : birthday.getYear() - 1;
        assertEquals(0, ok(call("GET", BASE + "parties?schoolYear=" + y, null, s.id()), 200).path("items").size());
        JsonNode saved = ok(call("POST", celebrations, valid + ",\"wish\":true}", s.id()), 201);
        assertEquals(1, ok(call("GET", BASE + "children/" + kid.id() + "/birthday", null, s.id()), 200).path("celebrations").size());

        // the coverage export speaks 中文 to the school office: headers, class names, rates as percentages
        HttpResponse<String> csv = call("GET", BASE + "coverage/export?format=csv&schoolYear=" + y, null, s.id());
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), csv.headers().map().toString());
        List<String> lines = csv.body().lines().toList();
        assertEquals("\uFEFF班级,学生数,生日已到,已庆祝,贺卡感言祝福齐全,覆盖率,生日已到学生的覆盖率", lines.get(0));
        // the birthday is tomorrow: celebrated already, not come yet, so no rate of the birthdays so far (an empty cell)
        assertTrue(saved.path("celebrated").asBoolean());
        assertEquals("四年级(2)班,1,0,1,0,100%,", lines.get(1), csv.body());
        assertEquals("全校合计,1,0,1,0,100%,", lines.get(2), csv.body());
        HttpResponse<byte[]> xlsx = send("GET", BASE + "coverage/export?schoolYear=" + y, null, null, s.id(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, xlsx.statusCode());
        assertTrue(xlsx.headers().firstValue("Content-Type").orElse("").contains("spreadsheetml"), xlsx.headers().map().toString());
        StringBuilder cells = new StringBuilder();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("coverage", ".xlsx");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(java.nio.file.Files.write(file, xlsx.body()).toFile())) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(zip.entries())) {
                cells.append(new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            java.nio.file.Files.delete(file);
        }
        // the workbook's XML writes characters beyond ASCII as references (&#x73ed; for 班)
        String xml = java.util.regex.Pattern.compile("&#x([0-9a-fA-F]+);").matcher(cells)
                .replaceAll(m -> new String(Character.toChars(Integer.parseInt(m.group(1), 16))));
        assertTrue(xml.contains("贺卡感言祝福齐全") && xml.contains("四年级(2)班") && xml.contains("全校合计"), "the workbook's cells in 中文");
        assertRefused(call("GET", BASE + "coverage/export?format=pdf", null, s.id()), 400, "format");
    }

    private JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    private Child child(School s, SchoolClass k, String name, LocalDate birth) {
        return children.create(new Child(null, 0, name, Gender.FEMALE, birth, null, null, "汉族", s.id(), k.id(), BoardingType.DAY,
                "温水镇大坪村3组", "大坪村", LeftBehindType.BOTH_AWAY, null, false, null, null, Set.of(), false, null, null));
    }

    @Test
    void birthdaysPartiesFeedAndFestivals() throws Exception {
        School s = schools.createSchool(new School(null, 0, "生日测试学校-" + System.nanoTime(), null, "习水县", "温水镇", null, null, false));
        SchoolClass k = schools.createClass(new SchoolClass(null, 0, s.id(), 3, "三年级(1)班", null));
        programmes.setEnabled(s.id(), "birthdays", true, java.util.Map.of());
        schoolAdmin(s.id());
        LocalDate today = LocalDate.now(ZoneOffset.ofHours(8));
        Child solar = child(s, k, "李小阳", today.minusYears(9).plusDays(2));
        // born on 腊月三十 (2024-02-09): by the lunar calendar the birthday in lunar 2024 is 腊月廿九, 2025-01-28 (除夕 2025)
        Child lunar = child(s, k, "李小月", LocalDate.of(2024, 2, 9));
        guardians.addParent(new Parent(null, 0, solar.id(), ParentRole.MOTHER, "王妈妈", "13800138000", LocalDate.of(1990, 1, 27), true,
                "广东省", "东莞市", null, null, null, null, null, null, true, false));

        ok(call("PUT", BASE + "children/" + lunar.id() + "/birthday", "{\"calendar\":\"LUNAR\"}", s.id()), 200);
        JsonNode b = ok(call("GET", BASE + "children/" + lunar.id() + "/birthday", null, s.id()), 200);
        assertEquals("LUNAR", b.path("calendar").asText());
        assertEquals("腊月三十", b.path("lunarBirth").path("zh").asText());

        JsonNode up = ok(call("GET", BASE + "upcoming?from=2025-01-01&to=2025-02-28", null, s.id()), 200);
        List<String> seen = new ArrayList<>();
        up.path("items").forEach(i -> seen.add(i.path("name").asText() + " " + i.path("date").asText() + " " + i.path("keptBy").asText()));
        assertEquals(List.of("李小月 2025-01-28 LUNAR"), seen);
        // the day's lunar name, and the age turned in lunar years (born in lunar 2023, the birthday in lunar 2024)
        assertEquals("腊月廿九", up.path("items").get(0).path("dateLunar").asText());
        assertEquals(1, up.path("items").get(0).path("age").asInt());
        // the same window by everyone's solar birthday: 2025-02-09
        JsonNode solarView = ok(call("GET", BASE + "upcoming?from=2025-01-01&to=2025-02-28&calendar=solar", null, s.id()), 200);
        assertEquals("2025-02-09", solarView.path("items").get(0).path("date").asText());
        assertEquals("正月十二", solarView.path("items").get(0).path("dateLunar").asText());
        assertEquals(1, solarView.path("items").get(0).path("age").asInt());
        JsonNode week = ok(call("GET", BASE + "classes/" + k.id() + "/upcoming?days=7", null, s.id()), 200);
        List<String> inWeek = new ArrayList<>();
        week.path("items").forEach(i -> inWeek.add(i.path("childId").asLong() + " " + i.path("date").asText()));
        assertTrue(inWeek.contains(solar.id() + " " + today.plusDays(2)), inWeek.toString());
        week.path("items").forEach(i -> {
            if (i.path("childId").asLong() == solar.id()) {
                assertEquals(9, i.path("age").asInt(), i.toString());
            }
        });

        List<org.osgi.service.event.Event> events = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, new String[] { "org/guanai/programmes/birthdays/party/*",
                "org/guanai/programmes/birthdays/celebration/*" });
        ServiceRegistration<EventHandler> reg = context.registerService(EventHandler.class, events::add, topics);

        // a party batch for the month of the solar birthday, then its celebration filled in
        LocalDate bday = today.plusDays(2);
        String month = bday.toString().substring(0, 7);
        JsonNode party = ok(call("POST", BASE + "parties", "{\"month\":\"" + month + "\",\"classId\":" + k.id() + ",\"partyDate\":\""
                + bday.withDayOfMonth(Math.min(28, bday.getDayOfMonth())) + "\"}", s.id()), 201);
        JsonNode cel = null;
        for (JsonNode x : party.path("celebrations")) {
            cel = x.path("childId").asLong() == solar.id() ? x : cel;
        }
        assertNotNull(cel, party.toString());
        assertEquals(solar.id(), cel.path("childId").asLong());
        assertFalse(cel.path("celebrated").asBoolean());
        JsonNode done = ok(call("PUT", BASE + "celebrations/" + cel.path("id").asLong(), "{\"version\":" + cel.path("version").asLong()
                + ",\"card\":true,\"reflection\":true,\"wish\":true,\"wishText\":\"生日快乐\"}", s.id()), 200);
        assertTrue(done.path("celebrated").asBoolean());
        // the same version again: someone changed it meanwhile
        assertEquals(409, call("PUT", BASE + "celebrations/" + cel.path("id").asLong(), "{\"version\":" + cel.path("version").asLong()
                + ",\"card\":false}", s.id()).statusCode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.stream().noneMatch(e -> e.getTopic().endsWith("celebration/UPDATED") && Long.valueOf(solar.id()).equals(e.getProperty("childId")))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        reg.unregister();
        assertTrue(events.stream().anyMatch(e -> e.getTopic().endsWith("party/CREATED") && Long.valueOf(s.id()).equals(e.getProperty("schoolId"))),
                events.toString());
        assertTrue(events.stream().anyMatch(e -> e.getTopic().endsWith("celebration/UPDATED") && Boolean.TRUE.equals(e.getProperty("celebrated"))
                && Long.valueOf(solar.id()).equals(e.getProperty("childId"))), events.toString());
        JsonNode parties = ok(call("GET", BASE + "parties?schoolYear=" + (bday.getMonthValue() >= 9 ? bday.getYear() : bday.getYear() - 1),
                null, s.id()), 200);
        assertEquals(1, parties.path("items").get(0).path("celebrated").asInt(), parties.toString());
        JsonNode coverage = ok(call("GET", BASE + "coverage?schoolYear=" + (bday.getMonthValue() >= 9 ? bday.getYear() : bday.getYear() - 1),
                null, s.id()), 200);
        assertEquals(2, coverage.path("children").asInt());
        assertEquals(1, coverage.path("celebrated").asInt());

        // field errors, 中文 and English, nothing stored
        JsonNode bad = ok(call("POST", BASE + "parties", "{\"month\":\"2026-13\"}", s.id()), 400);
        assertEquals("month", bad.path("errors").get(0).path("field").asText());
        assertFalse(bad.path("errors").get(0).path("message_zh").asText().isEmpty());
        assertEquals(400, call("PUT", BASE + "children/" + lunar.id() + "/birthday", "{\"calendar\":\"MOON\"}", s.id()).statusCode());
        assertEquals(404, call("GET", BASE + "children/999999999/birthday", null, s.id()).statusCode());

        // festivals this year and next, computed
        JsonNode f = ok(call("GET", BASE + "festivals?year=2027", null, s.id()), 200);
        List<String> fs = new ArrayList<>();
        f.path("items").forEach(i -> fs.add(i.path("code").asText() + " " + i.path("date").asText()));
        assertTrue(fs.contains("SPRING_FESTIVAL 2027-02-06"), fs.toString());
        assertTrue(fs.contains("QINGMING 2027-04-05"), fs.toString());
        assertTrue(fs.contains("NATIONAL_DAY 2027-10-01"), fs.toString());

        // the elder's birthday is an occasion
        JsonNode occ = ok(call("GET", BASE + "occasions?from=2026-01-01&to=2026-12-31&kinds=elders", null, s.id()), 200);
        assertEquals("ELDER_BIRTHDAY", occ.path("items").get(0).path("kind").asText());
        assertEquals("2026-01-27", occ.path("items").get(0).path("date").asText());
        // a kind named twice is the same query (it was a 500: Set.of refuses duplicates)
        assertEquals(occ, ok(call("GET", BASE + "occasions?from=2026-01-01&to=2026-12-31&kinds=elders,elders", null, s.id()), 200));

        // the month calendar names the days in both calendars
        JsonNode m = ok(call("GET", BASE + "month?month=2025-01", null, s.id()), 200);
        assertEquals(31, m.path("days").size());
        assertEquals("腊月廿九", m.path("days").get(27).path("lunar").asText());

        // the class's feed
        HttpResponse<String> ics = call("GET", BASE + "classes/" + k.id() + "/calendar.ics", null, s.id());
        assertEquals(200, ics.statusCode());
        assertTrue(ics.headers().firstValue("Content-Type").orElse("").startsWith("text/calendar"));
        assertTrue(ics.body().startsWith("BEGIN:VCALENDAR\r\n"));
        assertTrue(ics.body().contains("UID:birthdays-child-" + solar.id() + "-"));
        assertTrue(ics.body().contains("DTSTART;VALUE=DATE:" + today.plusDays(2).toString().replace("-", "")));

        // other programmes see the festivals and the elders' birthdays through core.api
        var ref = context.getServiceReferences(org.guanai.core.api.care.Occasions.class, "(programme.id=birthdays)").iterator().next();
        org.guanai.core.api.care.Occasions occasions = context.getService(ref);
        try {
            var in2027 = occasions.forSchool(s.id(), LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31));
            assertTrue(in2027.contains(new org.guanai.core.api.care.Occasions.Occasion(LocalDate.of(2027, 2, 6),
                    org.guanai.core.api.care.Occasions.FESTIVAL, "SPRING_FESTIVAL", "春节", "Spring Festival", null, true)), in2027.toString());
            assertTrue(in2027.stream().anyMatch(o -> o.kind().equals(org.guanai.core.api.care.Occasions.ELDER_BIRTHDAY)
                    && solar.id().equals(o.childId()) && o.date().equals(LocalDate.of(2027, 1, 27)) && !o.lunar()), in2027.toString());
            assertTrue(in2027.stream().noneMatch(o -> "CHILD".equals(o.code())), "children's own birthdays are not occasions");
        } finally {
            context.ungetService(ref);
        }
    }

    @InjectService(filter = "(programme.id=birthdays)", timeout = 20_000)
    org.guanai.core.api.programme.ProgrammeDemo demo;

    /** The demo content: lunar families, last month's party held, this month's planned. */
    @Test
    void demoContent() throws Exception {
        School s = schools.createSchool(new School(null, 0, "演示测试学校-" + System.nanoTime(), null, "习水县", "温水镇", null, null, false));
        SchoolClass k = schools.createClass(new SchoolClass(null, 0, s.id(), 4, "四年级(1)班", null));
        programmes.setEnabled(s.id(), "birthdays", true, java.util.Map.of());
        LocalDate today = LocalDate.now(ZoneOffset.ofHours(8));
        for (int i = 0; i < 40; i++) {
            // births spread over the last and this month, ten years ago: each family's birthday falls in one of the two parties
            child(s, k, "演" + "一二三四五六七八九十".charAt(i % 10) + "甲乙丙丁".charAt(i / 10), today.withDayOfMonth(1).minusMonths(1).plusDays(i % 50).minusYears(10));
        }
        demo.load(List.of(s.id()));
        schoolAdmin(s.id());
        int y = today.getMonthValue() >= 9 ? today.getYear() : today.getYear() - 1;
        JsonNode parties = ok(call("GET", BASE + "parties?schoolYear=" + y, null, s.id()), 200);
        JsonNode prev = ok(call("GET", BASE + "parties?schoolYear=" + (y - 1), null, s.id()), 200);
        List<String> months = new ArrayList<>();
        parties.path("items").forEach(p -> months.add(p.path("month").asText()));
        prev.path("items").forEach(p -> months.add(p.path("month").asText()));
        assertTrue(months.contains(today.toString().substring(0, 7)), months.toString());
        assertTrue(months.contains(today.minusMonths(1).toString().substring(0, 7)), months.toString());
        JsonNode coverage = ok(call("GET", BASE + "coverage?schoolYear=" + (today.withDayOfMonth(1).minusMonths(1).getMonthValue() >= 9
                ? today.minusMonths(1).getYear() : today.minusMonths(1).getYear() - 1), null, s.id()), 200);
        assertTrue(coverage.path("celebrated").asInt() > 0, coverage.toString());
    }

    @Test
    void reminderEventDaysAhead() throws Exception {
        School s = schools.createSchool(new School(null, 0, "提醒测试学校-" + System.nanoTime(), null, "习水县", "温水镇", null, null, false));
        SchoolClass k = schools.createClass(new SchoolClass(null, 0, s.id(), 3, "三年级(2)班", null));
        programmes.setEnabled(s.id(), "birthdays", true, java.util.Map.of());
        LocalDate today = LocalDate.now(ZoneOffset.ofHours(8));
        List<org.osgi.service.event.Event> got = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, "org/guanai/programmes/birthdays/REMINDER");
        ServiceRegistration<EventHandler> reg = context.registerService(EventHandler.class, got::add, props);
        Child kid = child(s, k, "赵小提", today.minusYears(8).plusDays(5));
        Configuration c = config.getConfiguration("org.guanai.programmes.birthdays", "?");
        try {
            Dictionary<String, Object> settings = new Hashtable<>();
            settings.put("reminderDays", 5);
            c.update(settings);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            org.osgi.service.event.Event e = null;
            while (e == null && System.nanoTime() < deadline) {
                e = got.stream().filter(x -> Long.valueOf(kid.id()).equals(x.getProperty("childId"))).findFirst().orElse(null);
                Thread.sleep(200);
            }
            assertNotNull(e, "a reminder 5 days before the birthday; got " + got.size() + " other events");
            assertEquals(today.plusDays(5).toString(), e.getProperty("date"));
            assertEquals(s.id(), e.getProperty("schoolId"));
            assertEquals("CHILD_BIRTHDAY", e.getProperty("kind"));
            assertEquals(5, e.getProperty("daysAhead"));
        } finally {
            c.delete();
            reg.unregister();
        }
    }
}
