package org.calico4j.client.memory;

import org.calico4j.client.internal.MvccDatastore;
import org.calico4j.client.internal.MvccStore;



/**
 * A thread-safe datastore in memory, with etcd's semantics: MVCC revisions, conditional writes,
 * lists at a revision, and watches over a bounded history (older revisions are "compacted" and
 * answered with {@code ResourceVersionTooOldException}).
 *
 * <pre>{@code
 * try (Datastore ds = MemoryDatastore.create()) { ... }
 * Datastore small = MemoryDatastore.withHistory(100);   // compacts after 100 changes
 * }</pre>
 */
// The shared MVCC engine is an implementation detail; everything callers use is Datastore's.
@SuppressWarnings("exports")
public final class MemoryDatastore extends MvccDatastore {
    /** Changes kept for watches and lists at a revision, by default. */
    public static final int DEFAULT_HISTORY = 10_000;

    private MemoryDatastore(int history) {
        super(new MvccStore("memory:", history), null);
    }

    /**
     * A new, empty store keeping the default history for watches and lists at a revision.
     *
     * @return the store; the caller closes it
     */
    public static MemoryDatastore create() {
        return new MemoryDatastore(DEFAULT_HISTORY);
    }

    /**
     * A new, empty store that compacts after {@code changesKept} changes.
     *
     * @param changesKept changes kept for watches and lists at a revision
     * @return the store; the caller closes it
     */
    public static MemoryDatastore withHistory(int changesKept) {
        return new MemoryDatastore(changesKept);
    }

    @Override
    public String describe() {
        return "memory:";
    }

    @Override
    public void close() {
        store.close();
    }
}
