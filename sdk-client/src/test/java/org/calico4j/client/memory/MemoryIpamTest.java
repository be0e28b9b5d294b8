package org.calico4j.client.memory;

import org.calico4j.client.spi.Datastore;
import org.calico4j.client.tck.IpamTck;

class MemoryIpamTest extends IpamTck {
    @Override
    protected Datastore open() {
        return MemoryDatastore.create();
    }
}
