package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.guanai.launcher.EnvironmentActivator.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings the launcher derives from the environment, the data folder's permissions and the start banner. */
class EnvironmentActivatorTest {
    private static final String JAR = "launcher/target/guanai.jar";

    @TempDir
    Path tmp;

    private static Settings resolve(Map<String, String> env, String commandLine, String... properties) {
        Properties sys = new Properties();
        for (int i = 0; i < properties.length; i += 2) {
            sys.setProperty(properties[i], properties[i + 1]);
        }
        return Settings.resolve(env, sys, commandLine);
    }

    @Test
    void productionIsTheDefault() {
        Settings s = resolve(Map.of(), JAR);
        assertFalse(s.demo(), "no setting: production");
        Properties sys = new Properties();
        s.apply(sys);
        assertEquals("false", sys.getProperty("guanai.demo"), "the core is told too");
        assertFalse(s.unsignedModulesAllowed());
        String banner = s.banner(4, Optional.empty());
        assertTrue(banner.contains("生产 PRODUCTION"), banner);
        assertFalse(banner.contains("guanai-demo"), banner);
        assertFalse(banner.contains("Unsigned"), banner);
        assertTrue(banner.contains("data folder: " + s.dataDir()), banner);
        assertTrue(banner.contains("database encryption: 关 off"), banner);
    }

    @Test
    void demoModeIsAskedForByArgumentVariableOrProperty() {
        assertTrue(resolve(Map.of(), JAR + " --demo").demo());
        assertTrue(resolve(Map.of(), JAR + " --shell --demo").demo());
        assertFalse(resolve(Map.of(), JAR + " --demonstration").demo());
        assertTrue(resolve(Map.of("GUANAI_DEMO", "true"), JAR).demo());
        assertTrue(resolve(Map.of("GUANAI_DEMO", " TRUE "), JAR).demo());
        assertTrue(resolve(Map.of("GUANAI_DEMO", "false"), JAR, "guanai.demo", "true").demo(), "the property wins");
        assertFalse(resolve(Map.of("GUANAI_DEMO", "true"), JAR, "guanai.demo", "false").demo());

        Settings demo = resolve(Map.of(), JAR + " --demo");
        Properties sys = new Properties();
        demo.apply(sys);
        assertEquals("true", sys.getProperty("guanai.demo"));
        String banner = demo.banner(4, Optional.empty());
        assertTrue(banner.contains("演示 DEMO"), banner);
        assertTrue(banner.contains("guanai-demo 是公开的") && banner.contains("password guanai-demo is public"), banner);
        assertTrue(demo.unsignedModulesAllowed(), "demo mode allows unsigned modules");
        assertTrue(banner.contains("Unsigned modules are allowed: any jar can be installed"), banner);
    }

    @Test
    void aValueThatIsNeitherTrueNorFalseIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve(Map.of("GUANAI_DEMO", "yes"), JAR));
        assertTrue(e.getMessage().contains("GUANAI_DEMO"), e.getMessage());
    }

    @Test
    void theBannerWarnsWhenAnyJarCanBeInstalled() {
        Settings unsigned = resolve(Map.of("GUANAI_ALLOW_UNSIGNED", "true"), JAR);
        assertTrue(unsigned.unsignedModulesAllowed());
        String banner = unsigned.banner(4, Optional.empty());
        assertTrue(banner.contains("允许安装未签名的模块") && banner.contains("(GUANAI_ALLOW_UNSIGNED)"), banner);
        Settings signed = resolve(Map.of("GUANAI_ALLOW_UNSIGNED", "true", "GUANAI_TRUSTSTORE", "/etc/guanai/trust.p12"), JAR + " --demo");
        assertFalse(signed.unsignedModulesAllowed(), "with a trust store only signed modules install");
        assertFalse(signed.banner(4, Optional.empty()).contains("Unsigned"));
    }

    @Test
    void theBannerSaysWhetherTheDatabaseIsEncrypted() {
        assertTrue(resolve(Map.of("GUANAI_DB_KEY", "county-key-0123456789"), JAR).banner(0, Optional.empty())
                .contains("database encryption: 开 on"));
        assertTrue(resolve(Map.of("GUANAI_DB_KEY_FILE", "/etc/guanai/db.key"), JAR).encrypted());
        assertFalse(resolve(Map.of(), JAR).toString().contains("county-key"));
    }

    @Test
    void theDatabaseSettingsReachTheCoreAsFrameworkProperties() throws Exception {
        Settings s = resolve(Map.of("GUANAI_DB_URL", "jdbc:postgresql://db.county:5432/guanai", "GUANAI_DB_USER", "guanai",
                "GUANAI_DB_PASSWORD", "pg-secret-0123"), JAR);
        Properties sys = new Properties();
        s.apply(sys);
        assertEquals("jdbc:postgresql://db.county:5432/guanai", sys.getProperty("guanai.db.url"));
        assertEquals("guanai", sys.getProperty("guanai.db.user"));
        assertEquals("pg-secret-0123", sys.getProperty("guanai.db.password"));
        String banner = s.banner(4, Optional.empty());
        assertTrue(banner.contains("database: jdbc:postgresql://db.county:5432/guanai (user guanai)"), banner);
        assertFalse(banner.contains("pg-secret") || s.toString().contains("pg-secret"), banner + s);

        Path file = tmp.resolve("db.password");
        Files.writeString(file, "from-a-file-0123\n");
        Properties fromFile = new Properties();
        resolve(Map.of("GUANAI_DB_URL", "jdbc:postgresql://db/guanai", "GUANAI_DB_PASSWORD_FILE", file.toString()), JAR)
                .apply(fromFile);
        assertEquals("from-a-file-0123", fromFile.getProperty("guanai.db.password"), "the file's line, without its line break");

        Properties none = new Properties();
        Settings h2 = resolve(Map.of(), JAR);
        h2.apply(none);
        assertEquals(null, none.getProperty("guanai.db.url"), "no URL: the embedded H2 database");
        assertTrue(h2.banner(0, Optional.empty()).contains("database: H2 "), h2.banner(0, Optional.empty()));
    }

    @Test
    void wrongDatabaseSettingsStopTheStart() {
        assertThrows(IllegalArgumentException.class, () -> resolve(Map.of("GUANAI_DB_URL", "postgres://db/guanai"), JAR));
        assertThrows(IllegalArgumentException.class, () -> resolve(Map.of("GUANAI_DB_PASSWORD", "x-0123456789"), JAR),
                "a password without a URL");
        assertThrows(IllegalArgumentException.class, () -> resolve(Map.of("GUANAI_DB_URL", "jdbc:postgresql://db/guanai",
                "GUANAI_DB_PASSWORD", "a", "GUANAI_DB_PASSWORD_FILE", tmp.resolve("p").toString()), JAR), "both");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> resolve(Map.of("GUANAI_DB_URL",
                "jdbc:postgresql://db/guanai", "GUANAI_DB_PASSWORD_FILE", tmp.resolve("absent").toString()), JAR));
        assertTrue(missing.getMessage().contains("GUANAI_DB_PASSWORD_FILE"), missing.getMessage());
    }

    @Test
    void theDataFolderIsCreated0700AndTightenedWhenLooser() throws Exception {
        Path created = tmp.resolve("new/data");
        assertEquals(Optional.empty(), EnvironmentActivator.secureDataFolder(created));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));

        Path loose = Files.createDirectory(tmp.resolve("loose"));
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(Optional.of("rwxr-xr-x"), EnvironmentActivator.secureDataFolder(loose));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(loose)));
        String banner = resolve(Map.of(), JAR).banner(0, Optional.of("rwxr-xr-x"));
        assertTrue(banner.contains("rwxr-xr-x") && banner.contains("tightened to rwx------"), banner);
    }
}
