package org.guanai.core.registry.internal.programmes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How {@link ProgrammeFileCaching} matches an {@code If-None-Match} header against a programme file's ETag. */
class ProgrammeFileCachingTest {
    @Test
    void ifNoneMatch() {
        String etag = "\"calls-42-1700000000000\"";
        assertTrue(ProgrammeFileCaching.matches(etag, etag));
        assertTrue(ProgrammeFileCaching.matches("\"x\", W/" + etag, etag));
        assertTrue(ProgrammeFileCaching.matches("\"calls-42-1700000000000--gzip\"", etag));
        assertTrue(ProgrammeFileCaching.matches("*", etag));
        assertFalse(ProgrammeFileCaching.matches(null, etag));
        assertFalse(ProgrammeFileCaching.matches("\"calls-42-1700000000001\"", etag));
        assertFalse(ProgrammeFileCaching.matches("calls-42-1700000000000", etag));
    }
}
