package org.calico4j.client.memory;

import org.calico4j.client.spi.Datastore;
import org.calico4j.client.tck.DatastoreTck;
import org.calico4j.client.tck.NonTransactionalDatastore;

/** The contract, for a store with only the SPI's default batched read and single-write commit. */
class NonTransactionalDatastoreTckTest extends DatastoreTck {
    @Override
    protected Datastore open(int historyLimit) {
        return new NonTransactionalDatastore(MemoryDatastore.withHistory(historyLimit));
    }

    @Override
    protected boolean transactional() {
        return false;
    }
}
