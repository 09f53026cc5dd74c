package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The programmes shipped inside guanai.jar are copied to the data directory at every start, and the digests recorded
 * when guanai.jar was built are handed to the core.
 */
class BundledProgrammesTest {
    @AfterEach
    void clearDigests() {
        System.clearProperty(BundledProgrammes.DIGESTS_PROPERTY);
    }

    /** A list in the format of sha256sum (what checksum-maven-plugin writes). */
    private static void list(Path root, byte[]... jars) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < jars.length; i++) {
            String name = "plugin." + (char) ('a' + i) + ".jar";
            Files.write(root.resolve("programmes").resolve(name), jars[i]);
            sb.append(BundledProgrammes.sha256(jars[i])).append(" *").append(name).append('\n');
        }
        Files.writeString(root.resolve(BundledProgrammes.LIST), sb.toString());
    }

    private static URLClassLoader loader(Path root) throws IOException {
        return new URLClassLoader(new URL[] { root.toUri().toURL() }, null);
    }

    @Test
    void copiesTheListedJarsRemovesOnesNoLongerShippedAndHandsOverTheDigests(@TempDir Path root, @TempDir Path data) throws Exception {
        Files.createDirectories(root.resolve("programmes"));
        list(root, new byte[] { 1, 2 }, new byte[] { 3 });
        Path dir = data.resolve("bundled");
        Files.createDirectories(dir);
        Files.write(dir.resolve("plugin.old.jar"), new byte[] { 9 });
        Files.write(dir.resolve("plugin.a.jar"), new byte[] { 0 });
        try (URLClassLoader l = loader(root)) {
            assertEquals(2, BundledProgrammes.extract(l, dir));
        }
        assertArrayEquals(new byte[] { 1, 2 }, Files.readAllBytes(dir.resolve("plugin.a.jar")));
        assertArrayEquals(new byte[] { 3 }, Files.readAllBytes(dir.resolve("plugin.b.jar")));
        assertFalse(Files.exists(dir.resolve("plugin.old.jar")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2, s.count(), "no temporary files left");
        }
        assertEquals("plugin.a.jar=" + BundledProgrammes.sha256(new byte[] { 1, 2 }) + ",plugin.b.jar="
                + BundledProgrammes.sha256(new byte[] { 3 }), System.getProperty(BundledProgrammes.DIGESTS_PROPERTY));
    }

    @Test
    void digestsSetOnTheCommandLineWin(@TempDir Path root, @TempDir Path data) throws Exception {
        Files.createDirectories(root.resolve("programmes"));
        list(root, new byte[] { 1 });
        System.setProperty(BundledProgrammes.DIGESTS_PROPERTY, "calls.jar=" + "0".repeat(64));
        try (URLClassLoader l = loader(root)) {
            BundledProgrammes.extract(l, data.resolve("bundled"));
        }
        assertEquals("calls.jar=" + "0".repeat(64), System.getProperty(BundledProgrammes.DIGESTS_PROPERTY));
    }

    @Test
    void aJarThatDoesNotHaveItsRecordedDigestIsAnError(@TempDir Path root, @TempDir Path data) throws Exception {
        Files.createDirectories(root.resolve("programmes"));
        list(root, new byte[] { 1, 2 });
        Files.write(root.resolve("programmes/plugin.a.jar"), new byte[] { 1, 2, 3 });
        try (URLClassLoader l = loader(root)) {
            IOException e = assertThrows(IOException.class, () -> BundledProgrammes.extract(l, data.resolve("bundled")));
            assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        }
        assertFalse(Files.exists(data.resolve("bundled/plugin.a.jar")));
    }

    @Test
    void aListedJarThatIsMissingIsAnError(@TempDir Path root, @TempDir Path data) throws Exception {
        Files.createDirectories(root.resolve("programmes"));
        Files.writeString(root.resolve(BundledProgrammes.LIST), "0".repeat(64) + " *plugin.gone.jar\n");
        try (URLClassLoader l = loader(root)) {
            assertThrows(IOException.class, () -> BundledProgrammes.extract(l, data.resolve("bundled")));
        }
    }

    @Test
    void noListNoProgrammes(@TempDir Path root, @TempDir Path data) throws Exception {
        try (URLClassLoader l = loader(root)) {
            assertEquals(0, BundledProgrammes.extract(l, data.resolve("bundled")));
        }
        assertTrue(Files.isDirectory(data.resolve("bundled")));
    }

    /**
     * The build's list and the jars the build copied agree: nothing listed is missing, nothing copied is unlisted, and
     * each digest is the SHA-256 of its jar.
     */
    @Test
    void theBuildsListMatchesTheCopiedJars() throws Exception {
        Path classes = Path.of("target/classes");
        Map<String, String> listed = new TreeMap<>();
        try (URLClassLoader l = loader(classes)) {
            BundledProgrammes.listed(l).forEach(j -> listed.put(j.name(), j.sha256()));
        }
        Map<String, String> copied = new TreeMap<>();
        Path dir = classes.resolve("programmes");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()) {
                    copied.put(p.getFileName().toString(), BundledProgrammes.sha256(Files.readAllBytes(p)));
                }
            }
        }
        assertEquals(8, copied.size(), "the eight shipped programmes: " + copied.keySet());
        assertEquals(copied, listed);
    }
}
