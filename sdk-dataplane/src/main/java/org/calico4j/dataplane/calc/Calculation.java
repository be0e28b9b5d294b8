package org.calico4j.dataplane.calc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.IpSets;
import org.calico4j.dataplane.LocalWorkload;
import org.calico4j.dataplane.NatSettings;
import org.calico4j.dataplane.PoolInfo;
import org.calico4j.dataplane.RouteInfo;
import org.calico4j.dataplane.RoutingSettings;
import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.FelixConfiguration;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.calico4j.model.Node;
import org.calico4j.model.Resource;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.ipam.AllocationAttribute;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * One node's Felix calculation, incremental: {@link #update} takes one datastore change (IP pools,
 * Nodes, IPAM blocks, WorkloadEndpoints, FelixConfiguration {@code default} and {@code node.<name>},
 * BGPConfiguration {@code default}) and returns the {@link DataplaneDelta} it causes, doing work in
 * proportion to what the change touches: a pool change revisits the blocks inside the pool, a node
 * change that node's blocks and borrowed addresses, a block change that block. {@link #state()} is
 * the full result; {@link #compute} recomputes it from scratch (the resync path).
 *
 * <pre>{@code
 * Calculation calc = new Calculation("n1");
 * for (Resource r : everything) calc.update(ResourceKey.of(r), r);
 * DataplaneState s = calc.state();
 * }</pre>
 *
 * <p>Not thread-safe: one caller (the {@code NodeAgent}) feeds it in datastore order.
 */
public final class Calculation {
    /** The kinds the calculation reads; a node agent watches these. */
    public static final List<Kind> KINDS = List.of(Kind.IP_POOL, Kind.NODE, Kind.IPAM_BLOCK, Kind.WORKLOAD_ENDPOINT,
            Kind.FELIX_CONFIGURATION, Kind.BGP_CONFIGURATION);

    private final String me;
    private final Inputs in;
    private final Routes routes;

    // Output, kept current.
    private HostInfo host;
    private final Map<Cidr, PoolInfo> pools = new TreeMap<>();
    private final Map<String, LocalWorkload> workloads = new TreeMap<>();
    private final Map<String, Set<Cidr>> ipSets = new TreeMap<>();
    private NatSettings nat = NatSettings.defaults();
    private RoutingSettings routing = RoutingSettings.defaults();
    private Set<Cidr> blocked = new TreeSet<>();
    private List<Cidr> externalNodes = List.of();

    private DataplaneDelta.Builder out = DataplaneDelta.builder();

    /**
     * An empty calculation for one node; feed it with {@link #update}.
     *
     * @param nodeName the Node it computes for
     */
    public Calculation(String nodeName) {
        this.me = Objects.requireNonNull(nodeName, "nodeName");
        this.in = new Inputs();
        this.host = HostInfo.of(nodeName, null);
        this.routes = new Routes(nodeName, in);
        for (int v : new int[] {4, 6}) {
            ipSets.put(IpSets.masq(v), new TreeSet<>());
            ipSets.put(IpSets.network(v), new TreeSet<>());
        }
    }

    /**
     * {@return the Node it computes for}
     */
    public String nodeName() {
        return me;
    }

    /**
     * What the dataplane knows of a Node: its addresses and tunnel addresses (e.g. another node's, for BPF route entries).
     *
     * @param node a Node
     * @return its host facts
     */
    public static HostInfo hostInfo(Node node) {
        return Inputs.hostInfo(node.metadata().name(), node);
    }

    /**
     * Recomputes a node's state from all of {@code resources} (the full-resync path).
     *
     * @param nodeName  the Node to compute for
     * @param resources every resource the calculation reads
     * @return the node's state
     */
    public static DataplaneState compute(String nodeName, Collection<? extends Resource> resources) {
        Calculation c = new Calculation(nodeName);
        for (Resource r : resources) {
            c.update(ResourceKey.of(r), r);
        }
        return c.state();
    }

    /** The state computed so far. */
    /**
     * The node's host facts (its addresses and tunnel addresses), as last computed; cheap.
     *
     * @return the node's host facts (its addresses and tunnel addresses), as last computed
     */
    public HostInfo host() {
        return host;
    }

    /**
     * The pools as the node sees them, as last computed; cheap.
     *
     * @return the pools as the node sees them, as last computed
     */
    public java.util.Collection<PoolInfo> poolInfos() {
        return java.util.Collections.unmodifiableCollection(pools.values());
    }

    /**
     * {@return the node's whole state as of the last update}
     */
    public DataplaneState state() {
        DataplaneDelta.Builder all = DataplaneDelta.builder().host(host).nat(nat).routing(routing).blockedCidrs(blocked);
        pools.values().forEach(all::setPool);
        workloads.values().forEach(all::setWorkload);
        routes.current().values().forEach(all::setRoute);
        ipSets.forEach((set, members) -> members.forEach(m -> all.addToIpSet(set, m)));
        in.nodes.forEach((name, h) -> {
            if (!name.equals(me)) {
                all.setOtherNode(h);
            }
        });
        DataplaneState s = DataplaneState.empty(host).apply(all.build());
        return s;
    }

    /**
     * Applies one change ({@code value} null for a delete) and returns what it changes in the node's dataplane.
     *
     * @param key   the resource changed
     * @param value its new value, or null when deleted
     * @return the change to the node's dataplane, empty when none
     */
    public DataplaneDelta update(ResourceKey key, @Nullable Resource value) {
        out = DataplaneDelta.builder();
        switch (key.kind()) {
            case IP_POOL:
                onPool(key.name(), (IpPool) value);
                break;
            case NODE:
                onNode(key.name(), (Node) value);
                break;
            case IPAM_BLOCK:
                onBlock(key.name(), (IpamBlock) value);
                break;
            case WORKLOAD_ENDPOINT:
                onWorkload(key.namespace() + "/" + key.name(), (WorkloadEndpoint) value);
                break;
            case FELIX_CONFIGURATION:
                if (key.name().equals("default") || key.name().equals("node." + me)) {
                    in.setFelix(key.name(), (FelixConfiguration) value);
                    onSettings();
                }
                break;
            case BGP_CONFIGURATION:
                if (key.name().equals("default")) {
                    in.bgp = (BgpConfiguration) value;
                    onSettings();
                }
                break;
            default:
                break;
        }
        routes.drain(out);
        return out.build();
    }

    // ------------------------------------------------------------------ pools

    private void onPool(String name, @Nullable IpPool pool) {
        PoolInfo old = in.setPool(name, pool);
        PoolInfo now = in.pools.get(name);
        if (Objects.equals(old, now)) {
            return;
        }
        if (old != null) {
            pools.remove(old.cidr());
            if (now == null || !now.cidr().equals(old.cidr())) {
                out.removePool(old.cidr());
            }
        }
        if (now != null) {
            pools.put(now.cidr(), now);
            out.setPool(now);
        }
        // IP set members change only where membership does.
        for (Cidr c : java.util.stream.Stream.of(old, now).filter(Objects::nonNull).map(PoolInfo::cidr).distinct().toList()) {
            PoolInfo p = now != null && now.cidr().equals(c) ? now : null;
            ipSet(IpSets.masq(c.version()), c, p != null && p.natOutgoing());
            ipSet(IpSets.network(c.version()), c, p != null && !p.loadBalancerOnly());
        }
        if (!refreshRouting() && routesDiffer(old, now)) {
            // Only the blocks inside the pool(s) see a different pool.
            if (old != null) {
                routes.refreshWithin(old.cidr());
            }
            if (now != null && (old == null || !old.cidr().equals(now.cidr()))) {
                routes.refreshWithin(now.cidr());
            }
        }
    }

    /** Routes read a pool's range and encapsulation only (natOutgoing, disabled and BGP export are not in them). */
    private static boolean routesDiffer(@Nullable PoolInfo a, @Nullable PoolInfo b) {
        if (a == null || b == null) {
            return true;
        }
        return !a.cidr().equals(b.cidr()) || a.encap() != b.encap() || a.crossSubnet() != b.crossSubnet();
    }

    // ------------------------------------------------------------------ nodes

    private void onNode(String name, @Nullable Node node) {
        HostInfo old = in.setNode(name, node);
        HostInfo now = in.nodes.get(name);
        if (Objects.equals(old, now)) {
            return;
        }
        if (name.equals(me)) {
            host = now != null ? now : HostInfo.of(me, null);
            out.host(host);
            routes.refreshAll();
        } else {
            if (now != null) {
                out.setOtherNode(now);
            } else {
                out.removeOtherNode(name);
            }
            routes.refreshNode(name);
        }
        for (HostInfo h : java.util.Arrays.asList(old, now)) {
            for (int v : new int[] {4, 6}) {
                if (h != null) {
                    h.address(v).ifPresent(a -> hostSetMember(a, v));
                }
            }
        }
    }

    /**
     * Decides a node address's membership of {@code all-hosts-net} (any node has it) and
     * {@code all-vxlan-net} (a node other than this one has it), either way also when
     * externalNodesList lists it: two nodes may claim one address, so a node leaving an address
     * does not by itself take it out.
     */
    private void hostSetMember(IpAddress a, int v) {
        Cidr member = Cidr.of(a, a.bitLength());
        boolean external = v == 4 && externalNodes.contains(member);
        if (ipSets.containsKey(IpSets.allHosts(v))) {
            ipSet(IpSets.allHosts(v), member, in.nodeHasAddress(a, me, false) || external);
        }
        if (ipSets.containsKey(IpSets.allVxlan(v))) {
            ipSet(IpSets.allVxlan(v), member, in.nodeHasAddress(a, me, true) || external);
        }
    }

    // ------------------------------------------------------------------ blocks and workloads

    private void onBlock(String name, @Nullable IpamBlock block) {
        Cidr cidr = IpamBlock.cidrOfName(name).orElse(null);
        if (cidr == null) {
            return;
        }
        in.setBlock(cidr, block);
        routes.refreshBlock(cidr);
    }

    private void onWorkload(String key, @Nullable WorkloadEndpoint wep) {
        Inputs.Workload old = in.setWorkload(key, wep);
        Inputs.Workload now = in.workloads.get(key);
        if (Objects.equals(old, now)) {
            return;
        }
        Set<IpAddress> touched = new LinkedHashSet<>();
        if (old != null) {
            touched.addAll(old.ips());
            if (old.node().equals(me)) {
                workloads.remove(key);
                out.removeWorkload(key);
            }
        }
        if (now != null) {
            touched.addAll(now.ips());
            if (now.node().equals(me)) {
                LocalWorkload lw = now.local();
                workloads.put(key, lw);
                out.setWorkload(lw);
            }
        }
        touched.forEach(in::reconsider);
        touched.forEach(routes::refreshAddress);
    }

    // ------------------------------------------------------------------ settings and IP sets

    private void onSettings() {
        NatSettings n = in.natSettings(me);
        if (!n.equals(nat)) {
            nat = n;
            out.nat(n);
            refreshHostSets();
        }
        Set<Cidr> b = in.blockedCidrs(me);
        if (!b.equals(blocked)) {
            blocked = b;
            out.blockedCidrs(b);
        }
        List<Cidr> external = in.externalNodes(me);
        if (!external.equals(externalNodes)) {
            // externalNodesList feeds the host sets but neither the NAT nor the routing settings.
            externalNodes = external;
            refreshHostSets();
        }
        refreshRouting();
    }

    /** Recomputes the routing settings; when they change every route is revisited. Returns whether they did. */
    private boolean refreshRouting() {
        RoutingSettings r = in.routingSettings(me);
        if (r.equals(routing)) {
            return false;
        }
        routing = r;
        routes.settings(r);
        out.routing(r);
        routes.refreshAll();
        refreshHostSets();
        return true;
    }

    private void ipSet(String set, Cidr member, boolean present) {
        Set<Cidr> s = ipSets.computeIfAbsent(set, k -> new TreeSet<>());
        if (present ? s.add(member) : s.remove(member)) {
            if (present) {
                out.addToIpSet(set, member);
            } else {
                out.removeFromIpSet(set, member);
            }
        }
    }

    /** {@code all-hosts-net} (IPIP, or IPPoolsAndHostIPs) and {@code all-vxlan-net} (VXLAN): node addresses. */
    private void refreshHostSets() {
        for (int v : new int[] {4, 6}) {
            boolean hosts = v == 4 ? routing.ipipEnabled() || nat.excludeHostIps() : nat.excludeHostIps();
            boolean vxlan = v == 4 ? routing.vxlanEnabled() : routing.vxlanEnabledV6();
            sync(IpSets.allHosts(v), hosts ? in.hostAddresses(v, me, false) : null);
            sync(IpSets.allVxlan(v), vxlan ? in.hostAddresses(v, me, true) : null);
        }
    }

    private void sync(String set, @Nullable Set<Cidr> want) {
        Set<Cidr> have = ipSets.get(set);
        if (want != null && have != null && have.equals(want)) {
            return;
        }
        if (want == null) {
            if (have != null) {
                new ArrayList<>(have).forEach(c -> out.removeFromIpSet(set, c));
                ipSets.remove(set);
            }
            return;
        }
        Set<Cidr> cur = ipSets.computeIfAbsent(set, k -> new TreeSet<>());
        for (Cidr c : want) {
            if (cur.add(c)) {
                out.addToIpSet(set, c);
            }
        }
        for (Cidr c : new ArrayList<>(cur)) {
            if (!want.contains(c)) {
                cur.remove(c);
                out.removeFromIpSet(set, c);
            }
        }
    }

    /** Borrowed-address owners recorded in blocks ({@code node} attribute), used when no WorkloadEndpoint says. */
    static @Nullable String nodeAttribute(IpamBlock b, int ordinal) {
        int a = b.allocationAt(ordinal);
        if (a == IpamBlock.FREE) {
            return null;
        }
        AllocationAttribute attr = b.attributes().get(a);
        return attr.secondary().get("node");
    }
}
