package org.calico4j.dataplane;

import java.util.ArrayList;
import java.util.List;
import org.calico4j.model.CalicoException;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * One packet through one node, in the order the kernel and Felix's rules see it: local delivery,
 * service-loop prevention ({@code cali-cidr-block}), the route lookup (blackholed local blocks,
 * remote blocks with their encapsulation, else the default route), then {@code cali-POSTROUTING}:
 * {@code cali-nat-outgoing} and the tunnel-device MASQUERADE for host traffic. Reads the node
 * through {@link NodeTables}, so every dataplane that can answer those lookups shares one set of rules.
 *
 * <pre>{@code
 * Verdict v = PacketEvaluator.evaluate(tables, Packet.tcp("10.244.1.5", "93.184.216.34", 443));
 * }</pre>
 */
public final class PacketEvaluator {
    private final NodeTables t;
    private final List<String> why = new ArrayList<>(4);

    private PacketEvaluator(NodeTables tables) {
        this.t = tables;
    }

    /**
     * One packet through the node {@code tables} describe.
     *
     * @param tables the node's routes, IP sets, pools and settings
     * @param p      the packet
     * @return the verdict
     */
    public static Verdict evaluate(NodeTables tables, Packet p) {
        return new PacketEvaluator(tables).evaluate(p);
    }

    private Verdict evaluate(Packet p) {
        int v = p.src().version();
        HostInfo host = t.host();
        IpAddress dst = p.dst();
        LocalWorkload from = t.workload(p.src());
        boolean fromHost = t.isLocal(p.src());
        why.add(from != null ? "from local workload " + from.key() + " (" + from.interfaceName() + ")"
                : fromHost ? "from the host " + host.name() : "from the network");

        LocalWorkload to = t.workload(p.dst());
        if (to != null) {
            why.add("to local workload " + to.key());
            return verdict(Verdict.Action.DELIVER, p, null, null, Encap.NONE, null, null, to.interfaceName(),
                    p.dst() + " dev " + to.interfaceName() + " scope link");
        }
        if (t.isLocal(p.dst())) {
            why.add("to an address of the host");
            return verdict(Verdict.Action.DELIVER, p, null, null, Encap.NONE, null, null, "lo", "local " + p.dst() + " dev lo");
        }
        if (!fromHost && t.blocked(dst)) {
            why.add("cali-cidr-block: " + p.dst() + " is in a service range and was not DNATed (ServiceLoopPrevention)");
            return verdict(Verdict.Action.DROP, p, null, null, Encap.NONE, null, null, null, "cali-cidr-block");
        }
        RouteInfo r = t.route(dst);
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
                Encap how = encap;
                outerSrc = host.address(v).orElseThrow(() -> missingAddress(host, v, "encapsulate " + p + " (" + how
                        + ") with this node's address as the outer source"));
                outerDst = r.dstNodeIp();
            }
        } else {
            device = HostInfo.NIC;
            route = "default dev " + HostInfo.NIC;
            why.add("no cluster route: default route out of " + HostInfo.NIC);
        }
        IpAddress snat = null;
        String ports = null;
        NatSettings nat = t.nat();
        IpAddress src = p.src();
        if (t.inSet(IpSets.masq(v), src)) {
            PoolInfo pool = poolOf(p.dst());
            if (t.inSet(IpSets.network(v), dst)) {
                why.add("no SNAT: destination is in IP pool " + (pool == null ? "" : pool.cidr()) + " (" + IpSets.network(v) + ")");
            } else if (nat.excludeHostIps() && t.inSet(IpSets.allHosts(v), dst)) {
                why.add("no SNAT: destination is a node address (natOutgoingExclusions IPPoolsAndHostIPs)");
            } else if (!nat.admits(device)) {
                why.add("no SNAT: " + device + " does not match iptablesNATOutgoingInterfaceFilter " + nat.interfaceFilter());
            } else {
                snat = nat.natOutgoingAddress() != null && v == 4 ? nat.natOutgoingAddress() : egressAddress(host, device, v);
                if (snat == null) {
                    throw missingAddress(host, v, "masquerade " + p + " (natOutgoing) to the address of " + device);
                }
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
        for (PoolInfo p : t.pools()) {
            if (p.cidr().containsAddress(ip)) {
                return p;
            }
        }
        return null;
    }

    /**
     * What a verdict cannot do without the node's address: say so, naming what is missing, rather
     * than carry null where the address the destination sees belongs.
     */
    private static CalicoException missingAddress(HostInfo host, int v, String what) {
        return new CalicoException("node " + host.name() + " cannot " + what + ": it has no IPv" + v
                + " address (no Node resource named '" + host.name() + "', or it has no "
                + (v == 4 ? "spec.bgp.ipv4Address" : "spec.bgp.ipv6Address") + ")");
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
