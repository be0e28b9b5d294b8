package org.calico4j.model;

import java.util.Optional;

import org.immutables.value.Value;

/**
 * The prefix-length range a BGP filter rule matches ({@code prefixLength}).
 *
 * <pre>{@code
 * BgpFilterPrefixLength p = BgpFilterPrefixLength.builder().min(16).max(24).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class BgpFilterPrefixLength {
    BgpFilterPrefixLength() {
    }

    /**
     * An empty builder for a {@link BgpFilterPrefixLength}.
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
     * The shortest prefix length a rule's CIDR match accepts.
     *
     * @return the length, or empty when unbounded
     */
    public abstract Optional<Integer> min();
    /**
     * The longest prefix length a rule's CIDR match accepts.
     *
     * @return the length, or empty when unbounded
     */
    public abstract Optional<Integer> max();

    /** Builds a {@link BgpFilterPrefixLength}. */
    public static class Builder extends ImmutableBgpFilterPrefixLength.Builder {
        /** Creates an empty builder, as {@link BgpFilterPrefixLength#builder()} does. */
        public Builder() {
        }

    }
}
