package org.calico4j.model;

import java.util.List;

import org.immutables.value.Value;

/**
 * The spec of a {@link BgpFilter}: ordered import and export rules per address family.
 *
 * <pre>{@code
 * BgpFilterSpec s = BgpFilterSpec.builder().addExportV4(BgpFilterRule.builder().action("Accept").build()).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class BgpFilterSpec {
    BgpFilterSpec() {
    }

    /**
     * An empty builder for a {@link BgpFilterSpec}.
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
     * The ordered set of IPv4 BGPFilter rules acting on exporting routes to a peer.
     *
     * @return the {@code exportV4} values, empty when not set
     */
    public abstract List<BgpFilterRule> exportV4();
    /**
     * The ordered set of IPv4 BGPFilter rules acting on importing routes from a peer.
     *
     * @return the {@code importV4} values, empty when not set
     */
    public abstract List<BgpFilterRule> importV4();
    /**
     * The ordered set of IPv6 BGPFilter rules acting on exporting routes to a peer.
     *
     * @return the {@code exportV6} values, empty when not set
     */
    public abstract List<BgpFilterRule> exportV6();
    /**
     * The ordered set of IPv6 BGPFilter rules acting on importing routes from a peer.
     *
     * @return the {@code importV6} values, empty when not set
     */
    public abstract List<BgpFilterRule> importV6();

    /** Builds a {@link BgpFilterSpec}. */
    public static class Builder extends ImmutableBgpFilterSpec.Builder {
        /** Creates an empty builder, as {@link BgpFilterSpec#builder()} does. */
        public Builder() {
        }

    }
}
