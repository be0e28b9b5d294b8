package org.calico4j.dataplane.iptables;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.calico4j.dataplane.DataplaneState;
import org.calico4j.model.net.Cidr;

/**
 * Renders the part of Felix v3.32.1's filter table that service-loop prevention needs, iptables mode:
 * {@code cali-cidr-block} with one {@code --destination <cidr> --jump DROP} per blocked CIDR of the
 * version (sorted as strings, {@code felix/rules/nat.go} {@code BlockedCIDRsToIptablesChains}), jumped
 * to as the last rule of {@code cali-FORWARD}, which is hooked into {@code FORWARD}
 * ({@code int_dataplane.go} {@code setUpIptablesNormal}). Felix's other filter rules (workload
 * dispatch, policy) are not programmed here. With no blocked CIDR the table holds no Calico chain, and
 * the {@code FORWARD} hook is still named so that a writer removes a stale one.
 *
 * <pre>{@code
 * NatTable f = FilterRules.render(state, 4);
 * f.chains().get("cali-cidr-block").rules();   // [--destination 10.96.0.0/12 --jump DROP]
 * }</pre>
 */
public final class FilterRules {
    /** Calico's chain hooked into the filter table's FORWARD. */
    public static final String FORWARD = "cali-FORWARD";
    /** The chain that drops traffic to service ranges that was not DNATed. */
    public static final String CIDR_BLOCK = "cali-cidr-block";

    private FilterRules() {
    }

    /**
     * The filter table of IP version {@code version} for {@code state}.
     *
     * @param state   the node's state
     * @param version 4 or 6
     * @return the table ({@link NatTable#FILTER})
     */
    public static NatTable render(DataplaneState state, int version) {
        List<Rule> drops = state.blockedCidrs().stream().filter(c -> c.version() == version)
                .sorted(Comparator.comparing(Cidr::toString))
                .map(c -> new Rule(List.of(new Rule.Destination(c)), new Rule.Drop())).toList();
        Map<String, Chain> chains = new TreeMap<>();
        Map<String, List<Rule>> inserted = new TreeMap<>();
        if (drops.isEmpty()) {
            inserted.put("FORWARD", List.of());
        } else {
            chains.put(FORWARD, new Chain(FORWARD, List.of(Rule.always(new Rule.Jump(CIDR_BLOCK)))));
            chains.put(CIDR_BLOCK, new Chain(CIDR_BLOCK, drops));
            inserted.put("FORWARD", List.of(Rule.always(new Rule.Jump(FORWARD))));
        }
        return new NatTable(version, new TreeMap<>(chains), new TreeMap<>(inserted), new TreeMap<>(), NatTable.FILTER);
    }
}
