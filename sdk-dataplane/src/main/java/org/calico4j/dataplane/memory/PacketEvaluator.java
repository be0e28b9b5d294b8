package org.calico4j.dataplane.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import inet.ipaddr.IPAddress;

import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.IpSets;
import org.calico4j.dataplane.LocalWorkload;
import org.calico4j.dataplane.NatSettings;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.PoolInfo;
import org.calico4j.dataplane.RouteInfo;
import org.calico4j.dataplane.RouteType;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.internal.CidrTrie;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * One packet through one node, in the order the kernel and Felix's rules see it: local delivery,
 * service-loop prevention ({@code cali-cidr-block}), the route lookup (blackholed local blocks,
 * remote blocks with their encapsulation, else the default route), then {@code cali-POSTROUTING}:
 * {@code cali-nat-outgoing} and the tunnel-device MASQUERADE for host traffic.
 */
final class PacketEvaluator {
    private final DataplaneState state;
    private final CidrTrie<RouteInfo> routes;
    private final Map<String, CidrTrie<Boolean>> ipSets;
    private final Map<IpAddress, LocalWorkload> workloads;
    private final Set<IpAddress> local;
    private final CidrTrie<Boolean> blocked;
    private final List<String> why = new ArrayList<>(4);

    PacketEvaluator(DataplaneState state, CidrTrie<RouteInfo> routes, Map<String, CidrTrie<Boolean>> ipSets,
                    Map<IpAddress, LocalWorkload> workloads, Set<IpAddress> local, CidrTrie<Boolean> blocked) {
        this.state = state;
        this.routes = routes;
        this.ipSets = ipSets;
        this.workloads = workloads;
        this.local = local;
        this.blocked = blocked;
    }

    private boolean inSet(String set, IPAddress ip) {
        CidrTrie<Boolean> t = ipSets.get(set);
        return t != null && t.contains(ip);
    }

    Verdict evaluate(Packet p) {
        int v = p.src().version();
        HostInfo host = state.host();
        IPAddress dst = p.dst().toIpAddress();
        LocalWorkload from = workloads.get(p.src());
        boolean fromHost = local.contains(p.src());
        why.add(from != null ? "from local workload " + from.key() + " (" + from.interfaceName() + ")"
                : fromHost ? "from the host " + host.name() : "from the network");

        LocalWorkload to = workloads.get(p.dst());
        if (to != null) {
            why.add("to local workload " + to.key());
            return verdict(Verdict.Action.DELIVER, p, null, null, Encap.NONE, null, null, to.interfaceName(),
                    p.dst() + " dev " + to.interfaceName() + " scope link");
        }
        if (local.contains(p.dst())) {
            why.add("to an address of the host");
            return verdict(Verdict.Action.DELIVER, p, null, null, Encap.NONE, null, null, "lo", "local " + p.dst() + " dev lo");
        }
        if (!fromHost && blocked.contains(dst)) {
            why.add("cali-cidr-block: " + p.dst() + " is in a service range and was not DNATed (ServiceLoopPrevention)");
            return verdict(Verdict.Action.DROP, p, null, null, Encap.NONE, null, null, null, "cali-cidr-block");
        }
        RouteInfo r = routes.longestMatch(dst);
        if (r != null && r.type() == RouteType.LOCAL_BLOCK) {
            why.add(r.cidr() + " is this node's block and no local workload has " + p.dst());
            return verdict(Verdict.Action.DROP, p, null, null, Encap.NONE, null, null, null, r.describe());
        }
        if (r != null && r.type() == RouteType.LOCAL_WORKLOAD) {
            why.add("to local workload route " + r.cidr());
            return verdict(Verdict.Action.DELIVER, p, null, null, Encap.NONE, null, null, r.device(), r.describe());
        }
        String device;
        String route;
        Encap encap = Encap.NONE;
        IpAddress outerSrc = null;
        IpAddress outerDst = null;
        if (r != null) {
            device = r.device();
            route = r.describe();
            encap = r.encap();
            why.add("route " + route + " to " + (r.type() == RouteType.REMOTE_BORROWED ? "borrowed address on " : "block of ")
                    + r.dstNode() + (r.encap() == Encap.NONE ? "" : ", " + r.encap()
                    + (r.sameSubnet() ? "" : " (" + r.dstNode() + " is not in this node's subnet or the pool always encapsulates)")));
            if (encap != Encap.NONE) {
                outerSrc = host.address(v).orElse(null);
                outerDst = r.dstNodeIp();
            }
        } else {
            device = HostInfo.NIC;
            route = "default dev " + HostInfo.NIC;
            why.add("no cluster route: default route out of " + HostInfo.NIC);
        }
        IpAddress snat = null;
        String ports = null;
        NatSettings nat = state.nat();
        IPAddress src = p.src().toIpAddress();
        if (inSet(IpSets.masq(v), src)) {
            PoolInfo pool = poolOf(p.dst());
            if (inSet(IpSets.network(v), dst)) {
                why.add("no SNAT: destination is in IP pool " + (pool == null ? "" : pool.cidr()) + " (" + IpSets.network(v) + ")");
            } else if (nat.excludeHostIps() && inSet(IpSets.allHosts(v), dst)) {
                why.add("no SNAT: destination is a node address (natOutgoingExclusions IPPoolsAndHostIPs)");
            } else if (!nat.admits(device)) {
                why.add("no SNAT: " + device + " does not match iptablesNATOutgoingInterfaceFilter " + nat.interfaceFilter());
            } else {
                snat = nat.natOutgoingAddress() != null && v == 4 ? nat.natOutgoingAddress() : egressAddress(host, device, v);
                if (nat.portRange() != null && p.protocol() != Packet.Protocol.ICMP) {
                    ports = nat.portRange();
                }
                why.add("cali-nat-outgoing: source is in a natOutgoing pool, destination outside every pool: "
                        + (nat.natOutgoingAddress() != null && v == 4 ? "SNAT" : "MASQUERADE") + " to " + snat
                        + (ports == null ? "" : " ports " + ports));
            }
        } else if (fromHost && encap != Encap.NONE) {
            IpAddress tunnel = host.tunnelAddress(encap, v).orElse(null);
            if (tunnel != null && !tunnel.equals(p.src())) {
                snat = tunnel;
                why.add("cali-POSTROUTING: host traffic leaving " + device + " with a non-tunnel source: MASQUERADE to " + tunnel);
            }
        } else if (from != null) {
            why.add("no SNAT: source is not in a natOutgoing pool (" + IpSets.masq(v) + ")");
        }
        return verdict(Verdict.Action.FORWARD, p, snat, ports, encap, outerSrc, outerDst, device, route);
    }

    private @Nullable PoolInfo poolOf(IpAddress ip) {
        for (PoolInfo p : state.pools().values()) {
            if (p.cidr().containsAddress(ip)) {
                return p;
            }
        }
        return null;
    }

    private static @Nullable IpAddress egressAddress(HostInfo host, String device, int v) {
        if (device.equals("tunl0")) {
            return host.tunnelAddress(Encap.IPIP, v).orElse(host.address(v).orElse(null));
        }
        if (device.startsWith("vxlan")) {
            return host.tunnelAddress(Encap.VXLAN, v).orElse(host.address(v).orElse(null));
        }
        return host.address(v).orElse(null);
    }

    private Verdict verdict(Verdict.Action action, Packet p, @Nullable IpAddress snat, @Nullable String ports, Encap encap,
                            @Nullable IpAddress outerSrc, @Nullable IpAddress outerDst, @Nullable String device, String route) {
        return new Verdict(action, snat, ports, encap, outerSrc, outerDst, device, route, why, p.src());
    }
}
