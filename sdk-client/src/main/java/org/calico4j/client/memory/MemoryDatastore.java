package org.calico4j.client.memory;

import java.util.Optional;

import org.calico4j.client.internal.MvccStore;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreListener;
import org.calico4j.client.spi.DatastoreWatch;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.jspecify.annotations.Nullable;

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
public final class MemoryDatastore implements Datastore {
    /** Changes kept for watches and lists at a revision, by default. */
    public static final int DEFAULT_HISTORY = 10_000;

    private final MvccStore store;

    private MemoryDatastore(int history) {
        this.store = new MvccStore("memory:", history);
    }

    public static MemoryDatastore create() {
        return new MemoryDatastore(DEFAULT_HISTORY);
    }

    public static MemoryDatastore withHistory(int changesKept) {
        return new MemoryDatastore(changesKept);
    }

    @Override
    public Optional<Versioned> get(ResourceKey key) {
        return store.get(key);
    }

    @Override
    public ListResult list(Kind kind, long revision) {
        return store.list(kind, revision);
    }

    @Override
    public Versioned create(ResourceKey key, Resource value) {
        return store.create(key, value, null);
    }

    @Override
    public Versioned update(ResourceKey key, Resource value, long expectedRevision) {
        return store.update(key, value, expectedRevision, null);
    }

    @Override
    public Versioned delete(ResourceKey key, long expectedRevision) {
        return store.delete(key, expectedRevision, null);
    }

    @Override
    public DatastoreWatch watch(@Nullable Kind kind, long afterRevision, DatastoreListener listener) {
        return store.watch(kind, afterRevision, listener);
    }

    @Override
    public long revision() {
        return store.revision();
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
