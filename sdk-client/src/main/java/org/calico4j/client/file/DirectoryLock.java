package org.calico4j.client.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.calico4j.client.DatastoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-writer rule: an exclusive OS lock on {@code dir/lock}, held while the store is open.
 *
 * <p>An OS lock belongs to a file, not a name: had the file been removed or replaced, a second
 * process would lock the new one and both would write. So the lock file is created once, with the
 * store, and names its own identity (device and inode, and its directory's) on its first line: an
 * open refuses a store whose lock file is missing while data is there, or whose lock file is not
 * the one it names (a copy or a new file in the same directory; a copied store directory is fine),
 * and the holder checks before every write that {@code dir/lock} is still the
 * file it locked. The holder's pid is on the second line, so that a waiting opener can name it.
 * The OS drops the lock when the holder dies, even by SIGKILL, so a crash leaves no stale lock.
 */
final class DirectoryLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryLock.class);
    static final String NAME = "lock";
    private static final String IDENTITY = "calico4j-lock ";
    private static final long POLL_MILLIS = 100;

    /*
     * Directories locked by this JVM. Needed because OS locks are per process: a second tryLock
     * from the same JVM throws OverlappingFileLockException instead of failing cleanly, and on
     * Linux merely closing another channel on the lock file would release our lock. So a
     * same-JVM second open must fail before it touches the file.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final Object fileKey;

    private DirectoryLock(Path dir, FileChannel channel, FileLock lock, Object fileKey) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.fileKey = fileKey;
    }

    /**
     * Locks {@code dir} (an existing, real path), waiting up to {@code timeout} for another
     * process to let go ({@code onWait} hears once that it waits, and for whom), else fails
     * naming the holder. {@code hasData} says whether the store already holds files, in which
     * case its lock file must already exist.
     */
    static DirectoryLock acquire(Path dir, boolean hasData, Duration timeout, Consumer<String> onWait) {
        long me = ProcessHandle.current().pid();
        if (!HELD.add(dir)) {
            throw inUse(dir, "this process (pid " + me + "); it is already open in this JVM");
        }
        Path file = dir.resolve(NAME);
        @Nullable FileChannel ch = null;
        try {
            boolean create = !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            if (create && hasData) {
                throw new DatastoreException("file datastore " + dir + " holds data but its lock file " + file
                        + " is missing: it was removed, and a process may still be using the store through it. "
                        + "If no process uses the store, FileDatastore.repair(dir) (CLI: calico4j datastore repair)"
                        + " makes a new one", false);
            }
            ch = create ? Fs.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : Fs.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = waitForLock(dir, ch, timeout, onWait);
            Object key = fileKey(file);
            String thisDir = dirIdentity(dir);
            String identity = thisDir + "file " + key;
            String firstLine = readFirstLine(ch);
            if (create || !firstLine.startsWith(IDENTITY)) {
                if (!create && hasData) {
                    LOG.info("{}: lock file of an earlier calico4j; it now names its identity", file);
                }
                firstLine = identity;
            } else if (!firstLine.startsWith(thisDir)) {
                // A copy of a store (a restored backup): no process can hold it through the original's lock.
                firstLine = identity;
            } else if (!firstLine.equals(identity)) {
                throw new DatastoreException("file datastore " + dir + ": its lock file " + file + " was replaced ("
                        + "it names '" + firstLine.substring(thisDir.length()) + "' but is " + key + "), so a process may"
                        + " still be using the store through the original. If no process uses the store,"
                        + " FileDatastore.repair(dir) (CLI: calico4j datastore repair) makes a new one", false);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((firstLine + "\n" + me + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(true);
            if (create) {
                Fs.syncDirectory(dir);
            }
            return new DirectoryLock(dir, ch, lock, key);
        } catch (IOException e) {
            closeQuietly(ch);
            HELD.remove(dir);
            if (e instanceof FileSystemException && Files.isSymbolicLink(file)) {
                throw new DatastoreException("cannot lock file datastore " + dir + ": " + file
                        + " is a symbolic link; the store opens no file through one", false, e);
            }
            throw Fs.failure("cannot lock file datastore " + dir + " (" + file + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            HELD.remove(dir);
            throw e;
        }
    }

    private static FileLock waitForLock(Path dir, FileChannel ch, Duration timeout, Consumer<String> onWait)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean told = false;
        while (true) {
            FileLock lock = ch.tryLock();
            if (lock != null) {
                return lock;
            }
            String holder = "process " + holderPid(ch);
            if (System.nanoTime() - deadline >= 0) {
                throw inUse(dir, holder + (timeout.isZero() ? "" : " (waited " + timeout.toMillis() + " ms)"));
            }
            if (!told) {
                onWait.accept("file datastore " + dir + " is in use by " + holder + "; waiting up to "
                        + timeout.toMillis() + " ms for it");
                told = true;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatastoreException("interrupted while waiting for the lock of file datastore " + dir, true, e);
            }
        }
    }

    /**
     * Throws unless {@code dir/lock} is still the file this lock holds: once it is gone or
     * replaced, another process may open the store, so this one must write no more.
     */
    void verify() {
        Object now;
        try {
            now = fileKey(dir.resolve(NAME));
        } catch (NoSuchFileException e) {
            now = null;
        } catch (IOException e) {
            throw Fs.failure("cannot check the lock file of file datastore " + dir, e);
        }
        if (!fileKey.equals(now)) {
            throw new DatastoreException("file datastore " + dir + ": its lock file " + dir.resolve(NAME) + " was "
                    + (now == null ? "removed" : "replaced") + " while the store was open; no more writes are taken,"
                    + " as another process may now open the store. Close it, make sure no other process uses it,"
                    + " and run FileDatastore.repair(dir)", false);
        }
    }

    /** Whether {@link #verify()} passes. */
    boolean intact() {
        try {
            verify();
            return true;
        } catch (DatastoreException e) {
            LOG.warn("{}", e.getMessage());
            return false;
        }
    }

    private static String dirIdentity(Path dir) throws IOException {
        return IDENTITY + "dir " + fileKey(dir) + " ";
    }

    /**
     * For a repair: removes {@code dir/lock} when it is a symlink, or a file that is not the one it
     * names (replaced or copied in), so that the next {@link #acquire} makes a new one. A lock
     * file that is what it says stays, and is waited for as usual.
     */
    static void reset(Path dir) {
        Path file = dir.resolve(NAME);
        try {
            if (Files.isSymbolicLink(file)) {
                LOG.warn("{}: removing the symbolic link {}", dir, file);
                Files.delete(file);
                return;
            }
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            String firstLine;
            try (FileChannel ch = Fs.open(file, StandardOpenOption.READ)) {
                firstLine = readFirstLine(ch);
            }
            String identity = dirIdentity(dir) + "file " + fileKey(file);
            if (firstLine.startsWith(dirIdentity(dir)) && !firstLine.equals(identity)) {
                LOG.warn("{}: removing the replaced lock file {} (it names '{}')", dir, file, firstLine);
                Files.delete(file);
            }
        } catch (IOException e) {
            throw Fs.failure("cannot check the lock file of file datastore " + dir, e);
        }
    }

    private static Object fileKey(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return Objects.requireNonNull(a.fileKey(), "this file system has no file keys"); // (dev=..,ino=..) on Unix
    }

    private static DatastoreException inUse(Path dir, String holder) {
        return new DatastoreException("file datastore " + dir + " is in use by " + holder
                + "; only one process may open it at a time (lock file " + dir.resolve(NAME) + ")", false);
    }

    private static String readFirstLine(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(256);
        ch.read(b, 0);
        String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /** The pid the holder wrote; it may not have written it yet. */
    private static String holderPid(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(256);
            ch.read(b, 0);
            String[] lines = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).split("\n");
            String pid = lines[lines.length - 1].trim();
            return pid.matches("[0-9]+") ? pid : "(pid not yet written)";
        } catch (IOException e) {
            return "(pid unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            LOG.warn("cannot release the lock on {}; it goes when the channel closes", dir, e);
        } finally {
            closeQuietly(channel);
            HELD.remove(dir);
        }
    }

    private static void closeQuietly(@Nullable FileChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing a lock file channel failed", e);
        }
    }
}
