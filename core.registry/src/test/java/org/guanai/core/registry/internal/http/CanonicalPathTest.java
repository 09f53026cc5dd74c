package org.guanai.core.registry.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which request paths {@link PathGuard} lets through. */
class CanonicalPathTest {
    @ParameterizedTest
    @ValueSource(strings = { "/", "/index.html", "/api/children/55", "/api/programmes/calls/", "/console/lib/vendor/echarts-5.6.0.esm.min.js",
            "/ui/programmes/calls/i18n/zh.json", "/api/programmes/birthdays/classes/3/calendar.ics", "/api/children/%E5%BC%A0",
            "/api/a.b/c..d/.e/f.", "/api/children/张三" })
    void canonicalPathsPass(String path) {
        assertNull(CanonicalPath.problem(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/children%2f55", "/api/children%2F55", "/api/children/%2e%2e/schools", "/api/children/%2e",
            "/api/children%5c55", "/api/children;x=1/55", "/api/children/55;jsessionid=1", "/api/children/..;/admin", "/api//children",
            "/api/children/x/../55", "/api/./children", "/api/children/..", "/api/children%00", "/api/children%zz", "/api/children%2",
            "/api/children%", "/api/children/%252f", "/api/children/%E4%B8", "/api/children/%E4%B8/x", "/api/children/%C0%AF",
            "/api/children/%41", "/api/children\\55", "/api/children/\u0000", "/api/children/\u007f", "api/children", "",
            "/api/children/%ＦＦ" })
    void everythingElseIsRefused(String path) {
        assertNotNull(CanonicalPath.problem(path), path);
    }

    @Test
    void theReasonNamesTheFlaw() {
        assertEquals("percent-encoded ASCII character", CanonicalPath.problem("/api/children%2f55"));
        assertEquals("path parameter", CanonicalPath.problem("/api/children;x=1/55"));
        assertEquals("dot segment", CanonicalPath.problem("/api/x/../children"));
        assertEquals("empty segment", CanonicalPath.problem("/api//children"));
        assertEquals("percent-encoded bytes that are not UTF-8", CanonicalPath.problem("/api/%C0%AF"));
        assertEquals("malformed percent-encoding", CanonicalPath.problem("/api/%zz"));
    }
}
