package org.guanai.bench.baseline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BareChildServletTest {

    @Test
    void parsesOnlyASingleNumericSegment() {
        assertEquals(42, BareChildServlet.parseId("/42"));
        assertEquals(-1, BareChildServlet.parseId(null));
        assertEquals(-1, BareChildServlet.parseId("/"));
        assertEquals(-1, BareChildServlet.parseId("/42/history"));
        assertEquals(-1, BareChildServlet.parseId("/x"));
    }

    @Test
    void escapesStringsAsJson() {
        StringBuilder b = new StringBuilder();
        BareChildServlet.str(b, "王\"小\\明\n\u0001");
        assertEquals("\"王\\\"小\\\\明\\n\\u0001\"", b.toString());
        b.setLength(0);
        BareChildServlet.str(b, null);
        assertEquals("null", b.toString());
    }
}
