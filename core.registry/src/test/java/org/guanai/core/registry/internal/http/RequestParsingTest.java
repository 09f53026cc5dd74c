package org.guanai.core.registry.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.guanai.core.registry.internal.security.RoutePolicy;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The core's shared parsing of what a client sends: path ids, the route table's school id, JSON bodies. */
class RequestParsingTest {

    /** A servlet of the core, for its helpers only. */
    private static final class Probe extends ApiServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
            throw new UnsupportedOperationException();
        }
    }

    private record Body(String name, Set<Long> schoolIds, List<String> tags, Map<String, String> settings) {
    }

    private final Probe probe = new Probe();

    @Test
    void anIdIsOneToLongMaxInAsciiDigits() {
        assertEquals(OptionalLong.of(1), Ids.parse("1"));
        assertEquals(OptionalLong.of(Long.MAX_VALUE), Ids.parse("9223372036854775807"));
        for (String bad : List.of("9223372036854775808", "99999999999999999999", "0", "-1", "+1", "007", "1.5", "1e3", "abc", "",
                "١٢", "１", " 1")) {
            assertEquals(OptionalLong.empty(), Ids.parse(bad), bad);
            ApiServlet.HttpError e = assertThrows(ApiServlet.HttpError.class, () -> probe.idSegment(bad), bad);
            assertEquals(404, e.status, bad);
        }
        assertEquals(OptionalLong.empty(), Ids.parse(null));
    }

    @Test
    void aSchoolIdBeyondALongInThePathIsNoRoute() {
        RoutePolicy p = new RoutePolicy();
        for (String path : List.of("/api/schools/9223372036854775808", "/api/schools/9999999999999999999/classes",
                "/api/schools/9223372036854775808/programmes/pairing")) {
            RoutePolicy.Decision d = p.decide("GET", path);
            assertEquals(RoutePolicy.Kind.NO_ROUTE, d.requirement().kind(), path);
            assertEquals(Optional.empty(), d.pathSchool(), path);
        }
        assertEquals(Optional.of(Long.MAX_VALUE), p.decide("GET", "/api/schools/9223372036854775807/classes").pathSchool());
    }

    @Test
    void aNullInsideAListOrMapIsRefusedNamingTheField() throws IOException {
        for (String json : List.of("{\"schoolIds\":[null]}", "{\"schoolIds\":[1,null]}", "{\"tags\":[null]}",
                "{\"settings\":{\"a\":null}}")) {
            ObjectNode node = (ObjectNode) probe.responses.mapper().readTree(json);
            ApiServlet.HttpError e = assertThrows(ApiServlet.HttpError.class, () -> probe.convert(node, Body.class), json);
            assertEquals(400, e.status, json);
            String field = json.substring(2, json.indexOf('"', 2));
            // the field and where in it, as for any other bad value in a list: schoolIds.1, settings.a
            assertEquals(field, e.errors.get(0).field().split("\\.")[0], json);
        }
        Body ok = probe.convert((ObjectNode) probe.responses.mapper().readTree("{\"schoolIds\":[1,2],\"settings\":{\"a\":\"b\"}}"),
                Body.class);
        assertEquals(Set.of(1L, 2L), ok.schoolIds());
        assertEquals(null, probe.convert((ObjectNode) probe.responses.mapper().readTree("{\"schoolIds\":null}"), Body.class)
                .schoolIds(), "a null list is no list");
    }
}
