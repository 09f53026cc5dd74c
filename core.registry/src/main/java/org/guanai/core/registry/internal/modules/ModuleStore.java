package org.guanai.core.registry.internal.modules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.guanai.core.registry.internal.modules.JarInspection.JarInfo;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content store of module administration: every jar installed, in {@code core_module_content}, named by its SHA-256,
 * so that every node on the database installs the same content (issue 17). A jar is written in one transaction: a crash
 * never leaves half of one under a valid name. The folder {@code <data>/modules} only holds the temporary copies made
 * while a jar is inspected or its signature checked; the jars an earlier version kept there ({@code <sha256>.jar}) are
 * imported into the table when the store opens, and removed from the folder once they are.
 */
final class ModuleStore {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleStore.class);
    private static final Pattern STORED_FILE = Pattern.compile("[0-9a-f]{64}\\.jar");

    /** How long a jar no module uses is kept: longer than any operation takes between storing it and using it. */
    static final Duration KEEP_UNUSED = Duration.ofHours(1);

    private final Path dir;
    private final Jdbc jdbc;
    private final Clock clock;

    /**
     * Opens the store, creating its scratch folder, removing the temporary copies ({@code *.tmp}) a crash left there and
     * importing the jars an earlier version kept there.
     */
    ModuleStore(Path dir, Jdbc jdbc, Clock clock) throws IOException {
        this.dir = dir;
        this.jdbc = jdbc;
        this.clock = clock;
        Files.createDirectories(dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.toList();
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (name.endsWith(".tmp")) {
                Files.deleteIfExists(p);
            } else if (STORED_FILE.matcher(name).matches()) {
                importFile(p, name.substring(0, 64));
            }
        }
    }

    /** Imports a jar of the earlier file store if its content has the hash of its name; removes the file once it is in. */
    private void importFile(Path file, String sha) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (!sha256(bytes).equals(sha)) {
            LOG.warn("Module file {} does not have the SHA-256 of its name: not imported, left in place", file);
            return;
        }
        store(sha, bytes);
        Files.delete(file);
        LOG.info("Module file {} imported into the database", file.getFileName());
    }

    /** The folder where jars are copied while they are inspected or their signature checked. */
    Path dir() {
        return dir;
    }

    /** Writes the jar under its hash, unless it is there already (also when another node writes it at the same time). */
    void keep(JarInfo jar) {
        store(jar.sha256(), jar.bytes());
    }

    private void store(String sha, byte[] bytes) {
        Instant now = clock.instant();
        jdbc.tx(c -> {
            // a jar handed over again is fresh again: a purge running meanwhile leaves it (see purge)
            if (Jdbc.update(c, "UPDATE core_module_content SET stored_at = ? WHERE sha256 = ?", now, sha) == 0) {
                // two nodes storing the same jar at once keep one copy
                Jdbc.update(c, "INSERT INTO core_module_content (sha256, content, stored_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                        sha, bytes, now);
            }
            return null;
        });
    }

    /**
     * Removes the content that no module uses any more (the versions an update replaced, the jars of uninstalled
     * modules), once it is older than {@link #KEEP_UNUSED}: an operation on another node stores its jar before it writes
     * {@code core_module}, and a jar stored (or handed over again) within that time is never removed under it.
     *
     * @return how many jars were removed
     */
    int purgeUnused() {
        Instant before = clock.instant().minus(KEEP_UNUSED);
        int removed = jdbc.tx(c -> Jdbc.update(c, "DELETE FROM core_module_content WHERE stored_at < ?"
                + " AND sha256 NOT IN (SELECT sha256 FROM core_module WHERE sha256 IS NOT NULL)", before));
        if (removed > 0) {
            LOG.info("Removed {} module jars no module uses since {}", removed, before);
        }
        return removed;
    }

    /** The content of the jar with this SHA-256. */
    byte[] read(String sha) {
        return jdbc.read(c -> Jdbc.one(c, "SELECT content FROM core_module_content WHERE sha256 = ?", rs -> rs.getBytes(1), sha))
                .orElseThrow(() -> new UncheckedIOException(new IOException("no module content with SHA-256 " + sha)));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
