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

    public abstract Optional<AsNumber> asNumber();
    @Value.Default
    public String ipv4Address() {
        return "";
    }
    @Value.Default
    public String ipv6Address() {
        return "";
    }
    @Value.Default
    public String ipv4IPIPTunnelAddr() {
        return "";
    }
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
