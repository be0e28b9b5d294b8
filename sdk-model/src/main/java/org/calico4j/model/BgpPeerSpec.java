package org.calico4j.model;

import java.util.List;
import java.util.Optional;

import org.calico4j.model.net.AsNumber;
import org.immutables.value.Value;

/**
 * The spec of a {@link BgpPeer}, field for field as Calico's {@code BGPPeerSpec}.
 *
 * <pre>{@code
 * BgpPeerSpec s = BgpPeerSpec.builder().peerIP("192.0.2.1").asNumber(AsNumber.of(64512)).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class BgpPeerSpec {
    BgpPeerSpec() {
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

    /** The single node this peering applies to; "" = not node-scoped. */
    @Value.Default
    public String node() {
        return "";
    }
    /** {@code IP}, {@code IPv4:port} or {@code [IPv6]:port}. */
    @Value.Default
    public String peerIP() {
        return "";
    }
    public abstract Optional<AsNumber> asNumber();
    @Value.Default
    public String nodeSelector() {
        return "";
    }
    @Value.Default
    public String peerSelector() {
        return "";
    }
    @Value.Default
    public boolean keepOriginalNextHop() {
        return false;
    }
    public abstract Optional<BgpPassword> password();
    @Value.Default
    public String sourceAddress() {
        return "";
    }
    public abstract Optional<GoDuration> maxRestartTime();
    public abstract Optional<Integer> numAllowedLocalASNumbers();
    public abstract Optional<Integer> ttlSecurity();
    @Value.Default
    public String reachableBy() {
        return "";
    }
    public abstract List<String> filters();
    @Value.Default
    public String localWorkloadSelector() {
        return "";
    }
    public abstract Optional<String> nextHopMode();
    public abstract Optional<AsNumber> localASNumber();
    public abstract Optional<String> reversePeering();
    public abstract Optional<GoDuration> keepaliveTime();

    /** Builds a {@link BgpPeerSpec}. */
    public static class Builder extends ImmutableBgpPeerSpec.Builder {
        /** Creates an empty builder, as {@link BgpPeerSpec#builder()} does. */
        public Builder() {
        }

    }
}
