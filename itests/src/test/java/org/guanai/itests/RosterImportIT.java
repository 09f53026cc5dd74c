package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Gender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The roster import over HTTP in a real Felix with the built bundle (issue 16): the embedded readers resolve and run,
 * the upload answers 202 and the status document says DONE (a GB18030 CSV with a title row), the permission
 * {@code registry.import} and the school's reach are enforced on the upload and on the status, the template is an
 * xlsx, a file over the 8 MiB of other requests is accepted and one over the 64 MiB limit is 413 with no import
 * started.
 */
@ExtendWith(ServiceExtension.class)
class RosterImportIT {
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    static final String PASSWORD = "Roster-pass-2026";

    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    ChildService children;

    private final Fixtures fixtures = new Fixtures();
    private final String tag = Long.toString(System.nanoTime() % 1_000_000, 36);

    private Api user(Api admin, String role, Fixtures.Place place) throws Exception {
        String name = "r" + tag + role.toLowerCase().replace("_", "") + place.school().id();
        HttpResponse<String> r = admin.json("POST", "/api/users", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD
                + "\",\"roles\":[\"" + role + "\"],\"schoolIds\":[" + place.school().id() + "],\"classIds\":"
                + (role.equals("TEACHER") ? "[" + place.schoolClass().id() + "]" : "[]") + "}");
        assertEquals(201, r.statusCode(), r.body());
        return admin.as(name, PASSWORD);
    }

    private byte[] csv() {
        LocalDate birth = LocalDate.of(2017, 3, 12);
        String id = fixtures.idNumber(birth, Gender.MALE);
        String text = "温水镇中心小学学生名单,,,,,\r\n"
                + "姓名,性别,出生日期,身份证号,班级,留守类型,父亲姓名,父亲联系电话,父亲务工地点\r\n"
                + "张小明,男,2017年3月12日," + id + ",三年级（２）班,父亲外出,张建国,１３８００１３８００１,广东东莞\r\n"
                + ",,,,,\r\n制表人：张老师,,,,,\r\n";
        return text.getBytes(Charset.forName("GB18030"));
    }

    private HttpResponse<String> await(Api api, String path) throws Exception {
        for (int i = 0; i < 600; i++) {
            HttpResponse<String> s = api.get(path);
            if (s.statusCode() != 200 || !s.body().contains("\"status\":\"RUNNING\"")) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("still running: " + path);
    }

    @Test
    void uploadStatusPermissionReachAndTemplate() throws Exception {
        Api admin = Api.ready(runtime);
        Fixtures.Place a = Fixtures.school(schools, "导入" + tag);
        Fixtures.Place b = Fixtures.school(schools, "他校" + tag);
        Api schoolAdmin = user(admin, "SCHOOL_ADMIN", a);
        Api teacher = user(admin, "TEACHER", a);
        Api otherAdmin = user(admin, "SCHOOL_ADMIN", b);
        String upload = "/api/schools/" + a.school().id() + "/roster/imports?dryRun=false&filename=" + "roster.csv";

        assertEquals(403, teacher.send("POST", upload, "text/csv", csv()).statusCode(), "a teacher lacks registry.import");
        assertEquals(404, otherAdmin.send("POST", upload, "text/csv", csv()).statusCode(), "another school is out of reach");
        HttpResponse<String> json = schoolAdmin.send("POST", upload, "application/json", "{}".getBytes());
        assertEquals(415, json.statusCode(), json.body());
        assertTrue(json.body().contains("message_zh"), json.body());

        HttpResponse<String> posted = schoolAdmin.send("POST", upload, "text/csv", csv());
        assertEquals(202, posted.statusCode(), posted.body());
        assertTrue(posted.body().contains("\"status\":\"RUNNING\""), posted.body());
        Matcher m = ID.matcher(posted.body());
        assertTrue(m.find());
        String status = "/api/roster/imports/" + m.group(1);
        HttpResponse<String> done = await(schoolAdmin, status);
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("\"status\":\"DONE\""), done.body());
        assertTrue(done.body().contains("\"created\":1"), done.body());
        assertTrue(done.body().contains("三年级(2)班"), done.body());
        assertEquals(1, children.find(new ChildQuery(a.school().id(), null, null, null, null, false, 0, 10)).total());
        assertEquals(200, admin.get(status).statusCode(), "the county administrator reaches every school");
        assertEquals(404, otherAdmin.get(status).statusCode(), "an import of a school out of reach is absent");
        assertEquals(403, teacher.get(status).statusCode());

        HttpResponse<String> template = schoolAdmin.get("/api/roster/template.xlsx");
        assertEquals(200, template.statusCode());
        assertTrue(template.headers().firstValue("Content-Type").orElse("").startsWith(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        assertTrue(template.body().startsWith("PK"), "a zip");
    }

    @Test
    void aFileOf9MiBIsAcceptedOneOver64MiBIs413AndStartsNoImport() throws Exception {
        Api admin = Api.ready(runtime);
        Fixtures.Place a = Fixtures.school(schools, "超限" + tag);
        // over the 8 MiB of any other request: accepted (a 100,000-row xlsx is about 13 MiB); only blank rows: REJECTED
        String header = "姓名,性别,出生日期,留守类型\r\n";
        byte[] blank = ",,,\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream nine = new java.io.ByteArrayOutputStream();
        nine.writeBytes(header.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        while (nine.size() < (9 << 20)) {
            nine.writeBytes(blank);
        }
        HttpResponse<String> accepted = admin.send("POST", "/api/schools/" + a.school().id()
                + "/roster/imports?dryRun=true&filename=blank.csv", "text/csv", nine.toByteArray());
        assertEquals(202, accepted.statusCode(), accepted.body());
        Matcher m = ID.matcher(accepted.body());
        assertTrue(m.find());
        HttpResponse<String> ended = await(admin, "/api/roster/imports/" + m.group(1));
        assertTrue(ended.body().contains("\"status\":\"REJECTED\""), ended.body());

        String upload = "/api/schools/" + a.school().id() + "/roster/imports?dryRun=true&filename=big.csv";
        // 64 MiB is the limit (RosterImports.MAX_FILE): one byte more is refused before the import starts
        byte[] big = new byte[(64 << 20) + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        HttpResponse<String> r = admin.send("POST", upload, "text/csv", big);
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"error\":\"payload_too_large\"") && r.body().contains("message_zh"), r.body());
        HttpResponse<String> audit = admin.get("/api/audit?action=IMPORT&size=500");
        assertEquals(200, audit.statusCode(), audit.body());
        assertTrue(!audit.body().contains("big.csv"), "no import was started: " + audit.body());
    }
}
