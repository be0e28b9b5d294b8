package org.calico4j.model;

/**
 * What an IP pool's addresses may be used for ({@code allowedUses}).
 *
 * <pre>{@code
 * IpPoolSpec.builder().cidr("10.0.0.0/24").addAllowedUses(AllowedUse.WORKLOAD.wire()).build();
 * }</pre>
 */
public enum AllowedUse {
    /** Workload (pod) addresses. */
    WORKLOAD("Workload"),
    /** Nodes' tunnel addresses (IPIP, VXLAN). */
    TUNNEL("Tunnel"),
    /** LoadBalancer service addresses. */
    LOAD_BALANCER("LoadBalancer");

    private final String wire;

    AllowedUse(String wire) {
        this.wire = wire;
    }

    /**
     * The value as written in a manifest's {@code allowedUses}.
     *
     * @return e.g. {@code Workload}
     */
    public String wire() {
        return wire;
    }
}
