package org.calico4j.model;

import java.util.Map;
import java.util.Optional;

import org.immutables.value.Value;

/**
 * The spec of a Calico {@link Node}: its BGP settings and tunnel addresses; system-managed fields calico4j does not model are carried in {@link #extra()}.
 *
 * <pre>{@code
 * NodeSpec s = NodeSpec.builder().bgp(NodeBgpSpec.builder().ipv4Address("10.0.0.5/16").build()).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class NodeSpec {
    NodeSpec() {
    }

    /**
     * An empty builder for a {@link NodeSpec}.
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
     * BGP configuration for this node.
     *
     * @return the {@code bgp} value, or empty when not set
     */
    public abstract Optional<NodeBgpSpec> bgp();
    /**
     * IPv4VXLANTunnelAddr is the IPv4 address of the VXLAN tunnel.
     *
     * @return the {@code ipv4VXLANTunnelAddr} value
     */
    @Value.Default
    public String ipv4VXLANTunnelAddr() {
        return "";
    }
    /**
     * VXLANTunnelMACAddr is the MAC address of the VXLAN tunnel.
     *
     * @return the {@code vxlanTunnelMACAddr} value
     */
    @Value.Default
    public String vxlanTunnelMACAddr() {
        return "";
    }
    /**
     * IPv6VXLANTunnelAddr is the address of the IPv6 VXLAN tunnel.
     *
     * @return the {@code ipv6VXLANTunnelAddr} value
     */
    @Value.Default
    public String ipv6VXLANTunnelAddr() {
        return "";
    }
    /**
     * VXLANTunnelMACAddrV6 is the MAC address of the IPv6 VXLAN tunnel.
     *
     * @return the {@code vxlanTunnelMACAddrV6} value
     */
    @Value.Default
    public String vxlanTunnelMACAddrV6() {
        return "";
    }
    /**
     * Other NodeSpec fields Calico knows (orchRefs, wireguard, addresses, interfaces...), by JSON name.
     *
     * @return the {@code extra} values, empty when not set
     */
    public abstract Map<String, JsonValue> extra();

    /** Builds a {@link NodeSpec}. */
    public static class Builder extends ImmutableNodeSpec.Builder {
        /** Creates an empty builder, as {@link NodeSpec#builder()} does. */
        public Builder() {
        }

    }
}
