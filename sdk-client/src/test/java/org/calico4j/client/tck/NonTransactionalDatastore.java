package org.calico4j.client.tck;

import java.util.List;

import org.calico4j.client.spi.Datastore;
import org.calico4j.client.spi.ListResult;
import org.calico4j.client.spi.Read;
import org.calico4j.client.spi.Versioned;
import org.calico4j.client.spi.Write;

/**
 * A store as a third-party {@link Datastore} that implements only the single-key calls looks to calico4j: the SPI's
 * default batched read and commit, not {@linkplain Datastore#transactional() transactional}. The code paths for such
 * stores are tested with it on a real store. {@link #close()} closes the store it wraps.
 *
 * <pre>{@code
 * Datastore plain = new NonTransactionalDatastore(MemoryDatastore.create());
 * }</pre>
 */
public final class NonTransactionalDatastore extends ForwardingDatastore {
    public NonTransactionalDatastore(Datastore inner) {
        super(inner);
    }

    @Override
    public List<ListResult> read(List<Read> reads) {
        return Datastore.readAtOneRevision(this, reads);
    }

    @Override
    public boolean transactional() {
        return false;
    }

    @Override
    public List<Versioned> commit(List<Write> writes) {
        return Datastore.commitSingleWrite(this, writes);
    }

    @Override
    public String describe() {
        return "non-transactional " + super.describe();
    }
}
