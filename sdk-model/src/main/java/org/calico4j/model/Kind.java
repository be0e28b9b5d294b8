package org.calico4j.model;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code projectcalico.org/v3} kinds calico4j knows, with the names calicoctl uses for them.
 *
 * <pre>{@code
 * Kind.fromName("ippools");   // Optional[IP_POOL]
 * Kind.IP_POOL.listKind();    // "IPPoolList"
 * }</pre>
 */
public enum Kind {
    /** An IP pool: a range workload addresses come from ({@code IPPool}). */
    IP_POOL("IPPool", "ippools", List.of("ippool", "ippools", "ipp", "ipps", "pool", "pools")),
    /** A BGP peering from some or all nodes ({@code BGPPeer}). */
    BGP_PEER("BGPPeer", "bgppeers", List.of("bgppeer", "bgppeers", "bgpp", "bgpps", "bp", "bps")),
    /** Cluster-wide or per-node BGP settings ({@code BGPConfiguration}). */
    BGP_CONFIGURATION("BGPConfiguration", "bgpconfigurations",
            List.of("bgpconfiguration", "bgpconfigurations", "bgpconfig", "bgpconfigs")),
    /** Import/export rules for BGP peerings ({@code BGPFilter}). */
    BGP_FILTER("BGPFilter", "bgpfilters", List.of("bgpfilter", "bgpfilters")),
    /** Felix's settings, cluster-wide or per node ({@code FelixConfiguration}). */
    FELIX_CONFIGURATION("FelixConfiguration", "felixconfigurations",
            List.of("felixconfiguration", "felixconfigurations", "felixconfig", "felixconfigs")),
    /** A node calico-node runs on, with its BGP addresses and AS ({@code Node}). */
    NODE("Node", "nodes", List.of("node", "nodes", "no", "nos")),
    /** Addresses IPAM must not assign ({@code IPReservation}). */
    IP_RESERVATION("IPReservation", "ipreservations", List.of("ipreservation", "ipreservations")),
    /** A pod's interface and addresses, namespaced ({@code WorkloadEndpoint}). */
    WORKLOAD_ENDPOINT("WorkloadEndpoint", "workloadendpoints", List.of("workloadendpoint", "workloadendpoints", "wep", "weps")),
    /** A host interface Calico polices ({@code HostEndpoint}). */
    HOST_ENDPOINT("HostEndpoint", "hostendpoints", List.of("hostendpoint", "hostendpoints", "hep", "heps")),
    /** IPAM's allocation block (libcalico-go {@code AllocationBlock}); stored by IPAM, never in a manifest. */
    IPAM_BLOCK("IPAMBlock", "ipamblocks", List.of()),
    /** A host's claim on a block; stored by IPAM, never in a manifest. */
    BLOCK_AFFINITY("BlockAffinity", "blockaffinities", List.of()),
    /** The addresses held under one handle ID; stored by IPAM, never in a manifest. */
    IPAM_HANDLE("IPAMHandle", "ipamhandles", List.of()),
    /** IPAM's settings (strict affinity, block limits); stored by IPAM, never in a manifest. */
    IPAM_CONFIG("IPAMConfig", "ipamconfigs", List.of());

    /** The only apiVersion calicoctl (and calico4j) accepts. */
    public static final String API_VERSION = "projectcalico.org/v3";

    private static final Map<String, Kind> BY_NAME = new HashMap<>();

    static {
        for (Kind k : values()) {
            for (String alias : k.aliases) {
                BY_NAME.put(alias, k);
            }
        }
    }

    private final String kindName;
    private final String plural;
    private final List<String> aliases;

    Kind(String kindName, String plural, List<String> aliases) {
        this.kindName = kindName;
        this.plural = plural;
        this.aliases = aliases;
    }

    /**
     * The manifest {@code kind}, e.g. {@code IPPool}.
     *
     * @return the kind name, e.g. {@code IPPool}
     */
    public String kindName() {
        return kindName;
    }

    /**
     * The typed list kind, e.g. {@code IPPoolList}.
     *
     * @return the list kind, e.g. {@code IPPoolList}
     */
    public String listKind() {
        return kindName + "List";
    }

    /**
     * Lower-case plural, as in Calico's etcd keys ({@code ippools}).
     *
     * @return the plural, e.g. {@code ippools}
     */
    public String plural() {
        return plural;
    }

    /**
     * Names the CLI accepts for this kind (case-insensitive).
     *
     * @return the aliasess, empty when not set
     */
    public List<String> aliases() {
        return aliases;
    }

    /**
     * True for the IPAM kinds: datastore records that {@code client.ipam()} writes (in etcd under
     * {@code /calico/ipam/v2/}), which manifests, the resource clients and the CLI do not accept.
     *
     * @return true for the IPAM kinds
     */
    public boolean isInternal() {
        return aliases.isEmpty();
    }

    /**
     * True for WorkloadEndpoint, whose keys and names live in a namespace; every other kind is
     * cluster-scoped.
     *
     * @return true for WorkloadEndpoint
     */
    public boolean namespaced() {
        return this == WORKLOAD_ENDPOINT;
    }

    /**
     * Exact manifest kind ({@code IPPool}), never a list kind.
     *
     * @param kind a manifest {@code kind}
     * @return the kind, or empty when calico4j does not know it
     */
    public static Optional<Kind> fromKindName(String kind) {
        for (Kind k : values()) {
            if (k.kindName.equals(kind)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * A kind by any calicoctl alias ({@code ippool}, {@code ipPools}, {@code bgpconfig} ...), case-insensitive.
     *
     * @param name a kind name or alias
     * @return the kind, or empty
     */
    public static Optional<Kind> fromName(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
        return kindName;
    }
}
