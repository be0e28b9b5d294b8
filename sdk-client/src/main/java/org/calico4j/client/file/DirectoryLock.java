package org.calico4j.client.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.calico4j.client.DatastoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-writer rule: an exclusive OS lock on {@code dir/lock}, held while the store is open,
 * with the holder's pid in the file so that the loser can say who holds it. The OS drops the lock
 * when the holder dies, even by SIGKILL, so a crash never leaves a stale lock behind. The file
 * itself is never deleted: deleting it would let two processes lock two different files.
 */
final class DirectoryLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryLock.class);

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

    private DirectoryLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dir} (an existing, real path) or fails at once naming the holder. */
    static DirectoryLock acquire(Path dir) {
        long me = ProcessHandle.current().pid();
        if (!HELD.add(dir)) {
            throw inUse(dir, "this process (pid " + me + "); it is already open in this JVM");
        }
        Path file = dir.resolve("lock");
        @Nullable FileChannel ch = null;
        try {
            ch = Fs.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw inUse(dir, "process " + holderPid(ch));
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DirectoryLock(dir, ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            HELD.remove(dir);
            throw Fs.failure("cannot lock file datastore " + dir + " (" + file + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            HELD.remove(dir);
            throw e;
        }
    }

    private static DatastoreException inUse(Path dir, String holder) {
        return new DatastoreException("file datastore " + dir + " is in use by " + holder
                + "; only one process may open it at a time (lock file " + dir.resolve("lock") + ")", false);
    }

    /** The pid the holder wrote; it may not have written it yet. */
    private static String holderPid(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            return s.matches("[0-9]+") ? s : "(pid not yet written)";
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
