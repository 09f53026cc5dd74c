package org.guanai.core.registry.internal.modules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import org.guanai.core.registry.internal.modules.JarInspection.JarInfo;

/**
 * The content store of module administration: every jar installed, under {@code <data>/modules}, named by its SHA-256,
 * written atomically so that a crash never leaves half a file under a valid name.
 */
final class ModuleStore {
    private final Path dir;

    /** Opens the store, creating its folder, and removes the temporary copies ({@code *.tmp}) a crash left there. */
    ModuleStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The folder, where jars are also copied while they are inspected or their signature checked. */
    Path dir() {
        return dir;
    }

    /** Writes the jar under its hash, unless it is there already. */
    void keep(JarInfo jar) {
        Path target = file(jar.sha256());
        if (Files.exists(target)) {
            return;
        }
        try {
            Path tmp = Files.createTempFile(dir, "upload-", ".tmp");
            Files.write(tmp, jar.bytes());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + jar.bsn(), e);
        }
    }

    /** The content of the jar with this SHA-256. */
    byte[] read(String sha) {
        try {
            return Files.readAllBytes(file(sha));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String sha) {
        return dir.resolve(sha + ".jar");
    }
}
