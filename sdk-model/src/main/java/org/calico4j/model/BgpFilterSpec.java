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

    public abstract List<BgpFilterRule> exportV4();
    public abstract List<BgpFilterRule> importV4();
    public abstract List<BgpFilterRule> exportV6();
    public abstract List<BgpFilterRule> importV6();

    /** Builds a {@link BgpFilterSpec}. */
    public static class Builder extends ImmutableBgpFilterSpec.Builder {
        /** Creates an empty builder, as {@link BgpFilterSpec#builder()} does. */
        public Builder() {
        }

    }
}
