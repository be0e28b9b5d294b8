package org.calico4j.model;

import org.immutables.value.Value;

/**
 * One CIDR of BGPConfiguration's service cluster / external / load-balancer IP lists.
 *
 * <pre>{@code
 * ServiceIpBlock b = ServiceIpBlock.builder().cidr("10.96.0.0/12").build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class ServiceIpBlock {
    ServiceIpBlock() {
    }

    /**
     * An empty builder for a {@link ServiceIpBlock}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this value's fields, to change some of them:
     * {@code x.toBuilder().someField(v).build()}.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return builder().from(this);
    }

    /**
     * A range of service addresses BGP advertises.
     *
     * @return the CIDR as written
     */
    @Value.Default
    public String cidr() {
        return "";
    }

    /** Builds a {@link ServiceIpBlock}. */
    public static class Builder extends ImmutableServiceIpBlock.Builder {
        /** Creates an empty builder, as {@link ServiceIpBlock#builder()} does. */
        public Builder() {
        }

    }
}
