package org.guanai.core.registry.internal.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.guanai.core.registry.internal.audit.AuditActions;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups of a running instance (在线备份): one zip in {@code <data>/backups/} ({@code 0700}, files {@code 0600}) named
 * {@code guanai-backup-<yyyyMMdd-HHmmss>.zip} (China time), holding, in this order:
 * <ol>
 * <li>{@code secrets/} and {@code audit/}: the database password, the audit key and the audit anchor, copied
 * <em>before</em> the database, so that the anchor in the copy is never ahead of the database in the copy (the anchor
 * only grows);</li>
 * <li>{@code db/guanai.mv.db}: H2's online backup ({@code BACKUP TO}), a consistent state of the database taken while
 * it runs: every transaction committed before the backup began is in it, none that began after it ended; encrypted
 * with the database's key when the database is. Other sessions' statements wait while the file is copied (about a
 * second per 100 MB of file), and connections opened meanwhile are refused: H2 copies to the file's end, and a file
 * written to without pause could grow faster than it is copied;</li>
 * <li>{@code modules/} and {@code programmes/}: the jars of the installed modules and the programmes' files (the
 * activities' photo evidence), copied <em>after</em> the database so that every file a row of the copy names is
 * there (both folders only gain files, named by their content);</li>
 * <li>{@code backup.properties}: when, which format, whether the database is encrypted.</li>
 * </ol>
 * The zip is written under a temporary name, forced to disk and renamed, so a crash or a failure leaves no partial
 * backup under a backup's name. One backup at a time; each is written to the audit log. Only the embedded H2 database
 * is backed up this way (PostgreSQL: {@code pg_dump}). Restore: stop, unzip into an empty data folder, start (with the
 * same {@code GUANAI_DB_KEY} when the database is encrypted).
 */
@Component(service = Backups.class)
public final class Backups {
    static final String FOLDER = "backups";
    static final Pattern NAME = Pattern.compile("guanai-backup-\\d{8}-\\d{6}(-\\d{1,3})?\\.zip");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Folders of the data folder copied before the database: keys and the audit anchor. */
    private static final List<String> BEFORE = List.of("secrets", "audit");
    /** Folders copied after it: files that rows of the database name (installed modules' jars, programmes' files). */
    private static final List<String> AFTER = List.of("modules", "programmes");
    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);

    /** One backup file. */
    public record Backup(String name, long size, Instant createdAt) {
    }

    /** Why a backup was not made; the servlet answers {@link #status} with {@code error.<code>}. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int status;
        public final String code;

        Refused(int status, String code, String detail, Throwable cause) {
            super(code + ": " + detail, cause);
            this.status = status;
            this.code = code;
        }
    }

    private final Path data;
    private final Path folder;
    private final DataSource dataSource;
    /** {@link AuditLog#record}. */
    private final java.util.function.Consumer<AuditLog.Event> audit;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();

    @Activate
    public Backups(BundleContext context, @Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference AuditLog audit) {
        this(PooledDataSource.dataDirectory(context), dataSource, audit::record, Clock.system(ZONE));
    }

    Backups(Path data, DataSource dataSource, java.util.function.Consumer<AuditLog.Event> audit, Clock clock) {
        this.data = data;
        this.folder = data.resolve(FOLDER);
        this.dataSource = dataSource;
        this.audit = audit;
        this.clock = clock;
    }

    /** Makes a backup now; answers once it is complete on disk. */
    public Backup create() {
        if (!running.tryLock()) {
            throw new Refused(409, "backup_running", "a backup is running", null);
        }
        try {
            requireH2();
            SecureFiles.folder(folder);
            Instant now = clock.instant();
            long started = System.nanoTime();
            String name = freeName(now);
            Path part = folder.resolve("." + name + ".part");
            Path dbZip = folder.resolve("." + name + ".db.zip");
            try {
                write(part, dbZip, now);
                move(part, folder.resolve(name));
            } catch (IOException | SQLException | RuntimeException e) {
                deleteQuietly(part);
                deleteQuietly(dbZip);
                LOG.error("Backup {} failed", name, e);
                recordQuietly(AuditLog.Event.of(AuditActions.BACKUP, "backup", name).outcome(AuditLog.FAILED)
                        .detail(String.valueOf(e.getMessage())));
                throw new Refused(500, "backup_failed", String.valueOf(e.getMessage()), e);
            }
            Path file = folder.resolve(name);
            long size = size(file);
            audit.accept(AuditLog.Event.of(AuditActions.BACKUP, "backup", name).detail("bytes=" + size));
            LOG.info("Backup written: {} ({} bytes in {} ms)", file, size, (System.nanoTime() - started) / 1_000_000);
            return new Backup(name, size, now);
        } finally {
            running.unlock();
        }
    }

    /** @return the backups in {@code <data>/backups}, newest first */
    public List<Backup> list() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Backup> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (NAME.matcher(n).matches() && Files.isRegularFile(f)) {
                    out.add(new Backup(n, size(f), Files.getLastModifiedTime(f).toInstant()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(Backup::name).reversed());
        return out;
    }

    /** @return the file of a backup by its name; empty for any other name (no path outside the folder) */
    public Optional<Path> file(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path f = folder.resolve(name);
        return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
    }

    /** The absolute path of the folder the backups are written to. */
    public Path folder() {
        return folder;
    }

    private void requireH2() {
        try (Connection c = dataSource.getConnection()) {
            if (!"H2".equals(c.getMetaData().getDatabaseProductName())) {
                throw new Refused(409, "backup_unsupported", c.getMetaData().getDatabaseProductName(), null);
            }
        } catch (SQLException e) {
            throw new Refused(500, "backup_failed", e.getMessage(), e);
        }
    }

    private String freeName(Instant now) {
        String stamp = "guanai-backup-" + STAMP.format(now.atZone(ZONE));
        String name = stamp + ".zip";
        for (int i = 2; Files.exists(folder.resolve(name)); i++) {
            name = stamp + "-" + i + ".zip";
        }
        return name;
    }

    private void write(Path part, Path dbZip, Instant now) throws IOException, SQLException {
        Files.deleteIfExists(part);
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ZipArchiveOutputStream zip = new ZipArchiveOutputStream(channel)) {
            SecureFiles.file(part);
            for (String f : BEFORE) {
                addFolder(zip, f);
            }
            boolean encrypted = addDatabase(zip, dbZip);
            for (String f : AFTER) {
                addFolder(zip, f);
            }
            zip.putArchiveEntry(new ZipArchiveEntry("backup.properties"));
            zip.write(("# Guanai backup. Restore: stop the platform, unzip into an empty data folder, start it on that folder"
                    + (encrypted ? " with the same GUANAI_DB_KEY" : "") + ".\n"
                    + "format=1\ncreated=" + now + "\ndatabase=db/" + EmbeddedDatabase.NAME + ".mv.db\nencrypted=" + encrypted + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
            zip.finish();
            channel.force(true);
        }
    }

    /**
     * H2's online backup to a temporary zip, its entries copied under {@code db/} as they are compressed (not inflated and
     * deflated again); @return whether the file is encrypted
     */
    private boolean addDatabase(ZipArchiveOutputStream zip, Path dbZip) throws IOException, SQLException {
        Files.deleteIfExists(dbZip);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            // H2 copies the file up to its end while the end moves: written to without pause, the file can grow faster
            // than it is copied (seen: 1.7 GB and a backup of over 20 s under three busy writers). Other sessions'
            // statements wait (H2's exclusive mode) while the file is copied, so the copy has an end.
            st.execute("SET EXCLUSIVE 1");
            try {
                st.execute("BACKUP TO '" + dbZip.toString().replace("'", "''") + "'");
            } finally {
                endExclusive(c, st);
            }
        }
        SecureFiles.file(dbZip);
        boolean encrypted = false;
        try (ZipFile in = ZipFile.builder().setPath(dbZip).get()) {
            for (ZipArchiveEntry e : java.util.Collections.list(in.getEntries())) {
                String entry = e.getName().replace('\\', '/');
                if (e.isDirectory() || entry.contains("..") || entry.startsWith("/")) {
                    continue;
                }
                if (entry.endsWith(".mv.db")) {
                    try (InputStream head = in.getInputStream(e)) {
                        encrypted |= new String(head.readNBytes(9), java.nio.charset.StandardCharsets.US_ASCII).equals("H2encrypt");
                    }
                }
                ZipArchiveEntry copy = new ZipArchiveEntry("db/" + entry);
                copy.setMethod(e.getMethod());
                copy.setCrc(e.getCrc());
                copy.setSize(e.getSize());
                copy.setCompressedSize(e.getCompressedSize());
                copy.setTime(e.getTime());
                try (InputStream raw = in.getRawInputStream(e)) {
                    zip.addRawArchiveEntry(copy, raw);
                }
            }
        } finally {
            Files.deleteIfExists(dbZip);
        }
        return encrypted;
    }

    /** Ends the exclusive mode; if that fails, closes the session itself (which ends it) so the pool cannot keep it. */
    private static void endExclusive(Connection c, Statement st) throws SQLException {
        try {
            st.execute("SET EXCLUSIVE 0");
        } catch (SQLException e) {
            LOG.error("The database stayed in exclusive mode after a backup; closing that session", e);
            c.unwrap(org.h2.jdbc.JdbcConnection.class).close();
            throw e;
        }
    }

    /** Every regular file under {@code <data>/<name>}, with its path relative to the data folder. */
    private void addFolder(ZipArchiveOutputStream zip, String name) throws IOException {
        Path root = data.resolve(name);
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String entry = data.relativize(f).toString().replace('\\', '/');
            zip.putArchiveEntry(new ZipArchiveEntry(entry));
            try (InputStream in = Files.newInputStream(f)) {
                in.transferTo(zip);
            } catch (java.nio.file.NoSuchFileException removedMeanwhile) {
                // a temporary file that went away while the folder was copied
            }
            zip.closeArchiveEntry();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
        SecureFiles.forceFolder(to.getParent());
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void recordQuietly(AuditLog.Event event) {
        try {
            audit.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("The failed backup could not be written to the audit log: {}", e.getMessage());
        }
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", f, e.getMessage());
        }
    }

    /** Streams a backup file to {@code out}. */
    public static void copy(Path file, OutputStream out) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(out);
        }
    }
}
