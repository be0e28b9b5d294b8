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
        return Kind.FELIX_CONFIGURATION;
    }

    @Override
    public abstract ObjectMeta metadata();

    public abstract FelixConfigurationSpec spec();

    @Override
    public FelixConfiguration withMetadata(ObjectMeta metadata) {
        return ImmutableFelixConfiguration.copyOf(this).withMetadata(metadata);
    }

    public FelixConfiguration withSpec(FelixConfigurationSpec spec) {
        return ImmutableFelixConfiguration.copyOf(this).withSpec(spec);
    }

    /**
     * This resource with its spec edited through a builder:
     * {@code r.editSpec(s -> s.someField(v))}.
     */
    public FelixConfiguration editSpec(UnaryOperator<FelixConfigurationSpec.Builder> edit) {
        return withSpec(edit.apply(spec().toBuilder()).build());
    }

    /** This resource with its metadata edited through a builder: {@code r.editMetadata(m -> m.putLabels("k", "v"))}. */
    public FelixConfiguration editMetadata(UnaryOperator<ObjectMeta.Builder> edit) {
        return withMetadata(edit.apply(metadata().toBuilder()).build());
    }

    /** Builds a {@link FelixConfiguration}. */
    public static class Builder extends ImmutableFelixConfiguration.Builder {
        /** Creates an empty builder, as {@link FelixConfiguration#builder()} does. */
        public Builder() {
        }

        public Builder name(String name) {
            metadata(ObjectMeta.named(name));
            return this;
        }
    }
}
