package org.calico4j.model;

import java.util.function.UnaryOperator;
import java.util.Optional;

import org.immutables.value.Value;

/**
 * Calico's {@code IPPool}: a range workload addresses come from, with its NAT-outgoing and
 * IPIP/VXLAN settings.
 *
 * <pre>{@code
 * IpPool pool = IpPool.builder().metadata(ObjectMeta.named("ippool-ext-1"))
 *     .spec(IpPoolSpec.builder().cidr("10.0.0.0/16").natOutgoing(true).build()).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class IpPool implements Resource {
    IpPool() {
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
        return Kind.IP_POOL;
    }

    @Override
    public abstract ObjectMeta metadata();

    public abstract IpPoolSpec spec();

    /** The status kube-controllers writes ({@code status.conditions}), carried as is. */
    public abstract Optional<JsonValue> status();

    @Override
    public IpPool withMetadata(ObjectMeta metadata) {
        return ImmutableIpPool.copyOf(this).withMetadata(metadata);
    }

    public IpPool withSpec(IpPoolSpec spec) {
        return ImmutableIpPool.copyOf(this).withSpec(spec);
    }

    /**
     * This resource with its spec edited through a builder:
     * {@code r.editSpec(s -> s.someField(v))}.
     */
    public IpPool editSpec(UnaryOperator<IpPoolSpec.Builder> edit) {
        return withSpec(edit.apply(spec().toBuilder()).build());
    }

    /** This resource with its metadata edited through a builder: {@code r.editMetadata(m -> m.putLabels("k", "v"))}. */
    public IpPool editMetadata(UnaryOperator<ObjectMeta.Builder> edit) {
        return withMetadata(edit.apply(metadata().toBuilder()).build());
    }

    /** Builds an {@link IpPool}. */
    public static class Builder extends ImmutableIpPool.Builder {
        /** Creates an empty builder, as {@link IpPool#builder()} does. */
        public Builder() {
        }

        public Builder name(String name) {
            metadata(ObjectMeta.named(name));
            return this;
        }
    }
}
