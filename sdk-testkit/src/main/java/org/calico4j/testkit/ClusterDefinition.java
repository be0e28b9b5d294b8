package org.calico4j.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link SimulatedCluster} is made of, apart from its datastore: nodes on their subnets, external
 * routers, hosts and workloads with the addresses IPAM gave them. A real cluster (such as
 * {@code org.calico4j.testkit.netns.RealBirdCluster}) is built from it, so both share every address.
 *
 * <pre>{@code
 * ClusterDefinition d = cluster.definition();
 * d.gatewayOf("n1");   // the router on n1's subnet, or the node's own gateway, or null
 * }</pre>
 *
 * @param nodes     in the order they were added
 * @param routers   in the order they were added
 * @param hosts     name to address
 * @param workloads in the order they were added
 */
public record ClusterDefinition(List<NodeDef> nodes, List<RouterDef> routers, Map<String, IpAddress> hosts, List<WorkloadDef> workloads) {
    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param nodes in the order they were added
     * @param routers in the order they were added
     * @param hosts name to address
     * @param workloads in the order they were added
     */
    public ClusterDefinition {
        nodes = List.copyOf(nodes);
        routers = List.copyOf(routers);
        hosts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        workloads = List.copyOf(workloads);
    }

    /**
     * A node.
     *
     * @param name    its name
     * @param address its address with the subnet's length, e.g. {@code 10.0.0.11/24}
     * @param as      its own AS number, or null
     * @param gateway the gateway the scenario names for it, or null (then the router on its subnet)
     */
    public record NodeDef(String name, Cidr address, @Nullable AsNumber as, @Nullable IpAddress gateway) {
    }

    /**
     * An external BGP router.
     *
     * @param name        its name
     * @param address     its address
     * @param as          its AS number
     * @param peers       the other routers it has sessions with
     * @param nextHopSelf it sets itself as next hop on every route it advertises ({@code next hop self}); when false it
     *                    behaves as BIRD does by default (next hop kept towards iBGP peers, and towards a single-hop
     *                    eBGP peer on the subnet the route came from)
     */
    public record RouterDef(String name, IpAddress address, AsNumber as, Set<String> peers, boolean nextHopSelf) {
        /**
         * Copies the collections, so the value stays immutable.
         *
         * @param name its name
         * @param address its address
         * @param as its AS number
         * @param peers the other routers it has sessions with
         * @param nextHopSelf it sets itself as next hop on every route it advertises ({@code next hop
         *         self}); when false it behaves as BIRD does by default (next hop kept towards iBGP peers, and
         *         towards a single-hop eBGP peer on the subnet the route came from)
         */
        public RouterDef {
            peers = Set.copyOf(peers);
        }
    }

    /** A workload: its name, its node and its address. */
    public record WorkloadDef(String name, String node, IpAddress address) {
    }

    /**
     * The subnet an address is on: the first node subnet that holds it, else its /24 (a router outside
     * every node subnet).
     *
     * @param ip an address
     * @return its subnet
     */
    public Cidr subnetOf(IpAddress ip) {
        for (NodeDef n : nodes) {
            Cidr net = n.address().network();
            if (net.containsAddress(ip)) {
                return net;
            }
        }
        return Cidr.of(ip, Math.min(24, ip.bitLength())).network();
    }

    /**
     * {@return every subnet of the cluster: the nodes' and the routers', in order of first appearance}
     */
    public List<Cidr> subnets() {
        Set<Cidr> out = new java.util.LinkedHashSet<>();
        nodes.forEach(n -> out.add(n.address().network()));
        routers.forEach(r -> out.add(subnetOf(r.address())));
        return List.copyOf(out);
    }

    /**
     * The node's default gateway: the one the scenario names, else the first router on its subnet, else
     * null (the underlay).
     *
     * @param node a node's name
     * @return the gateway, or null
     */
    public @Nullable IpAddress gatewayOf(String node) {
        return gatewayOf(node(node));
    }

    private @Nullable IpAddress gatewayOf(NodeDef n) {
        if (n.gateway() != null) {
            return n.gateway();
        }
        Cidr net = n.address().network();
        for (RouterDef r : routers) {
            if (net.containsAddress(r.address())) {
                return r.address();
            }
        }
        return null;
    }

    /**
     * The address plan of the underlay, the same wherever the cluster is built: on every subnet the underlay's
     * router takes the highest free address, then each router takes the next highest free address of every subnet
     * other than its own for its leg there.
     *
     * @param underlay per subnet, the underlay router's address
     * @param legs     per router, per other subnet, its leg's address
     */
    public record AddressPlan(Map<Cidr, IpAddress> underlay, Map<String, Map<Cidr, IpAddress>> legs) {
    }

    /**
     * {@return the underlay addresses of every subnet and the routers' legs on other subnets, chosen
     * clear of every address in use}
     */
    public AddressPlan addressPlan() {
        Set<IpAddress> used = new java.util.HashSet<>();
        nodes.forEach(n -> {
            used.add(n.address().address());
            if (n.gateway() != null) {
                used.add(n.gateway());
            }
        });
        routers.forEach(r -> used.add(r.address()));
        used.addAll(hosts.values());
        workloads.forEach(w -> used.add(w.address()));
        Map<Cidr, IpAddress> underlay = new LinkedHashMap<>();
        List<Cidr> nets = subnets();
        for (Cidr net : nets) {
            underlay.put(net, free(net, used));
        }
        Map<String, Map<Cidr, IpAddress>> legs = new LinkedHashMap<>();
        for (RouterDef r : routers) {
            Map<Cidr, IpAddress> m = new LinkedHashMap<>();
            Cidr own = subnetOf(r.address());
            for (Cidr net : nets) {
                if (!net.equals(own)) {
                    m.put(net, free(net, used));
                }
            }
            legs.put(r.name(), m);
        }
        return new AddressPlan(underlay, legs);
    }

    private static IpAddress free(Cidr net, Set<IpAddress> used) {
        long size = 1L << (net.address().bitLength() - net.prefixLength());
        for (long off = size - 2; off > 0; off--) {
            IpAddress a = net.addressAt(off);
            if (used.add(a)) {
                return a;
            }
        }
        throw new IllegalArgumentException("subnet " + net + " has no free address for the underlay");
    }

    /**
     * Every node's default gateway ({@link #gatewayOf}), or its subnet's underlay address when it has none.
     *
     * @param plan the address plan
     * @return gateway per node
     */
    public Map<String, IpAddress> defaultGateways(AddressPlan plan) {
        Map<String, IpAddress> out = new LinkedHashMap<>();
        for (NodeDef n : nodes) {
            IpAddress gw = gatewayOf(n);
            out.put(n.name(), gw != null ? gw : plan.underlay().get(n.address().network()));
        }
        return out;
    }

    /**
     * A node by name.
     *
     * @param name the node's name
     * @return its definition
     * @throws IllegalArgumentException when the cluster has no such node
     */
    public NodeDef node(String name) {
        for (NodeDef n : nodes) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no node '" + name + "' in this cluster");
    }
}
