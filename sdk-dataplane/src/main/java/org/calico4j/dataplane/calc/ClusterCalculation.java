package org.calico4j.dataplane.calc;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.IpSets;
import org.calico4j.dataplane.LocalWorkload;
import org.calico4j.dataplane.NatSettings;
import org.calico4j.dataplane.NodeTables;
import org.calico4j.dataplane.PoolInfo;
import org.calico4j.dataplane.RouteInfo;
import org.calico4j.dataplane.RoutingSettings;
import org.calico4j.dataplane.internal.CidrTrie;
import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.FelixConfiguration;
import org.calico4j.model.IpPool;
import org.calico4j.model.Node;
import org.calico4j.model.Resource;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * Every node's Felix calculation over one shared set of indexes: a change is indexed once for the
 * whole cluster, and a node's view is derived when asked, from the same route and settings rules
 * {@link Calculation} applies. {@link #tables(String)} answers a packet's lookups for one node
 * without building its tables (each costs a few index lookups); {@link #state(String)} builds the
 * node's whole {@link DataplaneState} (in proportion to the cluster's blocks). Memory grows with
 * the cluster, not with nodes × routes, which is what lets a simulation hold thousands of nodes.
 *
 * <pre>{@code
 * ClusterCalculation calc = new ClusterCalculation();
 * for (Resource r : everything) calc.update(ResourceKey.of(r), r);
 * Verdict v = PacketEvaluator.evaluate(calc.tables("n1"), Packet.tcp("10.244.1.5", "93.184.216.34", 443));
 * }</pre>
 *
 * <p>Not thread-safe: the caller serialises updates against each other and against reads (views
 * read the live indexes).
 */
public final class ClusterCalculation {
    private final Inputs in = new Inputs();
    /** The pool-derived IP sets ({@code masq-ipam-pools}, {@code network-ip-pools}), the same on every node. */
    private final Map<String, CidrTrie<Boolean>> poolSets = new HashMap<>();
    private final Map<String, Set<Cidr>> poolSetMembers = new HashMap<>();
    /** Each node's settings as of the last update, shared by concurrent readers until the next one. */
    private final Map<String, View> views = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * An empty calculation; feed it with {@link #update}.
     */
    public ClusterCalculation() {
        rebuildPoolSets();
    }

    /**
     * Recomputes a cluster's calculation from all of {@code resources}.
     *
     * @param resources every resource the calculation reads
     * @return the calculation
     */
    public static ClusterCalculation of(Collection<? extends Resource> resources) {
        ClusterCalculation c = new ClusterCalculation();
        for (Resource r : resources) {
            c.update(ResourceKey.of(r), r);
        }
        return c;
    }

    /**
     * Applies one change ({@code value} null for a delete); kinds outside {@link Calculation#KINDS} are ignored.
     *
     * @param key   the resource changed
     * @param value its new value, or null when deleted
     */
    public void update(ResourceKey key, @Nullable Resource value) {
        views.clear();
        switch (key.kind()) {
            case IP_POOL:
                in.setPool(key.name(), (IpPool) value);
                rebuildPoolSets();
                break;
            case NODE:
                in.setNode(key.name(), (Node) value);
                break;
            case IPAM_BLOCK:
                IpamBlock.cidrOfName(key.name()).ifPresent(c -> in.setBlock(c, (IpamBlock) value));
                break;
            case WORKLOAD_ENDPOINT: {
                String k = key.namespace() + "/" + key.name();
                Inputs.Workload old = in.setWorkload(k, (WorkloadEndpoint) value);
                Inputs.Workload now = in.workloads.get(k);
                Set<IpAddress> touched = new LinkedHashSet<>();
                if (old != null) {
                    touched.addAll(old.ips());
                }
                if (now != null) {
                    touched.addAll(now.ips());
                }
                touched.forEach(in::reconsider);
                break;
            }
            case FELIX_CONFIGURATION:
                if (key.name().equals("default") || key.name().startsWith("node.")) {
                    in.setFelix(key.name(), (FelixConfiguration) value);
                }
                break;
            case BGP_CONFIGURATION:
                if (key.name().equals("default")) {
                    in.bgp = (BgpConfiguration) value;
                }
                break;
            default:
                break;
        }
    }

    private void rebuildPoolSets() {
        poolSets.clear();
        poolSetMembers.clear();
        for (int v : new int[] {4, 6}) {
            poolSetMembers.put(IpSets.masq(v), new java.util.TreeSet<>());
            poolSetMembers.put(IpSets.network(v), new java.util.TreeSet<>());
        }
        for (PoolInfo p : in.pools.values()) {
            int v = p.cidr().version();
            if (p.natOutgoing()) {
                poolSetMembers.get(IpSets.masq(v)).add(p.cidr());
            }
            if (!p.loadBalancerOnly()) {
                poolSetMembers.get(IpSets.network(v)).add(p.cidr());
            }
        }
        poolSetMembers.forEach((set, members) -> {
            CidrTrie<Boolean> t = new CidrTrie<>();
            members.forEach(m -> t.put(m, Boolean.TRUE));
            poolSets.put(set, t);
        });
    }

    /**
     * One node's lookups, answered from the shared indexes as they are now (valid until the next update).
     *
     * @param node a Node name
     * @return its lookups
     */
    public NodeTables tables(String node) {
        return views.computeIfAbsent(node, View::new);
    }

    /**
     * One node's whole dataplane state, as {@link Calculation} computes it for that node.
     *
     * @param node a Node name
     * @return its state
     */
    public DataplaneState state(String node) {
        View v = new View(node);
        DataplaneDelta.Builder all = DataplaneDelta.builder().host(v.host).nat(v.nat).routing(v.routing)
                .blockedCidrs(in.blockedCidrs(node));
        in.pools.values().forEach(all::setPool);
        in.workloadsByNode.getOrDefault(node, Map.of()).values()
                .forEach(w -> all.setWorkload(w.local()));
        Set<Cidr> candidates = new LinkedHashSet<>(in.blocks.keySet());
        in.localAddresses(node).forEach(ip -> candidates.add(Routes.host(ip)));
        in.borrowed.keySet().forEach(ip -> candidates.add(Routes.host(ip)));
        for (Cidr c : candidates) {
            RouteInfo r = v.routes.desired(c);
            if (r != null) {
                all.setRoute(r);
            }
        }
        poolSetMembers.forEach((set, members) -> members.forEach(m -> all.addToIpSet(set, m)));
        for (int ver : new int[] {4, 6}) {
            if (v.allHosts(ver)) {
                in.hostAddresses(ver, node, false).forEach(m -> all.addToIpSet(IpSets.allHosts(ver), m));
            }
            if (v.allVxlan(ver)) {
                in.hostAddresses(ver, node, true).forEach(m -> all.addToIpSet(IpSets.allVxlan(ver), m));
            }
        }
        in.nodes.forEach((name, h) -> {
            if (!name.equals(node)) {
                all.setOtherNode(h);
            }
        });
        return DataplaneState.empty(v.host).apply(all.build());
    }

    /** One node's view: its settings now, and lookups into the shared indexes. */
    private final class View implements NodeTables {
        private final String me;
        private final HostInfo host;
        private final NatSettings nat;
        private final RoutingSettings routing;
        private final Routes routes;
        private final @Nullable CidrTrie<Boolean> blocked;
        private final List<Cidr> externalNodes;

        View(String me) {
            this.me = me;
            HostInfo h = in.nodes.get(me);
            this.host = h != null ? h : HostInfo.of(me, null);
            this.nat = in.natSettings(me);
            this.routing = in.routingSettings(me);
            this.routes = new Routes(me, in);
            routes.settings(routing);
            this.externalNodes = in.externalNodes(me);
            Set<Cidr> b = in.blockedCidrs(me);
            if (b.isEmpty()) {
                this.blocked = null;
            } else {
                this.blocked = new CidrTrie<>();
                b.forEach(c -> blocked.put(c, Boolean.TRUE));
            }
        }

        boolean allHosts(int v) {
            return v == 4 ? routing.ipipEnabled() || nat.excludeHostIps() : nat.excludeHostIps();
        }

        boolean allVxlan(int v) {
            return v == 4 ? routing.vxlanEnabled() : routing.vxlanEnabledV6();
        }

        @Override
        public HostInfo host() {
            return host;
        }

        @Override
        public NatSettings nat() {
            return nat;
        }

        @Override
        public Collection<PoolInfo> pools() {
            return in.pools.values();
        }

        /**
         * The installed route a longest-prefix match finds: the address's own route (a local
         * workload or a borrowed address) if one is installed, else its block's. Calico's blocks do
         * not nest, so the longest block containing the address is the only one.
         */
        @Override
        public @Nullable RouteInfo route(IpAddress dst) {
            RouteInfo own = routes.desired(Routes.host(dst));
            if (own != null && own.owner().installed()) {
                return own;
            }
            Cidr block = in.blockContaining(dst);
            if (block == null) {
                return null;
            }
            RouteInfo r = routes.desired(block);
            return r != null && r.owner().installed() ? r : null;
        }

        @Override
        public @Nullable RouteInfo installedRoute(Cidr prefix) {
            RouteInfo r = routes.desired(prefix);
            return r != null && r.owner().installed() ? r : null;
        }

        @Override
        public boolean inSet(String set, IpAddress ip) {
            CidrTrie<Boolean> pools = poolSets.get(set);
            if (pools != null) {
                return pools.contains(ip);
            }
            int v = ip.version();
            if (set.equals(IpSets.allHosts(v))) {
                return allHosts(v) && (in.nodeHasAddress(ip, me, false) || v == 4 && external(ip));
            }
            if (set.equals(IpSets.allVxlan(v))) {
                return allVxlan(v) && (in.nodeHasAddress(ip, me, true) || v == 4 && external(ip));
            }
            return false;
        }

        private boolean external(IpAddress ip) {
            return externalNodes.stream().anyMatch(c -> c.containsAddress(ip));
        }

        @Override
        public @Nullable LocalWorkload workload(IpAddress ip) {
            Inputs.Workload w = in.localWorkload(me, ip);
            return w == null ? null : w.local();
        }

        @Override
        public boolean isLocal(IpAddress ip) {
            return ip.equals(host.address(ip.version()).orElse(null)) || ip.equals(host.ipipTunnelAddress())
                    || ip.equals(host.vxlanTunnelAddress()) || ip.equals(host.vxlanTunnelAddressV6());
        }

        @Override
        public boolean blocked(IpAddress ip) {
            return blocked != null && blocked.contains(ip);
        }
    }
}
