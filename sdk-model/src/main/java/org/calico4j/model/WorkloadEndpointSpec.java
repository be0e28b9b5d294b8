package org.calico4j.model;

import java.util.List;
import java.util.Optional;

import org.immutables.value.Value;

/**
 * The spec of a {@link WorkloadEndpoint}: where the workload runs, its interface and addresses.
 *
 * <pre>{@code
 * WorkloadEndpointSpec.builder().orchestrator("k8s").node("n1").pod("web-0").endpoint("eth0").interfaceName("cali1").addIpNetworks("10.244.1.5/32").build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class WorkloadEndpointSpec {
    WorkloadEndpointSpec() {
    }

    /**
     * An empty builder for a {@link WorkloadEndpointSpec}.
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
     * The name of the orchestrator.
     *
     * @return the {@code orchestrator} value
     */
    @Value.Default
    public String orchestrator() {
        return "";
    }

    /**
     * The name of the workload.
     *
     * @return the {@code workload} value
     */
    @Value.Default
    public String workload() {
        return "";
    }

    /**
     * The node name identifying the Calico node instance.
     *
     * @return the {@code node} value
     */
    @Value.Default
    public String node() {
        return "";
    }

    /**
     * The container ID.
     *
     * @return the {@code containerID} value
     */
    @Value.Default
    public String containerID() {
        return "";
    }

    /**
     * The Pod name.
     *
     * @return the {@code pod} value
     */
    @Value.Default
    public String pod() {
        return "";
    }

    /**
     * The Endpoint name.
     *
     * @return the {@code endpoint} value
     */
    @Value.Default
    public String endpoint() {
        return "";
    }

    /**
     * ServiceAccountName, if specified, is the name of the k8s ServiceAccount for this pod.
     *
     * @return the {@code serviceAccountName} value
     */
    @Value.Default
    public String serviceAccountName() {
        return "";
    }

    /**
     * IPNetworks is a list of subnets allocated to this endpoint. IP packets will only be allowed to
     * leave this interface if they come from an address in one of these subnets. Currently only /32 for
     * IPv4 and /128 for IPv6 networks are supported.
     *
     * @return the {@code ipNetworks} values, empty when not set
     */
    public abstract List<String> ipNetworks();

    /**
     * IPNATs is a list of 1:1 NAT mappings to apply to the endpoint. Inbound connections to the external
     * IP will be forwarded to the internal IP. Connections initiated from the internal IP will not have
     * their source address changed, except when an endpoint attempts to connect one of its own external
     * IPs. Each internal IP must be associated with the same endpoint via the configured IPNetworks.
     *
     * @return the {@code ipNATs} values, empty when not set
     */
    public abstract List<IpNat> ipNATs();

    /**
     * IPv4Gateway is the gateway IPv4 address for traffic from the workload.
     *
     * @return the {@code ipv4Gateway} value
     */
    @Value.Default
    public String ipv4Gateway() {
        return "";
    }

    /**
     * IPv6Gateway is the gateway IPv6 address for traffic from the workload.
     *
     * @return the {@code ipv6Gateway} value
     */
    @Value.Default
    public String ipv6Gateway() {
        return "";
    }

    /**
     * A list of security Profile resources that apply to this endpoint. Each profile is applied in the
     * order that they appear in this list. Profile rules are applied after the selector-based security
     * policy.
     *
     * @return the {@code profiles} values, empty when not set
     */
    public abstract List<String> profiles();

    /**
     * InterfaceName the name of the Linux interface on the host: for example, tap80.
     *
     * @return the {@code interfaceName} value
     */
    @Value.Default
    public String interfaceName() {
        return "";
    }

    /**
     * MAC is the MAC address of the endpoint interface.
     *
     * @return the {@code mac} value
     */
    @Value.Default
    public String mac() {
        return "";
    }

    /**
     * Ports contains the endpoint's named ports, which may be referenced in security policy rules.
     *
     * @return the {@code ports} values, empty when not set
     */
    public abstract List<WorkloadEndpointPort> ports();

    /**
     * AllowSpoofedSourcePrefixes is a list of CIDRs that the endpoint should be able to send traffic
     * from, bypassing the RPF check.
     *
     * @return the {@code allowSpoofedSourcePrefixes} values, empty when not set
     */
    public abstract List<String> allowSpoofedSourcePrefixes();

    /**
     * The endpoint's QoS controls (bandwidth, packet rate), carried as is.
     *
     * @return the controls, or empty
     */
    public abstract Optional<JsonValue> qosControls();


    /** Builds a {@link WorkloadEndpointSpec}. */
    public static class Builder extends ImmutableWorkloadEndpointSpec.Builder {
        /** Creates an empty builder, as {@link WorkloadEndpointSpec#builder()} does. */
        public Builder() {
        }

    }
}
