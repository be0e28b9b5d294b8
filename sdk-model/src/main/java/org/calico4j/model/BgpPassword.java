package org.calico4j.model;

import java.util.Optional;

import org.immutables.value.Value;

/**
 * Where a BGP session password comes from; the password itself never passes through calico4j's model.
 *
 * <pre>{@code
 * BgpPassword p = BgpPassword.builder().secretKeyRef(SecretKeyRef.builder().name("s").key("k").build()).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class BgpPassword {
    BgpPassword() {
    }

    /**
     * An empty builder for a {@link BgpPassword}.
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
     * Selects a key of a secret in the node pod's namespace.
     *
     * @return the {@code secretKeyRef} value, or empty when not set
     */
    public abstract Optional<SecretKeyRef> secretKeyRef();

    /** Builds a {@link BgpPassword}. */
    public static class Builder extends ImmutableBgpPassword.Builder {
        /** Creates an empty builder, as {@link BgpPassword#builder()} does. */
        public Builder() {
        }

    }
}
