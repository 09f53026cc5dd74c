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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The programmes shipped inside guanai.jar are copied to the data directory at every start. */
class BundledProgrammesTest {

    private static URLClassLoader loader(Path root) throws IOException {
        return new URLClassLoader(new URL[] { root.toUri().toURL() }, null);
    }

    @Test
    void copiesTheListedJarsAndRemovesOnesNoLongerShipped(@TempDir Path root, @TempDir Path data) throws Exception {
        Files.createDirectories(root.resolve("programmes"));
        Files.writeString(root.resolve(BundledProgrammes.LIST), "# shipped\nplugin.a.jar\n\nplugin.b.jar\n");
        Files.write(root.resolve("programmes/plugin.a.jar"), new byte[] { 1, 2 });
        Files.write(root.resolve("programmes/plugin.b.jar"), new byte[] { 3 });
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
    }

    @Test
    void aListedJarThatIsMissingIsAnError(@TempDir Path root, @TempDir Path data) throws Exception {
        Files.createDirectories(root.resolve("programmes"));
        Files.writeString(root.resolve(BundledProgrammes.LIST), "plugin.gone.jar\n");
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

    /** The build's list and the jars the build copied agree: nothing listed is missing, nothing copied is unlisted. */
    @Test
    void theBuildsListMatchesTheCopiedJars() throws Exception {
        Path classes = Path.of("target/classes");
        List<String> listed;
        try (URLClassLoader l = loader(classes)) {
            listed = BundledProgrammes.listed(l);
        }
        Set<String> copied = new TreeSet<>();
        Path dir = classes.resolve("programmes");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                copied = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).collect(Collectors.toCollection(TreeSet::new));
            }
        }
        assertEquals(new TreeSet<>(listed), copied);
    }
}
