package org.calico4j.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.ipam.AssignIpRequest;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.LearnedRoutes;
import org.calico4j.dataplane.NodeAgent;
import org.calico4j.dataplane.NodeTables;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.PacketEvaluator;
import org.calico4j.dataplane.RouteInfo;
import org.calico4j.dataplane.RouteType;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.bgp.BgpIntent;
import org.calico4j.dataplane.bgp.BgpSession;
import org.calico4j.dataplane.calc.ClusterCalculation;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.CalicoException;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.WorkloadEndpointSpec;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.calico4j.testkit.bgp.BgpFabric;
import org.calico4j.testkit.bgp.BgpRoute;
import org.calico4j.testkit.internal.ClusterBgp;
import org.calico4j.testkit.internal.ClusterFeed;
import org.calico4j.testkit.internal.ClusterPicture;
import org.jspecify.annotations.Nullable;

/**
 * A Calico cluster in one JVM: one in-memory datastore and client; nodes whose dataplanes follow
 * the datastore through one shared Felix calculation ({@link ClusterCalculation}, fed by one
 * watch); workloads whose addresses come from IPAM; external BGP routers that learn routes through
 * a simulated BGP fabric ({@link BgpFabric}: sessions, route reflection, eBGP loop prevention,
 * next hops); and external hosts (the internet). {@link #send} follows a packet node by node,
 * router by router, and returns its {@link Trace}.
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
 * <p>By default each node's view is derived from the shared calculation when a packet reaches it
 * (the same rules a node's own {@code Calculation} and {@code MemoryDataplane} apply; a test holds
 * them equal), so memory grows with the cluster's resources rather than nodes × routes, and
 * thousands of nodes fit. {@link #withNodeAgents()} instead runs a real {@link NodeAgent} per node,
 * each watching the datastore and programming its own {@link MemoryDataplane}, as calico-node does
 * (two threads and a full route table per node: for clusters of up to a few hundred nodes); their
 * dataplanes take the routes BIRD programs from this cluster's BGP fabric
 * ({@link NodeAgent.Builder#learnedRoutes}), so {@code dataplane(node).evaluate(...)} and {@link #send}
 * agree on which remote blocks a node has a route to.
 * Thread-safe for reads; add nodes, routers, hosts and workloads from one thread. Closing ends the
 * watches, agents and the client.
 */
public final class SimulatedCluster implements AutoCloseable {
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final int MAX_HOPS = 16;

    private final CalicoClient client = CalicoClient.inMemory();
    private final ClusterFeed feed = new ClusterFeed(client.datastore());
    private final Map<String, IpAddress> nodes = new LinkedHashMap<>();
    private final Map<IpAddress, String> nodeByIp = new HashMap<>();
    private final Map<String, Router> routers = new LinkedHashMap<>();
    private final Map<IpAddress, String> routerByIp = new HashMap<>();
    private final Map<String, IpAddress> hosts = new LinkedHashMap<>();
    private final Map<IpAddress, String> hostByIp = new HashMap<>();
    private final Map<String, WorkloadRef> workloads = new LinkedHashMap<>();
    private final Map<String, Set<String>> workloadsByNode = new HashMap<>();
    private long tunnelsCheckedAt = -1;
    private final ClusterBgp bgp = new ClusterBgp(client.datastore(), this::fabricRouters, this::underlay);
    private volatile ClusterDefinition.@Nullable AddressPlan plan;
    private final boolean nodeAgents;
    private final Map<String, NodeAgent> agents = new LinkedHashMap<>();
    private final Map<String, MemoryDataplane> dataplanes = new HashMap<>();

    private record Router(String name, IpAddress ip, AsNumber as, Set<String> peers, boolean nextHopSelf) {
    }

    private final Map<String, Cidr> nodeNets = new LinkedHashMap<>();
    /** The distinct networks of {@link #nodeNets}, in order of first use (a packet's hops ask which holds an address). */
    private final Set<Cidr> nodeSubnets = new java.util.LinkedHashSet<>();
    private final Map<String, AsNumber> nodeAs = new HashMap<>();
    private final Map<String, IpAddress> gateways = new HashMap<>();

    private record WorkloadRef(String name, String node, IpAddress ip) {
    }

    private SimulatedCluster(boolean nodeAgents) {
        this.nodeAgents = nodeAgents;
    }

    /**
     * {@return a cluster whose nodes share one calculation (scales to thousands of nodes)}
     */
    public static SimulatedCluster create() {
        return new SimulatedCluster(false);
    }

    /**
     * {@return a cluster where every node runs its own {@link NodeAgent} on a {@link MemoryDataplane}}
     */
    public static SimulatedCluster withNodeAgents() {
        return new SimulatedCluster(true);
    }

    /**
     * {@return whether nodes run their own agents ({@link #withNodeAgents()})}
     */
    public boolean hasNodeAgents() {
        return nodeAgents;
    }

    /**
     * {@return the client over the cluster's datastore: write resources with it, and the cluster follows}
     */
    public CalicoClient client() {
        return client;
    }

    /**
     * A node with its address and subnet (e.g. {@code 10.0.0.11/24}), labels, and optionally its own AS
     * number.
     *
     * @param name    the Node name
     * @param address the node's address with its subnet
     * @param labels  the Node's labels (selectors match them)
     * @param as      the node's AS number, or null for the cluster's
     * @return this cluster
     */
    public SimulatedCluster addNode(String name, String address, Map<String, String> labels, @Nullable AsNumber as) {
        NodeBgpSpec.Builder bgp = NodeBgpSpec.builder().ipv4Address(address);
        if (as != null) {
            bgp.asNumber(as);
        }
        client.nodes().create(Node.builder().metadata(ObjectMeta.builder().name(name).putAllLabels(labels).build())
                .spec(NodeSpec.builder().bgp(bgp.build()).build()).build());
        Cidr net = Cidr.parse(address);
        nodes.put(name, net.address());
        nodeNets.put(name, net);
        nodeSubnets.add(net.network());
        plan = null;
        if (as != null) {
            nodeAs.put(name, as);
        }
        nodeByIp.put(net.address(), name);
        if (nodeAgents) {
            MemoryDataplane dp = new MemoryDataplane(name);
            dataplanes.put(name, dp);
            // The fabric's BGP decides which of BIRD's routes exist, as send() sees them.
            agents.put(name, NodeAgent.builder().client(client).node(name).dataplane(dp).resyncInterval(Duration.ZERO)
                    .learnedRoutes((n, prefix) -> this.bgp.fabric().learned(n, prefix)).start());
        }
        return this;
    }

    /**
     * A node with its address and subnet (e.g. {@code 10.0.0.11/24}), no labels, the cluster's AS.
     *
     * @param name    the Node name
     * @param address the node's address with its subnet
     * @return this cluster
     */
    public SimulatedCluster addNode(String name, String address) {
        return addNode(name, address, Map.of(), null);
    }

    /**
     * An external BGP router; it peers with the nodes whose BGP sessions (from BGPPeer resources) point
     * at it with its AS.
     *
     * @param name     the router's name
     * @param address  its address with its subnet
     * @param asNumber its AS number
     * @return this cluster
     */
    public SimulatedCluster addRouter(String name, String address, long asNumber) {
        return addRouter(name, address, asNumber, false);
    }

    /**
     * An external BGP router that, when {@code nextHopSelf}, sets itself as next hop on every route it advertises;
     * otherwise it behaves as BIRD does by default: next hop kept towards iBGP peers and towards a single-hop eBGP
     * peer on the subnet the route was learned on (third-party next hop), itself otherwise.
     *
     * @param name        the router's name
     * @param address     its address with its subnet
     * @param asNumber    its AS number
     * @param nextHopSelf whether it sets itself as next hop on routes it passes on
     * @return this cluster
     */
    public synchronized SimulatedCluster addRouter(String name, String address, long asNumber, boolean nextHopSelf) {
        if (routers.containsKey(name)) {
            throw new IllegalArgumentException("router '" + name + "' already exists");
        }
        Router r = new Router(name, IpAddress.parse(address), AsNumber.of(asNumber), new LinkedHashSet<>(), nextHopSelf);
        routers.put(name, r);
        routerByIp.put(r.ip(), name);
        plan = null;
        bgp.invalidate();
        return this;
    }

    /**
     * A BGP session between two external routers (eBGP when their AS numbers differ, else iBGP).
     *
     * @param a one router's name
     * @param b the other's
     * @return this cluster
     */
    public synchronized SimulatedCluster connectRouters(String a, String b) {
        router(a).peers().add(b);
        router(b).peers().add(a);
        bgp.invalidate();
        return this;
    }

    private Router router(String name) {
        Router r = routers.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no router '" + name + "' (routers: " + routers.keySet() + ")");
        }
        return r;
    }

    /**
     * The default gateway of {@code node} (an address on its subnet, such as a router's). Without one a node's default
     * route goes to the first router on its subnet, and without such a router into the underlay, which delivers to any
     * node, router or host address and sends everything else to the cluster's first router.
     *
     * @param node    a node's name
     * @param address its gateway's address
     * @return this cluster
     */
    public synchronized SimulatedCluster gateway(String node, String address) {
        requireNode(node);
        IpAddress gw = IpAddress.parse(address);
        if (!nodeNets.get(node).network().containsAddress(gw)) {
            throw new IllegalArgumentException("node '" + node + "': gateway " + gw + " is not on its subnet " + nodeNets.get(node).network());
        }
        gateways.put(node, gw);
        plan = null;
        bgp.invalidate();
        return this;
    }

    /**
     * What this cluster is made of (nodes, routers, hosts, workloads with their addresses), e.g. to
     * build it for real.
     *
     * @return what this cluster is made of (nodes, routers, hosts, workloads with their addresses), e.g
     */
    public ClusterDefinition definition() {
        List<ClusterDefinition.NodeDef> ns = new ArrayList<>();
        nodeNets.forEach((n, c) -> ns.add(new ClusterDefinition.NodeDef(n, c, nodeAs.get(n), gateways.get(n))));
        List<ClusterDefinition.RouterDef> rs = new ArrayList<>();
        routers.values().forEach(r -> rs.add(new ClusterDefinition.RouterDef(r.name(), r.ip(), r.as(), r.peers(), r.nextHopSelf())));
        List<ClusterDefinition.WorkloadDef> ws = new ArrayList<>();
        workloads.values().forEach(w -> ws.add(new ClusterDefinition.WorkloadDef(w.name(), w.node(), w.ip())));
        return new ClusterDefinition(ns, rs, hosts, ws);
    }

    /**
     * An external host, e.g. on the internet.
     *
     * @param name    the host's name
     * @param address its address
     * @return this cluster
     */
    public SimulatedCluster addHost(String name, String address) {
        IpAddress ip = IpAddress.parse(address);
        hosts.put(name, ip);
        hostByIp.put(ip, name);
        plan = null;
        bgp.invalidate();
        return this;
    }

    /**
     * A pod on {@code node}: an address from IPAM (as Calico's CNI plugin assigns it) and its
     * WorkloadEndpoint.
     *
     * @param name the pod's name (namespace {@code default})
     * @param node the node it runs on
     * @return its address
     */
    public IpAddress addWorkload(String name, String node) {
        return addWorkload(name, node, (String) null);
    }

    /**
     * A pod with a given address (assigned through IPAM, so it must be free and in an enabled pool), or
     * any when null.
     *
     * @param name    the pod's name (namespace {@code default})
     * @param node    the node it runs on
     * @param address the address to assign, or null for any
     * @return its address
     */
    public IpAddress addWorkload(String name, String node, @Nullable String address) {
        if (!nodes.containsKey(node)) {
            throw new IllegalArgumentException("no node '" + node + "' in this cluster for workload '" + name + "'");
        }
        if (workloads.containsKey(name)) {
            throw new IllegalArgumentException("workload '" + name + "' already exists");
        }
        Map<String, String> attrs = Map.of("namespace", "default", "pod", name, "node", node);
        IpAddress ip;
        if (address == null) {
            ip = client.ipam().autoAssign(AutoAssignRequest.forHost(node).ipv4(1).handle("k8s-pod-network." + name)
                    .attributes(attrs)).ipv4().get(0);
        } else {
            ip = IpAddress.parse(address);
            client.ipam().assignIp(AssignIpRequest.of(ip).host(node).handle("k8s-pod-network." + name).attributes(attrs));
        }
        client.workloadEndpoints().create(WorkloadEndpoint.builder().metadata(ObjectMeta.builder().namespace("default").build())
                .spec(WorkloadEndpointSpec.builder().orchestrator("k8s").node(node).pod(name).endpoint("eth0")
                        .interfaceName("cali" + Integer.toHexString(name.hashCode())).addIpNetworks(ip + "/32").build()).build());
        workloads.put(name, new WorkloadRef(name, node, ip));
        plan = null;
        workloadsByNode.computeIfAbsent(node, k -> new LinkedHashSet<>()).add(name);
        return ip;
    }

    /**
     * A pod on {@code node} set up through Calico's CNI step ({@link CalicoClient#cni()}), with the
     * request {@code cni} makes of {@code CniRequest.pod(node, "default", name)}: e.g. a choice of pools
     * by name ({@code r -> r.poolNames(List.of("web-pool"))}), by selector ({@code r -> r.poolSelector("tier == 'web'")})
     * or by CIDR, labels, or the namespace's own request. Returns its first address.
     *
     * <pre>{@code
     * cluster.addWorkload("web-0", "n1", r -> r.poolSelector("tier == 'web'"));
     * }</pre>
     *
     * @param name the workload's name
     * @param node the node it runs on
     * @param cni  adjusts the CNI request (pool, address) before it is sent
     * @return the workload's assigned address
     * @throws IllegalArgumentException when no pool has that name or matches that selector
     */
    public IpAddress addWorkload(String name, String node, java.util.function.UnaryOperator<org.calico4j.client.cni.CniRequest> cni) {
        requireNode(node);
        if (workloads.containsKey(name)) {
            throw new IllegalArgumentException("workload '" + name + "' already exists");
        }
        org.calico4j.client.cni.CniRequest request = cni.apply(org.calico4j.client.cni.CniRequest.pod(node, "default", name));
        if (!request.node().equals(node)) {
            throw new IllegalArgumentException("workload '" + name + "': the CNI request is for node '" + request.node() + "', not '" + node + "'");
        }
        if (request.ipv4() + request.ipv6() < 1) {
            throw new IllegalArgumentException("workload '" + name + "': the CNI request asks for no address");
        }
        WorkloadEndpoint wep = client.cni().add(request);
        IpAddress ip = Cidr.parse(wep.spec().ipNetworks().get(0)).address();
        workloads.put(name, new WorkloadRef(name, node, ip));
        plan = null;
        workloadsByNode.computeIfAbsent(node, k -> new LinkedHashSet<>()).add(name);
        return ip;
    }

    /**
     * Waits until every node's dataplane reflects the datastore as it is now. First, as calico-node does,
     * gives each node the IPIP and VXLAN tunnel addresses its pools call for (from IPAM, use Tunnel).
     */
    public void awaitConverged() {
        ensureTunnelAddresses();
        long rev = client.datastore().revision();
        try {
            if (!feed.awaitRevision(rev, CONVERGE)) {
                throw new IllegalStateException("the cluster's dataplanes did not reach revision " + rev + " within " + CONVERGE);
            }
            CalicoException failure = feed.failure();
            if (failure != null) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
            for (NodeAgent a : agents.values()) {
                if (!a.awaitRevision(rev, CONVERGE)) {
                    throw new IllegalStateException("node " + a.node() + " did not converge to revision " + rev + " within " + CONVERGE);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the cluster to converge", e);
        }
    }

    private void requireNode(String node) {
        if (!nodes.containsKey(node)) {
            throw new IllegalArgumentException("no node '" + node + "' in this cluster (nodes: " + abbreviate(nodes.keySet()) + ")");
        }
    }

    private static String abbreviate(Collection<String> names) {
        return names.size() <= 20 ? names.toString() : names.stream().limit(20).toList() + " and " + (names.size() - 20) + " more";
    }

    /**
     * calico-node's tunnel-address step ({@link org.calico4j.client.cni.NodeTunnels}) for every node,
     * unless nothing changed in the datastore since the last time.
     */
    private synchronized void ensureTunnelAddresses() {
        if (client.datastore().revision() == tunnelsCheckedAt) {
            return;
        }
        org.calico4j.client.cni.NodeTunnels step = client.nodeTunnels();
        for (String n : nodes.keySet()) {
            try {
                step.reconcile(n);
            } catch (org.calico4j.client.ipam.IpamException e) {
                // Its tunnel pools are full: calico-node logs and retries; the node has no tunnel address meanwhile.
            }
        }
        tunnelsCheckedAt = client.datastore().revision();
    }

    /**
     * A node's whole dataplane state now (after converging): routes, IP sets, workloads, NAT and routing
     * settings.
     *
     * @param node a node's name
     * @return its state
     */
    public DataplaneState state(String node) {
        requireNode(node);
        awaitConverged();
        return nodeAgents ? dataplanes.get(node).state() : feed.state(node);
    }

    /**
     * A {@link MemoryDataplane} holding a node's state: with node agents, the one the node's agent
     * programs; otherwise a snapshot of the node's state now (it does not follow later changes). Either
     * way, the routes BIRD programs exist in its verdicts only where this cluster's BGP delivered them,
     * as in {@link #send}.
     *
     * @param node a node's name
     * @return its dataplane
     */
    public MemoryDataplane dataplane(String node) {
        if (nodeAgents) {
            requireNode(node);
            awaitConverged();
            return dataplanes.get(node);
        }
        MemoryDataplane dp = new MemoryDataplane(node);
        dp.resync(state(node));
        dp.learnedRoutes(learnedRoutes());
        return dp;
    }

    /**
     * Which prefixes this cluster's BGP delivered to each node, as it is when asked (it follows later changes): for
     * a dataplane or {@link PacketEvaluator#evaluate(NodeTables, Packet, String, LearnedRoutes)} standing in for a
     * node of this cluster, so that the routes BIRD programs exist only where BGP delivered them, as in {@link #send}.
     *
     * <pre>{@code
     * NodeAgent.builder().client(cluster.client()).node("n1").dataplane(dp).learnedRoutes(cluster.learnedRoutes()).start();
     * }</pre>
     *
     * @return the source; asking it for a node this cluster does not have answers false
     */
    public LearnedRoutes learnedRoutes() {
        return (n, prefix) -> bgp.fabric().learned(n, prefix);
    }

    /**
     * One packet's verdict on a node, with the route it takes there ({@link Verdict#routeEntry}). A route only BIRD programs exists
     * only if the node learned its prefix over BGP (no session, or a path its AS-path check drops,
     * means no route: the packet takes the default route instead; a less specific cluster route is not
     * looked for, as Calico's blocks do not nest).
     */
    private Verdict step(String node, Packet packet) {
        BgpFabric f = bgp.fabric();
        LearnedRoutes learned = f::learned;
        java.util.function.Function<NodeTables, Verdict> run = t -> PacketEvaluator.evaluate(learned.kernelTables(t, node), packet);
        return nodeAgents ? dataplanes.get(node).read(run) : feed.read(node, run);
    }

    /**
     * {@return every node's BGP intent, as confd would compute it now (kept until the datastore changes)}
     */
    public Map<String, BgpIntent> bgp() {
        return bgp.intents();
    }

    /** The underlay's addresses as RealBirdCluster lays them out (kept until a node, router or host is added). */
    private ClusterDefinition.AddressPlan plan() {
        ClusterDefinition.AddressPlan p = plan;
        if (p == null) {
            p = definition().addressPlan();
            plan = p;
        }
        return p;
    }

    private BgpFabric.Underlay underlay() {
        ClusterDefinition.AddressPlan p = plan();
        return new BgpFabric.Underlay(p.underlay(), definition().defaultGateways(p));
    }

    private List<BgpFabric.Router> fabricRouters() {
        // No lock here: the fabric calls this holding its own (addRouter takes this cluster's, then the fabric's).
        return routers.values().stream().map(r -> new BgpFabric.Router(r.name(), r.ip(), r.as(), Set.copyOf(r.peers()), r.nextHopSelf(),
                subnetOf(r.ip()))).toList();
    }

    /**
     * The best BGP route to each prefix a speaker (router or node) has learned, with next hop and AS
     * path. A node's routes are computed on request (a full mesh of n nodes holds n² routes).
     *
     * @param speaker a node's or router's name
     * @return its best route per prefix
     */
    public Map<Cidr, BgpRoute> bgpRoutes(String speaker) {
        boolean router = routers.containsKey(speaker);
        if (!router) {
            requireNode(speaker);
        }
        return bgp.routes(speaker, router);
    }

    /**
     * The routes a router has learned: prefix to the next hop it sends to.
     *
     * @param router a router's name
     * @return next hop per prefix
     */
    public Map<Cidr, IpAddress> routerRoutes(String router) {
        router(router);
        Map<Cidr, IpAddress> out = new LinkedHashMap<>();
        bgpRoutes(router).forEach((c, r) -> out.put(c, r.nextHop()));
        return out;
    }

    /**
     * The speakers (nodes and routers, by name) a speaker has an established BGP session with.
     *
     * @param speaker a node's or router's name
     * @return its peers' names
     */
    public java.util.SortedSet<String> bgpSessions(String speaker) {
        if (!routers.containsKey(speaker)) {
            requireNode(speaker);
        }
        return bgp.fabric().sessions(speaker);
    }

    /**
     * BGP sessions established in the fabric (each pair once).
     *
     * @return the {@code bgpSessionsUp} value
     */
    public long bgpSessionsUp() {
        return bgp.fabric().sessionsUp();
    }

    // ------------------------------------------------------------------ sending

    private record Place(String kind, String name) {
    }

    /**
     * The address of a workload, node, router or host by name (or an address given as text).
     *
     * @param endpoint a name, or an address as text
     * @return the address
     * @throws IllegalArgumentException when nothing has that name
     */
    public IpAddress addressOf(String endpoint) {
        WorkloadRef w = workloads.get(endpoint);
        if (w != null) {
            return w.ip();
        }
        IpAddress n = nodes.get(endpoint);
        if (n != null) {
            return n;
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

    /** Where a packet from a name or address starts, and its address. */
    private record Endpoint(Place place, IpAddress ip) {
    }

    /**
     * Resolves a sender in one pass over the names, as {@link #addressOf} does (a workload, node, router or host of that
     * name, else an address: a node's own, or one outside the cluster that enters through the network).
     */
    private Endpoint endpoint(String name) {
        WorkloadRef w = workloads.get(name);
        if (w != null) {
            return new Endpoint(new Place("node", w.node()), w.ip());
        }
        IpAddress n = nodes.get(name);
        if (n != null) {
            return new Endpoint(new Place("node", name), n);
        }
        Router r = routers.get(name);
        if (r != null) {
            return new Endpoint(new Place("router", name), r.ip());
        }
        IpAddress h = hosts.get(name);
        if (h != null) {
            return new Endpoint(new Place("host", name), h);
        }
        IpAddress ip = addressOf(name);
        String node = nodeByIp.get(ip);
        return new Endpoint(node != null ? new Place("node", node) : new Place("host", name), ip);
    }

    /**
     * Sends a TCP packet from {@code from} to {@code to} (workload, node, router or host names, or addresses). At a
     * node whose kernel route is ECMP it follows the best route's next hop (the hop's detail names the others); see
     * {@link #paths} for every way the kernel may send it.
     *
     * @param from where the packet starts
     * @param to   where it is sent
     * @return the packet's way, hop by hop
     */
    public Trace send(String from, String to) {
        return send(from, to, Packet.Protocol.TCP, 80);
    }

    /**
     * Sends a packet of {@code protocol} to {@code port}.
     *
     * @param from     where the packet starts
     * @param to       where it is sent
     * @param protocol TCP, UDP or ICMP
     * @param port     destination port (0 for ICMP)
     * @return the packet's way, hop by hop
     */
    public Trace send(String from, String to, Packet.Protocol protocol, int port) {
        Objects.requireNonNull(from, "from");
        awaitConverged();
        return walk(from, to, protocol, port, new int[0], new ArrayList<>());
    }

    /**
     * Every way a TCP packet from {@code from} to {@code to} may take: where a node's kernel route has several next
     * hops (BIRD merges equally good routes, {@code merge paths on}), the kernel picks one per flow by a hash keyed at
     * random on each host, so which one a given packet takes cannot be known in advance. The first is {@link #send}'s
     * (the best route's next hop at every such node); at most 64.
     *
     * @param from the sender: a name or an address
     * @param to   the destination: a name or an address
     * @return the traces, the best path first
     */
    public List<Trace> paths(String from, String to) {
        return paths(from, to, Packet.Protocol.TCP, 80);
    }

    /**
     * Every way a packet of {@code protocol} to {@code port} from {@code from} to {@code to} may take; see {@link #paths(String, String)}.
     *
     * @param from     the sender: a name or an address
     * @param to       the destination: a name or an address
     * @param protocol the IP protocol
     * @param port     the destination port
     * @return the traces, the best path first
     */
    public List<Trace> paths(String from, String to, Packet.Protocol protocol, int port) {
        Objects.requireNonNull(from, "from");
        awaitConverged();
        List<Trace> out = new ArrayList<>();
        java.util.Deque<int[]> todo = new java.util.ArrayDeque<>();
        todo.push(new int[0]);
        while (!todo.isEmpty() && out.size() < 64) {
            int[] forced = todo.pop();
            List<Integer> arity = new ArrayList<>();
            out.add(walk(from, to, protocol, port, forced, arity));
            for (int k = arity.size() - 1; k >= forced.length; k--) {
                for (int alt = arity.get(k) - 1; alt >= 1; alt--) {
                    int[] next = java.util.Arrays.copyOf(forced, k + 1);
                    next[k] = alt;
                    todo.push(next);
                }
            }
        }
        return out;
    }

    /** One packet's way; at the i-th ECMP choice it takes next hop {@code choices[i]} (0 past the end), and records how many there were. */
    private Trace walk(String from, String to, Packet.Protocol protocol, int port, int[] choices, List<Integer> arity) {
        Endpoint start = endpoint(from);
        IpAddress src = start.ip();
        IpAddress dst = addressOf(to);
        List<Trace.Hop> hops = new ArrayList<>();
        Place at = start.place();
        for (int i = 0; i < MAX_HOPS; i++) {
            switch (at.kind()) {
                case "node": {
                    Packet packet = new Packet(src, dst, protocol, protocol == Packet.Protocol.ICMP ? 0 : port);
                    Verdict v = step(at.name(), packet);
                    hops.add(new Trace.Hop(at.name(), v.action().name(), () -> v.route() + (v.encap() == Encap.NONE ? "" : ", " + v.encap()
                            + " " + v.outerSrc() + " -> " + v.outerDst()) + (v.snatTo() == null ? "" : ", SNAT to " + v.snatTo()) + "; " + v.reason(),
                            v::route, v.encap(), v.snatTo(), null));
                    if (v.action() == Verdict.Action.DELIVER) {
                        return new Trace(from, to, true, src, hops, "delivered on " + at.name());
                    }
                    if (v.action() == Verdict.Action.DROP) {
                        return new Trace(from, to, false, null, hops, "dropped on " + at.name() + ": " + v.reason());
                    }
                    src = v.sourceSeen();
                    IpAddress tunnel = v.outerDst();
                    String tunnelEnd = tunnel == null ? null : nodeByIp.get(tunnel);
                    if (tunnelEnd != null) {
                        at = new Place("node", tunnelEnd);
                        passTo(hops, at);
                        break;
                    }
                    List<Place> next = nodeNextHops(at.name(), v.routeEntry().orElse(null), dst);
                    if (next.size() > 1) {
                        int k = arity.size();
                        arity.add(next.size());
                        Trace.Hop h = hops.remove(hops.size() - 1);
                        hops.add(h.withMoreDetail("; ECMP: the kernel sends each flow to one of " + next.stream().map(Place::name).toList()));
                        at = next.get(k < choices.length ? choices[k] : 0);
                    } else {
                        at = next.get(0);
                    }
                    passTo(hops, at);
                    break;
                }
                case "router": {
                    Router r = routers.get(at.name());
                    if (r.ip().equals(dst)) {
                        hops.add(new Trace.Hop(r.name(), "DELIVER", "to the router itself"));
                        return new Trace(from, to, true, src, hops, "delivered to " + r.name());
                    }
                    IpAddress via = bgp.routerTable(r.name()).longestMatch(dst);
                    Place next;
                    // A router has a leg on every subnet of the cluster: any next hop there is on a connected subnet.
                    if (via != null && onClusterSubnet(via)) {
                        hops.add(new Trace.Hop(r.name(), "ROUTE", "BGP route to " + dst + " via " + via, "via " + via, Encap.NONE, null, null));
                        next = onLink(via, dst);
                    } else {
                        // A next hop off its subnet resolves through its default route, as does everything else: the underlay.
                        hops.add(new Trace.Hop(r.name(), "ROUTE", via != null ? "BGP route to " + dst + " via " + via + ", through the underlay"
                                : "default route towards " + dst, via != null ? "via " + via : "default", Encap.NONE, null, null));
                        next = network(dst);
                    }
                    if (next.kind().equals("router") && next.name().equals(r.name()) || next.kind().equals("unreachable")) {
                        hops.add(new Trace.Hop(r.name(), "DROP", "no route to " + dst));
                        return new Trace(from, to, false, null, hops, r.name() + " has no route to " + dst
                                + (next.kind().equals("unreachable") ? "" : " (the underlay sends it back: a loop)"));
                    }
                    at = next;
                    passTo(hops, at);
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
                    passTo(hops, at);
                    break;
                }
                default:
                    return new Trace(from, to, false, null, hops, "dropped: " + at.name());
            }
        }
        return new Trace(from, to, false, null, hops, "more than " + MAX_HOPS + " hops: a routing loop");
    }

    /** Records on the last hop where the packet went next (nothing when nothing answers there). */
    private static void passTo(List<Trace.Hop> hops, Place next) {
        if (!next.kind().equals("unreachable")) {
            hops.set(hops.size() - 1, hops.get(hops.size() - 1).withNextHop(next.name()));
        }
    }

    /**
     * Where a node's kernel sends a packet it forwards: on a BGP-programmed route, to each of the kernel route's next
     * hops ({@link #kernelNextHops}); on a route Felix programs towards a node, to that node; to an address on the
     * node's own subnet, straight there (the connected route); otherwise to the node's default gateway (the one named
     * for it, else the first router on its subnet), and without one into the underlay.
     */
    private List<Place> nodeNextHops(String node, @Nullable RouteInfo route, IpAddress dst) {
        List<IpAddress> hops = new ArrayList<>();
        if (route != null && LearnedRoutes.dependsOnBgp(route)) {
            hops.addAll(bgpGateways(node, route.cidr()));
        } else if (route != null && route.type() != RouteType.LOCAL_WORKLOAD && route.dstNodeIp() != null) {
            hops.add(gatewayFor(node, route.dstNodeIp()));
        }
        // containsAddress reads the prefix's bits only: the node's address with its length stands for its network.
        if (route == null && nodeNets.get(node).containsAddress(dst)) {
            // The node's connected route to its own subnet: the kernel sends on the link, not through the gateway.
            return List.of(onLink(dst, dst));
        }
        if (hops.isEmpty()) {
            IpAddress gw = defaultGateway(node);
            return List.of(gw != null ? onLink(gw, dst) : network(dst));
        }
        List<Place> out = new ArrayList<>();
        for (IpAddress h : hops) {
            Place p = h == null ? network(dst) : onLink(h, dst);
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** A node's default gateway: the one named for it, else the first router on its subnet, else none (the underlay). */
    private @Nullable IpAddress defaultGateway(String node) {
        IpAddress gw = gateways.get(node);
        if (gw != null) {
            return gw;
        }
        Cidr net = nodeNets.get(node).network();
        for (Router r : routers.values()) {
            if (net.containsAddress(r.ip())) {
                return r.ip();
            }
        }
        return null;
    }

    /**
     * The address a node's kernel hands a packet for next hop {@code hop} to: the hop itself on the node's subnet, else
     * (BIRD's {@code gateway recursive} resolves it through the node's default route) its default gateway, or the
     * underlay's address on its subnet.
     */
    private IpAddress gatewayFor(String node, IpAddress hop) {
        Cidr net = nodeNets.get(node).network();
        if (net.containsAddress(hop)) {
            return hop;
        }
        IpAddress gw = defaultGateway(node);
        return gw != null ? gw : plan().underlay().get(net);
    }

    /** The gateways of the kernel route BIRD programs on {@code node} for {@code prefix}, best route's first; empty without one. */
    private List<IpAddress> bgpGateways(String node, Cidr prefix) {
        List<BgpRoute> merged = bgp.multipath(node).get(prefix);
        if (merged == null) {
            BgpRoute b = bgp.routes(node, false).get(prefix);
            merged = b == null ? List.of() : List.of(b);
        }
        List<IpAddress> out = new ArrayList<>();
        for (BgpRoute r : merged) {
            IpAddress g = gatewayFor(node, r.nextHop());
            if (g != null && !out.contains(g)) {
                out.add(g);
            }
        }
        return out;
    }

    /**
     * The next hops of the kernel routes BIRD programs on a node, per prefix it learned over BGP, as {@code ip route}
     * shows them: the gateway of the best route and of every route BIRD merges with it ({@code merge paths on} in
     * Calico's {@code protocol kernel}; see {@link BgpFabric#multipath}), a next hop off the node's subnet resolved
     * through its default route. Several next hops make an ECMP route: the kernel sends each flow through one of them.
     *
     * @param node the node's name
     * @return the next hops by prefix
     */
    public Map<Cidr, java.util.SortedSet<IpAddress>> kernelNextHops(String node) {
        requireNode(node);
        Map<Cidr, java.util.SortedSet<IpAddress>> out = new java.util.TreeMap<>();
        for (Cidr c : bgpRoutes(node).keySet()) {
            List<IpAddress> g = bgpGateways(node, c);
            if (!g.isEmpty()) {
                out.put(c, new java.util.TreeSet<>(g));
            }
        }
        return out;
    }

    private boolean onClusterSubnet(IpAddress ip) {
        for (Cidr c : nodeSubnets) {
            if (c.containsAddress(ip)) {
                return true;
            }
        }
        return routers.values().stream().anyMatch(r -> subnetOf(r.ip()).containsAddress(ip));
    }

    /** As {@link ClusterDefinition#subnetOf}: the first node subnet holding {@code ip}, else its /24. */
    private Cidr subnetOf(IpAddress ip) {
        for (Cidr c : nodeSubnets) {
            if (c.containsAddress(ip)) {
                return c;
            }
        }
        return Cidr.of(ip, Math.min(24, ip.bitLength())).network();
    }

    /** The node or router with an address on a shared subnet; the underlay's address hands {@code dst} to the underlay. */
    private Place onLink(IpAddress ip, IpAddress dst) {
        if (nodeByIp.containsKey(ip)) {
            return new Place("node", nodeByIp.get(ip));
        }
        if (routerByIp.containsKey(ip)) {
            return new Place("router", routerByIp.get(ip));
        }
        if (plan().underlay().containsValue(ip)) {
            return network(dst);
        }
        return new Place("unreachable", "nothing answers for " + ip + " on the subnet");
    }

    /**
     * Where the underlay sends a packet for {@code dst}: its node, router or host, else the first router. The
     * underlay is a plain router joining the subnets and the hosts (RealBirdCluster builds it so).
     */
    private Place network(IpAddress dst) {
        String node = nodeByIp.get(dst);
        if (node != null) {
            return new Place("node", node);
        }
        String router = routerByIp.get(dst);
        if (router != null) {
            return new Place("router", router);
        }
        String host = hostByIp.get(dst);
        if (host == null && !routers.isEmpty()) {
            return new Place("router", routers.keySet().iterator().next());
        }
        return host != null ? new Place("host", host) : new Place("unreachable", dst + " is nowhere in this cluster");
    }

    /**
     * {@return every workload to every workload (and to each host): whether it arrives, as {@code from
     * -> to -> delivered}}
     */
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

    /** The picture's content: boxes (nodes, routers, hosts), sessions and learned routes. */
    private ClusterPicture picture() {
        ClusterPicture pic = new ClusterPicture();
        nodes.forEach((name, ip) -> {
            List<String> lines = new ArrayList<>(List.of(name, ip.toString()));
            workloadsByNode.getOrDefault(name, Set.of()).forEach(w -> lines.add(w + " " + workloads.get(w).ip()));
            pic.box(name, ClusterPicture.Shape.NODE, lines);
        });
        routers.values().forEach(r -> pic.box(r.name(), ClusterPicture.Shape.ROUTER, List.of(r.name(), r.ip().toString(), "AS " + r.as())));
        hosts.forEach((n, ip) -> pic.box(n, ClusterPicture.Shape.HOST, List.of(n, ip.toString())));
        Map<String, BgpIntent> current = bgp();
        for (BgpIntent i : current.values()) {
            BgpIntent.Family f = i.family(4);
            if (f == null) {
                continue;
            }
            for (BgpSession s : f.sessions()) {
                String peer = nodeByIp.containsKey(s.peerIp()) ? nodeByIp.get(s.peerIp())
                        : routerByIp.getOrDefault(s.peerIp(), s.peerIp().toString());
                pic.session(i.node(), peer, s.internal() ? "iBGP" : "eBGP");
            }
        }
        routers.values().forEach(r -> routers.get(r.name()).peers().forEach(p -> pic.session(r.name(), p,
                r.as().equals(routers.get(p).as()) ? "iBGP" : "eBGP")));
        for (Router r : routers.values()) {
            bgpRoutes(r.name()).forEach((prefix, route) -> pic.route(r.name(),
                    nodeByIp.getOrDefault(route.nextHop(), routerByIp.getOrDefault(route.nextHop(), route.nextHop().toString())),
                    prefix.toString()));
        }
        return pic;
    }

    /**
     * The cluster as a Graphviz graph: nodes with their workloads, routers and hosts, BGP sessions (dashed;
     * labelled iBGP/eBGP), and the routes routers learned (labelled with the prefix). Render with
     * {@code dot -Tsvg}, or use {@link #toSvg()}.
     *
     * @return the cluster as a Graphviz graph: nodes with their workloads, routers and hosts, BGP
     *         sessions (dashed
     */
    public String toDot() {
        return picture().toDot();
    }

    /**
     * {@return the same picture as {@link #toDot()}, drawn as a standalone SVG document (no Graphviz needed)}
     */
    public String toSvg() {
        return picture().toSvg();
    }

    @Override
    public void close() {
        try {
            agents.values().forEach(NodeAgent::close);
            dataplanes.values().forEach(MemoryDataplane::close);
        } finally {
            try {
                feed.close();
            } finally {
                client.close();
            }
        }
    }
}
