package org.calico4j.dataplane.ebpf;

import java.util.ArrayList;
import java.util.List;

import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.NatSettings;
import org.jspecify.annotations.Nullable;

/**
 * The iptables side of BPF NAT-outgoing: Felix's {@code cali-nat-outgoing} chain in BPF mode
 * ({@code felix/rules/nat.go} {@code makeNATOutgoingRuleBPF}, v3.32.1), where the tc program has already
 * decided and marked the packet, so the rules match the mark {@code 0x3800000/0x3f00000} instead of
 * IP sets. Empty unless an IPv4 pool has natOutgoing; the interface filter, {@code natOutgoingAddress}
 * and {@code natPortRange} shape the rules as in iptables mode.
 *
 * <pre>{@code
 * NatOutgoingRules.render(state);   // [[-m, mark, --mark, 0x3800000/0x3f00000, -j, MASQUERADE, --random-fully]]
 * }</pre>
 */
public final class NatOutgoingRules {
    /** The iptables chain the rules go in. */
    public static final String CHAIN = "cali-nat-outgoing";
    /** {@code CALI_SKB_MARK_NAT_OUT} and its mask at v3.32.1. */
    public static final String MARK = "0x3800000/0x3f00000";

    private NatOutgoingRules() {
    }

    /**
     * The rules of {@link #CHAIN} (arguments after {@code -A cali-nat-outgoing}).
     *
     * @param state the node's desired state (its pools and NAT settings)
     * @return the rules in order; empty when no IPv4 pool has {@code natOutgoing}
     */
    public static List<List<String>> render(DataplaneState state) {
        List<List<String>> rules = new ArrayList<>();
        boolean active = state.pools().values().stream().anyMatch(p -> p.natOutgoing() && p.cidr().version() == 4);
        if (!active) {
            return rules;
        }
        NatSettings nat = state.nat();
        String address = nat.natOutgoingAddress() != null && nat.natOutgoingAddress().version() == 4 ? nat.natOutgoingAddress().toString()
                : null;
        List<String> fallback = address == null ? List.of("-j", "MASQUERADE", "--random-fully")
                : List.of("-j", "SNAT", "--to-source", address, "--random-fully");
        if (nat.portRange() != null) {
            List<String> ported = address == null ? List.of("-j", "MASQUERADE", "--to-ports", nat.portRange())
                    : List.of("-j", "SNAT", "--to-source", address + ":" + nat.portRange());
            for (String proto : List.of("tcp", "udp")) {
                rules.add(rule(nat, proto, ported));
                rules.add(rule(nat, proto, List.of("-j", "RETURN")));
            }
        }
        rules.add(rule(nat, null, fallback));
        return rules;
    }

    private static List<String> rule(NatSettings nat, @Nullable String proto, List<String> action) {
        List<String> r = new ArrayList<>(List.of("-m", "mark", "--mark", MARK));
        if (proto != null) {
            r.addAll(List.of("-p", proto));
        }
        if (nat.interfaceFilter() != null && !nat.interfaceFilter().isEmpty()) {
            if (!nat.interfaceFilter().matches("[A-Za-z0-9_.+-]{1,15}")) {
                throw new IllegalArgumentException("FelixConfiguration iptablesNATOutgoingInterfaceFilter '" + nat.interfaceFilter()
                        + "' is not an interface name or prefix with '+'");
            }
            r.addAll(List.of("-o", nat.interfaceFilter()));
        }
        r.addAll(action);
        return r;
    }
}
