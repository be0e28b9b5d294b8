package org.calico4j.model;

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

    /** Builds a {@link BgpPeer}. */
    public static class Builder extends ImmutableBgpPeer.Builder {
        public Builder name(String name) {
            metadata(ObjectMeta.named(name));
            return this;
        }
    }
}
