package org.guanai.core.registry.internal.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Permissions of what the platform keeps on disk (数据目录权限): folders {@code 0700} and secret or database files
 * {@code 0600}, so that no other account of the machine can read the children's data, the database password or the
 * keys. Folders are created so; a folder or file found looser is tightened, with a warning. On a file system without
 * POSIX permissions (Windows) nothing is changed: there the folder's ACL, inherited from where it is, decides.
 */
public final class SecureFiles {
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Logger LOG = LoggerFactory.getLogger(SecureFiles.class);

    private SecureFiles() {
    }

    /** Creates {@code dir} (and missing parents) {@code 0700}, or tightens it to {@code 0700} with a warning. */
    static Path folder(Path dir) {
        try {
            return createFolder(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder " + dir, e);
        }
    }

    /** As {@link #folder}, for callers that handle the {@link IOException} themselves. */
    public static Path createFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, attributes(existingAncestor(dir), FOLDER));
        }
        restrict(dir, FOLDER, true);
        return dir;
    }

    /** Sets {@code wanted} on {@code path} if its permissions differ, with a warning if they were wider; a failure is logged. */
    public static void tighten(Path path, Set<PosixFilePermission> wanted) {
        try {
            restrict(path, wanted, true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Cannot set the permissions of {} to {}: {}", path, PosixFilePermissions.toString(wanted), e.toString());
        }
    }

    /** @return the attributes of a new file in {@code dir}: {@code 0600} where its file system has POSIX permissions */
    public static FileAttribute<?>[] fileAttributes(Path dir) {
        return attributes(dir, FILE);
    }

    /**
     * What went wrong with a file, for a message that others may read: the kind of failure (access denied, no space …),
     * without the path, which the log carries.
     */
    public static String why(IOException e) {
        return e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getClass().getSimpleName().replaceAll("(?<=[a-z])(?=[A-Z])", " ").replace(" Exception", "")
                        .toLowerCase(java.util.Locale.ROOT);
    }

    /** Tightens a file the platform just created (with the process's umask) to {@code 0600}; nothing if it does not exist. */
    static void file(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                restrict(file, FILE, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the permissions of " + file, e);
        }
    }

    /**
     * Tightens every file directly in {@code dir} to {@code 0600} and the folders to {@code 0700}.
     *
     * @param warn whether a looser file is news: not for the files a library just created with the process's umask
     */
    static void folderAndFiles(Path dir, boolean warn) {
        folder(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    restrict(f, FILE, warn);
                } else if (Files.isDirectory(f)) {
                    restrict(f, FOLDER, warn);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the permissions in " + dir, e);
        }
    }

    /**
     * Writes {@code text} to {@code target} so that a crash leaves either the old file or the new one, never a part:
     * a temporary file beside it ({@code 0600} from its creation), written and forced to disk, then moved over the
     * target atomically, then the folder forced so that the move itself is durable.
     */
    static void writeAtomically(Path target, String text) {
        Path dir = target.getParent();
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    attributes(dir, FILE))) {
                ch.write(StandardCharsets.UTF_8.encode(text));
                ch.force(true);
            }
            restrict(tmp, FILE, false);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceFolder(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Forces a folder's entries (a rename, a new file) to disk where the platform allows it (not on Windows). */
    public static void forceFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException notOnThisPlatform) {
            // Windows cannot open a folder as a channel; NTFS journals the rename itself
        }
    }

    /** @return whether {@code path}'s file system has POSIX permissions */
    public static boolean posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }

    private static void restrict(Path path, Set<PosixFilePermission> wanted, boolean warn) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> now = view.readAttributes().permissions();
        if (warn && !wanted.containsAll(now)) {
            LOG.warn("{} was readable or writable by other accounts ({}); tightened to {}", path,
                    PosixFilePermissions.toString(now), PosixFilePermissions.toString(wanted));
        }
        if (!now.equals(wanted)) {
            view.setPermissions(wanted);
        }
    }

    private static Path existingAncestor(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? dir.toAbsolutePath().getRoot() : p;
    }

    private static FileAttribute<?>[] attributes(Path onFileSystemOf, Set<PosixFilePermission> permissions) {
        return posix(onFileSystemOf) ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(permissions) }
                : new FileAttribute<?>[0];
    }
}
