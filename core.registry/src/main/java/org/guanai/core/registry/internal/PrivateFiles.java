package org.guanai.core.registry.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folders and files only the server's user may read: folders {@code 0700}, files {@code 0600}. On a file system without
 * POSIX permissions (Windows) the operating system's defaults apply and nothing is checked.
 */
final class PrivateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** The attributes a new file gets: {@code 0600} where the file system has POSIX permissions. */
    static FileAttribute<?>[] fileAttributes() {
        return posix() ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(FILE) } : new FileAttribute<?>[0];
    }

    /**
     * Creates {@code dir} (and missing parents) if needed; {@code dir} itself ends up {@code 0700}, tightened if it was
     * wider. Parents created on the way get the same permissions; existing parents are left as they are.
     */
    static Path folder(Path dir) throws IOException {
        if (!posix()) {
            return Files.createDirectories(dir);
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
        }
        tighten(dir, FOLDER);
        return dir;
    }

    /** Sets {@code wanted} on {@code path} if its permissions are wider, with a warning; a failure is logged, not thrown. */
    static void tighten(Path path, Set<PosixFilePermission> wanted) {
        if (!posix()) {
            return;
        }
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
            if (!wanted.containsAll(now) || !now.containsAll(wanted)) {
                Files.setPosixFilePermissions(path, wanted);
                if (!wanted.containsAll(now)) {
                    LOG.warn("{} had wider permissions ({}) than the server's user alone; set to {}", path,
                            PosixFilePermissions.toString(now), PosixFilePermissions.toString(wanted));
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Cannot set the permissions of {} to {}: {}", path, PosixFilePermissions.toString(wanted), e.toString());
        }
    }

    /**
     * What went wrong with a file, for a message that others may read: the kind of failure (access denied, no space …),
     * without the path, which the log carries.
     */
    static String why(IOException e) {
        return e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getClass().getSimpleName().replaceAll("(?<=[a-z])(?=[A-Z])", " ").replace(" Exception", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** Flushes a folder's entries (a new or renamed file in it) to disk, where the platform allows it. */
    static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException notOnThisPlatform) {
            // Windows cannot open a folder as a channel; its file system journals the entry
        }
    }
}
