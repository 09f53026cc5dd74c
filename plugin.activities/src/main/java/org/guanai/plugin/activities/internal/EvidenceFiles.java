package org.guanai.plugin.activities.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Sql;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 活动照片: the bytes of the evidence files, in the database ({@code activities_evidence_content}), one row per distinct
 * content, named by its SHA-256, so that every node on the database serves a photo uploaded on another (issue 17). The
 * metadata is {@code activities_evidence} ({@link EvidenceStore}); a database backup holds both. A content is written in
 * one transaction, so a crash leaves nothing partial under a content name. The type is decided by the content's magic
 * bytes, never by the client's {@code Content-Type} or the file name.
 * <p>
 * An earlier version kept the bytes on disk under the platform's data directory (framework property {@code guanai.data},
 * default {@code ./data}) in {@code programmes/activities/evidence/}: the files found there at activation are imported
 * (a file whose content does not have the hash of its name is left in place and logged) and removed once they are in.
 */
@Component(service = EvidenceFiles.class)
public final class EvidenceFiles {
    /** Largest file accepted. */
    static final long MAX_BYTES = 5L << 20;
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceFiles.class);

    private final Database db;
    private final CareCalendar calendar;

    @Activate
    public EvidenceFiles(BundleContext context, @Reference Tables tables, @Reference CareCalendar calendar) throws IOException {
        this(tables.db(), calendar, Path.of(Optional.ofNullable(context.getProperty("guanai.data")).orElse("./data")).resolve("programmes")
                .resolve(ActivitiesProgramme.ID).resolve("evidence"));
    }

    /**
     * @param earlierFiles the folder where an earlier version kept the bytes: what is there is imported
     */
    EvidenceFiles(Database db, CareCalendar calendar, Path earlierFiles) throws IOException {
        this.db = db;
        this.calendar = calendar;
        importFiles(earlierFiles);
    }

    /** A stored file: its content hash, size and sniffed type. */
    record Stored(String sha256, long size, String mediaType) {
    }

    /** Why an upload is refused. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String key;

        Refused(int status, String key) {
            super(key);
            this.status = status;
            this.key = key;
        }
    }

    /** @return the media type of the content, from its first bytes, or {@code null} when it is not an accepted type */
    static String sniff(byte[] head, int n) {
        if (n >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF) {
            return "image/jpeg";
        }
        if (n >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G' && head[4] == 0x0D
                && head[5] == 0x0A && head[6] == 0x1A && head[7] == 0x0A) {
            return "image/png";
        }
        if (n >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F' && head[8] == 'W' && head[9] == 'E'
                && head[10] == 'B' && head[11] == 'P') {
            return "image/webp";
        }
        if (n >= 5 && head[0] == '%' && head[1] == 'P' && head[2] == 'D' && head[3] == 'F' && head[4] == '-') {
            return "application/pdf";
        }
        return null;
    }

    /**
     * Stores an upload: at most {@link #MAX_BYTES}, of an accepted type (JPEG, PNG, WebP, PDF) by its content.
     *
     * @throws Refused 413 {@code tooLarge}, 415 {@code fileType}, 400 {@code fileEmpty}; nothing is kept then
     */
    Stored store(InputStream in) throws IOException, Refused {
        byte[] content = in.readNBytes((int) MAX_BYTES + 1);
        if (content.length > MAX_BYTES) {
            throw new Refused(413, "tooLarge");
        }
        if (content.length == 0) {
            throw new Refused(400, "fileEmpty");
        }
        String type = sniff(content, content.length);
        if (type == null) {
            throw new Refused(415, "fileType");
        }
        String hash = sha256(content);
        db.tx(sql -> insert(sql, hash, content));
        return new Stored(hash, content.length, type);
    }

    /** Writes a content unless it is there already (also when another node writes the same one at the same time). */
    private int insert(Sql sql, String hash, byte[] content) throws java.sql.SQLException {
        return sql.update("INSERT INTO activities_evidence_content (sha256, content, stored_at) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING", hash, content, calendar.now());
    }

    /** @return the bytes of a content hash, if they are there */
    Optional<byte[]> content(String sha256) {
        if (sha256 == null || !SHA.matcher(sha256).matches()) {
            return Optional.empty();
        }
        return db.read(sql -> sql.one("SELECT content FROM activities_evidence_content WHERE sha256 = ?", rs -> rs.getBytes(1), sha256));
    }

    /** Removes the bytes of a content, unless an evidence row names it (again). */
    void remove(String sha256) {
        db.tx(sql -> sql.update("DELETE FROM activities_evidence_content WHERE sha256 = ?"
                + " AND NOT EXISTS (SELECT 1 FROM activities_evidence e WHERE e.sha256 = ?)", sha256, sha256));
    }

    /**
     * Deletes the contents stored more than {@code age} ago that no evidence row names (the bytes of an upload whose row
     * was never written, e.g. after a crash).
     *
     * @return how many were removed
     */
    int sweep(Duration age) {
        return db.tx(sql -> sql.update("DELETE FROM activities_evidence_content WHERE stored_at < ?"
                + " AND NOT EXISTS (SELECT 1 FROM activities_evidence e WHERE e.sha256 = activities_evidence_content.sha256)",
                calendar.now().minus(age)));
    }

    /** Imports the files an earlier version kept on disk; removes each once it is in, and the partial uploads. */
    private void importFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.toList();
        }
        int imported = 0;
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (name.startsWith("upload-") && name.endsWith(".part")) {
                Files.deleteIfExists(p);
            } else if (SHA.matcher(name).matches()) {
                byte[] content = Files.readAllBytes(p);
                if (!sha256(content).equals(name)) {
                    LOG.warn("Evidence file {} does not have the SHA-256 of its name: not imported, left in place", p);
                    continue;
                }
                db.tx(sql -> insert(sql, name, content));
                Files.delete(p);
                imported++;
            }
        }
        if (imported > 0) {
            LOG.info("{} evidence files imported from {} into the database", imported, dir);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a file name safe to keep and show: no path, no control characters, at most 200 characters */
    static String safeName(String name) {
        if (name == null || name.isBlank()) {
            return "photo";
        }
        String n = name.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"<>|:*?]", "_").strip();
        if (n.isEmpty() || n.equals(".") || n.equals("..")) {
            return "photo";
        }
        return n.length() > 200 ? n.substring(n.length() - 200) : n;
    }
}
