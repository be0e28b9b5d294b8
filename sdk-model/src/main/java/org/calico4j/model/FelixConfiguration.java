package org.calico4j.model;

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

    /** Builds a {@link FelixConfiguration}. */
    public static class Builder extends ImmutableFelixConfiguration.Builder {
        public Builder name(String name) {
            metadata(ObjectMeta.named(name));
            return this;
        }
    }
}
