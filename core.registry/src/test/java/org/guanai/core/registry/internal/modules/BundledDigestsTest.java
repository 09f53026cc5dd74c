package org.guanai.core.registry.internal.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The digests the launcher hands over ({@code guanai.modules.bundled.sha256}): a shipped jar is trusted only with the
 * content it had when guanai.jar was built.
 */
class BundledDigestsTest {
    private static final byte[] SHIPPED = { 1, 2, 3 };

    @Test
    void theShippedContentPasses() {
        BundledDigests digests = BundledDigests.parse("plugin.a.jar=" + JarInspection.sha256(SHIPPED).toUpperCase() + ", plugin.b.jar="
                + JarInspection.sha256(new byte[] { 4 }));
        assertEquals(List.of("plugin.a.jar", "plugin.b.jar"), List.copyOf(digests.files()));
        digests.verify("plugin.a.jar", SHIPPED);
    }

    @Test
    void aJarChangedOnDiskIsRefused() {
        BundledDigests digests = BundledDigests.parse("plugin.a.jar=" + JarInspection.sha256(SHIPPED));
        ModuleException e = assertThrows(ModuleException.class, () -> digests.verify("plugin.a.jar", new byte[] { 1, 2, 3, 4 }));
        assertEquals(ModuleException.Kind.REFUSED, e.kind);
        assertEquals(BundledDigests.MISMATCH, e.code);
        assertTrue(e.getMessage().contains(JarInspection.sha256(SHIPPED)), e.getMessage());
    }

    @Test
    void aJarThePlatformDidNotShipIsRefused() {
        BundledDigests digests = BundledDigests.parse("plugin.a.jar=" + JarInspection.sha256(SHIPPED));
        assertEquals(BundledDigests.NOT_RECORDED, assertThrows(ModuleException.class, () -> digests.verify("evil.jar", SHIPPED)).code);
        for (String property : new String[] { null, "", "garbage", "plugin.a.jar=nothex", "../x.jar=" + JarInspection.sha256(SHIPPED) }) {
            BundledDigests none = BundledDigests.parse(property);
            assertEquals(Set.of(), none.files(), property);
            assertEquals(BundledDigests.NOT_RECORDED, assertThrows(ModuleException.class, () -> none.verify("plugin.a.jar", SHIPPED)).code);
        }
    }
}
