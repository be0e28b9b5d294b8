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

    /**
     * An empty builder for a {@link Community}.
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

    /**
     * Name given to community value.
     *
     * @return the {@code name} value
     */
    @Value.Default
    public String name() {
        return "";
    }
    /**
     * Value must be of format `aa:nn` or `aa:nn:mm`. For standard community use `aa:nn` format, where
     * `aa` and `nn` are 16 bit number. For large community use `aa:nn:mm` format, where `aa`, `nn` and
     * `mm` are 32 bit number. Where, `aa` is an AS Number, `nn` and `mm` are per-AS identifier.
     *
     * @return the {@code value} value
     */
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
