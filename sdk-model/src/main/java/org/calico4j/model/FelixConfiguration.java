package org.calico4j.model;

import java.util.function.UnaryOperator;
import org.immutables.value.Value;

/**
 * Calico's {@code FelixConfiguration}: {@code default} is global, {@code node.<name>} per node, other names apply through {@code spec.nodeSelector}.
 *
 * <pre>{@code
 * FelixConfiguration f = FelixConfiguration.builder().name("default")
 *     .spec(FelixConfigurationSpec.builder().natOutgoingAddress("192.0.2.10").build()).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class FelixConfiguration implements Resource {
    FelixConfiguration() {
    }

    /**
     * An empty builder for a {@link FelixConfiguration}.
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
        return Kind.FELIX_CONFIGURATION;
    }

    @Override
    public abstract ObjectMeta metadata();

    /**
     * The resource's {@code spec}: what it asks Calico for.
     *
     * @return the spec
     */
    public abstract FelixConfigurationSpec spec();

    @Override
    public FelixConfiguration withMetadata(ObjectMeta metadata) {
        return ImmutableFelixConfiguration.copyOf(this).withMetadata(metadata);
    }

    /**
     * This value with {@code spec} replaced.
     *
     * @param spec the new {@code spec}
     * @return a copy with it
     */
    public FelixConfiguration withSpec(FelixConfigurationSpec spec) {
        return ImmutableFelixConfiguration.copyOf(this).withSpec(spec);
    }

    /**
     * This resource with its spec edited through a builder:
     * {@code r.editSpec(s -> s.someField(v))}.
     *
     * @param edit changes a builder that holds the current spec
     * @return a copy with the edited spec
     */
    public FelixConfiguration editSpec(UnaryOperator<FelixConfigurationSpec.Builder> edit) {
        return withSpec(edit.apply(spec().toBuilder()).build());
    }

    /**
     * This resource with its metadata edited through a builder: {@code r.editMetadata(m ->
     * m.putLabels("k", "v"))}.
     *
     * @param edit changes a builder that holds the current metadata
     * @return a copy with the edited metadata
     */
    public FelixConfiguration editMetadata(UnaryOperator<ObjectMeta.Builder> edit) {
        return withMetadata(edit.apply(metadata().toBuilder()).build());
    }

    /** Builds a {@link FelixConfiguration}. */
    public static class Builder extends ImmutableFelixConfiguration.Builder {
        /** Creates an empty builder, as {@link FelixConfiguration#builder()} does. */
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
