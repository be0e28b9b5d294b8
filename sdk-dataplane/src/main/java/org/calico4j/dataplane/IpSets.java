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

    /** A set's name for {@code version}: the constant (no string built on the packet path), else Felix's pattern. */
    private static String name(int version, String v4, String v6, String suffix) {
        return version == 4 ? v4 : version == 6 ? v6 : "cali" + version + "0" + suffix;
    }

    /**
     * Pools with natOutgoing: {@code cali40masq-ipam-pools} / {@code cali60masq-ipam-pools}.
     *
     * @param version 4 or 6
     * @return the set's name
     */
    public static String masq(int version) {
        return name(version, "cali40masq-ipam-pools", "cali60masq-ipam-pools", "masq-ipam-pools");
    }

    /**
     * Every pool except LoadBalancer-only ones: {@code cali40network-ip-pools}.
     *
     * @param version 4 or 6
     * @return the set's name
     */
    public static String network(int version) {
        return name(version, "cali40network-ip-pools", "cali60network-ip-pools", "network-ip-pools");
    }

    /**
     * Every node's address: {@code cali40all-hosts-net}.
     *
     * @param version 4 or 6
     * @return the set's name
     */
    public static String allHosts(int version) {
        return name(version, "cali40all-hosts-net", "cali60all-hosts-net", "all-hosts-net");
    }

    /**
     * Remote VTEPs' node addresses: {@code cali40all-vxlan-net}.
     *
     * @param version 4 or 6
     * @return the set's name
     */
    public static String allVxlan(int version) {
        return name(version, "cali40all-vxlan-net", "cali60all-vxlan-net", "all-vxlan-net");
    }
}
