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

    /**
     * An empty builder for a {@link FelixConfigurationSpec}.
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
     * NATOutgoingAddress specifies an address to use when performing source NAT for traffic in a
     * natOutgoing pool that is leaving the network. By default the address used is an address on the
     * interface the traffic is leaving on (i.e. it uses the iptables MASQUERADE target).
     *
     * @return the {@code natOutgoingAddress} value
     */
    @Value.Default
    public String natOutgoingAddress() {
        return "";
    }
    /**
     * NATPortRange specifies the range of ports that is used for port mapping when doing outgoing NAT.
     * When unset the default behavior of the network stack is used.
     *
     * @return the {@code natPortRange} value, or empty when not set
     */
    public abstract Optional<Port> natPortRange();
    /**
     * When a IP pool setting `natOutgoing` is true, packets sent from Calico networked containers in
     * this IP pool to destinations will be masqueraded. Configure which type of destinations is excluded
     * from being masqueraded. - IPPoolsOnly: destinations outside of this IP pool will be masqueraded. -
     * IPPoolsAndHostIPs: destinations outside of this IP pool and all hosts will be masqueraded.
     * [Default: IPPoolsOnly].
     *
     * @return the {@code natOutgoingExclusions} value, or empty when not set
     */
    public abstract Optional<String> natOutgoingExclusions();
    /**
     * This parameter can be used to limit the host interfaces on which Calico will apply SNAT to traffic
     * leaving a Calico IPAM pool with "NAT outgoing" enabled. This can be useful if you have a main data
     * interface, where traffic should be SNATted and a secondary device (such as the docker bridge)
     * which is local to the host and doesn't require SNAT. This parameter uses the iptables interface
     * matching syntax, which allows + as a wildcard. Most users will not need to set this. Example: if
     * your data interfaces are eth0 and eth1 and you want to exclude the docker bridge, you could set
     * this to eth+.
     *
     * @return the {@code iptablesNATOutgoingInterfaceFilter} value
     */
    @Value.Default
    public String iptablesNATOutgoingInterfaceFilter() {
        return "";
    }
    /**
     * IPIPEnabled overrides whether Felix should configure an IPIP interface on the host. Optional as
     * Felix determines this based on the existing IP pools. [Default: nil (unset)].
     *
     * @return the {@code ipipEnabled} value, or empty when not set
     */
    public abstract Optional<Boolean> ipipEnabled();
    /**
     * IPIPMTU controls the MTU to set on the IPIP tunnel device. Optional as Felix auto-detects the MTU
     * based on the MTU of the host's interfaces. [Default: 0 (auto-detect)].
     *
     * @return the {@code ipipMTU} value, or empty when not set
     */
    public abstract Optional<Integer> ipipMTU();
    /**
     * VXLANEnabled overrides whether Felix should create the VXLAN tunnel device for IPv4 VXLAN
     * networking. Optional as Felix determines this based on the existing IP pools. [Default: nil
     * (unset)].
     *
     * @return the {@code vxlanEnabled} value, or empty when not set
     */
    public abstract Optional<Boolean> vxlanEnabled();
    /**
     * VXLANPort is the UDP port number to use for VXLAN traffic. [Default: 4789].
     *
     * @return the {@code vxlanPort} value, or empty when not set
     */
    public abstract Optional<Integer> vxlanPort();
    /**
     * VXLANVNI is the VXLAN VNI to use for VXLAN traffic. You may need to change this if the default
     * value is in use on your system. [Default: 4096].
     *
     * @return the {@code vxlanVNI} value, or empty when not set
     */
    public abstract Optional<Integer> vxlanVNI();
    /**
     * VXLANMTU is the MTU to set on the IPv4 VXLAN tunnel device. Optional as Felix auto-detects the MTU
     * based on the MTU of the host's interfaces. [Default: 0 (auto-detect)].
     *
     * @return the {@code vxlanMTU} value, or empty when not set
     */
    public abstract Optional<Integer> vxlanMTU();
    /**
     * VXLANMTUV6 is the MTU to set on the IPv6 VXLAN tunnel device. Optional as Felix auto-detects the
     * MTU based on the MTU of the host's interfaces. [Default: 0 (auto-detect)].
     *
     * @return the {@code vxlanMTUV6} value, or empty when not set
     */
    public abstract Optional<Integer> vxlanMTUV6();
    /**
     * BPFEnabled, if enabled Felix will use the BPF dataplane. [Default: false].
     *
     * @return the {@code bpfEnabled} value, or empty when not set
     */
    public abstract Optional<Boolean> bpfEnabled();
    /**
     * BPFExternalServiceMode in BPF mode, controls how connections from outside the cluster to services
     * (node ports and cluster IPs) are forwarded to remote workloads. If set to "Tunnel" then both
     * request and response traffic is tunneled to the remote node. If set to "DSR", the request traffic
     * is tunneled but the response traffic is sent directly from the remote node. In "DSR" mode, the
     * remote node appears to use the IP of the ingress node; this requires a permissive L2 network.
     * [Default: Tunnel].
     *
     * @return the {@code bpfExternalServiceMode} value
     */
    @Value.Default
    public String bpfExternalServiceMode() {
        return "";
    }
    /**
     * BPFConnectTimeLoadBalancing when in BPF mode, controls whether Felix installs the connect-time
     * load balancer. The connect-time load balancer is required for the host to be able to reach
     * Kubernetes services and it improves the performance of pod-to-service connections.When set to TCP,
     * connect time load balancing is available only for services with TCP ports. [Default: TCP].
     *
     * @return the {@code bpfConnectTimeLoadBalancing} value, or empty when not set
     */
    public abstract Optional<String> bpfConnectTimeLoadBalancing();
    /**
     * BPFConnectTimeLoadBalancingEnabled when in BPF mode, controls whether Felix installs the
     * connection-time load balancer. The connect-time load balancer is required for the host to be able
     * to reach Kubernetes services and it improves the performance of pod-to-service connections. The
     * only reason to disable it is for debugging purposes. Deprecated: Use BPFConnectTimeLoadBalancing
     * [Default: true].
     *
     * @return the {@code bpfConnectTimeLoadBalancingEnabled} value, or empty when not set
     */
    public abstract Optional<Boolean> bpfConnectTimeLoadBalancingEnabled();
    /**
     * BPFHostNetworkedNATWithoutCTLB when in BPF mode, controls whether Felix does a NAT without CTLB.
     * This along with BPFConnectTimeLoadBalancing determines the CTLB behavior. [Default: Enabled].
     *
     * @return the {@code bpfHostNetworkedNATWithoutCTLB} value, or empty when not set
     */
    public abstract Optional<String> bpfHostNetworkedNATWithoutCTLB();
    /**
     * BPFKubeProxyIptablesCleanupEnabled, if enabled in BPF mode, Felix will proactively clean up the
     * upstream Kubernetes kube-proxy's iptables chains. Should only be enabled if kube-proxy is not
     * running. [Default: true].
     *
     * @return the {@code bpfKubeProxyIptablesCleanupEnabled} value, or empty when not set
     */
    public abstract Optional<Boolean> bpfKubeProxyIptablesCleanupEnabled();
    /**
     * BPFPSNATPorts sets the range from which we randomly pick a port if there is a source port
     * collision. This should be within the ephemeral range as defined by RFC 6056 (1024–65535) and
     * preferably outside the ephemeral ranges used by common operating systems. Linux uses 32768–60999,
     * while others mostly use the IANA defined range 49152–65535. It is not necessarily a problem if
     * this range overlaps with the operating systems. Both ends of the range are inclusive. [Default:
     * 20000:29999].
     *
     * @return the {@code bpfPSNATPorts} value, or empty when not set
     */
    public abstract Optional<Port> bpfPSNATPorts();
    /**
     * BPFDSROptoutCIDRs is a list of CIDRs which are excluded from DSR. That is, clients in those CIDRs
     * will access service node ports as if BPFExternalServiceMode was set to Tunnel.
     *
     * @return the {@code bpfDSROptoutCIDRs} values, empty when not set
     */
    public abstract List<String> bpfDSROptoutCIDRs();
    /**
     * IptablesBackend controls which backend of iptables will be used. The default is `Auto`. Warning:
     * changing this on a running system can leave "orphaned" rules in the "other" backend. These should
     * be cleaned up to avoid confusing interactions.
     *
     * @return the {@code iptablesBackend} value, or empty when not set
     */
    public abstract Optional<String> iptablesBackend();
    /**
     * NFTablesMode configures nftables support in Felix. [Default: Auto].
     *
     * @return the {@code nftablesMode} value, or empty when not set
     */
    public abstract Optional<String> nftablesMode();
    /**
     * KubeNodePortRanges holds list of port ranges used for service node ports. Only used if felix
     * detects kube-proxy running in ipvs mode. Felix uses these ranges to separate host and workload
     * traffic. [Default: 30000:32767].
     *
     * @return the {@code kubeNodePortRanges} values, empty when not set
     */
    public abstract List<Port> kubeNodePortRanges();
    /**
     * ExternalNodesCIDRList is a list of CIDR's of external, non-Calico nodes from which VXLAN/IPIP
     * overlay traffic will be allowed. By default, external tunneled traffic is blocked to reduce attack
     * surface.
     *
     * @return the {@code externalNodesList} values, empty when not set
     */
    public abstract List<String> externalNodesList();
    /**
     * When service IP advertisement is enabled, prevent routing loops to service IPs that are not in
     * use, by dropping or rejecting packets that do not get DNAT'd by kube-proxy. Unless set to
     * "Disabled", in which case such routing loops continue to be allowed. [Default: Drop].
     *
     * @return the {@code serviceLoopPrevention} value, or empty when not set
     */
    public abstract Optional<String> serviceLoopPrevention();
    /**
     * FloatingIPs configures whether or not Felix will program non-OpenStack floating IP addresses.
     * (OpenStack-derived floating IPs are always programmed, regardless of this setting.).
     *
     * @return the {@code floatingIPs} value, or empty when not set
     */
    public abstract Optional<String> floatingIPs();
    /**
     * IPForwarding controls whether Felix sets the host sysctls to enable IP forwarding. IP forwarding
     * is required when using Calico for workload networking. This should be disabled only on hosts where
     * Calico is used solely for host protection. In BPF mode, due to a kernel interaction, either
     * IPForwarding must be enabled or BPFEnforceRPF must be disabled. [Default: Enabled].
     *
     * @return the {@code ipForwarding} value, or empty when not set
     */
    public abstract Optional<String> ipForwarding();
    /**
     * ProgramClusterRoutes controls how a cluster node gets a route to a workload on another node, when
     * that workload's IP comes from an IP Pool with vxlanMode: Never. When ProgramClusterRoutes is
     * Disabled, it is expected that confd and BIRD will program that route. When ProgramClusterRoutes is
     * Enabled, Felix program that route. Felix always programs such routes for IP Pools with vxlanMode:
     * Always or vxlanMode: CrossSubnet. [Default: Disabled].
     *
     * @return the {@code programClusterRoutes} value, or empty when not set
     */
    public abstract Optional<String> programClusterRoutes();
    /**
     * DeviceRouteSourceAddress IPv4 address to set as the source hint for routes programmed by Felix.
     * When not set the source address for local traffic from host to workload will be determined by the
     * kernel.
     *
     * @return the {@code deviceRouteSourceAddress} value
     */
    @Value.Default
    public String deviceRouteSourceAddress() {
        return "";
    }
    /**
     * DeviceRouteSourceAddressIPv6 IPv6 address to set as the source hint for routes programmed by
     * Felix. When not set the source address for local traffic from host to workload will be determined
     * by the kernel.
     *
     * @return the {@code deviceRouteSourceAddressIPv6} value
     */
    @Value.Default
    public String deviceRouteSourceAddressIPv6() {
        return "";
    }
    /**
     * NodeSelector is an optional label selector that restricts this FelixConfiguration to apply only to
     * nodes that match the given selector. This field is only valid on FelixConfiguration resources
     * whose name is not "default" and does not start with "node.". For resources named "default", the
     * configuration applies globally to all nodes. For resources named "node.&lt;nodename&gt;", the
     * configuration applies to the named node only. At most one selector-scoped FelixConfiguration
     * should match any given node. If multiple selector-scoped resources match, the oldest (by creation
     * timestamp) is used and a warning is logged. This prevents an accidentally created conflicting
     * resource from disrupting an existing, working configuration.
     *
     * @return the {@code nodeSelector} value
     */
    @Value.Default
    public String nodeSelector() {
        return "";
    }
    /**
     * Every other FelixConfigurationSpec field, by JSON name, as written.
     *
     * @return the {@code extra} values, empty when not set
     */
    public abstract Map<String, JsonValue> extra();

    /** Builds a {@link FelixConfigurationSpec}. */
    public static class Builder extends ImmutableFelixConfigurationSpec.Builder {
        /** Creates an empty builder, as {@link FelixConfigurationSpec#builder()} does. */
        public Builder() {
        }

    }
}
