package org.calico4j.model;

import java.util.List;

import org.immutables.value.Value;

/**
 * The spec of an {@link IpReservation}: addresses IPAM must never hand out.
 *
 * <pre>{@code
 * IpReservationSpec s = IpReservationSpec.builder().addReservedCIDRs("10.0.0.1", "10.0.1.0/24").build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class IpReservationSpec {
    IpReservationSpec() {
    }

    /**
     * An empty builder for a {@link IpReservationSpec}.
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
     * ReservedCIDRs is a list of CIDRs and/or IP addresses that Calico IPAM will exclude from new
     * allocations.
     *
     * @return the {@code reservedCIDRs} values, empty when not set
     */
    public abstract List<String> reservedCIDRs();

    /** Builds a {@link IpReservationSpec}. */
    public static class Builder extends ImmutableIpReservationSpec.Builder {
        /** Creates an empty builder, as {@link IpReservationSpec#builder()} does. */
        public Builder() {
        }

    }
}
