package org.guanai.core.registry.internal.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** A module log row's reason: the code in brackets at the start of its stored detail (issue 19), and rows without one. */
class ModuleLogReasonTest {
    private static final Instant AT = Instant.parse("2026-12-07T02:00:00Z");

    private static ModuleOperation read(String detail) {
        return ModuleRecords.operation(AT, "county", "install", "org.example.a", "1.0.0", "REFUSED", detail);
    }

    @Test
    void aRefusalsCodeIsItsReasonAndTheRestItsDetail() {
        ModuleOperation op = read("[unresolved] bundle org.example.a does not resolve [osgi.wiring.package=org.x]");
        assertEquals("unresolved", op.reason());
        assertEquals("bundle org.example.a does not resolve [osgi.wiring.package=org.x]", op.detail());
        assertEquals("REFUSED", op.outcome());
    }

    @Test
    void aCodeWithoutDetailLeavesNoDetail() {
        ModuleOperation op = read("[start_failed] ");
        assertEquals("start_failed", op.reason());
        assertNull(op.detail());
    }

    @Test
    void aDetailWithoutCodeHasNoReason() {
        assertNull(read("from 1.0.0 in 120 ms, signed by CN=Guanai").reason());
        assertEquals("from 1.0.0 in 120 ms, signed by CN=Guanai", read("from 1.0.0 in 120 ms, signed by CN=Guanai").detail());
        // brackets that are not a code at the start stay part of the detail
        assertNull(read("bundle x does not resolve [osgi.wiring.package=org.x]").reason());
        assertNull(read("[Not A Code] text").reason());
        assertNull(read(null).reason());
        assertNull(read(null).detail());
    }
}
