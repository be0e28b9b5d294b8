package org.calico4j.model;

import java.util.List;

import org.immutables.value.Value;

/**
 * The spec of a {@link HostEndpoint}: a host interface (or its expected addresses) Calico polices.
 *
 * <pre>{@code
 * HostEndpointSpec.builder().node("n1").interfaceName("eth0").addExpectedIPs("10.0.0.11").build();
 * }</pre>
 */
@Value.Immutable
@CalicoStyle
public abstract class HostEndpointSpec {
    HostEndpointSpec() {
    }

    /**
     * An empty builder for a {@link HostEndpointSpec}.
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
     * The node name identifying the Calico node instance.
     *
     * @return the {@code node} value
     */
    @Value.Default
    public String node() {
        return "";
    }

    /**
     * Either "*", or the name of a specific Linux interface to apply policy to; or empty. "*" indicates
     * that this HostEndpoint governs all traffic to, from or through the default network namespace of
     * the host named by the "Node" field; entering and leaving that namespace via any interface,
     * including those from/to non-host-networked local workloads. If InterfaceName is not "*", this
     * HostEndpoint only governs traffic that enters or leaves the host through the specific interface
     * named by InterfaceName, or - when InterfaceName is empty - through the specific interface that has
     * one of the IPs in ExpectedIPs. Therefore, when InterfaceName is empty, at least one expected IP
     * must be specified. Only external interfaces (such as "eth0") are supported here; it isn't possible
     * for a HostEndpoint to protect traffic through a specific local workload interface. Note: Only some
     * kinds of policy are implemented for "*" HostEndpoints; initially just pre-DNAT policy. Please
     * check Calico documentation for the latest position.
     *
     * @return the {@code interfaceName} value
     */
    @Value.Default
    public String interfaceName() {
        return "";
    }

    /**
     * The expected IP addresses (IPv4 and IPv6) of the endpoint. If "InterfaceName" is not present,
     * Calico will look for an interface matching any of the IPs in the list and apply policy to that.
     * Note: When using the selector match criteria in an ingress or egress security Policy or Profile,
     * Calico converts the selector into a set of IP addresses. For host endpoints, the ExpectedIPs field
     * is used for that purpose. (If only the interface name is specified, Calico does not learn the IPs
     * of the interface for use in match criteria.).
     *
     * @return the {@code expectedIPs} values, empty when not set
     */
    public abstract List<String> expectedIPs();

    /**
     * A list of identifiers of security Profile objects that apply to this endpoint. Each profile is
     * applied in the order that they appear in this list. Profile rules are applied after the
     * selector-based security policy.
     *
     * @return the {@code profiles} values, empty when not set
     */
    public abstract List<String> profiles();

    /**
     * Ports contains the endpoint's named ports, which may be referenced in security policy rules.
     *
     * @return the {@code ports} values, empty when not set
     */
    public abstract List<EndpointPort> ports();


    /** Builds a {@link HostEndpointSpec}. */
    public static class Builder extends ImmutableHostEndpointSpec.Builder {
        /** Creates an empty builder, as {@link HostEndpointSpec#builder()} does. */
        public Builder() {
        }

    }
}
