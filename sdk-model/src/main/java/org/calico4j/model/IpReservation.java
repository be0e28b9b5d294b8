package org.calico4j.model;

import org.immutables.value.Value;

/**
 * Calico's {@code IPReservation}: addresses IPAM must never hand out.
 *
 * <pre>{@code
 * IpReservation r = IpReservation.builder().name("gateways")
 *     .spec(IpReservationSpec.builder().addReservedCIDRs("10.0.0.1").build()).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class IpReservation implements Resource {
    IpReservation() {
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public final Kind kind() {
        return Kind.IP_RESERVATION;
    }

    @Override
    public abstract ObjectMeta metadata();

    public abstract IpReservationSpec spec();

    @Override
    public IpReservation withMetadata(ObjectMeta metadata) {
        return ImmutableIpReservation.copyOf(this).withMetadata(metadata);
    }

    public IpReservation withSpec(IpReservationSpec spec) {
        return ImmutableIpReservation.copyOf(this).withSpec(spec);
    }

    /** Builds a {@link IpReservation}. */
    public static class Builder extends ImmutableIpReservation.Builder {
        public Builder name(String name) {
            metadata(ObjectMeta.named(name));
            return this;
        }
    }
}
