package org.calico4j.model;

import java.util.function.UnaryOperator;
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

    /**
     * An empty builder for a {@link IpReservation}.
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

    @Override
    public final Kind kind() {
        return Kind.IP_RESERVATION;
    }

    @Override
    public abstract ObjectMeta metadata();

    /**
     * The resource's {@code spec}: what it asks Calico for.
     *
     * @return the spec
     */
    public abstract IpReservationSpec spec();

    @Override
    public IpReservation withMetadata(ObjectMeta metadata) {
        return ImmutableIpReservation.copyOf(this).withMetadata(metadata);
    }

    /**
     * This value with {@code spec} replaced.
     *
     * @param spec the new {@code spec}
     * @return a copy with it
     */
    public IpReservation withSpec(IpReservationSpec spec) {
        return ImmutableIpReservation.copyOf(this).withSpec(spec);
    }

    /**
     * This resource with its spec edited through a builder:
     * {@code r.editSpec(s -> s.someField(v))}.
     *
     * @param edit changes a builder that holds the current spec
     * @return a copy with the edited spec
     */
    public IpReservation editSpec(UnaryOperator<IpReservationSpec.Builder> edit) {
        return withSpec(edit.apply(spec().toBuilder()).build());
    }

    /**
     * This resource with its metadata edited through a builder: {@code r.editMetadata(m ->
     * m.putLabels("k", "v"))}.
     *
     * @param edit changes a builder that holds the current metadata
     * @return a copy with the edited metadata
     */
    public IpReservation editMetadata(UnaryOperator<ObjectMeta.Builder> edit) {
        return withMetadata(edit.apply(metadata().toBuilder()).build());
    }

    /** Builds a {@link IpReservation}. */
    public static class Builder extends ImmutableIpReservation.Builder {
        /** Creates an empty builder, as {@link IpReservation#builder()} does. */
        public Builder() {
        }

        /**
         * Sets {@code metadata} to an ObjectMeta holding just this name.
         *
         * @param name the resource's name
         * @return this builder
         */
        public Builder name(String name) {
            metadata(ObjectMeta.named(name));
            return this;
        }
    }
}
