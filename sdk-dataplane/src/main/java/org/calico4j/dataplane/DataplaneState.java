package org.calico4j.dataplane;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.calico4j.model.net.Cidr;

/**
 * The desired dataplane of one node, as Felix would program it: the host, the pools, the local
 * workloads, the routes (with encapsulation and owner), the IP sets, the NAT-outgoing and routing
 * settings, the CIDRs dropped for service-loop prevention, and the cluster's other nodes (their addresses and
 * tunnel addresses, as Felix's calculation sends every node's host metadata to its dataplane). Immutable; {@link #apply} gives the
 * next state, {@link #diff} the delta between two.
 *
 * <pre>{@code
 * DataplaneState s = DataplaneState.empty(HostInfo.of("n1", Cidr.parse("10.0.0.11/24"))).apply(delta);
 * s.routes().get(Cidr.parse("10.244.2.0/26")).encap();
 * }</pre>
 */
public final class DataplaneState {
    private final HostInfo host;
    private final SortedMap<Cidr, PoolInfo> pools;
    private final SortedMap<String, LocalWorkload> workloads;
    private final SortedMap<Cidr, RouteInfo> routes;
    private final SortedMap<String, SortedSet<Cidr>> ipSets;
    private final NatSettings nat;
    private final RoutingSettings routing;
    private final SortedSet<Cidr> blockedCidrs;
    private final SortedMap<String, HostInfo> otherNodes;

    private DataplaneState(HostInfo host, SortedMap<Cidr, PoolInfo> pools, SortedMap<String, LocalWorkload> workloads,
                           SortedMap<Cidr, RouteInfo> routes, SortedMap<String, SortedSet<Cidr>> ipSets, NatSettings nat,
                           RoutingSettings routing, SortedSet<Cidr> blockedCidrs, SortedMap<String, HostInfo> otherNodes) {
        this.host = host;
        this.pools = Collections.unmodifiableSortedMap(pools);
        this.workloads = Collections.unmodifiableSortedMap(workloads);
        this.routes = Collections.unmodifiableSortedMap(routes);
        SortedMap<String, SortedSet<Cidr>> sets = new TreeMap<>();
        // An empty IP set and an absent one are the same state.
        ipSets.forEach((k, v) -> {
            if (!v.isEmpty()) {
                sets.put(k, Collections.unmodifiableSortedSet(v));
            }
        });
        this.ipSets = Collections.unmodifiableSortedMap(sets);
        this.nat = nat;
        this.routing = routing;
        this.blockedCidrs = Collections.unmodifiableSortedSet(blockedCidrs);
        this.otherNodes = Collections.unmodifiableSortedMap(otherNodes);
    }

    /**
     * A node with nothing programmed yet.
     *
     * @param host the node
     * @return the empty state
     */
    public static DataplaneState empty(HostInfo host) {
        return new DataplaneState(host, new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), NatSettings.defaults(),
                RoutingSettings.defaults(), new TreeSet<>(), new TreeMap<>());
    }

    /**
     * The node's own facts: name, addresses, tunnel addresses.
     *
     * @return the host
     */
    public HostInfo host() {
        return host;
    }

    /**
     * The IP pools, by CIDR, as Felix reads them.
     *
     * @return the pools
     */
    public SortedMap<Cidr, PoolInfo> pools() {
        return pools;
    }

    /**
     * The workloads on this node, by endpoint name.
     *
     * @return the workloads
     */
    public SortedMap<String, LocalWorkload> workloads() {
        return workloads;
    }

    /**
     * The routes Felix (and, where it programs them, BIRD) would install, by prefix.
     *
     * @return the routes
     */
    public SortedMap<Cidr, RouteInfo> routes() {
        return routes;
    }

    /**
     * The IP sets Felix would program, by name ({@link IpSets}); empty sets are left out.
     *
     * @return the sets
     */
    public SortedMap<String, SortedSet<Cidr>> ipSets() {
        return ipSets;
    }

    /**
     * The members of one IP set (empty when it has none; empty sets are not listed in {@link #ipSets()}).
     *
     * @param name an IP set name
     * @return its members
     */
    public SortedSet<Cidr> ipSet(String name) {
        return ipSets.getOrDefault(name, Collections.emptySortedSet());
    }

    /**
     * The NAT settings from FelixConfiguration.
     *
     * @return the settings
     */
    public NatSettings nat() {
        return nat;
    }

    /**
     * The routing settings from FelixConfiguration.
     *
     * @return the settings
     */
    public RoutingSettings routing() {
        return routing;
    }

    /**
     * The service ranges Felix drops to prevent routing loops ({@code serviceLoopPrevention}).
     *
     * @return the CIDRs
     */
    public SortedSet<Cidr> blockedCidrs() {
        return blockedCidrs;
    }

    /**
     * The cluster's other nodes by name: what the eBPF dataplane's routes map needs of them beyond the routes
     * (another node's IPIP tunnel address, for its {@code remote host tunneled} entry).
     *
     * @return the other nodes by name, sorted
     */
    public SortedMap<String, HostInfo> otherNodes() {
        return otherNodes;
    }

    /**
     * This state with {@code delta} applied.
     *
     * @param delta the change
     * @return the new state
     */
    public DataplaneState apply(DataplaneDelta delta) {
        SortedMap<Cidr, PoolInfo> p = new TreeMap<>(pools);
        p.keySet().removeAll(delta.poolsRemoved());
        p.putAll(delta.poolsSet());
        SortedMap<String, LocalWorkload> w = new TreeMap<>(workloads);
        w.keySet().removeAll(delta.workloadsRemoved());
        w.putAll(delta.workloadsSet());
        SortedMap<Cidr, RouteInfo> r = new TreeMap<>(routes);
        r.keySet().removeAll(delta.routesRemoved());
        r.putAll(delta.routesSet());
        SortedMap<String, SortedSet<Cidr>> s = new TreeMap<>();
        ipSets.forEach((k, v) -> s.put(k, new TreeSet<>(v)));
        delta.ipSetRemovals().forEach((k, v) -> s.computeIfAbsent(k, x -> new TreeSet<>()).removeAll(v));
        delta.ipSetAdds().forEach((k, v) -> s.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
        SortedMap<String, HostInfo> o = otherNodes;
        if (!delta.otherNodesSet().isEmpty() || !delta.otherNodesRemoved().isEmpty()) {
            o = new TreeMap<>(otherNodes);
            o.keySet().removeAll(delta.otherNodesRemoved());
            o.putAll(delta.otherNodesSet());
        }
        return new DataplaneState(delta.host().orElse(host), p, w, r, s, delta.nat().orElse(nat), delta.routing().orElse(routing),
                new TreeSet<>(delta.blockedCidrs().orElse(blockedCidrs)), o);
    }

    /**
     * The delta that turns {@code from} into {@code to}.
     *
     * @param from the current state
     * @param to   the wanted state
     * @return the delta; empty when they are equal
     */
    public static DataplaneDelta diff(DataplaneState from, DataplaneState to) {
        DataplaneDelta.Builder b = DataplaneDelta.builder();
        if (!from.host.equals(to.host)) {
            b.host(to.host);
        }
        if (!from.nat.equals(to.nat)) {
            b.nat(to.nat);
        }
        if (!from.routing.equals(to.routing)) {
            b.routing(to.routing);
        }
        if (!from.blockedCidrs.equals(to.blockedCidrs)) {
            b.blockedCidrs(to.blockedCidrs);
        }
        diffMaps(from.pools, to.pools, b::setPool, b::removePool);
        diffMaps(from.workloads, to.workloads, b::setWorkload, b::removeWorkload);
        diffMaps(from.routes, to.routes, b::setRoute, b::removeRoute);
        diffMaps(from.otherNodes, to.otherNodes, b::setOtherNode, b::removeOtherNode);
        Set<String> names = new TreeSet<>(from.ipSets.keySet());
        names.addAll(to.ipSets.keySet());
        for (String n : names) {
            SortedSet<Cidr> a = from.ipSet(n);
            SortedSet<Cidr> c = to.ipSet(n);
            c.stream().filter(x -> !a.contains(x)).forEach(x -> b.addToIpSet(n, x));
            a.stream().filter(x -> !c.contains(x)).forEach(x -> b.removeFromIpSet(n, x));
        }
        return b.build();
    }

    private static <K, V> void diffMaps(Map<K, V> from, Map<K, V> to, java.util.function.Consumer<V> set,
                                        java.util.function.Consumer<K> remove) {
        to.forEach((k, v) -> {
            if (!v.equals(from.get(k))) {
                set.accept(v);
            }
        });
        from.keySet().stream().filter(k -> !to.containsKey(k)).forEach(remove);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DataplaneState)) {
            return false;
        }
        DataplaneState s = (DataplaneState) o;
        return host.equals(s.host) && pools.equals(s.pools) && workloads.equals(s.workloads) && routes.equals(s.routes)
                && ipSets.equals(s.ipSets) && nat.equals(s.nat) && routing.equals(s.routing) && blockedCidrs.equals(s.blockedCidrs)
                && otherNodes.equals(s.otherNodes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, pools, routes, workloads);
    }

    @Override
    public String toString() {
        return "DataplaneState{" + host.name() + ", " + pools.size() + " pools, " + workloads.size() + " workloads, "
                + routes.size() + " routes}";
    }
}
