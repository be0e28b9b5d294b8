package org.calico4j.model;

import org.immutables.value.Value;

/**
 * A 1:1 NAT of a {@link WorkloadEndpointSpec} ({@code ipNATs}): an external address for one of the endpoint's.
 *
 * <pre>{@code
 * IpNat n = IpNat.builder().internalIP("10.244.1.5").externalIP("172.16.0.5").build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class IpNat {
    IpNat() {
    }

    /**
     * An empty builder for a {@link IpNat}.
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
     * The internal IP address which must be associated with the owning endpoint via the configured
     * IPNetworks for the endpoint.
     *
     * @return the {@code internalIP} value
     */
    @Value.Default
    public String internalIP() {
        return "";
    }

    /**
     * The external IP address.
     *
     * @return the {@code externalIP} value
     */
    @Value.Default
    public String externalIP() {
        return "";
    }


    /** Builds a {@link IpNat}. */
    public static class Builder extends ImmutableIpNat.Builder {
        /** Creates an empty builder, as {@link IpNat#builder()} does. */
        public Builder() {
        }

    }
}
