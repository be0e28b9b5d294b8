package org.calico4j.model;

import java.util.List;

import org.immutables.value.Value;

/**
 * Communities to attach to advertisements of one CIDR.
 *
 * <pre>{@code
 * PrefixAdvertisement p = PrefixAdvertisement.builder().cidr("10.0.0.0/8").addCommunities("my-community").build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class PrefixAdvertisement {
    PrefixAdvertisement() {
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
    public String cidr() {
        return "";
    }
    public abstract List<String> communities();

    /** Builds a {@link PrefixAdvertisement}. */
    public static class Builder extends ImmutablePrefixAdvertisement.Builder {
        /** Creates an empty builder, as {@link PrefixAdvertisement#builder()} does. */
        public Builder() {
        }

    }
}
