package org.calico4j.dataplane.ebpf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.IpSets;
import org.calico4j.dataplane.LocalWorkload;
import org.calico4j.dataplane.PoolInfo;
import org.calico4j.dataplane.RouteInfo;
import org.calico4j.dataplane.RouteType;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * The {@code cali_v4_routes} entries Felix's BPF route manager ({@code bpf_route_mgr.go}
 * {@code calculateRoute}, v3.32.1) programs for one node's {@link DataplaneState}: pool CIDRs
 * ({@code in-pool}/{@code nat-out}), local workloads ({@code local workload}, ifindex), remote blocks and
 * borrowed addresses ({@code remote workload}, {@code tunneled}/{@code vxlan} by pool type, next hop the
 * node), the node's own addresses and tunnel addresses ({@code local host}), other nodes
 * ({@code remote host}) and their tunnel addresses ({@code remote host tunneled}), service ranges
 * ({@code blackhole-drop}). No entry for the node's own blocks.
 *
 * <pre>{@code
 * SortedMap<Cidr, RouteEntry> m = BpfRoutes.compute(state, iface -> 7);
 * }</pre>
 *
 * <p>Other nodes come from the routes' destinations, {@code all-hosts-net} members, and the state's
 * {@link DataplaneState#otherNodes()} (the only source of another node's IPIP tunnel address).
 */
public final class BpfRoutes {
    private BpfRoutes() {
    }

    /**
     * The entries for {@code state}, whose {@link DataplaneState#otherNodes()} give the other nodes.
     *
     * @param state   the node's desired state
     * @param ifindex a workload interface's index by its name
     * @return the entries by prefix
     */
    public static SortedMap<Cidr, RouteEntry> compute(DataplaneState state, ToIntFunction<String> ifindex) {
        return compute(state, ifindex, List.of());
    }

    /**
     * The entries for {@code state}, with {@code extraNodes} besides the state's {@link DataplaneState#otherNodes()}
     * (a node named in both is taken from {@code extraNodes}).
     *
     * @param state      the node's desired state
     * @param ifindex    a workload interface's index by its name
     * @param extraNodes more other nodes (may be empty)
     * @return the entries by prefix
     */
    public static SortedMap<Cidr, RouteEntry> compute(DataplaneState state, ToIntFunction<String> ifindex, Collection<HostInfo> extraNodes) {
        Collection<HostInfo> nodes = state.otherNodes().values();
        if (!extraNodes.isEmpty()) {
            Map<String, HostInfo> byName = new TreeMap<>(state.otherNodes());
            extraNodes.forEach(n -> byName.put(n.name(), n));
            nodes = byName.values();
        }
        SortedMap<Cidr, RouteEntry> out = new TreeMap<>();
        Pools pools = new Pools(state.pools().values());
        // Pools themselves: just the common flags.
        for (PoolInfo p : state.pools().values()) {
            if (p.cidr().version() == 4 && common(p) != 0) {
                out.put(p.cidr(), RouteEntry.of(p.cidr(), common(p)));
            }
        }
        // Other nodes' addresses (remote host), then their tunnel addresses.
        HostInfo me = state.host();
        Map<String, IpAddress> nodeIps = new TreeMap<>();
        for (RouteInfo r : state.routes().values()) {
            if (r.dstNode() != null && r.dstNodeIp() != null && r.dstNodeIp().version() == 4 && !r.dstNode().equals(me.name())) {
                nodeIps.put(r.dstNode(), r.dstNodeIp());
            }
        }
        for (HostInfo n : nodes) {
            if (!n.name().equals(me.name())) {
                n.address(4).ifPresent(a -> nodeIps.put(n.name(), a));
            }
        }
        for (Cidr member : state.ipSet(IpSets.allHosts(4))) {
            if (member.prefixLength() == 32 && !isLocal(me, member.address())) {
                out.put(member, RouteEntry.withNextHop(member, RouteFlags.HOST, member.address()));
            }
        }
        nodeIps.values().forEach(a -> out.put(Cidr.of(a, 32), RouteEntry.withNextHop(Cidr.of(a, 32), RouteFlags.HOST, a)));
        for (HostInfo n : nodes) {
            IpAddress nodeIp = nodeIps.get(n.name());
            if (n.name().equals(me.name()) || nodeIp == null) {
                continue;
            }
            for (Encap e : enabled(state)) {
                n.tunnelAddress(e, 4).ifPresent(t -> remoteTunnel(out, pools, t, nodeIp));
            }
        }
        for (RouteInfo r : state.routes().values()) {
            if (r.encap() == Encap.VXLAN && r.via() != null && r.dstNodeIp() != null && r.cidr().version() == 4) {
                remoteTunnel(out, pools, r.via(), r.dstNodeIp());
            }
        }
        // Remote blocks and borrowed addresses.
        for (RouteInfo r : state.routes().values()) {
            if (r.cidr().version() != 4 || r.dstNodeIp() == null
                    || r.type() != RouteType.REMOTE_BLOCK && r.type() != RouteType.REMOTE_BORROWED) {
                continue;
            }
            PoolInfo pool = pools.longestMatch(r.cidr().address());
            int flags = common(pool) | RouteFlags.WORKLOAD;
            if (pool != null && pool.crossSubnet() && r.sameSubnet()) {
                flags |= RouteFlags.SAME_SUBNET;
            }
            Encap type = pool == null ? Encap.NONE : pool.encap();
            if (type == Encap.IPIP) {
                flags |= RouteFlags.TUNNELED;
            } else if (type == Encap.VXLAN) {
                flags |= RouteFlags.TUNNELED | RouteFlags.VXLAN;
            }
            out.put(r.cidr(), RouteEntry.withNextHop(r.cidr(), flags, r.dstNodeIp()));
        }
        // The node itself: its address and tunnel addresses (v3.32.1 keeps the tunnel device's address).
        for (IpAddress a : localAddresses(me, enabled(state))) {
            Cidr c = Cidr.of(a, 32);
            out.put(c, RouteEntry.of(c, RouteFlags.LOCAL | RouteFlags.HOST));
        }
        // Local workloads.
        for (LocalWorkload w : state.workloads().values()) {
            for (Cidr c : w.ipNetworks()) {
                if (c.version() == 4) {
                    PoolInfo pool = pools.longestMatch(c.address());
                    out.put(c, RouteEntry.withIfindex(c, common(pool) | RouteFlags.LOCAL | RouteFlags.WORKLOAD,
                            ifindex.applyAsInt(w.interfaceName())));
                }
            }
        }
        // Service ranges dropped for loop prevention.
        for (Cidr c : state.blockedCidrs()) {
            if (c.version() == 4) {
                RouteEntry old = out.get(c);
                out.put(c, new RouteEntry(c, (old == null ? 0 : old.flags()) | RouteFlags.BLACKHOLE_DROP, old == null ? 0 : old.word2()));
            }
        }
        return out;
    }

    /** A remote node's tunnel address: {@code vxlan} when the pool it came from is a VXLAN pool (Felix's {@code IpPoolType}). */
    private static void remoteTunnel(SortedMap<Cidr, RouteEntry> out, Pools pools, IpAddress tunnel, IpAddress nodeIp) {
        PoolInfo pool = pools.longestMatch(tunnel);
        boolean vxlan = pool != null && pool.encap() == Encap.VXLAN;
        int flags = common(pool) | RouteFlags.HOST | RouteFlags.TUNNELED | (vxlan ? RouteFlags.VXLAN : 0);
        Cidr c = Cidr.of(tunnel, 32);
        out.put(c, RouteEntry.withNextHop(c, flags, nodeIp));
    }

    /**
     * The IPv4 pools, longest prefix first: a linear scan over the few pools a cluster has is several times cheaper
     * per lookup than a trie over IPAddress objects, and the lookup runs for every entry of every change.
     */
    private static final class Pools {
        private final List<PoolInfo> byLength = new ArrayList<>();

        Pools(Collection<PoolInfo> all) {
            all.stream().filter(p -> p.cidr().version() == 4)
                    .sorted((a, b) -> Integer.compare(b.cidr().prefixLength(), a.cidr().prefixLength())).forEach(byLength::add);
        }

        @Nullable PoolInfo longestMatch(IpAddress ip) {
            for (PoolInfo p : byLength) {
                if (p.cidr().containsAddress(ip)) {
                    return p;
                }
            }
            return null;
        }
    }

    /** Flags every route inside {@code pool} shares: {@code in-pool} unless LoadBalancer-only (type NONE), {@code nat-out}. */
    static int common(@Nullable PoolInfo pool) {
        if (pool == null) {
            return 0;
        }
        return (pool.loadBalancerOnly() ? 0 : RouteFlags.IN_POOL) | (pool.natOutgoing() ? RouteFlags.NAT_OUT : 0);
    }

    /** The IPv4 encapsulations in use: only their tunnel devices (and so tunnel addresses) exist. */
    private static List<Encap> enabled(DataplaneState state) {
        List<Encap> out = new ArrayList<>(2);
        if (state.routing().ipipEnabled()) {
            out.add(Encap.IPIP);
        }
        if (state.routing().vxlanEnabled()) {
            out.add(Encap.VXLAN);
        }
        return out;
    }

    private static List<IpAddress> localAddresses(HostInfo me, List<Encap> tunnels) {
        List<IpAddress> out = new ArrayList<>();
        me.address(4).ifPresent(out::add);
        tunnels.forEach(e -> me.tunnelAddress(e, 4).ifPresent(out::add));
        return out;
    }

    private static boolean isLocal(HostInfo me, IpAddress a) {
        return localAddresses(me, List.of(Encap.IPIP, Encap.VXLAN)).contains(a);
    }
}
