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

    /**
     * An empty builder for a {@link IpPool}.
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
        return Kind.IP_POOL;
    }

    @Override
    public abstract ObjectMeta metadata();

    /**
     * The resource's {@code spec}: what it asks Calico for.
     *
     * @return the spec
     */
    public abstract IpPoolSpec spec();

    /**
     * The status kube-controllers writes ({@code status.conditions}), carried as is.
     *
     * @return the status, or empty
     */
    public abstract Optional<JsonValue> status();

    @Override
    public IpPool withMetadata(ObjectMeta metadata) {
        return ImmutableIpPool.copyOf(this).withMetadata(metadata);
    }

    /**
     * This value with {@code spec} replaced.
     *
     * @param spec the new {@code spec}
     * @return a copy with it
     */
    public IpPool withSpec(IpPoolSpec spec) {
        return ImmutableIpPool.copyOf(this).withSpec(spec);
    }

    /**
     * This resource with its spec edited through a builder:
     * {@code r.editSpec(s -> s.someField(v))}.
     *
     * @param edit changes a builder that holds the current spec
     * @return a copy with the edited spec
     */
    public IpPool editSpec(UnaryOperator<IpPoolSpec.Builder> edit) {
        return withSpec(edit.apply(spec().toBuilder()).build());
    }

    /**
     * This resource with its metadata edited through a builder: {@code r.editMetadata(m ->
     * m.putLabels("k", "v"))}.
     *
     * @param edit changes a builder that holds the current metadata
     * @return a copy with the edited metadata
     */
    public IpPool editMetadata(UnaryOperator<ObjectMeta.Builder> edit) {
        return withMetadata(edit.apply(metadata().toBuilder()).build());
    }

    /** Builds an {@link IpPool}. */
    public static class Builder extends ImmutableIpPool.Builder {
        /** Creates an empty builder, as {@link IpPool#builder()} does. */
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
