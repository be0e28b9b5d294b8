package org.calico4j.dataplane.iptables;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.IpSets;
import org.calico4j.model.net.Cidr;

/**
 * The IP sets Felix v3.32.1 keeps for one IP version ({@code masq_mgr.go}, {@code ipset_hosts_mgr.go},
 * {@code vxlan_mgr.go}): {@code masq-ipam-pools} and {@code network-ip-pools} always, {@code all-hosts-net}
 * when IPIP is on (v4) or host addresses are excluded from NAT, {@code all-vxlan-net} when VXLAN is on;
 * all {@code hash:net}, {@code maxelem 1048576}.
 *
 * <pre>{@code
 * IpSetRules.desired(state, 4);             // name -> members
 * IpSetRules.restoreInput(state, 4);        // create/add lines for ipset restore
 * }</pre>
 */
public final class IpSetRules {
    /** Felix's {@code MaxIpsetSize} default. */
    public static final int MAX_ELEMENTS = 1_048_576;

    private IpSetRules() {
    }

    /**
     * Whether {@code name} is a set Felix owns for {@code version} ({@code cali40...}, {@code cali60...}).
     *
     * @param name    a set name
     * @param version 4 or 6
     * @return true when Felix owns it
     */
    public static boolean owned(String name, int version) {
        return name.startsWith("cali" + version);
    }

    /**
     * The sets of {@code version} the node should have, with their members.
     *
     * @param state   the node's state
     * @param version 4 or 6
     * @return members by set name
     */
    public static SortedMap<String, SortedSet<Cidr>> desired(DataplaneState state, int version) {
        SortedMap<String, SortedSet<Cidr>> out = new TreeMap<>();
        out.put(IpSets.masq(version), new TreeSet<>());
        out.put(IpSets.network(version), new TreeSet<>());
        boolean hosts = version == 4 ? state.routing().ipipEnabled() || state.nat().excludeHostIps() : state.nat().excludeHostIps();
        if (hosts) {
            out.put(IpSets.allHosts(version), new TreeSet<>());
        }
        if (version == 4 ? state.routing().vxlanEnabled() : state.routing().vxlanEnabledV6()) {
            out.put(IpSets.allVxlan(version), new TreeSet<>());
        }
        state.ipSets().forEach((name, members) -> {
            if (owned(name, version)) {
                out.computeIfAbsent(name, k -> new TreeSet<>()).addAll(members);
            }
        });
        SortedMap<String, SortedSet<Cidr>> frozen = new TreeMap<>();
        out.forEach((k, v) -> frozen.put(k, Collections.unmodifiableSortedSet(v)));
        return Collections.unmodifiableSortedMap(frozen);
    }

    /** {@code create <name> hash:net family inet|inet6 maxelem 1048576}. */
    static String createLine(String name, int version) {
        return "create " + name + " hash:net family " + (version == 4 ? "inet" : "inet6") + " maxelem " + MAX_ELEMENTS;
    }

    /**
     * The ipset restore input that creates and fills the sets of {@code version} on a node without them.
     *
     * @param state   the node's state
     * @param version 4 or 6
     * @return the {@code ipset restore} input
     */
    public static String restoreInput(DataplaneState state, int version) {
        StringBuilder sb = new StringBuilder();
        desired(state, version).forEach((name, members) -> {
            sb.append(createLine(name, version)).append('\n');
            for (Cidr c : members) {
                sb.append("add ").append(name).append(' ').append(c).append('\n');
            }
        });
        return sb.append("COMMIT\n").toString();
    }
}
