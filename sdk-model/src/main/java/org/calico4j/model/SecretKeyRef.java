package org.calico4j.model;

import java.util.Optional;

import org.immutables.value.Value;

/**
 * A reference to a key of a Kubernetes secret in calico-node's namespace (BGP passwords).
 *
 * <pre>{@code
 * SecretKeyRef ref = SecretKeyRef.builder().name("bgp-secrets").key("rack-a").build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class SecretKeyRef {
    SecretKeyRef() {
    }

    /**
     * An empty builder for a {@link SecretKeyRef}.
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
     * The Kubernetes Secret's name (in calico-node's namespace).
     *
     * @return the name
     */
    @Value.Default
    public String name() {
        return "";
    }
    /**
     * The key within the Secret.
     *
     * @return the key
     */
    @Value.Default
    public String key() {
        return "";
    }
    /**
     * Whether a missing Secret or key is acceptable (Kubernetes' {@code optional}).
     *
     * @return the flag, or empty when not set
     */
    public abstract Optional<Boolean> optional();

    /** Builds a {@link SecretKeyRef}. */
    public static class Builder extends ImmutableSecretKeyRef.Builder {
        /** Creates an empty builder, as {@link SecretKeyRef#builder()} does. */
        public Builder() {
        }

    }
}
