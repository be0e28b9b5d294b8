package org.calico4j.client.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.calico4j.client.DatastoreException;

/** File-system steps the datastore needs to be crash-safe, and how their failures are reported. */
final class Fs {
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private Fs() {
    }

    static boolean isPosix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates {@code dir} owner-only, as the store may hold BGP passwords (its parents get the
     * default mode), and makes its entry durable.
     */
    static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (isPosix(dir)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            return;
        }
        if (parent != null) {
            syncDirectory(parent);
        }
    }

    /**
     * Refuses a store directory that others could write into (plant a symlink, replace a file) or
     * that belongs to another user: the store's files decide routing and hold BGP passwords.
     */
    static void checkPrivate(Path dir) throws IOException {
        if (!isPosix(dir)) {
            return;
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.permissions().contains(PosixFilePermission.GROUP_WRITE) || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new DatastoreException("file datastore " + dir + " is refused: the directory is writable by "
                    + (a.permissions().contains(PosixFilePermission.OTHERS_WRITE) ? "others" : "its group") + " (mode "
                    + PosixFilePermissions.toString(a.permissions()) + "); make it owner-only, e.g. chmod 700", false);
        }
        Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Object me = currentUid();
        if (me != null && !me.equals(owner)) {
            throw new DatastoreException("file datastore " + dir + " is refused: the directory belongs to uid " + owner
                    + ", not to this process's uid " + me, false);
        }
    }

    /** This process's uid (Linux: the owner of /proc/self), or null where it cannot be read. */
    private static Object currentUid() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Opens (creating owner-only if absent) a file in the store directory, never through a symlink. */
    static FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> opts = new HashSet<>(List.of(options));
        opts.add(LinkOption.NOFOLLOW_LINKS); // a planted symlink must not redirect a write
        if (isPosix(file)) {
            return FileChannel.open(file, opts, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        }
        return FileChannel.open(file, opts);
    }

    /**
     * Makes creations, renames and deletions in {@code dir} durable: on POSIX a file's data being
     * synced says nothing about the directory entry pointing at it.
     */
    static void syncDirectory(Path dir) throws IOException {
        if (!isPosix(dir)) {
            return; // Windows cannot open a directory as a channel; NTFS journals its metadata.
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * An I/O failure as the SPI reports it. Permission and path-shape problems need a human, so
     * they are not retryable; anything else (disk full, I/O error, interrupted) may pass.
     */
    static DatastoreException failure(String what, IOException e) {
        boolean retryable = !(e instanceof AccessDeniedException || e instanceof NotDirectoryException
                || e instanceof FileAlreadyExistsException || e instanceof FileSystemLoopException);
        return new DatastoreException(what + ": " + e, retryable, e);
    }
}
