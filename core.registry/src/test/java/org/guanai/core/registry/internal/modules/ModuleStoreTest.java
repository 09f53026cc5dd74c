package org.guanai.core.registry.internal.modules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.sql.DataSource;

import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.modules.JarInspection.JarInfo;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several nodes on one database (issue 17, point 3): the content of the installed modules is in the database, so a node
 * with a data directory of its own installs the jar another node stored; the jars an earlier version kept in
 * {@code <data>/modules} are imported at start. Before, the store was {@code <data>/modules} of each node: the second
 * node found no content and reported a failed module.
 */
class ModuleStoreTest {
    private final DataSource db = TestSupport.migratedDatabase("modules");
    private final Jdbc jdbc = new Jdbc(db);

    @TempDir
    Path node1;
    @TempDir
    Path node2;

    @AfterEach
    void tearDown() {
        TestSupport.shutdown(db);
    }

    private JarInfo jar(String bsn) throws Exception {
        return JarInspection.inspect(JarInspectionTest.bundle(bsn, Map.of("a.txt", bsn.getBytes())), node1, JarInspectionTest.DEFAULTS);
    }

    @Test
    void aJarKeptByOneNodeIsReadByAnother() throws Exception {
        ModuleStore one = new ModuleStore(node1.resolve("modules"), jdbc, TestSupport.CLOCK);
        ModuleStore two = new ModuleStore(node2.resolve("modules"), jdbc, TestSupport.CLOCK);
        JarInfo jar = jar("org.example.calls");
        one.keep(jar);
        one.keep(jar); // the deploy directory hands the same file over again: one copy
        assertArrayEquals(jar.bytes(), two.read(jar.sha256()));
        assertEquals(1, TestSupport.count(db, "SELECT COUNT(*) FROM core_module_content"));
        try (var files = Files.list(node1.resolve("modules"))) {
            assertEquals(0, files.count(), "nothing on the node's disk");
        }
        assertThrows(UncheckedIOException.class, () -> two.read("0".repeat(64)));
    }

    @Test
    void theJarsOfAnEarlierVersionAreImportedAndRemovedFromTheFolder() throws Exception {
        Path dir = Files.createDirectories(node1.resolve("modules"));
        JarInfo jar = jar("org.example.old");
        Files.write(dir.resolve(jar.sha256() + ".jar"), jar.bytes());
        Path damaged = Files.write(dir.resolve("f".repeat(64) + ".jar"), jar.bytes());
        Path partial = Files.write(dir.resolve("upload-1.tmp"), new byte[] { 1 });

        ModuleStore store = new ModuleStore(dir, jdbc, TestSupport.CLOCK);
        assertArrayEquals(jar.bytes(), new ModuleStore(node2.resolve("modules"), jdbc, TestSupport.CLOCK).read(jar.sha256()));
        assertFalse(Files.exists(dir.resolve(jar.sha256() + ".jar")), "removed once imported");
        assertFalse(Files.exists(partial));
        assertTrue(Files.exists(damaged), "a file whose content is not what its name says stays where it is");
        assertThrows(UncheckedIOException.class, () -> store.read("f".repeat(64)));
    }

    /** Every change of the desired state raises the version every node polls, in the same transaction. */
    @Test
    void everyChangeOfTheDesiredStateRaisesTheVersionTheNodesPoll() throws Exception {
        ModuleRecords records = new ModuleRecords(jdbc, null, null, TestSupport.CLOCK);
        long start = records.version();
        JarInfo jar = jar("org.example.calls");
        records.installed(jar, ModuleManager.ACTIVE, "admin");
        assertEquals(start + 1, records.version());
        records.setDesired(jar.bsn(), ModuleManager.STOPPED, "admin");
        assertEquals(start + 2, records.version());
        records.updated(jar.bsn(), jar, "admin");
        assertEquals(start + 3, records.version());
        records.uninstalled(jar.bsn());
        assertEquals(start + 4, records.version());
        assertTrue(records.managed(jar.bsn()).isEmpty());
    }

    /** Before, every version ever installed stayed in the table (50 updates: 50 jars). */
    @Test
    void jarsNoModuleUsesAreRemovedOnceTheyAreOlderThanAnOperationTakes() throws Exception {
        org.guanai.core.registry.internal.audit.AuditLogTest.MutableClock clock =
                new org.guanai.core.registry.internal.audit.AuditLogTest.MutableClock(TestSupport.CLOCK.instant());
        ModuleStore store = new ModuleStore(node1.resolve("modules"), jdbc, clock);
        JarInfo used = jar("org.example.used");
        JarInfo replaced = jar("org.example.replaced");
        JarInfo fresh = jar("org.example.fresh");
        store.keep(used);
        store.keep(replaced);
        new ModuleRecords(jdbc, null, null, clock).installed(used, "ACTIVE", "admin");
        assertEquals(0, store.purgeUnused(), "nothing is removed within the hour");
        clock.advance(ModuleStore.KEEP_UNUSED.plusSeconds(1));
        store.keep(fresh); // stored by an operation in progress on another node: no core_module row yet
        assertEquals(1, store.purgeUnused());
        assertArrayEquals(used.bytes(), store.read(used.sha256()), "the jar a module uses stays");
        assertArrayEquals(fresh.bytes(), store.read(fresh.sha256()), "a jar stored within the hour stays");
        assertThrows(UncheckedIOException.class, () -> store.read(replaced.sha256()));
    }
}
