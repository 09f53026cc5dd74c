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

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes of evidence photos in the database: upload limits (size, type by content, nothing left behind on a refusal),
 * one copy per content, shared by every node on the database, the files of an earlier version imported.
 */
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

    @AutoClose
    final TestStores stores = new TestStores();
    /** This node's data directory. */
    @TempDir
    Path dir;

    private EvidenceFiles files() throws Exception {
        return new EvidenceFiles(stores.tables.db(), stores.calendar, dir.resolve("programmes/activities/evidence"));
    }

    private long contents() {
        return stores.db.read(sql -> sql.count("SELECT COUNT(*) FROM activities_evidence_content"));
    }

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
        EvidenceFiles files = files();
        byte[] photo = jpeg(1000);
        EvidenceFiles.Stored a = files.store(new ByteArrayInputStream(photo));
        EvidenceFiles.Stored b = files.store(new ByteArrayInputStream(photo));
        assertEquals(a, b);
        assertEquals("image/jpeg", a.mediaType());
        assertEquals(1000, a.size());
        assertArrayEquals(photo, files.content(a.sha256()).orElseThrow());
        assertEquals(1, contents(), "one copy");
        files.remove(a.sha256());
        assertTrue(files.content(a.sha256()).isEmpty());
        assertFalse(Files.exists(dir.resolve("programmes/activities/evidence")), "nothing on this node's disk");
    }

    /**
     * Several nodes on one database (issue 17): a photo uploaded on one node is served by another, whose data directory
     * is its own. Before, the bytes were a file in the uploading node's data directory, and the other node answered 404.
     */
    @Test
    void aPhotoStoredByOneNodeIsServedByAnotherOnTheSameDatabase(@TempDir Path otherNode) throws Exception {
        EvidenceFiles one = files();
        EvidenceFiles two = new EvidenceFiles(stores.tables.db(), stores.calendar, otherNode.resolve("programmes/activities/evidence"));
        byte[] photo = jpeg(2000);
        EvidenceFiles.Stored stored = one.store(new ByteArrayInputStream(photo));
        assertArrayEquals(photo, two.content(stored.sha256()).orElseThrow());
        // both nodes upload the same content at once: one copy, no error
        two.store(new ByteArrayInputStream(photo));
        assertEquals(1, contents());
    }

    /** The files an earlier version kept in the data directory are imported at activation and removed from the disk. */
    @Test
    void theFilesOfAnEarlierVersionAreImported() throws Exception {
        Path old = Files.createDirectories(dir.resolve("programmes/activities/evidence"));
        byte[] photo = jpeg(300);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(photo));
        Files.write(old.resolve(sha), photo);
        Path partial = Files.write(old.resolve("upload-1.part"), new byte[] { 1 });
        Path damaged = Files.write(old.resolve("0".repeat(64)), photo);
        EvidenceFiles files = files();
        assertArrayEquals(photo, files.content(sha).orElseThrow());
        assertFalse(Files.exists(old.resolve(sha)), "removed once imported");
        assertFalse(Files.exists(partial));
        assertTrue(Files.exists(damaged), "a file whose content is not what its name says stays where it is");
        assertTrue(files.content("0".repeat(64)).isEmpty());
        files(); // a second start imports nothing more
        assertEquals(1, contents());
    }

    @Test
    void theSizeLimitIsFiveMebibytesExactly() throws Exception {
        EvidenceFiles files = files();
        assertEquals(EvidenceFiles.MAX_BYTES, files.store(new ByteArrayInputStream(jpeg((int) EvidenceFiles.MAX_BYTES))).size());
        EvidenceFiles.Refused r = assertThrows(EvidenceFiles.Refused.class,
                () -> files.store(new ByteArrayInputStream(jpeg((int) EvidenceFiles.MAX_BYTES + 1))));
        assertEquals(413, r.status);
        assertEquals("tooLarge", r.key);
        assertEquals(1, contents(), "the refused upload left nothing");
    }

    @Test
    void otherTypesAndEmptyFilesAreRefusedAndLeaveNothing() throws Exception {
        EvidenceFiles files = files();
        EvidenceFiles.Refused html = assertThrows(EvidenceFiles.Refused.class,
                () -> files.store(new ByteArrayInputStream("<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8))));
        assertEquals(415, html.status);
        EvidenceFiles.Refused empty = assertThrows(EvidenceFiles.Refused.class, () -> files.store(new ByteArrayInputStream(new byte[0])));
        assertEquals(400, empty.status);
        assertEquals(0, contents());
    }

    @Test
    void fileNamesAndHashesAreChecked() throws Exception {
        EvidenceFiles files = files();
        assertTrue(files.content("../../etc/passwd").isEmpty());
        assertTrue(files.content("ABC").isEmpty());
        assertEquals("passwd", EvidenceFiles.safeName("../../etc/passwd"));
        assertEquals("a_b.jpg", EvidenceFiles.safeName("C:\\x\\a\"b.jpg").replace("x_", ""));
        assertEquals("photo", EvidenceFiles.safeName(".."));
        assertEquals("photo", EvidenceFiles.safeName(null));
        assertEquals(200, EvidenceFiles.safeName("x".repeat(500) + ".jpg").length());
        assertFalse(EvidenceFiles.safeName("a\nb.png").contains("\n"));
    }

    @Test
    void theSweepAndRemoveDeleteOnlyContentsThatNoRowNames() throws Exception {
        EvidenceFiles files = files();
        EvidenceFiles.Stored kept = files.store(new ByteArrayInputStream(jpeg(100)));
        EvidenceFiles.Stored orphan = files.store(new ByteArrayInputStream(jpeg(200)));
        Model.Activity a = stores.activities.createActivity(new Model.Activity(null, 4, TestStores.d("2026-10-10"), "LECTURE", "讲座", null,
                false, null, java.util.List.of(), java.util.List.of(), "t", null));
        stores.photos.addEvidence(a.id(), 4, "a.jpg", "image/jpeg", 100, kept.sha256(), "t");
        // young contents stay: an upload may be writing its row right now
        assertEquals(0, files.sweep(java.time.Duration.ofHours(1)));
        assertEquals(1, files.sweep(java.time.Duration.ofMillis(-1000)));
        assertTrue(files.content(kept.sha256()).isPresent());
        assertTrue(files.content(orphan.sha256()).isEmpty());
        files.remove(kept.sha256());
        assertTrue(files.content(kept.sha256()).isPresent(), "a row still names it");
    }
}
