package org.calico4j.client.ipam.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Iterator;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.ipam.AssignIpRequest;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.memory.MemoryDatastore;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Node;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * A claim reads the first {@link DefaultIpam#PROBES} blocks of the host's order one by one; when all of them are taken
 * it walks the listing of every block, so the host still claims the first free block of its order, as Calico does.
 */
class BlockClaimTest {
    @Test
    void whenTheFirstBlocksOfTheHostsOrderAreTakenTheNextFreeOneIsClaimed() {
        Cidr pool = Cidr.parse("10.0.0.0/24");
        try (CalicoClient c = CalicoClient.builder().datastore(MemoryDatastore.create()).build()) {
            c.ipPools().create(IpPool.builder().name("p").spec(IpPoolSpec.builder().cidr(pool.toString()).blockSize(29).build()).build());
            for (String n : new String[] {"n1", "other"}) {
                c.nodes().create(Node.builder().name(n).spec(NodeSpec.builder().build()).build());
            }
            Iterator<Cidr> order = new BlockOrder(pool, 29, "n1").iterator();
            for (int i = 0; i <= DefaultIpam.PROBES; i++) {
                Cidr taken = order.next();
                c.ipam().assignIp(AssignIpRequest.of(taken.address()).host("other").handle("o" + i));
            }
            Cidr expected = order.next();
            IpAddress ip = c.ipam().autoAssign(AutoAssignRequest.forHost("n1").ipv4(1).handle("h")).ipv4().get(0);
            assertEquals(expected, c.ipam().affinities("n1").get(0).cidr(), "the first free block of n1's order");
            assertEquals("n1", c.ipam().allocation(ip).orElseThrow().blockHost());
        }
    }
}
