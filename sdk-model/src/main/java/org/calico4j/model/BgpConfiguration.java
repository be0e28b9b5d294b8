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

    /**
     * An empty builder for a {@link BgpConfiguration}.
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
        return Kind.BGP_CONFIGURATION;
    }

    @Override
    public abstract ObjectMeta metadata();

    /**
     * The resource's {@code spec}: what it asks Calico for.
     *
     * @return the spec
     */
    public abstract BgpConfigurationSpec spec();

    @Override
    public BgpConfiguration withMetadata(ObjectMeta metadata) {
        return ImmutableBgpConfiguration.copyOf(this).withMetadata(metadata);
    }

    /**
     * This value with {@code spec} replaced.
     *
     * @param spec the new {@code spec}
     * @return a copy with it
     */
    public BgpConfiguration withSpec(BgpConfigurationSpec spec) {
        return ImmutableBgpConfiguration.copyOf(this).withSpec(spec);
    }

    /**
     * This resource with its spec edited through a builder:
     * {@code r.editSpec(s -> s.someField(v))}.
     *
     * @param edit changes a builder that holds the current spec
     * @return a copy with the edited spec
     */
    public BgpConfiguration editSpec(UnaryOperator<BgpConfigurationSpec.Builder> edit) {
        return withSpec(edit.apply(spec().toBuilder()).build());
    }

    /**
     * This resource with its metadata edited through a builder: {@code r.editMetadata(m ->
     * m.putLabels("k", "v"))}.
     *
     * @param edit changes a builder that holds the current metadata
     * @return a copy with the edited metadata
     */
    public BgpConfiguration editMetadata(UnaryOperator<ObjectMeta.Builder> edit) {
        return withMetadata(edit.apply(metadata().toBuilder()).build());
    }

    /** Builds a {@link BgpConfiguration}. */
    public static class Builder extends ImmutableBgpConfiguration.Builder {
        /** Creates an empty builder, as {@link BgpConfiguration#builder()} does. */
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
