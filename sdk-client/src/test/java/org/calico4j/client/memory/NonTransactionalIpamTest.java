package org.calico4j.client.memory;

import org.calico4j.client.spi.Datastore;
import org.calico4j.client.tck.IpamTck;
import org.calico4j.client.tck.NonTransactionalDatastore;

/**
 * IPAM on a store without transactions, which gets libcalico-go's sequence of single-key writes (the handle counted
 * first and put back after a lost block write; handles decremented after a release's block write).
 */
class NonTransactionalIpamTest extends IpamTck {
    @Override
    protected Datastore open() {
        return new NonTransactionalDatastore(MemoryDatastore.create());
    }
}
