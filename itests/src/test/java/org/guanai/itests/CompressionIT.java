package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Answers are gzip-compressed for a client that accepts it (Jetty's GzipHandler, configured through Felix HTTP in
 * cnf/runtime.bnd): JSON lists and programme files, with {@code Vary: Accept-Encoding}, decompressing to exactly what
 * an uncompressed answer holds; small answers, images and what is compressed already are sent as they are.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class CompressionIT {
    private static final String GZIP = "Accept-Encoding: gzip, deflate";

    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    ChildService children;
    @InjectService(timeout = 20_000)
    ProgrammeRegistry programmes;

    @Test
    void jsonListsAndProgrammeFilesAreCompressed() throws Exception {
        Api api = Api.ready(runtime);
        Fixtures fixtures = new Fixtures();
        Fixtures.Place place = Fixtures.school(schools, "gzip");
        for (int i = 0; i < 30; i++) {
            String name = "王李张刘陈杨赵黄周吴".charAt(i % 10) + "小" + "明红刚".charAt(i / 10);
            children.create(fixtures.child(place, name, LocalDate.of(2015, 1, 1).plusDays(i * 3L), Gender.FEMALE));
        }
        String list = "/api/children?school=" + place.school().id() + "&size=100";
        RawTarget.Answer plain = RawTarget.get(api.base, list, RawTarget.ADMIN);
        assertEquals(200, plain.status(), plain.toString());
        assertNull(plain.header("Content-Encoding"), "no gzip unless the client asks");
        assertTrue(plain.body().length > 4096, "a list worth compressing: " + plain.body().length + " bytes");
        RawTarget.Answer gzipped = RawTarget.get(api.base, list, RawTarget.ADMIN, GZIP);
        assertEquals(200, gzipped.status(), gzipped.toString());
        assertEquals("gzip", gzipped.header("Content-Encoding"), gzipped.headers().toString());
        assertTrue(String.valueOf(gzipped.headers().get("vary")).contains("Accept-Encoding"), gzipped.headers().toString());
        assertTrue(gzipped.body().length < plain.body().length / 3, gzipped.body().length + " of " + plain.body().length);
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(plain.body()), json.readTree(RawTarget.gunzip(gzipped.body())));
        assertEquals(30, json.readTree(RawTarget.gunzip(gzipped.body())).get("total").asInt());
        // the security headers are still there
        assertEquals("nosniff", gzipped.header("X-Content-Type-Options"));

        // a programme's page files
        String page = "/ui/programmes/pairing/main.js";
        RawTarget.Answer js = RawTarget.get(api.base, page, RawTarget.ADMIN);
        RawTarget.Answer jsGzip = RawTarget.get(api.base, page, RawTarget.ADMIN, GZIP);
        assertEquals(200, jsGzip.status(), jsGzip.toString());
        assertEquals("gzip", jsGzip.header("Content-Encoding"), jsGzip.headers().toString());
        assertTrue(String.valueOf(jsGzip.headers().get("vary")).contains("Accept-Encoding"), jsGzip.headers().toString());
        assertArrayEquals(js.body(), RawTarget.gunzip(jsGzip.body()));

        // a small answer is not worth it
        RawTarget.Answer health = RawTarget.get(api.base, "/api/health", GZIP);
        assertEquals(200, health.status());
        assertNull(health.header("Content-Encoding"), "small answers are sent as they are: " + health.body().length + " bytes");
    }

    @Test
    void imagesAndWhatIsCompressedAlreadyAreNotCompressedAgain() throws Exception {
        Api api = Api.ready(runtime);
        // the console compresses its own files: compressed once, not twice
        RawTarget.Answer echarts = RawTarget.get(api.base, "/console/lib/vendor/echarts-5.6.0.esm.min.js", GZIP);
        assertEquals(200, echarts.status());
        assertEquals("gzip", echarts.header("Content-Encoding"));
        byte[] once = RawTarget.gunzip(echarts.body());
        assertTrue(once.length > 100_000 && !(once[0] == (byte) 0x1f && once[1] == (byte) 0x8b), "gzipped once only");

        // a photo (activities' evidence): a JPEG of one repeated byte would shrink to nothing, yet it is sent as it is
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (programmes.programme("activities").map(p -> p.state() != ProgrammeState.ACTIVE).orElse(true)) {
            assertTrue(System.nanoTime() < deadline, "activities not ACTIVE: " + programmes.programme("activities"));
            Thread.sleep(100);
        }
        Fixtures.Place place = Fixtures.school(schools, "gzip-photo");
        long child = children.create(new Fixtures().child(place, "照片", LocalDate.of(2016, 3, 3), Gender.MALE)).id();
        programmes.setEnabled(place.school().id(), "activities", true, Map.of());
        String school = String.valueOf(place.school().id());
        HttpResponse<String> activity = api.send("POST", "/api/programmes/activities/activities", "application/json",
                ("{\"heldOn\":\"2025-04-01\",\"type\":\"OUTING\",\"title\":\"参观茶厂\",\"atHome\":false,\"participants\":[" + child
                        + "]}").getBytes(StandardCharsets.UTF_8), school);
        assertEquals(201, activity.statusCode(), activity.body());
        long id = new ObjectMapper().readTree(activity.body()).get("id").asLong();
        byte[] photo = new byte[100_000];
        Arrays.fill(photo, (byte) 42);
        photo[0] = (byte) 0xFF;
        photo[1] = (byte) 0xD8;
        photo[2] = (byte) 0xFF;
        HttpResponse<String> up = api.send("POST", "/api/programmes/activities/activities/" + id + "/evidence?name=tea.jpg",
                "image/jpeg", photo, school);
        assertEquals(201, up.statusCode(), up.body());
        long evidence = new ObjectMapper().readTree(up.body()).get("id").asLong();
        RawTarget.Answer image = RawTarget.get(api.base, "/api/programmes/activities/activities/" + id + "/evidence/" + evidence
                + "?school=" + school, RawTarget.ADMIN, GZIP);
        assertEquals(200, image.status(), image.toString());
        assertEquals("image/jpeg", image.header("Content-Type"));
        assertNull(image.header("Content-Encoding"), "a JPEG is not compressed again");
        assertArrayEquals(photo, image.body());
    }
}
