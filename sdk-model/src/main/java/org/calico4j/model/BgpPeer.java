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

    @Override
    public final Kind kind() {
        return Kind.BGP_PEER;
    }

    @Override
    public abstract ObjectMeta metadata();

    public abstract BgpPeerSpec spec();

    @Override
    public BgpPeer withMetadata(ObjectMeta metadata) {
        return ImmutableBgpPeer.copyOf(this).withMetadata(metadata);
    }

    public BgpPeer withSpec(BgpPeerSpec spec) {
        return ImmutableBgpPeer.copyOf(this).withSpec(spec);
    }

    /**
     * This resource with its spec edited through a builder:
     * {@code r.editSpec(s -> s.someField(v))}.
     */
    public BgpPeer editSpec(UnaryOperator<BgpPeerSpec.Builder> edit) {
        return withSpec(edit.apply(spec().toBuilder()).build());
    }

    /** This resource with its metadata edited through a builder: {@code r.editMetadata(m -> m.putLabels("k", "v"))}. */
    public BgpPeer editMetadata(UnaryOperator<ObjectMeta.Builder> edit) {
        return withMetadata(edit.apply(metadata().toBuilder()).build());
    }

    /** Builds a {@link BgpPeer}. */
    public static class Builder extends ImmutableBgpPeer.Builder {
        /** Creates an empty builder, as {@link BgpPeer#builder()} does. */
        public Builder() {
        }

        public Builder name(String name) {
            metadata(ObjectMeta.named(name));
            return this;
        }
    }
}
