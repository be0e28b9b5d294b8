package org.calico4j.model;

import java.util.function.UnaryOperator;
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

    /**
     * A builder holding this value's fields, to change some of them:
     * {@code x.toBuilder().someField(v).build()}.
     */
    public Builder toBuilder() {
        return builder().from(this);
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

    /**
     * This resource with its spec edited through a builder:
     * {@code r.editSpec(s -> s.someField(v))}.
     */
    public BgpConfiguration editSpec(UnaryOperator<BgpConfigurationSpec.Builder> edit) {
        return withSpec(edit.apply(spec().toBuilder()).build());
    }

    /** This resource with its metadata edited through a builder: {@code r.editMetadata(m -> m.putLabels("k", "v"))}. */
    public BgpConfiguration editMetadata(UnaryOperator<ObjectMeta.Builder> edit) {
        return withMetadata(edit.apply(metadata().toBuilder()).build());
    }

    /** Builds a {@link BgpConfiguration}. */
    public static class Builder extends ImmutableBgpConfiguration.Builder {
        /** Creates an empty builder, as {@link BgpConfiguration#builder()} does. */
        public Builder() {
        }

        public Builder name(String name) {
            metadata(ObjectMeta.named(name));
            return this;
        }
    }
}
