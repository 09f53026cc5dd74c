package org.guanai.core.registry.internal.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.guanai.core.registry.internal.persistence.SecureFiles;

/**
 * The secret that seals the audit chain and the anchor file: an HMAC-SHA256 key of 32 random bytes, kept in a file
 * outside the database ({@code <data>/secrets/audit.key} by default), written as 64 hexadecimal digits. Whoever can
 * write the database but not read this file cannot compute a row's seal. Its {@link #id()} (the first 8 bytes of an HMAC
 * of a fixed text, in hex) names the key in each row without revealing it, so that a row sealed with another key is
 * reported as such.
 */
final class AuditKey {
    static final String MAC = "HmacSHA256";
    /** Bytes of a generated key, and the fewest a key file may hold. */
    static final int BYTES = 32;

    /**
     * A MAC initialised with the key, never used itself: each seal uses a clone, which skips the provider look-up and
     * the key set-up of {@code Mac.getInstance} and {@code init} (warm: 0.37 µs a seal of 200 bytes instead of 0.57).
     */
    private final Mac prototype;
    private final String id;

    AuditKey(byte[] bytes) {
        if (bytes.length < BYTES) {
            throw new IllegalArgumentException("an audit key has at least " + BYTES + " bytes");
        }
        try {
            Mac m = Mac.getInstance(MAC);
            m.init(new SecretKeySpec(bytes, MAC));
            this.prototype = m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e); // every Java platform has HmacSHA256
        }
        this.id = HexFormat.of().formatHex(Arrays.copyOf(mac(fields("guanai-audit-key-id")), 8));
    }

    /** A new key from {@code random}. */
    static AuditKey random(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new AuditKey(bytes);
    }

    /**
     * Reads a key file: at least 64 hexadecimal digits (surrounding white space ignored).
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     * @throws IllegalArgumentException         when the file holds something else
     */
    static AuditKey read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the file does not hold a key in hexadecimal digits");
        }
        if (bytes.length < BYTES) {
            throw new IllegalArgumentException("the file holds " + bytes.length + " bytes; an audit key has at least " + BYTES);
        }
        return new AuditKey(bytes);
    }

    /**
     * Generates a key from {@code random} and writes it to {@code file} ({@code 0600}; a missing folder is created
     * {@code 0700}, an existing one is left as it is), through a temporary file renamed into place, so that the file is
     * either absent or complete.
     *
     * @throws FileAlreadyExistsException if {@code file} appeared meanwhile
     */
    static AuditKey create(Path file, SecureRandom random) throws IOException {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            SecureFiles.createFolder(dir);
        }
        Path tmp = Files.createTempFile(dir, ".audit-key-", ".tmp", SecureFiles.fileAttributes(dir));
        try {
            Files.writeString(tmp, HexFormat.of().formatHex(bytes) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        SecureFiles.forceFolder(dir);
        return new AuditKey(bytes);
    }

    /** Names this key without revealing it: 16 hexadecimal digits. */
    String id() {
        return id;
    }

    /** The HMAC-SHA256 of {@code message} under this key, in lower-case hex. */
    String seal(byte[] message) {
        return HexFormat.of().formatHex(mac(message));
    }

    /** Whether {@code seal} is this key's seal of {@code message}, compared in constant time. */
    boolean sealed(byte[] message, String seal) {
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(seal == null ? "" : seal);
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(mac(message), expected);
    }

    private byte[] mac(byte[] message) {
        try {
            return ((Mac) prototype.clone()).doFinal(message);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e); // the JDK's HmacSHA256 can be cloned
        }
    }

    /**
     * The bytes that are hashed or sealed for a list of fields: each written as a presence byte (0 for null) followed,
     * when present, by the length (4 bytes, big-endian) and the UTF-8 bytes of its text. Null and empty differ, and no
     * two field lists give the same bytes.
     */
    static byte[] fields(Object... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (Object field : fields) {
            if (field == null) {
                out.write(0);
                continue;
            }
            byte[] bytes = field.toString().getBytes(StandardCharsets.UTF_8);
            out.write(1);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
