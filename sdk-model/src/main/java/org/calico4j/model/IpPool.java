package org.calico4j.model;

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

    /** Builds an {@link IpPool}. */
    public static class Builder extends ImmutableIpPool.Builder {
        public Builder name(String name) {
            metadata(ObjectMeta.named(name));
            return this;
        }
    }
}
