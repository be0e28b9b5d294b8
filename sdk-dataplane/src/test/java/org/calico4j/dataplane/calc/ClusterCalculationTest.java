package org.calico4j.dataplane.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.calico4j.client.ipam.AssignIpRequest;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.PacketEvaluator;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.FelixConfiguration;
import org.calico4j.model.FelixConfigurationSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.ServiceIpBlock;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.WorkloadEndpointSpec;
import org.calico4j.model.ipam.AllocationAttribute;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;

/** The shared calculation gives every node what its own calculation and in-memory dataplane give it. */
class ClusterCalculationTest {
    private static final List<String> ADDRESSES = List.of("10.244.1.5", "10.244.1.6", "10.244.2.7", "10.244.3.9", "10.244.1.40",
            "10.244.1.0", "10.244.2.0", "10.244.1.50", "10.0.0.11", "10.0.0.12", "10.0.1.13", "10.96.0.10", "93.184.216.34",
            "10.245.0.9", "172.16.0.1");

    private static Node withAddress(Node n, String address) {
        return n.withSpec(NodeSpec.builder().from(n.spec()).bgp(NodeBgpSpec.builder().from(n.spec().bgp().orElseThrow())
                .ipv4Address(address).build()).build());
    }

    /**
     * A random edit of {@code r}: pools' encapsulation and NAT, nodes' addresses (at times another node's), blocks' allocations,
     * Felix's host sets.
     */
    private static Resource edit(Resource r, Random rnd) {
        String[] modes = {"Never", "Always", "CrossSubnet"};
        if (r instanceof IpPool) {
            return ((IpPool) r).withSpec(IpPoolSpec.builder().from(((IpPool) r).spec()).ipipMode(modes[rnd.nextInt(3)])
                    .vxlanMode("Never").natOutgoing(rnd.nextBoolean()).build());
        }
        if (r instanceof Node) {
            String[] addresses = {"10.0.0.11/24", "10.0.0.12/24", "10.0.1.13/24", "10.0.1.14/24"};
            return withAddress((Node) r, addresses[rnd.nextInt(addresses.length)]);
        }
        if (r instanceof IpamBlock b) {
            // IPAM's next version of a block, its affinity kept: an address released, or assigned to a workload of some
            // node (borrowed when not the block's), or an allocation's node changed.
            int[] alloc = b.allocations().clone();
            List<AllocationAttribute> attrs = new ArrayList<>(b.attributes());
            int ord = rnd.nextInt(alloc.length);
            if (alloc[ord] != IpamBlock.FREE && rnd.nextBoolean()) {
                alloc[ord] = IpamBlock.FREE;
            } else {
                attrs.add(AllocationAttribute.of("edit-" + ord, Map.of("node", List.of("n1", "n2", "n3").get(rnd.nextInt(3)))));
                alloc[ord] = attrs.size() - 1;
            }
            int[] free = java.util.stream.IntStream.range(0, alloc.length).filter(o -> alloc[o] == IpamBlock.FREE).toArray();
            Map<Integer, Long> seq = new java.util.HashMap<>(b.sequenceNumberForAllocation());
            seq.keySet().removeIf(o -> alloc[o] == IpamBlock.FREE);
            return b.nextVersion(alloc, free, attrs, seq);
        }
        if (r instanceof FelixConfiguration && r.name().equals("default")) {
            FelixConfiguration f = (FelixConfiguration) r;
            return f.withSpec(FelixConfigurationSpec.builder().from(f.spec())
                    .externalNodesList(rnd.nextBoolean() ? List.of() : List.of("172.16.0.0/30"))
                    .natOutgoingExclusions(rnd.nextBoolean() ? "IPPoolsAndHostIPs" : "IPPoolsOnly").build());
        }
        return r;
    }

    /**
     * Random edits, deletes and re-creates of pools, nodes (addresses moving between subnets and
     * shared by two nodes), blocks, endpoints (two holding one address, one holding none, a borrowed
     * one) and Felix/BGP settings: after every step, for every node, {@link ClusterCalculation#state}
     * equals both the node's own incremental {@link Calculation} fed the same changes and a
     * from-scratch one, and every packet between a set of addresses gets the same verdict (route,
     * SNAT, encapsulation, explanation) from the shared tables as from a {@link MemoryDataplane}
     * holding that state. The seed is printed for replay.
     */
    @Test
    void everyNodesViewAgreesWithItsOwnCalculationAndDataplane() {
        long seed = Long.getLong("calico4j.calc.seed", System.nanoTime());
        Random rnd = new Random(seed);
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("CrossSubnet"))) {
            c.pod("n1", "p1b", "10.244.1.6", "cali1b");
            c.client.ipam().assignIp(AssignIpRequest.of(IpAddress.parse("10.244.1.40")).host("n2").handle("b"));
            c.endpoint("n2", "borrower", "10.244.1.40", "cali40");
            c.endpoint("n2", "duplicate", "10.244.1.5", "calidup");
            c.client.workloadEndpoints().create(WorkloadEndpoint.builder().metadata(ObjectMeta.builder().namespace("default").build())
                    .spec(WorkloadEndpointSpec.builder().orchestrator("k8s").node("n1").pod("pending").endpoint("eth0")
                            .interfaceName("calipend").build()).build());
            c.pool("lb", s -> s.cidr("10.245.0.0/24").allowedUses(List.of("LoadBalancer")).blockSize(26));
            c.felix("default", f -> f.natOutgoingExclusions("IPPoolsAndHostIPs").externalNodesList(List.of("172.16.0.0/30")));
            c.felix("node.n2", f -> f.natOutgoingAddress("10.0.0.99").programClusterRoutes("Enabled"));
            c.bgp(b -> b.addServiceClusterIPs(ServiceIpBlock.builder().cidr("10.96.0.0/12").build()));
            List<Resource> all = new ArrayList<>(c.resources());
            List<String> nodes = List.of("n1", "n2", "n3");
            ClusterCalculation shared = new ClusterCalculation();
            Map<String, Calculation> own = new LinkedHashMap<>();
            nodes.forEach(n -> own.put(n, new Calculation(n)));
            List<Resource> live = new ArrayList<>();
            List<Resource> deleted = new ArrayList<>();
            List<Resource> order = new ArrayList<>(all);
            Collections.shuffle(order, rnd);
            for (int step = 0; step < 150; step++) {
                Resource r;
                boolean delete = false;
                if (!order.isEmpty()) {
                    r = order.remove(0);
                } else if (!deleted.isEmpty() && rnd.nextInt(4) == 0) {
                    r = deleted.remove(rnd.nextInt(deleted.size()));
                } else {
                    r = live.get(rnd.nextInt(live.size()));
                    Resource edited = edit(r, rnd);
                    delete = edited == r && rnd.nextInt(3) == 0;
                    r = edited;
                }
                Resource target = r;
                live.removeIf(x -> ResourceKey.of(x).equals(ResourceKey.of(target)));
                if (delete) {
                    deleted.add(r);
                } else {
                    live.add(r);
                }
                shared.update(ResourceKey.of(r), delete ? null : r);
                for (String node : nodes) {
                    own.get(node).update(ResourceKey.of(r), delete ? null : r);
                    String where = "node " + node + ", seed " + seed + " (-Dcalico4j.calc.seed=" + seed + "), step " + step
                            + (delete ? " deleting " : " setting ") + ResourceKey.of(r);
                    DataplaneState full = Calculation.compute(node, live);
                    DataplaneState incremental = own.get(node).state();
                    assertEquals(full, incremental, () -> where + ": the node's incremental calculation differs by "
                            + DataplaneState.diff(full, incremental));
                    DataplaneState view = shared.state(node);
                    assertEquals(full, view, () -> where + ": the shared calculation differs by " + DataplaneState.diff(full, view));
                    MemoryDataplane dp = new MemoryDataplane(node);
                    dp.resync(full);
                    for (String from : ADDRESSES) {
                        for (String to : ADDRESSES) {
                            Packet p = Packet.tcp(from, to, 80);
                            assertEquals(outcome(() -> dp.evaluate(p)), outcome(() -> PacketEvaluator.evaluate(shared.tables(node), p)),
                                    where + ": " + p);
                        }
                    }
                }
            }
        }
    }

    /** A verdict, or the message of the error that names what the node lacks (both views must give the same). */
    private static Object outcome(java.util.function.Supplier<Verdict> evaluate) {
        try {
            Verdict v = evaluate.get();
            // The in-memory dataplane adds one reason the shared evaluator has no source for: whether a route BIRD
            // programs was delivered by BGP (LearnedRoutes). Everything else must be equal.
            List<String> reasons = v.reasons().stream().filter(r -> !r.contains(" is a route BIRD programs: ")).toList();
            return new Verdict(v.action(), v.snatTo(), v.snatPorts(), v.encap(), v.outerSrc(), v.outerDst(), v.device(), v.route(), reasons,
                    v.originalSource());
        } catch (org.calico4j.model.CalicoException e) {
            return e.getMessage();
        }
    }

    /** Two endpoints holding one address: deleting the one seen last hands the address back to the other. */
    @Test
    void anAddressHeldTwiceStaysRoutedWhenOneHolderGoes() {
        try (ClusterC c = ClusterC.build(p -> p)) {
            c.endpoint("n1", "twin", "10.244.1.5", "calitwin");
            List<Resource> all = c.resources();
            ClusterCalculation shared = ClusterCalculation.of(all);
            Calculation n1 = new Calculation("n1");
            all.forEach(r -> n1.update(ResourceKey.of(r), r));
            Resource twin = all.stream().filter(r -> r.name().contains("twin")).findFirst().orElseThrow();
            shared.update(ResourceKey.of(twin), null);
            n1.update(ResourceKey.of(twin), null);
            Cidr host = Cidr.parse("10.244.1.5/32");
            assertEquals("cali1", n1.state().routes().get(host).device(), "p1's interface again");
            assertEquals(n1.state(), shared.state("n1"));
        }
    }
}
