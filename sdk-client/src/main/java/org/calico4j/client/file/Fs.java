package org.calico4j.client.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
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

    /** Opens (creating owner-only if absent) a file in the store directory. */
    static FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> opts = Set.of(options);
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
