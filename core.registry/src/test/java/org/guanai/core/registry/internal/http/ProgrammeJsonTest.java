package org.guanai.core.registry.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.sdk.time.Term;
import org.junit.jupiter.api.Test;

class ProgrammeJsonTest {
    record Visit(long childId, LocalDate on, Term term, List<Long> attendees, Inner inner) {
    }

    record Inner(String note, List<LocalDate> dates) {
    }

    private final ProgrammeJson json = new ProgrammeJson(new Messages());

    private Visit bind(String body) {
        return json.bind(json.tree(body.getBytes(StandardCharsets.UTF_8)), Visit.class);
    }

    private FieldError refused(String body) {
        ValidationException e = assertThrows(ValidationException.class, () -> bind(body));
        FieldError f = e.errors().get(0);
        TestSupport.assertBilingual(f);
        return f;
    }

    @Test
    void bindsAValidBody() {
        Visit v = bind("{\"childId\":5,\"on\":\"2026-12-06\",\"term\":\"AUTUMN\",\"attendees\":[1,2],\"inner\":{\"note\":\"好\",\"dates\":[\"2026-01-01\"]}}");
        assertEquals(LocalDate.of(2026, 12, 6), v.on());
        assertEquals(List.of(1L, 2L), v.attendees());
    }

    @Test
    void refusalsNameTheField() {
        assertEquals("bogus", refused("{\"childId\":5,\"bogus\":1}").field());
        assertEquals("childId", refused("{\"childId\":\"five\"}").field());
        assertEquals("term", refused("{\"term\":\"WINTER\"}").field());
        assertEquals("term", refused("{\"term\":0}").field(), "numbers are not enum constants");
        assertEquals("on", refused("{\"on\":\"0000-01-01\"}").field(), "year 0000");
        assertEquals("on", refused("{\"on\":\"+999999999-12-31\"}").field(), "year +999999999");
        assertEquals("inner.dates.0", refused("{\"inner\":{\"dates\":[\"2101-01-01\"]}}").field());
        assertEquals("on", refused("{\"on\":\"2026-02-30\"}").field());
        assertEquals("body", refused("{\"childId\":5} {}").field(), "trailing tokens");
        assertEquals("body", refused("{\"childId\":").field(), "malformed");
    }

    @Test
    void longListsAndDeepNestingAreRefused() {
        StringBuilder ids = new StringBuilder("{\"attendees\":[");
        for (int i = 0; i < 1001; i++) {
            ids.append(i == 0 ? "" : ",").append(i);
        }
        ids.append("]}");
        FieldError f = refused(ids.toString());
        assertEquals("attendees", f.field());
        String deep = "[".repeat(100) + "]".repeat(100);
        assertEquals("body", refused(deep).field());
    }
}
