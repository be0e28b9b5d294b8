package org.calico4j.client.file;

import java.io.IOException;
import java.nio.file.Path;

import org.calico4j.client.DatastoreException;
import org.calico4j.client.internal.MvccDatastore;
import org.calico4j.client.internal.MvccStore;

/**
 * A datastore in a local directory that survives crashes: every acknowledged write is on disk
 * (forced) before the call returns, so a reopen after a crash, even {@code kill -9} or a power
 * cut, sees it. Semantics are the in-memory store's (revisions, conditional writes, lists at a
 * revision, watches); history before the last snapshot is compacted on reopen.
 *
 * <pre>{@code
 * try (Datastore ds = FileDatastore.open(Path.of("/var/lib/calico4j"))) { ds.create(ResourceKey.of(pool), pool); }
 * Datastore ds = new FileDatastoreProvider().open(URI.create("file:/var/lib/calico4j"));
 * }</pre>
 *
 * <p><b>Files.</b> {@code wal.log} gets one line per change; past 10,000 lines,
 * and on close, the state is written to {@code snapshot.json} and the log starts over. The
 * directory is created owner-only ({@code 0700}).
 *
 * <p><b>One process.</b> The store holds an OS lock on {@code lock} while open; a second open,
 * from this or another process, fails at once with a non-retryable {@link DatastoreException}
 * naming the holder's pid. A crashed holder's lock goes with its process.
 *
 * <p>Thread-safe; writes are serialized (each waits for its own disk flush). The opener closes
 * the store, which ends its watches, writes a snapshot and releases the lock; after that every
 * call but {@link #describe()} fails with {@link DatastoreException}. I/O failures are
 * {@link DatastoreException}s too, retryable unless they need a human.
 */
public final class FileDatastore extends MvccDatastore {
    /** Changes kept for watches and lists at a revision, by default. */
    public static final int DEFAULT_HISTORY = 10_000;
    /** WAL records that trigger a snapshot. */
    static final int SNAPSHOT_EVERY = 10_000;

    private final String description;
    private final Journal journal;
    private final DirectoryLock lock;
    private volatile boolean closed;

    private FileDatastore(String description, MvccStore store, Journal journal, DirectoryLock lock) {
        super(store, journal);
        this.description = description;
        this.journal = journal;
        this.lock = lock;
    }

    /** Opens (creating if needed) the store in {@code dir}, recovering whatever a crash left. */
    public static FileDatastore open(Path dir) {
        return open(dir, DEFAULT_HISTORY);
    }

    /** As {@link #open(Path)}, keeping {@code historyLimit} past changes for watches and lists. */
    public static FileDatastore open(Path dir, int historyLimit) {
        return open(dir, historyLimit, SNAPSHOT_EVERY);
    }

    /** Tests snapshot more often than production does. */
    static FileDatastore open(Path dir, int historyLimit, int snapshotEvery) {
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be positive: " + snapshotEvery);
        }
        Path abs = dir.toAbsolutePath().normalize();
        String description = "file:" + abs;
        MvccStore store = new MvccStore(description, historyLimit);
        Path real;
        try {
            Fs.createPrivateDirectory(abs);
            real = abs.toRealPath(); // the lock must not be dodged through a symlink
        } catch (IOException e) {
            throw Fs.failure("cannot create file datastore directory " + abs, e);
        }
        DirectoryLock lock = DirectoryLock.acquire(real);
        try {
            return new FileDatastore(description, store, Journal.recover(real, store, snapshotEvery), lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    @Override
    public long revision() {
        if (closed) {
            throw new DatastoreException("datastore " + description + " is closed", false);
        }
        return super.revision();
    }

    /** {@code file:} and the absolute directory; still answers after close, for messages. */
    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            // Closing the store first waits out any write in flight and refuses new ones, so the
            // closing snapshot races with nothing.
            store.close();
            journal.close();
        } finally {
            lock.close();
        }
    }
}
