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

    @Override
    public final Kind kind() {
        return Kind.HOST_ENDPOINT;
    }

    @Override
    public abstract ObjectMeta metadata();

    public abstract HostEndpointSpec spec();

    @Override
    public HostEndpoint withMetadata(ObjectMeta metadata) {
        return ImmutableHostEndpoint.copyOf(this).withMetadata(metadata);
    }

    public HostEndpoint withSpec(HostEndpointSpec spec) {
        return ImmutableHostEndpoint.copyOf(this).withSpec(spec);
    }

    /**
     * This resource with its spec edited through a builder:
     * {@code r.editSpec(s -> s.someField(v))}.
     */
    public HostEndpoint editSpec(UnaryOperator<HostEndpointSpec.Builder> edit) {
        return withSpec(edit.apply(spec().toBuilder()).build());
    }

    /** This resource with its metadata edited through a builder: {@code r.editMetadata(m -> m.putLabels("k", "v"))}. */
    public HostEndpoint editMetadata(UnaryOperator<ObjectMeta.Builder> edit) {
        return withMetadata(edit.apply(metadata().toBuilder()).build());
    }

    /** Builds a {@link HostEndpoint}. */
    public static class Builder extends ImmutableHostEndpoint.Builder {
        /** Creates an empty builder, as {@link HostEndpoint#builder()} does. */
        public Builder() {
        }

        public Builder name(String name) {
            metadata(ObjectMeta.named(name));
            return this;
        }
    }
}
