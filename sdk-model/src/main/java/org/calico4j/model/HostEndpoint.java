package org.calico4j.model;

import java.util.function.UnaryOperator;
import org.immutables.value.Value;

/**
 * Calico's {@code HostEndpoint}: a node's interface (or its expected addresses) that Calico polices.
 *
 * <pre>{@code
 * HostEndpoint hep = HostEndpoint.builder().name("n1-eth0")
 *     .spec(HostEndpointSpec.builder().node("n1").interfaceName("eth0").build()).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class HostEndpoint implements Resource {
    HostEndpoint() {
    }

    /**
     * An empty builder for a {@link HostEndpoint}.
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
        return Kind.HOST_ENDPOINT;
    }

    @Override
    public abstract ObjectMeta metadata();

    /**
     * The resource's {@code spec}: what it asks Calico for.
     *
     * @return the spec
     */
    public abstract HostEndpointSpec spec();

    @Override
    public HostEndpoint withMetadata(ObjectMeta metadata) {
        return ImmutableHostEndpoint.copyOf(this).withMetadata(metadata);
    }

    /**
     * This value with {@code spec} replaced.
     *
     * @param spec the new {@code spec}
     * @return a copy with it
     */
    public HostEndpoint withSpec(HostEndpointSpec spec) {
        return ImmutableHostEndpoint.copyOf(this).withSpec(spec);
    }

    /**
     * This resource with its spec edited through a builder:
     * {@code r.editSpec(s -> s.someField(v))}.
     *
     * @param edit changes a builder that holds the current spec
     * @return a copy with the edited spec
     */
    public HostEndpoint editSpec(UnaryOperator<HostEndpointSpec.Builder> edit) {
        return withSpec(edit.apply(spec().toBuilder()).build());
    }

    /**
     * This resource with its metadata edited through a builder: {@code r.editMetadata(m ->
     * m.putLabels("k", "v"))}.
     *
     * @param edit changes a builder that holds the current metadata
     * @return a copy with the edited metadata
     */
    public HostEndpoint editMetadata(UnaryOperator<ObjectMeta.Builder> edit) {
        return withMetadata(edit.apply(metadata().toBuilder()).build());
    }

    /** Builds a {@link HostEndpoint}. */
    public static class Builder extends ImmutableHostEndpoint.Builder {
        /** Creates an empty builder, as {@link HostEndpoint#builder()} does. */
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
