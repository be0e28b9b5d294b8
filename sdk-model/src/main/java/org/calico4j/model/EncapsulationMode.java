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
    NEVER("Never"), ALWAYS("Always"), CROSS_SUBNET("CrossSubnet");

    private final String wire;

    EncapsulationMode(String wire) {
        this.wire = wire;
    }

    /**
     * The manifest spelling.
     *
     * @return the {@code wire} value
     */
    public String wire() {
        return wire;
    }

    /** Exact (case-sensitive) lookup, as Calico's validator matches; "" means Never. */
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
