package org.calico4j.dataplane.memory;

import org.calico4j.dataplane.Dataplane;
import org.calico4j.dataplane.tck.DataplaneTck;

class MemoryDataplaneTckTest extends DataplaneTck {
    @Override
    protected Dataplane open(String node) {
        return new MemoryDataplane(node);
    }
}
