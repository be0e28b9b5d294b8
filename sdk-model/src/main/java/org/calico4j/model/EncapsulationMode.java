package org.calico4j.model;

import java.util.Optional;

/**
 * An IP pool's {@code ipipMode} / {@code vxlanMode}.
 *
 * <pre>{@code
 * IpPoolSpec.builder().cidr("10.0.0.0/16").vxlanMode(EncapsulationMode.CROSS_SUBNET).build();
 * }</pre>
 */
public enum EncapsulationMode {
    /** No encapsulation. */
    NEVER("Never"),
    /** Encapsulate all traffic between nodes. */
    ALWAYS("Always"),
    /** Encapsulate only traffic to nodes on another subnet. */
    CROSS_SUBNET("CrossSubnet");

    private final String wire;

    EncapsulationMode(String wire) {
        this.wire = wire;
    }

    /**
     * The manifest spelling.
     *
     * @return the text, e.g. {@code CrossSubnet}
     */
    public String wire() {
        return wire;
    }

    /**
     * Exact (case-sensitive) lookup, as Calico's validator matches; "" means Never.
     *
     * @param s the text as written in a manifest
     * @return the mode, or empty when Calico would reject the text
     */
    public static Optional<EncapsulationMode> fromWire(String s) {
        if (s.isEmpty()) {
            return Optional.of(NEVER);
        }
        for (EncapsulationMode m : values()) {
            if (m.wire.equals(s)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
