package org.calico4j.model;

import java.util.function.UnaryOperator;
import org.immutables.value.Value;

/**
 * Calico's {@code BGPPeer}: a BGP session from some nodes to a router or to other nodes.
 *
 * <pre>{@code
 * BgpPeer peer = BgpPeer.builder().name("tor-a")
 *     .spec(BgpPeerSpec.builder().peerIP("192.0.2.1").asNumber(AsNumber.of(64512)).build()).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class BgpPeer implements Resource {
    BgpPeer() {
    }

    /**
     * An empty builder for a {@link BgpPeer}.
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
        return Kind.BGP_PEER;
    }

    @Override
    public abstract ObjectMeta metadata();

    /**
     * The resource's {@code spec}: what it asks Calico for.
     *
     * @return the spec
     */
    public abstract BgpPeerSpec spec();

    @Override
    public BgpPeer withMetadata(ObjectMeta metadata) {
        return ImmutableBgpPeer.copyOf(this).withMetadata(metadata);
    }

    /**
     * This value with {@code spec} replaced.
     *
     * @param spec the new {@code spec}
     * @return a copy with it
     */
    public BgpPeer withSpec(BgpPeerSpec spec) {
        return ImmutableBgpPeer.copyOf(this).withSpec(spec);
    }

    /**
     * This resource with its spec edited through a builder:
     * {@code r.editSpec(s -> s.someField(v))}.
     *
     * @param edit changes a builder that holds the current spec
     * @return a copy with the edited spec
     */
    public BgpPeer editSpec(UnaryOperator<BgpPeerSpec.Builder> edit) {
        return withSpec(edit.apply(spec().toBuilder()).build());
    }

    /**
     * This resource with its metadata edited through a builder: {@code r.editMetadata(m ->
     * m.putLabels("k", "v"))}.
     *
     * @param edit changes a builder that holds the current metadata
     * @return a copy with the edited metadata
     */
    public BgpPeer editMetadata(UnaryOperator<ObjectMeta.Builder> edit) {
        return withMetadata(edit.apply(metadata().toBuilder()).build());
    }

    /** Builds a {@link BgpPeer}. */
    public static class Builder extends ImmutableBgpPeer.Builder {
        /** Creates an empty builder, as {@link BgpPeer#builder()} does. */
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
