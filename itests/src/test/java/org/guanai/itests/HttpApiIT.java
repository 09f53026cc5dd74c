package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.LocalDate;

import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Gender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.service.ServiceExtension;

/** The JSON API served by Felix HTTP Jetty inside the framework, over the real port. */
@ExtendWith(ServiceExtension.class)
class HttpApiIT {
    private final Fixtures fixtures = new Fixtures();
    private Api api;

    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    SchoolService schools;

    @BeforeEach
    void endpoint() throws Exception {
        api = Api.ready(runtime);
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> r = get("/api/health");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"status\":\"UP\""), r.body());
    }

    @Test
    void createThenRefuseBadIdNumber() throws Exception {
        Fixtures.Place place = Fixtures.school(schools, "http");
        LocalDate birth = LocalDate.of(2015, 10, 10);
        String id = fixtures.idNumber(birth, Gender.MALE);
        String json = """
                {"name":"王浩宇","gender":"MALE","birthDate":"2015-10-10","idNumber":"%s","schoolId":%d,"classId":%d,
                 "leftBehindType":"BOTH_AWAY"}""";
        HttpResponse<String> created = post("/api/children", json.formatted(id, place.school().id(), place.schoolClass().id()));
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Location").orElseThrow().startsWith("/api/children/"));

        String wrong = id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
        HttpResponse<String> refused = post("/api/children", json.formatted(wrong, place.school().id(), place.schoolClass().id()));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("\"field\":\"idNumber\""), refused.body());
        assertTrue(refused.body().contains("message_zh") && refused.body().contains("message_en"), refused.body());

        assertEquals(404, get("/api/children/987654321").statusCode());
        assertEquals(400, post("/api/children", "{\"name\":").statusCode());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return api.get(path);
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return api.json("POST", path, body);
    }
}
