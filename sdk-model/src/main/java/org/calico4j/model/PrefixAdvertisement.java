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

    /**
     * An empty builder for a {@link PrefixAdvertisement}.
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
     * CIDR for which properties should be advertised.
     *
     * @return the {@code cidr} value
     */
    @Value.Default
    public String cidr() {
        return "";
    }
    /**
     * Communities can be list of either community names already defined in `Specs.Communities` or
     * community value of format `aa:nn` or `aa:nn:mm`. For standard community use `aa:nn` format, where
     * `aa` and `nn` are 16 bit number. For large community use `aa:nn:mm` format, where `aa`, `nn` and
     * `mm` are 32 bit number. Where,`aa` is an AS Number, `nn` and `mm` are per-AS identifier.
     *
     * @return the {@code communities} values, empty when not set
     */
    public abstract List<String> communities();

    /** Builds a {@link PrefixAdvertisement}. */
    public static class Builder extends ImmutablePrefixAdvertisement.Builder {
        /** Creates an empty builder, as {@link PrefixAdvertisement#builder()} does. */
        public Builder() {
        }

    }
}
