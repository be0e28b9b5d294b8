package org.calico4j.dataplane;

/**
 * The names of Felix's IP sets that NAT-outgoing and encapsulation use (v3.32.1 names).
 *
 * <pre>{@code
 * state.ipSet(IpSets.masq(4));   // pools with natOutgoing
 * }</pre>
 */
public final class IpSets {
    private IpSets() {
    }

    /**
     * Pools with natOutgoing: {@code cali40masq-ipam-pools} / {@code cali60masq-ipam-pools}.
     *
     * @param version 4 or 6
     * @return the set's name
     */
    public static String masq(int version) {
        return "cali" + version + "0masq-ipam-pools";
    }

    /**
     * Every pool except LoadBalancer-only ones: {@code cali40network-ip-pools}.
     *
     * @param version 4 or 6
     * @return the set's name
     */
    public static String network(int version) {
        return "cali" + version + "0network-ip-pools";
    }

    /**
     * Every node's address: {@code cali40all-hosts-net}.
     *
     * @param version 4 or 6
     * @return the set's name
     */
    public static String allHosts(int version) {
        return "cali" + version + "0all-hosts-net";
    }

    /**
     * Remote VTEPs' node addresses: {@code cali40all-vxlan-net}.
     *
     * @param version 4 or 6
     * @return the set's name
     */
    public static String allVxlan(int version) {
        return "cali" + version + "0all-vxlan-net";
    }
}
