package org.calico4j.client.memory;

import org.calico4j.client.spi.Datastore;
import org.calico4j.client.tck.DatastoreTck;

class MemoryDatastoreTckTest extends DatastoreTck {
    @Override
    protected Datastore open(int historyLimit) {
        return MemoryDatastore.withHistory(historyLimit);
    }
}
