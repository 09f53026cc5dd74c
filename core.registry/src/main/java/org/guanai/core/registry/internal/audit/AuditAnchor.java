package org.guanai.core.registry.internal.audit;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.regex.Pattern;

import org.guanai.core.registry.internal.persistence.SecureFiles;

/**
 * The anchor file ({@code <data>/audit/anchor}): an append-only text file outside the database into which the audit log
 * writes the head of its chain from time to time, one line per anchor:
 * <pre>{@code <seq> <hash of entry seq> <when, ISO-8601> <key id> <seal>}</pre>
 * where the seal is the HMAC-SHA256, under the audit key, of the other four fields (encoded as {@link AuditKey#fields}
 * with the marker {@value #FORMAT}), so that a line cannot be written without the key. Sequence number 0 with 64 zeros
 * anchors the empty chain. Each line is written whole, with one write, and flushed to disk ({@code fsync}) before
 * {@link #append} returns. The file is {@code 0600}, its folder {@code 0700}. This class only reads and writes lines;
 * {@link AuditLog} decides when to anchor and what a line means.
 */
final class AuditAnchor {
    static final String FORMAT = "guanai-anchor-1";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX16 = Pattern.compile("[0-9a-f]{16}");
    /** The last line is found in the file's last bytes: a line is about 170 bytes. */
    private static final int TAIL = 4096;

    /** One anchor: entry {@code seq} had {@code hash} when it was written, {@code at}; {@code number} is the line number. */
    record Line(long number, long seq, String hash, Instant at, String keyId, String seal) {
        private byte[] content() {
            return AuditKey.fields(FORMAT, seq, hash, at.toString(), keyId);
        }

        /** Whether this line was written with {@code key}: its key id and its seal. */
        boolean sealedBy(AuditKey key) {
            return keyId.equals(key.id()) && key.sealed(content(), seal);
        }
    }

    /** A line that is not an anchor line at all. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long number;

        Malformed(long number) {
            super("line " + number + " is not an anchor line");
            this.number = number;
        }
    }

    private final Path file;

    AuditAnchor(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The text of one line, with its newline, sealed with {@code key}. */
    static String line(AuditKey key, long seq, String hash, Instant at) {
        Line unsealed = new Line(0, seq, hash, at, key.id(), null);
        return seq + " " + hash + " " + at + " " + key.id() + " " + key.seal(unsealed.content()) + "\n";
    }

    /** The line as written, or {@code null} when it is not in the format of {@link #line}. */
    static Line parse(String text, long number) {
        String[] f = text.split(" ", -1);
        if (f.length != 5 || !HEX64.matcher(f[1]).matches() || !HEX16.matcher(f[3]).matches() || !HEX64.matcher(f[4]).matches()) {
            return null;
        }
        try {
            long seq = Long.parseLong(f[0]);
            Instant at = Instant.parse(f[2]);
            return seq < 0 || !f[0].equals(Long.toString(seq)) || !f[2].equals(at.toString()) ? null
                    : new Line(number, seq, f[1], at, f[3], f[4]);
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }

    /**
     * Removes an incomplete last line (the file does not end with a newline), which a crash or power failure during a
     * write can leave behind; every line this class writes ends with one.
     *
     * @return the incomplete text removed, or {@code null} if there was none
     */
    String repair() throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long from = Math.max(0, ch.size() - TAIL);
            byte[] tail = tail(ch, from);
            if (tail.length == 0 || tail[tail.length - 1] == '\n') {
                return null;
            }
            int lastNewline = tail.length - 1;
            while (lastNewline >= 0 && tail[lastNewline] != '\n') {
                lastNewline--;
            }
            long keep = from + lastNewline + 1;
            if (lastNewline < 0 && from > 0) {
                throw new IOException(file + " ends with more than " + TAIL + " bytes without a line break: not an anchor file");
            }
            String removed = new String(tail, lastNewline + 1, tail.length - lastNewline - 1, StandardCharsets.US_ASCII);
            ch.truncate(keep);
            ch.force(true);
            return removed;
        }
    }

    /** The text of the last line (without its newline), or {@code null} when the file is missing or empty. */
    String lastLine() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long from = Math.max(0, ch.size() - TAIL);
            String tail = new String(tail(ch, from), StandardCharsets.US_ASCII);
            if (tail.isEmpty()) {
                return null;
            }
            String body = tail.endsWith("\n") ? tail.substring(0, tail.length() - 1) : tail;
            int start = body.lastIndexOf('\n');
            if (start < 0 && from > 0) {
                return body; // a line longer than the tail: not an anchor line, reported as such
            }
            return body.substring(start + 1);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The file's size in bytes, 0 when it is missing. */
    long size() throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /**
     * Appends {@code line} (from {@link #line}) with one write and flushes it to disk. Creates the file ({@code 0600})
     * if needed; its folder must exist. Not thread-safe: the caller writes one line at a time.
     */
    void append(String line) throws IOException {
        boolean created = !Files.exists(file);
        try (FileChannel ch = created
                ? FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE), SecureFiles.fileAttributes(file.toAbsolutePath().getParent()))
                : FileChannel.open(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        if (created) {
            SecureFiles.forceFolder(file.toAbsolutePath().getParent());
        }
    }

    /** Reads the lines in the first {@code limit} bytes of the file, in order. */
    Lines read(long limit) throws IOException {
        return new Lines(limit);
    }

    /** The lines of the file, one at a time. */
    final class Lines implements Closeable {
        private final BufferedReader in;
        private final long limit;
        private long consumed;
        private long number;

        private Lines(long limit) throws IOException {
            this.limit = limit;
            this.in = limit == 0 ? null
                    : new BufferedReader(new InputStreamReader(Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ)),
                            StandardCharsets.ISO_8859_1));
        }

        /**
         * @return the next line, or {@code null} after the last one
         * @throws Malformed when the next line is not in the format of an anchor line
         */
        Line next() throws IOException {
            if (in == null || consumed >= limit) {
                return null;
            }
            String text = in.readLine();
            if (text == null) {
                return null;
            }
            consumed += text.length() + 1; // ISO-8859-1: one character per byte
            number++;
            Line line = parse(text, number);
            if (line == null) {
                throw new Malformed(number);
            }
            return line;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }

    /** The bytes of the file from {@code from} to its end. */
    private static byte[] tail(FileChannel ch, long from) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) (ch.size() - from));
        long at = from;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        return buf.array();
    }

}
