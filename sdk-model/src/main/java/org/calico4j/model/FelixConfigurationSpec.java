package org.calico4j.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.calico4j.model.net.Port;
import org.immutables.value.Value;

/**
 * The spec of a {@link FelixConfiguration}: the NAT-outgoing, encapsulation, BPF and iptables-backend fields calico4j models, plus every other FelixConfiguration field Calico knows, carried in {@link #extra()}.
 *
 * <pre>{@code
 * FelixConfigurationSpec s = FelixConfigurationSpec.builder().natOutgoingAddress("192.0.2.10")
 *     .natPortRange(Port.range(32768, 65535)).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class FelixConfigurationSpec {
    FelixConfigurationSpec() {
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

    @Value.Default
    public String natOutgoingAddress() {
        return "";
    }
    public abstract Optional<Port> natPortRange();
    public abstract Optional<String> natOutgoingExclusions();
    @Value.Default
    public String iptablesNATOutgoingInterfaceFilter() {
        return "";
    }
    public abstract Optional<Boolean> ipipEnabled();
    public abstract Optional<Integer> ipipMTU();
    public abstract Optional<Boolean> vxlanEnabled();
    public abstract Optional<Integer> vxlanPort();
    public abstract Optional<Integer> vxlanVNI();
    public abstract Optional<Integer> vxlanMTU();
    public abstract Optional<Integer> vxlanMTUV6();
    public abstract Optional<Boolean> bpfEnabled();
    @Value.Default
    public String bpfExternalServiceMode() {
        return "";
    }
    public abstract Optional<String> bpfConnectTimeLoadBalancing();
    public abstract Optional<Boolean> bpfConnectTimeLoadBalancingEnabled();
    public abstract Optional<String> bpfHostNetworkedNATWithoutCTLB();
    public abstract Optional<Boolean> bpfKubeProxyIptablesCleanupEnabled();
    public abstract Optional<Port> bpfPSNATPorts();
    public abstract List<String> bpfDSROptoutCIDRs();
    public abstract Optional<String> iptablesBackend();
    public abstract Optional<String> nftablesMode();
    public abstract List<Port> kubeNodePortRanges();
    public abstract List<String> externalNodesList();
    public abstract Optional<String> serviceLoopPrevention();
    public abstract Optional<String> floatingIPs();
    public abstract Optional<String> ipForwarding();
    public abstract Optional<String> programClusterRoutes();
    @Value.Default
    public String deviceRouteSourceAddress() {
        return "";
    }
    @Value.Default
    public String deviceRouteSourceAddressIPv6() {
        return "";
    }
    @Value.Default
    public String nodeSelector() {
        return "";
    }
    /** Every other FelixConfigurationSpec field, by JSON name, as written. */
    public abstract Map<String, JsonValue> extra();

    /** Builds a {@link FelixConfigurationSpec}. */
    public static class Builder extends ImmutableFelixConfigurationSpec.Builder {
        /** Creates an empty builder, as {@link FelixConfigurationSpec#builder()} does. */
        public Builder() {
        }

    }
}
