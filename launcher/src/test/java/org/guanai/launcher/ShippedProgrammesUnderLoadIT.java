package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A slow machine must not lose a shipped programme. guanai.jar's first start in demo mode, pinned to one core
 * ({@code taskset -c 0}, Debian's util-linux) with {@value #HOGS} busy-looping processes beside it on that core (started
 * and killed by the test), so that the platform gets a fraction of one core, as on a busy school PC. Once
 * {@code /api/health} answers 200, each of the eight programmes shipped in guanai.jar is ACTIVE, enabled for both demo
 * schools, with its demo content there, and the health check shows each as a component. The same holds after a restart
 * under the same load. Before this change the first start refused {@code activities} ("registered no Programme service
 * within 10 s") while the health check said UP, and it answered 200 before the demo content was loaded and enabled.
 */
class ShippedProgrammesUnderLoadIT {
    /** Busy-looping processes on the platform's core: it gets a quarter of one core. */
    static final int HOGS = 3;
    private static final String TASKSET = "/usr/bin/taskset";
    /** Per programme, a list of its demo records that answers only where it is enabled. */
    private static final Map<String, String> DEMO_RECORDS = Map.of("pairing", "/api/programmes/pairing/mentors",
            "activities", "/api/programmes/activities/activities", "birthdays", "/api/programmes/birthdays/parties",
            "health", "/api/programmes/health/campaigns", "guardians", "/api/programmes/guardians/sessions",
            "subsidies", "/api/programmes/subsidies/applications", "home", "/api/programmes/home/loans", "awards",
            "/api/programmes/awards/nominations");
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theShippedProgrammesAreUpWhenTheHealthCheckSaysSoOnABusyCore() throws Exception {
        assertTrue(Files.isExecutable(Path.of(TASKSET)), TASKSET + " is missing: install Debian's util-linux (apt-get install util-linux)");
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        List<Process> hogs = new ArrayList<>();
        try (GuanaiProcess g = new GuanaiProcess(Jars.guanai(), data, Map.of("GUANAI_DEMO", "true")).runUnder(TASKSET, "-c", "0")) {
            for (int i = 0; i < HOGS; i++) {
                hogs.add(new ProcessBuilder(TASKSET, "-c", "0", "sh", "-c", "while :; do :; done").start());
            }
            for (int start = 1; start <= 2; start++) {
                g.start(Duration.ofMinutes(15));
                assertShippedProgrammesUp(g, "start " + start);
                g.stop();
            }
        } finally {
            for (Process hog : hogs) {
                hog.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Checked right after the first 200: each shipped programme ACTIVE, enabled for both demo schools, with its records. */
    private void assertShippedProgrammesUp(GuanaiProcess g, String when) throws Exception {
        JsonNode health = read(g.get("/api/health"), 200);
        List<Long> schools = new ArrayList<>();
        read(g.get("/api/schools"), 200).get("items").forEach(s -> schools.add(s.get("id").asLong()));
        assertEquals(2, schools.size(), when + ": the demo county's two schools");
        Map<String, String> expected = new TreeMap<>();
        DEMO_RECORDS.keySet().forEach(id -> expected.put(id, "ACTIVE, enabled for " + schools + ", demo records: true"));
        Map<String, String> seen = new TreeMap<>();
        for (JsonNode p : read(g.get("/api/programmes"), 200).get("items")) {
            String id = p.get("id").asText();
            List<Long> enabled = new ArrayList<>();
            p.get("enabledSchools").forEach(s -> enabled.add(s.asLong()));
            boolean records = DEMO_RECORDS.containsKey(id);
            for (long school : schools) {
                HttpResponse<String> r = g.get(DEMO_RECORDS.getOrDefault(id, "/api/programmes/" + id) + "?school=" + school);
                records &= r.statusCode() == 200 && json.readTree(r.body()).path("items").size() > 0;
            }
            seen.put(id, p.get("state").asText() + ", enabled for " + enabled + ", demo records: " + records);
        }
        assertEquals(expected, seen, when + ": " + health + "\n" + g.log());
        for (String id : expected.keySet()) {
            assertEquals("UP", health.get("components").path("programme:" + id).asText(), when + ": " + health);
        }
        assertTrue(!g.log().contains("registered no Programme service"), g.log());
    }

    private JsonNode read(HttpResponse<String> response, int expected) throws Exception {
        assertEquals(expected, response.statusCode(), response.body());
        return json.readTree(response.body());
    }
}
