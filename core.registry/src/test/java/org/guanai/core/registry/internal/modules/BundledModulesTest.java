package org.guanai.core.registry.internal.modules;

import static org.guanai.core.registry.internal.modules.BundledModules.Action.INSTALL;
import static org.guanai.core.registry.internal.modules.BundledModules.Action.SKIP;
import static org.guanai.core.registry.internal.modules.BundledModules.Action.UPDATE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

/** The programmes shipped with the platform: installed once, updated by a newer platform, an admin's removal wins. */
class BundledModulesTest {
    private static final Optional<Version> NONE = Optional.empty();

    private static Optional<Version> v(String v) {
        return Optional.of(Version.parseVersion(v));
    }

    @Test
    void firstStartInstalls() {
        assertEquals(INSTALL, BundledModules.decide(NONE, NONE, Version.parseVersion("1.0.0")));
    }

    @Test
    void anAdminsUninstallIsKeptAcrossRestartsAndPlatformUpgrades() {
        assertEquals(SKIP, BundledModules.decide(v("1.0.0"), NONE, Version.parseVersion("1.0.0")));
        assertEquals(SKIP, BundledModules.decide(v("1.0.0"), NONE, Version.parseVersion("1.1.0")));
    }

    @Test
    void aNewerPlatformUpdatesWhatIsStillInstalled() {
        assertEquals(UPDATE, BundledModules.decide(v("1.0.0"), v("1.0.0"), Version.parseVersion("1.1.0")));
        assertEquals(SKIP, BundledModules.decide(v("1.0.0"), v("1.0.0"), Version.parseVersion("1.0.0")));
    }

    @Test
    void aNewerVersionAnAdminUploadedIsNotDowngraded() {
        assertEquals(SKIP, BundledModules.decide(v("1.0.0"), v("1.2.0"), Version.parseVersion("1.1.0")));
        assertEquals(SKIP, BundledModules.decide(NONE, v("1.2.0"), Version.parseVersion("1.1.0")));
        // an admin installed an older one by hand before the platform shipped it: the shipped one is newer
        assertEquals(UPDATE, BundledModules.decide(NONE, v("0.9.0"), Version.parseVersion("1.0.0")));
    }

    @Test
    void aRolledBackUpdateIsNotOfferedAgainForTheSameVersion() {
        assertEquals(SKIP, BundledModules.decide(v("1.1.0"), v("1.0.0"), Version.parseVersion("1.1.0")));
    }

    @Test
    void listsOnlyJarFiles(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("b.jar"), new byte[] { 1 });
        Files.write(dir.resolve("a.jar"), new byte[] { 1 });
        Files.write(dir.resolve("README.txt"), new byte[] { 1 });
        Files.createDirectory(dir.resolve("c.jar"));
        assertEquals(List.of(dir.resolve("a.jar"), dir.resolve("b.jar")), BundledModules.jars(dir.toString()));
        assertEquals(List.of(), BundledModules.jars(null));
        assertEquals(List.of(), BundledModules.jars(dir.resolve("missing").toString()));
    }
}
