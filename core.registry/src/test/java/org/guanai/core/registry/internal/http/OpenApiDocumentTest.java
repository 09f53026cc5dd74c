package org.guanai.core.registry.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.guanai.core.registry.internal.security.RoutePolicy;
import org.junit.jupiter.api.Test;

/** The tags {@link OpenApiDocument} gives the core's own routes. */
class OpenApiDocumentTest {
    @Test
    @SuppressWarnings("unchecked")
    void theCoresRoutesOverEveryProgrammeCarryTheCoresTag() {
        List<OpenApiDocument.CoreRoute> core = List.of(new OpenApiDocument.CoreRoute("GET", "/api/programmes"),
                new OpenApiDocument.CoreRoute("GET", "/api/programmes/{programme}"),
                new OpenApiDocument.CoreRoute("GET", "/api/programmes/pairing/legacy"),
                new OpenApiDocument.CoreRoute("GET", "/api/children/{id}"));
        Map<String, Object> doc = new OpenApiDocument().build("1", core, List.of(), new RoutePolicy());
        Map<String, Map<String, Map<String, Object>>> paths = (Map<String, Map<String, Map<String, Object>>>) doc.get("paths");
        assertEquals(List.of("core"), paths.get("/api/programmes").get("get").get("tags"));
        assertEquals(List.of("core"), paths.get("/api/programmes/{programme}").get("get").get("tags"));
        assertEquals(List.of("core"), paths.get("/api/children/{id}").get("get").get("tags"));
        // a programme written without the SDK, routes from guanai.route properties: its own tag
        assertEquals(List.of("pairing"), paths.get("/api/programmes/pairing/legacy").get("get").get("tags"));
    }
}
