package org.calico4j.dataplane.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.IpSets;
import org.calico4j.dataplane.NatSettings;
import org.calico4j.dataplane.PoolInfo;
import org.calico4j.dataplane.RoutingSettings;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * Renders Felix v3.32.1's nat table for a node's state ({@code felix/rules/static.go}
 * {@code StaticNATTableChains}, {@code felix/rules/nat.go} {@code NATOutgoingChain},
 * {@code int_dataplane.go} {@code setUpIptablesNormal}), iptables mode.
 *
 * <pre>{@code
 * NatTable v4 = NatRules.render(state, 4);
 * v4.chains().get("cali-nat-outgoing").rules();
 * }</pre>
 */
public final class NatRules {
    /**
     * Calico's chain hooked into the nat table's PREROUTING.
     */
    public static final String PREROUTING = "cali-PREROUTING";
    /**
     * Calico's chain hooked into the nat table's POSTROUTING.
     */
    public static final String POSTROUTING = "cali-POSTROUTING";
    /**
     * Calico's chain hooked into the nat table's OUTPUT.
     */
    public static final String OUTPUT = "cali-OUTPUT";
    /**
     * The chain that masquerades traffic from natOutgoing pools.
     */
    public static final String NAT_OUTGOING = "cali-nat-outgoing";
    /**
     * Floating IPs' DNAT chain.
     */
    public static final String FIP_DNAT = "cali-fip-dnat";
    /**
     * Floating IPs' SNAT chain.
     */
    public static final String FIP_SNAT = "cali-fip-snat";

    private NatRules() {
    }

    /**
     * The nat table of IP version {@code version} for {@code state}.
     *
     * @param state   the node's state
     * @param version 4 or 6
     * @return the table
     */
    public static NatTable render(DataplaneState state, int version) {
        Map<String, Chain> chains = new TreeMap<>();
        add(chains, PREROUTING, List.of(Rule.always(new Rule.Jump(FIP_DNAT))));
        add(chains, POSTROUTING, postrouting(state, version));
        add(chains, OUTPUT, List.of(Rule.always(new Rule.Jump(FIP_DNAT))));
        add(chains, FIP_DNAT, List.of());
        add(chains, FIP_SNAT, List.of());
        add(chains, NAT_OUTGOING, natOutgoing(state, version));
        Map<String, List<Rule>> inserted = new TreeMap<>();
        inserted.put("PREROUTING", List.of(Rule.always(new Rule.Jump(PREROUTING))));
        inserted.put("OUTPUT", List.of(Rule.always(new Rule.Jump(OUTPUT))));
        Map<String, List<Rule>> appended = new TreeMap<>();
        appended.put("POSTROUTING", List.of(Rule.always(new Rule.Jump(POSTROUTING))));
        return new NatTable(version, new TreeMap<>(chains), new TreeMap<>(inserted), new TreeMap<>(appended));
    }

    private static void add(Map<String, Chain> chains, String name, List<Rule> rules) {
        chains.put(name, new Chain(name, rules));
    }

    private static List<Rule> postrouting(DataplaneState state, int v) {
        List<Rule> rules = new ArrayList<>();
        rules.add(Rule.always(new Rule.Jump(FIP_SNAT)));
        rules.add(Rule.always(new Rule.Jump(NAT_OUTGOING)));
        HostInfo h = state.host();
        RoutingSettings r = state.routing();
        List<String> tunnels = new ArrayList<>();
        if (v == 4 && r.ipipEnabled() && h.ipipTunnelAddress() != null) {
            tunnels.add("tunl0");
        }
        if (v == 4 && r.vxlanEnabled() && h.vxlanTunnelAddress() != null) {
            tunnels.add("vxlan.calico");
        }
        if (v == 6 && r.vxlanEnabledV6() && h.vxlanTunnelAddressV6() != null) {
            tunnels.add("vxlan-v6.calico");
        }
        for (String dev : tunnels) {
            // Host traffic leaving a tunnel with a local source that is not the tunnel's own address.
            rules.add(new Rule(List.of(new Rule.OutInterface(dev), new Rule.SourceAddrTypeLocal(true, true),
                    new Rule.SourceAddrTypeLocal(false, false)), new Rule.Masquerade(null)));
        }
        return rules;
    }

    private static List<Rule> natOutgoing(DataplaneState state, int v) {
        if (!natActive(state.pools().values(), v)) {
            return List.of();
        }
        NatSettings nat = state.nat();
        IpAddress snatTo = v == 4 ? nat.natOutgoingAddress() : null;
        Rule.Action plain = snatTo == null ? new Rule.Masquerade(null) : new Rule.Snat(snatTo.toString());
        String ports = portRange(nat.portRange());
        if (ports == null) {
            return List.of(natOut(state, v, null, plain));
        }
        Rule.Action ranged = snatTo == null ? new Rule.Masquerade(ports)
                : new Rule.Snat((v == 6 ? "[" + snatTo + "]" : snatTo.toString()) + ":" + ports);
        return List.of(natOut(state, v, "tcp", ranged), natOut(state, v, "tcp", new Rule.Return()),
                natOut(state, v, "udp", ranged), natOut(state, v, "udp", new Rule.Return()), natOut(state, v, null, plain));
    }

    /** {@code natPortRange} as Felix prints it ({@code lo-hi}; a single port is {@code p-p}), or null when unset. */
    static @Nullable String portRange(@Nullable String range) {
        if (range == null || range.isBlank()) {
            return null;
        }
        String r = range.replace(':', '-');
        return r.contains("-") ? r : r + "-" + r;
    }

    private static Rule natOut(DataplaneState state, int v, @Nullable String protocol, Rule.Action action) {
        List<Rule.Term> m = new ArrayList<>();
        m.add(new Rule.SetMatch(IpSets.masq(v), true, false));
        m.add(new Rule.SetMatch(IpSets.network(v), false, true));
        NatSettings nat = state.nat();
        if (nat.excludeHostIps()) {
            m.add(new Rule.SetMatch(IpSets.allHosts(v), false, true));
        }
        if (protocol != null) {
            m.add(new Rule.Protocol(protocol));
        }
        if (nat.interfaceFilter() != null && !nat.interfaceFilter().isEmpty()) {
            m.add(new Rule.OutInterface(nat.interfaceFilter()));
        }
        return new Rule(m, action);
    }

    /** Whether a pool of {@code version} asks for NAT-outgoing (then {@code cali-nat-outgoing} has rules). */
    static boolean natActive(Iterable<PoolInfo> pools, int version) {
        for (PoolInfo p : pools) {
            if (p.natOutgoing() && p.cidr().version() == version) {
                return true;
            }
        }
        return false;
    }
}
