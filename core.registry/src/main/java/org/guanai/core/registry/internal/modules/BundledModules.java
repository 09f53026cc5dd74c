package org.guanai.core.registry.internal.modules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.osgi.framework.Version;

/**
 * The programme bundles shipped with the platform (随平台发布的项目模块): jars in the directory named by the framework
 * property {@value #DIRECTORY_PROPERTY} (the launcher fills {@code <data>/bundled} from guanai.jar at every start). They
 * are offered to module administration after each reconciliation, with the same checks as an upload except the
 * signature gate: they are trusted because their content has the SHA-256 recorded when the platform was built
 * ({@link BundledDigests}), and a jar that does not is refused. The offer is remembered ({@code core_module_bundled}), so
 * that an admin's decision wins:
 * <ul>
 * <li>never offered: installed (or left alone if the same or a newer version is already managed);</li>
 * <li>offered before and still managed at an older version, and the platform now ships a newer one: updated;</li>
 * <li>offered before and no longer managed: an admin uninstalled it, and it stays uninstalled.</li>
 * </ul>
 */
final class BundledModules {
    static final String DIRECTORY_PROPERTY = "guanai.modules.bundled";

    enum Action { INSTALL, UPDATE, SKIP }

    /**
     * A programme shipped with the platform ({@code file}, one of the names whose digest was recorded at build time) and
     * what became of it when it was last offered: its bundle and programme id once the jar was read, and why it could
     * not be installed or updated, {@code null} if it was (or was left as an admin decided).
     */
    record Shipped(String file, String bsn, String programmeId, String problem) {
    }

    private BundledModules() {
    }

    /**
     * @param offered the version offered before, empty if never
     * @param managed the version managed now, empty if not installed through module administration
     * @param bundled the version shipped now
     */
    static Action decide(Optional<Version> offered, Optional<Version> managed, Version bundled) {
        if (managed.isPresent()) {
            boolean newer = bundled.compareTo(managed.get()) > 0;
            boolean newOffer = offered.isEmpty() || bundled.compareTo(offered.get()) > 0;
            return newer && newOffer ? Action.UPDATE : Action.SKIP;
        }
        return offered.isEmpty() ? Action.INSTALL : Action.SKIP;
    }

    /** @return the jars of the directory, by name; none when the property is not set or the directory is missing */
    static List<Path> jars(String directory) throws IOException {
        if (directory == null || directory.isBlank()) {
            return List.of();
        }
        Path dir = Path.of(directory.trim());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList());
        }
    }
}
