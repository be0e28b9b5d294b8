package org.calico4j.dataplane.ebpf;

import java.util.ArrayList;
import java.util.List;

import org.calico4j.dataplane.ForwardingNodeTables;
import org.calico4j.dataplane.IpSets;
import org.calico4j.dataplane.NodeTables;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.PacketEvaluator;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.internal.CidrTrie;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * One packet through a node in BPF mode: routing as the kernel does it, but the NAT-outgoing decision taken
 * from {@code cali_v4_routes} flags as calico4j's tc program takes it (source {@code nat-out}, destination
 * not {@code in-pool} and not a host the rules exempt), with the map entries that decided named in the
 * verdict's reasons; a destination entry flagged {@code blackhole-drop} (a service range) is named as the drop's. IPv6 packets, which the program does not see, keep the IP-set answers.
 *
 * <pre>{@code
 * Verdict v = BpfVerdicts.evaluate(tables, routesTrie, false, Packet.tcp("10.244.1.5", "8.8.8.8", 53));
 * }</pre>
 */
public final class BpfVerdicts {
    private BpfVerdicts() {
    }

    static Verdict evaluate(MemoryDataplane shadow, CidrTrie<RouteEntry> routes, boolean excludeHosts, Packet p) {
        return shadow.read(t -> evaluate(t, routes, excludeHosts, p));
    }

    /**
     * {@code p} through {@code tables}, NAT-outgoing decided by {@code routes} (the node's routes map).
     *
     * @param tables       the node's routes, rules and sets
     * @param routes       the node's {@code cali_v4_routes} entries
     * @param excludeHosts {@code natOutgoingExclusions: IPPoolsAndHostIPs} is set
     * @param p            the packet
     * @return the verdict, with the tc program's decision added to the reasons of a forwarded or blackholed IPv4 packet
     */
    @SuppressWarnings("exports")   // CidrTrie is internal: for calico4j's own CLI and testkit, which build the trie
    public static Verdict evaluate(NodeTables tables, CidrTrie<RouteEntry> routes, boolean excludeHosts, Packet p) {
        if (p.src().version() != 4) {
            return PacketEvaluator.evaluate(tables, p);
        }
        Verdict v = PacketEvaluator.evaluate(new FlagTables(tables, routes), p);
        RouteEntry dst = routes.longestMatch(p.dst());
        boolean blackhole = dst != null && (dst.flags() & RouteFlags.BLACKHOLE_DROP) != 0;
        if (v.action() != Verdict.Action.FORWARD && !(v.action() == Verdict.Action.DROP && blackhole)) {
            return v;
        }
        List<String> reasons = new ArrayList<>(v.reasons());
        reasons.add(v.action() == Verdict.Action.DROP ? "tc program: cali_v4_routes destination " + entry(dst) + ": dropped"
                : explain(routes, excludeHosts, p));
        return new Verdict(v.action(), v.snatTo(), v.snatPorts(), v.encap(), v.outerSrc(), v.outerDst(), v.device(), v.route(), reasons,
                v.originalSource());
    }

    /**
     * What the tc program decides for {@code p}, naming the entries and flags it read.
     *
     * @param routes       the node's {@code cali_v4_routes} entries
     * @param excludeHosts {@code natOutgoingExclusions: IPPoolsAndHostIPs} is set
     * @param p            the packet
     * @return one reason line
     */
    @SuppressWarnings("exports")   // see evaluate
    public static String explain(CidrTrie<RouteEntry> routes, boolean excludeHosts, Packet p) {
        RouteEntry src = routes.longestMatch(p.src());
        RouteEntry dst = routes.longestMatch(p.dst());
        String s = "tc program: cali_v4_routes source " + entry(src);
        int sf = src == null ? 0 : src.flags();
        if ((sf & RouteFlags.NAT_OUT) == 0) {
            return s + ": no nat-out, packet not marked";
        }
        s += "; destination " + entry(dst);
        int df = dst == null ? 0 : dst.flags();
        if (RouteFlags.shouldNatOutgoing(df, excludeHosts)) {
            return s + ": outside every pool and not an exempt host, marked " + NatOutgoingRules.MARK.substring(0,
                    NatOutgoingRules.MARK.indexOf('/')) + " for " + NatOutgoingRules.CHAIN;
        }
        String why = (df & RouteFlags.IN_POOL) != 0 ? "in-pool" : (df & RouteFlags.LOCAL) != 0 ? "local host"
                : "host, natOutgoingExclusions IPPoolsAndHostIPs";
        return s + ": " + why + ", packet not marked";
    }

    private static String entry(@Nullable RouteEntry e) {
        return e == null ? "no entry (flags 0x000)" : e.prefix() + " [" + RouteFlags.describe(e.flags()) + ", " + RouteFlags.hex(e.flags()) + "]";
    }

    /** The node's tables with the three IPv4 IP sets NAT-outgoing reads answered from route flags. */
    private static final class FlagTables extends ForwardingNodeTables {
        private final CidrTrie<RouteEntry> routes;

        FlagTables(NodeTables t, CidrTrie<RouteEntry> routes) {
            super(t);
            this.routes = routes;
        }

        private int flags(IpAddress ip) {
            RouteEntry e = routes.longestMatch(ip);
            return e == null ? 0 : e.flags();
        }

        @Override
        public boolean inSet(String set, IpAddress ip) {
            if (ip.version() == 4) {
                if (set.equals(IpSets.masq(4))) {
                    return (flags(ip) & RouteFlags.NAT_OUT) != 0;
                }
                if (set.equals(IpSets.network(4))) {
                    return (flags(ip) & RouteFlags.IN_POOL) != 0;
                }
                if (set.equals(IpSets.allHosts(4))) {
                    return (flags(ip) & RouteFlags.HOST) != 0;
                }
            }
            return super.inSet(set, ip);
        }
    }
}
