package org.guanai.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The programme bundles shipped inside guanai.jar (随平台发布的项目模块): resources {@code programmes/<name>.jar}, listed
 * in {@code programmes/programmes.list} (written by the build). At every start they are copied to
 * {@code <data>/bundled}, replacing what a previous version of the platform left there, and the directory is named in
 * {@value #PROPERTY} for the core's module administration, which installs each once and respects an admin's later
 * uninstall. They are not run bundles: admins update, stop and remove them like any other programme.
 */
final class BundledProgrammes {
    static final String PROPERTY = "guanai.modules.bundled";
    static final String LIST = "programmes/programmes.list";

    private BundledProgrammes() {
    }

    /** @return the jar names listed in the build's list, none when there is no list */
    static List<String> listed(ClassLoader loader) throws IOException {
        try (InputStream in = loader.getResourceAsStream(LIST)) {
            if (in == null) {
                return List.of();
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")).map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    /**
     * Copies the listed jars into {@code dir} (written to a temporary file and moved, so a crash leaves no half jar) and
     * removes jars the platform no longer ships.
     *
     * @return how many jars the directory holds
     */
    static int extract(ClassLoader loader, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> names = listed(loader);
        for (String name : names) {
            if (!name.matches("[A-Za-z0-9._-]+\\.jar")) {
                throw new IOException("bad name in " + LIST + ": " + name);
            }
            byte[] bytes;
            try (InputStream in = loader.getResourceAsStream("programmes/" + name)) {
                if (in == null) {
                    throw new IOException(LIST + " names programmes/" + name + ", which guanai.jar does not contain");
                }
                bytes = in.readAllBytes();
            }
            Path target = dir.resolve(name);
            if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
                continue;
            }
            Path tmp = Files.createTempFile(dir, name, ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> !names.contains(p.getFileName().toString())).forEach(stale::add);
        }
        for (Path p : stale) {
            Files.deleteIfExists(p);
        }
        return names.size();
    }
}
