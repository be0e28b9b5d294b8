package org.calico4j.model;

import org.immutables.value.Value;

/**
 * A named BGP community of a {@link BgpConfigurationSpec}.
 *
 * <pre>{@code
 * Community c = Community.builder().name("my-community").value("64512:100").build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class Community {
    Community() {
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

    @Value.Default
    public String name() {
        return "";
    }
    @Value.Default
    public String value() {
        return "";
    }

    /** Builds a {@link Community}. */
    public static class Builder extends ImmutableCommunity.Builder {
        /** Creates an empty builder, as {@link Community#builder()} does. */
        public Builder() {
        }

    }
}
