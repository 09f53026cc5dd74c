package org.guanai.core.registry.internal.programmes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.guanai.sdk.http.Handler;
import org.junit.jupiter.api.Test;

class DeclaredRouteTest {
    private static final Handler NONE = rq -> null;

    @Test
    void matchesItsShapeAndNamesItsParameters() {
        DeclaredRoute r = new DeclaredRoute("calls", "GET", "/children/{child}/calls/", NONE);
        assertEquals("children/{child}/calls", r.path());
        assertEquals("/api/programmes/calls/children/{child}/calls", r.fullPath());
        assertEquals(Map.of("child", "5"), r.match("GET", List.of("children", "5", "calls")).orElseThrow());
        assertEquals(Map.of("child", "5"), r.match("HEAD", List.of("children", "5", "calls")).orElseThrow(), "HEAD is GET");
        assertTrue(r.match("POST", List.of("children", "5", "calls")).isEmpty());
        assertTrue(r.match("GET", List.of("children", "", "calls")).isEmpty(), "an empty parameter");
        assertTrue(r.match("GET", List.of("children", "5")).isEmpty());
    }

    @Test
    void permissionsDefaultByMethodAndResolveRelativeNames() {
        assertEquals("calls.read", new DeclaredRoute("calls", "GET", "a", NONE).permission());
        assertEquals("calls.write", new DeclaredRoute("calls", "DELETE", "a", NONE).permission());
        assertEquals("calls.manage", ((DeclaredRoute) new DeclaredRoute("calls", "PUT", "a", NONE).permission("manage")).permission());
        assertEquals("registry.personal",
                ((DeclaredRoute) new DeclaredRoute("calls", "GET", "a", NONE).permission("registry.personal")).permission());
    }

    @Test
    void literalsWinOverParametersAndSameShapesClash() {
        DeclaredRoute open = new DeclaredRoute("p", "GET", "pairs/open", NONE);
        DeclaredRoute one = new DeclaredRoute("p", "GET", "pairs/{pair}", NONE);
        DeclaredRoute other = new DeclaredRoute("p", "GET", "pairs/{id}", NONE);
        assertFalse(open.clashes(one));
        assertTrue(one.clashes(other));
        assertTrue(open.specificity() > one.specificity());
        assertThrows(IllegalArgumentException.class, () -> new DeclaredRoute("p", "GET", "a/{b", NONE));
        assertThrows(IllegalArgumentException.class, () -> new DeclaredRoute("p", "GET", "a//b", NONE));
    }
}
