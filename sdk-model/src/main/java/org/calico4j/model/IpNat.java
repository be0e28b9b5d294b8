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

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this value's fields, to change some of them:
     * {@code x.toBuilder().someField(v).build()}.
     */
    public Builder toBuilder() {
        return builder().from(this);
    }

    @Value.Default
    public String internalIP() {
        return "";
    }

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
