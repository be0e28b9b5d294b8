package org.calico4j.client.internal;

import java.util.List;
import java.util.Optional;

import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreListener;
import org.calico4j.client.spi.DatastoreWatch;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.PoolRanges;
import org.calico4j.client.spi.Read;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.client.spi.Write;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.jspecify.annotations.Nullable;

/** A {@link Datastore} served by an {@link MvccStore}, with an optional persister for its writes. */
public abstract class MvccDatastore implements Datastore, PoolRanges {
    /** The store serving reads, writes and watches. */
    protected final MvccStore store;
    private final MvccStore.@Nullable Persister persister;

    /**
     * A datastore over {@code store}.
     *
     * @param store     the store
     * @param persister makes each write durable before it is visible, or null for none
     */
    protected MvccDatastore(MvccStore store, MvccStore.@Nullable Persister persister) {
        this.store = store;
        this.persister = persister;
    }

    @Override
    public Optional<Versioned> get(ResourceKey key) {
        return store.get(key);
    }

    @Override
    public ListResult list(Kind kind, long revision) {
        return store.list(kind, "", revision);
    }

    @Override
    public ListResult list(Kind kind, String namePrefix, long revision) {
        return store.list(kind, namePrefix, revision);
    }

    @Override
    public Versioned create(ResourceKey key, Resource value) {
        return store.create(key, value, persister);
    }

    @Override
    public Versioned update(ResourceKey key, Resource value, long expectedRevision) {
        return store.update(key, value, expectedRevision, persister);
    }

    @Override
    public Versioned delete(ResourceKey key, long expectedRevision) {
        return store.delete(key, expectedRevision, persister);
    }

    @Override
    public List<ListResult> read(List<Read> reads) {
        return store.read(reads);
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public List<Versioned> commit(List<Write> writes) {
        return store.commit(writes, persister);
    }

    @Override
    public DatastoreWatch watch(@Nullable Kind kind, long afterRevision, DatastoreListener listener) {
        return store.watch(kind, afterRevision, listener);
    }

    @Override
    public java.util.List<org.calico4j.model.IpPool> poolsOverlapping(org.calico4j.model.net.Cidr network) {
        return store.poolsOverlapping(network);
    }

    @Override
    public long revision() {
        return store.revision();
    }
}
