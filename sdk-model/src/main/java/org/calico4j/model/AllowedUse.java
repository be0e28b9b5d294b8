package org.calico4j.model;

/**
 * What an IP pool's addresses may be used for ({@code allowedUses}).
 *
 * <pre>{@code
 * IpPoolSpec.builder().cidr("10.0.0.0/24").addAllowedUses(AllowedUse.WORKLOAD.wire()).build();
 * }</pre>
 */
public enum AllowedUse {
    WORKLOAD("Workload"), TUNNEL("Tunnel"), LOAD_BALANCER("LoadBalancer");

    private final String wire;

    AllowedUse(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
