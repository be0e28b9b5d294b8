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
public final class PacketEvaluator implements Verdict.Explanation {
    /** Where the packet's walk through the node ended. */
    private enum Step { TO_WORKLOAD, TO_HOST, BLOCKED, LOCAL_BLOCK, LOCAL_WORKLOAD_ROUTE, FORWARD }

    /** What {@code cali-POSTROUTING} decided for a forwarded packet. */
    private enum NatStep { NONE, NO_SNAT_POOL_DESTINATION, NO_SNAT_HOST_DESTINATION, NO_SNAT_INTERFACE, SNAT, TUNNEL_MASQUERADE,
        NO_SNAT_NOT_MASQ }

    // The tables are read during evaluate only; the decisions below are immutable values, from which the
    // verdict's texts are built when asked for, so that a verdict costs no strings on the hot path.
    private @Nullable NodeTables t;
    private final Packet p;
    private final int v;
    private @Nullable HostInfo host;
    private @Nullable LocalWorkload from;
    private boolean fromHost;
    private Step step = Step.FORWARD;
    private @Nullable LocalWorkload to;
    private @Nullable RouteInfo r;
    private String device = HostInfo.NIC;
    private NatStep natStep = NatStep.NONE;
    private @Nullable PoolInfo pool;
    private @Nullable NatSettings nat;
    private @Nullable IpAddress snat;
    private @Nullable String ports;
    // With a LearnedRoutes source: the node, whether the source is the default, and the BIRD route a forwarded
    // packet relied on (used) or lacked (missing); the note is built with the reasons.
    private @Nullable String node;
    private boolean assumed;
    private @Nullable RouteInfo bgpUsed;
    private @Nullable RouteInfo bgpMissing;

    private PacketEvaluator(NodeTables tables, Packet p) {
        this.t = tables;
        this.p = p;
        this.v = p.src().version();
    }

    /**
     * One packet through the node {@code tables} describe.
     *
     * @param tables the node's routes, IP sets, pools and settings
     * @param p      the packet
     * @return the verdict
     */
    public static Verdict evaluate(NodeTables tables, Packet p) {
        PacketEvaluator e = new PacketEvaluator(tables, p);
        try {
            return e.evaluate(tables);
        } finally {
            e.t = null; // the verdict may outlive the tables' consistency; it keeps only the decisions
        }
    }

    /**
     * One packet through a node as the kernel holds its tables when BIRD programs the routes to other nodes'
     * blocks only for the prefixes BGP delivered: such a route exists only where {@code learned} says
     * {@code node} learned it. A forwarded packet's reasons end with what that meant: the BGP route it took
     * (delivered, or assumed delivered with {@link LearnedRoutes#ASSUME_DELIVERED}), or the one BIRD would have
     * programmed had BGP delivered it.
     *
     * @param tables  the node's tables, with every route BIRD would program
     * @param p       the packet
     * @param node    the node's name, as {@code learned} knows it
     * @param learned which prefixes BGP delivered
     * @return the verdict
     */
    public static Verdict evaluate(NodeTables tables, Packet p, String node, LearnedRoutes learned) {
        NodeTables view = learned.kernelTables(tables, node);
        PacketEvaluator e = new PacketEvaluator(view, p);
        e.node = node;
        e.assumed = learned == LearnedRoutes.ASSUME_DELIVERED;
        try {
            Verdict v = e.evaluate(view);
            if (v.action() == Verdict.Action.FORWARD) {
                RouteInfo used = e.r;
                if (used != null && LearnedRoutes.dependsOnBgp(used)) {
                    e.bgpUsed = used;
                } else if (!e.assumed) {
                    // Nothing filtered without a source: the route BIRD would program is then the one used.
                    RouteInfo bird = tables.route(p.dst());
                    if (bird != null && bird != used && LearnedRoutes.dependsOnBgp(bird)) {
                        e.bgpMissing = bird;
                    }
                }
            }
            return v;
        } finally {
            e.t = null;
        }
    }

    private Verdict evaluate(NodeTables t) {
        HostInfo host = t.host();
        this.host = host;
        IpAddress dst = p.dst();
        from = t.workload(p.src());
        fromHost = t.isLocal(p.src());

        to = t.workload(p.dst());
        if (to != null) {
            return verdict(Step.TO_WORKLOAD, Verdict.Action.DELIVER, null, Encap.NONE, null, null, to.interfaceName());
        }
        if (t.isLocal(p.dst())) {
            return verdict(Step.TO_HOST, Verdict.Action.DELIVER, null, Encap.NONE, null, null, "lo");
        }
        if (!fromHost && t.blocked(dst)) {
            return verdict(Step.BLOCKED, Verdict.Action.DROP, null, Encap.NONE, null, null, null);
        }
        RouteInfo r = t.route(dst);
        this.r = r;
        if (r != null && r.type() == RouteType.LOCAL_BLOCK) {
            return verdict(Step.LOCAL_BLOCK, Verdict.Action.DROP, null, Encap.NONE, null, null, null);
        }
        if (r != null && r.type() == RouteType.LOCAL_WORKLOAD) {
            return verdict(Step.LOCAL_WORKLOAD_ROUTE, Verdict.Action.DELIVER, null, Encap.NONE, null, null, r.device());
        }
        Encap encap = Encap.NONE;
        IpAddress outerSrc = null;
        IpAddress outerDst = null;
        if (r != null) {
            device = r.device();
            encap = r.encap();
            if (encap != Encap.NONE) {
                outerSrc = host.address(v).orElse(null);
                if (outerSrc == null) {
                    throw missingAddress(host, v, "encapsulate " + p + " (" + encap + ") with this node's address as the outer source");
                }
                outerDst = r.dstNodeIp();
            }
        }
        NatSettings nat = t.nat();
        this.nat = nat;
        IpAddress src = p.src();
        if (t.inSet(IpSets.masq(v), src)) {
            if (t.inSet(IpSets.network(v), dst)) {
                pool = poolOf(t, p.dst());
                natStep = NatStep.NO_SNAT_POOL_DESTINATION;
            } else if (nat.excludeHostIps() && t.inSet(IpSets.allHosts(v), dst)) {
                natStep = NatStep.NO_SNAT_HOST_DESTINATION;
            } else if (!nat.admits(device)) {
                natStep = NatStep.NO_SNAT_INTERFACE;
            } else {
                snat = nat.natOutgoingAddress() != null && v == 4 ? nat.natOutgoingAddress() : egressAddress(host, device, v);
                if (snat == null) {
                    throw missingAddress(host, v, "masquerade " + p + " (natOutgoing) to the address of " + device);
                }
                if (nat.portRange() != null && p.protocol() != Packet.Protocol.ICMP) {
                    ports = nat.portRange();
                }
                natStep = NatStep.SNAT;
            }
        } else if (fromHost && encap != Encap.NONE) {
            IpAddress tunnel = host.tunnelAddress(encap, v).orElse(null);
            if (tunnel != null && !tunnel.equals(p.src())) {
                snat = tunnel;
                natStep = NatStep.TUNNEL_MASQUERADE;
            }
        } else if (from != null) {
            natStep = NatStep.NO_SNAT_NOT_MASQ;
        }
        return verdict(Step.FORWARD, Verdict.Action.FORWARD, snat, encap, outerSrc, outerDst, device);
    }

    private Verdict verdict(Step how, Verdict.Action action, @Nullable IpAddress snat, Encap encap, @Nullable IpAddress outerSrc,
                            @Nullable IpAddress outerDst, @Nullable String device) {
        step = how;
        return new Verdict(action, snat, ports, encap, outerSrc, outerDst, device, p.src(), this, r); // r: null before the lookup
    }

    @Override
    public String route() {
        RouteInfo r = this.r;
        switch (step) {
            case TO_WORKLOAD:
                return p.dst() + " dev " + java.util.Objects.requireNonNull(to).interfaceName() + " scope link";
            case TO_HOST:
                return "local " + p.dst() + " dev lo";
            case BLOCKED:
                return "cali-cidr-block";
            default:
                return r != null ? r.describe() : "default dev " + HostInfo.NIC;
        }
    }

    @Override
    public List<String> reasons() {
        HostInfo host = java.util.Objects.requireNonNull(this.host);
        List<String> why = new ArrayList<>(3);
        why.add(from != null ? "from local workload " + from.key() + " (" + from.interfaceName() + ")"
                : fromHost ? "from the host " + host.name() : "from the network");
        RouteInfo r = this.r;
        switch (step) {
            case TO_WORKLOAD:
                why.add("to local workload " + java.util.Objects.requireNonNull(to).key());
                return why;
            case TO_HOST:
                why.add("to an address of the host");
                return why;
            case BLOCKED:
                why.add("cali-cidr-block: " + p.dst() + " is in a service range and was not DNATed (ServiceLoopPrevention)");
                return why;
            case LOCAL_BLOCK:
                why.add(java.util.Objects.requireNonNull(r).cidr() + " is this node's block and no local workload has " + p.dst());
                return why;
            case LOCAL_WORKLOAD_ROUTE:
                why.add("to local workload route " + java.util.Objects.requireNonNull(r).cidr());
                return why;
            default:
                break;
        }
        if (r != null) {
            why.add("route " + route() + " to " + (r.type() == RouteType.REMOTE_BORROWED ? "borrowed address on " : "block of ")
                    + r.dstNode() + (r.encap() == Encap.NONE ? "" : ", " + r.encap()
                    + (r.sameSubnet() ? "" : " (" + r.dstNode() + " is not in this node's subnet or the pool always encapsulates)")));
        } else {
            why.add("no cluster route: default route out of " + HostInfo.NIC);
        }
        NatSettings nat = this.nat;
        switch (natStep) {
            case NO_SNAT_POOL_DESTINATION:
                why.add("no SNAT: destination is in IP pool " + (pool == null ? "" : pool.cidr()) + " (" + IpSets.network(v) + ")");
                break;
            case NO_SNAT_HOST_DESTINATION:
                why.add("no SNAT: destination is a node address (natOutgoingExclusions IPPoolsAndHostIPs)");
                break;
            case NO_SNAT_INTERFACE:
                why.add("no SNAT: " + device + " does not match iptablesNATOutgoingInterfaceFilter "
                        + java.util.Objects.requireNonNull(nat).interfaceFilter());
                break;
            case SNAT:
                why.add("cali-nat-outgoing: source is in a natOutgoing pool, destination outside every pool: "
                        + (java.util.Objects.requireNonNull(nat).natOutgoingAddress() != null && v == 4 ? "SNAT" : "MASQUERADE")
                        + " to " + snat + (ports == null ? "" : " ports " + ports));
                break;
            case TUNNEL_MASQUERADE:
                why.add("cali-POSTROUTING: host traffic leaving " + device + " with a non-tunnel source: MASQUERADE to " + snat);
                break;
            case NO_SNAT_NOT_MASQ:
                why.add("no SNAT: source is not in a natOutgoing pool (" + IpSets.masq(v) + ")");
                break;
            default:
                break;
        }
        if (bgpUsed != null) {
            why.add(bgpUsed.cidr() + " is a route BIRD programs: " + (assumed ? "it assumes BGP delivered it to " + node
                    + " (no LearnedRoutes source given)" : node + " learned it over BGP"));
        } else if (bgpMissing != null) {
            why.add("no route to " + bgpMissing.cidr() + ": BIRD would program it, but " + node + " did not learn it over BGP");
        }
        return why;
    }

    private static @Nullable PoolInfo poolOf(NodeTables t, IpAddress ip) {
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
}
