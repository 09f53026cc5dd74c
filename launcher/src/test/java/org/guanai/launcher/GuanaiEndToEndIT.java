package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * End to end, as a user runs it: {@code java -jar guanai.jar} as a separate process on a free port with a temporary data
 * directory; create, read and update children over HTTP (400, 404, 409 included); restart after SIGTERM and after a
 * crash (SIGKILL) and find the data and its history.
 */
class GuanaiEndToEndIT {
    private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;


    static String idNumber(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    @Test
    void demoCountyCrudRestartAndCrash() throws Exception {
        Path data = tmp.resolve("data");
        long childId;
        String idNumber = idNumber("52033020150305103"); // born 2015-03-05, odd 17th digit: male
        List<Long> startMillis = new ArrayList<>();
        try (GuanaiProcess guanai = new GuanaiProcess(Jars.guanai(), data, Map.of("GUANAI_DEMO", "true"))) {
            startMillis.add(guanai.start());

            // the demo county
            JsonNode page = read(guanai.get("/api/children?size=5"), 200);
            assertEquals(300, page.get("total").asInt(), "demo children");
            assertEquals(5, page.get("items").size());
            JsonNode schools = read(guanai.get("/api/schools"), 200);
            assertEquals(2, schools.get("total").asInt());
            long schoolId = schools.get("items").get(0).get("id").asLong();
            JsonNode classes = read(guanai.get("/api/schools/" + schoolId + "/classes"), 200);
            assertEquals(6, classes.size());

            // the programmes shipped with the platform: installed, their demo content loaded (in the background, after
            // the demo county), enabled for both demo schools, each answering its summary
            List<String> shipped = List.of("pairing", "activities", "birthdays", "health", "guardians", "subsidies", "home", "awards");
            for (String programme : shipped) {
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
                JsonNode status = null;
                while (System.nanoTime() < deadline) {
                    HttpResponse<String> r = guanai.get("/api/programmes/" + programme + "/?school=" + schoolId);
                    if (r.statusCode() == 200) {
                        status = json.readTree(r.body());
                        break;
                    }
                    Thread.sleep(200);
                }
                assertTrue(status != null, programme + " never answered for the demo school:\n" + guanai.log());
                assertEquals(programme, status.get("id").asText());
            }
            // the school's return for this quarter against the demo data counted another way, through the children's list
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
            String quarter = today.getYear() + "Q" + ((today.getMonthValue() - 1) / 3 + 1);
            Map<String, Long> figures = new HashMap<>();
            Set<String> programmes = new TreeSet<>();
            for (JsonNode f : read(guanai.get("/api/schools/" + schoolId + "/returns/" + quarter), 200).get("figures")) {
                programmes.add(f.get("programme").asText());
                if (f.get("programme").asText().equals("core") && f.get("value").canConvertToLong()) {
                    figures.put(f.get("key").asText(), f.get("value").asLong());
                }
            }
            long inSchool = read(guanai.get("/api/children?size=1&school=" + schoolId), 200).get("total").asLong();
            assertEquals(inSchool, figures.get("children"), "留守儿童总数: the school's children in the list");
            long byType = 0;
            for (String type : List.of("BOTH_AWAY", "FATHER_AWAY", "MOTHER_AWAY", "NONE")) {
                long n = read(guanai.get("/api/children?size=1&school=" + schoolId + "&leftBehindType=" + type), 200).get("total")
                        .asLong();
                assertEquals(n, figures.get("children.type." + type), type);
                byType += n;
            }
            assertEquals(inSchool, byType, "every child has one 留守类型");
            Set<String> contributing = new TreeSet<>(shipped);
            contributing.add("core");
            assertEquals(contributing, programmes, "the programmes enabled for the demo school contribute their rows");
            // the child's archive page gathers the programmes' sections (关爱记录): the demo's 优秀留守儿童 has the 表彰
            // section, a child who borrowed a book has the 留守儿童之家's
            long awarded = -1;
            for (JsonNode n : read(guanai.get("/api/programmes/awards/nominations?state=APPROVED&school=" + schoolId), 200).get("items")) {
                awarded = n.get("nominee").get("kind").asText().equals("CHILD") ? n.get("nominee").get("childId").asLong() : awarded;
            }
            assertTrue(sections(guanai, awarded).contains("awards"), "the granted award on the child's archive");
            long borrower = read(guanai.get("/api/programmes/home/loans?school=" + schoolId), 200).get("items").get(0).get("childId").asLong();
            assertTrue(sections(guanai, borrower).contains("home"), "the loan on the child's archive");

            long classId = classes.get(2).get("id").asLong();
            long grandparents = read(guanai.get("/api/children?size=1&guardianKind=GRANDPARENTS"), 200).get("total").asLong()
                    + read(guanai.get("/api/children?size=1&guardianKind=MATERNAL_GRANDPARENTS"), 200).get("total").asLong();
            assertTrue(grandparents > 100 && grandparents < 220, "about half the children live with grandparents: " + grandparents);

            // create
            ObjectNode child = json.createObjectNode();
            child.put("name", "杨子轩").put("gender", "MALE").put("birthDate", "2015-03-05").put("idNumber", idNumber)
                    .put("schoolId", schoolId).put("classId", classId).put("leftBehindType", "BOTH_AWAY")
                    .put("homeAddress", "贵州省遵义市习水县温水镇大坪村3组").put("hobbies", "篮球");
            HttpResponse<String> created = guanai.post("/api/children", child.toString());
            JsonNode c = read(created, 201);
            childId = c.get("id").asLong();
            assertEquals("/api/children/" + childId, created.headers().firstValue("Location").orElseThrow());
            assertEquals(0, c.get("version").asInt());
            assertEquals(301, read(guanai.get("/api/children?size=1"), 200).get("total").asInt());

            // a wrong check digit is refused, naming the field, and nothing is stored
            ObjectNode wrong = child.deepCopy();
            char last = idNumber.charAt(17);
            wrong.put("idNumber", idNumber.substring(0, 17) + (last == '7' ? '8' : '7'));
            JsonNode refused = read(guanai.post("/api/children", wrong.toString()), 400);
            assertEquals("idNumber", refused.get("errors").get(0).get("field").asText());
            assertFalse(refused.get("errors").get(0).get("message_zh").asText().isBlank());
            assertFalse(refused.get("errors").get(0).get("message_en").asText().isBlank());
            assertEquals(301, read(guanai.get("/api/children?size=1"), 200).get("total").asInt());

            // malformed JSON, unknown id, unknown field
            read(guanai.post("/api/children", "{\"name\": \"x\""), 400);
            read(guanai.get("/api/children/99999999"), 404);
            read(guanai.get("/api/children/abc"), 404);
            ObjectNode unknown = child.deepCopy();
            unknown.put("favouriteColour", "red");
            assertEquals("favouriteColour", read(guanai.post("/api/children", unknown.toString()), 400)
                    .get("errors").get(0).get("field").asText());

            // update, then a stale update
            ObjectNode update = c.deepCopy();
            update.put("hobbies", "篮球、画画").put("leftBehindType", "FATHER_AWAY");
            JsonNode updated = read(guanai.put("/api/children/" + childId, update.toString()), 200);
            assertEquals(1, updated.get("version").asInt());
            ObjectNode stale = c.deepCopy();
            stale.put("hobbies", "跑步");
            JsonNode conflict = read(guanai.put("/api/children/" + childId, stale.toString()), 409);
            assertEquals(1, conflict.get("currentVersion").asInt());
            assertEquals("篮球、画画", read(guanai.get("/api/children/" + childId), 200).get("hobbies").asText());

            // a guardian
            ObjectNode grandma = json.createObjectNode();
            grandma.put("kind", "GRANDPARENTS").put("name", "王秀英").put("relation", "奶奶").put("phone", "13712345678")
                    .put("age", 67).put("primary", true);
            read(guanai.post("/api/children/" + childId + "/guardians", grandma.toString()), 201);
            ObjectNode badPhone = grandma.deepCopy();
            badPhone.put("phone", "12345");
            assertEquals("phone", read(guanai.post("/api/children/" + childId + "/guardians", badPhone.toString()), 400)
                    .get("errors").get(0).get("field").asText());

            assertSigtermExit(guanai.stop());
            assertTrue(guanai.log().contains("Database closed"), guanai.log());
        }

        // restart: the data and its history are there, the demo is not loaded twice
        try (GuanaiProcess guanai = new GuanaiProcess(Jars.guanai(), data, Map.of("GUANAI_DEMO", "true"))) {
            startMillis.add(guanai.start());
            JsonNode c = read(guanai.get("/api/children/" + childId), 200);
            assertEquals("篮球、画画", c.get("hobbies").asText());
            assertEquals("FATHER_AWAY", c.get("leftBehindType").asText());
            assertEquals(301, read(guanai.get("/api/children?size=1"), 200).get("total").asInt());
            JsonNode history = read(guanai.get("/api/children/" + childId + "/history"), 200);
            assertTrue(contains(history, "UPDATED", "hobbies", "篮球", "篮球、画画"), history.toString());
            assertTrue(contains(history, "UPDATED", "leftBehindType", "BOTH_AWAY", "FATHER_AWAY"), history.toString());
            assertTrue(contains(history, "CREATED", "name", null, "杨子轩"), history.toString());
            assertTrue(contains(history, "CREATED", "kind", null, "GRANDPARENTS"), history.toString());
            assertEquals(1, read(guanai.get("/api/children/" + childId + "/guardians"), 200).size());

            // a committed change survives a crash
            ObjectNode update = c.deepCopy();
            update.put("healthNote", "轻度近视");
            read(guanai.put("/api/children/" + childId, update.toString()), 200);
            guanai.kill();
        }
        try (GuanaiProcess guanai = new GuanaiProcess(Jars.guanai(), data, Map.of("GUANAI_DEMO", "true"))) {
            startMillis.add(guanai.start());
            assertEquals("轻度近视", read(guanai.get("/api/children/" + childId), 200).get("healthNote").asText());
            assertSigtermExit(guanai.stop());
        }
        System.out.println("guanai.jar start to first 200 on /api/health (ms): first with demo, restart, after crash: " + startMillis);
    }

    /**
     * {@code java -jar guanai.jar} with no setting: production. An empty instance with only the county administrator
     * {@code admin}: no demo user with the published password, no child, no school, no demo content; the banner says so.
     */
    @Test
    void productionIsTheDefault() throws Exception {
        Path data = tmp.resolve("empty");
        try (GuanaiProcess guanai = new GuanaiProcess(Jars.guanai(), data, Map.of())) {
            guanai.start();
            assertEquals(0, read(guanai.get("/api/children"), 200).get("total").asInt());
            assertEquals(0, read(guanai.get("/api/schools"), 200).get("total").asInt());
            List<String> users = new ArrayList<>();
            read(guanai.get("/api/users"), 200).get("items").forEach(u -> users.add(u.get("username").asText()));
            assertEquals(List.of("admin"), users);
            assertEquals(401, guanai.anonymous().credentials("county", "guanai-demo").get("/api/me").statusCode(),
                    "no demo user with the published password");
            JsonNode health = read(guanai.anonymous().get("/api/health"), 200);
            assertEquals("DISABLED", health.get("components").get("demo").asText());
            assertTrue(guanai.log().contains("生产 PRODUCTION"), guanai.log());
            assertTrue(guanai.log().contains("data folder: " + data.toAbsolutePath()), guanai.log());
            assertFalse(guanai.log().contains("guanai-demo"), guanai.log());
            assertSigtermExit(guanai.stop());
        }
        try (java.sql.Connection c = StoredDatabase.open(data)) {
            assertEquals(0, StoredDatabase.count(c, "SELECT COUNT(*) FROM core_demo"), "no demo rows");
            assertEquals(0, StoredDatabase.count(c, "SELECT COUNT(*) FROM core_child"));
            assertEquals(0, StoredDatabase.count(c, "SELECT COUNT(*) FROM core_programme_school"));
            assertEquals(1, StoredDatabase.count(c, "SELECT COUNT(*) FROM core_user"));
        }
    }

    /** {@code --demo}: the demo county, one demo user per role with the published password, and the banner's warning. */
    @Test
    void demoModeByArgument() throws Exception {
        try (GuanaiProcess guanai = new GuanaiProcess(Jars.guanai(), tmp.resolve("demo"), Map.of()).argument("--demo")) {
            guanai.start();
            assertEquals(300, read(guanai.get("/api/children?size=1"), 200).get("total").asInt());
            List<String> users = new ArrayList<>();
            read(guanai.get("/api/users"), 200).get("items").forEach(u -> users.add(u.get("username").asText()));
            assertTrue(users.containsAll(List.of("admin", "county", "school", "teacher", "health", "officer")), users.toString());
            assertEquals(200, guanai.credentials("teacher", "guanai-demo").get("/api/me").statusCode());
            assertTrue(guanai.log().contains("演示 DEMO") && guanai.log().contains("password guanai-demo is public"), guanai.log());
            assertSigtermExit(guanai.stop());
        }
    }

    /** A setting that is neither true nor false stops the start at once: nothing starts with defaults nobody asked for. */
    @Test
    void aWrongSettingStopsTheStart() throws Exception {
        Path data = tmp.resolve("never");
        try (GuanaiProcess guanai = new GuanaiProcess(Jars.guanai(), data, Map.of("GUANAI_DEMO", "yes"))) {
            Files.createDirectories(tmp);
            guanai.launch();
            assertEquals(2, guanai.awaitExit(java.time.Duration.ofSeconds(60)), guanai.log());
            assertTrue(guanai.log().contains("GUANAI_DEMO must be true or false: yes"), guanai.log());
            assertFalse(guanai.log().contains("Database ready"), guanai.log());
            assertFalse(Files.exists(data), "no data folder made");
        }
    }

    /** The JVM ends with 128 + 15 after SIGTERM once its shutdown hooks (which stop the framework) have run. */
    /** @return the programmes with a section on the child's archive page */
    private Set<String> sections(GuanaiProcess guanai, long child) throws Exception {
        JsonNode answer = read(guanai.get("/api/children/" + child + "/sections"), 200);
        assertEquals(0, answer.get("failed").size(), answer.toString());
        Set<String> out = new TreeSet<>();
        answer.get("sections").forEach(s -> {
            assertTrue(s.get("lines").size() > 0 && !s.get("title_zh").asText().isBlank(), s.toString());
            out.add(s.get("programme").asText());
        });
        return out;
    }

    private static void assertSigtermExit(int code) {
        assertTrue(code == 143 || code == 0, "exit code after SIGTERM: " + code);
    }

    private static boolean contains(JsonNode history, String action, String field, String oldValue, String newValue) {
        for (JsonNode h : history) {
            if (h.get("action").asText().equals(action) && field.equals(h.get("field").asText(null))
                    && (oldValue == null ? h.get("oldValue").isNull() : oldValue.equals(h.get("oldValue").asText()))
                    && newValue.equals(h.get("newValue").asText())) {
                return true;
            }
        }
        return false;
    }

    private JsonNode read(HttpResponse<String> response, int expectedStatus) throws Exception {
        assertEquals(expectedStatus, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "JSON response: " + response.headers());
        return json.readTree(response.body());
    }
}
