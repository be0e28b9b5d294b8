package org.calico4j.model;

import java.util.List;
import java.util.Optional;

import org.calico4j.model.net.AsNumber;
import org.immutables.value.Value;

/**
 * The spec of a {@link BgpConfiguration}, field for field as Calico's {@code BGPConfigurationSpec}.
 *
 * <pre>{@code
 * BgpConfigurationSpec s = BgpConfigurationSpec.builder().nodeToNodeMeshEnabled(false)
 *     .asNumber(AsNumber.of(63400)).build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class BgpConfigurationSpec {
    BgpConfigurationSpec() {
    }

    /**
     * An empty builder for a {@link BgpConfigurationSpec}.
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
     * LogSeverityScreen is the log severity above which logs are sent to the stdout. [Default: Info].
     *
     * @return the {@code logSeverityScreen} value
     */
    @Value.Default
    public String logSeverityScreen() {
        return "";
    }
    /**
     * NodeToNodeMeshEnabled sets whether full node to node BGP mesh is enabled. [Default: true].
     *
     * @return the {@code nodeToNodeMeshEnabled} value, or empty when not set
     */
    public abstract Optional<Boolean> nodeToNodeMeshEnabled();
    /**
     * ASNumber is the default AS number used by a node. [Default: 64512].
     *
     * @return the {@code asNumber} value, or empty when not set
     */
    public abstract Optional<AsNumber> asNumber();
    /**
     * ServiceLoadBalancerIPs are the CIDR blocks for Kubernetes Service LoadBalancer IPs. Kubernetes
     * Service status.LoadBalancer.Ingress IPs will only be advertised if they are within one of these
     * blocks.
     *
     * @return the {@code serviceLoadBalancerIPs} values, empty when not set
     */
    public abstract List<ServiceIpBlock> serviceLoadBalancerIPs();
    /**
     * ServiceExternalIPs are the CIDR blocks for Kubernetes Service External IPs. Kubernetes Service
     * ExternalIPs will only be advertised if they are within one of these blocks.
     *
     * @return the {@code serviceExternalIPs} values, empty when not set
     */
    public abstract List<ServiceIpBlock> serviceExternalIPs();
    /**
     * ServiceClusterIPs are the CIDR blocks from which service cluster IPs are allocated. If specified,
     * Calico will advertise these blocks, as well as any cluster IPs within them.
     *
     * @return the {@code serviceClusterIPs} values, empty when not set
     */
    public abstract List<ServiceIpBlock> serviceClusterIPs();
    /**
     * Communities is a list of BGP community values and their arbitrary names for tagging routes.
     *
     * @return the {@code communities} values, empty when not set
     */
    public abstract List<Community> communities();
    /**
     * PrefixAdvertisements contains per-prefix advertisement configuration.
     *
     * @return the {@code prefixAdvertisements} values, empty when not set
     */
    public abstract List<PrefixAdvertisement> prefixAdvertisements();
    /**
     * 0 = not set (BIRD listens on 179).
     *
     * @return the {@code listenPort} value
     */
    @Value.Default
    public int listenPort() {
        return 0;
    }
    /**
     * Optional BGP password for full node-to-mesh peerings. This field can only be set on the default
     * BGPConfiguration instance and requires that NodeMesh is enabled.
     *
     * @return the {@code nodeMeshPassword} value, or empty when not set
     */
    public abstract Optional<BgpPassword> nodeMeshPassword();
    /**
     * Time to allow for software restart for node-to-mesh peerings. When specified, this is configured
     * as the graceful restart timeout. When not specified, the BIRD default of 120s is used. This field
     * can only be set on the default BGPConfiguration instance and requires that NodeMesh is enabled.
     *
     * @return the {@code nodeMeshMaxRestartTime} value, or empty when not set
     */
    public abstract Optional<GoDuration> nodeMeshMaxRestartTime();
    /**
     * BindMode indicates whether to listen for BGP connections on all addresses (None) or only on the
     * node's canonical IP address Node.Spec.BGP.IPvXAddress (NodeIP). Default behaviour is to listen for
     * BGP connections on all addresses.
     *
     * @return the {@code bindMode} value, or empty when not set
     */
    public abstract Optional<String> bindMode();
    /**
     * IgnoredInterfaces indicates the network interfaces that needs to be excluded when reading device
     * routes.
     *
     * @return the {@code ignoredInterfaces} values, empty when not set
     */
    public abstract List<String> ignoredInterfaces();
    /**
     * The virtual IPv4 address of the node with which its local workload is expected to peer. It is
     * recommended to use a link-local address.
     *
     * @return the {@code localWorkloadPeeringIPV4} value
     */
    @Value.Default
    public String localWorkloadPeeringIPV4() {
        return "";
    }
    /**
     * The virtual IPv6 address of the node with which its local workload is expected to peer. It is
     * recommended to use a link-local address.
     *
     * @return the {@code localWorkloadPeeringIPV6} value
     */
    @Value.Default
    public String localWorkloadPeeringIPV6() {
        return "";
    }
    /**
     * ServiceLoadBalancerAggregation controls how LoadBalancer service IPs are advertised. When set to
     * "Disabled", individual /32 routes are advertised for each service instead of the full CIDR range.
     * This is useful for anycast failover mechanisms where failed service routes need to be withdrawn.
     * [Default: Enabled].
     *
     * @return the {@code serviceLoadBalancerAggregation} value, or empty when not set
     */
    public abstract Optional<String> serviceLoadBalancerAggregation();
    /**
     * ProgramClusterRoutes controls how a cluster node gets a route to a workload on another node, when
     * that workload's IP comes from an IP Pool with vxlanMode: Never. When ProgramClusterRoutes is
     * Enabled, confd and BIRD program that route. When ProgramClusterRoutes is Disabled, it is expected
     * that Felix will program that route. Felix always programs such routes for IP Pools with vxlanMode:
     * Always or vxlanMode: CrossSubnet. [Default: Enabled].
     *
     * @return the {@code programClusterRoutes} value, or empty when not set
     */
    public abstract Optional<String> programClusterRoutes();
    /**
     * IPv4NormalRoutePriority is the normal route priority (metric) that Felix uses for IPv4 workload
     * routes. This must match the value configured in FelixConfiguration. BIRD uses this to identify
     * elevated-priority routes during live migration and to override local workload routes with
     * higher-priority BGP-learned routes. [Default: 1024].
     *
     * @return the {@code ipv4NormalRoutePriority} value, or empty when not set
     */
    public abstract Optional<Integer> ipv4NormalRoutePriority();
    /**
     * IPv6NormalRoutePriority is the normal route priority (metric) that Felix uses for IPv6 workload
     * routes. This must match the value configured in FelixConfiguration. BIRD uses this to identify
     * elevated-priority routes during live migration and to override local workload routes with
     * higher-priority BGP-learned routes. [Default: 1024].
     *
     * @return the {@code ipv6NormalRoutePriority} value, or empty when not set
     */
    public abstract Optional<Integer> ipv6NormalRoutePriority();

    /** Builds a {@link BgpConfigurationSpec}. */
    public static class Builder extends ImmutableBgpConfigurationSpec.Builder {
        /** Creates an empty builder, as {@link BgpConfigurationSpec#builder()} does. */
        public Builder() {
        }

    }
}
