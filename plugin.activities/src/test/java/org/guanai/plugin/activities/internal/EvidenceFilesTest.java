package org.guanai.plugin.activities.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evidence upload limits: size, type by content, nothing left behind on a refusal. */
class EvidenceFilesTest {
    static final byte[] PNG_HEAD = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

    static byte[] jpeg(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 7);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        return b;
    }

    @TempDir
    Path dir;

    @Test
    void acceptedTypesAreRecognisedByTheirContent() {
        assertEquals("image/jpeg", EvidenceFiles.sniff(jpeg(16), 16));
        assertEquals("image/png", EvidenceFiles.sniff(PNG_HEAD, PNG_HEAD.length));
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("image/webp", EvidenceFiles.sniff(webp, webp.length));
        byte[] pdf = "%PDF-1.7\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("application/pdf", EvidenceFiles.sniff(pdf, pdf.length));
        byte[] html = "<html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        assertEquals(null, EvidenceFiles.sniff(html, html.length));
        byte[] gifLooksLikeNothingWeTake = "GIF89a".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(null, EvidenceFiles.sniff(gifLooksLikeNothingWeTake, 6));
        assertEquals(null, EvidenceFiles.sniff(new byte[] { (byte) 0xFF, (byte) 0xD8 }, 2));
    }

    @Test
    void storesByContentHashAndKeepsOneCopy() throws Exception {
        EvidenceFiles files = new EvidenceFiles(dir);
        byte[] photo = jpeg(1000);
        EvidenceFiles.Stored a = files.store(new ByteArrayInputStream(photo));
        EvidenceFiles.Stored b = files.store(new ByteArrayInputStream(photo));
        assertEquals(a, b);
        assertEquals("image/jpeg", a.mediaType());
        assertEquals(1000, a.size());
        assertArrayEquals(photo, Files.readAllBytes(files.file(a.sha256()).orElseThrow()));
        try (var list = Files.list(dir)) {
            assertEquals(1, list.count(), "one file, no temporary leftovers");
        }
        files.remove(a.sha256());
        assertTrue(files.file(a.sha256()).isEmpty());
    }

    @Test
    void theSizeLimitIsFiveMebibytesExactly() throws Exception {
        EvidenceFiles files = new EvidenceFiles(dir);
        assertEquals(EvidenceFiles.MAX_BYTES, files.store(new ByteArrayInputStream(jpeg((int) EvidenceFiles.MAX_BYTES))).size());
        EvidenceFiles.Refused r = assertThrows(EvidenceFiles.Refused.class,
                () -> files.store(new ByteArrayInputStream(jpeg((int) EvidenceFiles.MAX_BYTES + 1))));
        assertEquals(413, r.status);
        assertEquals("tooLarge", r.key);
        try (var list = Files.list(dir)) {
            assertEquals(1, list.count(), "the refused upload left nothing");
        }
    }

    @Test
    void otherTypesAndEmptyFilesAreRefusedAndLeaveNothing() throws Exception {
        EvidenceFiles files = new EvidenceFiles(dir);
        EvidenceFiles.Refused html = assertThrows(EvidenceFiles.Refused.class,
                () -> files.store(new ByteArrayInputStream("<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8))));
        assertEquals(415, html.status);
        EvidenceFiles.Refused empty = assertThrows(EvidenceFiles.Refused.class, () -> files.store(new ByteArrayInputStream(new byte[0])));
        assertEquals(400, empty.status);
        try (var list = Files.list(dir)) {
            assertEquals(0, list.count());
        }
    }

    @Test
    void fileNamesAndHashesCannotEscapeTheDirectory() throws Exception {
        EvidenceFiles files = new EvidenceFiles(dir);
        assertTrue(files.file("../../etc/passwd").isEmpty());
        assertTrue(files.file("ABC").isEmpty());
        assertEquals("passwd", EvidenceFiles.safeName("../../etc/passwd"));
        assertEquals("a_b.jpg", EvidenceFiles.safeName("C:\\x\\a\"b.jpg").replace("x_", ""));
        assertEquals("photo", EvidenceFiles.safeName(".."));
        assertEquals("photo", EvidenceFiles.safeName(null));
        assertEquals(200, EvidenceFiles.safeName("x".repeat(500) + ".jpg").length());
        assertFalse(EvidenceFiles.safeName("a\nb.png").contains("\n"));
    }

    @Test
    void theSweepRemovesOnlyOldFilesThatNoRowNames() throws Exception {
        EvidenceFiles files = new EvidenceFiles(dir);
        EvidenceFiles.Stored kept = files.store(new ByteArrayInputStream(jpeg(100)));
        EvidenceFiles.Stored orphan = files.store(new ByteArrayInputStream(jpeg(200)));
        Path partial = Files.write(dir.resolve("upload-123.part"), new byte[] { 1 });
        Path other = Files.write(dir.resolve("README"), new byte[] { 1 });
        // young files stay: an upload may be writing its row right now
        assertEquals(0, files.sweep(java.util.Set.of(kept.sha256()), java.time.Duration.ofHours(1)));
        assertEquals(2, files.sweep(java.util.Set.of(kept.sha256()), java.time.Duration.ofMillis(-1000)));
        assertTrue(files.file(kept.sha256()).isPresent());
        assertTrue(files.file(orphan.sha256()).isEmpty());
        assertFalse(Files.exists(partial));
        assertTrue(Files.exists(other), "only the files it knows");
    }
}
