package org.calico4j.model;

import java.util.function.UnaryOperator;
import org.immutables.value.Value;

/**
 * Calico's {@code BGPFilter}: import/export rules that BGPPeers reference by name.
 *
 * <pre>{@code
 * BgpFilter f = BgpFilter.builder().name("no-default")
 *     .spec(BgpFilterSpec.builder().addExportV4(BgpFilterRule.builder().cidr("0.0.0.0/0").matchOperator("Equal").action("Reject").build()).build()).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class BgpFilter implements Resource {
    BgpFilter() {
    }

    /**
     * An empty builder for a {@link BgpFilter}.
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

    @Override
    public final Kind kind() {
        return Kind.BGP_FILTER;
    }

    @Override
    public abstract ObjectMeta metadata();

    /**
     * The resource's {@code spec}: what it asks Calico for.
     *
     * @return the spec
     */
    public abstract BgpFilterSpec spec();

    @Override
    public BgpFilter withMetadata(ObjectMeta metadata) {
        return ImmutableBgpFilter.copyOf(this).withMetadata(metadata);
    }

    /**
     * This value with {@code spec} replaced.
     *
     * @param spec the new {@code spec}
     * @return a copy with it
     */
    public BgpFilter withSpec(BgpFilterSpec spec) {
        return ImmutableBgpFilter.copyOf(this).withSpec(spec);
    }

    /**
     * This resource with its spec edited through a builder:
     * {@code r.editSpec(s -> s.someField(v))}.
     *
     * @param edit changes a builder that holds the current spec
     * @return a copy with the edited spec
     */
    public BgpFilter editSpec(UnaryOperator<BgpFilterSpec.Builder> edit) {
        return withSpec(edit.apply(spec().toBuilder()).build());
    }

    /**
     * This resource with its metadata edited through a builder: {@code r.editMetadata(m ->
     * m.putLabels("k", "v"))}.
     *
     * @param edit changes a builder that holds the current metadata
     * @return a copy with the edited metadata
     */
    public BgpFilter editMetadata(UnaryOperator<ObjectMeta.Builder> edit) {
        return withMetadata(edit.apply(metadata().toBuilder()).build());
    }

    /** Builds a {@link BgpFilter}. */
    public static class Builder extends ImmutableBgpFilter.Builder {
        /** Creates an empty builder, as {@link BgpFilter#builder()} does. */
        public Builder() {
        }

        /**
         * Sets {@code metadata} to an ObjectMeta holding just this name.
         *
         * @param name the resource's name
         * @return this builder
         */
        public Builder name(String name) {
            metadata(ObjectMeta.named(name));
            return this;
        }
    }
}
