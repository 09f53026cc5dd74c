package org.guanai.core.registry.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.guanai.core.api.dto.MigrationReport;
import org.guanai.core.registry.internal.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlywaySchemaMigratorTest {
    /**
     * The core's scripts (V1 … Vn) on the class path, by version. Versions may have gaps: a number can be reserved for
     * a script that lands later.
     */
    private static final java.util.SortedMap<Integer, String> SCRIPTS = coreScripts();
    /** The core's schema version: the highest script version. */
    static final String CORE = Integer.toString(SCRIPTS.lastKey());

    private static java.util.SortedMap<Integer, String> coreScripts() {
        java.io.File dir;
        try {
            dir = new java.io.File(FlywaySchemaMigratorTest.class.getClassLoader().getResource("db/core").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        java.util.SortedMap<Integer, String> scripts = new java.util.TreeMap<>();
        for (String name : dir.list((d, name) -> name.matches("V[0-9]+__.*\\.sql"))) {
            scripts.put(Integer.parseInt(name.substring(1, name.indexOf("__"))), name);
        }
        return scripts;
    }

    private final javax.sql.DataSource db = TestSupport.freshDatabase("flyway");

    @AfterEach
    void dropDatabase() {
        TestSupport.shutdown(db);
    }

    /** The start-up fast path trusts its own checksums only if they are Flyway's: compare with what Flyway stored. */
    @Test
    void checksumsAreFlywaysOwn() throws Exception {
        new FlywaySchemaMigrator(db);
        java.io.File dir = new java.io.File(getClass().getClassLoader().getResource("db/core").toURI());
        for (var script : SCRIPTS.entrySet()) {
            java.net.URL url = new java.io.File(dir, script.getValue()).toURI().toURL();
            assertEquals(TestSupport.count(db, "SELECT checksum FROM core_schema_history WHERE version = ?",
                    Integer.toString(script.getKey())), (long) FlywaySchemaMigrator.checksum(url), script.getValue());
        }
        assertEquals(1, FlywaySchemaMigrator.compareVersions("10", "9"));
        assertEquals(-1, FlywaySchemaMigrator.compareVersions("1.2", "1.10"));
        assertEquals(0, FlywaySchemaMigrator.compareVersions("2", "2.0"));
    }

    @Test
    void constructionMigratesTheCoreSchema() {
        assertEquals(0, TestSupport.count(db,
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema AND table_name = 'core_schema_history'"));
        FlywaySchemaMigrator migrator = new FlywaySchemaMigrator(db);
        assertEquals(CORE, migrator.currentVersion("core"));
        for (String table : List.of("core_school", "core_staff", "core_class", "core_child", "core_parent", "core_guardian",
                "core_history", "core_schema_history")) {
            assertEquals(1, TestSupport.count(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema AND table_name = ?", table),
                    table);
        }
        assertEquals(1, TestSupport.count(db, "SELECT COUNT(*) FROM core_schema_history WHERE version = '1' AND success"));
        assertEquals(0, TestSupport.count(db, "SELECT COUNT(*) FROM core_child"));
    }

    @Test
    void migratingAgainAppliesNothing() {
        FlywaySchemaMigrator migrator = new FlywaySchemaMigrator(db);
        MigrationReport again = migrator.migrate("core", FlywaySchemaMigrator.class);
        assertEquals(new MigrationReport("core", CORE, CORE, 0), again);
        assertEquals(new MigrationReport("core", CORE, CORE, 0), migrator.migrate("core", FlywaySchemaMigrator.class));
        // a second component on the same database (a restart) finds the schema in place
        FlywaySchemaMigrator restarted = new FlywaySchemaMigrator(db);
        assertEquals(CORE, restarted.currentVersion("core"));
        assertEquals(SCRIPTS.size(), TestSupport.count(db, "SELECT COUNT(*) FROM core_schema_history WHERE version IS NOT NULL"));
    }

    @Test
    void anOwnerWithoutScriptsHasNoVersion() {
        FlywaySchemaMigrator migrator = new FlywaySchemaMigrator(db);
        assertNull(migrator.currentVersion("visits"));
        MigrationReport report = migrator.migrate("visits", FlywaySchemaMigrator.class);
        assertEquals(new MigrationReport("visits", null, null, 0), report);
        assertNull(migrator.currentVersion("visits"));
        assertEquals(CORE, migrator.currentVersion("core"), "owners do not share a history");
    }

    @Test
    void aProgrammeMigratesItsOwnScriptsNextToTheCore() {
        // db/sample/V1__sample.sql and V2__sample_visit_date.sql are test resources; V1 references core_child
        FlywaySchemaMigrator migrator = new FlywaySchemaMigrator(db);
        assertNull(migrator.currentVersion("sample"));
        assertEquals(new MigrationReport("sample", null, "2", 2), migrator.migrate("sample", FlywaySchemaMigrator.class));
        assertEquals("2", migrator.currentVersion("sample"));
        assertEquals(CORE, migrator.currentVersion("core"));
        assertEquals(1, TestSupport.count(db,
                "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema AND table_name = 'sample_visit' AND column_name = 'visited_on'"));
        assertEquals(new MigrationReport("sample", "2", "2", 0), migrator.migrate("sample", FlywaySchemaMigrator.class));
        assertEquals(new MigrationReport("core", CORE, CORE, 0), migrator.migrate("core", FlywaySchemaMigrator.class));
    }

    @Test
    void aFailingScriptThrowsIllegalStateExceptionAndLeavesNoHistory() {
        // db/broken/V1__broken.sql creates a table, then inserts into a table that does not exist
        FlywaySchemaMigrator migrator = new FlywaySchemaMigrator(db);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> migrator.migrate("broken", FlywaySchemaMigrator.class));
        assertTrue(e.getMessage().contains("broken"), e.getMessage());
        assertNull(migrator.currentVersion("broken"), "nothing recorded for the failed script");
        assertEquals(0, TestSupport.count(db, "SELECT COUNT(*) FROM broken_schema_history WHERE version = '1'"));
        assertEquals(CORE, migrator.currentVersion("core"));
        // the next attempt runs the script again instead of refusing a failed history
        IllegalStateException again = assertThrows(IllegalStateException.class,
                () -> migrator.migrate("broken", FlywaySchemaMigrator.class));
        assertTrue(again.getCause().getMessage().contains("V1__broken.sql"), again.getCause().getMessage());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "", "c", "Core", "CORE", "1core", "_core", "core-x", "core x", "core;drop table core_child",
            "../core", "core/../x", "abcdefghijklmnopqrstuvwxyz012345", "核心" })
    void invalidOwnerNamesAreRefused(String owner) {
        FlywaySchemaMigrator migrator = new FlywaySchemaMigrator(db);
        assertThrows(IllegalArgumentException.class, () -> migrator.migrate(owner, FlywaySchemaMigrator.class));
        assertThrows(IllegalArgumentException.class, () -> migrator.currentVersion(owner));
    }

    @ParameterizedTest
    @ValueSource(strings = { "ab", "core", "visit_2", "abcdefghijklmnopqrstuvwxyz01234" })
    void validOwnerNamesAreAccepted(String owner) {
        FlywaySchemaMigrator migrator = new FlywaySchemaMigrator(db);
        migrator.currentVersion(owner);
        migrator.migrate(owner, FlywaySchemaMigrator.class);
    }
}
