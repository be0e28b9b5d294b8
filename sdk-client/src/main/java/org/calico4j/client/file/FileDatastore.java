package org.calico4j.client.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.calico4j.client.DatastoreException;
import org.calico4j.client.internal.MvccDatastore;
import org.calico4j.client.internal.MvccStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * and on close, the state is written to {@code snapshot.json} and the log starts over.
 *
 * <p><b>One process.</b> The store holds an OS lock on {@code lock} while open. A second open from
 * another process waits for it up to {@link Options#lockTimeout()} (10 s by default; the
 * {@link Options#onLockWait()} callback hears once that it waits, and for whom), then fails with a
 * non-retryable {@link DatastoreException} naming the holder's pid; one from this JVM fails at once.
 * A crashed holder's lock goes with its process. The lock file is created once, with the store:
 * a store whose lock file was removed or replaced is refused (and its holder takes no more
 * writes), as two processes could otherwise both believe they own it.
 *
 * <p><b>Damage.</b> Only a torn tail of {@code wal.log} (an incomplete last record, which a crash
 * tore and was never acknowledged) is cut on open. Any other damage to {@code wal.log} or
 * {@code snapshot.json} (every line carries a CRC) refuses the open, naming the file, byte offset
 * and record counts, and changes no file; {@link #repair(Path)} then keeps every intact record,
 * moves the damaged files aside and reports what it dropped.
 *
 * <p><b>Directory.</b> Created owner-only ({@code 0700}); an existing one writable by group or
 * others, or owned by another user, is refused; no file in it is opened through a symlink.
 *
 * <p>Thread-safe; writes are serialized (each waits for its own disk flush). The opener closes
 * the store, which ends its watches, writes a snapshot and releases the lock; after that every
 * call but {@link #describe()} fails with {@link DatastoreException}. I/O failures are
 * {@link DatastoreException}s too, retryable unless they need a human.
 */
// The shared MVCC engine is an implementation detail; everything callers use is Datastore's.
@SuppressWarnings("exports")
public final class FileDatastore extends MvccDatastore {
    private static final Logger LOG = LoggerFactory.getLogger(FileDatastore.class);
    /** Changes kept for watches and lists at a revision, by default. */
    public static final int DEFAULT_HISTORY = 10_000;
    /** How long an open waits for another process's lock, by default. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);
    /** WAL records that trigger a snapshot. */
    static final int SNAPSHOT_EVERY = 10_000;

    /**
     * How a store is opened.
     *
     * <pre>{@code
     * FileDatastore.open(dir, FileDatastore.Options.defaults().withLockTimeout(Duration.ZERO));   // fail at once
     * }</pre>
     *
     * @param historyLimit changes kept for watches and lists at a revision
     * @param lockTimeout  how long to wait for another process that holds the store (zero: fail at once)
     * @param onLockWait   hears once, with a message naming the holder, when the open starts waiting
     */
    public record Options(int historyLimit, Duration lockTimeout, Consumer<String> onLockWait) {
        /**
         * Checks the options.
         *
         * @throws IllegalArgumentException when the history limit is not positive or the lock timeout is negative
         *
         * @param historyLimit changes kept for watches and lists at a revision
         * @param lockTimeout how long to wait for another process that holds the store (zero: fail at once)
         * @param onLockWait hears once, with a message naming the holder, when the open starts waiting
         */
        public Options {
            if (historyLimit < 1) {
                throw new IllegalArgumentException("historyLimit must be positive: " + historyLimit);
            }
            if (lockTimeout.isNegative()) {
                throw new IllegalArgumentException("lockTimeout must not be negative: " + lockTimeout);
            }
            Objects.requireNonNull(onLockWait, "onLockWait");
        }

        /**
         * {@link #DEFAULT_HISTORY}, {@link #DEFAULT_LOCK_TIMEOUT}, waiting logged at INFO.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(DEFAULT_HISTORY, DEFAULT_LOCK_TIMEOUT, msg -> LOG.info("{}", msg));
        }

        /**
         * Keeps {@code limit} past changes for watches and lists at a revision.
         *
         * @param limit changes kept, positive
         * @return a copy with it set
         */
        public Options withHistoryLimit(int limit) {
            return new Options(limit, lockTimeout, onLockWait);
        }

        /**
         * Waits up to {@code timeout} for another process that holds the store.
         *
         * @param timeout how long to wait; zero fails at once
         * @return a copy with it set
         */
        public Options withLockTimeout(Duration timeout) {
            return new Options(historyLimit, timeout, onLockWait);
        }

        /**
         * Tells {@code listener}, once, when an open starts waiting for the lock.
         *
         * @param listener hears a message naming the holder
         * @return a copy with it set
         */
        public Options withOnLockWait(Consumer<String> listener) {
            return new Options(historyLimit, lockTimeout, listener);
        }
    }

    /**
     * A line a {@link #repair(Path)} dropped.
     *
     * @param file   the file it was in
     * @param offset its byte offset
     * @param length its length in bytes (without the line end)
     * @param reason why it could not be kept
     */
    public record Dropped(Path file, long offset, long length, String reason) {
    }

    /**
     * What a {@link #repair(Path)} did.
     *
     * @param revision the store's revision after the repair
     * @param kept     values and records kept (snapshot items plus WAL records; a transaction's changes are one record)
     * @param dropped  what could not be kept, in file order
     * @param movedAside the damaged files, renamed beside the store for inspection
     */
    public record RepairReport(long revision, int kept, List<Dropped> dropped, List<Path> movedAside) {
    }

    private final String description;
    private final Journal journal;
    private final DirectoryLock lock;
    private volatile boolean closed;

    private FileDatastore(String description, MvccStore store, Journal journal, DirectoryLock lock) {
        super(store, changes -> {
            lock.verify();
            journal.persist(changes);
        });
        this.description = description;
        this.journal = journal;
        this.lock = lock;
    }

    /**
     * Opens (creating if needed) the store in {@code dir}, recovering whatever a crash left.
     *
     * <pre>{@code
     * try (FileDatastore ds = FileDatastore.open(Path.of("/var/lib/calico4j"))) { ... }
     * }</pre>
     *
     * @param dir the store's directory (created {@code 0700})
     * @return the open store; the caller closes it
     * @throws org.calico4j.client.DatastoreException when the directory is not private, another process
     *         holds the lock past the timeout, or a file is damaged (naming file, offset and counts)
     */
    public static FileDatastore open(Path dir) {
        return open(dir, Options.defaults());
    }

    /**
     * As {@link #open(Path)}, keeping {@code historyLimit} past changes for watches and lists.
     *
     * @param dir          the store's directory
     * @param historyLimit changes kept, positive
     * @return the open store; the caller closes it
     */
    public static FileDatastore open(Path dir, int historyLimit) {
        return open(dir, Options.defaults().withHistoryLimit(historyLimit));
    }

    /**
     * As {@link #open(Path)}, with {@code options}.
     *
     * @param dir     the store's directory
     * @param options history limit and lock waiting
     * @return the open store; the caller closes it
     */
    public static FileDatastore open(Path dir, Options options) {
        return open(dir, options, SNAPSHOT_EVERY);
    }

    /** Tests snapshot more often than production does. */
    static FileDatastore open(Path dir, int historyLimit, int snapshotEvery) {
        return open(dir, Options.defaults().withHistoryLimit(historyLimit), snapshotEvery);
    }

    static FileDatastore open(Path dir, Options options, int snapshotEvery) {
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be positive: " + snapshotEvery);
        }
        Path abs = dir.toAbsolutePath().normalize();
        String description = "file:" + abs;
        MvccStore store = new MvccStore(description, options.historyLimit());
        Path real = prepare(abs);
        DirectoryLock lock = DirectoryLock.acquire(real, hasData(real), options.lockTimeout(), options.onLockWait());
        try {
            return new FileDatastore(description, store, Journal.recover(real, store, snapshotEvery), lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Repairs the store in {@code dir} after damage that stopped {@link #open(Path)}: keeps every
     * intact snapshot line and WAL record (each checked by its CRC, and decoded), drops the rest,
     * moves the damaged files aside ({@code <name>.damaged-<millis>}), writes a new snapshot and
     * an empty WAL, and makes a new lock file if it was removed or replaced. Run it only when no
     * process uses the store; it takes the store's lock like an open does.
     *
     * <pre>{@code
     * RepairReport r = FileDatastore.repair(Path.of("/var/lib/calico4j"));
     * r.dropped().forEach(d -> System.err.println(d.file() + " @" + d.offset() + ": " + d.reason()));
     * }</pre>
     *
     * @param dir the store's directory
     * @return what was kept, dropped and moved aside
     */
    public static RepairReport repair(Path dir) {
        return repair(dir, Options.defaults());
    }

    /**
     * As {@link #repair(Path)}, waiting for the lock as {@code options} say.
     *
     * @param dir     the store's directory
     * @param options lock waiting (and the history limit of the new snapshot)
     * @return what was kept, dropped and moved aside
     */
    public static RepairReport repair(Path dir, Options options) {
        Path real = prepare(dir.toAbsolutePath().normalize());
        DirectoryLock.reset(real);
        DirectoryLock lock = DirectoryLock.acquire(real, false, options.lockTimeout(), options.onLockWait());
        try {
            return Repair.run(real, options.historyLimit());
        } catch (IOException e) {
            throw Fs.failure("cannot repair file datastore " + real, e);
        } finally {
            lock.close();
        }
    }

    /** Creates the directory if absent, resolves it and checks it is private. */
    private static Path prepare(Path abs) {
        try {
            Fs.createPrivateDirectory(abs);
            Path real = abs.toRealPath(); // the lock must not be dodged through a symlink
            Fs.checkPrivate(real);
            return real;
        } catch (IOException e) {
            throw Fs.failure("cannot create file datastore directory " + abs, e);
        }
    }

    private static boolean hasData(Path dir) {
        return Files.exists(dir.resolve(Journal.WAL_NAME), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(dir.resolve(SnapshotFile.NAME), LinkOption.NOFOLLOW_LINKS);
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
            journal.close(lock.intact());
        } finally {
            lock.close();
        }
    }
}
