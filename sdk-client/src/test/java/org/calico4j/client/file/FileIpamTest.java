package org.calico4j.client.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.spi.Datastore;
import org.calico4j.client.tck.IpamTck;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Node;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IPAM suite on the file store (fsync per write, so fewer operations), and IPAM state across a restart. */
class FileIpamTest extends IpamTck {
    @TempDir
    Path tmp;
    private int stores;

    @Override
    protected Datastore open() {
        return FileDatastore.open(tmp.resolve("store-" + stores++));
    }

    @Override
    protected int operations() {
        return 300;
    }

    @Test
    void ipamStateSurvivesAReopen() {
        Path dir = tmp.resolve("reopen");
        List<IpamBlock> before;
        List<IpAddress> held;
        try (CalicoClient c = CalicoClient.builder().datastore(FileDatastore.open(dir)).build()) {
            c.nodes().create(Node.builder().name("n1").spec(NodeSpec.builder().build()).build());
            c.ipPools().create(IpPool.builder().name("p").spec(IpPoolSpec.builder().cidr("10.0.0.0/24").blockSize(28).build()).build());
            held = c.ipam().autoAssign(AutoAssignRequest.forHost("n1").ipv4(20).handle("h")).ipv4();
            before = c.ipam().blocks();
            c.datastore().close();
        }
        try (Datastore ds = FileDatastore.open(dir); CalicoClient c = CalicoClient.builder().datastore(ds).build()) {
            assertEquals(before, c.ipam().blocks());
            assertEquals(held.size(), c.ipam().ipsByHandle("h").size());
            assertEquals(2, c.ipam().affinities("n1").size(), "20 addresses in /28 blocks: two blocks");
        }
    }
}
