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

    public abstract Optional<NodeBgpSpec> bgp();
    @Value.Default
    public String ipv4VXLANTunnelAddr() {
        return "";
    }
    @Value.Default
    public String vxlanTunnelMACAddr() {
        return "";
    }
    @Value.Default
    public String ipv6VXLANTunnelAddr() {
        return "";
    }
    @Value.Default
    public String vxlanTunnelMACAddrV6() {
        return "";
    }
    /** Other NodeSpec fields Calico knows (orchRefs, wireguard, addresses, interfaces...), by JSON name. */
    public abstract Map<String, JsonValue> extra();

    /** Builds a {@link NodeSpec}. */
    public static class Builder extends ImmutableNodeSpec.Builder {
        /** Creates an empty builder, as {@link NodeSpec#builder()} does. */
        public Builder() {
        }

    }
}
