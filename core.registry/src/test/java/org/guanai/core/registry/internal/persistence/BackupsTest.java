package org.guanai.core.registry.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.sql.DataSource;

import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.shell.GuanaiCommands;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of a running H2 file database on a real disk: the zip's content and order, its permissions, a backup taken
 * while rows are written (every row committed before it began is in it, none that began after it ended), one backup at
 * a time, no partial file after a failure, and names that cannot leave the folder.
 */
class BackupsTest {
    @TempDir
    Path tmp;

    private Path data;
    private Connection keepOpen;
    private JdbcDataSource ds;
    private final List<AuditLog.Event> audited = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws Exception {
        data = tmp.resolve("data");
        EmbeddedDatabase.Opened opened = new EmbeddedDatabase(data, PooledDataSource.H2_SETTINGS, "sa", "", null,
                DriverManager::getConnection).open();
        keepOpen = opened.keepOpen();
        ds = new JdbcDataSource();
        ds.setURL(opened.credentials().url());
        ds.setUser("sa");
        ds.setPassword(opened.credentials().password());
        try (Statement st = keepOpen.createStatement()) {
            st.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(50))");
        }
        Files.createDirectories(data.resolve("audit"));
        Files.writeString(data.resolve("audit/anchor"), "1 head\n");
        Files.writeString(data.resolve("secrets/audit.key"), "audit-key");
        Files.createDirectories(data.resolve("programmes/activities/evidence"));
        Files.writeString(data.resolve("programmes/activities/evidence/ab12"), "photo");
        Files.createDirectories(data.resolve("modules"));
        Files.writeString(data.resolve("modules/cd34.jar"), "jar");
        Files.createDirectories(data.resolve("deploy"));
        Files.writeString(data.resolve("deploy/dropped.jar"), "not backed up");
    }

    @AfterEach
    void tearDown() throws SQLException {
        keepOpen.close();
    }

    private Backups backups(DataSource dataSource) {
        return new Backups(data, dataSource, audited::add, java.time.Clock.fixed(Instant.parse("2026-12-06T09:30:05Z"), ZoneId.of("UTC")));
    }

    @Test
    void aBackupHoldsTheSecretsAndAuditBeforeTheDatabaseAndTheFilesAfterIt() throws Exception {
        Backups.Backup b = backups(ds).create();
        assertEquals("guanai-backup-20261206-173005.zip", b.name(), "named in China time");
        Path zip = data.resolve("backups").resolve(b.name());
        assertEquals(Files.size(zip), b.size());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("backups"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(zip)));
        try (var files = Files.list(data.resolve("backups"))) {
            assertEquals(List.of(zip), files.toList(), "no temporary file left");
        }
        assertEquals(List.of("secrets/audit.key", "secrets/db.password", "audit/anchor", "db/guanai.mv.db", "modules/cd34.jar",
                "programmes/activities/evidence/ab12", "backup.properties"), entries(zip));
        assertTrue(read(zip, "backup.properties").contains("encrypted=false"));
        assertEquals(1, audited.size());
        assertEquals("BACKUP", audited.get(0).action());
        assertEquals(b.name(), audited.get(0).entityId());

        assertEquals(List.of(b.name()), backups(ds).list().stream().map(Backups.Backup::name).toList());
        assertEquals(zip, backups(ds).file(b.name()).orElseThrow());
        assertTrue(backups(ds).file("../secrets/db.password").isEmpty());
        assertTrue(backups(ds).file("guanai-backup-20261206-173005.zip/../../x").isEmpty());

        Backups.Backup second = backups(ds).create();
        assertEquals("guanai-backup-20261206-173005-2.zip", second.name(), "the same second: a second name");
    }

    @Test
    void theConsoleCommandMakesOneAsTheShell() throws Exception {
        CurrentActor actor = new CurrentActor();
        List<String> actors = new ArrayList<>();
        Backups backups = new Backups(data, ds, e -> actors.add(actor.get()), java.time.Clock.systemUTC());
        String out = new GuanaiCommands(null, null, actor, null, backups).backup();
        assertTrue(out.startsWith("backup written: " + data.resolve("backups").resolve("guanai-backup-")), out);
        assertEquals(List.of("shell"), actors);
        assertEquals(1, backups.list().size());
    }

    @Test
    void aBackupUnderWritesHoldsEveryRowCommittedBeforeItAndNoneAfterIt() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Set<Long> committed = new ConcurrentSkipListSet<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            long base = w * 1_000_000L;
            Thread t = new Thread(() -> {
                try (Connection c = ds.getConnection(); var ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                    for (long i = base; !stop.get(); i++) {
                        ps.setLong(1, i);
                        ps.setString(2, "杨子轩" + i);
                        ps.executeUpdate();
                        committed.add(i);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            writers.add(t);
        }
        Thread.sleep(300);
        Set<Long> before = Set.copyOf(committed);
        Backups.Backup b = backups(ds).create();
        Set<Long> after = Set.copyOf(committed);
        Thread.sleep(200);
        stop.set(true);
        for (Thread t : writers) {
            t.join();
        }
        assertTrue(after.size() > before.size(), "rows were written during the backup: " + before.size() + " -> " + after.size());

        Path restored = unzip(data.resolve("backups").resolve(b.name()), tmp.resolve("restored"));
        String password = Files.readString(restored.resolve("secrets/db.password"), StandardCharsets.UTF_8);
        Set<Long> inCopy = new java.util.HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + restored.resolve("db/guanai") + PooledDataSource.H2_SETTINGS + ";IFEXISTS=TRUE", "sa",
                password); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM t")) {
            while (rs.next()) {
                inCopy.add(rs.getLong(1));
            }
        }
        assertTrue(inCopy.containsAll(before), "every row committed before the backup began is in it");
        assertTrue(after.containsAll(inCopy), "no row committed after the backup ended is in it");
        System.out.println("backup under writes: " + before.size() + " rows before, " + inCopy.size() + " in the copy, "
                + after.size() + " when it ended");
    }

    @Test
    void oneBackupAtATime() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DataSource slow = new DelegatingDataSource(ds) {
            @Override
            public Connection getConnection() throws SQLException {
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.getConnection();
            }
        };
        Backups shared = backups(slow);
        Thread first = new Thread(shared::create);
        first.start();
        assertTrue(inside.await(30, TimeUnit.SECONDS));
        Backups.Refused refused = org.junit.jupiter.api.Assertions.assertThrows(Backups.Refused.class, shared::create);
        assertEquals(409, refused.status);
        assertEquals("backup_running", refused.code);
        assertTrue(new Messages().has("error.backup_running"));
        release.countDown();
        first.join();
        assertEquals(1, shared.list().size());
    }

    @Test
    void aFailedBackupLeavesNoFileAndIsAudited() throws Exception {
        DataSource failing = new DelegatingDataSource(ds) {
            private int calls;

            @Override
            public Connection getConnection() throws SQLException {
                if (++calls > 1) { // the product check passes, the backup's own connection fails
                    throw new SQLException("disk gone");
                }
                return super.getConnection();
            }
        };
        Backups.Refused refused = org.junit.jupiter.api.Assertions.assertThrows(Backups.Refused.class, () -> backups(failing).create());
        assertEquals(500, refused.status);
        assertEquals("backup_failed", refused.code);
        assertTrue(new Messages().has("error.backup_failed"));
        try (var files = Files.list(data.resolve("backups"))) {
            assertEquals(List.of(), files.toList());
        }
        assertEquals(AuditLog.FAILED, audited.get(0).outcome());
    }

    @Test
    void anEncryptedDatabaseStaysEncryptedInTheBackup() throws Exception {
        Path encrypted = tmp.resolve("encrypted");
        EmbeddedDatabase.Opened opened = new EmbeddedDatabase(encrypted, PooledDataSource.H2_SETTINGS, "sa", "",
                "county-key-0123456789", DriverManager::getConnection).open();
        try (Connection c = opened.keepOpen(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (name VARCHAR(50))");
            st.execute("INSERT INTO t VALUES ('杨子轩')");
            JdbcDataSource eds = new JdbcDataSource();
            eds.setURL(opened.credentials().url());
            eds.setUser("sa");
            eds.setPassword(opened.credentials().password());
            Backups.Backup b = new Backups(encrypted, eds, audited::add, java.time.Clock.systemUTC()).create();
            Path zip = encrypted.resolve("backups").resolve(b.name());
            assertTrue(read(zip, "backup.properties").contains("encrypted=true"));
            Path restored = unzip(zip, tmp.resolve("restored-encrypted"));
            byte[] file = Files.readAllBytes(restored.resolve("db/guanai.mv.db"));
            assertFalse(H2Text.readable(file, "杨子轩"));
            assertTrue(EmbeddedDatabase.encrypted(restored.resolve("db/guanai.mv.db")));
        }
    }

    static List<String> entries(Path zip) throws IOException {
        List<String> out = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                out.add(e.getName());
            }
        }
        return out;
    }

    private static String read(Path zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (e.getName().equals(name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " not in " + zip);
    }

    private static Path unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                Path f = into.resolve(e.getName());
                Files.createDirectories(f.getParent());
                Files.write(f, in.readAllBytes());
            }
        }
        return into;
    }

    /** A data source that passes every call to another. */
    private static class DelegatingDataSource implements DataSource {
        private final DataSource d;

        DelegatingDataSource(DataSource d) {
            this.d = d;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return d.getConnection();
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return d.getConnection(u, p);
        }

        @Override
        public java.io.PrintWriter getLogWriter() throws SQLException {
            return d.getLogWriter();
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) throws SQLException {
            d.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            d.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return d.getLoginTimeout();
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws java.sql.SQLFeatureNotSupportedException {
            return d.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return d.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return d.isWrapperFor(iface);
        }
    }
}
