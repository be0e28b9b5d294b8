package org.calico4j.model;

import org.immutables.value.Value;

/**
 * Calico's {@code BGPConfiguration}: {@code default} is global, {@code node.<name>} per node.
 *
 * <pre>{@code
 * BgpConfiguration c = BgpConfiguration.builder().name("default")
 *     .spec(BgpConfigurationSpec.builder().nodeToNodeMeshEnabled(false).build()).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class BgpConfiguration implements Resource {
    BgpConfiguration() {
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public final Kind kind() {
        return Kind.BGP_CONFIGURATION;
    }

    @Override
    public abstract ObjectMeta metadata();

    public abstract BgpConfigurationSpec spec();

    @Override
    public BgpConfiguration withMetadata(ObjectMeta metadata) {
        return ImmutableBgpConfiguration.copyOf(this).withMetadata(metadata);
    }

    public BgpConfiguration withSpec(BgpConfigurationSpec spec) {
        return ImmutableBgpConfiguration.copyOf(this).withSpec(spec);
    }

    /** Builds a {@link BgpConfiguration}. */
    public static class Builder extends ImmutableBgpConfiguration.Builder {
        public Builder name(String name) {
            metadata(ObjectMeta.named(name));
            return this;
        }
    }
}
