package org.calico4j.client.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.calico4j.client.DatastoreException;
import org.calico4j.client.internal.MvccStore;
import org.calico4j.client.internal.MvccStore.Change;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes a {@link MvccStore} durable: a snapshot plus the WAL of the changes after it.
 * Recovery loads the snapshot and replays the WAL; every write is appended to the WAL (and
 * forced) before the store makes it visible; a full WAL is folded into a new snapshot.
 *
 * <p>Called only under the store's write lock, or while no other thread can reach the store
 * (recovery, and close after the store is closed), so it needs no locking of its own.
 */
final class Journal implements MvccStore.Persister {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    static final String WAL_NAME = "wal.log";
    static final String REPAIR_HINT = "No file was changed. FileDatastore.repair(dir) (CLI: calico4j --datastore file:DIR"
            + " datastore repair) keeps every intact record and reports what it drops";

    private final Path dir;
    private final Path walFile;
    private final MvccStore store;
    private final int snapshotEvery;
    /** WAL size that triggers the next snapshot. */
    private int checkpointAt;
    /** Null after a failed WAL restart: the store then refuses writes until reopened. */
    private @Nullable WriteAheadLog wal;

    private Journal(Path dir, MvccStore store, int snapshotEvery) {
        this.dir = dir;
        this.walFile = dir.resolve(WAL_NAME);
        this.store = store;
        this.snapshotEvery = snapshotEvery;
        this.checkpointAt = snapshotEvery;
    }

    /** Rebuilds {@code store} (new and empty) from {@code dir} and returns its journal. */
    static Journal recover(Path dir, MvccStore store, int snapshotEvery) {
        Journal j = new Journal(dir, store, snapshotEvery);
        try {
            // A leftover of a crash during a snapshot; the rename never happened, so it is not the snapshot.
            Files.deleteIfExists(dir.resolve(SnapshotFile.TEMP_NAME));
            Path snapshot = dir.resolve(SnapshotFile.NAME);
            if (Files.exists(snapshot)) {
                SnapshotFile.Snapshot s = SnapshotFile.read(snapshot);
                store.startAt(s.revision());
                s.items().forEach(store::load);
            }
            Replay replay = new Replay(dir, store);
            boolean created = !Files.exists(j.walFile);
            j.wal = WriteAheadLog.open(j.walFile, replay::record);
            if (created) {
                Fs.syncDirectory(dir); // or a power cut could take the new file, and the writes in it, away
            }
            LOG.debug("{}: recovered revision {} ({} WAL records replayed, {} already in the snapshot)",
                    dir, store.lastRevision(), replay.replayed, replay.skipped);
            // Records the snapshot already holds mean a crash came between a snapshot and the WAL
            // restart: finish that step now, so they are not re-read forever.
            if (replay.skipped > 0 || replay.skipped + replay.replayed >= snapshotEvery) {
                j.tryCheckpoint();
            }
            return j;
        } catch (CorruptDataException e) {
            j.closeWal();
            throw new DatastoreException("cannot open file datastore " + dir + ": " + e.getMessage() + ". " + REPAIR_HINT,
                    false, e);
        } catch (IOException e) {
            j.closeWal();
            throw Fs.failure("cannot open file datastore " + dir, e);
        } catch (RuntimeException e) {
            j.closeWal();
            throw e;
        }
    }

    /** Applies WAL records after the snapshot, in order, refusing gaps. */
    private static final class Replay {
        private final Path dir;
        private final MvccStore store;
        private int replayed;
        private int skipped;

        Replay(Path dir, MvccStore store) {
            this.dir = dir;
            this.store = store;
        }

        void record(List<Change> changes) {
            long at = store.lastRevision();
            long rev = changes.get(0).revision();
            if (rev <= at) {
                skipped++;
            } else if (rev == at + 1) {
                store.replay(changes);
                replayed++;
            } else {
                throw new DatastoreException("cannot open file datastore " + dir + ": " + WAL_NAME + " jumps from revision "
                        + at + " to " + rev + "; changes in between are missing. " + REPAIR_HINT, false);
            }
        }
    }

    @Override
    public void persist(List<Change> changes) {
        if (wal != null && wal.records() >= checkpointAt) {
            tryCheckpoint();
        }
        WriteAheadLog log = wal;
        if (log == null || log.broken()) {
            throw new DatastoreException("file datastore " + dir + " cannot write its " + WAL_NAME
                    + " after an earlier I/O failure; reopen it", false);
        }
        try {
            log.append(changes);
        } catch (IOException e) {
            throw new DatastoreException("cannot write " + (changes.size() == 1 ? changes.get(0).key()
                    : "a transaction of " + changes.size() + " changes") + " to file datastore " + dir + ": " + e,
                    !log.broken(), e);
        }
    }

    /*
     * Snapshots before the append, so a snapshot is exactly the state at its revision. A failed
     * snapshot loses nothing (the WAL still holds every change), so the write goes on, and the
     * next attempt waits a while rather than costing every write a failing snapshot.
     */
    private void tryCheckpoint() {
        try {
            checkpoint();
        } catch (IOException e) {
            LOG.warn("{}: snapshot failed ({}); the WAL keeps growing until one succeeds", dir, e.toString());
            if (wal != null) {
                checkpointAt = wal.records() + Math.max(1, snapshotEvery / 10);
            }
        }
    }

    /**
     * Writes a snapshot of the store and starts an empty WAL. The old WAL is removed only once
     * the snapshot is durable; until the new WAL's directory entry is durable no write goes to it.
     */
    void checkpoint() throws IOException {
        SnapshotFile.write(dir, store.lastRevision(), store.all());
        closeWal();
        WriteAheadLog fresh = WriteAheadLog.createEmpty(walFile);
        try {
            Fs.syncDirectory(dir);
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
        wal = fresh;
        checkpointAt = snapshotEvery;
    }

    /**
     * Snapshots (so the next open reads one file, not the WAL) and closes; a failed snapshot loses
     * nothing. Without {@code snapshot} it only closes (the store may no longer write its files).
     */
    void close(boolean snapshot) {
        try {
            if (snapshot && wal != null && !wal.broken()) {
                checkpoint();
            }
        } catch (IOException e) {
            LOG.warn("{}: no snapshot on close ({}); the WAL still holds every change", dir, e.toString());
        } finally {
            closeWal();
        }
    }

    private void closeWal() {
        WriteAheadLog log = wal;
        wal = null;
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                LOG.debug("{}: closing {} failed", dir, WAL_NAME, e);
            }
        }
    }
}
