package org.guanai.plugin.activities.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * 活动照片: the bytes of the evidence files, on disk under the platform's data directory (framework property
 * {@code guanai.data}, default {@code ./data}) in {@code programmes/activities/evidence/}, one file per distinct content,
 * named by its SHA-256. The database keeps the metadata ({@code activities_evidence}); a backup of the data directory
 * holds both. Files are written to a temporary name, forced to disk and moved into place atomically, so a crash leaves
 * no partial file under a content name. The type is decided by the content's magic bytes, never by the client's
 * {@code Content-Type} or the file name.
 */
@Component(service = EvidenceFiles.class)
public final class EvidenceFiles {
    /** Largest file accepted. */
    static final long MAX_BYTES = 5L << 20;
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;

    @Activate
    public EvidenceFiles(BundleContext context) throws IOException {
        this(Path.of(Optional.ofNullable(context.getProperty("guanai.data")).orElse("./data")).resolve("programmes")
                .resolve(ActivitiesProgramme.ID).resolve("evidence"));
    }

    EvidenceFiles(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir.toAbsolutePath().normalize());
    }

    Path directory() {
        return dir;
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
        Path tmp = Files.createTempFile(dir, "upload-", ".part");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] head = new byte[16];
            int headLen = 0;
            long size = 0;
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    size += n;
                    if (size > MAX_BYTES) {
                        throw new Refused(413, "tooLarge");
                    }
                    if (headLen < head.length) {
                        int k = Math.min(n, head.length - headLen);
                        System.arraycopy(buf, 0, head, headLen, k);
                        headLen += k;
                    }
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            if (size == 0) {
                throw new Refused(400, "fileEmpty");
            }
            String type = sniff(head, headLen);
            if (type == null) {
                throw new Refused(415, "fileType");
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            String hash = HexFormat.of().formatHex(sha.digest());
            Path target = dir.resolve(hash);
            if (Files.exists(target)) {
                Files.delete(tmp);
            } else {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new Stored(hash, size, type);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** @return the file of a content hash, if it is there */
    Optional<Path> file(String sha256) {
        if (sha256 == null || !SHA.matcher(sha256).matches()) {
            return Optional.empty();
        }
        Path p = dir.resolve(sha256);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** Removes the bytes of a content no evidence row names any more. */
    void remove(String sha256) throws IOException {
        Optional<Path> p = file(sha256);
        if (p.isPresent()) {
            Files.deleteIfExists(p.get());
        }
    }

    /**
     * Deletes the files older than {@code age} whose content no evidence row names (the bytes of an upload whose row was
     * never written, e.g. after a crash) and partial uploads left behind.
     *
     * @return how many files were removed
     */
    int sweep(java.util.Set<String> inUse, java.time.Duration age) throws IOException {
        long before = System.currentTimeMillis() - age.toMillis();
        int removed = 0;
        try (java.util.stream.Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                boolean orphan = SHA.matcher(name).matches() && !inUse.contains(name);
                boolean partial = name.startsWith("upload-") && name.endsWith(".part");
                if ((orphan || partial) && Files.getLastModifiedTime(p).toMillis() < before) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        }
        return removed;
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
