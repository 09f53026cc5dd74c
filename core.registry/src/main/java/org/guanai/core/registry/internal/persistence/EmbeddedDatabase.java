package org.guanai.core.registry.internal.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default database, an H2 file under {@code <data>/db}, made ready before the pool opens it (数据库静态保护):
 * <ul>
 * <li>the password of its user is generated (32 random bytes) and kept in {@code <data>/secrets/db.password}
 * ({@code 0600}, folder {@code 0700}); a new database is created with it;</li>
 * <li>a database created by an earlier version with the empty password is moved to a generated one: the new password
 * is written to {@code db.password.new} first, then set in the database ({@code ALTER USER}), then the file is renamed
 * to {@code db.password}. A crash at any point leaves a password that opens the database on disk: before the
 * {@code ALTER}, the empty one still works; after it, {@code db.password.new} holds the new one, which the next start
 * tries and puts in place;</li>
 * <li>with a key ({@code GUANAI_DB_KEY}) the file is encrypted (H2 {@code CIPHER=AES}, the key as the file password).
 * An existing unencrypted database is encrypted at start: a copy in {@code <data>/db/encrypting/} is encrypted,
 * checked to open with the key, and renamed over the original, so a crash leaves the original or the encrypted file,
 * never neither. An encrypted database without the key, or with a wrong one, is refused with a clear message.</li>
 * </ul>
 * Every file in {@code <data>/db} ends up {@code 0600} and the folder {@code 0700} (H2 creates its files with the
 * process's umask).
 */
final class EmbeddedDatabase {
    static final String NAME = "guanai";
    static final String PASSWORD_FILE = "db.password";
    static final String PENDING_FILE = "db.password.new";
    static final String WORK_FOLDER = "encrypting";
    /** The first bytes of an H2 file encrypted with {@code CIPHER=AES}. */
    private static final byte[] ENCRYPTED_HEADER = "H2encrypt".getBytes(StandardCharsets.US_ASCII);
    /** H2's error code for a wrong user name or password. */
    private static final int WRONG_PASSWORD = 28000;
    /** H2's error code for a file that the key does not decrypt. */
    private static final int WRONG_KEY = 90049;
    /** Shortest key accepted. */
    static final int MIN_KEY_LENGTH = 16;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** Opens a JDBC connection; the H2 driver's {@code DataSourceFactory} in the framework. */
    @FunctionalInterface
    interface Connector {
        Connection connect(String url, String user, String password) throws SQLException;
    }

    /**
     * What the pool connects with.
     *
     * @param key the file key when the file is encrypted, else {@code null}
     */
    record Credentials(String url, String user, String userPassword, String key) {
        /** @return the password H2 expects: with a file key, {@code key + " " + userPassword} */
        String password() {
            return key == null ? userPassword : key + " " + userPassword;
        }

        @Override
        public String toString() {
            return "Credentials[url=" + url + ", user=" + user + "]";
        }
    }

    /** The database ready and open: {@link #keepOpen} holds it open until the pool has its own connections. */
    record Opened(Credentials credentials, Connection keepOpen, boolean created) {
    }

    /** The database cannot be opened; {@link #messageKey} names the text (中文 and English) for the administrator. */
    static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String messageKey;

        RefusedException(String messageKey, String detail) {
            super(messageKey + ": " + detail);
            this.messageKey = messageKey;
        }
    }

    private final Path data;
    private final Path dir;
    private final Path secrets;
    private final String settings;
    private final String user;
    /** Set in the configuration ({@code org.guanai.core.datasource}); then no file is generated or migrated. */
    private final String configuredPassword;
    private final String key;
    private final Connector connector;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param settings H2 URL settings ({@code ;MODE=…}) appended after the file name
     * @param configuredPassword the password configured for the data source, {@code null} or empty for the generated one
     * @param key the file encryption key, {@code null} for none
     */
    EmbeddedDatabase(Path data, String settings, String user, String configuredPassword, String key, Connector connector) {
        this.data = data;
        this.dir = data.resolve("db");
        this.secrets = data.resolve("secrets");
        this.settings = settings;
        this.user = user;
        this.configuredPassword = configuredPassword == null || configuredPassword.isEmpty() ? null : configuredPassword;
        this.key = key;
        this.connector = connector;
        if (!user.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new RefusedException("db.open.failed", "the database user name is not a plain identifier: " + user);
        }
        if (key != null && (key.length() < MIN_KEY_LENGTH || key.chars().anyMatch(Character::isWhitespace))) {
            throw new RefusedException("db.key.invalid", "the key is shorter than " + MIN_KEY_LENGTH + " characters or has a space");
        }
    }

    Path file() {
        return dir.resolve(NAME + ".mv.db");
    }

    Path passwordFile() {
        return secrets.resolve(PASSWORD_FILE);
    }

    /** Makes the folders and files safe, settles the password and the encryption, and opens the database. */
    Opened open() {
        SecureFiles.folder(data);
        SecureFiles.folderAndFiles(dir, true);
        SecureFiles.folderAndFiles(secrets, true);
        removeWorkFolder();
        boolean exists = Files.exists(file());
        boolean encrypted = exists && encrypted(file());
        if (encrypted && key == null) {
            throw new RefusedException("db.key.missing", file() + " is encrypted");
        }
        Opened opened;
        if (!exists) {
            String password = configuredPassword != null ? configuredPassword : readOrCreatePassword();
            Credentials c = credentials(dir.resolve(NAME), key != null, password);
            opened = new Opened(c, connect(c, false), true);
        } else {
            Opened settled = settle(encrypted);
            if (!encrypted && key != null) {
                String password = settled.credentials().userPassword();
                close(settled.keepOpen());
                encrypt(password);
                Credentials c = credentials(dir.resolve(NAME), true, password);
                settled = new Opened(c, connect(c, true), false);
            }
            opened = settled;
        }
        // what H2 and this class just created, with the process's umask: tightened without a warning
        SecureFiles.folderAndFiles(dir, false);
        SecureFiles.folderAndFiles(secrets, false);
        return opened;
    }

    /** Tightens the database files again (after the pool closed: H2 may have written new ones). */
    void restrictFiles() {
        if (Files.isDirectory(dir)) {
            SecureFiles.folderAndFiles(dir, false);
        }
    }

    /** Finds the password that opens the existing database, moving an old empty one to a generated one. */
    private Opened settle(boolean encrypted) {
        record Candidate(String password, String source) {
        }
        List<Candidate> candidates = new ArrayList<>();
        if (configuredPassword != null) {
            candidates.add(new Candidate(configuredPassword, "configuration"));
        } else {
            read(passwordFile()).ifPresent(p -> candidates.add(new Candidate(p, PASSWORD_FILE)));
            read(secrets.resolve(PENDING_FILE)).ifPresent(p -> candidates.add(new Candidate(p, PENDING_FILE)));
            candidates.add(new Candidate("", "legacy"));
        }
        for (Candidate candidate : candidates) {
            Credentials c = credentials(dir.resolve(NAME), encrypted, candidate.password());
            Connection connection;
            try {
                connection = connector.connect(c.url() + ";IFEXISTS=TRUE", c.user(), c.password());
            } catch (SQLException e) {
                if (e.getErrorCode() == WRONG_PASSWORD) {
                    continue;
                }
                throw refusal(e);
            }
            switch (candidate.source()) {
                case PENDING_FILE -> {
                    move(secrets.resolve(PENDING_FILE), passwordFile());
                    LOG.info("Database password taken from {} (a change of password had been interrupted)", PENDING_FILE);
                }
                case "legacy" -> {
                    return migrate(connection, encrypted);
                }
                case PASSWORD_FILE -> deleteQuietly(secrets.resolve(PENDING_FILE));
                default -> {
                    // configured: nothing kept on disk
                }
            }
            return new Opened(c, connection, false);
        }
        throw new RefusedException("db.password.refused", passwordFile() + " does not open " + file());
    }

    /**
     * The database still has the empty password of earlier versions: set a generated one. Order: {@code .new} file
     * (forced to disk), {@code ALTER USER}, rename; see the class comment for why a crash in between locks nobody out.
     */
    private Opened migrate(Connection legacy, boolean encrypted) {
        String password = generate();
        Path pending = secrets.resolve(PENDING_FILE);
        SecureFiles.writeAtomically(pending, password);
        try (Statement st = legacy.createStatement()) {
            // the password is base64url (no quote) and the user name a plain identifier (checked in the constructor)
            st.execute("ALTER USER " + user + " SET PASSWORD '" + password + "'");
        } catch (SQLException e) {
            close(legacy);
            throw refusal(e);
        }
        close(legacy); // the last connection: H2 closes the database, the change is on disk
        Credentials c = credentials(dir.resolve(NAME), encrypted, password);
        Connection connection = connect(c, true);
        move(pending, passwordFile());
        LOG.warn("The database had the empty password of earlier versions; it now has a generated one, kept in {}", passwordFile());
        return new Opened(c, connection, false);
    }

    /**
     * Encrypts the existing unencrypted database with the key: a copy in {@code db/encrypting/} is encrypted with H2's
     * {@code ChangeFileEncryption}, opened once with the key to check it, and renamed over the original.
     */
    private void encrypt(String password) {
        Path work = SecureFiles.folder(dir.resolve(WORK_FOLDER));
        Path copy = work.resolve(NAME + ".mv.db");
        try {
            Files.copy(file(), copy, StandardCopyOption.REPLACE_EXISTING);
            SecureFiles.file(copy);
            org.h2.tools.ChangeFileEncryption.execute(work.toString(), NAME, "AES", null, key.toCharArray(), true);
            Credentials check = credentials(work.resolve(NAME), true, password);
            close(connect(check, true));
            if (!encrypted(copy)) {
                throw new IllegalStateException("the encrypted copy " + copy + " has no encryption header");
            }
            move(copy, file());
            removeWorkFolder();
        } catch (SQLException | IOException e) {
            removeWorkFolder();
            throw new RefusedException("db.encrypt.failed", String.valueOf(e.getMessage()));
        }
        LOG.warn("The database is now encrypted with the key of GUANAI_DB_KEY. Backups made before are not encrypted, and "
                + "the blocks of the old file may stay readable on the disk until they are overwritten.");
    }

    /**
     * The URL opens the file through H2's {@code retry:} file system: a thread interrupted while it reads or writes the
     * database (a component's {@code shutdownNow()} in {@code @Deactivate}, a cancelled task: a programme of any author
     * may do it) closes Java's {@code FileChannel}, and on H2's default file system that closed the database for every
     * connection until a restart. {@code retry:} reopens the file and repeats the operation instead.
     */
    private Credentials credentials(Path base, boolean encrypted, String password) {
        String url = "jdbc:h2:retry:" + base + settings + (encrypted ? ";CIPHER=AES" : "");
        return new Credentials(url, user, password, encrypted ? key : null);
    }

    private Connection connect(Credentials c, boolean mustExist) {
        try {
            return connector.connect(c.url() + (mustExist ? ";IFEXISTS=TRUE" : ""), c.user(), c.password());
        } catch (SQLException e) {
            throw refusal(e);
        }
    }

    private RefusedException refusal(SQLException e) {
        if (e.getErrorCode() == WRONG_KEY) {
            return new RefusedException("db.key.wrong", e.getMessage());
        }
        if (e.getErrorCode() == WRONG_PASSWORD) {
            return new RefusedException("db.password.refused", e.getMessage());
        }
        return new RefusedException("db.open.failed", e.getMessage());
    }

    private String readOrCreatePassword() {
        java.util.Optional<String> existing = read(passwordFile());
        if (existing.isPresent()) {
            return existing.get();
        }
        String password = generate();
        SecureFiles.writeAtomically(passwordFile(), password);
        return password;
    }

    private String generate() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static java.util.Optional<String> read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return java.util.Optional.empty();
            }
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** @return whether the H2 file starts with the header of an encrypted file */
    static boolean encrypted(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return java.util.Arrays.equals(in.readNBytes(ENCRYPTED_HEADER.length), ENCRYPTED_HEADER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
            SecureFiles.forceFolder(to.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to, e);
        }
    }

    /** An interrupted encryption left its work folder: the original is still in place, the copy is dropped. */
    private void removeWorkFolder() {
        Path work = dir.resolve(WORK_FOLDER);
        if (!Files.exists(work)) {
            return;
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + work, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", file, e.getMessage());
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("Closing a connection failed: {}", e.getMessage());
        }
    }
}
