package org.guanai.core.registry.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.Map;

import org.guanai.core.registry.internal.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default database's files on a real disk: generated password, permissions, the move from the empty password of
 * earlier versions (also when a crash interrupted it), encryption of a new and of an existing database, and the
 * refusals when the key is missing or wrong.
 */
class EmbeddedDatabaseTest {
    /** A child's name: the test looks for it in the file's bytes. */
    private static final String MARKER = "杨子轩";
    private static final String KEY = "county-key-0123456789";

    @TempDir
    Path tmp;

    private Path data() {
        return tmp.resolve("data");
    }

    private EmbeddedDatabase database(String key) {
        return new EmbeddedDatabase(data(), PooledDataSource.H2_SETTINGS, "sa", "", key, DriverManager::getConnection);
    }

    private String url() {
        return "jdbc:h2:file:" + data().resolve("db/guanai") + PooledDataSource.H2_SETTINGS + ";IFEXISTS=TRUE";
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static void insertMarker(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t (name VARCHAR(100))");
            st.execute("INSERT INTO t VALUES ('" + MARKER + "')");
        }
    }

    private static String marker(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM t")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    private static int errorCode(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof SQLException s) {
                return s.getErrorCode();
            }
            throw e;
        }
        return 0;
    }

    /** Opens the database as anyone who knows the old default credentials would try. */
    private int openWithEmptyPassword() {
        return errorCode(() -> {
            try (Connection c = DriverManager.getConnection(url(), "sa", "")) {
                // opened
            } catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private String passwordFile() throws IOException {
        return Files.readString(data().resolve("secrets/db.password"), StandardCharsets.UTF_8);
    }

    /**
     * A thread interrupted while it reads the file (a programme's {@code shutdownNow()} while its job reads) gets its
     * answer or an error, but the database stays open for every other connection: on H2's default file system the
     * interrupt closed the file, and with it the whole database until a restart. Plain and encrypted.
     */
    @Test
    void aThreadInterruptedWhileItReadsTheFileDoesNotCloseTheDatabase() throws Exception {
        for (String key : new String[] { null, KEY }) {
            Path folder = tmp.resolve(key == null ? "plain" : "encrypted");
            java.util.function.Supplier<EmbeddedDatabase> database = () -> new EmbeddedDatabase(folder, PooledDataSource.H2_SETTINGS,
                    "sa", "", key, DriverManager::getConnection);
            try (Connection c = database.get().open().keepOpen(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE big (id INT PRIMARY KEY, note VARCHAR(2000))");
                st.execute("INSERT INTO big SELECT \"X\", REPEAT('留守儿童', 400) FROM SYSTEM_RANGE(1, 3000)");
            }
            // opened again, so that the rows are on disk and not in H2's cache: the read below reads the file
            EmbeddedDatabase.Opened opened = database.get().open();
            try (Connection keep = opened.keepOpen()) {
                Thread.currentThread().interrupt(); // a FileChannel read by an interrupted thread closes the channel
                try (Connection c = DriverManager.getConnection(opened.credentials().url(), opened.credentials().user(),
                        opened.credentials().password()); Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT SUM(LENGTH(note)) FROM big")) {
                    rs.next();
                } catch (SQLException e) {
                    // the interrupted reader may fail; what matters is everyone else
                } finally {
                    Thread.interrupted();
                }
                try (Statement st = keep.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(LENGTH(note)) FROM big")) {
                    assertTrue(rs.next());
                    assertEquals(3000, rs.getInt(1), "key " + key);
                    assertEquals(3000L * 1600, rs.getLong(2), "key " + key);
                }
            }
        }
    }

    @Test
    void aNewDatabaseHasAGeneratedPasswordInA0600FileAndNoOtherAccountCanReadAnything() throws Exception {
        EmbeddedDatabase.Opened opened = database(null).open();
        try (Connection c = opened.keepOpen()) {
            insertMarker(c);
        }
        assertTrue(opened.created());
        String password = passwordFile();
        assertTrue(password.length() >= 40, "32 random bytes: " + password.length());
        assertEquals(password, opened.credentials().password());
        assertEquals("rwx------", permissions(data()));
        assertEquals("rwx------", permissions(data().resolve("db")));
        assertEquals("rwx------", permissions(data().resolve("secrets")));
        assertEquals("rw-------", permissions(data().resolve("secrets/db.password")));
        assertEquals("rw-------", permissions(data().resolve("db/guanai.mv.db")));
        assertEquals(28000, openWithEmptyPassword(), "sa with the empty password no longer opens it");
        try (Connection c = DriverManager.getConnection(url(), "sa", password)) {
            assertEquals(MARKER, marker(c));
        }

        // the next start reads the same password
        try (Connection c = database(null).open().keepOpen()) {
            assertEquals(MARKER, marker(c));
        }
        assertEquals(password, passwordFile());
    }

    @Test
    void looserFoldersAndFilesAreTightened() throws Exception {
        try (Connection c = database(null).open().keepOpen()) {
            insertMarker(c);
        }
        Files.setPosixFilePermissions(data(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data().resolve("db"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(data().resolve("db/guanai.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(data().resolve("secrets/db.password"), PosixFilePermissions.fromString("rw-r--r--"));
        database(null).open().keepOpen().close();
        assertEquals("rwx------", permissions(data()));
        assertEquals("rwx------", permissions(data().resolve("db")));
        assertEquals("rw-------", permissions(data().resolve("db/guanai.mv.db")));
        assertEquals("rw-------", permissions(data().resolve("secrets/db.password")));
    }

    /**
     * A database on disk with a row, as a version or a crash left it: its user's password, and the pending password file
     * ({@code null}: none).
     */
    private void leftBehind(String password, String pending) throws Exception {
        Files.createDirectories(data().resolve("db"));
        try (Connection c = DriverManager.getConnection(url().replace(";IFEXISTS=TRUE", ""), "sa", password)) {
            insertMarker(c);
        }
        if (pending != null) {
            Files.createDirectories(data().resolve("secrets"));
            Files.writeString(data().resolve("secrets/db.password.new"), pending);
        }
    }

    @Test
    void aDatabaseOfAnEarlierVersionWithTheEmptyPasswordIsMovedToAGeneratedOne() throws Exception {
        leftBehind("", null);
        try (Connection c = database(null).open().keepOpen()) {
            assertEquals(MARKER, marker(c));
        }
        assertFalse(Files.exists(data().resolve("secrets/db.password.new")));
        assertEquals(28000, openWithEmptyPassword());
        try (Connection c = DriverManager.getConnection(url(), "sa", passwordFile())) {
            assertEquals(MARKER, marker(c));
        }
        assertEquals("rw-------", permissions(data().resolve("secrets/db.password")));
    }

    @Test
    void aMoveInterruptedAfterTheDatabaseChangedIsFinishedFromTheNewFile() throws Exception {
        // the crash came after ALTER USER and before the rename: the database has the new password, only .new holds it
        leftBehind("generated-before-crash", "generated-before-crash");
        try (Connection c = database(null).open().keepOpen()) {
            assertEquals(MARKER, marker(c));
        }
        assertEquals("generated-before-crash", passwordFile());
        assertFalse(Files.exists(data().resolve("secrets/db.password.new")));
    }

    @Test
    void aMoveInterruptedBeforeTheDatabaseChangedIsDoneAgain() throws Exception {
        // the crash came after writing .new and before ALTER USER: the database still has the empty password
        leftBehind("", "never-set-in-the-database");
        try (Connection c = database(null).open().keepOpen()) {
            assertEquals(MARKER, marker(c));
        }
        String password = passwordFile();
        assertFalse(password.isBlank());
        assertEquals(28000, openWithEmptyPassword());
        try (Connection c = DriverManager.getConnection(url(), "sa", password)) {
            assertEquals(MARKER, marker(c));
        }
    }

    @Test
    void aPasswordFileThatDoesNotOpenTheDatabaseIsRefusedClearly() throws Exception {
        database(null).open().keepOpen().close();
        Files.writeString(data().resolve("secrets/db.password"), "not-the-password");
        EmbeddedDatabase.RefusedException e = assertThrows(EmbeddedDatabase.RefusedException.class, () -> database(null).open());
        assertEquals("db.password.refused", e.messageKey);
        assertTrue(new Messages().has(e.messageKey));
    }

    @Test
    void withAKeyTheFileIsEncryptedAndNeedsTheKey() throws Exception {
        try (Connection c = database(KEY).open().keepOpen()) {
            insertMarker(c);
        }
        byte[] file = Files.readAllBytes(data().resolve("db/guanai.mv.db"));
        assertTrue(EmbeddedDatabase.encrypted(data().resolve("db/guanai.mv.db")));
        assertFalse(contains(file, MARKER), "the child's name is not readable in the file");
        assertFalse(contains(file, "core_child") || contains(file, "CREATE TABLE"));

        EmbeddedDatabase.RefusedException missing = assertThrows(EmbeddedDatabase.RefusedException.class, () -> database(null).open());
        assertEquals("db.key.missing", missing.messageKey);
        EmbeddedDatabase.RefusedException wrong = assertThrows(EmbeddedDatabase.RefusedException.class,
                () -> database("another-key-0123456789").open());
        assertEquals("db.key.wrong", wrong.messageKey);
        for (String key : new String[] { missing.messageKey, wrong.messageKey }) {
            assertTrue(new Messages().has(key), key);
        }
        try (Connection c = database(KEY).open().keepOpen()) {
            assertEquals(MARKER, marker(c));
        }
    }

    @Test
    void anExistingUnencryptedDatabaseIsEncryptedWhenAKeyIsGiven() throws Exception {
        try (Connection c = database(null).open().keepOpen()) {
            insertMarker(c);
        }
        assertTrue(contains(Files.readAllBytes(data().resolve("db/guanai.mv.db")), MARKER), "the control: readable before");
        String password = passwordFile();

        // an earlier conversion was interrupted: its work folder is dropped, the original is used
        Files.createDirectories(data().resolve("db/encrypting"));
        Files.writeString(data().resolve("db/encrypting/guanai.mv.db"), "half a copy");

        try (Connection c = database(KEY).open().keepOpen()) {
            assertEquals(MARKER, marker(c));
        }
        assertFalse(Files.exists(data().resolve("db/encrypting")));
        assertTrue(EmbeddedDatabase.encrypted(data().resolve("db/guanai.mv.db")));
        assertFalse(contains(Files.readAllBytes(data().resolve("db/guanai.mv.db")), MARKER));
        assertEquals("rw-------", permissions(data().resolve("db/guanai.mv.db")));
        assertEquals(password, passwordFile(), "the user's password is kept");
        assertEquals("db.key.missing", assertThrows(EmbeddedDatabase.RefusedException.class, () -> database(null).open()).messageKey);
    }

    @Test
    void aShortKeyOrOneWithASpaceIsRefused() {
        assertEquals("db.key.invalid", assertThrows(EmbeddedDatabase.RefusedException.class, () -> database("short")).messageKey);
        assertEquals("db.key.invalid", assertThrows(EmbeddedDatabase.RefusedException.class,
                () -> database("has a space in the middle")).messageKey);
        assertTrue(new Messages().has("db.key.invalid"));
    }

    @Test
    void theKeyComesFromThePropertyTheVariableOrAFile() throws Exception {
        assertEquals(null, DatabaseKey.read(k -> null, k -> null));
        assertEquals("from-property", DatabaseKey.read(Map.of(DatabaseKey.PROPERTY, "from-property")::get,
                Map.of(DatabaseKey.VARIABLE, "from-env")::get));
        assertEquals("from-env", DatabaseKey.read(k -> null, Map.of(DatabaseKey.VARIABLE, " from-env ")::get));
        Path file = Files.writeString(tmp.resolve("db.key"), "from-file\n");
        assertEquals("from-file", DatabaseKey.read(k -> null, Map.of(DatabaseKey.FILE_VARIABLE, file.toString())::get));
        assertEquals("db.key.file", assertThrows(EmbeddedDatabase.RefusedException.class,
                () -> DatabaseKey.read(k -> null, Map.of(DatabaseKey.FILE_VARIABLE, tmp.resolve("missing").toString())::get)).messageKey);
        assertTrue(new Messages().has("db.key.file"));
    }

    private static boolean contains(byte[] file, String text) {
        return H2Text.readable(file, text);
    }
}
