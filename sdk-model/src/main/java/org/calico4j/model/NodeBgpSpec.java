package org.calico4j.model;

import java.util.Optional;

import org.calico4j.model.net.AsNumber;
import org.immutables.value.Value;

/**
 * The BGP part of a {@link NodeSpec}.
 *
 * <pre>{@code
 * NodeBgpSpec b = NodeBgpSpec.builder().ipv4Address("10.0.0.5/16").build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class NodeBgpSpec {
    NodeBgpSpec() {
    }

    /**
     * An empty builder for a {@link NodeBgpSpec}.
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
     * The AS Number of the node. If this is not specified, the global default value will be used.
     *
     * @return the {@code asNumber} value, or empty when not set
     */
    public abstract Optional<AsNumber> asNumber();
    /**
     * IPv4Address is the IPv4 address and network of this node. The IPv4 address should always be
     * specified if you are using BGP.
     *
     * @return the {@code ipv4Address} value
     */
    @Value.Default
    public String ipv4Address() {
        return "";
    }
    /**
     * IPv6Address is the IPv6 address and network of this node. Not required if you are not using BGP or
     * you do not require IPv6 routing.
     *
     * @return the {@code ipv6Address} value
     */
    @Value.Default
    public String ipv6Address() {
        return "";
    }
    /**
     * IPv4IPIPTunnelAddr is the IPv4 address of the IP in IP tunnel.
     *
     * @return the {@code ipv4IPIPTunnelAddr} value
     */
    @Value.Default
    public String ipv4IPIPTunnelAddr() {
        return "";
    }
    /**
     * RouteReflectorClusterID enables this node as a route reflector within the given cluster.
     *
     * @return the {@code routeReflectorClusterID} value
     */
    @Value.Default
    public String routeReflectorClusterID() {
        return "";
    }

    /** Builds a {@link NodeBgpSpec}. */
    public static class Builder extends ImmutableNodeBgpSpec.Builder {
        /** Creates an empty builder, as {@link NodeBgpSpec#builder()} does. */
        public Builder() {
        }

    }
}
