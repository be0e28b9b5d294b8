package org.calico4j.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.spi.Versioned;
import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.NodeAgent;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.RouteInfo;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.bgp.BgpIntent;
import org.calico4j.dataplane.bgp.BgpIntents;
import org.calico4j.dataplane.bgp.BgpSession;
import org.calico4j.dataplane.bgp.SecretResolver;
import org.calico4j.dataplane.internal.CidrTrie;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.Kind;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.Resource;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.WorkloadEndpointSpec;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * A Calico cluster in one JVM: one in-memory datastore and client, nodes each kept by a
 * {@link NodeAgent} on a {@link MemoryDataplane}, workloads whose addresses come from IPAM, external
 * BGP routers that learn routes from the nodes' BGP intent (the sessions the resources give them), and
 * external hosts (the internet). {@link #send} follows a packet node by node, router by router, and
 * returns its {@link Trace}.
 *
 * <pre>{@code
 * try (SimulatedCluster c = SimulatedCluster.create()) {
 *     c.addNode("n1", "10.0.0.11/24");
 *     c.addRouter("tor", "10.0.0.1", 65001);
 *     c.addHost("internet", "93.184.216.34");
 *     c.client().apply(Manifest.read(Path.of("cluster.yaml")));
 *     c.addWorkload("web-0", "n1");
 *     c.awaitConverged();
 *     Trace out = c.send("web-0", "internet");
 * }
 * }</pre>
 *
 * <p>Thread-safe for reads; add nodes, routers, hosts and workloads from one thread. Closing stops the
 * agents and the client.
 */
public final class SimulatedCluster implements AutoCloseable {
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final int MAX_HOPS = 16;

    private final CalicoClient client = CalicoClient.inMemory();
    private final Map<String, NodeAgent> agents = new LinkedHashMap<>();
    private final Map<String, MemoryDataplane> dataplanes = new LinkedHashMap<>();
    private final Map<IpAddress, String> nodeByIp = new LinkedHashMap<>();
    private final Map<String, Router> routers = new LinkedHashMap<>();
    private final Map<String, IpAddress> hosts = new LinkedHashMap<>();
    private final Map<String, WorkloadRef> workloads = new LinkedHashMap<>();
    private long tunnelsCheckedAt = -1;
    private long intentsAt = -1;
    private @Nullable Map<String, BgpIntent> intents;
    private final Map<String, CidrTrie<IpAddress>> routerTables = new java.util.HashMap<>();

    private record Router(String name, IpAddress ip, AsNumber as) {
    }

    private record WorkloadRef(String name, String node, IpAddress ip) {
    }

    private SimulatedCluster() {
    }

    public static SimulatedCluster create() {
        return new SimulatedCluster();
    }

    public CalicoClient client() {
        return client;
    }

    /** A node with its address and subnet (e.g. {@code 10.0.0.11/24}) and labels; its agent starts at once. */
    public SimulatedCluster addNode(String name, String address, Map<String, String> labels, @Nullable AsNumber as) {
        NodeBgpSpec.Builder bgp = NodeBgpSpec.builder().ipv4Address(address);
        if (as != null) {
            bgp.asNumber(as);
        }
        client.nodes().create(Node.builder().metadata(ObjectMeta.builder().name(name).putAllLabels(labels).build())
                .spec(NodeSpec.builder().bgp(bgp.build()).build()).build());
        nodeByIp.put(Cidr.parse(address).address(), name);
        MemoryDataplane dp = new MemoryDataplane(name);
        dataplanes.put(name, dp);
        agents.put(name, NodeAgent.builder().client(client).node(name).dataplane(dp).resyncInterval(Duration.ZERO).start());
        return this;
    }

    public SimulatedCluster addNode(String name, String address) {
        return addNode(name, address, Map.of(), null);
    }

    /** An external BGP router; it peers with the nodes whose BGP sessions (from BGPPeer resources) point at it. */
    public SimulatedCluster addRouter(String name, String address, long asNumber) {
        routers.put(name, new Router(name, IpAddress.parse(address), AsNumber.of(asNumber)));
        return this;
    }

    /** An external host, e.g. on the internet. */
    public SimulatedCluster addHost(String name, String address) {
        hosts.put(name, IpAddress.parse(address));
        return this;
    }

    /** A pod on {@code node}: an address from IPAM (as Calico's CNI plugin assigns it) and its WorkloadEndpoint. */
    public IpAddress addWorkload(String name, String node) {
        return addWorkload(name, node, null);
    }

    /** A pod with a given address (assigned through IPAM, so it must be free and in an enabled pool), or any when null. */
    public IpAddress addWorkload(String name, String node, @Nullable String address) {
        Map<String, String> attrs = Map.of("namespace", "default", "pod", name, "node", node);
        IpAddress ip;
        if (address == null) {
            ip = client.ipam().autoAssign(AutoAssignRequest.forHost(node).ipv4(1).handle("k8s-pod-network." + name)
                    .attributes(attrs)).ipv4().get(0);
        } else {
            ip = IpAddress.parse(address);
            client.ipam().assignIp(org.calico4j.client.ipam.AssignIpRequest.of(ip).host(node).handle("k8s-pod-network." + name)
                    .attributes(attrs));
        }
        client.workloadEndpoints().create(WorkloadEndpoint.builder().metadata(ObjectMeta.builder().namespace("default").build())
                .spec(WorkloadEndpointSpec.builder().orchestrator("k8s").node(node).pod(name).endpoint("eth0")
                        .interfaceName("cali" + Integer.toHexString(name.hashCode())).addIpNetworks(ip + "/32").build()).build());
        workloads.put(name, new WorkloadRef(name, node, ip));
        return ip;
    }

    /**
     * Waits until every node's dataplane reflects the datastore as it is now. First, as calico-node does,
     * gives each node the IPIP and VXLAN tunnel addresses its pools call for (from IPAM, use Tunnel).
     */
    public void awaitConverged() {
        if (client.datastore().revision() != tunnelsCheckedAt) {
            allocateTunnelAddresses();
            tunnelsCheckedAt = client.datastore().revision();
        }
        long rev = client.datastore().revision();
        for (NodeAgent a : agents.values()) {
            try {
                if (!a.awaitRevision(rev, CONVERGE)) {
                    throw new IllegalStateException("node " + a.node() + " did not converge to revision " + rev + " within " + CONVERGE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + a.node(), e);
            }
        }
    }

    private void allocateTunnelAddresses() {
        List<org.calico4j.model.IpPool> pools = client.ipPools().list().items();
        boolean ipip = pools.stream().anyMatch(p -> !p.spec().disabled() && !p.spec().ipipMode().isEmpty() && !p.spec().ipipMode().equals("Never"));
        boolean vxlan = pools.stream().anyMatch(p -> !p.spec().disabled() && !p.spec().vxlanMode().isEmpty() && !p.spec().vxlanMode().equals("Never"));
        if (!ipip && !vxlan) {
            return;
        }
        for (String name : dataplanes.keySet()) {
            Node n = client.nodes().withName(name).require();
            NodeBgpSpec bgp = n.spec().bgp().orElse(NodeBgpSpec.builder().build());
            boolean needIpip = ipip && bgp.ipv4IPIPTunnelAddr().isEmpty();
            boolean needVxlan = vxlan && n.spec().ipv4VXLANTunnelAddr().isEmpty();
            if (!needIpip && !needVxlan) {
                continue;
            }
            NodeSpec.Builder spec = NodeSpec.builder().from(n.spec());
            NodeBgpSpec.Builder b = NodeBgpSpec.builder().from(bgp);
            try {
                if (needIpip) {
                    b.ipv4IPIPTunnelAddr(tunnelAddress(name, "ipip-tunnel-addr-"));
                }
                if (needVxlan) {
                    spec.ipv4VXLANTunnelAddr(tunnelAddress(name, "vxlan-tunnel-addr-"))
                            .vxlanTunnelMACAddr(String.format("66:%02x:%02x:%02x:%02x:%02x", (name.hashCode() >> 24) & 0xff,
                                    (name.hashCode() >> 16) & 0xff, (name.hashCode() >> 8) & 0xff, name.hashCode() & 0xff, name.length() & 0xff));
                }
            } catch (org.calico4j.client.ipam.IpamException e) {
                continue; // No pool allows tunnel addresses for this node: it has none, as in Calico.
            }
            client.nodes().update(n.withSpec(spec.bgp(b.build()).build()));
        }
    }

    private String tunnelAddress(String node, String handlePrefix) {
        List<IpAddress> held = client.ipam().ipsByHandle(handlePrefix + node);
        if (!held.isEmpty()) {
            return held.get(0).toString();
        }
        return client.ipam().autoAssign(AutoAssignRequest.forHost(node).ipv4(1).handle(handlePrefix + node)
                .intendedUse(org.calico4j.model.AllowedUse.TUNNEL)).ipv4().get(0).toString();
    }

    public MemoryDataplane dataplane(String node) {
        MemoryDataplane dp = dataplanes.get(node);
        if (dp == null) {
            throw new IllegalArgumentException("no node '" + node + "' in this cluster (nodes: " + dataplanes.keySet() + ")");
        }
        return dp;
    }

    /** Every node's BGP intent, as confd would compute it now (kept until the datastore changes). */
    public synchronized Map<String, BgpIntent> bgp() {
        long rev = client.datastore().revision();
        if (intents != null && rev == intentsAt) {
            return intents;
        }
        List<Resource> all = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (Versioned v : client.datastore().list(k, 0).items()) {
                all.add(v.value());
            }
        }
        intents = BgpIntents.compute(all, SecretResolver.none());
        intentsAt = rev;
        routerTables.clear();
        return intents;
    }

    /** The routes a router has learned: prefix to the node address it sends to. */
    public Map<Cidr, IpAddress> routerRoutes(String router) {
        Router r = routers.get(router);
        if (r == null) {
            throw new IllegalArgumentException("no router '" + router + "' (routers: " + routers.keySet() + ")");
        }
        return learned(r, bgp());
    }

    /**
     * The BGP fabric, for one router: each node that has a session to it advertises what it exports; a node
     * that learned other nodes' blocks over the mesh or a reflector advertises those too (next hop self,
     * as eBGP does); the originating node wins ties.
     */
    private Map<Cidr, IpAddress> learned(Router r, Map<String, BgpIntent> intents) {
        Map<Cidr, IpAddress> own = new LinkedHashMap<>();
        Map<Cidr, IpAddress> relayed = new LinkedHashMap<>();
        for (BgpIntent i : intents.values()) {
            BgpIntent.Family f = i.family(4);
            if (f == null || f.sessions().stream().noneMatch(s -> s.peerIp().equals(r.ip()))) {
                continue;
            }
            for (Cidr c : f.exportedPrefixes()) {
                own.putIfAbsent(c, f.address());
            }
            for (BgpSession s : f.sessions()) {
                String peerNode = nodeByIp.get(s.peerIp());
                BgpIntent other = peerNode == null ? null : intents.get(peerNode);
                if (other == null || other.family(4) == null) {
                    continue;
                }
                for (Cidr c : other.family(4).exportedPrefixes()) {
                    if (f.exported(c)) {
                        relayed.putIfAbsent(c, f.address());
                    }
                }
            }
        }
        relayed.forEach(own::putIfAbsent);
        return own;
    }

    // ------------------------------------------------------------------ sending

    private record Place(String kind, String name) {
    }

    /** The address of a workload, node, router or host by name (or an address given as text). */
    public IpAddress addressOf(String endpoint) {
        WorkloadRef w = workloads.get(endpoint);
        if (w != null) {
            return w.ip();
        }
        for (Map.Entry<IpAddress, String> e : nodeByIp.entrySet()) {
            if (e.getValue().equals(endpoint)) {
                return e.getKey();
            }
        }
        Router r = routers.get(endpoint);
        if (r != null) {
            return r.ip();
        }
        IpAddress h = hosts.get(endpoint);
        if (h != null) {
            return h;
        }
        return IpAddress.tryParse(endpoint).orElseThrow(() -> new IllegalArgumentException("'" + endpoint
                + "' is no workload, node, router, host or IP address of this cluster"));
    }

    private Place origin(String endpoint) {
        WorkloadRef w = workloads.get(endpoint);
        if (w != null) {
            return new Place("node", w.node());
        }
        if (dataplanes.containsKey(endpoint)) {
            return new Place("node", endpoint);
        }
        if (routers.containsKey(endpoint)) {
            return new Place("router", endpoint);
        }
        if (hosts.containsKey(endpoint)) {
            return new Place("host", endpoint);
        }
        IpAddress ip = addressOf(endpoint);
        String node = nodeByIp.get(ip);
        return node != null ? new Place("node", node) : new Place("host", endpoint);
    }

    /** Sends a TCP packet from {@code from} to {@code to} (workload, node, router or host names, or addresses). */
    public Trace send(String from, String to) {
        return send(from, to, Packet.Protocol.TCP, 80);
    }

    public Trace send(String from, String to, Packet.Protocol protocol, int port) {
        Objects.requireNonNull(from, "from");
        awaitConverged();
        IpAddress src = addressOf(from);
        IpAddress dst = addressOf(to);
        List<Trace.Hop> hops = new ArrayList<>();
        Place at = origin(from);
        for (int i = 0; i < MAX_HOPS; i++) {
            switch (at.kind()) {
                case "node": {
                    MemoryDataplane dp = dataplanes.get(at.name());
                    Verdict v = dp.evaluate(new Packet(src, dst, protocol, protocol == Packet.Protocol.ICMP ? 0 : port));
                    hops.add(new Trace.Hop(at.name(), v.action().name(), v.route() + (v.encap() == Encap.NONE ? "" : ", " + v.encap() + " "
                            + v.outerSrc() + " -> " + v.outerDst()) + (v.snatTo() == null ? "" : ", SNAT to " + v.snatTo()) + "; " + v.reason()));
                    if (v.action() == Verdict.Action.DELIVER) {
                        return new Trace(from, to, true, src, hops, "delivered on " + at.name());
                    }
                    if (v.action() == Verdict.Action.DROP) {
                        return new Trace(from, to, false, null, hops, "dropped on " + at.name() + ": " + v.reason());
                    }
                    src = v.sourceSeen();
                    IpAddress next = v.outerDst();
                    if (next == null) {
                        RouteInfo r = dp.lookup(dst);
                        next = r == null ? null : r.dstNodeIp();
                    }
                    at = next != null && nodeByIp.containsKey(next) ? new Place("node", nodeByIp.get(next)) : network(dst);
                    break;
                }
                case "router": {
                    Router r = routers.get(at.name());
                    if (r.ip().equals(dst)) {
                        hops.add(new Trace.Hop(r.name(), "DELIVER", "to the router itself"));
                        return new Trace(from, to, true, src, hops, "delivered to " + r.name());
                    }
                    IpAddress via = routerTable(r).longestMatch(dst);
                    if (via != null) {
                        hops.add(new Trace.Hop(r.name(), "ROUTE", "BGP route to " + dst + " via " + via));
                        at = new Place("node", nodeByIp.get(via));
                    } else if (hostName(dst) != null) {
                        hops.add(new Trace.Hop(r.name(), "ROUTE", "default route towards " + dst));
                        at = new Place("host", hostName(dst));
                    } else {
                        hops.add(new Trace.Hop(r.name(), "DROP", "no route to " + dst));
                        return new Trace(from, to, false, null, hops, r.name() + " has no route to " + dst
                                + " (no BGP session exports it)");
                    }
                    break;
                }
                case "host": {
                    IpAddress h = hosts.get(at.name());
                    if (dst.equals(h)) {
                        hops.add(new Trace.Hop(at.name(), "DELIVER", "arrived from " + src));
                        return new Trace(from, to, true, src, hops, "delivered to " + at.name());
                    }
                    // An external host sends through the network: a router that has a route, else a node that owns it.
                    Place p = network(dst);
                    if (p.kind().equals("host") && p.name().equals(at.name())) {
                        hops.add(new Trace.Hop(at.name(), "DROP", "no route to " + dst));
                        return new Trace(from, to, false, null, hops, "nothing in the network routes " + dst);
                    }
                    hops.add(new Trace.Hop(at.name(), "FORWARD", "into the network"));
                    at = p;
                    break;
                }
                default:
                    return new Trace(from, to, false, null, hops, "dropped: " + at.name());
            }
        }
        return new Trace(from, to, false, null, hops, "more than " + MAX_HOPS + " hops: a routing loop");
    }

    /** A router's learned routes as a lookup table, kept until the datastore changes. */
    private synchronized CidrTrie<IpAddress> routerTable(Router r) {
        Map<String, BgpIntent> current = bgp();
        return routerTables.computeIfAbsent(r.name(), k -> {
            CidrTrie<IpAddress> trie = new CidrTrie<>();
            learned(r, current).forEach(trie::put);
            return trie;
        });
    }

    private @Nullable String hostName(IpAddress ip) {
        for (Map.Entry<String, IpAddress> e : hosts.entrySet()) {
            if (e.getValue().equals(ip)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Where the underlay sends a packet for {@code dst}: its node, a router (that has or is it), or the host. */
    private Place network(IpAddress dst) {
        String node = nodeByIp.get(dst);
        if (node != null) {
            return new Place("node", node);
        }
        String host = hostName(dst);
        for (Router r : routers.values()) {
            if (r.ip().equals(dst) || host == null) {
                return new Place("router", r.name());
            }
        }
        return host != null ? new Place("host", host) : new Place("unreachable", dst + " is nowhere in this cluster");
    }

    /** Every workload to every workload (and to each host): whether it arrives, as {@code from -> to -> delivered}. */
    public Map<String, Map<String, Boolean>> connectivityMatrix() {
        List<String> endpoints = new ArrayList<>(workloads.keySet());
        List<String> targets = new ArrayList<>(endpoints);
        targets.addAll(hosts.keySet());
        Map<String, Map<String, Boolean>> m = new LinkedHashMap<>();
        for (String from : endpoints) {
            Map<String, Boolean> row = new LinkedHashMap<>();
            for (String to : targets) {
                if (!from.equals(to)) {
                    row.put(to, send(from, to).delivered());
                }
            }
            m.put(from, row);
        }
        return m;
    }

    /**
     * The cluster as a Graphviz graph: nodes with their workloads, routers and hosts, BGP sessions (dashed;
     * labelled iBGP/eBGP), and the routes routers learned (labelled with the prefix). Render with
     * {@code dot -Tsvg}.
     */
    public String toDot() {
        StringBuilder sb = new StringBuilder("digraph calico {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        for (Map.Entry<IpAddress, String> e : nodeByIp.entrySet()) {
            StringBuilder label = new StringBuilder(e.getValue() + "\\n" + e.getKey());
            workloads.values().stream().filter(w -> w.node().equals(e.getValue()))
                    .forEach(w -> label.append("\\n").append(w.name()).append(' ').append(w.ip()));
            sb.append("  \"").append(e.getValue()).append("\" [shape=box, label=\"").append(label).append("\"];\n");
        }
        routers.values().forEach(r -> sb.append("  \"").append(r.name()).append("\" [shape=diamond, label=\"").append(r.name())
                .append("\\n").append(r.ip()).append("\\nAS ").append(r.as()).append("\"];\n"));
        hosts.forEach((n, ip) -> sb.append("  \"").append(n).append("\" [shape=ellipse, label=\"").append(n).append("\\n").append(ip)
                .append("\"];\n"));
        Map<String, BgpIntent> intents = bgp();
        java.util.Set<String> drawn = new java.util.HashSet<>();
        for (BgpIntent i : intents.values()) {
            BgpIntent.Family f = i.family(4);
            if (f == null) {
                continue;
            }
            for (BgpSession s : f.sessions()) {
                String peer = nodeByIp.containsKey(s.peerIp()) ? nodeByIp.get(s.peerIp())
                        : routers.values().stream().filter(r -> r.ip().equals(s.peerIp())).map(Router::name).findFirst().orElse(s.peerIp().toString());
                String key = i.node().compareTo(peer) < 0 ? i.node() + "|" + peer : peer + "|" + i.node();
                if (drawn.add(key)) {
                    sb.append("  \"").append(i.node()).append("\" -> \"").append(peer).append("\" [dir=none, style=dashed, label=\"")
                            .append(s.internal() ? "iBGP" : "eBGP").append("\"];\n");
                }
            }
        }
        for (Router r : routers.values()) {
            learned(r, intents).forEach((prefix, via) -> sb.append("  \"").append(r.name()).append("\" -> \"").append(nodeByIp.get(via))
                    .append("\" [color=blue, fontcolor=blue, label=\"").append(prefix).append("\"];\n"));
        }
        return sb.append("}\n").toString();
    }

    @Override
    public void close() {
        agents.values().forEach(NodeAgent::close);
        dataplanes.values().forEach(MemoryDataplane::close);
        client.close();
    }
}
