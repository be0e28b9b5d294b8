package org.calico4j.client.tck;

import java.util.List;
import java.util.Optional;

import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.DatastoreListener;
import org.calico4j.client.spi.DatastoreWatch;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.Read;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.client.spi.Versioned;
import org.calico4j.client.spi.Write;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Datastore} that passes every call on, so a test can override one to inject a failure a real
 * store cannot produce on demand. {@link #close()} closes the store it wraps.
 *
 * <pre>{@code
 * Datastore ds = new ForwardingDatastore(MemoryDatastore.create()) {
 *     public Versioned update(ResourceKey k, Resource v, long rev) { throw new ConflictException(k, rev, null); }
 * };
 * }</pre>
 */
public class ForwardingDatastore implements Datastore {
    private final Datastore inner;

    public ForwardingDatastore(Datastore inner) {
        this.inner = inner;
    }

    @Override
    public Optional<Versioned> get(ResourceKey key) {
        return inner.get(key);
    }

    @Override
    public ListResult list(Kind kind, long revision) {
        return inner.list(kind, revision);
    }

    @Override
    public ListResult list(Kind kind, String namePrefix, long revision) {
        return inner.list(kind, namePrefix, revision);
    }

    @Override
    public List<ListResult> read(List<Read> reads) {
        return inner.read(reads);
    }

    @Override
    public boolean transactional() {
        return inner.transactional();
    }

    @Override
    public List<Versioned> commit(List<Write> writes) {
        return inner.commit(writes);
    }

    @Override
    public Versioned create(ResourceKey key, Resource value) {
        return inner.create(key, value);
    }

    @Override
    public Versioned update(ResourceKey key, Resource value, long expectedRevision) {
        return inner.update(key, value, expectedRevision);
    }

    @Override
    public Versioned delete(ResourceKey key, long expectedRevision) {
        return inner.delete(key, expectedRevision);
    }

    @Override
    public DatastoreWatch watch(@Nullable Kind kind, long afterRevision, DatastoreListener listener) {
        return inner.watch(kind, afterRevision, listener);
    }

    @Override
    public long revision() {
        return inner.revision();
    }

    @Override
    public String describe() {
        return "forwarding:" + inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
